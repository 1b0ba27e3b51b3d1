"""Editorial safeguards shared by the content admins: history, no lost edits, reading grade."""

import hashlib
import re

import textstat
from django import forms
from django.core import serializers
from django.core.exceptions import ValidationError
from django.forms.models import _get_foreign_key
from reversion_compare.admin import CompareVersionAdmin

from .rendering import check_markdown
from .search import plain

READING_GRADE_TARGET = 8


def reading_grade(article) -> float:
    """Flesch-Kincaid grade of what a reader reads on the article (intro and sections)."""
    parts = [article.intro] + [f"{s.heading}. {s.body}" for s in article.sections.all()]
    # List items are separate thoughts: end them as sentences so they are not read as one.
    text = re.sub(r"(?m)^\s*[-*]\s+(.+?)\.?\s*$", r"\1.", "\n".join(parts))
    text = plain(text).strip()
    return round(textstat.flesch_kincaid_grade(text), 1) if text else 0.0


class EditorialForm(forms.ModelForm):
    """Carries a fingerprint of the item as it was when the form was opened."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    editorial_admin = None  # set by EditorialAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["edit_token"].initial = self.editorial_admin.state_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
            if current is not None and cleaned.get("edit_token") != self.editorial_admin.state_token(current):
                raise ValidationError(self.editorial_admin.concurrency_message, code="stale")
        return cleaned


def known_slugs() -> set[str]:
    from .models import Article

    return set(Article.objects.values_list("slug", flat=True))


def markdown_errors(text: str, extra_slugs=()) -> None:
    """Raise a ValidationError naming every Markdown mistake (crsinfo.rendering.check_markdown)."""
    problems = check_markdown(text, known_slugs() | set(extra_slugs))
    if problems:
        raise ValidationError(problems, code="markdown")


class ArticleForm(EditorialForm):
    def clean_intro(self):
        intro = self.cleaned_data.get("intro", "")
        markdown_errors(intro, [self.data.get("slug", "")])
        return intro


class SectionForm(forms.ModelForm):
    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        markdown_errors(body)
        return body


class EditorialAdmin(CompareVersionAdmin):
    """Every save keeps a version (django-reversion: history, compare, restore, recover deleted),
    and a save is refused if someone else changed the item since the form was opened."""

    form = EditorialForm
    concurrency_message = (
        "Someone else changed this item after you opened it. Your changes have not been saved, and "
        "theirs are kept. Copy anything you want to keep, reload the page to see their version, "
        "then make your changes again."
    )

    def state_token(self, obj) -> str:
        """A fingerprint of the item and its inline rows as they are in the database now."""
        objects = [obj]
        for inline in self.inlines:
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            objects += list(inline.model._default_manager.filter(**{fk.name: obj}).order_by("pk"))
        data = serializers.serialize("json", objects)
        return hashlib.sha256(data.encode()).hexdigest()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        return type(form_class.__name__, (form_class,), {"editorial_admin": self})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = {f for _, options in fieldsets for f in options.get("fields", [])}
        if "edit_token" not in names:
            fieldsets = [*fieldsets, (None, {"fields": ["edit_token"], "classes": ["hidden"]})]
        return fieldsets
