"""The access log gunicorn writes with gunicorn.conf.py keeps nothing about the reader."""

import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_access_log_has_no_query_string_address_referrer_or_user_agent(tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "gunicorn-test-key-" + "x" * 40,
        "DJANGO_HTTPS": "0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
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
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log.read_text()
    assert '"GET /admin/login/" 200' in text
    assert "body bytes on a no-body response" not in text
    assert "Invalid request: answered with an error status" in text
    for private in ("secret", "next=", "ReaderBrowser", "clinic.example", "127.0.0.1 -", "ip=", "CONTENT-LENGTH"):
        assert private not in text, private
