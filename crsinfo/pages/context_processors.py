from django.urls import translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from ..i18n import SPANISH
from ..publishing.current import site_for
from ..publishing.preview import is_previewing

LANGUAGE_NAMES = {"en": "English", SPANISH: "Español"}


def languages(request) -> dict:
    """The page in each language: the address's own language and the other one. Spanish is
    offered as an alternate (hreflang) only where the page is translated."""
    address_language = getattr(request, "LANGUAGE_CODE", "en")
    with translation.override(address_language):
        urls = {code: translate_url(request.path, code) for code in LANGUAGE_NAMES}
    other = SPANISH if address_language == "en" else "en"
    if urls[other] == request.path:  # no such page (a 404): the other language's home page
        urls[other] = "/" if other == "en" else f"/{SPANISH}/"
    available = ["en", SPANISH] if getattr(request, "spanish_available", False) else ["en"]
    return {
        "other_language": {"code": other, "name": LANGUAGE_NAMES[other], "url": urls[other]},
        "alternates": [(code, request.build_absolute_uri(urls[code])) for code in available],
        "x_default": request.build_absolute_uri(urls["en"]),
    }


def site(request):
    """Site settings and the main menu, from the content this request shows (the current
    release, or the draft in a staff preview). Worked out only if a template uses them."""

    def nav_articles():
        # On a Spanish page, only the pages that are in Spanish: a menu is never half-translated.
        return site_for(request).listed(translation.get_language())

    return {
        "site_settings": SimpleLazyObject(lambda: site_for(request).settings),
        "nav_articles": SimpleLazyObject(nav_articles),
        "help_page": SimpleLazyObject(lambda: site_for(request).help_page),
        "previewing": SimpleLazyObject(lambda: is_previewing(request)),
        "page_languages": SimpleLazyObject(lambda: languages(request)),
        "shown_in_english": getattr(request, "shown_in_english", False),
        # On a Spanish page: the shared items shown in English (not translated yet), for a notice.
        "english_items": getattr(request, "english_items", ()),
    }
