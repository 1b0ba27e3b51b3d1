"""Who last changed each item of the draft, and when: from django-reversion's versions (every
admin save and every content load keeps one), and, for an item deleted in the draft, from the
admin's record of the deletion. Items are named as the diff names them (crsinfo/publishing/diffs.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from reversion.models import Version

from ..access import display_name
from ..publishing.kinds import BY_NAME


@dataclass
class Author:
    name: str
    when: object  # a datetime
    user_id: int | None


def item_object(kind: str, key: str):
    """The draft's row for an item of the diff, or None (deleted in the draft, or unknown)."""
    if kind not in BY_NAME:
        return None
    return BY_NAME[kind].model.objects.filter(**BY_NAME[kind].lookup(key)).first()


def last_change(kind: str, key: str, label: str) -> Author | None:
    """Who last changed the item in the draft, and when (None if nothing records it)."""
    if kind not in BY_NAME:
        return None
    model = BY_NAME[kind].model
    obj = item_object(kind, key)
    if obj is None:
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), action_flag=DELETION, object_repr=label
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        return Author(display_name(entry.user), entry.action_time, entry.user_id) if entry else None
    version = Version.objects.get_for_object(obj).select_related("revision__user").first()
    if version is None:
        return None
    user = version.revision.user
    return Author(
        display_name(user) if user else _("the content files"), version.revision.date_created, user.pk if user else None
    )
