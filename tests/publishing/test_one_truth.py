"""One truth under load: every response equals the one the same request gets alone.

Real gunicorn (the project's gunicorn.conf.py, threads sharing one process's release in memory),
English and Spanish at once: every public page, the printables, the clinic pages, search,
checklist answers (whole pages and htmx fragments) and a staff preview of the draft. Each request
carries a unique query string, so nothing comes from the page cache or the last good copies:
every response is rendered while the other threads render the other language.

The reference for each request is the same request sent alone, before the load starts.
"""

import concurrent.futures
import itertools
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from tests.conftest import ROOT
from tests.ops.test_gunicorn import free_port, gunicorn_env

ARTICLES = sorted(p.stem for p in (ROOT / "content" / "articles").glob("*.yaml"))
PAGES = [
    "",
    "check/",
    "glossary/",
    "printables/",
    "print/handout/",
    "print/wallet-card/",
    "print/handout/riverside/",
    "print/wallet-card/riverside/",
    "clinics/riverside/",
    "search/?q=fever",
    "search/?q=breathing+steroids",
    "search/?q=%3Cb%3Efiebre%3C%2Fb%3E+respirar",
    *(f"{slug}/" for slug in ARTICLES),
]
ANSWERS = [
    # calm, after answering everything
    "symptoms=headache&worse=no&duration=1-3-days&treatment=earlier&medicine=no&temperature=&unit=F",
    # an emergency, with a temperature in the other unit
    "symptoms=confusion&symptoms=headache&worse=no&duration=1-3-days&treatment=recent&medicine=no"
    "&temperature=38.4&unit=F",
    # nothing answered but a fever
    "symptoms=fever",
]

# What the preview script sets up: a staff member with two-factor sign-in whose session has the
# draft preview turned on, and a draft that differs from the release (so a preview shows it).
PREVIEW_SESSION = """
import time
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from crsinfo.models import Symptom
from crsinfo.publishing.preview import SESSION_KEY as PREVIEW
Symptom.objects.filter(slug="headache").update(name_en="Headache (draft)", name_es="Dolor de cabeza (borrador)")
user = get_user_model().objects.create_superuser("rita", "rita@example.org", "a-long-test-password-1")
device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
session = SessionStore()
session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(), DEVICE_ID_SESSION_KEY: device.persistent_id,
                PREVIEW: True, "staff_started": time.time(), "staff_seen": time.time()})
session.create()
print(session.session_key)
"""


CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def database_url(tmp_path) -> str:
    """A database of the kind the suite runs on (SQLite, or the suite's PostgreSQL server)."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    settings = connection.settings_dict
    if not shutil.which("createdb"):
        pytest.fail("createdb is needed (Debian package postgresql-client)")
    env = {"PATH": "/usr/bin:/bin", "PGPASSWORD": settings["PASSWORD"] or ""}
    # The pytest-xdist worker too (gw0, gw1, ...): two workers' databases never share a name.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = "_".join(filter(None, ["crsinfo", worker, tmp_path.name[:40].lower().replace("-", "_")]))
    for command in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*command, "-h", settings["HOST"], "-U", settings["USER"], name], env=env, check=True)
    return f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT'] or 5432}/{name}"


def requests_to_make(session_key: str) -> list[tuple[str, str, str, dict]]:
    """(name, method, path, headers) for every kind of response, in both languages."""
    out = []
    # Each English request next to its Spanish twin, so the two are rendered at the same time.
    for page in PAGES:
        out += [(f"GET /{prefix}{page}", "GET", f"/{prefix}{page}", {}) for prefix in ("", "es/")]
    for (i, body), htmx in itertools.product(enumerate(ANSWERS), (False, True)):
        name = f"POST {{}}check/ {i}{' (htmx)' if htmx else ''}"
        out += [(name.format(f"/{p}"), "POST", f"/{p}check/", {"body": body, "htmx": htmx}) for p in ("", "es/")]
    for page in ("", "symptoms/", "when-to-get-help/", "print/handout/"):
        out += [(f"preview /{p}{page}", "GET", f"/{p}{page}", {"session": session_key}) for p in ("", "es/")]
    return out


def fetch(port: int, method: str, path: str, options: dict, tag: str) -> str:
    separator = "&" if "?" in path else "?"
    url = f"http://127.0.0.1:{port}{path}{separator}one-truth={tag}"
    headers = {}
    data = None
    if "body" in options:
        data = options["body"].encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if options.get("htmx"):
        headers["HX-Request"] = "true"
    if options.get("session"):
        headers["Cookie"] = f"sessionid={options['session']}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 -- our own server
        body = response.read().decode()
        status = response.status
    # The tag may differ (the address as the page repeats it), and a staff page's CSRF token.
    body = CSRF_TOKEN.sub("CSRF", body.replace(f"one-truth={tag}", "TAG"))
    return f"{status}\n{body}"


@pytest.mark.django_db(transaction=True)
def test_every_response_under_load_in_both_languages_equals_the_one_sent_alone(tmp_path):
    port = free_port()
    env = gunicorn_env(
        port,
        tmp_path,
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="8",
        DATABASE_URL=database_url(tmp_path),
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_RELEASE_DIR=str(tmp_path / "releases"),
        DJANGO_LAST_GOOD_DIR=str(tmp_path / "last-good"),
        # Every search answered, not turned away as a flood (tests/search/test_search.py tests that).
        DJANGO_SEARCH_CONCURRENCY="8",
    )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["load_content", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True)
    publish = "from tests.conftest import make_clinic, publish_draft; make_clinic(); publish_draft()"
    subprocess.run([*manage, "shell", "-c", publish], cwd=ROOT, env=env, check=True)
    session_key = subprocess.run(
        [*manage, "shell", "-c", PREVIEW_SESSION], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [*manage[:1], "-m", "gunicorn", "--config", "gunicorn.conf.py", "crsinfo.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    todo = requests_to_make(session_key)
    counter = itertools.count()
    try:
        for _ in range(150):
            try:
                fetch(port, "GET", "/healthz", {}, "start")
                break
            except OSError:
                time.sleep(0.1)
        # Alone: one request at a time, each rendered afresh.
        alone = {name: fetch(port, method, path, options, "alone") for name, method, path, options in todo}
        # Under load: eight client threads on eight server threads, both languages interleaved.
        work = [item for _round in range(6) for item in todo]

        def under_load(item):
            name, method, path, options = item
            return name, fetch(port, method, path, options, f"load-{next(counter)}")

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            loaded = list(pool.map(under_load, work))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    # The references are what they should be: English and Spanish pages differ, previews show the draft.
    assert alone["GET /"] != alone["GET /es/"]
    assert 'lang="es"' in alone["GET /es/symptoms/"]
    assert "Headache (draft)" in alone["preview /symptoms/"]
    assert "Headache (draft)" not in alone["GET /symptoms/"]
    assert all(text.startswith("200\n") for text in alone.values()), [n for n, t in alone.items() if t[:3] != "200"]
    assert len(loaded) == 6 * len(todo)
    differing = [name for name, text in loaded if text != alone[name]]
    assert not differing, (
        f"{len(differing)} of {len(loaded)} responses under load differ from the same request alone: "
        f"{sorted(set(differing))}"
    )


def fingerprint(site) -> list:
    """Every value held by the objects of a release's read model (Django's ``_state`` aside)."""
    objects = [
        site.settings,
        *site.references.values(),
        *site.groups,
        *site.symptoms,
        *site.risk_groups,
        *site.prevention,
        *site.glossary,
        *site.clinics.values(),
        *site.articles,
        *(section for article in site.articles for section in article.section_list),
    ]
    return [
        (type(obj).__name__, sorted((k, repr(v)) for k, v in vars(obj).items() if k != "_state")) for obj in objects
    ]


def test_no_request_writes_on_the_release_read_model(client, content):
    """The release in memory is shared by every request of a process: rendering every page, every
    printable and checklist answers in both languages leaves it exactly as it was built."""
    from crsinfo.publishing import current
    from tests.conftest import make_clinic, publish_draft

    make_clinic()
    publish_draft()
    site = current.current_site()
    before = fingerprint(site)
    for prefix in ("", "es/"):
        for page in PAGES:
            assert client.get(f"/{prefix}{page}").status_code == 200, page
        for body in ANSWERS:
            for headers in ({}, {"HX-Request": "true"}):
                response = client.post(f"/{prefix}check/", body, "application/x-www-form-urlencoded", headers=headers)
                assert response.status_code == 200
    assert current.current_site() is site
    assert fingerprint(site) == before
