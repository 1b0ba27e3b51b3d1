"""Every public page (and the error pages) is valid HTML, checked by the Nu Html Checker (vnu.jar)."""

import json
import subprocess

from tests.conftest import vnu_command


def check(files) -> list[dict]:
    result = subprocess.run(
        [*vnu_command(), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stdout)["messages"]


def test_every_page_is_valid_html(client, public_paths, tmp_path):
    files = []
    for path in [*public_paths, "/no-such-page/", "/clinics/no-such-clinic/"]:
        name = path.strip("/").replace("/", "_") or "home"
        target = tmp_path / f"{name}.html"
        target.write_bytes(client.get(path).content)
        files.append(target)
    from crsinfo.ops import errors

    for name, page in (("error-500", errors.server_error(None)), ("error-400", errors.bad_request(None))):
        (tmp_path / f"{name}.html").write_bytes(page.content)
        files.append(tmp_path / f"{name}.html")

    messages = check(files)
    problems = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)


def test_checker_reports_invalid_html(tmp_path):
    """The check above can fail: a broken document gives errors."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=en><title>x</title><p><div></span>")
    assert any(m["type"] == "error" for m in check([bad]))


CHECKLIST_STATES = {
    "immediate": {"symptoms": ["confusion"]},
    "urgent-assumed": {"symptoms": ["fever"]},
    "urgent-unit-note": {"symptoms": ["headache"], "temperature": "102", "unit": "C"},
    "non-urgent": {"symptoms": ["headache"], "worse": "no", "duration": "under-1-day", "medicine": "no"},
    "error-temperature": {"symptoms": ["headache"], "temperature": "hot"},
    "error-nothing": {},
}


def test_every_checklist_answer_is_valid_html(client, content, tmp_path):
    files = []
    for name, data in CHECKLIST_STATES.items():
        for htmx in (False, True):
            response = client.post("/check/", data, headers={"HX-Request": "true"} if htmx else {})
            body = response.content.decode()
            if htmx:  # a fragment: check it inside a minimal document
                body = f'<!doctype html><html lang="en"><title>{name}</title><main><h1>{name}</h1>{body}</main></html>'
            target = tmp_path / f"check-{name}-{'htmx' if htmx else 'page'}.html"
            target.write_text(body)
            files.append(target)
    problems = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in check(files)
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)
