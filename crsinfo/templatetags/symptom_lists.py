"""Long symptom lists broken into short ones (PEMAT-P item 8, CDC CCI item 8: no list of more than
7 items). A care card's symptoms come in the order of the symptoms page, so they are grouped by
the part of the body they affect (their symptom group). A group with more than 7 symptoms on one
card is cut into near-equal parts in its own order, the later parts headed "… (continued)"."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext as _

from ..text.lists import near_equal_runs

register = template.Library()


@dataclass(frozen=True)
class SubList:
    heading: str
    slug: str
    items: list


@register.filter
def by_body_part(symptoms) -> list[SubList]:
    """The symptoms as sub-lists by symptom group, none longer than 7 (see the module's docstring)."""
    runs: list[tuple] = []
    for symptom in symptoms:
        group = symptom.group
        if runs and runs[-1][0].slug == group.slug:
            runs[-1][1].append(symptom)
        else:
            runs.append((group, [symptom]))
    out = []
    for group, items in runs:
        for i, part in enumerate(near_equal_runs(items)):
            heading = group.name if i == 0 else _("%(group)s (continued)") % {"group": group.name}
            out.append(SubList(heading, group.slug if i == 0 else f"{group.slug}-{i + 1}", part))
    return out


@register.filter
def split_long(items) -> list[list]:
    """A list as near-equal runs of 7 or fewer, in order."""
    return near_equal_runs(items)
