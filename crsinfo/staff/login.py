"""Staff accounts: who must use two-factor sign-in, the sign-in form, the client address used for
throttling, and the throttling rule. Readers never meet any of this: it is for /admin/ only.

Two-factor sign-in is django-otp (TOTP apps, and single-use backup codes from its static plugin);
throttling is django-axes. This module only says how they apply here.
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice


class StaffLoginForm(AdminAuthenticationForm):
    """Admin sign-in: user name, password and, once two-factor sign-in is set up, a code."""

    otp_token = forms.CharField(
        required=False,
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your backup codes. "
        "Leave it empty if you have not set up two-factor sign-in yet.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "otp_required": "Enter the code from your authenticator app, or a backup code.",
        "otp_invalid": "That code is not right, or it was already used. Try the newest code from your app.",
        "otp_throttled": "Too many wrong codes. Wait a minute, then enter the newest code from your app.",
    }

    def clean_username(self):
        # No account has a longer name (the form's field says so, but Django does not check it),
        # and a longer one would reach the database's sign-in log and fail there.
        username = self.cleaned_data.get("username") or ""
        if len(username) > self.fields["username"].max_length:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
        return username

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not user_has_device(user):
            return cleaned
        token = (cleaned.get("otp_token") or "").replace(" ", "").strip()
        if not token:
            raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
        # django-otp makes an app's codes wait after a wrong one: if so, say that, not "wrong".
        throttled = token.isdigit() and any(
            not d.verify_is_allowed()[0] for d in devices_for_user(user) if isinstance(d, TOTPDevice)
        )
        device = _match(user, token)
        if device is None:
            # A wrong code counts as a failed sign-in, so django-axes throttles code guessing too.
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=self.request)
            code = "otp_throttled" if throttled else "otp_invalid"
            raise forms.ValidationError(self.error_messages[code], code=code)
        # django-otp marks the session as verified when the user logs in with this attribute set.
        user.otp_device = device
        return cleaned


def _match(user, token: str):
    """The device whose code ``token`` is: an authenticator app's code (its number of digits) is
    tried on the apps only, anything else on the backup codes only, so a wrong code or a backup
    code never makes the other kind wait (django-otp's match_token tries every device)."""
    devices = list(devices_for_user(user))
    app_code = token.isdigit() and len(token) in {d.digits for d in devices if isinstance(d, TOTPDevice)}
    for device in devices:
        if isinstance(device, TOTPDevice) == app_code and device.verify_token(token):
            return device
    return None


def client_ip(request) -> str | None:
    """The address used to throttle sign-ins (django-axes' AXES_CLIENT_IP_CALLABLE).

    With no trusted proxy (the default) it is the address of the connection: an
    X-Forwarded-For header is ignored, so a client cannot choose its own address. Behind
    TRUSTED_PROXY_COUNT proxies, each appending the address it saw, it is the address the
    outermost trusted proxy saw; if TRUSTED_PROXIES is set, only a connection from one of those
    addresses is believed at all.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    if settings.TRUSTED_PROXIES and remote not in settings.TRUSTED_PROXIES:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote] if remote else forwarded
    if not chain:
        return remote
    candidate = chain[-(count + 1)] if len(chain) > count else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class StaffLoginHandler(AxesDatabaseHandler):
    """django-axes with two limits (AXES_LOCKOUT_PARAMETERS is [[username, ip_address], ip_address]):
    AXES_FAILURE_LIMIT failures for one user name from one address, or ADDRESS_FAILURE_LIMIT
    failures for any user names from one address (one password tried across many user names)."""

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if len(counts) < 2:
            return max(counts, default=0)
        per_user, per_address = counts[0], counts[1]
        # Scale the per-address count so that ADDRESS_FAILURE_LIMIT of them reach AXES_FAILURE_LIMIT.
        scaled = per_address * settings.AXES_FAILURE_LIMIT // settings.ADDRESS_FAILURE_LIMIT
        return max(per_user, scaled)
