"""Printable pages for clinics: what reaches a printout, and what never does."""

import pytest
from django.urls import reverse

from crsinfo.models import Clinic
from tests.conftest import publish_draft


@pytest.mark.parametrize("name", ["clinic-handout", "clinic-wallet-card"])
def test_clinic_printables_carry_the_clinics_own_numbers(client, content, clinic, name):
    html = client.get(reverse(name, args=[clinic.slug])).content.decode()
    assert "Riverside Cancer Centre" in html
    assert "020 7946 0123" in html
    assert "+44 20 7946 0999" in html
    assert "911" in html


def test_handout_has_cards_qr_code_and_review_dates(client, content, clinic):
    response = client.get(reverse("clinic-handout", args=[clinic.slug]))
    html = response.content.decode()
    assert 'href="tel:02079460123"' in html
    assert 'href="tel:+442079460999"' in html
    for label in ("Immediate action required", "Urgent advice", "Non-urgent advice"):
        assert f'<span class="visually-hidden">{label}: </span>' in html
    assert 'src="data:image/svg+xml' in html
    assert "Content last reviewed:" in html
    assert "Confusion" in html


def test_generic_printables_leave_space_to_write_numbers(client, content, clinic):
    for name in ("handout", "wallet-card"):
        html = client.get(reverse(name)).content.decode()
        assert "write-in" in html
        assert "Riverside" not in html


@pytest.mark.parametrize("name", ["clinic-handout", "clinic-wallet-card", "clinic-detail"])
def test_nothing_from_the_query_string_reaches_a_printout(client, content, clinic, name):
    url = reverse(name, args=[clinic.slug])
    response = client.get(url, {"phone": "5550199", "name": "Fake Clinic", "emergency_number": "000"})
    html = response.content.decode()
    assert response.status_code == 200
    for injected in ("5550199", "Fake Clinic", "emergency_number", "phone="):
        assert injected not in html
    assert f"Printed from http://testserver{url} on" in html


@pytest.mark.parametrize("name", ["clinic-handout", "clinic-wallet-card", "clinic-detail"])
def test_unknown_or_inactive_clinic_gets_a_helpful_404(client, content, clinic, name):
    response = client.get(reverse(name, args=["no-such-clinic"]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that clinic" in html
    assert reverse("handout") in html
    Clinic.objects.filter(pk=clinic.pk).update(is_active=False)
    publish_draft()
    assert client.get(reverse(name, args=[clinic.slug])).status_code == 404


def test_a_slug_with_other_characters_is_404(client, content):
    assert client.get("/print/handout/%3Cscript%3E/").status_code == 404
    assert client.get("/print/handout/555%200199/").status_code == 404


def test_clinic_page_lists_printable_addresses_with_print_buttons_and_previews(client, content, clinic):
    response = client.get(reverse("clinic-detail", args=[clinic.slug]))
    html = response.content.decode()
    assert 'value="http://testserver/print/handout/riverside/"' in html
    assert 'value="http://testserver/print/wallet-card/riverside/"' in html
    assert 'href="/print/handout/riverside/" data-print-frame="handout-preview"' in html
    assert '<iframe class="preview preview--handout" id="handout-preview" src="/print/handout/riverside/"' in html
    assert "/static/js/print" in html
    assert "frame-src 'self'" in response["Content-Security-Policy"]


def test_admin_rejects_a_phone_number_with_letters(editor_client, content):
    response = editor_client.post(
        reverse("admin:crsinfo_clinic_add"),
        {
            "name": "Test clinic",
            "slug": "test-clinic",
            "phone_daytime": "call reception",
            "phone_out_of_hours": "020 7946 0000",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Enter a phone number with digits" in response.content.decode()
    assert not Clinic.objects.filter(slug="test-clinic").exists()
