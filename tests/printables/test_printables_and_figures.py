"""The printables page, the diagram component, and loading content into rows made by an older
version of the site."""

import pytest
from django.core.exceptions import ValidationError

from crsinfo.models import Article, Section, SymptomGroup


def test_the_printables_are_easy_to_find(client, content):
    page = client.get("/printables/")
    html = page.content.decode()
    assert page.status_code == 200
    assert not page.cookies
    for href in ('href="/print/handout/"', 'href="/print/wallet-card/"'):
        assert href in html
    assert "For clinics: your own versions" in html
    assert "Carry it with you at all times." in html
    if Article.objects.published().filter(slug="questions-to-ask").exists():
        assert 'href="/questions-to-ask/"' in html
    assert 'href="/printables/"' in client.get("/when-to-get-help/").content.decode()
    assert 'href="/printables/"' in client.get("/").content.decode(), "linked from the footer"


def test_the_wallet_card_has_blanks_for_the_treatment_and_the_24_hour_number(client, content):
    html = client.get("/print/wallet-card/").content.decode()
    assert "My treatment and date:" in html
    assert "24-hour phone:" in html
    assert "ICANS" in html


def test_the_diagram_is_an_accessible_inline_svg_with_a_caption(client, content):
    html = client.get("/styleguide/").content.decode()
    assert '<figure class="figure"' in html
    assert 'role="img" aria-labelledby="car-t-steps-title car-t-steps-desc"' in html
    assert '<title id="car-t-steps-title">' in html
    assert '<desc id="car-t-steps-desc">' in html
    assert "<figcaption" in html
    assert "style=" not in html.split('<svg class="diagram"')[1].split("</svg>")[0], "no inline style (CSP)"


@pytest.mark.parametrize(
    ("kind", "figure", "message"),
    [
        (Section.Kind.FIGURE, "", "Choose the diagram this section shows."),
        (Section.Kind.TEXT, "car-t-steps", "Only a diagram section shows a diagram"),
        (Section.Kind.FIGURE, "no-such-diagram", "is not a valid choice"),
    ],
)
def test_a_diagram_section_must_name_one_diagram(content, kind, figure, message):
    section = Section(article=Article.objects.first(), heading="A", kind=kind, figure=figure, body="Words.")
    with pytest.raises(ValidationError, match=message):
        section.full_clean()


def test_content_loaded_by_an_older_version_is_not_mistaken_for_an_admin_edit(content):
    """A field added since (a symptom's on_checklist) must not make every row look edited."""
    from django.core.management import call_command

    from crsinfo.content.load import _as_loaded_before, digest
    from crsinfo.publishing.snapshot import canonical

    group = SymptomGroup.objects.get(slug="general")
    symptom = group.symptoms.get(slug="headache")
    symptom.name = "Old wording"
    symptom.save()
    # The hash an older version stored: its canonical form had no on_checklist.
    SymptomGroup.objects.filter(pk=group.pk).update(source_hash=digest(_as_loaded_before(group, canonical(group))))
    call_command("load_content", verbosity=0)
    symptom.refresh_from_db()
    assert symptom.name == "Headache", "loaded: it was not an admin edit"

    # A real admin edit (a hash that matches neither form) is still kept.
    symptom.name = "Edited in admin"
    symptom.save()
    call_command("load_content", verbosity=0)
    symptom.refresh_from_db()
    assert symptom.name == "Edited in admin"
