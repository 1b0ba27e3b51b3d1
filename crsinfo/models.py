"""Content models: everything a reader sees is data that editors change in admin."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

# Top-level paths the site uses itself: an article may not take one of them.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "es",  # the Spanish pages: /es/...
        "static",
        "media",
        "styleguide",
        "sitemap-xml",
        "robots-txt",
        "search",
        "glossary",
        "check",
        "checklist",
        "clinics",
        "print",
        "printables",
        "api",
        "healthz",
    }
)


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(value)s” is used by the site itself. Choose another address.",
            params={"value": value},
            code="reserved",
        )


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", "Emergency: call the emergency number now"
    URGENT = "urgent", "Urgent: call the care team now"
    ROUTINE = "routine", "Routine: keep watching, call if it gets worse"


class TemperatureUnit(models.TextChoices):
    FAHRENHEIT = "F", "°F (Fahrenheit)"
    CELSIUS = "C", "°C (Celsius)"


class SiteSettings(models.Model):
    """The one row of site-wide settings (pk 1). Readers see the release's copy of it
    (crsinfo/publishing/site.py), never this row."""

    site_name = models.CharField(
        max_length=80, default="CRS information", help_text="Shown in the header and in every page title."
    )
    tagline = models.CharField(
        max_length=120, blank=True, help_text="A short line under the site name on the home page."
    )
    emergency_number = models.CharField(
        max_length=15,
        default="911",
        validators=[RegexValidator(r"^[0-9]{2,15}$", "Use digits only, for example 911, 999 or 112.")],
        help_text="The number readers call in an emergency where they live, digits only (911, 999, 112 …).",
    )
    care_team_wording = models.CharField(
        max_length=120,
        default="your care team or the doctor who treats you",
        help_text="How pages name the people to call for urgent advice, as in “Call … now”. Start with a small letter.",
    )
    immunotherapy_window_days = models.PositiveSmallIntegerField(
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="How many days after immunotherapy the checklist calls “recent”. It changes the words of the "
        "advice only, never how urgent it is: a fever is a reason to call at any time after treatment.",
    )
    temperature_unit = models.CharField(
        max_length=1,
        choices=TemperatureUnit.choices,
        default=TemperatureUnit.FAHRENHEIT,
        help_text="The unit readers use where they live: °F for a 911 site (US), °C for 999 or 112. "
        "Pages write temperatures in this unit first, and the checklist chooses it until the reader picks the other.",
    )
    audience = models.TextField(
        help_text="Who the information is for. Shown on every health page.",
    )
    disclaimer = models.TextField(
        help_text="That this information does not replace advice from the reader’s care team. "
        "Shown on every health page.",
    )
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of the English this item's Spanish was translated from (crsinfo/i18n.py):
    # when the English changes, the translation shows as out of date.
    translated_from = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_single_row")]

    def __str__(self):
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)


class Reference(models.Model):
    key = models.SlugField(
        max_length=60, unique=True, help_text="A short unique name used to cite this source, e.g. “lee-2019”."
    )
    title = models.CharField(max_length=300, help_text="Title of the article, page or label.")
    publisher = models.CharField(
        max_length=300, blank=True, help_text="Journal with volume and pages, or the organisation that publishes it."
    )
    url = models.URLField(max_length=500, blank=True, help_text="Web address, if there is a stable one.")
    date = models.CharField(
        max_length=30, blank=True, help_text="Year or date of publication, e.g. “2019” or “June 2025”."
    )
    source_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


def a_year_from_today() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, is_retired=False)

    def review_overdue(self, today=None):
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due_within(self, days: int, today=None):
        today = today or timezone.localdate()
        return self.filter(next_review_due__gte=today, next_review_due__lte=today + datetime.timedelta(days=days))


class Article(models.Model):
    class Kind(models.TextChoices):
        STANDARD = "standard", "Standard page"
        SYMPTOMS = "symptoms", "Symptoms page (adds the symptom lists)"
        RISK_GROUPS = "risk_groups", "Risk page (adds the list of groups at higher risk)"
        PREVENTION = "prevention", "Prevention page (adds the prevention steps)"
        GET_HELP = "get_help", "When to get help (adds the three care cards)"

    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_not_reserved],
        help_text="The page’s web address: /slug/. Lowercase letters, numbers and hyphens.",
    )
    title = models.CharField(max_length=120, help_text="The main heading of the page.")
    nav_title = models.CharField(max_length=30, help_text="A short name for menus and links, e.g. “Symptoms”.")
    summary = models.CharField(
        max_length=160,
        help_text="One or two plain sentences. Shown on the home page and to search engines.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.STANDARD,
        help_text="Which list, if any, the page shows after its sections.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in menus: lower numbers come first.")
    intro = models.TextField(blank=True, help_text="Opening text under the heading. Markdown.")
    # Set only by a clinical reviewer's sign-off when publishing (crsinfo/publishing/), never typed.
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When a clinical reviewer last signed off this page. Set by publishing."
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="When the page must next be checked. Set by publishing."
    )
    references = models.ManyToManyField(
        Reference, blank=True, related_name="articles", help_text="Sources for facts on this page."
    )
    is_published = models.BooleanField(
        default=False,
        help_text="Show this page to readers. Like every change, it reaches readers only when a clinical "
        "reviewer publishes the draft.",
    )
    is_retired = models.BooleanField(
        default=False,
        help_text="A retired page is gone for good: once published, its address answers “410 Gone” with a link "
        "to the home page.",
    )
    reviewed_by = models.CharField(
        max_length=120,
        blank=True,
        help_text="The clinical reviewer who signed off the last review, from their account. Set by publishing.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of the English this item's Spanish was translated from (crsinfo/i18n.py):
    # when the English changes, the translation shows as out of date.
    translated_from = models.CharField(max_length=64, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        permissions = [
            ("publish_article", "Can publish and unpublish articles"),
            ("sign_off_review", "Can sign off a clinical review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_review_due__gt=models.F("last_reviewed")),
                name="article_review_due_after_reviewed",
                violation_error_message="The next review must be due after the last review.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("article-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        taken = OldSlug.objects.filter(slug=self.slug)
        if self.pk:
            taken = taken.exclude(article_id=self.pk)
        if taken.exists():
            raise ValidationError(
                {"slug": "This address used to belong to another page and still leads there. Choose another."}
            )

    @property
    def review_overdue(self) -> bool:
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()


class OldSlug(models.Model):
    """An address an article used to have. It redirects (301) to the article's current address.

    Kept by signals rather than ``Article.save()`` so that restoring an old version (which saves
    without calling ``save()``) keeps the address it replaces too."""

    slug = models.SlugField(max_length=80, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"/{self.slug}/ → {self.article}"


class Section(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        WARNING = "warning", "Warning callout (“Important”)"
        INSET = "inset", "Inset text (“Information”)"
        FIGURE = "figure", "Diagram (the text is its caption)"
        PRODUCTS = "products", "Table of treatments (the text is shown above the table)"

    class Figure(models.TextChoices):
        CAR_T_STEPS = "car-t-steps", "How CAR-T cell therapy is made and given"
        ACTION_STEPS = "action-steps", "What to do: notice a sign, check your temperature, then call"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position on the page: lower numbers come first.")
    heading = models.CharField(max_length=120, help_text="Shown as a heading and in the page’s contents list.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(help_text="Markdown: blank line between paragraphs, “- ” for a bullet list.")
    figure = models.CharField(
        max_length=40,
        blank=True,
        choices=Figure.choices,
        help_text="For a diagram section only: which diagram. Its text is shown as the caption, and "
        "must say in words everything the diagram shows.",
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="figure") & ~models.Q(figure=""))
                | (~models.Q(kind="figure") & models.Q(figure="")),
                name="section_figure_only_for_diagrams",
                violation_error_message="Choose a diagram for a diagram section, and no diagram for other kinds.",
            )
        ]

    def __str__(self):
        return self.heading

    def clean(self):
        if self.kind == self.Kind.FIGURE and not self.figure:
            raise ValidationError({"figure": "Choose the diagram this section shows."})
        if self.figure and self.kind != self.Kind.FIGURE:
            raise ValidationError({"figure": "Only a diagram section shows a diagram: choose “Diagram” as its kind."})

    @property
    def anchor(self) -> str:
        return slugify(self.heading) or f"section-{self.pk}"


class SymptomGroup(models.Model):
    slug = models.SlugField(max_length=60, unique=True, help_text="A stable name, used in links to this group.")
    name = models.CharField(max_length=80, help_text="The body system, e.g. “Heart and blood vessels”.")
    intro = models.CharField(max_length=300, blank=True, help_text="One plain sentence shown above the list.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position on the page: lower numbers come first.")
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of the English this item's Spanish was translated from (crsinfo/i18n.py):
    # when the English changes, the translation shows as out of date.
    translated_from = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Symptom(models.Model):
    group = models.ForeignKey(SymptomGroup, on_delete=models.CASCADE, related_name="symptoms")
    slug = models.SlugField(max_length=60, unique=True, help_text="A stable name for this symptom.")
    name = models.CharField(max_length=100, help_text="Plain words a patient would use, e.g. “Swelling”.")
    medical_term = models.CharField(
        max_length=100, blank=True, help_text="The medical word, shown after the plain one in brackets, e.g. “edema”."
    )
    description = models.CharField(max_length=300, blank=True, help_text="A short plain explanation, if needed.")
    urgency = models.CharField(
        max_length=10,
        choices=Urgency.choices,
        default=Urgency.ROUTINE,
        help_text="How fast a reader with this symptom must act. This decides which care card it appears on.",
    )
    reference = models.ForeignKey(
        Reference,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="symptoms",
        help_text="Source, if this symptom is not in the original article.",
    )
    on_checklist = models.BooleanField(
        default=True,
        help_text="Ask about it on the checklist and list it on the care cards. Untick it for signs only tests can "
        "find (such as kidney problems): they stay on the Symptoms page, and the checklist asks about a sign "
        "a patient can notice instead.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in its group: lower numbers come first.")

    # A digest of the English this item's Spanish was translated from (crsinfo/i18n.py):
    # when the English changes, the translation shows as out of date.
    translated_from = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["group__order", "order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.name} ({self.medical_term})" if self.medical_term else self.name


class Product(models.Model):
    """One treatment in the table of treatments (a "Table of treatments" section shows it): when
    CRS and brain and nerve effects usually start, how long to stay near the centre and when
    driving may start again, as its label or source says. An empty value is shown to readers as
    "Ask your treatment team": never guess one."""

    class Kind(models.TextChoices):
        CAR_T = "car-t", "CAR-T cell therapy"
        TCR_T = "tcr-t", "TCR-T cell therapy"
        BISPECIFIC = "bispecific", "Bispecific antibody or other T-cell engager"

    slug = models.SlugField(max_length=60, unique=True, help_text="A stable name for this row, e.g. “yescarta”.")
    brand_name = models.CharField(max_length=60, help_text="The name on the box, e.g. “Yescarta”.")
    generic_name = models.CharField(
        max_length=120, help_text="The medicine’s own name, as the label gives it, e.g. “axicabtagene ciloleucel”."
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CAR_T)
    crs_onset = models.CharField(
        max_length=300,
        blank=True,
        help_text="When CRS usually starts, as the label or source says, in plain words. Leave empty if the source "
        "does not say: readers see “Ask your treatment team”.",
    )
    nerve_onset = models.CharField(
        max_length=300,
        blank=True,
        help_text="When brain and nerve effects (ICANS) usually start, as the source says. Empty: “Ask your "
        "treatment team”.",
    )
    stay_near = models.CharField(
        max_length=300,
        blank=True,
        help_text="How long the label asks patients to stay near the treatment center (or in hospital). Empty: "
        "“Ask your treatment team”.",
    )
    driving = models.CharField(
        max_length=300,
        blank=True,
        help_text="When driving may start again, as the label says. Empty: “Ask your treatment team”.",
    )
    reference = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        related_name="products",
        help_text="The label, or the source this row comes from. It must have a web address.",
    )
    other_references = models.ManyToManyField(
        Reference, blank=True, related_name="+", help_text="Other sources for values in this row, if any."
    )
    label_revision = models.CharField(
        max_length=30,
        blank=True,
        verbose_name="label revision or source date",
        help_text="The revision date printed on the label (e.g. “June 2025”), or the date of the source.",
    )
    checked_on = models.DateField(
        null=True, blank=True, help_text="When an editor last compared this row with its sources."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the table: lower numbers come first.")
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of the English this item's Spanish was translated from (crsinfo/i18n.py):
    # when the English changes, the translation shows as out of date.
    translated_from = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["order", "brand_name"]
        verbose_name = "treatment (table of treatments)"
        verbose_name_plural = "treatments (table of treatments)"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(label_revision="") | models.Q(checked_on__isnull=False),
                name="product_dated",
                violation_error_message="Give the label’s revision date, or the date you checked this row, or both.",
            )
        ]

    def __str__(self):
        return self.brand_name

    def clean(self):
        super().clean()
        errors = {}
        if self.reference_id and not Reference.objects.filter(pk=self.reference_id).exclude(url="").exists():
            errors["reference"] = "Choose a source with a web address, so readers can check it."
        # As the constraint says; checked here too, since a form has the label date per language.
        if not self.label_revision and not self.checked_on:
            errors["checked_on"] = "Give the label’s revision date, or the date you checked this row, or both."
        if errors:
            raise ValidationError(errors)


class ListItem(models.Model):
    """A short sentence in an ordered list on a page (risk groups, prevention steps)."""

    slug = models.SlugField(max_length=60, unique=True, help_text="A stable name for this item.")
    text = models.CharField(max_length=300, help_text="One plain sentence.")
    reference = models.ForeignKey(
        Reference,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Source, if this is not in the original article.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the list: lower numbers come first.")
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of the English this item's Spanish was translated from (crsinfo/i18n.py):
    # when the English changes, the translation shows as out of date.
    translated_from = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class RiskGroup(ListItem):
    class Meta(ListItem.Meta):
        verbose_name = "group at higher risk"
        verbose_name_plural = "groups at higher risk"


class PreventionStep(ListItem):
    class Kind(models.TextChoices):
        DO = "do", "Do"
        DONT = "dont", "Don’t"

    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.DO)


# A number as a clinic writes it, in the usual US and international forms: "(555) 010-2000",
# "555.010.2000", "555-010-2000", "+1 (555) 010-0199", "+44 20 7946 0000", "+44 (0)20 7946 0000".
# At least 5 digits; it is shown as written, and dialled through tel_href.
phone_validator = RegexValidator(
    r"^(?=(?:[^0-9]*[0-9]){5})\+?[0-9(][0-9 ().-]{3,21}[0-9]$",
    "Enter a phone number with digits, spaces, brackets, dots or dashes, for example (555) 010-2000, "
    "555.010.2000 or +44 20 7946 0000.",
)


class ClinicQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_active=True)


class Clinic(models.Model):
    """A treatment centre whose name and numbers go on its printed handout and wallet card."""

    name = models.CharField(max_length=100, help_text="As patients know it, e.g. “St Example’s CAR-T service”.")
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Part of the clinic’s printable addresses, e.g. /print/handout/slug/. Changing it breaks links.",
    )
    phone_daytime = models.CharField(
        max_length=24, validators=[phone_validator], help_text="The number patients call in the day."
    )
    phone_out_of_hours = models.CharField(
        max_length=24,
        validators=[phone_validator],
        help_text="The number patients call at night and at weekends. Use the daytime number again if it is the same.",
    )
    address_line = models.CharField(
        max_length=200, blank=True, help_text="Optional: one line, e.g. the hospital and town."
    )
    is_active = models.BooleanField(default=True, help_text="Untick to take the clinic’s printable pages offline.")
    updated_at = models.DateTimeField(auto_now=True)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of the English this item's Spanish was translated from (crsinfo/i18n.py):
    # when the English changes, the translation shows as out of date.
    translated_from = models.CharField(max_length=64, blank=True, editable=False)

    objects = ClinicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clinic-detail", kwargs={"slug": self.slug})


def tel_href(number: str) -> str:
    """A phone number as a tel: link target: digits, with a leading + kept. In an international
    number the "(0)" some countries write for dialling at home is dropped: "+44 (0)20 7946 0000"
    dials +442079460000."""
    number = number.strip()
    international = number.startswith("+")
    if international:
        number = re.sub(r"\(\s*0\s*\)", "", number)
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"tel:{'+' if international else ''}{digits}"


class GlossaryTerm(models.Model):
    """A word readers may not know, with a plain definition. Linked from its first use on each page."""

    class Category(models.TextChoices):
        GENERAL = "general", "General"
        TREATMENT = "treatment", "Treatment for CRS"

    slug = models.SlugField(max_length=60, unique=True, help_text="Its anchor on the glossary page: /glossary/#slug.")
    term = models.CharField(max_length=80, unique=True, help_text="The word as pages use it, e.g. “Interleukin-6”.")
    synonyms = models.CharField(
        max_length=200,
        blank=True,
        help_text="Other forms of the word, separated by commas, e.g. “IL-6, interleukin 6”. "
        "The first use of the term or any of these on a page links here.",
    )
    definition = models.TextField(max_length=400, help_text="One or two plain sentences.")
    category = models.CharField(
        max_length=10,
        choices=Category.choices,
        default=Category.GENERAL,
        help_text="“Treatment for CRS” terms are listed as possible treatments for search engines.",
    )
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of the English this item's Spanish was translated from (crsinfo/i18n.py):
    # when the English changes, the translation shows as out of date.
    translated_from = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return f"{reverse('glossary')}#{self.slug}"

    @property
    def names(self) -> list[str]:
        return [self.term, *[s.strip() for s in self.synonyms.split(",") if s.strip()]]


class SearchSynonym(models.Model):
    """A patient's words for something the site names differently: search looks for both."""

    language = models.CharField(
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the phrase: a Spanish phrase helps searches on the Spanish pages only.",
    )
    phrase = models.CharField(max_length=60, help_text="What a reader might type, in lower case, e.g. “can’t breathe”.")
    means = models.CharField(max_length=80, help_text="The words our pages use for it, e.g. “difficulty breathing”.")
    source_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["language", "phrase"]
        constraints = [models.UniqueConstraint(fields=["language", "phrase"], name="synonym_unique_per_language")]

    def __str__(self):
        return f"{self.phrase} → {self.means}"

    def save(self, *args, **kwargs):
        self.phrase = " ".join(self.phrase.lower().split())
        super().save(*args, **kwargs)


class SearchDocument(models.Model):
    """The searchable text of one page of the current release in one language, rebuilt when a
    release goes live (crsinfo/search/query.py). A Spanish document also keeps its words folded and
    stemmed, which both databases match in the same way."""

    release = models.PositiveIntegerField(default=0, help_text="The release the index was built from.")
    language = models.CharField(max_length=5, default="en", help_text="The language of the page: en or es.")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    title_terms = models.TextField(blank=True, help_text="Spanish: the title's words, without accents, stemmed.")
    body_terms = models.TextField(blank=True, help_text="Spanish: the body's words, without accents, stemmed.")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.utils import translation

        with translation.override(self.language):
            return reverse("article-detail", kwargs={"slug": self.slug})


@receiver(pre_save, sender=Article, dispatch_uid="article-remember-old-slug")
def remember_old_slug(sender, instance, **kwargs):
    if instance.pk:
        old = Article.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old and old != instance.slug:
            # The old address keeps working, forever, with a 301 to the new one.
            OldSlug.objects.update_or_create(slug=old, defaults={"article_id": instance.pk})


@receiver(post_save, sender=Article, dispatch_uid="article-current-slug-is-not-old")
def forget_current_slug(sender, instance, **kwargs):
    OldSlug.objects.filter(slug=instance.slug).delete()


class Release(models.Model):
    """One publication: the whole public site as a clinical reviewer approved it.

    ``content`` is a snapshot of every kind of content in the format ``export_content`` writes
    (as JSON, see crsinfo/publishing/). Readers are served from the current release, never from
    the tables editors change. A release is never edited: bringing back an earlier one makes a
    new release with its content."""

    content = models.TextField(help_text="The snapshot, as JSON.")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the snapshot.")
    note = models.TextField(blank=True, help_text="What changed and why, as the reviewer wrote it.")
    changes = models.TextField(blank=True, help_text="The items this release changed, one per line.")
    published_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="releases"
    )
    published_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    go_live_at = models.DateTimeField(default=timezone.now, db_index=True, help_text="When readers first see it.")
    cancelled = models.BooleanField(default=False, help_text="A scheduled release replaced before it went live.")
    restored_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-pk"]
        get_latest_by = "pk"
        permissions = [("publish_release", "Can publish the draft, schedule and bring back releases")]

    def __str__(self):
        return f"Release {self.pk}"


class ReviewRequestQuerySet(models.QuerySet):
    def still_sent_back(self):
        """Requests sent back and not answered since: the same editor has not submitted again,
        and no release was published after it was sent back (a resolved notice does not linger)."""
        resubmitted = ReviewRequest.objects.filter(
            submitted_by=models.OuterRef("submitted_by"), submitted_at__gt=models.OuterRef("decided_at")
        )
        published = Release.objects.filter(cancelled=False, created_at__gt=models.OuterRef("decided_at"))
        return (
            self.filter(status=ReviewRequest.Status.SENT_BACK)
            .exclude(models.Exists(resubmitted))
            .exclude(models.Exists(published))
        )


class ReviewRequest(models.Model):
    """An editor's request that a clinical reviewer look at the draft and publish it."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        SENT_BACK = "sent_back", "Sent back"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    note = models.TextField(help_text="What you changed and why, for the reviewer.")
    submitted_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_by_name = models.CharField(max_length=150, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    draft_digest = models.CharField(max_length=64, help_text="The draft as it was when submitted.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    reviewer_comment = models.TextField(blank=True)
    decided_by_name = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    release = models.ForeignKey(Release, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests")

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"Review request {self.pk} by {self.submitted_by_name}"
