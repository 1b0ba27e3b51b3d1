import datetime

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

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
from .text.markdown import render_markdown
from .text.readability import READING_GRADE_TARGET
from .translation import FIELDS


class SectionInline(TranslationStackedInline):
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
        return "Not translated: Spanish readers see this in English."
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


class TranslatedAdmin(TranslationAdmin):
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
class ArticleAdmin(TranslatedAdmin, EditorialAdmin):
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


class SymptomInline(TranslationTabularInline):
    model = Symptom
    extra = 0
    fields = ["order", "name", "medical_term", "urgency", "on_checklist", "description", "slug", "reference"]
    autocomplete_fields = ["reference"]


@admin.register(SymptomGroup)
class SymptomGroupAdmin(TranslatedAdmin, EditorialAdmin):
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
class SymptomAdmin(TranslatedAdmin, EditorialAdmin):
    list_display = ["name", "medical_term", "group", "urgency", "on_checklist", "order", "spanish"]
    list_filter = ["urgency", "on_checklist", "group"]
    list_editable = ["urgency"]
    search_fields = ["name", "medical_term", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["reference"]


@admin.register(RiskGroup)
class RiskGroupAdmin(TranslatedAdmin, EditorialAdmin):
    list_display = ["text", "order", "spanish"]
    search_fields = ["text"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["reference"]


@admin.register(PreventionStep)
class PreventionStepAdmin(TranslatedAdmin, EditorialAdmin):
    list_display = ["text", "kind", "order", "spanish"]
    list_filter = ["kind"]
    search_fields = ["text"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["reference"]


@admin.register(Reference)
class ReferenceAdmin(EditorialAdmin):
    list_display = ["title", "key", "publisher", "date"]
    search_fields = ["key", "title", "publisher", "url"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(TranslatedAdmin, EditorialAdmin):
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
class ClinicAdmin(TranslatedAdmin, EditorialAdmin):
    list_display = ["name", "slug", "phone_daytime", "phone_out_of_hours", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "address_line"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["updated_at"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TranslatedAdmin, EditorialAdmin):
    list_display = ["term", "synonyms", "category", "spanish"]
    list_filter = ["category"]
    search_fields = ["term", "synonyms", "definition"]
    prepopulated_fields = {"slug": ["term"]}


@admin.register(SearchSynonym)
class SearchSynonymAdmin(EditorialAdmin):
    list_display = ["phrase", "means", "language"]
    list_filter = ["language"]
    search_fields = ["phrase", "means"]


@admin.register(Product)
class ProductAdmin(TranslatedAdmin, EditorialAdmin):
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
