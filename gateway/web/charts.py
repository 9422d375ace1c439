"""Charts as plain geometry for inline SVG: drawn by the server, no script, no outside service.

The templates draw rectangles and text from these values; nothing here knows HTML.

The trend chart is resolved within standard, % per month, for 12 months: one for the whole
scope and the same, at the same scale, for each department (small multiples). Its SVG is drawn
as wide as its box and never wider than 24rem (console.css), so its text, LABEL_SIZE units, is
LABEL_SIZE * box / TREND_WIDTH px on the screen: at 360 px a card's box is about 310 px, 13.4 px
of text; on a desk at most 16.6 px. A month with fewer than MIN_GROUP items settled (or not
published) has no column, and a dash where it would stand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from gateway.reporting.public import enough
from gateway.reporting.rules import percent

TREND_WIDTH = 300  # the SVG's own units across
LABEL_SIZE = 13  # every label, in the SVG's units: >= 12 px wherever the SVG is >= 277 px wide
TREND_LEFT = 40  # room for the "100%" tick labels
TREND_TOP = 10  # half a label above the 100% line
TREND_PLOT = 100  # one unit a percent
TREND_HEIGHT = TREND_TOP + TREND_PLOT + 36  # the month numbers, and the year under January
TREND_BASE = TREND_TOP + TREND_PLOT  # the 0% line
SMALLEST_BAR = 2  # 0% of five or more is a sliver on the line, not nothing


class MonthShares(Protocol):
    """What a month of the trend chart needs (the report's MonthPoint, the public Month and
    MonthShare): resolved within standard of those settled; None when not published."""

    @property
    def month(self) -> str: ...  # YYYY-MM
    @property
    def resolved_within(self) -> int | None: ...
    @property
    def resolve_decided(self) -> int | None: ...


@dataclass(frozen=True)
class Column:
    """One month of the trend: its column (if it has a %), and its labels."""

    centre: float
    x: float
    y: float
    width: float
    height: float
    pct: float | None  # None: no column (none settled, fewer than MIN_GROUP, not published)
    month: str  # YYYY-MM
    label: str  # the month's number, under its column
    year: str  # the year, under January only (the caption gives the first and last month)
    year_x: float  # where the year stands: under the month, kept inside the chart
    part: int | None
    whole: int | None


@dataclass(frozen=True)
class Tick:
    """A line across the plot at a percentage, with its label."""

    y: float
    label: str


TICKS = [Tick(TREND_BASE - TREND_PLOT * pct / 100, f"{pct}%") for pct in (100, 50, 0)]


def trend_columns(points: Sequence[MonthShares]) -> list[Column]:
    """One column a month: its height the % resolved within standard, where enough settled."""
    if not points:
        return []
    slot = (TREND_WIDTH - TREND_LEFT) / len(points)
    columns = []
    for index, point in enumerate(points):
        part, whole = point.resolved_within, point.resolve_decided
        pct = percent(part, whole) if part is not None and whole and enough(whole) else None
        height = 0.0 if pct is None else max(TREND_PLOT * pct / 100, SMALLEST_BAR)
        left = TREND_LEFT + index * slot
        columns.append(
            Column(
                centre=round(left + slot / 2, 1),
                x=round(left + slot * 0.15, 1),
                y=round(TREND_BASE - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                pct=pct,
                month=point.month,
                label=point.month[5:],
                year=point.month[:4] if point.month.endswith("-01") else "",
                year_x=round(min(left + slot / 2, TREND_WIDTH - 2 * LABEL_SIZE), 1),
                part=part,
                whole=whole,
            )
        )
    return columns
