"""Clinical review: nothing an editor saves reaches readers until a reviewer publishes it.

Drafts of every kind of content, previews, submitting with a note, the complete diff, atomic
publication, scheduling, sending back, bringing a release back, review dates, and no silent
overwrite (crsinfo/publishing/, crsinfo/editorial/views.py)."""

import datetime
import json

import pytest
import reversion
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crsinfo.models import Article, Clinic, GlossaryTerm, Release, ReviewRequest, SiteSettings, Symptom
from crsinfo.publishing import current, publish
from tests.conftest import ROOT, make_clinic, publish_draft
from tests.editorial.test_editorial import change_url, form_data

CHECK = reverse("checklist")


def give_emails(django_user_model):
    for user in django_user_model.objects.all():
        user.email = f"{user.username}@example.org"
        user.save()


def reader_sees(path: str, text: str) -> bool:
    return text in Client().get(path).content.decode()


def dizziness_on_check(urgency_text: str) -> bool:
    """Whether the checklist's answer (#advice) for Dizziness alone says ``urgency_text``."""
    response = Client().post(CHECK, {"symptoms": ["dizziness"]})
    answer = response.content.decode().split('id="advice"', 1)[1].split('id="checklist"', 1)[0]
    return urgency_text in answer


def change_symptom_urgency(client, slug: str, urgency: str):
    symptom = Symptom.objects.get(slug=slug)
    url = reverse("admin:crsinfo_symptom_change", args=[symptom.pk])
    return client.post(url, form_data(client, url, urgency=urgency))


def change_fever_page(client, old: str, new: str):
    article = Article.objects.get(slug="when-to-get-help")
    url = change_url(article)
    data = form_data(client, url)
    for key, value in list(data.items()):
        if key.endswith("-body_en") and old in value:
            data[key] = value.replace(old, new)
            break
    else:
        raise AssertionError(f"{old!r} is not in any section of the page")
    return client.post(url, data)


def help_page_text_with_number() -> str:
    """A phrase from the help page that holds a number, to change as an editor would."""
    article = Article.objects.get(slug="when-to-get-help")
    for section in article.sections.all():
        for word in section.body.split():
            if any(ch.isdigit() for ch in word) and "(" not in word and "[" not in word:
                return word
    raise AssertionError("no number on the help page")


# --- nothing reaches readers before a reviewer publishes --------------------------------------


def test_every_kind_of_content_saved_in_admin_stays_off_the_public_site(editor_only, content):
    before = {path: Client().get(path).content for path in ["/", "/check/", "/glossary/", "/when-to-get-help/"]}
    # Editors can change anything, including what is live.
    assert change_symptom_urgency(editor_only, "dizziness", "emergency").status_code == 302
    term = GlossaryTerm.objects.first()
    url = reverse("admin:crsinfo_glossaryterm_change", args=[term.pk])
    assert editor_only.post(url, form_data(editor_only, url, definition="A new definition.")).status_code == 302
    # Site settings and clinics are drafts too.
    url = reverse("admin:crsinfo_sitesettings_change", args=[1])
    assert editor_only.post(url, form_data(editor_only, url, emergency_number="999")).status_code == 302
    assert SiteSettings.objects.get().emergency_number == "999"
    make_clinic()
    for path, body in before.items():
        assert Client().get(path).content == body, path
    assert Client().get("/clinics/riverside/").status_code == 404
    assert "999" not in Client().get("/").content.decode()
    assert Release.objects.count() == 1  # only the load from the content files


def test_an_editor_cannot_publish_by_any_path(editor_only, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    base = Release.objects.count()
    assert editor_only.post(reverse("admin:review-publish"), {"draft_digest": "x"}).status_code == 403
    release = Release.objects.first()
    assert (
        editor_only.post(reverse("admin:release-bring-back", args=[release.pk]), {"confirm": "yes"}).status_code == 403
    )
    assert editor_only.post(reverse("admin:release-cancel", args=[release.pk])).status_code == 403
    # The old article actions are gone: a forged action changes nothing.
    article = Article.objects.get(slug="covid-19")
    editor_only.post(
        reverse("admin:crsinfo_article_changelist"), {"action": "publish", "_selected_action": [article.pk]}
    )
    assert Release.objects.count() == base
    assert dizziness_on_check("Call your care team") or not dizziness_on_check("Call 911 now")


def test_restoring_an_old_version_from_history_changes_only_the_draft(reviewer, editor_only, content):
    article = Article.objects.get(slug="what-is-crs")
    url = change_url(article)
    editor_only.post(url, form_data(editor_only, url, title="What CRS is, v2"))
    publish_draft()
    assert reader_sees("/what-is-crs/", "What CRS is, v2")
    version = reversion.models.Version.objects.get_for_object(article).last()  # the oldest
    revert_url = reverse("admin:crsinfo_article_revision", args=[article.pk, version.pk])
    response = editor_only.post(revert_url, form_data(editor_only, revert_url))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).title != "What CRS is, v2"
    assert reader_sees("/what-is-crs/", "What CRS is, v2")  # readers: unchanged until published


def test_unpublishing_and_retiring_ask_for_confirmation_and_wait_for_review(editor_only, content):
    article = Article.objects.get(slug="covid-19")
    url = change_url(article)
    data = form_data(editor_only, url)
    data.pop("is_published")
    response = editor_only.post(url, data)
    assert response.status_code == 200
    assert "Tick to confirm" in response.content.decode()
    assert Article.objects.get(pk=article.pk).is_published
    response = editor_only.post(url, {**data, "confirm_withdrawal": "on"})
    assert response.status_code == 302
    assert not Article.objects.get(pk=article.pk).is_published
    assert Client().get("/covid-19/").status_code == 200  # until a reviewer publishes
    publish_draft()
    assert Client().get("/covid-19/").status_code == 404

    response = editor_only.post(url, form_data(editor_only, url, is_retired="on"))
    assert Client().get("/covid-19/").status_code == 404


# --- preview ----------------------------------------------------------------------------------


def test_staff_preview_the_draft_on_the_real_addresses_with_a_banner(editor_only, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    assert "Preview of the draft" not in editor_only.get("/when-to-get-help/").content.decode()
    response = editor_only.post(reverse("admin:preview"), {"preview": "on", "next": "/check/"})
    assert response.status_code == 302 and response["Location"] == "/check/"
    page = editor_only.get("/when-to-get-help/")
    html = page.content.decode()
    assert "Preview of the draft" in html
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    answer = editor_only.post(CHECK, {"symptoms": ["dizziness"]}).content.decode()
    assert "Call 911 now" in answer
    handout = editor_only.get("/print/handout/").content.decode()
    assert "Preview of the draft" in handout
    # Readers never see the preview.
    assert not dizziness_on_check("Call 911 now")
    assert "Preview of the draft" not in Client().get("/when-to-get-help/").content.decode()
    editor_only.post(reverse("admin:preview"), {"preview": "off"})
    assert "Preview of the draft" not in editor_only.get("/when-to-get-help/").content.decode()


def test_each_review_address_takes_only_its_methods(editor_only, reviewer, content):
    release = Release.objects.get()
    for url in (reverse("admin:review"), reverse("admin:releases"), reverse("admin:release", args=[release.pk])):
        assert reviewer.get(url).status_code == 200
        assert reviewer.post(url).status_code == 405
    for url in (reverse("admin:review-publish"), reverse("admin:review-submit"), reverse("admin:preview")):
        assert reviewer.get(url).status_code == 405
    assert reviewer.get(reverse("admin:release", args=[release.pk + 99])).status_code == 404
    assert Client().get(reverse("admin:review")).status_code == 302  # to the sign-in page


def test_preview_ignores_an_address_on_another_site(editor_only, content):
    response = editor_only.post(reverse("admin:preview"), {"preview": "on", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_live_markdown_preview_while_typing(editor_only, content):
    url = reverse("admin:markdown-preview") + "?field=intro_en"
    response = editor_only.post(url, {"intro_en": "Call **now**.\n\n- one\n- two"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>now</strong>" in html and "Reading grade" in html
    bad = editor_only.post(url, {"intro_en": "<script>x</script> ![x](/a.png) [here](/no-such-page/)"}).content.decode()
    assert "<script>" not in bad and "errorlist" in bad
    assert editor_only.get(url).status_code == 405
    # The article form carries the preview on its Markdown fields.
    form = editor_only.get(change_url(Article.objects.get(slug="what-is-crs"))).content.decode()
    assert 'data-hx-post="/admin/markdown-preview/?field=intro_en"' in form
    # The Spanish beside it is scored for Spanish (Fernández-Huerta), not with an English grade.
    assert 'data-hx-post="/admin/markdown-preview/?field=intro_es"' in form
    spanish = editor_only.post(
        reverse("admin:markdown-preview") + "?field=intro_es", {"intro_es": "Llame **ahora**. No espere."}
    ).content.decode()
    assert "Fernández-Huerta" in spanish and "Reading grade" not in spanish
    assert "htmx-4.0.1.min.js" in form


# --- submitting, reviewing, publishing --------------------------------------------------------


def test_submit_for_review_needs_a_note_and_a_change(editor_only, reviewer, content, django_user_model):
    give_emails(django_user_model)
    submit = reverse("admin:review-submit")
    response = editor_only.post(submit, {"note": ""})
    assert response.status_code == 400 and "Write a note" in response.content.decode()
    response = editor_only.post(submit, {"note": "Nothing changed"})
    assert response.status_code == 400 and "nothing to review" in response.content.decode()
    assert editor_only.post(submit, {"note": "x" * 2001}).status_code == 400

    change_symptom_urgency(editor_only, "dizziness", "emergency")
    response = editor_only.post(submit, {"note": "Dizziness is an emergency now"})
    assert response.status_code == 302
    request = ReviewRequest.objects.get()
    assert request.status == "waiting" and request.submitted_by_name == "Edna Tester"
    assert [m.to for m in mail.outbox] == [["rita@example.org"]]
    assert "Dizziness is an emergency now" in mail.outbox[0].body
    index = reviewer.get(reverse("admin:index")).content.decode()
    assert "Waiting for review" in index and "Dizziness is an emergency now" in index


def test_the_reviewer_sees_the_complete_change_with_clinical_fields_called_out(editor_only, reviewer, content):
    number = help_page_text_with_number()
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    change_fever_page(editor_only, number, number.replace(next(c for c in number if c.isdigit()), "9", 1))
    # A line-ending-only change to another page is not a change.
    article = Article.objects.get(slug="what-is-crs")
    section = article.sections.first()
    section.body = section.body.replace("\n", "\r\n") + "  \r\n"
    section.save()
    page = reviewer.get(reverse("admin:review"))
    html = page.content.decode()
    assert page.status_code == 200
    changes = page.context["changes"]
    kinds = {(c.kind, c.key) for c in changes}
    assert kinds == {("symptom", "dizziness"), ("page", "when-to-get-help")}
    symptom = next(c for c in changes if c.kind == "symptom")
    assert symptom.clinical and symptom.fields[0].name == "urgency"
    assert "<del>urgent</del><ins>emergency</ins>" in html
    body = next(c for c in changes if c.kind == "page").fields[0]
    assert body.name.startswith("section") and body.name.endswith("body")
    assert body.clinical.startswith("numbers changed")
    assert "<del>" in str(body.html) and "<ins>" in str(body.html)


def test_publishing_is_atomic_recorded_and_signs_off_the_changed_pages(
    editor_only, reviewer, content, django_capture_on_commit_callbacks
):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    change_fever_page(editor_only, "Call", "Phone")
    editor_only.post(reverse("admin:review-submit"), {"note": "Dizziness and wording"})
    assert not dizziness_on_check("Call 911 now")
    page = reviewer.get(reverse("admin:review"))
    digest, state = page.context["draft_digest"], page.context["release_state"]
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(
            reverse("admin:review-publish"),
            {
                "draft_digest": digest,
                "release_state": state,
                "note": "Checked against ASTCT",
                "sign_off": ["when-to-get-help"],
            },
        )
    assert response.status_code == 302
    release = Release.objects.first()
    assert release.published_by_name == "Rita Tester" and release.note == "Checked against ASTCT"
    assert "symptom “Dizziness”: urgency" in release.changes
    # Both changes at once, for readers.
    assert dizziness_on_check("Call 911 now")
    help_page = Client().get("/when-to-get-help/").content.decode()
    assert "Phone" in help_page
    assert f"{timezone.localdate():%-d %B %Y}</time> by Rita Tester" in help_page
    assert ReviewRequest.objects.get().status == "published"
    assert Article.objects.get(slug="when-to-get-help").reviewed_by == "Rita Tester"


def test_a_draft_changed_during_review_is_not_published(editor_only, reviewer, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    page = reviewer.get(reverse("admin:review"))
    digest, state = page.context["draft_digest"], page.context["release_state"]
    change_symptom_urgency(editor_only, "fainting", "urgent")  # after the reviewer looked
    response = reviewer.post(reverse("admin:review-publish"), {"draft_digest": digest, "release_state": state})
    assert response.status_code == 409
    assert "Nothing was published" in response.content.decode()
    assert Release.objects.count() == 1
    assert not dizziness_on_check("Call 911 now")


def test_a_reviewer_sends_it_back_with_a_comment_the_editor_sees(editor_only, reviewer, content, django_user_model):
    give_emails(django_user_model)
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    editor_only.post(reverse("admin:review-submit"), {"note": "Please check"})
    request = ReviewRequest.objects.get()
    url = reverse("admin:review-send-back", args=[request.pk])
    assert reviewer.post(url, {"comment": ""}).status_code == 400
    assert editor_only.post(url, {"comment": "no"}).status_code == 403
    mail.outbox.clear()
    assert reviewer.post(url, {"comment": "Dizziness stays urgent (ASTCT)."}).status_code == 302
    assert reviewer.post(url, {"comment": "again"}).status_code == 409
    assert ReviewRequest.objects.get().status == "sent_back"
    assert "Dizziness stays urgent (ASTCT)." in editor_only.get(reverse("admin:review")).content.decode()
    assert "Dizziness stays urgent (ASTCT)." in editor_only.get(reverse("admin:index")).content.decode()
    assert mail.outbox[0].to == ["edna@example.org"]
    assert Release.objects.count() == 1


def test_scheduled_publishing(editor_only, reviewer, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    page = reviewer.get(reverse("admin:review"))
    digest, state = page.context["draft_digest"], page.context["release_state"]
    publish = reverse("admin:review-publish")
    for bad, message in [
        ("yesterday", "Enter the time"),
        ((timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "in the future"),
        ((timezone.localtime() + datetime.timedelta(days=400)).strftime("%Y-%m-%dT%H:%M"), "within the next year"),
    ]:
        response = reviewer.post(publish, {"draft_digest": digest, "release_state": state, "go_live_at": bad})
        assert response.status_code == 400 and message in response.content.decode()
    later = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    assert (
        reviewer.post(publish, {"draft_digest": digest, "release_state": state, "go_live_at": later}).status_code == 302
    )
    scheduled = Release.objects.first()
    assert scheduled.go_live_at > timezone.now()
    assert not dizziness_on_check("Call 911 now")  # not yet
    assert "Scheduled" in reviewer.get(reverse("admin:releases")).content.decode()
    # Time passes: the pointer knows when the next release is due and looks again then.
    Release.objects.filter(pk=scheduled.pk).update(go_live_at=timezone.now() - datetime.timedelta(seconds=1))
    pointer = current.current_pointer()
    pointer["until"] = 1.0  # as if now were after the scheduled time
    current._Memory.pointer, current._Memory.checked_at = pointer, -1e9
    from django.core.cache import cache

    cache.set(current.POINTER_KEY, {**pointer, "until": 1.0})
    assert dizziness_on_check("Call 911 now")


def test_a_scheduled_release_can_be_cancelled(editor_only, reviewer, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    page = reviewer.get(reverse("admin:review"))
    digest, state = page.context["draft_digest"], page.context["release_state"]
    later = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    reviewer.post(
        reverse("admin:review-publish"), {"draft_digest": digest, "release_state": state, "go_live_at": later}
    )
    scheduled = Release.objects.first()
    assert reviewer.post(reverse("admin:release-cancel", args=[scheduled.pk])).status_code == 302
    assert Release.objects.get(pk=scheduled.pk).cancelled


def test_an_earlier_release_comes_back_as_a_new_one(editor_only, reviewer, content, django_capture_on_commit_callbacks):
    first = Release.objects.get()
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    publish_draft()
    assert dizziness_on_check("Call 911 now")
    url = reverse("admin:release-bring-back", args=[first.pk])
    reviewer.post(url, {})  # not confirmed
    assert Release.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        state = reviewer.get(reverse("admin:release", args=[first.pk])).context["release_state"]
        assert reviewer.post(url, {"confirm": "yes", "note": "Wrong change", "release_state": state}).status_code == 302
    newest = Release.objects.first()
    assert newest.restored_from == first and json.loads(newest.content) == json.loads(first.content)
    assert not dizziness_on_check("Call 911 now")
    detail = reviewer.get(reverse("admin:release", args=[newest.pk])).content.decode()
    assert "Readers see this release" in detail and "brought back" in detail


def test_a_new_page_shows_no_review_date_until_a_reviewer_signs_it_off(editor_only, content):
    response = editor_only.post(
        reverse("admin:crsinfo_article_add"),
        {
            "title_en": "A new page",
            "nav_title_en": "New page",
            "slug": "a-new-page",
            "summary_en": "A page for the test.",
            "kind": "standard",
            "order": 50,
            "intro_en": "Some words.",
            "is_published": "on",
            "sections-TOTAL_FORMS": 0,
            "sections-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    publish_draft()  # published without a sign-off
    response = Client().get("/a-new-page/")
    html = response.content.decode()
    assert "A new page" in html and "last reviewed" not in html.lower()
    assert "lastReviewed" not in response.context["structured_data"]


def test_review_dates_cannot_be_typed_in_admin(reviewer, content):
    article = Article.objects.get(slug="covid-19")
    url = change_url(article)
    before = (article.last_reviewed, article.reviewed_by)
    reviewer.post(url, form_data(reviewer, url, last_reviewed="2030-01-01", reviewed_by="Dr Forged"))
    article.refresh_from_db()
    assert (article.last_reviewed, article.reviewed_by) == before


# --- no lost work -----------------------------------------------------------------------------


def test_a_stale_symptom_list_never_undoes_someone_elses_change(make_user, content):
    ann, ben = make_user("ann", "Editors"), make_user("ben", "Editors")
    changelist = reverse("admin:crsinfo_symptom_changelist")
    stale = ann.get(changelist)  # Ann opens the list
    html = stale.content.decode()
    formset = stale.context["cl"].formset
    data = {f"form-{k}": v for k, v in formset.management_form.initial.items()}
    rows = {}
    for form in formset.forms:
        data[form.add_prefix("id")] = form.instance.pk
        data[form.add_prefix("urgency")] = form.instance.urgency
        data[form.add_prefix("urgency-seen")] = form.instance.urgency
        rows[form.instance.slug] = form
    assert 'name="form-0-urgency-seen"' in html
    # Ben changes dizziness from its own change form.
    change_symptom_urgency(ben, "dizziness", "emergency")
    # Ann saves the list, having changed fainting only: dizziness keeps Ben's value.
    data[rows["fainting"].add_prefix("urgency")] = "urgent"
    response = ann.post(changelist, {**data, "_save": "Save"})
    assert response.status_code == 302
    assert Symptom.objects.get(slug="dizziness").urgency == "emergency"
    assert Symptom.objects.get(slug="fainting").urgency == "urgent"
    # Ann changed dizziness too, from what she saw: refused with a message, Ben's value kept.
    data[rows["dizziness"].add_prefix("urgency")] = "routine"
    response = ann.post(changelist, {**data, "_save": "Save"})
    assert response.status_code == 200
    assert "Someone else changed this" in response.content.decode()
    assert Symptom.objects.get(slug="dizziness").urgency == "emergency"


def test_someone_else_having_the_item_open_is_shown(make_user, content):
    ann, ben = make_user("ann", "Editors"), make_user("ben", "Editors")
    url = reverse("admin:crsinfo_symptom_change", args=[Symptom.objects.get(slug="fever").pk])
    first = ann.get(url).content.decode()
    assert "may be changing it" not in first
    second = ben.get(url).content.decode()
    assert "Ann Tester opened this item" in second and "may be changing it" in second


# --- speed: readers' pages do not touch the database once warm ---------------------------------


ARTICLES = sorted(p.stem for p in (ROOT / "content" / "articles").glob("*.yaml"))
PUBLIC = ["/", "/check/", "/glossary/", "/printables/", "/print/handout/", "/print/wallet-card/", "/styleguide/"]


@pytest.mark.parametrize("path", PUBLIC + [f"/{slug}/" for slug in ARTICLES])
def test_public_pages_need_few_queries(client, content, path, django_assert_max_num_queries):
    current.forget()
    with django_assert_max_num_queries(3):
        assert client.get(path).status_code == 200  # cold: the pointer and the release
    with django_assert_max_num_queries(0):
        assert client.get(path).status_code == 200  # warm


def test_the_checklist_answer_needs_no_query(client, content, django_assert_max_num_queries):
    client.get(CHECK)
    with django_assert_max_num_queries(0):
        assert client.post(CHECK, {"symptoms": ["fever"]}).status_code == 200


def test_a_publication_reaches_every_worker_through_the_shared_pointer(editor_only, content):
    """Another process (here: this one, having forgotten everything) reads the shared cache."""
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    assert not dizziness_on_check("Call 911 now")
    release = publish.publish(note="test")
    current.refresh_pointer()
    current.forget()
    assert current.current_pointer()["number"] == release.pk
    assert dizziness_on_check("Call 911 now")


def test_clinics_are_published_like_everything_else(content, reviewer):
    make_clinic()
    assert Client().get("/clinics/riverside/").status_code == 404
    publish_draft()
    assert Client().get("/clinics/riverside/").status_code == 200
    Clinic.objects.filter(slug="riverside").update(phone_daytime="020 0000 0000")
    changes = reviewer.get(reverse("admin:review")).context["changes"]
    assert changes[0].kind == "clinic" and changes[0].fields[0].clinical


def test_the_draft_snapshot_gives_each_section_its_identity(content):
    from crsinfo.models import Section
    from crsinfo.publishing.site import PublishedSite
    from crsinfo.publishing.snapshot import draft_snapshot

    snapshot = draft_snapshot()
    article = next(a for a in snapshot["articles"] if a["slug"] == "when-to-get-help")
    assert [s["id"] for s in article["sections"]] == list(
        Section.objects.filter(article__slug="when-to-get-help").values_list("pk", flat=True)
    )
    assert PublishedSite(snapshot, digest="x").by_slug["when-to-get-help"].section_list


def test_a_release_made_before_section_ids_still_counts_as_the_draft(content):
    """After an upgrade, the newest release has no section ids: the draft (which has them) is
    still what it holds, so a content load publishes as before and nothing waits for review."""
    from crsinfo.publishing.snapshot import digest_of, encode, without_section_ids

    release = Release.objects.get()
    old = without_section_ids(json.loads(release.content))
    Release.objects.filter(pk=release.pk).update(content=encode(old), digest=digest_of(old))
    assert publish.draft_is_published()
    assert publish.publish_if_changed("again") is None


def test_the_review_page_says_an_untranslated_item_is_english_on_its_own(reviewer, content):
    """Since a shared item without Spanish is shown in English on its own (crsinfo/i18n.py), the
    review page says that, not that every Spanish page turns English."""
    from crsinfo.models import GlossaryTerm

    GlossaryTerm.objects.create(term="Zeta test term", slug="zeta-test-term", definition="Only in English.")
    html = reviewer.get(reverse("admin:review")).content.decode()
    spanish = html[html.index('id="spanish"') :]
    assert "Shown in English on the Spanish pages" in spanish
    assert "Zeta test term" in spanish
    assert "Every Spanish page will show the English" not in spanish


def test_a_reviewer_publishing_their_own_change_must_say_no_other_reviewer_can(
    reviewer, editor_only, content, django_capture_on_commit_callbacks
):
    """Nobody else has looked at a reviewer's own change: publishing it alone needs an explicit
    confirmation, and the release's record says so (reliability review L4)."""
    change_symptom_urgency(reviewer, "dizziness", "emergency")  # the reviewer edits
    page = reviewer.get(reverse("admin:review"))
    assert "You made some of these changes yourself" in page.content.decode()
    form = {"draft_digest": page.context["draft_digest"], "release_state": page.context["release_state"]}
    refused = reviewer.post(reverse("admin:review-publish"), form)
    assert refused.status_code == 400
    assert "you made some of these changes yourself" in refused.content.decode()
    assert not dizziness_on_check("Call 911 now")
    with django_capture_on_commit_callbacks(execute=True):
        published = reviewer.post(
            reverse("admin:review-publish"), {**form, "own_changes": "confirmed", "note": "Urgent"}
        )
    assert published.status_code == 302
    release = Release.objects.order_by("pk").last()
    assert release.note.startswith("Urgent")
    assert "no second reviewer" in release.note
    assert "Dizziness" in release.note
    assert dizziness_on_check("Call 911 now")


def test_another_reviewers_change_needs_no_such_confirmation(editor_only, reviewer, content):
    change_symptom_urgency(editor_only, "dizziness", "emergency")
    page = reviewer.get(reverse("admin:review"))
    assert "You made some of these changes yourself" not in page.content.decode()
