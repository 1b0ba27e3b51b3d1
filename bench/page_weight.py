"""What a reader downloads: requests, bytes over the wire and load time per page, in the system Chromium.

Usage: python bench/page_weight.py http://127.0.0.1:8000   (run by bench/run.sh)
"""

import sys

from playwright.sync_api import sync_playwright

PATHS = ["/", "/symptoms/", "/when-to-get-help/", "/check/"]


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        print(f"{'page':<22} {'requests':>8} {'transferred':>12} {'DOMContentLoaded':>17} {'load':>8}")
        for path in PATHS:
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            sizes: dict[str, int] = {}
            cdp.on(
                "Network.loadingFinished",
                lambda e, sizes=sizes: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
            )
            page.goto(base + path, wait_until="load")
            timing = page.evaluate(
                "(() => { const t = performance.getEntriesByType('navigation')[0];"
                " return [t.domContentLoadedEventEnd, t.loadEventEnd]; })()"
            )
            kilobytes = sum(sizes.values()) / 1024
            print(f"{path:<22} {len(sizes):>8} {kilobytes:>10.1f} KB {timing[0]:>14.0f} ms {timing[1]:>5.0f} ms")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
