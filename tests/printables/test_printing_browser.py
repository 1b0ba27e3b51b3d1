"""Printables in the system Chromium: PDFs on A4 and US Letter, page counts, numbers, QR codes."""

import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

CLINIC_NUMBERS = ("020 7946 0123", "+44 20 7946 0999")


def pdf_of(page, url: str, paper: str) -> PdfReader:
    response = page.goto(url)
    assert response.status == 200, url
    page.emulate_media(media="print")
    return PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize(
    ("path", "max_pages", "numbers"),
    [
        ("/print/handout/riverside/", 2, CLINIC_NUMBERS),
        ("/print/handout/", 2, ()),
        ("/print/wallet-card/riverside/", 1, CLINIC_NUMBERS),
        ("/print/wallet-card/", 1, ()),
        # Spanish runs longer than English: it must still fit.
        ("/es/print/handout/riverside/", 2, CLINIC_NUMBERS),
        ("/es/print/handout/", 2, ()),
        ("/es/print/wallet-card/riverside/", 1, CLINIC_NUMBERS),
        ("/es/print/wallet-card/", 1, ()),
    ],
)
def test_printables_fit_and_carry_the_numbers(new_page, base, artifacts, paper, path, max_pages, numbers):
    page = new_page()
    reader = pdf_of(page, base + path, paper)
    assert 1 <= len(reader.pages) <= max_pages, f"{path} on {paper}: {len(reader.pages)} pages"
    text = text_of(reader)
    for number in numbers:
        assert number in text, f"{number} missing from {path}"
    assert "911" in text, "the emergency number"
    assert "Riverside Cancer Centre" in text if numbers else "Riverside" not in text
    name = path.strip("/").replace("/", "-")
    (artifacts / f"{name}-{paper}.pdf").write_bytes(page.pdf(format=paper, print_background=True))
    page.screenshot(path=artifacts / f"{name}-print.png", full_page=True)


def test_every_article_prints_with_address_and_dates(new_page, base, artifacts):
    page = new_page()
    reader = pdf_of(page, base + "/when-to-get-help/", "A4")
    text = text_of(reader)
    assert f"Printed from {base}/when-to-get-help/" in text
    assert "Page last reviewed:" in text
    for label in ("immediate action required", "urgent advice", "non-urgent advice"):
        assert label in text.lower(), "care cards print with their text labels"
    for hidden in ("Skip to main content", "This site sets no cookies"):
        assert hidden not in text
    page.screenshot(path=artifacts / "when-to-get-help-print.png", full_page=True)


def test_spanish_pages_print_in_spanish_with_address_and_dates(new_page, base, artifacts):
    from django.utils import translation

    with translation.override("es"):
        printed_from = translation.gettext("Printed from %(page_address)s on %(today)s.").split("%")[0].strip()
        labels = [translation.gettext(x) for x in ("Immediate action required", "Urgent advice", "Non-urgent advice")]
        skip = translation.gettext("Skip to main content")
    page = new_page()
    text = text_of(pdf_of(page, base + "/es/when-to-get-help/", "A4"))
    assert f"{printed_from} {base}/es/when-to-get-help/" in text
    for label in labels:
        assert label.lower() in text.lower(), "care cards print with their Spanish labels"
    assert skip not in text and "Printed from" not in text
    page.screenshot(path=artifacts / "es-when-to-get-help-print.png", full_page=True)


def test_the_qr_code_decodes_to_the_page_address(new_page, base):
    import zxingcpp
    from PIL import Image

    page = new_page(device_scale_factor=2)
    for path in ("/print/handout/riverside/", "/print/handout/"):
        page.goto(base + path)
        image = Image.open(io.BytesIO(page.locator(".qr__image").screenshot()))
        results = zxingcpp.read_barcodes(image)
        assert [r.text for r in results] == [base + path]


def test_print_button_prints_the_preview_and_falls_back_to_a_link(new_page, base):
    page = new_page()
    page.goto(base + "/clinics/riverside/")
    page.evaluate("document.getElementById('handout-preview').contentWindow.print = () => { window.__printed = true }")
    page.get_by_role("link", name="Print the handout").click()
    assert page.evaluate("window.__printed") is True
    assert page.url.endswith("/clinics/riverside/")

    no_js = new_page(javascript=False)
    no_js.goto(base + "/clinics/riverside/")
    no_js.get_by_role("link", name="Print the handout").click()
    assert no_js.url.endswith("/print/handout/riverside/")


@pytest.mark.parametrize("path", ["/print/wallet-card/riverside/", "/print/wallet-card/"])
def test_nothing_on_the_wallet_card_is_cut_off_when_printed(new_page, base, path):
    """Each side of the card has a fixed size and hides what does not fit: everything must fit."""
    page = new_page()
    page.goto(base + path)
    page.emulate_media(media="print")
    sides = page.locator(".wallet__side")
    assert sides.count() == 2
    for i in range(2):
        overflow = sides.nth(i).evaluate("el => el.scrollHeight - el.clientHeight")
        assert overflow <= 0, f"side {i + 1} of {path} is cut off by {overflow}px"
    text = page.locator(".wallet").inner_text()
    assert "Call my care team now if my temperature is 100.4 °F (38.0 °C) or higher" in text
