"""Charts as plain geometry for inline SVG: drawn by the server, no script, no outside service.

The templates draw rectangles and text from these values; nothing here knows HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from gateway.reporting.figures import Figures

TREND_WIDTH, TREND_HEIGHT = 360, 180
TREND_TOP, TREND_BOTTOM = 18, 34  # room for a value above each bar and labels below
BAR_ROW, BAR_LABEL, BAR_TRACK = 22, 110, 200  # horizontal bars: row height, label, 100% width


@dataclass(frozen=True)
class Bar:
    """One bar: where it sits, how tall or long, and its labels."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    note: str = ""


class MonthFigures(Protocol):
    """What a month of the trend chart needs (the report's MonthPoint, the public Month)."""

    @property
    def month(self) -> str: ...  # YYYY-MM
    @property
    def received(self) -> int: ...
    @property
    def resolve_pct(self) -> float | None: ...


def trend_bars(points: Sequence[MonthFigures]) -> list[Bar]:
    """Vertical bars of items received per month; the note is resolved-within-standard %."""
    if not points:
        return []
    slot = TREND_WIDTH / len(points)
    plot = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM
    peak = max((p.received for p in points), default=0) or 1
    bars = []
    for index, point in enumerate(points):
        height = plot * point.received / peak
        pct = point.resolve_pct
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.15, 1),
                y=round(TREND_TOP + plot - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=point.month[5:],  # the month number; the year is in the caption
                value=str(point.received),
                note="" if pct is None else f"{pct:.0f}%",
            )
        )
    return bars


def standard_bars(lines: list[Figures], names: dict[str | None, str]) -> list[Bar]:
    """Horizontal bars: each group's resolved-within-standard % against a 100% track."""
    bars: list[Bar] = []
    for line in lines:
        pct = line.resolve_pct
        if pct is None:
            continue  # nothing settled yet: no bar rather than a misleading 0%
        bars.append(
            Bar(
                x=BAR_LABEL,
                y=len(bars) * BAR_ROW,
                width=round(BAR_TRACK * pct / 100, 1),
                height=BAR_ROW - 6,
                label=names.get(line.group, line.group or "-"),
                value=f"{pct:.0f}%",
                note=f"{line.resolved_within}/{line.resolve_decided}",
            )
        )
    return bars


def standard_chart_height(bars: list[Bar]) -> int:
    """The SVG height that fits every horizontal bar."""
    return max(len(bars), 1) * BAR_ROW
