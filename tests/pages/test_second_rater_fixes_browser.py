"""Issue 20, the second rater's fixes in Chromium: the changed pages are axe-clean with JavaScript
on and off, in light and dark mode, and do not scroll sideways on a 360 px phone, in English and
Spanish; the home page's main message stands out; the body map's labels stay apart and lead to
their sections; the tool and the map print."""

import pytest

from tests.conftest import run_axe, run_axe_without_javascript

pytestmark = pytest.mark.browser

PATHS = [
    "/",
    "/symptoms/",
    "/when-to-get-help/",
    "/what-is-crs/",
    "/es/",
    "/es/symptoms/",
    "/es/when-to-get-help/",
    "/es/what-is-crs/",
]


@pytest.fixture
def base(live_server, live_content):
    return live_server.url


@pytest.mark.parametrize("path", PATHS)
def test_on_a_phone_axe_clean_with_and_without_javascript_light_and_dark(new_page, base, artifacts, path):
    page = new_page(width=360, height=800)
    page.goto(base + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    assert run_axe(page) == []
    no_js = new_page(javascript=False, width=360, height=800)
    no_js.goto(base + path)
    assert run_axe_without_javascript(no_js, new_page) == []
    dark = new_page(width=360, height=800, color_scheme="dark")
    dark.goto(base + path)
    assert run_axe(dark) == []
    name = path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=artifacts / f"second-rater-360px-{name}.png", full_page=True)


@pytest.mark.parametrize("path", ["/", "/es/"])
def test_the_home_page_main_message_stands_out(new_page, base, path):
    page = new_page(width=360, height=800)
    page.goto(base + path)
    lede = page.locator(".hero__lede")
    assert lede.is_visible()
    style = lede.evaluate(
        "e => { const s = getComputedStyle(e); return [s.fontWeight, s.borderLeftWidth, s.borderTopWidth]; }"
    )
    assert int(style[0]) >= 700, "bold"
    assert float(style[1].removesuffix("px")) >= 8 and float(style[2].removesuffix("px")) >= 1, "in a box"
    box = lede.bounding_box()
    assert box["y"] + box["height"] <= 800, "on the first screen"


@pytest.mark.parametrize("width", [320, 360, 1024])
@pytest.mark.parametrize("language", ["", "/es"])
def test_the_body_map_labels_stay_apart_and_lead_to_their_sections(new_page, base, artifacts, width, language):
    page = new_page(width=width, height=800)
    page.goto(f"{base}{language}/symptoms/")
    labels = page.locator(".body-map__label a")
    assert labels.count() == 7
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    figure = page.locator(".body-map__figure").bounding_box()
    for i, a in enumerate(boxes):
        assert a["x"] >= 0 and a["x"] + a["width"] <= width, "inside the screen"
        assert figure["y"] <= a["y"] and a["y"] + a["height"] <= figure["y"] + figure["height"] + 1
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, f"labels overlap at {width}px"
    page.locator(".body-map").screenshot(path=artifacts / f"body-map-{language.strip('/') or 'en'}-{width}px.png")
    href = labels.nth(1).get_attribute("href")
    labels.nth(1).click()
    assert page.url.endswith(href)
    assert page.locator(href).is_visible()


@pytest.mark.parametrize("path", ["/symptoms/", "/es/when-to-get-help/"])
def test_the_tool_and_the_map_print(new_page, base, artifacts, path):
    page = new_page()
    page.goto(base + path)
    page.emulate_media(media="print")
    assert page.locator(".write-in-tool").is_visible()
    assert page.locator(".symptom-log").is_visible()
    if "symptoms" in path:
        assert page.locator(".body-map__drawing").is_visible()
        assert page.locator(".symptom-key").is_visible()
    name = path.strip("/").replace("/", "-")
    page.pdf(path=str(artifacts / f"second-rater-{name}.pdf"), format="Letter")
