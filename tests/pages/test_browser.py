"""The real pages in the system Chromium: accessibility, keyboard, small screens, zoom, print."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import NOT_IN_SITEMAP, run_axe, run_axe_without_javascript, sitemap_paths

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, live_content, client):
    """The live server's address and every public path, from the sitemap."""
    return live_server.url, [*sitemap_paths(client), *NOT_IN_SITEMAP]


def open_checked(page, url: str):
    """Load a page, failing on any request to another host or any console error (CSP included)."""
    errors, foreign = [], []
    host = urlsplit(url).netloc
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: urlsplit(request.url).netloc != host and foreign.append(request.url))
    response = page.goto(url)
    assert response.status == 200, url
    assert not foreign, f"{url} loaded from other hosts: {foreign}"
    assert not errors, f"{url} console errors: {errors}"
    return response


def test_every_page_has_no_axe_violations_with_javascript(site, new_page):
    base, paths = site
    page = new_page()
    failures = {}
    for path in paths:
        open_checked(page, base + path)
        violations = run_axe(page)
        if violations:
            failures[path] = violations
    assert not failures


def serve(body: str):
    def handler(route):
        route.fulfill(body=body, content_type="text/html")

    return handler


def test_every_page_has_no_axe_violations_without_javascript(site, new_page):
    base, paths = site
    no_js = new_page(javascript=False)
    failures = {}
    for path in paths:
        open_checked(no_js, base + path)
        assert no_js.locator("h1").count() == 1
        violations = run_axe_without_javascript(no_js, new_page)
        if violations:
            failures[path] = violations
    assert not failures


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_contrast_in_light_and_dark_mode(site, new_page, scheme):
    base, paths = site
    page = new_page(color_scheme=scheme)
    for path in paths:
        page.goto(base + path)
        assert run_axe(page) == [], f"{path} in {scheme} mode"


def test_keyboard_focus_is_visible(site, new_page):
    base, _ = site
    page = new_page()
    open_checked(page, base + "/symptoms/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    skip = page.locator(".skip-link").bounding_box()
    assert skip["y"] >= 0, "skip link is on screen when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    style = "(() => { const s = getComputedStyle(document.activeElement); return [s.backgroundColor, s.boxShadow]; })()"
    for _ in range(6):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement.tagName")
        assert tag == "A"
        background, shadow = page.evaluate(style)
        assert background == "rgb(255, 235, 59)", "focused link has the yellow focus background"
        assert shadow != "none", "and an underline bar"


@pytest.mark.parametrize(
    ("width", "scale"),
    [(320, 1), (640, 2)],
    ids=["320px-wide", "200%-zoom-of-1280px"],
)
def test_layout_holds_on_small_screens_and_zoom(site, new_page, artifacts, width, scale):
    base, paths = site
    page = new_page(width=width, height=800, device_scale_factor=scale)
    for path in paths:
        page.goto(base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    page.goto(base + "/when-to-get-help/")
    page.screenshot(path=artifacts / f"when-to-get-help-{width}px.png", full_page=True)


def test_print_hides_navigation_and_shows_link_addresses(site, new_page, artifacts):
    base, _ = site
    page = new_page()
    page.goto(base + "/what-is-crs/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    link = "document.querySelector('main a[href^=\"/\"]:not(.glossary-link)')"
    href = page.evaluate(f"{link}.getAttribute('href')")
    after = page.evaluate(f"getComputedStyle({link}, '::after').content")
    assert after == f'" ({href})"'
    # A glossary term's link is a help on screen, not an address worth printing.
    term = "document.querySelector('main a.glossary-link')"
    assert page.evaluate(f"getComputedStyle({term}, '::after').content") == "none"
    page.pdf(path=str(artifacts / "what-is-crs.pdf"), format="A4")


def test_pages_work_without_javascript(site, new_page):
    base, _ = site
    page = new_page(javascript=False)
    open_checked(page, base + "/")
    page.get_by_role("link", name="Symptoms", exact=True).first.click()
    assert page.url.endswith("/symptoms/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Symptoms")


def test_axe_harness_reports_a_real_violation(live_server, new_page):
    """The accessibility checks above can fail: a page with known faults gives violations."""
    page = new_page()
    page.route(
        live_server.url + "/broken/",
        serve(
            '<!doctype html><html><head><title>x</title></head><body><img src="/x.png"><a href="/"></a></body></html>'
        ),
    )
    page.goto(live_server.url + "/broken/")
    ids = {violation["id"] for violation in run_axe(page)}
    assert {"image-alt", "link-name", "html-has-lang"} <= ids


def test_glossary_links_work_by_keyboard_and_print_as_plain_text(site, new_page):
    base, _ = site
    page = new_page()
    open_checked(page, base + "/what-is-crs/")
    link = page.locator("a.glossary-link").first
    slug = link.get_attribute("href").split("#")[1]
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/glossary/#{slug}")
    target = page.locator(f"#{slug}")
    assert target.is_visible()
    assert run_axe(page) == []

    page.goto(base + "/what-is-crs/")
    page.emulate_media(media="print")
    style = page.locator("a.glossary-link").first.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el.parentElement).color,"
        " getComputedStyle(el).textDecorationLine, getComputedStyle(el, '::after').content]"
    )
    assert style[0] == style[1], "same colour as the text around it"
    assert style[2] == "none"
    assert style[3] in ("none", "normal")


def test_search_from_the_header_without_javascript(site, new_page):
    base, _ = site
    page = new_page(javascript=False)
    page.goto(base + "/causes/")
    page.get_by_role("searchbox", name="Search this site").fill("steroids")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?q=steroids")
    assert "result" in page.locator(".search-count").inner_text()
    assert page.locator(".search-results mark").count() >= 1
    assert run_axe_without_javascript(page, new_page) == []
