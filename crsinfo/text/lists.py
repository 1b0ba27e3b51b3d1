"""Long lists as short ones (PEMAT-P item 8, CDC Clear Communication Index item 8: no list of more
than 7 items)."""

from __future__ import annotations

import math

LONGEST = 7


def near_equal_runs(items: list, longest: int = LONGEST) -> list[list]:
    """``items`` in order, as few near-equal runs as keep each to ``longest`` or fewer: 10 are 5
    and 5, not 7 and 3."""
    items = list(items)
    parts = max(1, math.ceil(len(items) / longest))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out
