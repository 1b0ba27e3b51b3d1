"""Editorial safeguards shared by the content admins: history, no lost edits, reading grade."""

import hashlib

from django import forms
from django.core import serializers
from django.core.exceptions import ValidationError
from django.forms.models import _get_foreign_key
from django.utils.html import format_html
from reversion_compare.admin import CompareVersionAdmin

from ..access import display_name
from ..models import Article
from ..text.markdown import check_markdown
from ..text.readability import text_grade


def reading_grade(article) -> float:
    """Flesch-Kincaid grade of what a reader reads on the article (intro and sections)."""
    parts = [article.intro] + [f"{s.heading}. {s.body}" for s in article.sections.all()]
    return text_grade("\n".join(parts))


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
    return set(Article.objects.values_list("slug", flat=True))


def markdown_problems(text: str, extra_slugs=()) -> list[str]:
    return check_markdown(text, known_slugs() | set(extra_slugs))


def markdown_errors(text: str, extra_slugs=()) -> None:
    """Raise a ValidationError naming every Markdown mistake (crsinfo.text.markdown.check_markdown)."""
    problems = check_markdown(text, known_slugs() | set(extra_slugs))
    if problems:
        raise ValidationError(problems, code="markdown")


class MarkdownTextarea(forms.Textarea):
    """A Markdown field with a live preview under it (htmx): the text rendered as readers will
    see it, its reading grade and any mistakes, as the editor types. Nothing is saved."""

    def get_context(self, name, value, attrs):
        from django.urls import reverse
        from django.utils.http import urlencode

        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-hx-post": f"{reverse('admin:markdown-preview')}?{urlencode({'field': name})}",
                "data-hx-trigger": "input changed delay:600ms",
                "data-hx-target": f"#{context['widget']['attrs'].get('id', name)}-preview",
                "data-hx-swap": "innerHTML",
            }
        )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        slot = f"{(attrs or {}).get('id', name)}-preview"
        return format_html('{}<div class="markdown-live-preview-slot" id="{}" aria-live="polite"></div>', html, slot)


class ArticleForm(EditorialForm):
    confirm_withdrawal = forms.BooleanField(
        required=False,
        label="Confirm taking the page away",
        help_text="Needed when you untick “published” or tick “retired” on a page readers can see: readers will "
        "lose the page once a reviewer publishes the draft.",
    )

    class Meta:
        widgets = {"intro_en": MarkdownTextarea, "intro_es": MarkdownTextarea}

    def clean_intro_en(self):
        intro = self.cleaned_data.get("intro_en") or ""
        markdown_errors(intro, [self.data.get("slug", "")])
        return intro

    def clean_intro_es(self):
        intro = self.cleaned_data.get("intro_es") or ""
        markdown_errors(intro, [self.data.get("slug", "")])
        return intro

    def clean(self):
        cleaned = super().clean()
        saved = type(self.instance)._default_manager.filter(pk=self.instance.pk).first() if self.instance.pk else None
        if saved is not None and saved.is_published and not saved.is_retired:
            withdrawing = ("is_published" in cleaned and not cleaned["is_published"]) or cleaned.get("is_retired")
            if withdrawing and not cleaned.get("confirm_withdrawal"):
                self.add_error(
                    "confirm_withdrawal",
                    "Tick to confirm: readers will no longer see this page once a reviewer publishes the draft.",
                )
        return cleaned


class SectionForm(forms.ModelForm):
    class Meta:
        widgets = {"body_en": MarkdownTextarea, "body_es": MarkdownTextarea}

    def clean_body_en(self):
        body = self.cleaned_data.get("body_en") or ""
        markdown_errors(body)
        return body

    def clean_body_es(self):
        body = self.cleaned_data.get("body_es") or ""
        markdown_errors(body)
        return body


class SeenSelect(forms.Select):
    """A select that also sends back the value it showed, so a save can tell whether someone
    else changed the item since the page was opened."""

    def __init__(self, *args, seen="", **kwargs):
        super().__init__(*args, **kwargs)
        self.seen = seen

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '{}<input type="hidden" name="{}-seen" value="{}">',
            super().render(name, value, attrs, renderer),
            name,
            self.seen or "",
        )


def guarded_list_form(field_name: str):
    """A change-list form in which ``field_name`` cannot silently undo someone else's change.

    If the item changed since the list was opened: a row the editor did not touch keeps the
    newer value; a row the editor changed too is refused with a message, and nothing is lost."""

    class GuardedListForm(forms.ModelForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields[field_name]
            seen = (
                self.data.get(self.add_prefix(f"{field_name}-seen")) if self.is_bound else self.initial.get(field_name)
            )
            field.widget = SeenSelect(choices=field.choices, seen=seen)

        def clean(self):
            cleaned = super().clean()
            if field_name not in cleaned or not self.instance.pk:
                return cleaned
            seen = self.data.get(self.add_prefix(f"{field_name}-seen"))
            current = getattr(self.instance, field_name)  # as the database has it now
            if seen != current:
                if cleaned[field_name] == seen:
                    cleaned[field_name] = current  # untouched here: keep the newer value
                elif cleaned[field_name] != current:
                    self.add_error(
                        field_name,
                        f"Someone else changed this to “{current}” after you opened the list. Yours was not "
                        "saved. Reload the list to see it, then change it again if needed.",
                    )
            return cleaned

    return GuardedListForm


OPEN_FOR = 15 * 60  # seconds a change form counts as open by someone


def _open_key(model, object_id) -> str:
    return f"open:{model._meta.label_lower}:{object_id}"


def with_edit_token(fieldsets):
    """The form's fieldsets with the hidden fingerprint of the item (EditorialForm) in them."""
    names = {f for _, options in fieldsets for f in options.get("fields", [])}
    if "edit_token" not in names:
        fieldsets = [*fieldsets, (None, {"fields": ["edit_token"], "classes": ["hidden"]})]
    return fieldsets


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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Tells the editor when someone else has the same item open (as Wagtail's locking does),
        before any save is refused."""
        if request.method == "GET" and object_id:
            self._note_open(request, object_id)
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and response.status_code == 302:
            self._note_closed(request, object_id)
        return response

    def _note_open(self, request, object_id) -> None:
        import time

        from django.contrib import messages
        from django.core.cache import cache

        key = _open_key(self.model, object_id)
        try:
            opened = {uid: v for uid, v in (cache.get(key) or {}).items() if time.time() - v[1] < OPEN_FOR}
            for uid, (name, when) in opened.items():
                if uid != request.user.pk:
                    minutes = max(1, round((time.time() - when) / 60))
                    messages.warning(
                        request,
                        f"{name} opened this item {minutes} minute{'s' if minutes != 1 else ''} ago and may be "
                        "changing it. Talk to them first: if they save before you, your save will be refused "
                        "(nothing of theirs is lost).",
                    )
            opened[request.user.pk] = (display_name(request.user), time.time())
            cache.set(key, opened, OPEN_FOR)
        except Exception:  # a cache that is down must not stop editing
            return

    def _note_closed(self, request, object_id) -> None:
        from django.core.cache import cache

        key = _open_key(self.model, object_id)
        try:
            opened = cache.get(key) or {}
            opened.pop(request.user.pk, None)
            cache.set(key, opened, OPEN_FOR)
        except Exception:
            return

    def get_changelist_form(self, request, **kwargs):
        guarded = [name for name in self.list_editable if name == "urgency"]
        if guarded:
            kwargs.setdefault("form", guarded_list_form(guarded[0]))
        return super().get_changelist_form(request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        return type(form_class.__name__, (form_class,), {"editorial_admin": self})

    def get_fieldsets(self, request, obj=None):
        return with_edit_token(super().get_fieldsets(request, obj))
