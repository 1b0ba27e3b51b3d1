"""Printables for clinics: the handout and the wallet card (generic or with a clinic's numbers),
the printables page and each clinic's page."""

import functools

import segno
from django.conf import settings as django_settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from ..models import tel_href
from ..publishing.current import site_for
from ..publishing.http import public_page


# Print views may be shown in a frame on our own clinic pages (the preview); nowhere else.
def frameable_by_self(view):
    """Print views may be shown in a frame on our own clinic pages (the preview); nowhere else.
    The policy is read when the view runs, so settings overridden in tests apply."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        policy = {**django_settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
        return csp_override(policy)(view)(request, *args, **kwargs)

    return xframe_options_sameorigin(wrapper)


def frames_self(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return csp_override({**django_settings.SECURE_CSP, "frame-src": [CSP.SELF]})(view)(request, *args, **kwargs)

    return wrapper


def qr_data_uri(url: str) -> str:
    """A QR code for ``url``, made here as SVG (no outside service), as a data: URI for an <img>."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2, dark="#000", light="#fff")


def clinic_not_found(request):
    return render(request, "404.html", {"missing_clinic": True}, status=404)


def printable_context(request, clinic):
    site = site_for(request)
    articles = site.listed(translation.get_language())
    help_page = site.help_page
    # The path only: nothing from the query string may reach a printout or its QR code.
    live_url = request.build_absolute_uri(request.path)
    return {
        "clinic": clinic,
        "clinic_phones": (
            [
                (_("Daytime"), clinic.phone_daytime, tel_href(clinic.phone_daytime)),
                (_("Out of hours"), clinic.phone_out_of_hours, tel_href(clinic.phone_out_of_hours)),
            ]
            if clinic
            else []
        ),
        "overview": articles[0] if articles else None,
        "review_page": help_page,
        "cards": site.cards,
        "live_url": live_url,
        "qr_code": qr_data_uri(live_url),
    }


def printable(view):
    return public_page(frameable_by_self(view))


def render_printable(request, template: str, slug: str | None):
    """A printable, generic (no slug) or for a registered, active clinic."""
    clinic = None
    if slug is not None:
        clinic = site_for(request).active_clinics.get(slug)
        if clinic is None:
            return clinic_not_found(request)
    return render(request, template, printable_context(request, clinic))


@printable
def handout(request, slug=None):
    return render_printable(request, "print/handout.html", slug)


@printable
def wallet_card(request, slug=None):
    return render_printable(request, "print/wallet_card.html", slug)


@public_page
def printables(request):
    """The printables, easy to find: handout, wallet card, questions list, and how clinics get
    their own versions."""
    return render(
        request,
        "printables.html",
        {"questions_page": site_for(request).published("questions-to-ask")},
    )


@public_page
@frames_self
def clinic_detail(request, slug):
    clinic = site_for(request).active_clinics.get(slug)
    if clinic is None:
        return clinic_not_found(request)
    printables = [
        (
            "handout",
            _("Handout"),
            _("Two pages: what CRS is, the symptoms to watch for and who to call."),
            reverse("clinic-handout", kwargs={"slug": slug}),
        ),
        (
            "wallet-card",
            _("Wallet card"),
            _("A fold-over card to carry: symptoms, your numbers, and a note for health professionals."),
            reverse("clinic-wallet-card", kwargs={"slug": slug}),
        ),
    ]
    return render(
        request,
        "clinic.html",
        {
            "clinic": clinic,
            "printables": [
                {"id": key, "name": name, "about": about, "path": path, "url": request.build_absolute_uri(path)}
                for key, name, about, path in printables
            ],
        },
    )
