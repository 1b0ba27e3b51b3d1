"""Clinic phone numbers as clinics write them: accepted in admin, shown as written, dialled by a
tel: link (crsinfo/models.py phone_validator and tel_href). And search passages write
temperatures in the site's unit first, as the pages do (crsinfo/search.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crsinfo.models import Clinic, SiteSettings, phone_validator, tel_href
from crsinfo.publishing import current
from crsinfo.search.query import search
from tests.conftest import publish_draft

DIALLED = {
    "(555) 010-2000": "tel:5550102000",
    "555.010.2000": "tel:5550102000",
    "555-010-2000": "tel:5550102000",
    "555 010 2000": "tel:5550102000",
    "+1 (555) 010-0199": "tel:+15550100199",
    "+1 555.010.0199": "tel:+15550100199",
    "+44 20 7946 0000": "tel:+442079460000",
    "+44 (0)20 7946 0000": "tel:+442079460000",
    "020 7946 0000": "tel:02079460000",
    "(020) 7946 0000": "tel:02079460000",
    "+49 30 901820": "tel:+4930901820",
    "911": None,  # too short for a clinic's number (the emergency number is a site setting)
}


@pytest.mark.parametrize(("written", "href"), [(k, v) for k, v in DIALLED.items() if v])
def test_common_formats_are_accepted_and_dial(written, href):
    phone_validator(written)
    assert tel_href(written) == href


@pytest.mark.parametrize(
    "written",
    [
        "call reception",
        "911",
        "1234",
        "++44 20 7946 0000",
        "555 010 2000 ext 5",
        "(555) 010-2000.",
        "-555 010 2000",
        "tel:5550102000",
        "555/010/2000",
        "",
    ],
)
def test_anything_else_is_refused_with_a_message_that_fits(written):
    with pytest.raises(ValidationError) as error:
        phone_validator(written)
    message = error.value.messages[0]
    assert "(555) 010-2000" in message and "+44 20 7946 0000" in message
    assert "dots or dashes" in message


def test_admin_accepts_a_us_number_and_the_printouts_show_it_as_written(editor_client, client, content):
    response = editor_client.post(
        reverse("admin:crsinfo_clinic_add"),
        {
            "name_en": "Lakeside Cancer Center",
            "slug": "lakeside",
            "phone_daytime": "(555) 010-2000",
            "phone_out_of_hours": "555.010.2000",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    clinic = Clinic.objects.get(slug="lakeside")
    assert clinic.phone_daytime == "(555) 010-2000"
    publish_draft()
    for name in ("clinic-handout", "clinic-wallet-card"):
        html = client.get(reverse(name, args=["lakeside"])).content.decode()
        assert "(555) 010-2000" in html, name
        assert "555.010.2000" in html, name
    handout = client.get(reverse("clinic-handout", args=["lakeside"])).content.decode()
    assert '<a href="tel:5550102000">(555) 010-2000</a>' in handout
    assert '<a href="tel:5550102000">555.010.2000</a>' in handout


# --- search passages: the site's unit first ------------------------------------------------


def passages(query: str, language: str = "en") -> str:
    return " ".join(r.passage for r in search(query, current.current_site(), language))


@pytest.mark.parametrize(("query", "language"), [("fever", "en"), ("fiebre", "es")])
def test_search_passages_put_the_sites_unit_first(content, query, language):
    text = passages(query, language)
    assert "100.4 °F (38.0 °C)" in text
    assert "38.0 °C (100.4 °F)" not in text


def test_search_passages_follow_the_unit_setting(content):
    SiteSettings.objects.filter(pk=1).update(temperature_unit="C")
    publish_draft()
    text = passages("fever")
    assert "38.0 °C (100.4 °F)" in text
    assert "100.4 °F (38.0 °C)" not in text
