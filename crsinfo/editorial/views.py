"""Clinical review in admin: submit the draft, see the complete change, publish (now or at a
set time) or send it back, the record of publications, bringing one back, and staff previews.

Editors change the draft (the content tables) freely; nothing they save reaches readers. Only a
user with ``crsinfo.publish_release`` (the Clinical reviewers group) publishes."""

from __future__ import annotations

import datetime
import json
import logging
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..access import can_edit, can_publish, display_name
from ..i18n import english, is_out_of_date
from ..models import Article, Release, ReviewRequest, Section
from ..publishing import diffs
from ..publishing.current import POINTER_CACHE_SECONDS, latest_snapshot, pointer_from_database, shared_pointer_number
from ..publishing.partial import CannotSplit, combine
from ..publishing.preview import set_previewing
from ..publishing.publish import DraftChanged, after_publication, replaced_by, restore
from ..publishing.publish import publish as publish_release
from ..publishing.site import PublishedSite
from ..publishing.snapshot import digest_of, draft_snapshot, same_content
from ..text.markdown import render_markdown
from ..text.readability import READING_GRADE_TARGET, SPANISH_EASE_TARGET, spanish_ease, text_grade
from ..translation import FIELDS
from .authors import last_change
from .discard import CannotDiscard, discard, published_item
from .forms import markdown_problems

logger = logging.getLogger(__name__)

NOTE_MAX = 2000


def reviewers():
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__codename="publish_release")
            | Q(groups__permissions__codename="publish_release")
        )
        .distinct()
    )


def _mail(subject: str, body: str, to: list[str]) -> None:
    """Tell people; a mail server that is down must not undo what was done."""
    if not to:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    except Exception:
        logger.warning("Could not send the e-mail %r", subject, exc_info=True)


# Pages whose advice comes partly from structured data: the kinds of item each page kind shows.
LISTS_SHOWN = {
    "symptoms": {"symptom", "symptom group"},
    "get_help": {"symptom", "symptom group"},  # the care cards follow each symptom's urgency
    "risk_groups": {"group at higher risk"},
    "prevention": {"prevention step"},
}


def _page_choices(base: dict | None, draft: dict, changes) -> list[dict]:
    changed = {c.key for c in changes if c.kind == "page"}
    kinds = {c.kind for c in changes}
    reviewed = {a["slug"]: a for a in (base or {}).get("articles", [])}
    today = timezone.localdate().isoformat()
    pages = []
    for a in draft["articles"]:
        if not a["is_published"] or a["is_retired"]:
            continue
        due = reviewed.get(a["slug"], {}).get("next_review_due")
        pages.append(
            {
                "slug": a["slug"],
                "title": a["title"],
                "changed": a["slug"] in changed,
                # Its text did not change, but a list it shows did (symptoms, care cards, steps).
                "list_changed": a["slug"] not in changed and bool(LISTS_SHOWN.get(a.get("kind"), set()) & kinds),
                "last_reviewed": reviewed.get(a["slug"], {}).get("last_reviewed"),
                "overdue": bool(due and due < today),
            }
        )
    return pages


def spanish_summary(draft: dict) -> dict:
    """What Spanish readers will get if the draft is published: which pages are in Spanish, what
    is not translated, and which translations are older than their English."""
    content = PublishedSite(draft, digest="")
    published = content.published_articles
    out_of_date = []
    for model in FIELDS:
        if model is Section:
            continue
        queryset = model.objects.prefetch_related("sections") if model is Article else model.objects.all()
        out_of_date += [
            f"{model._meta.verbose_name} “{english(obj, FIELDS[model][0])}”" for obj in queryset if is_out_of_date(obj)
        ]
    return {
        "site": content.spanish_site,
        "total": len(published),
        "pages": [a for a in published if content.in_spanish(a)],
        "english_only": [a for a in published if not content.in_spanish(a)],
        "untranslated_shared": [
            f"{type(i)._meta.verbose_name} “{english(i, FIELDS[type(i)][0])}”" for i in content.untranslated_shared
        ],
        "out_of_date": out_of_date,
    }


def live_release() -> tuple[Release | None, dict | None]:
    """The release readers see now (not one that is only scheduled), and its snapshot."""
    pointer = pointer_from_database()
    if pointer is None:
        return None, None
    release = Release.objects.get(pk=pointer["number"])
    return release, json.loads(release.content)


def release_state(live: Release | None, scheduled) -> str:
    """What the reviewer saw of the publications: the live release and the scheduled ones. A
    publication is refused if this changed while they read the page."""
    return ",".join([str(live.pk if live else 0), *(str(r.pk) for r in scheduled)])


def local_time(value: datetime.datetime) -> str:
    """A time in the site's time zone, with the zone named."""
    local = timezone.localtime(value)
    return f"{local:%-d %B %Y %H:%M} {local.tzname()} ({timezone.get_current_timezone_name()})"


def review_context(site, request, **extra) -> dict:
    base_release, base = latest_snapshot()
    draft = draft_snapshot(base)
    live, live_snapshot = live_release()
    # Compared with what readers see now: a scheduled release's changes are not live yet.
    changes = diffs.item_changes(live_snapshot, draft)
    scheduled = list(Release.objects.filter(cancelled=False, go_live_at__gt=timezone.now()).order_by("go_live_at"))
    for release in scheduled:
        release.local_go_live = local_time(release.go_live_at)
        release.change_keys = {(c.kind, c.key) for c in diffs.item_changes(live_snapshot, json.loads(release.content))}
    for change in changes:
        change.scheduled_in = [r for r in scheduled if (change.kind, change.key) in r.change_keys]
        change.author = last_change(change.kind, change.key, change.label)
        change.mine = bool(change.author and change.author.user_id == request.user.pk and can_edit(request.user))
    return {
        "own_changes": [c.label for c in changes if c.author and c.author.user_id == request.user.pk],
        **site.each_context(request),
        "spanish": spanish_summary(draft),
        "title": "Review and publish",
        "changes": changes,
        "clinical_count": sum(c.clinical for c in changes),
        "draft_digest": digest_of(draft),
        "base_release": base_release,
        "live_release": live,
        "live_since": local_time(live.go_live_at) if live else "",
        "release_state": release_state(live, scheduled),
        "time_zones": _time_zones(),
        "waiting": ReviewRequest.objects.filter(status=ReviewRequest.Status.WAITING),
        "sent_back": ReviewRequest.objects.still_sent_back()[:10],
        "scheduled": scheduled,
        "pages": _page_choices(base, draft, changes),
        "can_publish": can_publish(request.user),
        "can_edit": can_edit(request.user),
        "note_max": NOTE_MAX,
        "time_zone": settings.TIME_ZONE,
        **extra,
    }


def draft_overview(request) -> dict:
    """For the admin home page: the draft's changes from what readers see, with who made each,
    and whether they wait unsubmitted (no waiting request was made for the draft as it is now)."""
    _base_release, base = latest_snapshot()
    draft = draft_snapshot(base)
    _live, live_snapshot = live_release()
    changes = diffs.item_changes(live_snapshot, draft)
    for change in changes[:25]:
        change.author = last_change(change.kind, change.key, change.label)
    waiting = set(
        ReviewRequest.objects.filter(status=ReviewRequest.Status.WAITING).values_list("draft_digest", flat=True)
    )
    return {
        "changes": changes[:25],
        "count": len(changes),
        "unsubmitted": bool(changes) and digest_of(draft) not in waiting,
        "authors": sorted({c.author.name for c in changes[:25] if c.author}),
    }


@require_safe
def review(request, site):
    if not request.user.has_perm("crsinfo.view_article"):
        raise PermissionDenied
    return render(request, "admin/crsinfo/review.html", review_context(site, request))


def _again(request, site, status: int, error: str, **extra):
    """The review page again, with the problem at the top and the status it deserves."""
    return render(
        request, "admin/crsinfo/review.html", review_context(site, request, error=error, **extra), status=status
    )


@require_POST
def submit(request, site):
    if not can_edit(request.user):
        raise PermissionDenied
    note = request.POST.get("note", "").strip()
    if not note:
        return _again(request, site, 400, "Write a note for the reviewer: what you changed and why.")
    if len(note) > NOTE_MAX:
        return _again(request, site, 400, f"The note is too long: {NOTE_MAX} characters at most.", note=note)
    base_release, base = latest_snapshot()
    draft = draft_snapshot(base)
    digest = digest_of(draft)
    if base_release is not None and same_content(base_release.digest, draft):
        return _again(request, site, 400, "There is nothing to review: the draft is what readers already see.")
    ReviewRequest.objects.create(
        note=note, submitted_by=request.user, submitted_by_name=display_name(request.user), draft_digest=digest
    )
    address = request.build_absolute_uri(reverse("admin:review"))
    _mail(
        f"Waiting for your review: {note[:60]}",
        f"{display_name(request.user)} asks for a clinical review of the draft.\n\nTheir note:\n{note}\n\n"
        f"See every change and publish or send it back: {address}\n",
        [u.email for u in reviewers()],
    )
    messages.success(request, "Sent for review. Reviewers have been told; readers see nothing new until one publishes.")
    return redirect("admin:review")


def _time_zones() -> list[str]:
    """The zones a reviewer can schedule in: the site's first, then every other by name."""
    site_zone = settings.TIME_ZONE
    return [site_zone, *sorted(z for z in zoneinfo.available_timezones() if z != site_zone)]


def _go_live_at(raw: str, zone: str = ""):
    """The time a reviewer chose (in the zone they chose, by default the site's), or None for now."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = datetime.datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError("Enter the time as a date and time, for example 2026-12-01 09:00.") from None
    if timezone.is_naive(value):
        if zone and zone not in zoneinfo.available_timezones():
            raise ValueError(_("Choose a time zone from the list."))
        value = timezone.make_aware(value, zoneinfo.ZoneInfo(zone) if zone else timezone.get_current_timezone())
    if value <= timezone.now():
        raise ValueError("Choose a time in the future, or leave it empty to publish now.")
    if value > timezone.now() + datetime.timedelta(days=366):
        raise ValueError("Choose a time within the next year.")
    return value


@require_POST
def publish(request, site):
    if not can_publish(request.user):
        raise PermissionDenied
    note = request.POST.get("note", "").strip()
    if len(note) > NOTE_MAX:
        return _again(request, site, 400, f"The note is too long: {NOTE_MAX} characters at most.")
    try:
        when = _go_live_at(request.POST.get("go_live_at", ""), request.POST.get("time_zone", ""))
    except ValueError as error:
        return _again(request, site, 400, str(error))
    problem = _scheduled_problem(request.POST, when)
    if problem:
        return _again(request, site, problem[0], problem[1])
    replaced = list(replaced_by(when))
    sign_off = set(request.POST.getlist("sign_off"))
    try:
        chosen, total = _chosen_items(request.POST)
    except ValueError as error:
        return _again(request, site, 400, str(error))
    rest_comment = request.POST.get("rest_comment", "").strip()
    if len(rest_comment) > NOTE_MAX:
        return _again(request, site, 400, f"The note is too long: {NOTE_MAX} characters at most.")
    own = own_changes(request.user, chosen)
    if own and request.POST.get("own_changes") != "confirmed":
        return _again(
            request,
            site,
            400,
            _(
                "Nothing was published: you made some of these changes yourself (%(items)s). Ask another "
                "clinical reviewer to publish them, or confirm below that no other reviewer can."
            )
            % {"items": ", ".join(own)},
        )
    if own:
        note = f"{note}\n\n" if note else ""
        note += "Published by the reviewer who made these changes (no second reviewer): " + ", ".join(own)
    try:
        with transaction.atomic():
            release = publish_release(
                user=request.user,
                note=note or "Published after clinical review",
                expected_digest=request.POST.get("draft_digest", ""),
                sign_off=sign_off,
                go_live_at=when,
                only=chosen,
            )
            waiting = list(ReviewRequest.objects.filter(status=ReviewRequest.Status.WAITING))
            decided = {"release": release, "decided_by_name": display_name(request.user), "decided_at": timezone.now()}
            if chosen is None:
                ReviewRequest.objects.filter(pk__in=[r.pk for r in waiting]).update(
                    status=ReviewRequest.Status.PUBLISHED, **decided
                )
            elif rest_comment:
                # Part published; the rest goes back to the editors with the reviewer's comment.
                ReviewRequest.objects.filter(pk__in=[r.pk for r in waiting]).update(
                    status=ReviewRequest.Status.SENT_BACK, reviewer_comment=rest_comment, **decided
                )
    except CannotSplit as error:
        return _again(request, site, 400, _("Nothing was published: %(why)s") % {"why": error})
    except DraftChanged:
        return _again(
            request,
            site,
            409,
            "Nothing was published: someone changed the draft while you were reviewing it. "
            "The changes below are the draft as it is now: review them again.",
        )
    _mail(
        f"Published: release {release.pk}",
        f"{display_name(request.user)} published release {release.pk}"
        + (f", live from {local_time(release.go_live_at)}" if when else "")
        + f".\n\n{release.note}\n",
        sorted({r.submitted_by.email for r in waiting if r.submitted_by and r.submitted_by.email}),
    )
    for old in replaced:
        messages.info(
            request,
            _("Release %(old)s is cancelled: its changes go live with release %(new)s, as you chose.")
            % {"old": old.pk, "new": release.pk},
        )
    if chosen is not None:
        messages.info(
            request,
            _(
                "Release %(number)s holds %(chosen)s of the %(total)s changes you saw. The other changes stay in "
                "the draft, unpublished."
            )
            % {"number": release.pk, "chosen": len(chosen), "total": total}
            + (" " + _("The editors were sent your comment on them.") if rest_comment and waiting else ""),
        )
        if rest_comment and waiting:
            _mail(
                "Sent back: part of your changes need more work",
                f"{display_name(request.user)} published part of the draft as release {release.pk} and sent the "
                f"rest back.\n\nTheir comment:\n{rest_comment}\n\n"
                f"{request.build_absolute_uri(reverse('admin:review'))}\n",
                sorted({r.submitted_by.email for r in waiting if r.submitted_by and r.submitted_by.email}),
            )
    if when:
        messages.success(
            request,
            _("Release %(number)s will go live at %(time)s.") % {"number": release.pk, "time": local_time(when)},
        )
    else:
        _say_published(request, release, f"Published: readers now see release {release.pk}.")
    return redirect("admin:release", release.pk)


def own_changes(user, chosen: set | None) -> list[str]:
    """The changes about to be published (``chosen``, or all) that ``user`` made last: a
    reviewer who publishes their own change has had nobody else look at it, so they must say
    that no other reviewer can, and the release's record keeps it."""
    _base_release, base = latest_snapshot()
    _live, live_snapshot = live_release()
    out = []
    for change in diffs.item_changes(live_snapshot, draft_snapshot(base)):
        if chosen is not None and (change.kind, change.key) not in chosen:
            continue
        author = last_change(change.kind, change.key, change.label)
        if author and author.user_id == user.pk:
            out.append(change.label)
    return out


def _chosen_items(data) -> tuple[set[tuple[str, str]] | None, int]:
    """The items the reviewer ticked on the review page: None for the whole draft, and how many
    changes there are. Ticks for items that no longer differ mean the page is out of date."""
    _base_release, base = latest_snapshot()
    _live, live_snapshot = live_release()
    every = {(c.kind, c.key) for c in diffs.item_changes(live_snapshot, draft_snapshot(base))}
    if data.get("choosing") != "yes":
        return None, len(every)
    picked = {tuple(v.split("|", 1)) for v in data.getlist("items") if "|" in v}
    picked &= every
    if not picked:
        raise ValueError(_("Nothing was published: tick at least one change to publish."))
    if picked == every:
        return None, len(every)
    return picked, len(every)


def _scheduled_problem(data, when) -> tuple[int, str] | None:
    """Why this publication cannot go ahead as asked, given the scheduled releases: the reviewer
    must have seen the publications as they are now, and must decide what happens to a scheduled
    release this one would replace (its changes would go live with this one)."""
    live, _snapshot = live_release()
    scheduled = Release.objects.filter(cancelled=False, go_live_at__gt=timezone.now()).order_by("go_live_at")
    if data.get("release_state", "") != release_state(live, scheduled):
        return 409, _(
            "Nothing was published: a release went live, was scheduled or was cancelled while you were "
            "reviewing. The page below shows the publications and the changes as they are now: review them again."
        )
    replaced = list(replaced_by(when))
    if not replaced:
        return None
    first = replaced[0]
    choice = data.get("scheduled", "")
    if choice == "include":
        return None
    if choice == "keep":
        return 400, _(
            "To keep release %(number)s as scheduled, choose a go-live time after %(time)s for this publication."
        ) % {"number": first.pk, "time": local_time(first.go_live_at)}
    return 400, _(
        "Release %(number)s is scheduled to go live at %(time)s. Publishing this before then would take its "
        "changes (marked “Scheduled” below) live early and cancel it. Choose what should happen to it."
    ) % {"number": first.pk, "time": local_time(first.go_live_at)}


def _say_published(request, release, text: str) -> None:
    """Say "published" only as far as it is true: if the shared cache could not be told, the other
    app servers read the database themselves once its old entry expires (a few seconds)."""
    if shared_pointer_number() == release.pk:
        messages.success(request, text)
    else:
        messages.warning(
            request,
            f"Release {release.pk} is published, but the shared cache could not be told: other app servers "
            f"will serve it within {POINTER_CACHE_SECONDS} seconds, when they next read the database. "
            "If readers still do not see it after a minute, check the cache server (Redis) and /readyz.",
        )


@require_POST
def sign_off(request, site):
    """A reviewer confirms that pages are still right: a release that changes only their review
    dates (and "reviewed by"), whether or not anything else changed. The draft is not published."""
    if not can_publish(request.user):
        raise PermissionDenied
    slugs = set(request.POST.getlist("sign_off"))
    live, _snapshot = live_release()
    scheduled = Release.objects.filter(cancelled=False, go_live_at__gt=timezone.now()).order_by("go_live_at")
    if request.POST.get("release_state", "") != release_state(live, scheduled):
        return _again(
            request, site, 409, _("Nothing was signed off: the publications changed while you were reviewing.")
        )
    if scheduled.exists():
        return _again(
            request,
            site,
            409,
            _("A release is scheduled: sign the pages off when you publish, or after it goes live."),
        )
    known = {a["slug"] for a in (_snapshot or {}).get("articles", [])}
    if not slugs or not slugs <= known:
        return _again(request, site, 400, _("Tick the pages you have checked and found still right."))
    note = request.POST.get("note", "").strip()[:NOTE_MAX] or "Signed off: checked and still right"
    release = publish_release(user=request.user, note=note, sign_off=slugs, only=set())
    _say_published(
        request,
        release,
        _("Signed off as release %(number)s: %(count)s pages reviewed today by %(name)s. Nothing else changed.")
        % {"number": release.pk, "count": len(slugs), "name": display_name(request.user)},
    )
    return redirect("admin:release", release.pk)


@require_POST
def send_back(request, site, pk: int):
    if not can_publish(request.user):
        raise PermissionDenied
    item = get_object_or_404(ReviewRequest, pk=pk)
    comment = request.POST.get("comment", "").strip()
    if item.status != ReviewRequest.Status.WAITING:
        return _again(request, site, 409, "That request is no longer waiting for review.")
    if not comment or len(comment) > NOTE_MAX:
        return _again(
            request, site, 400, "Write a comment for the editor (what needs to change) before sending it back."
        )
    item.status = ReviewRequest.Status.SENT_BACK
    item.reviewer_comment = comment
    item.decided_by_name = display_name(request.user)
    item.decided_at = timezone.now()
    item.save()
    if item.submitted_by and item.submitted_by.email:
        _mail(
            "Sent back: your changes need more work",
            f"{item.decided_by_name} sent back your changes.\n\nTheir comment:\n{comment}\n\n"
            f"{request.build_absolute_uri(reverse('admin:review'))}\n",
            [item.submitted_by.email],
        )
    messages.success(request, "Sent back to the editor with your comment. Nothing was published.")
    return redirect("admin:review")


@require_safe
def release_list(request, site):
    if not request.user.has_perm("crsinfo.view_release"):
        raise PermissionDenied
    current = pointer_from_database()
    return render(
        request,
        "admin/crsinfo/releases.html",
        {
            **site.each_context(request),
            "title": "Publications",
            "time_zone": timezone.get_current_timezone_name(),
            "releases": Release.objects.defer("content")[:200],
            "current": current["number"] if current else None,
            "now": timezone.now(),
        },
    )


def _release_context(site, request, release: Release, **extra) -> dict:
    before = Release.objects.filter(pk__lt=release.pk, cancelled=False).order_by("-pk").only("content").first()
    changes = diffs.item_changes(json.loads(before.content) if before else None, json.loads(release.content))
    live, live_snapshot = live_release()
    is_current = bool(live and live.pk == release.pk)
    is_scheduled = not release.cancelled and release.go_live_at > timezone.now()
    context = {
        **site.each_context(request),
        "title": f"Release {release.pk}",
        "release": release,
        "time_zone": timezone.get_current_timezone_name(),
        "changes": changes,
        "is_current": is_current,
        "is_scheduled": is_scheduled,
        "can_publish": can_publish(request.user),
        **extra,
    }
    if context["can_publish"] and not (is_current or is_scheduled or release.cancelled):
        # What bringing it back would change for readers now, before anyone confirms it.
        effect = diffs.item_changes(live_snapshot, json.loads(release.content))
        scheduled = list(replaced_by(None))
        for other in scheduled:
            other.local_go_live = local_time(other.go_live_at)
        context.update(
            can_bring_back=True,
            effect=effect,
            effect_clinical=sum(c.clinical for c in effect),
            live_release=live,
            would_cancel=scheduled,
            release_state=release_state(live, scheduled),
        )
    return context


@require_safe
def release_detail(request, site, pk: int):
    if not request.user.has_perm("crsinfo.view_release"):
        raise PermissionDenied
    release = get_object_or_404(Release, pk=pk)
    return render(request, "admin/crsinfo/release.html", _release_context(site, request, release))


@require_POST
def bring_back(request, site, pk: int):
    if not can_publish(request.user):
        raise PermissionDenied
    release = get_object_or_404(Release, pk=pk)
    context = _release_context(site, request, release)

    def refuse(status: int, error: str):
        return render(request, "admin/crsinfo/release.html", {**context, "error": error}, status=status)

    if not context.get("can_bring_back"):
        return refuse(409, _("Only an earlier release that readers no longer see can be brought back."))
    if request.POST.get("confirm") != "yes":
        return refuse(400, _("Tick the box to confirm that readers should see this release again."))
    if request.POST.get("release_state", "") != context["release_state"]:
        return refuse(
            409,
            _(
                "Nothing was brought back: a release went live, was scheduled or was cancelled since you opened "
                "this page. The changes below are what bringing it back would do now: check them again."
            ),
        )
    new = restore(release, user=request.user, note=request.POST.get("note", "").strip()[:NOTE_MAX])
    _say_published(
        request,
        new,
        f"Release {release.pk} is back, as release {new.pk}. The draft is unchanged: the next publication "
        "will show its differences from this one.",
    )
    return redirect("admin:release", new.pk)


@require_POST
def cancel(request, site, pk: int):
    if not can_publish(request.user):
        raise PermissionDenied
    release = get_object_or_404(Release, pk=pk)
    if release.cancelled or release.go_live_at <= timezone.now():
        messages.error(request, "Only a release that has not gone live yet can be cancelled.")
        return redirect("admin:release", pk)
    release.cancelled = True
    release.save(update_fields=["cancelled"])
    transaction.on_commit(after_publication)
    messages.success(request, f"Release {release.pk} is cancelled: it will not go live.")
    return redirect("admin:releases")


def _discard_context(site, request):
    """The item an editor asks to discard their change to, what discarding undoes, and whether
    they may: only their own change (the item's last version is theirs)."""
    kind, _bar, key = request.GET.get("item", request.POST.get("item", "")).partition("|")
    _base_release, base = latest_snapshot()
    draft = draft_snapshot(base)
    live, live_snapshot = live_release()
    change = next(
        (c for c in diffs.item_changes(live_snapshot, draft) if (c.kind, c.key) == (kind, key)),
        None,
    )
    author = last_change(change.kind, change.key, change.label) if change else None
    try:
        # The draft as it would be after discarding: only this item goes back to what readers see.
        undo = diffs.item_changes(draft, combine(draft, live_snapshot, {(kind, key)})) if change else []
    except CannotSplit as error:
        undo, problem = [], str(error)
    else:
        problem = ""
    return {
        **site.each_context(request),
        "title": _("Discard my change"),
        "item": f"{kind}|{key}",
        "change": change,
        "undo": undo,
        "problem": problem,
        "author": author,
        "live_release": live,
        "live_snapshot": live_snapshot,
        "item_digest": digest_of({"item": published_item(draft, kind, key)}),
        "mine": bool(author and author.user_id == request.user.pk),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def discard_change(request, site):
    if not can_edit(request.user):
        raise PermissionDenied
    context = _discard_context(site, request)
    if context["change"] is None:
        context["error"] = _("This item does not differ from what readers see: there is nothing to discard.")
        return render(request, "admin/crsinfo/discard.html", context, status=404 if request.method != "POST" else 409)
    if not context["mine"]:
        context["error"] = _("Only the editor who made the last change to this item can discard it.")
        return render(request, "admin/crsinfo/discard.html", context, status=403)
    if context["problem"]:
        context["error"] = context["problem"]
        return render(request, "admin/crsinfo/discard.html", context, status=409)
    if request.method != "POST":
        return render(request, "admin/crsinfo/discard.html", context)
    if request.POST.get("item_digest") != context["item_digest"]:
        context["error"] = _("The item changed since you opened this page. Check what would be undone, then try again.")
        return render(request, "admin/crsinfo/discard.html", context, status=409)
    change = context["change"]
    try:
        discard(
            change.kind,
            change.key,
            context["live_snapshot"],
            user=request.user,
            comment=f"Discarded the draft change to {change.kind} “{change.label}”: back to what readers see",
        )
    except CannotDiscard as error:
        context["error"] = str(error)
        return render(request, "admin/crsinfo/discard.html", context, status=409)
    messages.success(
        request,
        _("Your change to %(kind)s “%(label)s” is discarded: the draft has it as readers see it.")
        % {"kind": change.kind, "label": change.label},
    )
    return redirect("admin:review")


@require_POST
def preview(request, site):
    """Turn the preview of the draft on or off for this member of staff."""
    turn_on = request.POST.get("preview") == "on"
    set_previewing(request, turn_on)
    target = request.POST.get("next") or ("/" if turn_on else reverse("admin:review"))
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    return redirect(target)


@require_POST
def markdown_preview(request, site):
    """htmx: the Markdown being typed, rendered as readers will see it, with its reading grade
    and any mistakes. Nothing is saved."""
    field = request.GET.get("field", "text")
    text = request.POST.get(field, "")[:50_000]
    problems = markdown_problems(text)
    context = {"html": render_markdown(text) if not problems else "", "problems": problems}
    if field.endswith("_es"):  # Spanish: Fernández-Huerta reading ease, higher is easier
        ease = spanish_ease(text)
        context.update(spanish=True, ease=ease, on_target=ease >= SPANISH_EASE_TARGET, target=SPANISH_EASE_TARGET)
    else:
        grade = text_grade(text)
        context.update(grade=grade, on_target=grade <= READING_GRADE_TARGET, target=READING_GRADE_TARGET)
    return render(request, "admin/crsinfo/markdown_preview.html", context)


def urls(site) -> list:
    def view(function, **kwargs):
        return site.admin_view(lambda request, *a, **k: function(request, site, *a, **k), **kwargs)

    return [
        path("review/", view(review), name="review"),
        path("review/submit/", view(submit), name="review-submit"),
        path("review/publish/", view(publish), name="review-publish"),
        path("review/<int:pk>/send-back/", view(send_back), name="review-send-back"),
        path("review/discard/", view(discard_change), name="review-discard"),
        path("review/sign-off/", view(sign_off), name="review-sign-off"),
        path("releases/", view(release_list), name="releases"),
        path("releases/<int:pk>/", view(release_detail), name="release"),
        path("releases/<int:pk>/bring-back/", view(bring_back), name="release-bring-back"),
        path("releases/<int:pk>/cancel/", view(cancel), name="release-cancel"),
        path("preview/", view(preview), name="preview"),
        path("markdown-preview/", view(markdown_preview), name="markdown-preview"),
    ]
