"""Site-wide checks on every public page, found through the sitemap."""

import os
import re
import subprocess
import sys

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.conftest import ROOT, publish_draft

# Routes that are not HTML pages for readers.
NOT_PAGES = {"sitemap", "robots-txt"}


def named_public_routes() -> set[str]:
    names = set()
    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and top.app_name == "admin":
            continue
        # Readers' pages sit under i18n_patterns: /... in English, /es/... in Spanish.
        for pattern in top.url_patterns if isinstance(top, URLResolver) else [top]:
            assert isinstance(pattern, URLPattern)
            if pattern.name and pattern.name not in NOT_PAGES:
                names.add(pattern.name)
    return names


def test_sitemap_covers_every_public_route(public_paths):
    from django.utils import translation

    seen = set()
    for path in public_paths:
        # A Spanish address resolves with Spanish active, as LanguageFromAddress makes it.
        with translation.override("es" if path.startswith("/es/") else "en"):
            seen.add(resolve(path.split("?")[0]).url_name)
    assert seen == named_public_routes()
    assert len(public_paths) >= 10  # home, style guide and the eight health pages


def test_sitemap_lists_only_published_articles(client, content):
    from crsinfo.models import Article

    Article.objects.filter(slug="covid-19").update(is_published=False)
    publish_draft()
    from tests.conftest import sitemap_paths

    paths = sitemap_paths(client)
    assert "/covid-19/" not in paths
    assert "/symptoms/" in paths


def test_every_public_page(client, public_paths):
    for path in public_paths:
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert response["Content-Type"] == "text/html; charset=utf-8", path
        assert len(re.findall(r"<h1[\s>]", html)) == 1, f"{path}: exactly one <h1>"
        title = re.search(r"<title>(.+?)</title>", html, re.S)
        assert title and title.group(1).strip(), f"{path}: <title>"
        description = re.search(r'<meta name="description" content="([^"]+)">', html)
        assert description and len(description.group(1)) >= 20, f"{path}: meta description"
        assert "Set-Cookie" not in response.headers, path
        assert not response.cookies, path
        csp = response["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "nonce-" not in csp, path
        # Printables may be framed by our own clinic pages (their preview), nothing else may be framed.
        framable = path.removeprefix("/es").startswith("/print/")
        assert f"frame-ancestors '{'self' if framable else 'none'}'" in csp, path
        assert response["X-Frame-Options"] == ("SAMEORIGIN" if framable else "DENY"), path
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        # Nothing is loaded from another host, and nothing runs inline.
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            if 'rel="canonical"' in tag or 'rel="alternate"' in tag:
                continue  # an address, not something the browser loads
            for url in re.findall(r'(?:src|href)="([^"]*)"', tag):
                assert not re.match(r"(https?:)?//", url) or url.startswith("http://testserver/"), (path, url)
        assert "<script>" not in html and " style=" not in html and "<style" not in html, path


def test_public_pages_are_cacheable(client, public_paths):
    response = client.get(public_paths[0])
    assert response["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    assert client.head(public_paths[0]).status_code == 200
    etag = response["ETag"]
    again = client.get(public_paths[0], headers={"if-none-match": etag})
    assert again.status_code == 304


def test_every_health_page_shows_audience_references_and_review_dates(client, content):
    from crsinfo.models import Article, SiteSettings

    settings = SiteSettings.objects.get(pk=1)
    for article in Article.objects.published():
        html = client.get(article.get_absolute_url()).content.decode()
        assert "Page last reviewed:" in html and "Next review due:" in html, article.slug
        assert article.last_reviewed.strftime("%Y-%m-%d") in html
        assert settings.audience.split(".")[0] in html, article.slug
        assert settings.disclaimer.split(".")[0] in html, article.slug
        for reference in article.references.all():
            assert reference.title in html


def test_unknown_page_is_a_helpful_404(client, content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="/"' in html
    assert "/when-to-get-help/" in html
    assert not response.cookies


def test_unpublished_article_is_404(client, content):
    from crsinfo.models import Article

    Article.objects.filter(slug="causes").update(is_published=False)
    publish_draft()
    assert client.get("/causes/").status_code == 404


def test_wrong_method_is_405_not_500(client, content):
    assert client.post("/symptoms/").status_code == 405
    assert client.delete("/").status_code == 405


def test_500_page_renders_without_a_database():
    from crsinfo.ops.errors import server_error

    html = server_error(None).content.decode()  # no db fixture: any query would fail the test
    assert "<h1>Sorry, there is a problem with this site</h1>" in html


def test_server_error_gets_the_500_page(client, content, monkeypatch):
    from crsinfo.pages import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with this site" in response.content.decode()
    assert "boom" not in response.content.decode()


def test_no_pending_migrations(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def production_env(**extra):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "x" * 60 + "-production-like-key-for-check-deploy",
        "DJANGO_ALLOWED_HOSTS": "crsinfo.example.org",
        "DJANGO_SETTINGS_MODULE": "crsinfo.settings",
        # Production sends review e-mails through SMTP (check --deploy refuses the console backend).
        "DJANGO_EMAIL_HOST": "smtp.example.org",
    }
    env.update(extra)
    return env


def test_check_deploy_passes_under_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("debug", ["", "0", "1"])
def test_missing_secret_key_stops_start_up(tmp_path, debug):
    # A copy of the settings module outside the project, so a local .secret_key cannot be found.
    env = production_env(DJANGO_SECRET_KEY="", DJANGO_DEBUG=debug)
    code = "import sys; sys.path.insert(0, sys.argv[1]); import crsinfo.settings"
    fake_root = tmp_path / "project"
    (fake_root / "crsinfo").mkdir(parents=True)
    (fake_root / "crsinfo" / "__init__.py").write_text("")
    (fake_root / "crsinfo" / "settings.py").write_text((ROOT / "crsinfo" / "settings.py").read_text())
    result = subprocess.run(
        [sys.executable, "-c", code, str(fake_root)], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_suite_runs_on_the_database_named_by_database_url(db):
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
