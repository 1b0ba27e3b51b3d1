"""The access log gunicorn writes with gunicorn.conf.py keeps nothing about the reader."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_env(port: int, tmp_path, **extra) -> dict:
    """The environment `make run` gives gunicorn, on ``port``, with static files in ``tmp_path``."""
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "gunicorn-test-key-" + "x" * 40,
        "DJANGO_HTTPS": "0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        # Caches and release copies in tmp_path, never the checkout's var/ (shared with `make run`
        # and with other test processes).
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_RELEASE_DIR": str(tmp_path / "releases"),
        "DJANGO_LAST_GOOD_DIR": str(tmp_path / "last-good"),
        **extra,
    }


def status_and_body(request) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 -- our own server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_access_log_has_no_query_string_address_referrer_or_user_agent(tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    # Its own empty database, so what it answers does not depend on the checkout's.
    env = gunicorn_env(port, tmp_path, WEB_CONCURRENCY="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "crsinfo.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/admin/login/?next=/secret-symptom-confusion/",
            headers={"User-Agent": "ReaderBrowser/1.0", "Referer": "https://clinic.example/patient/42"},
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 -- our own server
                    assert response.status == 200
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not start:\n" + log.read_text())
        # Malformed requests: gunicorn answers 400 and its log must not quote them or name the client.
        for raw in (
            b"GET /?q=secret-query HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n",
            b"GET /check/?secret-two HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
            b"\x16\x03\x01secret-three\r\n\r\n",
            b"GET /?secret-four HTTP/1.1\r\nHost: 127.0.0.1\r\nsecret five header\r\n\r\n",
            b"GET /?secret-six HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: secret\r\n\r\n",
        ):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as raw_client:
                raw_client.sendall(raw)
                assert raw_client.recv(64).startswith(b"HTTP/1.1 400")
        # HEAD: the headers of GET and no body (gunicorn warns when an app sends one).
        head = urllib.request.Request(f"http://127.0.0.1:{port}/admin/login/", method="HEAD")
        with urllib.request.urlopen(head, timeout=5) as response:  # noqa: S310 -- our own server
            assert response.status == 200
            assert int(response.headers["Content-Length"]) > 0
            assert response.read() == b""
        for path in ("/healthz", "/readyz"):
            head = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method="HEAD")
            status, body = status_and_body(head)
            assert status in (200, 503)  # /readyz: 503 with nothing published
            assert body == b""
        # A chunked body with no Content-Length (gunicorn alone): refused with 411, not read as empty.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw_client:
            body = b"symptoms=secret-chunk"
            raw_client.sendall(
                b"POST /check/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
                + f"{len(body):x}\r\n".encode()
                + body
                + b"\r\n0\r\n\r\n"
            )
            assert raw_client.recv(64).startswith(b"HTTP/1.1 411")
        # Too many fields: 400, logged as one line without a traceback.
        many = "&".join(f"secret{i}=1" for i in range(1100)).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/check/", data=many, method="POST")
        assert status_and_body(request)[0] == 400
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log.read_text()
    assert '"GET /admin/login/" 200' in text
    assert "body bytes on a no-body response" not in text
    assert "Traceback" not in text
    assert "DATA_UPLOAD_MAX_NUMBER_FIELDS" in text  # the reason, in one line
    assert "Invalid request: answered with an error status" in text
    for private in ("secret", "next=", "ReaderBrowser", "clinic.example", "127.0.0.1 -", "ip=", "CONTENT-LENGTH"):
        assert private not in text, private


def test_a_publication_reaches_every_worker_and_never_mixes_releases(tmp_path):
    """`make run`'s set-up (SQLite, no other server) with several workers: a release published by
    another process is served by every worker once each has looked at the shared pointer (at most
    half a second), and no page mixes the old release with the new."""
    import concurrent.futures
    import json
    import re

    port = free_port()
    env = gunicorn_env(
        port,
        tmp_path,
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="2",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_RELEASE_DIR=str(tmp_path / "releases"),
        DJANGO_LAST_GOOD_DIR=str(tmp_path / "last-good"),
    )
    for command in (["migrate", "-v0"], ["load_content", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "crsinfo.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/symptoms/"

    def names() -> tuple[float, set[str], set[str]]:
        """(when the request started, names in the symptom list, names in the JSON-LD)."""
        started = time.monotonic()
        with urllib.request.urlopen(url, timeout=10) as response:
            html = response.read().decode()
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        in_json = {s["name"] for s in json.loads(script.group(1))["about"]["signOrSymptom"]}
        page = html.replace(script.group(0), "")
        listed = set(re.findall(r">\s*(Headache(?: \(scale\))?)\s*<", page))
        return started, listed, {name for name in in_json if name.startswith("Headache")}

    try:
        for _ in range(100):
            try:
                names()
                break
            except OSError:
                time.sleep(0.1)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:  # every worker has read the release
            list(pool.map(lambda _: names(), range(60)))
        publish = (
            "from crsinfo.publishing import publish; from crsinfo.models import Symptom; "
            "Symptom.objects.filter(slug='headache').update(name='Headache (scale)'); "
            "publish.publish(note='test')"
        )
        subprocess.run([sys.executable, "manage.py", "shell", "-c", publish], cwd=ROOT, env=env, check=True)
        committed = time.monotonic()
        results = []
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            while time.monotonic() < committed + 1.5:
                results += list(pool.map(lambda _: names(), range(16)))
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    assert results
    for started, listed, in_json in results:
        # One release per page: the list and the structured data agree.
        assert listed == in_json, (listed, in_json)
        if started > committed + 0.6:
            assert listed == {"Headache (scale)"}, f"old release {started - committed:.2f}s after publishing"
