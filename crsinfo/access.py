"""Who is asking, and what they may do: the policy, with no HTTP in it.

Readers are anonymous and their requests carry no session; staff sign in to /admin/ (two-factor
sign-in from django-otp, required of clinical reviewers and superusers, and of editors when
TWO_FACTOR_FOR_EDITORS is on). Editors change the draft; clinical reviewers publish it.
"""

from __future__ import annotations

from django.conf import settings
from django_otp import user_has_device

ADMIN_PREFIX = "/admin/"
PUBLISH = "crsinfo.publish_release"


def is_reader_request(request) -> bool:
    """A reader's request: not for the admin and without a staff session cookie. Only readers'
    pages may be shared: cached, kept as last good copies, sent without cookies."""
    return not request.path.startswith(ADMIN_PREFIX) and settings.SESSION_COOKIE_NAME not in request.COOKIES


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIX)


REVIEWERS_GROUP = "Clinical reviewers"


def requires_two_factor(user) -> bool:
    """Clinical reviewers and superusers always; Editors when TWO_FACTOR_FOR_EDITORS is on."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if user.is_superuser or user.groups.filter(name=REVIEWERS_GROUP).exists():
        return True
    return settings.TWO_FACTOR_FOR_EDITORS


def needs_enrolment(user) -> bool:
    """Signed in with a password, must use two-factor sign-in, and has not set it up yet."""
    return requires_two_factor(user) and not user_has_device(user)


def two_factor_satisfied(user) -> bool:
    """This session may use the admin: verified with a second factor, or allowed without one
    (an Editor who has not set one up, when Editors are not required to)."""
    if user.is_verified():
        return True
    return not requires_two_factor(user) and not user_has_device(user)


def can_edit(user) -> bool:
    return user.has_perm("crsinfo.change_article") or user.has_perm("crsinfo.change_symptom")


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH)


def may_preview(user) -> bool:
    """A member of staff who may use the admin now (two-factor verified where required)."""
    return user.is_active and user.is_staff and two_factor_satisfied(user) and user.has_perm("crsinfo.view_article")


def display_name(user) -> str:
    """How a member of staff is named to others: the review page, sign-offs, e-mail."""
    return user.get_full_name() or user.get_username()
