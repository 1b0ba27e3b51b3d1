"""The admin site: Django's, with two-factor sign-in (django-otp) where it is required."""

import functools

import segno
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import needs_enrolment, requires_two_factor, two_factor_satisfied
from .editorial import views as editorial_views
from .staff.login import StaffLoginForm

BACKUP_CODES = 10


class AdminSite(admin.AdminSite):
    login_form = StaffLoginForm
    login_template = "admin/staff_login.html"

    def has_permission(self, request):
        return super().has_permission(request) and two_factor_satisfied(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @functools.wraps(inner)
        def wrapper(request, *args, **kwargs):
            # Signed in with a password but must set up two-factor sign-in first.
            if request.user.is_active and request.user.is_staff and needs_enrolment(request.user):
                return redirect("admin:two-factor")
            return inner(request, *args, **kwargs)

        return wrapper

    def get_app_list(self, request, app_label=None):
        # The content first; the sign-in log (django-axes) last, on the home page and the sidebar.
        apps = super().get_app_list(request, app_label)
        return sorted(apps, key=lambda app: (app["app_label"] == "axes", app["app_label"] != "crsinfo"))

    def index(self, request, extra_context=None):
        # What waits in the draft, submitted or not, with its authors (crsinfo/editorial/views.py).
        draft = editorial_views.draft_overview(request) if request.user.has_perm("crsinfo.view_article") else None
        return super().index(request, {**(extra_context or {}), "draft": draft})

    def get_urls(self):
        return [
            path("two-factor/", self.two_factor_view, name="two-factor"),
            *editorial_views.urls(self),
            *super().get_urls(),
        ]

    @method_decorator(never_cache)
    def two_factor_view(self, request):
        return two_factor(request, self)


def _qr(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff")


def _new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODES new single-use ones."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@require_http_methods(["GET", "POST"])
def two_factor(request, site):
    """Set up two-factor sign-in (an authenticator app), and make new backup codes.

    Open to any signed-in staff member, verified or not yet enrolled: someone who must use
    two-factor sign-in is sent here before any other admin page."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"), REDIRECT_FIELD_NAME)
    context = {**site.each_context(request), "title": "Two-factor sign-in", "required": requires_two_factor(user)}

    if user_has_device(user, confirmed=True) and user.is_verified():
        context["codes_left"] = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
        if request.method == "POST" and request.POST.get("action") == "backup-codes":
            context["backup_codes"] = _new_backup_codes(user)
            messages.success(request, "Your old backup codes no longer work. Keep these new ones somewhere safe.")
        return render(request, "admin/two_factor/status.html", context)

    if user_has_device(user, confirmed=True):
        # Set up, but this session did not use it: sign in again with a code.
        return redirect_to_login(request.get_full_path(), reverse("admin:login"), REDIRECT_FIELD_NAME)

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    error = ""
    if request.method == "POST":
        token = request.POST.get("otp_token", "").replace(" ", "").strip()
        if not token.isdigit() or len(token) != device.digits:
            error = f"Enter the {device.digits}-digit code your app shows now."
        elif not device.verify_is_allowed()[0]:
            error = "Too many wrong codes. Wait a minute, then enter the newest code from your app."
        elif not device.verify_token(token):
            error = "That code is not right. Check the time on your phone, then enter the newest code."
        else:
            with transaction.atomic():
                device.confirmed = True
                device.save()
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                codes = _new_backup_codes(user)
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is on. From now on, sign in with a code from your app.")
            return render(request, "admin/two_factor/status.html", {**context, "backup_codes": codes})
    context.update(
        {
            "qr_code": _qr(device.config_url),
            "secret": _grouped(device.bin_key),
            "error": error,
        }
    )
    return render(request, "admin/two_factor/setup.html", context, status=400 if error else 200)


def _grouped(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
