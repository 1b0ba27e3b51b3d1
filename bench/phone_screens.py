"""How long the checklist and the home page are on a phone (390 x 844 CSS px), in screens, and where
the things a worried reader needs first sit: the first link to the checklist (and the home page's
own), Confusion, the first button that answers, and the answer after ticking Confusion
(JavaScript on) or after submitting (JavaScript off).

Usage: python bench/phone_screens.py http://127.0.0.1:8000   (a running site, e.g. `make run`)
"""

import sys

from playwright.sync_api import sync_playwright

WIDTH, HEIGHT = 390, 844
TOP = "el => Math.round(el.getBoundingClientRect().top + window.scrollY)"


def screens(pixels: float) -> str:
    return f"{pixels / HEIGHT:.1f}"


def measure(browser, base: str, language: str) -> None:
    prefix = "/es" if language == "es" else ""
    label = "Actúe de inmediato" if language == "es" else "Immediate action required"
    for javascript in (True, False):
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT}, java_script_enabled=javascript, device_scale_factor=2
        )
        page = context.new_page()
        page.goto(base + prefix + "/")
        home = page.evaluate("document.documentElement.scrollHeight")
        link = page.locator("a[href$='/check/']").first.evaluate(TOP)
        in_page = page.locator("main a[href$='/check/']").first.evaluate(TOP)
        page.goto(base + prefix + "/check/")
        if javascript:
            page.wait_for_function("window.htmx !== undefined")
        length = page.evaluate("document.documentElement.scrollHeight")
        confusion = page.locator("#symptom-confusion").evaluate(TOP)
        button = page.locator("form.checklist button[type=submit]").first.evaluate(TOP)
        page.locator("#symptom-confusion").check()
        if javascript:
            page.get_by_text(label).first.wait_for(timeout=5000)
            visible = page.get_by_text(label).evaluate_all(
                "els => els.some(el => { const r = el.getBoundingClientRect();"
                " return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })"
            )
            answer = f"label in view after the tick: {'yes' if visible else 'NO'}"
        else:
            with page.expect_navigation():
                page.locator("form.checklist button[type=submit]").first.click()
            top = page.locator(".care-card__label").first.evaluate(TOP)
            answer = f"label after submit at {top} px ({screens(top)} screens, first screen: {top < HEIGHT})"
        print(
            f"{language} JS {'on ' if javascript else 'off'}: home {screens(home)} screens, checklist link at "
            f"{link} px ({screens(link)}; in the page at {in_page} px); checklist {screens(length)} screens "
            f"({length} px), Confusion at {confusion} px ({screens(confusion)}), first answer button at "
            f"{button} px ({screens(button)}); {answer}"
        )
        context.close()


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for language in ("en", "es"):
            measure(browser, base, language)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
