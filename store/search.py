"""Items found by the words of their description, the citizen's name and the officers' notes.

One function, `words_match`, for both databases, over what migration 0014 built: PostgreSQL's
full-text search with the `simple` configuration (words folded to lower case and kept as typed:
no English stemming to mangle Swahili), through a GIN index on the very expression below; and
SQLite's FTS5 table `complaint_words` (unicode61: case and accents folded). Every word typed
must be found, each as the beginning of a word ("bomb" finds "Bomba"; "Mang'oto" is "mang" and
"oto", as both databases split it), in any of the three texts.

A word with a digit in it is never looked for in an anonymous citizen's items: numbers in their
words are hidden from officers, and a search that found them would tell.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    and_,
    func,
    literal_column,
    select,
    table,
    text,
)

from store.models import Complaint

WORD = re.compile(r"[^\W_]+")  # letters and digits, in any script
MAX_WORDS = 8
# The text searched, exactly as ix_complaints_words indexes it (PostgreSQL uses an expression
# index only for the same expression).
DOCUMENT = (
    "to_tsvector('simple'::regconfig, complaints.description || ' ' || "
    "coalesce(complaints.citizen_name, '') || ' ' || coalesce(complaints.officer_notes, ''))"
)
# What migration 0014 made that no model can describe: SQLite's FTS5 table (and the shadow
# tables it keeps beside it), and PostgreSQL's index on an expression of one database's own.
SEARCH_TABLES = "complaint_words"
SEARCH_INDEX = "ix_complaints_words"


def search_words(typed: str) -> list[str]:
    """The words of a search, lower-cased, at most MAX_WORDS."""
    return [word.casefold() for word in WORD.findall(typed)][:MAX_WORDS]


def words_match(dialect: str, typed: str) -> ColumnElement[bool] | None:
    """Items holding every word typed (each as a word's beginning); None when nothing typed is
    a word. `dialect`: the database's (an engine's `dialect.name`)."""
    words = search_words(typed)
    if not words:
        return None
    found: ColumnElement[bool]
    if dialect == "postgresql":
        query = func.to_tsquery(
            literal_column("'simple'::regconfig"), " & ".join(f"{word}:*" for word in words)
        )
        found = literal_column(DOCUMENT).op("@@", return_type=Boolean)(query)
    else:
        phrase = " ".join(f'"{word}"*' for word in words)  # FTS5: each a prefix, all of them
        matched: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(table("complaint_words"))
            .where(text("complaint_words MATCH :phrase").bindparams(phrase=phrase))
        )
        found = Complaint.id.in_(matched)
    if any(character.isdigit() for word in words for character in word):
        found = and_(found, Complaint.anonymous.is_(False))
    return found


def modelled(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's `include_name`: leave out of schema comparisons what only the word search
    uses, which no model describes (see SEARCH_TABLES)."""
    if type_ == "table" and name is not None and name.startswith(SEARCH_TABLES):
        return False
    return not (type_ == "index" and name == SEARCH_INDEX)
