"""Readers are served when something is wrong: health checks, a bad Host header, unknown methods,
error pages that cannot fail, no cookies on public pages, and a fuzz test of every public URL."""

import logging

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crsinfo.models import SiteSettings
from tests.conftest import publish_draft

PUBLIC = ["/", "/symptoms/", "/when-to-get-help/", "/check/", "/glossary/", "/printables/", "/print/handout/",
          "/print/wallet-card/", "/sitemap.xml", "/robots.txt", "/search/?q=fever", "/styleguide/"]  # fmt: skip


def test_healthz_says_the_process_is_alive_whatever_the_host(client):
    for host in ("127.0.0.1", "10.0.0.5", "not-allowed.example"):
        response = client.get("/healthz", HTTP_HOST=host)
        assert response.status_code == 200
        assert response.content == b"ok\n"
        assert response["Content-Type"].startswith("text/plain")
        assert "no-store" in response["Cache-Control"]


def test_readyz_says_what_answers(client, db):
    response = client.get("/readyz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    assert response.content.decode() == "ready\ndatabase: ok\ncache: ok\nrelease: nothing published yet\n"
    call_command("load_content", verbosity=0)
    from crsinfo.models import Release

    number = Release.objects.get().pk
    assert client.get("/readyz").content.decode().endswith(f"release: {number}\n")


def test_readyz_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    from django.db import OperationalError

    from crsinfo.ops import health

    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode().startswith("not ready\ndatabase: unreachable\n")
    assert "refused" not in response.content.decode(), "no details a stranger could use"


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:8000\r\nX-Injected: 1", "[::1", "a" * 300, ""])
def test_a_bad_host_gets_400_never_500_and_no_traceback_in_the_log(client, content, host, caplog):
    caplog.set_level(logging.DEBUG)
    for path in ("/", "/check/", "/sitemap.xml", "/no-such-page/", "/print/handout/", "/admin/"):
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 400, (host, path)
        assert b"Sorry, we could not read that request" in response.content
        assert b'href="tel:911"' in response.content
    assert "Traceback" not in caplog.text
    assert "evil.example" not in caplog.text, "the log keeps nothing the request brought"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"])
@pytest.mark.parametrize("path", ["/", "/symptoms/", "/sitemap.xml", "/robots.txt", "/printables/", "/check/"])
def test_unknown_methods_on_public_pages_get_405_with_allow(client, content, method, path):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert "HEAD" in response["Allow"]


def test_the_500_page_needs_nothing_and_shows_the_last_known_emergency_number(client, content):
    from crsinfo.ops import errors

    SiteSettings.objects.filter(pk=1).update(emergency_number="112")
    publish_draft()
    client.get("/check/")  # the process reads the settings
    response = errors.server_error(None)
    html = response.content.decode()
    assert response.status_code == 500
    assert 'href="tel:112"' in html
    assert "no-store" in response["Cache-Control"]


def test_a_server_error_is_answered_by_the_static_page(content, monkeypatch):
    from crsinfo.pages import article

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(article, "structured_data", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/when-to-get-help/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with this site" in response.content
    assert b'href="tel:911"' in response.content


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_never_set_or_vary_on_cookies_even_with_stale_ones(client, content, path):
    client.cookies["sessionid"] = "stale-session-that-does-not-exist"
    client.cookies["csrftoken"] = "malformed!"
    response = client.get(path)
    assert response.status_code == 200, path
    assert not response.cookies, (path, response.cookies)
    assert "Set-Cookie" not in response.headers
    assert "cookie" not in response.get("Vary", "").lower()


# --- fuzzing -----------------------------------------------------------------------------------------

paths = st.one_of(
    st.sampled_from([*PUBLIC, "/clinics/riverside/", "/print/handout/riverside/", "/no-such-page/"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40).map(lambda t: "/" + t),
)
methods = st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "FOO"])
# What a WSGI server can hand over: header values are bytes read as latin-1.
header_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0xFF), max_size=60)
bodies = st.one_of(
    st.just(""),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
    st.builds(
        lambda symptoms, extra: "&".join([*(f"symptoms={s}" for s in symptoms), extra]),
        st.lists(st.sampled_from(["confusion", "fever", "headache", "x" * 70, "%00", ""]), max_size=4),
        st.sampled_from(
            ["", "none=on", "temperature=1e999", "temperature=%F0%9F%94%A5", "unit=K", "worse=yes&worse=no"]
        ),
    ),
)


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=paths,
    method=methods,
    query=st.one_of(st.just(""), header_values),
    host=st.one_of(st.just("127.0.0.1"), header_values),
    cookie=st.one_of(st.just(""), header_values),
    content_type=st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "x/y; q"]),
    body=bodies,
)
def test_no_hostile_request_gets_a_5xx(content, clinic, path, method, query, host, cookie, content_type, body):
    client = Client(raise_request_exception=False)
    headers = {"HTTP_HOST": host, "CONTENT_TYPE": content_type}
    if cookie:
        headers["HTTP_COOKIE"] = cookie
    full = path + ("?" + query if query else "")
    try:
        response = client.generic(method, full, data=body.encode("utf-8", "surrogatepass"), **headers)
    except UnicodeError:
        return  # not a request a client can send
    assert response.status_code < 500, (method, full, host, response.status_code)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "POST"])
@pytest.mark.parametrize("path", ["/", "/symptoms/", "/es/symptoms/", "/glossary/", "/sitemap.xml", "/robots.txt"])
def test_odd_methods_get_405_not_a_csrf_failure(content, method, path):
    """As a browser or a script would send them (CSRF checks on): a page that answers only GET and
    HEAD says so with 405 and Allow, never "CSRF verification failed"."""
    response = Client(enforce_csrf_checks=True).generic(method, path)
    assert response.status_code == 405, response.content[:200]
    assert response["Allow"] == "GET, HEAD"
    assert b"Method not allowed" in response.content


def test_a_405_from_the_static_files_gets_the_plain_message_not_a_500(rf):
    """WhiteNoise answers other methods on a static file with a streaming 405: the message is added
    without reading a streaming body (which was a 500 with a traceback)."""
    from django.http import StreamingHttpResponse

    from crsinfo.ops.http import PlainMethodNotAllowed

    def static_file(request):
        response = StreamingHttpResponse(iter([b""]), status=405)
        response["Allow"] = "GET, HEAD"
        return response

    response = PlainMethodNotAllowed(static_file)(rf.post("/static/css/site.css"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.content.startswith(b"Method not allowed")
