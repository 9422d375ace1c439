"""Every year's public holidays from the `holidays` package: the default source the charter's own
holidays, and those added at runtime, override.

The package knows each country's fixed holidays and Easter, and estimates the moon-dated ones
(Eid el-Fitr, Eid el-Hajj, Maulid) for every year, marking an estimate "(makisio)". A council
learns the real date only days before, when the Government announces it; then the official
date of a feast replaces the package's estimate of it (`feast_of` tells which feast a name is,
however it is spelt).

Pure: the package computes, it reads no file and no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

__all__ = ["MOON_FEASTS", "ProvidedHoliday", "country_holidays", "feast_of"]

# The feasts that follow the moon, each with the ways people write its name (lowercase).
MOON_FEASTS: dict[str, tuple[str, ...]] = {
    "fitr": ("fitr", "fitri"),
    "hajj": ("hajj", "haji", "adha", "adh'a"),
    "maulid": ("maulid", "maulidi", "mawlid", "milad", "prophet"),
}


ESTIMATE = "(makisio)"  # how the package marks, in Swahili, a date not yet announced


@dataclass(frozen=True)
class ProvidedHoliday:
    """One holiday of the package's calendar: its Swahili name, its feast if it follows the
    moon, and whether its date is still an estimate."""

    day: date
    name: str
    feast: str | None
    estimated: bool


def feast_of(name: str) -> str | None:
    """The moon feast a holiday's name is ("fitr", "hajj", "maulid"), or None."""
    words = name.lower()
    for feast, spellings in MOON_FEASTS.items():
        if any(spelling in words for spelling in spellings):
            return feast
    return None


@cache
def country_holidays(country: str, year: int) -> tuple[ProvidedHoliday, ...]:
    """The package's holidays of `country` in `year`, in Swahili, oldest first."""
    import holidays  # imported on first use: the package is large and most steps never ask

    swahili = holidays.country_holidays(country, years=year, language="sw")
    english = holidays.country_holidays(country, years=year, language="en_US")
    found = []
    for day in sorted(swahili):
        name, english_name = swahili[day], english.get(day, "")
        estimated = ESTIMATE in name or "(estimated)" in english_name
        found.append(
            ProvidedHoliday(
                day=day,
                name=name.replace(ESTIMATE, "").strip(),  # `estimated` says it
                # The English name says the feast plainly; the Swahili one is what people read.
                feast=feast_of(english_name or name),
                estimated=estimated,
            )
        )
    return tuple(found)
