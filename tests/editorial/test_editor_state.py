"""Editors always know the state: saves say "draft", every list marks what differs from what
readers see (worked out once per list page), and resolved "sent back" notices go away."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

import crsinfo.admin
from crsinfo.models import GlossaryTerm, ReviewRequest, Symptom
from tests.conftest import publish_draft
from tests.editorial.test_editorial import form_data

DRAFT = "Saved to the draft — readers see it after review."


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_a_form_save_says_it_went_to_the_draft(editor_only, content):
    term = GlossaryTerm.objects.get(slug="cytokine")
    url = reverse("admin:crsinfo_glossaryterm_change", args=[term.pk])
    response = editor_only.post(url, form_data(editor_only, url, definition="A newer definition."))
    assert response.status_code == 302
    assert DRAFT in said(response)


def test_a_list_save_and_a_delete_say_it_went_to_the_draft(editor_only, reviewer, content):
    response = editor_only.get(reverse("admin:crsinfo_symptom_changelist"))
    formset = response.context["cl"].formset
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        data[form.add_prefix("id")] = form.instance.pk
        data[form.add_prefix("urgency")] = form.instance.urgency
        data[form.add_prefix("urgency-seen")] = form.instance.urgency
    headache = next(f for f in formset.forms if f.instance.slug == "headache")
    data[headache.add_prefix("urgency")] = "urgent"
    response = editor_only.post(reverse("admin:crsinfo_symptom_changelist"), {**data, "_save": "Save"})
    assert response.status_code == 302
    assert DRAFT in said(response)
    cough = Symptom.objects.get(slug="cough")
    response = reviewer.post(reverse("admin:crsinfo_symptom_delete", args=[cough.pk]), {"post": "yes"})
    assert "Deleted in the draft — readers see it after review." in said(response)


def _row(page: str, name: str) -> str:
    return page.split(f">{name}<", 1)[1].split("</tr>", 1)[0]


def test_every_list_marks_what_differs_from_what_readers_see(editor_only, content, monkeypatch):
    calls = []
    real = crsinfo.admin.draft_differences
    monkeypatch.setattr(crsinfo.admin, "draft_differences", lambda: calls.append(1) or real())
    Symptom.objects.filter(slug="headache").update(urgency="urgent")
    page = editor_only.get(reverse("admin:crsinfo_symptom_changelist")).content.decode()
    assert "readers see" in page.lower()
    assert "An older version: changed in the draft" in _row(page, "Headache")
    assert "The same" in _row(page, "Chills or shaking")
    assert page.count("An older version: changed in the draft") == 1
    assert len(calls) == 1  # once for the whole page, not once per row

    GlossaryTerm.objects.create(term_en="Hypotension", slug="hypotension", definition_en="Low blood pressure.")
    page = editor_only.get(reverse("admin:crsinfo_glossaryterm_changelist")).content.decode()
    assert "Not yet: new in the draft" in _row(page, "Hypotension")
    publish_draft()
    page = editor_only.get(reverse("admin:crsinfo_glossaryterm_changelist")).content.decode()
    assert "Not yet" not in page and "changed in the draft" not in page


@pytest.mark.parametrize("model", ["article", "symptomgroup", "reference", "clinic", "searchsynonym"])
def test_the_column_is_on_every_list(editor_only, content, clinic, model):
    page = editor_only.get(reverse(f"admin:crsinfo_{model}_changelist")).content.decode()
    assert "The same" in page


def test_a_resolved_sent_back_notice_stops_showing(editor_only, content, django_user_model):
    edna = django_user_model.objects.get(username="edna")
    then = timezone.now()  # after the content's release
    sent_back = ReviewRequest.objects.create(
        note="My changes",
        submitted_by=edna,
        submitted_by_name="Edna",
        submitted_at=then,
        draft_digest="x",
        status=ReviewRequest.Status.SENT_BACK,
        reviewer_comment="Fix the Spanish please",
        decided_by_name="Rita",
        decided_at=then,
    )
    assert list(ReviewRequest.objects.still_sent_back()) == [sent_back]
    assert "Fix the Spanish please" in editor_only.get(reverse("admin:index")).content.decode()
    Symptom.objects.filter(slug="headache").update(urgency="urgent")
    publish_draft()  # the draft (with the fix) was published after it was sent back
    assert list(ReviewRequest.objects.still_sent_back()) == []
    assert "Fix the Spanish please" not in editor_only.get(reverse("admin:index")).content.decode()


def test_a_resubmission_resolves_the_sent_back_notice(content, django_user_model):
    edna = django_user_model.objects.create_user("edna2")
    then = timezone.now()  # after the content's release
    common = {"submitted_by": edna, "draft_digest": "x", "note": "n"}
    ReviewRequest.objects.create(**common, submitted_at=then, status=ReviewRequest.Status.SENT_BACK, decided_at=then)
    assert ReviewRequest.objects.still_sent_back().count() == 1
    ReviewRequest.objects.create(**common, submitted_at=then + datetime.timedelta(minutes=5))
    assert ReviewRequest.objects.still_sent_back().count() == 0


def test_the_state_messages_exist_in_spanish():
    from django.utils import translation

    with translation.override("es"):
        assert translation.gettext(DRAFT) == "Guardado en el borrador: los lectores lo ven después de la revisión."
        assert translation.gettext("No Spanish yet: Spanish readers see this item in English.").startswith(
            "Todavía no hay español"
        )


@pytest.mark.parametrize("model", ["glossaryterm", "symptom", "preventionstep", "clinic"])
def test_every_content_form_says_saves_go_to_the_draft(editor_only, content, clinic, model):
    page = editor_only.get(reverse(f"admin:crsinfo_{model}_add")).content.decode()
    assert 'id="draft-notice"' in page and "Readers see it only after a clinical reviewer publishes" in page
