import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts"


class OneRequestAtATime:
    """Tests only: the live server shares one in-memory SQLite connection between its threads,
    and SQLite refuses two requests using it at once ("bad parameter or other API misuse") when a
    page loads others in parallel (the clinic page's printable previews). Serve one at a time."""

    lock = __import__("threading").Lock()

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with self.lock:
            return self.get_response(request)


def pytest_configure(config):
    settings.MIDDLEWARE = ["tests.conftest.OneRequestAtATime", *settings.MIDDLEWARE]
    # The last-good-copy store (crsinfo/ops/last_good.py) lives in a temporary folder during tests.
    import tempfile

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tempfile.mkdtemp(prefix="crsinfo-cache-"),
            "TIMEOUT": None,
        },
        "last-good": {**settings.CACHES["last-good"], "LOCATION": tempfile.mkdtemp(prefix="crsinfo-last-good-")},
    }
    settings.RELEASE_COPY_DIR = Path(tempfile.mkdtemp(prefix="crsinfo-releases-"))
    # Sign-ins in tests need not resist brute force: a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests read static files through the finders (no collectstatic needed);
    # tests/pages/test_static.py checks the production storage on its own.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fresh_process_memory():
    """Each test starts as a new process would: no release in memory or on disk, no page kept."""
    from django.core.cache import caches

    from crsinfo.checklist import answer, quick
    from crsinfo.ops import last_good
    from crsinfo.pages import quick as quick_search
    from crsinfo.pages import search_page
    from crsinfo.publishing import current, page_cache
    from crsinfo.search import query

    current.forget()
    answer.forget()
    quick.forget()
    page_cache.clear()
    query.forget_index()
    search_page.forget()
    quick_search.forget()
    caches["default"].clear()
    shutil.rmtree(settings.RELEASE_COPY_DIR, ignore_errors=True)
    last_good._written.clear()
    caches["last-good"].clear()


@pytest.fixture
def content(db):
    """The site's real content, loaded from content/ as `make run` loads it."""
    load_shipped_content()


# What load_content wrote the first time in this test run, row by row, to write again in later
# tests: hundreds of tests start from the shipped content, and loading English and Spanish through
# the loader each time costs a second. tests/content/test_content.py tests the loader itself.
_shipped: dict = {}


def _content_models():
    from django.apps import apps

    return [
        model
        for label in ("crsinfo", "reversion")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.db_table not in ("crsinfo_searchdocument",)
    ]


def _content_type_keys() -> dict:
    from django.contrib.contenttypes.models import ContentType

    return {
        pk: (app_label, model) for pk, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
    }


def load_shipped_content():
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    files = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in (ROOT / "content").rglob("*.yaml")))
    if files not in _shipped:
        before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in _content_models()}
        call_command("load_content", verbosity=0)
        # Field by field from the instances (values() would give translated fields in one language).
        _shipped[files] = (
            _content_type_keys(),
            [
                (
                    model,
                    [
                        {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
                        for obj in model._base_manager.all()
                        if obj.pk not in before[model]
                    ],
                )
                for model in _content_models()
            ],
        )
        return
    keys, tables = _shipped[files]
    # Content types by name, not number: a transactional test's flush (live_content) creates them
    # again with new numbers, and the history (django-reversion's versions) points at them.
    now = {key: pk for pk, key in _content_type_keys().items()}
    with transaction.atomic():
        for model, rows in tables:
            types = [f.attname for f in model._meta.concrete_fields if f.related_model is ContentType]
            model._base_manager.bulk_create(
                [model(**{**row, **{name: now[keys[row[name]]] for name in types}}) for row in rows]
            )


def make_clinic():
    from crsinfo.models import Clinic

    return Clinic.objects.create(
        name="Riverside Cancer Centre",
        slug="riverside",
        phone_daytime="020 7946 0123",
        phone_out_of_hours="+44 20 7946 0999",
        address_line="Riverside Hospital, Exampletown",
    )


@pytest.fixture
def live_content(transactional_db):
    """The real content and one clinic, committed so the live server sees them. The content is
    what load_content wrote the first time (load_shipped_content), as the `content` fixture has it."""
    load_shipped_content()
    make_clinic()
    publish_draft()


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password-1")


def verified_login(client, user):
    """Sign ``user`` in as if with a password and a two-factor code: give them an authenticator
    app (a confirmed TOTP device) and mark the session as verified with it, as django-otp does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test app", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def totp_code(device, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show for ``device`` now (or a step later: the device
    accepts one step of drift, and never the same step twice)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def article_form_data(client, article, section_bodies=None, **changes) -> dict:
    """What the article's admin change form posts, as the browser shows it, with ``changes`` and
    (optionally) new section bodies by position."""
    from django.urls import reverse

    form = client.get(reverse("admin:crsinfo_article_change", args=[article.pk])).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["references"] = [r.pk for r in article.references.all()]
    data["last_reviewed"] = article.last_reviewed.isoformat()
    data["next_review_due"] = article.next_review_due.isoformat()
    sections = list(article.sections.all())
    data.update({"sections-TOTAL_FORMS": len(sections), "sections-INITIAL_FORMS": len(sections)})
    data.update({"sections-MIN_NUM_FORMS": 0, "sections-MAX_NUM_FORMS": 1000})
    for i, section in enumerate(sections):
        fields = {"id": section.pk, "article": article.pk, "order": section.order, "heading_en": section.heading_en}
        fields |= {"heading_es": section.heading_es or "", "body_es": section.body_es or ""}
        fields |= {"kind": section.kind, "figure": section.figure}
        fields |= {"body_en": (section_bodies or {}).get(i, section.body_en)}
        data.update({f"sections-{i}-{name}": value for name, value in fields.items()})
    # The form shows each translated field in English and Spanish (title_en, title_es): a change
    # to "title" is a change to the English.
    translated = ("title", "nav_title", "summary", "intro")
    return {**data, **{f"{k}_en" if k in translated else k: v for k, v in changes.items()}}


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, group=None):
        user = django_user_model.objects.create_user(username, password="a-long-test-password-1", is_staff=True)
        user.first_name, user.last_name = username.capitalize(), "Tester"
        user.save()
        if group:
            from django.contrib.auth.models import Group

            user.groups.add(Group.objects.get(name=group))
        from django.test import Client

        client = Client()
        verified_login(client, user)
        return client

    return make


@pytest.fixture
def editor_only(make_user):
    """A verified client for an Editor."""
    return make_user("edna", "Editors")


@pytest.fixture
def reviewer(make_user):
    """A verified client for a Clinical reviewer."""
    return make_user("rita", "Clinical reviewers")


@pytest.fixture
def editor_client(client, editor):
    verified_login(client, editor)
    return client


# --- browser ---------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """The system Chromium, driven by Playwright. Never downloads a browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, or `apt-get install chromium`.")
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs `npm ci`).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh contexts: new_page(javascript=True, width=1024, zoom=1)."""
    contexts = []

    def open_page(javascript: bool = True, width: int = 1024, height: int = 800, **options):
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": width, "height": height}, **options
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def run_axe(page) -> list[dict]:
    """axe-core violations for WCAG 2.0-2.2 A and AA on the current page."""
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def run_axe_without_javascript(page, new_page) -> list[dict]:
    """axe needs JavaScript to run, so it checks a replay of the DOM that a browser with
    JavaScript off built (``page``), served at the same address with its scripts removed."""
    import re

    snapshot = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S)
    # One replay page per test, opened on first use: a new browser context for every page checked
    # cost half a second each. Each replay is a new document (goto), so nothing carries over that
    # axe looks at.
    if getattr(new_page, "replay", None) is None:
        new_page.replay = new_page()
    replay = new_page.replay
    replay.unroute_all()

    def serve(route):
        route.fulfill(body=snapshot, content_type="text/html")

    replay.route(page.url, serve)
    replay.goto(page.url)
    return run_axe(replay)


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def vnu_command() -> list[str]:
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if not jar.exists() or not java:
        pytest.fail("The Nu Html Checker needs node_modules/vnu-jar and Java: run `make test`.")
    return [java, "-jar", str(jar)]


def sitemap_paths(client) -> list[str]:
    """Every public page, as the sitemap lists it (paths only)."""
    from urllib.parse import urlsplit
    from xml.etree import ElementTree

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [urlsplit(loc.text).path for loc in tree.findall("sm:url/sm:loc", namespace)]


@pytest.fixture
def clinic(db):
    clinic = make_clinic()
    publish_draft()
    return clinic


# Public pages that are not in the sitemap (search results are not for search engines).
NOT_IN_SITEMAP = ["/search/", "/search/?q=breathing", "/es/search/", "/es/search/?q=fiebre"]


@pytest.fixture
def public_paths(client, content, clinic):
    return [*sitemap_paths(client), *NOT_IN_SITEMAP]


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


def publish_draft(user=None, note: str = "Published in a test"):
    """Publish the draft as a clinical reviewer would (crsinfo/publishing/), so readers see it."""
    from django.db import transaction

    from crsinfo.publishing import publish

    release = publish.publish(user=user, note=note)
    # Outside a test transaction on_commit never runs: move the pointer as a commit would.
    if transaction.get_connection().in_atomic_block:
        publish.after_publication()
    return release
