"""Items found by their words: the description, the citizen's name and the officers' own words
in the record (`officer_notes`, appended by a trigger on complaint_events, so every way an
event is written keeps it), indexed for PostgreSQL's full-text search (a GIN index on the
`simple` configuration: Swahili words as typed, no English stemming) and SQLite's FTS5 (an
external-content table kept by triggers). store/search.py asks both, behind one function.

On SQLite a later migration that copies `complaints` (batch mode) drops its triggers with the
old table: it must create them again (`_sqlite_complaint_triggers` below), or new items are
never found by their words.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 10:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# Events that carry an officer's own words, and the detail key each keeps them under.
NOTE_KINDS = (
    'replied',  # text
    'asked',  # question
    'resolved',  # note
    'called',  # note
    'referred',  # note
    'carried_out',  # note
    'appeal_decided',  # decision
    'extension_requested',  # reason
    'extension_refused',  # reason
)
_KINDS = ', '.join(f"'{kind}'" for kind in NOTE_KINDS)
_KEYS = ('text', 'question', 'note', 'decision', 'reason')


def _words(dialect: str, row: str) -> str:
    """The officer's words of one event row, in SQL."""
    if dialect == 'postgresql':
        found = ', '.join(f"{row}.detail ->> '{key}'" for key in _KEYS)
    else:
        found = ', '.join(f"json_extract({row}.detail, '$.{key}')" for key in _KEYS)
    return f"coalesce({found}, '')"


def upgrade() -> None:
    op.add_column('complaints', sa.Column('officer_notes', sa.Text(), nullable=True))
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        _postgresql_up()
    else:
        _sqlite_up()


def _postgresql_up() -> None:
    words = _words('postgresql', 'e')
    op.execute(
        f"""
        UPDATE complaints AS c SET officer_notes = n.words
        FROM (
            SELECT complaint_id, string_agg({words}, ' ' ORDER BY id) AS words
            FROM complaint_events AS e
            WHERE kind IN ({_KINDS}) AND {words} <> ''
            GROUP BY complaint_id
        ) AS n
        WHERE c.id = n.complaint_id
        """
    )
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION complaint_officer_notes() RETURNS trigger AS $$
        BEGIN
            UPDATE complaints
            SET officer_notes = concat_ws(' ', officer_notes, {_words('postgresql', 'NEW')})
            WHERE id = NEW.complaint_id;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        f"""
        CREATE TRIGGER tr_complaint_events_officer_notes AFTER INSERT ON complaint_events
        FOR EACH ROW WHEN (NEW.kind IN ({_KINDS}) AND {_words('postgresql', 'NEW')} <> '')
        EXECUTE FUNCTION complaint_officer_notes()
        """
    )
    # The expression store/search.py matches, word for word, so the planner uses the index.
    op.execute(
        "CREATE INDEX ix_complaints_words ON complaints USING gin (to_tsvector('simple'::regconfig, "
        "description || ' ' || coalesce(citizen_name, '') || ' ' || coalesce(officer_notes, '')))"
    )


def _sqlite_up() -> None:
    words = _words('sqlite', 'e')
    op.execute(
        f"""
        UPDATE complaints SET officer_notes = (
            SELECT group_concat(words, ' ') FROM (
                SELECT {words} AS words FROM complaint_events AS e
                WHERE e.complaint_id = complaints.id AND e.kind IN ({_KINDS}) AND {words} <> ''
                ORDER BY e.id
            )
        )
        WHERE id IN (SELECT complaint_id FROM complaint_events WHERE kind IN ({_KINDS}))
        """
    )
    op.execute(
        f"""
        CREATE TRIGGER tr_complaint_events_officer_notes AFTER INSERT ON complaint_events
        WHEN NEW.kind IN ({_KINDS}) AND {_words('sqlite', 'NEW')} <> ''
        BEGIN
            UPDATE complaints
            SET officer_notes = coalesce(officer_notes || ' ', '') || {_words('sqlite', 'NEW')}
            WHERE id = NEW.complaint_id;
        END
        """
    )
    # Words split on anything but letters and digits, case and accents folded; prefixes of 2
    # and 3 letters indexed, so a word begun is found as fast as a whole one.
    op.execute(
        "CREATE VIRTUAL TABLE complaint_words USING fts5(description, citizen_name, "
        "officer_notes, content='complaints', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
    )
    op.execute("INSERT INTO complaint_words(complaint_words) VALUES ('rebuild')")
    _sqlite_complaint_triggers()


def _sqlite_complaint_triggers() -> None:
    """The FTS5 table follows every insert, delete and change of an item's words."""
    new = "new.id, new.description, new.citizen_name, new.officer_notes"
    old = "'delete', old.id, old.description, old.citizen_name, old.officer_notes"
    columns = "rowid, description, citizen_name, officer_notes"
    op.execute(
        f"""
        CREATE TRIGGER tr_complaints_words_insert AFTER INSERT ON complaints BEGIN
            INSERT INTO complaint_words({columns}) VALUES ({new});
        END
        """
    )
    op.execute(
        f"""
        CREATE TRIGGER tr_complaints_words_delete AFTER DELETE ON complaints BEGIN
            INSERT INTO complaint_words(complaint_words, {columns}) VALUES ({old});
        END
        """
    )
    op.execute(
        f"""
        CREATE TRIGGER tr_complaints_words_update
        AFTER UPDATE OF description, citizen_name, officer_notes ON complaints BEGIN
            INSERT INTO complaint_words(complaint_words, {columns}) VALUES ({old});
            INSERT INTO complaint_words({columns}) VALUES ({new});
        END
        """
    )


def downgrade() -> None:
    # officer_notes copies the record's words (complaint_events keeps them): nothing is lost.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX ix_complaints_words")
        op.execute("DROP TRIGGER tr_complaint_events_officer_notes ON complaint_events")
        op.execute("DROP FUNCTION complaint_officer_notes()")
    else:
        for trigger in ('insert', 'delete', 'update'):
            op.execute(f"DROP TRIGGER tr_complaints_words_{trigger}")
        op.execute("DROP TRIGGER tr_complaint_events_officer_notes")
        op.execute("DROP TABLE complaint_words")
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_column('officer_notes')
