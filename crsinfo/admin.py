import dataclasses
import datetime
from contextlib import nullcontext

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.forms.models import _get_foreign_key
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from reversion import set_comment
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

from . import i18n
from .editorial.forms import (
    ArticleForm,
    EditorialAdmin,
    SectionForm,
    reading_grade,
    with_edit_token,
)
from .models import (
    Article,
    Clinic,
    GlossaryTerm,
    PreventionStep,
    Product,
    Reference,
    RiskGroup,
    SearchSynonym,
    Section,
    SiteSettings,
    Symptom,
    SymptomGroup,
)
from .publishing import diffs
from .publishing.current import current_site
from .publishing.kinds import kind_and_key
from .publishing.snapshot import draft_snapshot
from .staff.sessions import take_kept_form
from .text.markdown import markdown_warnings, render_markdown
from .text.readability import READING_GRADE_TARGET
from .translation import FIELDS


class _KeepNothing(Exception):
    """Raised to roll back the restore when the form is only being shown."""

    def __init__(self, response):
        self.response = response


class OneItemUndo:
    """History's "revert" and "Recover deleted …" for one item: they restore that item and its
    own inline rows (an article's sections, a group's symptoms) as they were in the chosen
    version, and nothing else.

    django-reversion restores the whole revision the version was saved in; the content files'
    revision holds every item of the site, so one glossary term's revert would also put back
    every urgency and page as the files had them. The editor is told exactly what changed, and
    that it is in the draft."""

    def _version_of_this_model(self, version_id, **lookup) -> Version:
        version = get_object_or_404(Version, pk=version_id, **lookup)
        if version.content_type_id != ContentType.objects.get_for_model(self.model).pk:
            raise Http404("That version is of another kind of item.")
        return version

    def revision_view(self, request, object_id, version_id, extra_context=None):
        from django.contrib.admin.utils import unquote

        version = self._version_of_this_model(version_id, object_id=unquote(object_id))
        context = {"title": gettext("Restore “%(name)s”") % {"name": version.object_repr}, "revert": True}
        return self._reversion_revisionform_view(
            request,
            version,
            self.revision_form_template or self._reversion_get_template_list("revision_form.html"),
            {**context, **(extra_context or {})},
        )

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = self._version_of_this_model(version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            messages.error(request, gettext("“%(name)s” is not deleted: open it to change it.") % {"name": version})
            return redirect(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {"title": gettext("Recover “%(name)s”") % {"name": version.object_repr}, "recover": True}
        return self._reversion_revisionform_view(
            request,
            version,
            self.recover_form_template or self._reversion_get_template_list("recover_form.html"),
            {**context, **(extra_context or {})},
        )

    def _children(self):
        """(inline model, its foreign key to this model) for each inline of the form."""
        return [(i.model, _get_foreign_key(self.model, i.model, fk_name=i.fk_name)) for i in self.inlines]

    def _restore_one(self, version: Version) -> None:
        """Put back the item of ``version`` and its own inline rows as they were in it; nothing else."""
        version.revert()
        for model, fk in self._children():
            content_type = ContentType.objects.get_for_model(model)
            kept = []
            for child in version.revision.version_set.filter(content_type=content_type, db=version.db):
                if str(child.field_dict.get(fk.attname)) == str(version.object_id):
                    child.revert()
                    kept.append(child.object_id)
            model._default_manager.using(version.db).filter(**{fk.name: version.object_id}).exclude(
                pk__in=kept
            ).delete()

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        if not connections[version.db].features.uses_savepoints:
            raise ImproperlyConfigured("Restoring a version needs a database with savepoints.")
        before = self._rows(version.object_id)
        # Showing the form changes nothing for good: no signal handler may act on the restore.
        muted = mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
        request._one_item_undo = True  # message_user: the message below replaces "changed successfully"
        try:
            with transaction.atomic(using=version.db), muted if request.method == "GET" else nullcontext():
                self._restore_one(version)
                with self.create_revision(request):
                    response = self.changeform_view(request, quote(version.object_id), request.path, extra_context)
                    if request.method == "POST" and response.status_code == 302:
                        set_comment(
                            gettext("Restored the version saved on %(date)s")
                            % {"date": localize(template_localtime(version.revision.date_created))}
                        )
                    elif response.status_code == 200:
                        response.template_name = template_name
                        response.render()  # with the restored values, before they are rolled back
                        raise _KeepNothing(response)
                    else:
                        raise RevertError(gettext("Could not load this version of “%(name)s”.") % {"name": version})
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            return redirect(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist")
        except _KeepNothing as shown:
            return shown.response
        finally:
            request._one_item_undo = False
        messages.success(request, self._what_changed(version, before, self._rows(version.object_id)))
        return response

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "_one_item_undo", False) and level == messages.SUCCESS:
            return None
        return super().message_user(request, message, level, *args, **kwargs)

    # --- what changed -------------------------------------------------------------------

    def _rows(self, object_id) -> dict:
        """The item and its inline rows as the database has them: {(model, pk): {field label: value}}."""
        rows = {}
        obj = self.model._default_manager.filter(pk=object_id).first()
        if obj is None:
            return rows
        rows[(self.model, obj.pk)] = _values(obj)
        for model, fk in self._children():
            for child in model._default_manager.filter(**{fk.name: obj.pk}):
                rows[(model, child.pk)] = _values(child)
        return rows

    def _what_changed(self, version, before: dict, after: dict) -> str:
        name = version.object_repr
        when = localize(template_localtime(version.revision.date_created))
        parts = []
        own = (self.model, self.model._meta.pk.to_python(version.object_id))
        if own not in before:
            parts.append(gettext("“%(name)s” is back.") % {"name": name})
        elif before[own] != after.get(own):
            parts.append(gettext("Changed: %(fields)s.") % {"fields": _changed_fields(before[own], after.get(own, {}))})
        for key in after:
            if key == own:
                continue
            label = f"{key[0]._meta.verbose_name} “{after[key]['__str__']}”"
            if key not in before:
                parts.append(gettext("Put back %(item)s.") % {"item": label})
            elif before[key] != after[key]:
                fields = _changed_fields(before[key], after[key])
                parts.append(gettext("Changed %(item)s: %(fields)s.") % {"item": label, "fields": fields})
        for key in before:
            if key != own and key not in after:
                label = f"{key[0]._meta.verbose_name} “{before[key]['__str__']}”"
                parts.append(gettext("Removed %(item)s.") % {"item": label})
        if not parts:
            return gettext(
                "“%(name)s” was already the same as its version of %(when)s: nothing changed. Nothing else in the "
                "draft was touched."
            ) % {"name": name, "when": when}
        return " ".join(
            [
                gettext("Restored “%(name)s” to its version of %(when)s.") % {"name": name, "when": when},
                *parts,
                gettext(
                    "Nothing else in the draft was changed. This is in the draft: readers see it after a clinical "
                    "reviewer publishes it."
                ),
            ]
        )


def _values(obj) -> dict:
    """An item's fields as an editor knows them (labels), for saying what a restore changed."""
    translated = set(FIELDS.get(type(obj), ()))
    values = {"__str__": str(obj)}
    for field in obj._meta.concrete_fields:
        if field.name in translated or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue  # the Spanish and English columns are compared, not the current language's copy
        if field.primary_key or field.name in ("translated_from", "source_hash"):
            continue
        values[str(field.verbose_name)] = field.value_from_object(obj)
    for field in obj._meta.many_to_many:
        values[str(field.verbose_name)] = sorted(o.pk for o in field.value_from_object(obj))
    return values


def _changed_fields(before: dict, after: dict) -> str:
    return ", ".join(k for k in after if k != "__str__" and before.get(k) != after.get(k)) or gettext("its name")


class _LineEndings:
    """A text field whose value has LF line endings (i18n.one_line_ending), so a browser's CRLF
    is neither saved nor seen as a change (``has_changed`` compares what ``to_python`` gives)."""

    def to_python(self, value):
        value = super().to_python(value)
        return i18n.one_line_ending(value) if isinstance(value, str) else value


_LF_CLASSES: dict = {}


class OneLineEnding:
    """Every text field of the form keeps LF line endings: a textarea's CRLF is not a change,
    so a first save does not count unchanged Spanish as translated (nor the English as edited)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(field, forms.CharField) and not isinstance(field, _LineEndings):
            cls = type(field)
            if cls not in _LF_CLASSES:
                _LF_CLASSES[cls] = type(f"LineEndings{cls.__name__}", (_LineEndings, cls), {})
            field.__class__ = _LF_CLASSES[cls]  # the same field, with to_python making LF
        return field


def draft_differences() -> dict[tuple[str, str], str]:
    """Every item of the draft that differs from what readers see now: (kind, key) -> "added"
    or "changed". One comparison of two snapshots (the live release's and the draft's)."""
    live = current_site(empty_if_none=True).snapshot
    draft = draft_snapshot(live if live.get("articles") else None)
    return {(c.kind, c.key): c.status for c in diffs.item_changes(live, draft) if c.status != "removed"}


class ContentAdmin(OneLineEnding, OneItemUndo, EditorialAdmin):
    """The admin of every kind of content: the editorial safeguards, undo of one item, and the
    state of each item (saved to the draft; differs from what readers see)."""

    def get_list_display(self, request):
        differences = None

        def readers_see(obj):
            nonlocal differences
            if differences is None:  # once per list page, for every row
                differences = draft_differences()
            state = differences.get(kind_and_key(obj))
            if state == "added":
                return gettext("Not yet: new in the draft")
            if state == "changed":
                return gettext("An older version: changed in the draft")
            return gettext("The same")

        readers_see.short_description = gettext("readers see")
        return [*super().get_list_display(request), readers_see]

    def _changeform_view(self, request, object_id, form_url, extra_context):
        """After signing in again: the form the person sent when their session had ended comes
        back filled in (staff.sessions.take_kept_form), to check and save; nothing is saved
        until they press Save."""
        kept = take_kept_form(request) if request.method == "GET" else None
        if kept is None:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        request.method, request.POST, request._kept_form = "POST", kept, True
        try:
            return super()._changeform_view(request, object_id, form_url, extra_context)
        finally:
            request.method, request._kept_form = "GET", False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not getattr(request, "_kept_form", False):
            return form_class

        def clean(form):
            cleaned = form_class.clean(form)
            form.add_error(
                None,
                gettext(
                    "These are the changes you made before you were signed out; they are not saved yet. "
                    "Check them, then press Save."
                ),
            )
            return cleaned

        return type(form_class.__name__, (form_class,), {"clean": clean})

    def get_changelist_form(self, request, **kwargs):
        """A list save changes (and records, with its author) only the rows the editor changed:
        a row whose value someone else changed since the list was opened, and which the editor
        left as shown, is not saved again (nor counted, nor put in History under their name)."""
        form_class = super().get_changelist_form(request, **kwargs)
        editable = list(self.list_editable)

        class OnlyWhatTheEditorChanged(form_class):
            @property
            def changed_data(self):
                def untouched(name):
                    seen = self.data.get(self.add_prefix(f"{name}-seen"))
                    return seen is not None and self.data.get(self.add_prefix(name)) == seen

                return [n for n in super().changed_data if not (n in editable and untouched(n))]

        return OnlyWhatTheEditorChanged

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for problem in self.markdown_warnings(form.instance):
            messages.warning(request, problem)

    def markdown_warnings(self, obj) -> list[str]:
        """Warnings (not errors) about the item's Markdown: see text.markdown.markdown_warnings."""
        return []

    # Form-only fields (not the item's): never named as "changed" in History.
    FORM_ONLY = ("edit_token", "spanish_checked", "confirm_withdrawal")

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        hidden = {str(form.fields[n].label or n) for n in self.FORM_ONLY if n in form.fields} | set(self.FORM_ONLY)
        kept = []
        for entry in message:
            changed = entry.get("changed")
            if changed and "fields" in changed and "object" not in changed:
                fields = [f for f in changed["fields"] if f not in hidden]
                if not fields:
                    continue
                entry = {"changed": {**changed, "fields": fields}}
            kept.append(entry)
        return kept

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and "successfully" in str(message).lower():
            if "deleted" in str(message):
                note = gettext("Deleted in the draft — readers see it after review.")
            else:
                note = gettext("Saved to the draft — readers see it after review.")
            message = format_html("{} {}", message, note)
        return super().message_user(request, message, level, *args, **kwargs)


class SectionInline(OneLineEnding, TranslationStackedInline):
    model = Section
    form = SectionForm
    extra = 0
    fields = ["order", "heading", "kind", "figure", "body"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name.startswith("body") and field is not None:
            field.help_text = MARKDOWN_HELP
        return field


def spanish_state(obj) -> str:
    """An item's translation, in a few words, for editors."""
    if obj is None or not obj.pk:
        return "Shown after the first save."
    sections = list(obj.sections.all()) if isinstance(obj, Article) else None
    if not i18n.has_translation(obj):
        return gettext("No Spanish yet: Spanish readers see this item in English.")
    if i18n.is_out_of_date(obj):
        return "Out of date: the English changed after the Spanish was written. Check the Spanish."
    missing = i18n.missing(obj, sections)
    if missing:
        return f"Incomplete: no Spanish for {', '.join(missing)}."
    return "Up to date."


class SpanishForm(forms.ModelForm):
    spanish_checked = forms.BooleanField(
        required=False,
        label="The Spanish says the same as the English",
        help_text="Tick after checking the Spanish against changed English: the item stops showing as out of "
        "date. Changing any Spanish field does the same.",
    )


class TranslatedAdmin(OneLineEnding, TranslationAdmin):
    """Spanish next to the English (django-modeltranslation: each field in both languages), with
    whether the translation is up to date. Readers see a translation only once a clinical
    reviewer publishes it, like any change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = type(f"Spanish{self.form.__name__}", (SpanishForm, self.form), {})

    @admin.display(description="Spanish")
    def spanish(self, obj):
        return spanish_state(obj).split(":")[0].rstrip(".")

    @admin.display(description="Spanish translation")
    def spanish_translation(self, obj):
        return spanish_state(obj)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "spanish_translation"]

    def get_fieldsets(self, request, obj=None):
        # modeltranslation's get_fieldsets does not call the next class's: keep the editorial
        # guard's hidden field (crsinfo/editorial/forms.py) in the form.
        return with_edit_token(super().get_fieldsets(request, obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        spanish_fields = [name for name in form.changed_data if name.endswith(f"_{i18n.SPANISH}")]
        for formset in formsets:
            for inline_form in formset.forms:
                changed = [n for n in inline_form.changed_data if n.endswith(f"_{i18n.SPANISH}")]
                if not changed:
                    continue
                child = inline_form.instance
                if type(child) in FIELDS and hasattr(child, "translated_from") and child.pk:
                    child.translated_from = i18n.english_digest(child)
                    child.save(update_fields=["translated_from"])
                elif isinstance(child, Section):
                    spanish_fields += changed
        if (spanish_fields or form.cleaned_data.get("spanish_checked")) and i18n.has_translation(obj):
            obj.translated_from = i18n.english_digest(obj)
            obj.save(update_fields=["translated_from"])
        if not i18n.has_translation(obj):
            messages.warning(
                request,
                gettext(
                    "No Spanish yet for “%(name)s”: Spanish readers see this item in English until its Spanish "
                    "is written and published."
                )
                % {"name": obj},
            )


class ReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Review overdue"), ("due-30", "Due in the next 30 days")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "due-30":
            return queryset.review_due_within(30)
        return queryset


MARKDOWN_HELP = (
    "Markdown: leave a blank line between paragraphs; start a line with “- ” for a bullet list; "
    "**bold**; [link text](/symptoms/) for a link; ### for a small heading. HTML is not allowed."
)


@admin.register(Article)
class ArticleAdmin(TranslatedAdmin, ContentAdmin):
    form = ArticleForm
    save_on_top = True  # long pages: Save at the top too
    list_display = ["title", "slug", "status", "grade", "spanish", "last_reviewed", "next_review_due", "review_state"]
    list_filter = ["is_published", ReviewFilter, "kind", "is_retired"]
    search_fields = ["title", "nav_title", "summary", "intro", "sections__heading", "sections__body"]
    prepopulated_fields = {"slug": ["nav_title"]}
    autocomplete_fields = ["references"]
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ["title", "nav_title", "slug", "summary", "kind", "order"]}),
        (
            "Publishing",
            {
                "fields": ["is_published", "is_retired", "confirm_withdrawal"],
                "description": "Everything you save here is the draft. Readers see it only after a clinical "
                "reviewer publishes the draft (Review and publish, on the admin home page).",
            },
        ),
        ("Text", {"fields": ["intro", "grade_with_target", "preview"]}),
        (
            "Spanish",
            {
                "fields": ["spanish_translation", "spanish_checked"],
                "description": "Each text field above has its Spanish under it ([es]). A page is shown in Spanish "
                "at /es/… only when all its text and sections are translated; until then Spanish readers "
                "see the English page with a notice.",
            },
        ),
        ("Sources", {"fields": ["references"]}),
        (
            "Clinical review",
            {
                "fields": ["last_reviewed", "next_review_due", "reviewed_by"],
                "description": "Set when a clinical reviewer signs off the page while publishing.",
            },
        ),
        ("Record", {"fields": ["old_addresses", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    # Review dates are set only by a reviewer's sign-off when publishing (crsinfo/publishing/publish.py).
    readonly_fields = [
        "created_at",
        "updated_at",
        "grade_with_target",
        "preview",
        "old_addresses",
        "last_reviewed",
        "next_review_due",
        "reviewed_by",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name.startswith("intro") and field is not None:
            field.help_text = f"Opening text under the heading. {MARKDOWN_HELP}"
        return field

    @admin.display(description="in the draft")
    def status(self, obj):
        if obj.is_retired:
            return "Retired (410)"
        return "Shown to readers" if obj.is_published else "Not shown"

    @admin.display(description="reading grade")
    def grade(self, obj):
        grade = reading_grade(obj)
        return f"{grade} ✓" if grade <= READING_GRADE_TARGET else f"{grade} (above {READING_GRADE_TARGET})"

    @admin.display(description="reading grade")
    def grade_with_target(self, obj):
        if not obj.pk:
            return "Shown after the first save."
        grade = reading_grade(obj)
        verdict = "on target" if grade <= READING_GRADE_TARGET else "too hard: use shorter sentences and words"
        return f"{grade} (Flesch-Kincaid US grade; target {READING_GRADE_TARGET} or lower: {verdict})"

    @admin.display(description="review")
    def review_state(self, obj):
        today = timezone.localdate()
        if obj.next_review_due is None:
            return "Never reviewed"
        if obj.next_review_due < today:
            return "Overdue"
        if obj.next_review_due <= today + datetime.timedelta(days=30):
            return "Due in 30 days"
        return "OK"

    @admin.display(description="preview (as saved, after sanitising)")
    def preview(self, obj):
        if not obj.pk:
            return "Shown after the first save."
        sections = format_html_join(
            "", "<h2>{}</h2>{}", ((s.heading, render_markdown(s.body)) for s in obj.sections.all())
        )
        return format_html('<div class="markdown-preview">{}{}</div>', render_markdown(obj.intro), sections)

    @admin.display(description="old addresses (they redirect here)")
    def old_addresses(self, obj):
        slugs = [f"/{o.slug}/" for o in obj.old_slugs.all()] if obj.pk else []
        return ", ".join(slugs) or "None"

    def get_search_results(self, request, queryset, search_term):
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    def markdown_warnings(self, obj) -> list[str]:
        found = []
        parts = [(gettext("the opening text"), lang, getattr(obj, f"intro_{lang}") or "") for lang in ("en", "es")]
        for section in obj.sections.all():
            for lang in ("en", "es"):
                where = gettext("section “%(heading)s”") % {"heading": section.heading_en}
                parts.append((where, lang, getattr(section, f"body_{lang}") or ""))
        for where, lang, text in parts:
            for problem in markdown_warnings(text):
                found.append(f"{where} [{lang}]: {problem}")
        return found

    def compare(self, obj, version1, version2):
        """History's compare, with each section's heading and body (English and Spanish), not
        only the list of section headings."""
        result = super().compare(obj, version1, version2)
        sections = Article._meta.get_field("sections")
        diff = [d for d in result.diff if d["field"] is not sections]
        html = section_changes(obj.pk, version1, version2)
        if html:
            diff.append({"field": sections, "is_related": True, "follow": True, "diff": html})
        return dataclasses.replace(result, diff=diff)


SECTION_COMPARED = ["order", "heading_en", "heading_es", "kind", "figure", "body_en", "body_es"]


def _sections_in(version, article_pk) -> dict:
    content_type = ContentType.objects.get_for_model(Section)
    return {
        v.object_id: v.field_dict
        for v in version.revision.version_set.filter(content_type=content_type)
        if str(v.field_dict.get("article_id")) == str(article_pk)
    }


def _label(name: str) -> str:
    return name.replace("_en", " [en]").replace("_es", " [es]")


def section_changes(article_pk, version1, version2):
    """Each section that differs between two versions of an article, field by field."""
    from reversion_compare.helpers import html_diff

    old, new = _sections_in(version1, article_pk), _sections_in(version2, article_pk)
    blocks = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (new.get(k) or old.get(k))["order"]):
        before, after = old.get(key, {}), new.get(key, {})
        heading = (after or before).get("heading_en") or ""
        if before == after:
            continue
        state = "added" if not before else "removed" if not after else "changed"
        rows = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            (
                (_label(name), html_diff(str(before.get(name) or ""), str(after.get(name) or "")))
                for name in SECTION_COMPARED
                if (before.get(name) or "") != (after.get(name) or "")
            ),
        )
        template = '<h4>Section “{}” ({})</h4><dl class="section-compare">{}</dl>'
        blocks.append(format_html(template, heading, state, rows))
    return format_html_join("", "{}", ((b,) for b in blocks))


class SymptomInline(OneLineEnding, TranslationTabularInline):
    model = Symptom
    extra = 0
    fields = ["order", "name", "medical_term", "urgency", "on_checklist", "description", "slug", "reference"]
    autocomplete_fields = ["reference"]


@admin.register(SymptomGroup)
class SymptomGroupAdmin(TranslatedAdmin, ContentAdmin):
    save_on_top = True
    list_display = ["name", "order", "symptom_count", "spanish"]
    search_fields = ["name", "intro", "symptoms__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SymptomInline]

    @admin.display(description="symptoms")
    def symptom_count(self, obj):
        return obj.symptoms.count()

    def get_search_results(self, request, queryset, search_term):
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


@admin.register(Symptom)
class SymptomAdmin(TranslatedAdmin, ContentAdmin):
    list_display = ["name", "medical_term", "group", "urgency", "on_checklist", "order", "spanish"]
    list_filter = ["urgency", "on_checklist", "group"]
    list_editable = ["urgency"]
    search_fields = ["name", "medical_term", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["reference"]


@admin.register(RiskGroup)
class RiskGroupAdmin(TranslatedAdmin, ContentAdmin):
    list_display = ["text", "order", "spanish"]
    search_fields = ["text"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["reference"]


@admin.register(PreventionStep)
class PreventionStepAdmin(TranslatedAdmin, ContentAdmin):
    list_display = ["text", "kind", "order", "spanish"]
    list_filter = ["kind"]
    search_fields = ["text"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["reference"]


@admin.register(Reference)
class ReferenceAdmin(ContentAdmin):
    list_display = ["title", "key", "publisher", "date"]
    search_fields = ["key", "title", "publisher", "url"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedAdmin, ContentAdmin):
    list_display = ["__str__", "site_name", "emergency_number"]
    search_fields = ["site_name"]
    fieldsets = [
        (None, {"fields": ["site_name", "tagline"]}),
        (
            "Getting help",
            {"fields": ["emergency_number", "care_team_wording", "temperature_unit", "immunotherapy_window_days"]},
        ),
        ("On every health page", {"fields": ["audience", "disclaimer"]}),
        ("Spanish", {"fields": ["spanish_translation", "spanish_checked"]}),
    ]

    def has_add_permission(self, request):
        # There is one row of settings: add it only if it is missing.
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Clinic)
class ClinicAdmin(TranslatedAdmin, ContentAdmin):
    list_display = ["name", "slug", "phone_daytime", "phone_out_of_hours", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "address_line"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["updated_at"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TranslatedAdmin, ContentAdmin):
    list_display = ["term", "synonyms", "category", "spanish"]
    list_filter = ["category"]
    search_fields = ["term", "synonyms", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    # The term first: the form puts the cursor in the first field (the slug is made from the term).
    fields = ["term", "synonyms", "definition", "category", "slug", "spanish_translation", "spanish_checked"]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(ContentAdmin):
    list_display = ["phrase", "means", "language"]
    list_filter = ["language"]
    search_fields = ["phrase", "means"]


@admin.register(Product)
class ProductAdmin(TranslatedAdmin, ContentAdmin):
    """The table of treatments on the first-weeks page (a "Table of treatments" section shows it).
    A draft like every other item: readers see a change only after a clinical reviewer publishes."""

    list_display = ["brand_name", "generic_name", "kind", "label_revision", "checked_on", "order", "spanish"]
    list_filter = ["kind"]
    search_fields = ["brand_name", "generic_name", "slug"]
    prepopulated_fields = {"slug": ["brand_name"]}
    autocomplete_fields = ["reference", "other_references"]
    fieldsets = [
        (None, {"fields": ["brand_name", "generic_name", "slug", "kind", "order"]}),
        (
            "What the label says",
            {
                "fields": ["crs_onset", "nerve_onset", "stay_near", "driving"],
                "description": "Short plain words, only as the label or source says. Leave a box empty when the "
                "source does not say: readers see “Ask your treatment team”. Never guess a value.",
            },
        ),
        ("Sources", {"fields": ["reference", "other_references", "label_revision", "checked_on"]}),
        ("Spanish", {"fields": ["spanish_translation", "spanish_checked"]}),
    ]
