"""The report's breakdowns (overall, department, ward, channel): one grouping of the rows that
every count and sum shares, by GROUPING SETS on PostgreSQL and by adding up on SQLite."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Label, Select, cast, func, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from store.models import Complaint

# The breakdowns the charter report gives beside the overall figures.
DIMENSIONS: dict[str, InstrumentedAttribute[Any]] = {
    "department": Complaint.department,
    "ward": Complaint.ward,
    "channel": Complaint.channel,
}
BREAKDOWNS = ("overall", *DIMENSIONS)
NO_ITEM = "(no item)"  # the breakdowns' line for SMS about no item (a survey, a digest)


# A column to group by: a model's attribute or an expression.
GroupColumn = ColumnElement[Any] | InstrumentedAttribute[Any]

# GROUPING(department, ward, channel) on PostgreSQL: a bit is set for each column rolled up.
GROUPING_SET_OF_MASK = {0b111: "overall", 0b011: "department", 0b101: "ward", 0b110: "channel"}


def breakdown_sets(
    dimensions: Sequence[GroupColumn], keys: Sequence[GroupColumn] = ()
) -> ColumnElement[Any]:
    """GROUPING SETS for overall, department, ward and channel, each also by `keys`."""
    department, ward, channel = dimensions
    chosen_sets = ((), (department,), (ward,), (channel,))
    return func.grouping_sets(*(tuple_(*keys, *chosen) for chosen in chosen_sets))


def grouped_by_breakdowns(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    keys: Sequence[Label[Any]] = (),
) -> Iterator[tuple[str, Any]]:
    """Run a `statement` of counts and sums grouped for every breakdown; yield (breakdown, row).

    The rows are grouped once by (keys, department, ward, channel) together: one hash
    aggregate into a few thousand groups at most. PostgreSQL then adds those groups up by
    GROUPING SETS (overall, department, ward, channel) in the same statement, so each row
    belongs to one breakdown; grouping the items themselves by GROUPING SETS would aggregate
    every item four times. SQLite has no GROUPING SETS: each group is yielded for every
    breakdown, for the caller to add up. Every column of `statement` must be a count or a sum
    (so that sums of them are right); labelled `keys` are grouped by in every set.
    """
    c = Complaint
    dimensions = (c.department, c.ward, c.channel)
    flat = statement.add_columns(*keys, *dimensions).group_by(*keys, *dimensions)
    if dialect(session) != "postgresql":
        for row in session.execute(flat).mappings():
            for by in BREAKDOWNS:
                yield by, row
        return
    groups = flat.subquery()
    totals = [  # 0, not NULL, for the overall line of a period with no items
        cast(func.coalesce(func.sum(groups.c[name]), 0), BigInteger).label(name)
        for name in statement.selected_columns.keys()
    ]
    group_keys = [groups.c[key.name] for key in keys]
    group_dimensions = [groups.c.department, groups.c.ward, groups.c.channel]
    rolled_up = select(
        *totals,
        *group_keys,
        *group_dimensions,
        func.grouping(*group_dimensions).label("grouping_mask"),
    ).group_by(breakdown_sets(group_dimensions, group_keys))
    for row in session.execute(rolled_up).mappings():
        yield GROUPING_SET_OF_MASK[row["grouping_mask"]], row


def dialect(session: Session) -> str:
    """The name of the database the session talks to."""
    bind = session.get_bind()
    return bind.dialect.name
