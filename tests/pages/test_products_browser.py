"""The table of treatments on the first-weeks page, in Chromium: readable on a 360 px phone (each
row a block with its labels, nothing scrolls sideways), a table on a wide screen and in print, and
axe-clean in both languages, with JavaScript on and off."""

import pytest

from tests.conftest import run_axe, run_axe_without_javascript

pytestmark = pytest.mark.browser

PATHS = pytest.mark.parametrize("path", ["/first-weeks/", "/es/first-weeks/"])


@pytest.fixture
def base(live_server, live_content):
    return live_server.url


def display(page, selector: str) -> str:
    return page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).display")


@PATHS
def test_on_a_phone_each_row_is_a_block_with_its_labels(new_page, base, artifacts, path):
    page = new_page(width=360, height=800)
    page.goto(base + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    assert display(page, ".product-table__table tbody tr") == "block"
    assert page.locator(".product-table__table tbody tr").first.locator(".product-table__label").first.is_visible()
    assert page.locator(".product-table__table caption").is_visible()
    assert run_axe(page) == []
    page.locator(".product-table").screenshot(path=artifacts / f"product-table-360px{path.replace('/', '-')}.png")


@PATHS
def test_on_a_wide_screen_and_in_print_it_is_a_table(new_page, base, path):
    page = new_page(width=1280, height=900)
    page.goto(base + path)
    assert display(page, ".product-table__table tbody tr") == "table-row"
    assert not page.locator(".product-table__label").first.is_visible()
    assert page.locator(".product-table__table thead th").first.is_visible()
    phone = new_page(width=360, height=800)
    phone.goto(base + path)
    phone.emulate_media(media="print")
    assert display(phone, ".product-table__table tbody tr") == "table-row"
    assert phone.locator(".product-table__table thead th").first.is_visible()


@PATHS
def test_without_javascript_the_table_is_axe_clean(new_page, base, path):
    page = new_page(javascript=False, width=360, height=800)
    page.goto(base + path)
    assert page.locator(".product-table__table tbody tr").count() >= 10
    assert run_axe_without_javascript(page, new_page) == []
