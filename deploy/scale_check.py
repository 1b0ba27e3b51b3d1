"""Helpers for deploy/scale_test.sh.

publish URL          -- change the draft and publish it (as app server A's environment would,
                        through Django), then poll URL (app server B) until it serves the change;
                        prints the milliseconds from commit to first served.
slow-clients HOST PORT N SECONDS
                     -- open N connections (from 127.0.0.2) that send a request header one byte
                        at a time.
search-flood URL THREADS SECONDS
                     -- one client (127.0.0.3) searching as fast as it can with unique queries;
                        prints the answers it got by status, and whether 429s said Retry-After.
"""

import collections
import http.client
import os
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request


def publish(url: str) -> None:
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crsinfo.settings")
    import django

    django.setup()
    from crsinfo.models import Symptom
    from crsinfo.publishing import publish

    name = f"Headache (scale test {int(time.time())})"
    Symptom.objects.filter(slug="headache").update(name=name)
    publish.publish(note="scale test")  # commits, then moves the shared pointer in Redis
    committed = time.monotonic()
    deadline = committed + 10
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/symptoms/", timeout=5) as response:  # noqa: S310 -- loopback
            if name in response.read().decode():
                print(round((time.monotonic() - committed) * 1000))
                return
        time.sleep(0.02)
    print(10_000)


def slow_clients(host: str, port: int, count: int, seconds: float) -> None:
    request = f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: slow\r\n\r\n".encode()
    sockets = []
    for _ in range(count):
        # From another loopback address than the readers measured: nginx limits connections per client.
        s = socket.create_connection((host, port), source_address=("127.0.0.2", 0))
        sockets.append(s)
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end and i < len(request) - 2:  # never finish the header
        for s in list(sockets):
            try:
                s.send(request[i : i + 1])
            except OSError:
                sockets.remove(s)  # dropped by the proxy: that is its job
        i += 1
        time.sleep(0.2)
    for s in sockets:
        s.close()


def search_flood(url: str, threads: int, seconds: float) -> None:
    parsed = urllib.parse.urlsplit(url)
    counts: collections.Counter = collections.Counter()
    retry_after: set = set()
    end = time.monotonic() + seconds

    def flood(worker: int) -> None:
        n = 0
        while time.monotonic() < end:
            n += 1
            connection = http.client.HTTPConnection(
                parsed.hostname, parsed.port, timeout=10, source_address=("127.0.0.3", 0)
            )
            try:
                connection.request("GET", f"/search/?q=fever+{worker}x{n}")
                response = connection.getresponse()
                response.read()
                counts[response.status] += 1
                if response.status == 429:
                    retry_after.add(response.getheader("Retry-After"))
            except OSError:
                counts["error"] += 1
            finally:
                connection.close()

    pool = [threading.Thread(target=flood, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    print(
        " ".join(f"{status}:{count}" for status, count in sorted(counts.items(), key=str)), "retry-after:", retry_after
    )


def admin_post(base: str) -> None:
    """Try to sign in to admin (a request that needs the database): prints the body, then the status."""
    import http.cookiejar
    import re
    import urllib.error
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/admin/login/", timeout=5).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "x", "password": "y"}).encode()
    request = urllib.request.Request(  # noqa: S310 -- loopback, http only
        f"{base}/admin/login/", data=data, headers={"Referer": f"{base}/admin/login/"}
    )
    try:
        response = opener.open(request, timeout=5)
        status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    print(body)
    print(status)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "publish":
        publish(sys.argv[2])
    elif command == "admin-post":
        admin_post(sys.argv[2])
    elif command == "search-flood":
        search_flood(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    elif command == "slow-clients":
        slow_clients(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
    else:
        sys.exit(__doc__)
