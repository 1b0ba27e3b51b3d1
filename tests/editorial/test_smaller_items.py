"""Issue 23's smaller items: History shows section bodies and never "edit token"; a stale list
save records only what its author changed; long sections and pipe tables are warned about; the
sign-in log is not the first block of the admin home; the glossary form starts at the term."""

import reversion
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from reversion.models import Version

from crsinfo.models import Article, GlossaryTerm, Symptom
from crsinfo.text.markdown import LONG_SECTION_WORDS, markdown_warnings
from tests.conftest import article_form_data
from tests.editorial.test_editorial import form_data


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_history_names_no_form_only_field(editor_only, content):
    term = GlossaryTerm.objects.get(slug="cytokine")
    url = reverse("admin:crsinfo_glossaryterm_change", args=[term.pk])
    assert editor_only.post(url, form_data(editor_only, url, definition="Newer words.")).status_code == 302
    comment = Version.objects.get_for_object(term).first().revision.get_comment()
    assert "definition" in comment.lower()
    assert "edit" not in comment.lower() and "token" not in comment.lower()
    history = editor_only.get(reverse("admin:crsinfo_glossaryterm_history", args=[term.pk])).content.decode()
    assert "Edit token" not in history and "edit_token" not in history


def test_history_compare_shows_section_bodies(editor_only, content):
    article = Article.objects.get(slug="causes")
    first = article.sections.first()
    url = reverse("admin:crsinfo_article_change", args=[article.pk])
    data = article_form_data(editor_only, article, section_bodies={0: first.body_en + "\n\nA sentence about fever."})
    assert editor_only.post(url, data).status_code == 302
    versions = list(Version.objects.get_for_object(article))
    compare = editor_only.get(
        reverse("admin:crsinfo_article_compare", args=[article.pk]),
        {"version_id1": versions[-1].pk, "version_id2": versions[0].pk},
    ).content.decode()
    assert f"Section “{first.heading_en}” (changed)" in compare
    assert "A sentence about fever." in compare
    assert "body [en]" in compare and "body [es]" not in compare  # only what changed


def test_a_stale_list_save_changes_and_records_only_the_editors_row(editor_only, reviewer, content):
    response = editor_only.get(reverse("admin:crsinfo_symptom_changelist"))  # Edna opens the list
    formset = response.context["cl"].formset
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        data[form.add_prefix("id")] = form.instance.pk
        data[form.add_prefix("urgency")] = form.instance.urgency
        data[form.add_prefix("urgency-seen")] = form.instance.urgency
    headache = Symptom.objects.get(slug="headache")
    assert headache.urgency == "routine"
    with reversion.create_revision():  # meanwhile someone else makes headache urgent
        headache.urgency = "urgent"
        headache.save()
    swelling = next(f for f in formset.forms if f.instance.slug != "headache" and f.instance.urgency == "routine")
    data[swelling.add_prefix("urgency")] = "urgent"  # Edna changes one other row
    response = editor_only.post(reverse("admin:crsinfo_symptom_changelist"), {**data, "_save": "Save"})
    assert response.status_code == 302
    assert "1 symptom was changed successfully" in said(response)
    headache.refresh_from_db()
    assert headache.urgency == "urgent"  # the newer value kept
    assert not LogEntry.objects.filter(object_id=str(headache.pk), user__username="edna").exists()
    assert LogEntry.objects.filter(object_id=str(swelling.instance.pk), user__username="edna").exists()


def test_long_sections_and_pipe_tables_are_warned_about():
    assert markdown_warnings("Short and clear.") == []
    long = " ".join(["word"] * (LONG_SECTION_WORDS + 1))
    assert f"{LONG_SECTION_WORDS + 1} words" in markdown_warnings(long)[0]
    table = "| Dose | When |\n|---|---|\n| 1 | Now |"
    assert "looks like a table" in markdown_warnings(table)[0]
    assert markdown_warnings("A line - with a dash | and a pipe.") == []


def test_the_article_form_warns_but_saves(editor_only, content):
    article = Article.objects.get(slug="causes")
    url = reverse("admin:crsinfo_article_change", args=[article.pk])
    table = "| Sign | Call |\n| --- | --- |\n| Fever | Care team |"
    response = editor_only.post(url, article_form_data(editor_only, article, section_bodies={0: table}))
    assert response.status_code == 302
    assert "looks like a table" in said(response)
    assert article.sections.first().body_en == table  # saved: a warning, not an error


def test_the_sign_in_log_is_not_the_first_block_of_the_admin_home(editor_client, content):
    page = editor_client.get(reverse("admin:index")).content.decode()
    content_block = page.index('class="app-crsinfo')
    sign_in_log = page.index('class="app-axes')
    assert content_block < sign_in_log


def test_the_glossary_form_starts_at_the_term(editor_only, content):
    form = editor_only.get(reverse("admin:crsinfo_glossaryterm_add")).context["adminform"].form
    assert next(iter(form.fields)) == "term_en"
