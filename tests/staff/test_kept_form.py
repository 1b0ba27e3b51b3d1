"""No lost work: a form sent after the staff session ended is kept on the server for the same
person; after signing in again it comes back filled in, to check and save. Nothing reaches the
draft without signing in, and the sign-in page says what happened."""

import time

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from crsinfo.models import GlossaryTerm
from tests.editorial.test_editorial import form_data

PASSWORD = "a-long-test-password-1"


def editor(django_user_model, username="edna"):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(client, username):
    client.get(reverse("admin:login"))  # as a browser: the page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    return client.post(
        reverse("admin:login"), {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )


def signed_in(username, **options) -> Client:
    client = Client(**options)
    response = sign_in(client, username)
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def go_idle(client, settings):
    session = client.session
    session["staff_seen"] = time.time() - settings.STAFF_SESSION_IDLE_MINUTES * 60 - 5
    session.save()


def test_an_idle_save_is_kept_and_comes_back_after_signing_in(content, django_user_model, settings):
    editor(django_user_model)
    term = GlossaryTerm.objects.get(slug="cytokine")
    url = reverse("admin:crsinfo_glossaryterm_change", args=[term.pk])
    client = signed_in("edna")
    data = form_data(client, url, definition="Definition typed before the phone call.")
    go_idle(client, settings)

    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    term.refresh_from_db()
    assert term.definition_en != "Definition typed before the phone call."  # nothing saved signed out
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes idle." in page
    assert "Your changes are kept: sign in to save them." in page

    login = client.post(response["Location"], {"username": "edna", "password": PASSWORD, "next": url})
    assert login.status_code == 302 and login["Location"] == url
    form = client.get(url)
    page = form.content.decode()
    assert "Definition typed before the phone call." in page  # filled in again
    assert "before you were signed out; they are not saved yet" in page
    term.refresh_from_db()
    assert term.definition_en != "Definition typed before the phone call."  # still not saved

    # The person checks it and presses Save: now it is saved (to the draft).
    assert client.post(url, form_data(client, url, definition="Definition typed before the phone call.")).status_code
    term.refresh_from_db()
    assert term.definition_en == "Definition typed before the phone call."
    # Only once: the next visit shows the item as it is.
    assert "not saved yet" not in client.get(url).content.decode()


def test_a_kept_form_is_only_for_the_person_who_sent_it(content, django_user_model, settings):
    editor(django_user_model)
    editor(django_user_model, "eric")
    term = GlossaryTerm.objects.get(slug="cytokine")
    url = reverse("admin:crsinfo_glossaryterm_change", args=[term.pk])
    client = signed_in("edna")
    data = form_data(client, url, definition="Edna's unsaved words.")
    go_idle(client, settings)
    client.post(url, data)
    client.post(reverse("admin:login"), {"username": "eric", "password": PASSWORD})
    page = client.get(url).content.decode()
    assert "Edna's unsaved words." not in page and "not saved yet" not in page


def test_a_forged_post_is_not_kept(content, django_user_model, settings):
    editor(django_user_model)
    term = GlossaryTerm.objects.get(slug="cytokine")
    url = reverse("admin:crsinfo_glossaryterm_change", args=[term.pk])
    client = signed_in("edna", enforce_csrf_checks=True)
    data = form_data(client, url, definition="Words from another site.")
    go_idle(client, settings)
    response = client.post(url, data)  # no CSRF token: as another site would send it
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "What you sent was not saved" in page
    assert sign_in(client, "edna").status_code == 302
    assert "Words from another site." not in client.get(url).content.decode()


def test_an_idle_page_visit_says_why_sign_in_is_asked(content, django_user_model, settings):
    editor(django_user_model)
    client = signed_in("edna")
    go_idle(client, settings)
    response = client.get(reverse("admin:index"))
    assert (
        "You were signed out after 30 minutes idle. Sign in again to go on."
        in client.get(response["Location"]).content.decode()
    )


def test_the_signed_out_message_exists_in_spanish():
    from django.utils import translation

    from crsinfo.staff.sessions import signed_out_message

    with translation.override("es"):
        said = signed_out_message(idle=True, kept=True, posted=True)
    assert said.startswith("Se cerró su sesión tras 30 minutos sin actividad.")
    assert "Sus cambios se guardaron aparte" in said
