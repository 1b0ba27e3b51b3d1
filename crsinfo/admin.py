from django.contrib import admin

from .models import (
    Article,
    Clinic,
    GlossaryTerm,
    PreventionStep,
    Reference,
    RiskGroup,
    SearchSynonym,
    Section,
    SiteSettings,
    Symptom,
    SymptomGroup,
)


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["order", "heading", "kind", "body"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "kind", "order", "is_published", "last_reviewed", "next_review_due"]
    list_filter = ["is_published", "kind"]
    search_fields = ["title", "nav_title", "summary", "intro", "sections__heading", "sections__body"]
    prepopulated_fields = {"slug": ["nav_title"]}
    autocomplete_fields = ["references"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ["title", "nav_title", "slug", "summary", "kind", "order", "is_published"]}),
        ("Text", {"fields": ["intro"]}),
        ("Review", {"fields": ["last_reviewed", "next_review_due", "references"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, _may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


class SymptomInline(admin.TabularInline):
    model = Symptom
    extra = 0
    fields = ["order", "name", "medical_term", "urgency", "description", "slug", "reference"]
    autocomplete_fields = ["reference"]


@admin.register(SymptomGroup)
class SymptomGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "symptom_count"]
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
class SymptomAdmin(admin.ModelAdmin):
    list_display = ["name", "medical_term", "group", "urgency", "order"]
    list_filter = ["urgency", "group"]
    list_editable = ["urgency"]
    search_fields = ["name", "medical_term", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["reference"]


@admin.register(RiskGroup)
class RiskGroupAdmin(admin.ModelAdmin):
    list_display = ["text", "order"]
    search_fields = ["text"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["reference"]


@admin.register(PreventionStep)
class PreventionStepAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["text"]
    prepopulated_fields = {"slug": ["text"]}
    autocomplete_fields = ["reference"]


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "publisher", "date"]
    search_fields = ["key", "title", "publisher", "url"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "site_name", "emergency_number"]
    search_fields = ["site_name"]
    fieldsets = [
        (None, {"fields": ["site_name", "tagline"]}),
        ("Getting help", {"fields": ["emergency_number", "care_team_wording", "immunotherapy_window_days"]}),
        ("On every health page", {"fields": ["audience", "disclaimer"]}),
    ]

    def has_add_permission(self, request):
        # There is one row of settings: add it only if it is missing.
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "phone_daytime", "phone_out_of_hours", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "address_line"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["updated_at"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "synonyms", "category"]
    list_filter = ["category"]
    search_fields = ["term", "synonyms", "definition"]
    prepopulated_fields = {"slug": ["term"]}


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["phrase", "means"]
    search_fields = ["phrase", "means"]
