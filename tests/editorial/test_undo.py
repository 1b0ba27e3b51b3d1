"""Undo touches only what it names: History's restore and "Recover deleted …" change one item (and
its own inline rows), never the rest of the revision it was saved in (the content files' revision
holds every item of the site)."""

import reversion
from django.contrib.messages import get_messages
from django.urls import reverse
from reversion.models import Version

from crsinfo.models import Article, GlossaryTerm, PreventionStep, Section, Symptom
from tests.editorial.test_editorial import form_data


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _change_in_draft(obj, **fields):
    """An editor's earlier change in the draft, saved with its own version (as the admin does)."""
    with reversion.create_revision():
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save()


def test_the_content_files_revision_holds_many_items(content):
    term = GlossaryTerm.objects.get(slug="cytokine")
    revision = Version.objects.get_for_object(term).get().revision
    assert revision.version_set.count() > 100  # so a whole-revision revert would touch them all


def test_restoring_a_glossary_term_leaves_every_other_item_alone(editor_only, content):
    headache = Symptom.objects.get(slug="headache")
    _change_in_draft(headache, urgency="urgent")
    step = PreventionStep.objects.first()
    _change_in_draft(step, text_en="A newer prevention step.")
    term = GlossaryTerm.objects.get(slug="cytokine")
    original = Version.objects.get_for_object(term).get()  # loaded from the content files
    _change_in_draft(term, definition_en="A wrong definition.")

    url = reverse("admin:crsinfo_glossaryterm_revision", args=[term.pk, original.pk])
    shown = editor_only.get(url)
    assert shown.status_code == 200
    assert "A tiny protein that cells use" in shown.content.decode()  # the form shows the old version
    term.refresh_from_db()
    assert term.definition_en == "A wrong definition."  # showing it changed nothing
    response = editor_only.post(url, form_data(editor_only, url))
    assert response.status_code == 302

    term.refresh_from_db()
    assert term.definition_en.startswith("A tiny protein that cells use")
    headache.refresh_from_db()
    step.refresh_from_db()
    assert headache.urgency == "urgent"  # not put back to the content files' "routine"
    assert step.text_en == "A newer prevention step."
    said = _messages(response)
    assert "Restored “Cytokine”" in said
    assert "definition [en]" in said
    assert "Nothing else in the draft was changed" in said
    assert "readers see it after a clinical reviewer publishes it" in said
    assert "changed successfully" not in said
    # The restore is itself a version, with a comment saying what it was.
    assert Version.objects.get_for_object(term).first().revision.get_comment().startswith("Restored the version")


def test_restoring_the_same_version_says_nothing_changed(editor_only, content):
    term = GlossaryTerm.objects.get(slug="cytokine")
    original = Version.objects.get_for_object(term).get()
    url = reverse("admin:crsinfo_glossaryterm_revision", args=[term.pk, original.pk])
    response = editor_only.post(url, form_data(editor_only, url))
    assert response.status_code == 302
    assert "nothing changed" in _messages(response)


def test_recovering_a_deleted_symptom_brings_back_only_that_symptom(editor_only, reviewer, content):
    headache = Symptom.objects.get(slug="headache")
    _change_in_draft(headache, urgency="urgent")
    cough = Symptom.objects.get(slug="cough")
    reviewer.post(reverse("admin:crsinfo_symptom_delete", args=[cough.pk]), {"post": "yes"})
    assert not Symptom.objects.filter(slug="cough").exists()
    version = Version.objects.get_deleted(Symptom).get(object_id=str(cough.pk))
    assert version.revision.version_set.count() > 100  # its only version is the content files'

    url = reverse("admin:crsinfo_symptom_recover", args=[version.pk])
    response = editor_only.post(url, form_data(editor_only, url))
    assert response.status_code == 302
    assert Symptom.objects.filter(slug="cough").exists()
    headache.refresh_from_db()
    assert headache.urgency == "urgent"
    said = _messages(response)
    assert "is back" in said and "Nothing else in the draft was changed" in said


def test_a_version_of_another_kind_of_item_is_refused(editor_only, content):
    term = GlossaryTerm.objects.get(slug="cytokine")
    headache = Symptom.objects.get(slug="headache")
    symptom_version = Version.objects.get_for_object(headache).get()
    url = reverse("admin:crsinfo_glossaryterm_recover", args=[symptom_version.pk])
    assert editor_only.get(url).status_code == 404
    url = reverse("admin:crsinfo_glossaryterm_revision", args=[term.pk, symptom_version.pk])
    assert editor_only.get(url).status_code == 404


def test_restoring_an_article_restores_its_own_sections_and_no_other_page(editor_only, content):
    article = Article.objects.get(slug="causes")
    original = Version.objects.get_for_object(article).get()
    sections_then = sorted(article.sections.values_list("pk", flat=True))
    first = article.sections.first()
    _change_in_draft(first, body_en="A rewritten first section.")
    with reversion.create_revision():
        extra = Section.objects.create(article=article, order=99, heading_en="A new section", body_en="New.")
        article.save()
    other = Article.objects.exclude(pk=article.pk).first()
    other_section = other.sections.first()
    _change_in_draft(other_section, body_en="Another page's newer text.")

    url = reverse("admin:crsinfo_article_revision", args=[article.pk, original.pk])
    response = editor_only.post(url, form_data(editor_only, url))
    assert response.status_code == 302
    assert sorted(article.sections.values_list("pk", flat=True)) == sections_then
    assert not Section.objects.filter(pk=extra.pk).exists()
    first.refresh_from_db()
    assert first.body_en != "A rewritten first section."
    other_section.refresh_from_db()
    assert other_section.body_en == "Another page's newer text."
    said = _messages(response)
    assert "Removed section “A new section”" in said
    assert f"Changed section “{first.heading}”" in said
