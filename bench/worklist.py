"""How fast an officer's worklist answers on a big history: the queue's first page, a word
search and an item's page, each at the server.

Run: python bench/worklist.py [--items 1000000] [--repeats 15] [--reset | --reuse]
(DATABASE_URL picks the database; default a fresh SQLite file in a temporary folder). The
database must be empty or made only of this benchmark's rows: --reset drops every table first
(never point it at a database you care about); --reuse times the rows an earlier run loaded.

It loads items spread over five years, most long settled and about 2% still open (those of the
last six weeks, and a few stuck), in every department and ward, with Swahili descriptions whose
words follow a long-tailed frequency ("bomba" is in about one item in seventeen, "maji" in one
in ten, a surname in a few thousand: the bench prints each share), citizens' names, officers'
notes, 1.5 events and one SMS an item, pending
requests for more time, appeals and escalations. PostgreSQL takes the rows by COPY, SQLite by
executemany, each with its secondary indexes and triggers set aside during the load and rebuilt
after (the word index too), then VACUUM ANALYZE / ANALYZE.

Then it logs officers in through the real console (Flask's test client: the login, the
worklist's queries, the template) and times requests in process: each role's first page, the
desk's "all" tab and its last page, word searches, and item pages. Each line gives the median,
the 90th percentile and the slowest of --repeats requests after two to warm up. Results:
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))

from flask.testing import FlaskClient  # noqa: E402
from report import loading_arguments, ready, settle, weighted  # noqa: E402
from sqlalchemy import Engine, func, insert, select, text  # noqa: E402

from app import create_app  # noqa: E402
from charter.loader import load_charter  # noqa: E402
from charter.reference import make_reference  # noqa: E402
from gateway.casework.appeals import BREACH_APPEAL_REASON  # noqa: E402
from gateway.people.officers import NewOfficer, add_officer  # noqa: E402
from store.database import make_engine, make_session_factory  # noqa: E402
from store.models import (  # noqa: E402
    Complaint,
    ComplaintEvent,
    ExtensionRequest,
    Officer,
    OutboxMessage,
)
from store.search import words_match  # noqa: E402

PASSWORD = "bench-password-2026"
LOGGED_IN = ("desk", "ded", "head:maji", "officer:maji")  # the officers whose views are timed
BATCH = 20_000
YEARS = 5
OPEN_FOR = timedelta(days=45)  # items younger than this are mostly still open
KINDS: tuple[tuple[str, int], ...] = (
    ("lalamiko", 62),
    ("maulizo", 12),
    ("mapendekezo", 8),
    ("pongezi", 4),
    ("barua", 6),
    ("simu", 4),
    ("miadi", 4),
)
OPEN_STATUSES = (
    ("received", 25),
    ("acknowledged", 40),
    ("waiting", 10),
    ("appealed", 15),
    ("appeal_decided", 10),
)
# Common words first (a word's share of the words falls as 1/rank): "la" is in nearly every
# description, "maji" in about one item in ten, "bomba" in about one in seventeen.
COMMON = (
    "la ya na wa kwa ni katika cha za kwenye hii hiyo sana bado tena pia lakini au kama hadi "
    "tangu sasa leo jana wiki mwezi siku mwaka watu wananchi kijiji maji kata mtaa ofisi "
    "huduma tatizo shida msaada afisa serikali halmashauri barabara shule mwalimu watoto "
    "hospitali zahanati dawa daktari umeme mvua daraja soko ardhi shamba mifugo bomba kibali "
    "leseni choo taka kisima tanki mradi fedha malipo ada kodi"
).split()
SYLLABLES = (
    "ba be bi bo bu da di do ga gi go ka ki ko ku la li lo lu ma me mi mo mu na ne ni no nu "
)
SYLLABLES += (
    "pa pe pi po sa se si so ta te ti to tu wa we wi ya yo za zi zu cha chi nga ngo mba mbo"
)
FIRST = "Asha Juma Neema Baraka Rehema Elia Zawadi Imani Upendo Furaha Tumaini Halima Musa Yusufu"
LAST = "Mbilinyi Sanga Kyando Mahenge Mwakyusa Lupembe Ilomo Mwalongo Nyagawa Kihwele Luvanda"


class Words:
    """Swahili-like descriptions: common words first, then a long tail of made-up ones, drawn
    with Zipf's frequencies (a word's share falls as 1/rank)."""

    def __init__(self, rng: random.Random, tail: int = 20_000) -> None:
        syllables = SYLLABLES.split()
        made = {
            "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(tail)
        }
        self.vocabulary = COMMON + sorted(made - set(COMMON))
        weights = [1 / rank for rank in range(1, len(self.vocabulary) + 1)]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.rng = rng

    def text(self, low: int, high: int) -> str:
        """A description of `low` to `high` words, its first letter capital."""
        words = self.rng.choices(
            self.vocabulary, cum_weights=self.cumulative, k=self.rng.randint(low, high)
        )
        return " ".join(words).capitalize()


def officers(engine: Engine, charter: Any, now: datetime) -> dict[str, Any]:
    """An officer and a head for every department, a WEO for five wards, the desk and the DED;
    their ids and phones by role and place. Those the bench logs in are registered as the CLI
    does; the others share their hashes (hashing is slow on purpose, and they never log in)."""
    sessions = make_session_factory(engine)
    people = [
        NewOfficer("Dawati", "", "desk", "1234"),
        NewOfficer("Mkurugenzi", "", "ded", "1234"),
    ]
    for department in charter.departments:
        people.append(
            NewOfficer(f"Afisa {department.short}", "", "officer", "1234", department.slug)
        )
        people.append(NewOfficer(f"Mkuu {department.short}", "", "head", "1234", department.slug))
    for ward in charter.wards[:5]:
        people.append(NewOfficer(f"WEO {ward}", "", "weo", "1234", None, ward))
    found: dict[str, Any] = {}
    hashed: Officer | None = None
    with sessions.begin() as session:
        for number, new in enumerate(people, start=1001):
            phone = f"+255713{number:06d}"
            place = new.department or new.ward
            key = new.role if new.role in ("desk", "ded") else f"{new.role}:{place}"
            if key in LOGGED_IN or hashed is None:
                registered = NewOfficer(new.name, phone, new.role, "1234", new.department,
                                        new.ward, PASSWORD)  # fmt: skip
                officer = add_officer(session, charter, registered, now)
                hashed = officer
            else:
                officer = Officer(name=new.name, phone=phone, role=new.role,
                                  department=new.department, ward=new.ward,
                                  pin_hash=hashed.pin_hash, password_hash=hashed.password_hash,
                                  language="sw", active=True, created_at=now)  # fmt: skip
                session.add(officer)
                session.flush()
            found[key] = (officer.id, phone)
    return found


def items(
    count: int, now: datetime, staff: dict[str, Any], seed: int = 7
) -> Iterator[dict[str, Any]]:
    """`count` items as the store keeps them, oldest first, with their events and SMS."""
    charter = load_charter(None)
    departments = [d.slug for d in charter.departments]
    wards = list(charter.wards)
    kinds, open_statuses = weighted(KINDS), weighted(OPEN_STATUSES)
    rng = random.Random(seed)
    words = Words(rng)
    first, last = FIRST.split(), LAST.split() + [w.capitalize() for w in words.vocabulary[200:2200]]
    span = YEARS * 365 * 86_400
    starts = sorted(rng.randrange(span) for _ in range(count))
    for number, back in enumerate(reversed(starts), start=1):
        received = now - timedelta(seconds=back) - timedelta(minutes=5)
        young = now - received < OPEN_FOR
        is_open = (young and rng.random() < 0.7) or rng.random() < 0.004
        department = rng.choice(departments) if rng.random() > 0.03 else None
        nobody = department is None or rng.random() < 0.01
        anonymous = rng.random() < 0.2
        row: dict[str, Any] = {
            "id": number,
            "reference": make_reference(10_000_000 + number),
            "kind": rng.choice(kinds),
            "department": department,
            "filed_department": department,
            "ward": rng.choice(wards),
            "description": words.text(6, 40),
            "citizen_name": None if anonymous else f"{rng.choice(first)} {rng.choice(last)}",
            "officer_notes": None,
            "phone": f"+2557{rng.randrange(10**8):08d}",
            "anonymous": anonymous,
            "channel": rng.choice(("ussd", "ussd", "ussd", "sms", "walkin", "letter", "phone")),
            "language": "sw",
            "received_at": received,
            "acknowledge_due_at": received + timedelta(days=2),
            "answer_due_at": received + timedelta(days=rng.choice((7, 14, 20))),
            "officer_id": None if nobody else staff[f"officer:{department}"][0],
            "paused_seconds": 0,
            "extension_days": 0,
            "escalation_level": 0,
            "alarms_done": "",
            "client_group": "umma",
        }
        events = (
            [("received", received, row["channel"], {"kind": row["kind"]})] if number % 2 else []
        )
        pending = False
        if is_open:
            status = rng.choice(open_statuses)
            row["status"] = status
            if status != "received":
                row["acknowledged_at"] = received + timedelta(hours=rng.uniform(1, 40))
                row["acknowledged_role"] = "officer"
            if status == "waiting":
                row["paused_at"] = min(now, received + timedelta(days=rng.uniform(1, 6)))
            if status in ("appealed", "appeal_decided"):
                opened = min(
                    now - timedelta(hours=1), received + timedelta(days=rng.uniform(8, 20))
                )
                row["appeal_opened_at"], row["appeal_due_at"] = opened, opened + timedelta(days=18)
                row["escalation_level"] = 2
                escalated = rng.random() < 0.5
                reason = BREACH_APPEAL_REASON if escalated else words.text(3, 12)
                actor = "gateway" if escalated else "sms"
                events.append(("appeal_opened", opened, actor, {"reason": reason}))
            if status == "appeal_decided":
                decided = row["appeal_opened_at"] + (now - row["appeal_opened_at"]) / 2
                row["appeal_decided_at"], row["carry_out_due_at"] = (
                    decided,
                    decided + timedelta(days=18),
                )
            pending = status == "acknowledged" and not nobody and rng.random() < 0.08
        else:
            row["acknowledged_at"] = received + timedelta(hours=rng.uniform(1, 60))
            row["acknowledged_role"] = "officer"
            row["acknowledge_days"] = round(rng.uniform(0.1, 3), 2)
            row["resolved_at"] = received + timedelta(days=rng.uniform(1, 25))
            row["resolve_days"] = round(rng.uniform(0.5, 18), 2)
            row["status"] = rng.choice(("closed", "closed", "closed", "resolved", "referred"))
            note = words.text(4, 20)
            row["officer_notes"] = note
            events.append(
                ("resolved", row["resolved_at"], "officer:1", {"note": note, "role": "officer"})
            )
        yield {"item": row, "events": events, "pending": pending}


COMPLAINT_COLUMNS = (
    "id reference kind department filed_department ward description citizen_name officer_notes "
    "phone anonymous channel language status received_at acknowledge_due_at answer_due_at "
    "officer_id acknowledged_at acknowledged_role resolved_at paused_at paused_seconds "
    "extension_days escalation_level alarms_done acknowledge_days resolve_days appeal_opened_at "
    "appeal_due_at appeal_decided_at carry_out_due_at client_group"
).split()
EVENT_COLUMNS = ("complaint_id", "kind", "at", "actor", "detail")
SMS_COLUMNS = (
    "phone text purpose complaint_id status due_at attempts parts cost created_at sent_at"
).split()
EXTENSION_COLUMNS = ("complaint_id", "officer_id", "days", "reason", "status", "requested_at")
TABLES = ("complaints", "complaint_events", "outbox", "extension_requests")


def _copied(value: Any) -> Any:
    """A value as COPY takes it: timestamps naive UTC, as UTCDateTime keeps them; JSON as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    return json.dumps(value) if isinstance(value, dict) else value


def _rows(batch: list[dict[str, Any]]) -> dict[str, list[tuple[Any, ...]]]:
    """The batch's rows for each table, as tuples in the columns' order."""
    complaints, events, sms, extensions = [], [], [], []
    for made in batch:
        item = made["item"]
        complaints.append(tuple(item.get(column) for column in COMPLAINT_COLUMNS))
        for kind, at, actor, detail in made["events"]:
            events.append((item["id"], kind, at, actor, detail))
        sent = item["received_at"] + timedelta(seconds=30)
        sms.append((item["phone"], "Makete DC: tumepokea lalamiko lako.", "acknowledgement",
                    item["id"], "delivered", sent, 1, 1, "TZS 22.0000", sent, sent))  # fmt: skip
        if made["pending"]:
            extensions.append((item["id"], item["officer_id"], 5, "Vifaa", "pending",
                               item["acknowledged_at"] + timedelta(hours=2)))  # fmt: skip
    return {
        "complaints": complaints,
        "complaint_events": events,
        "outbox": sms,
        "extension_requests": extensions,
    }


COLUMNS = {
    "complaints": COMPLAINT_COLUMNS,
    "complaint_events": EVENT_COLUMNS,
    "outbox": SMS_COLUMNS,
    "extension_requests": EXTENSION_COLUMNS,
}


def _set_aside(engine: Engine) -> tuple[list[str], list[str]]:
    """Drop the loaded tables' secondary indexes and (SQLite) triggers, or disable (PostgreSQL)
    the triggers; the statements that make them again."""
    postgresql = engine.dialect.name == "postgresql"
    names = ", ".join(f"'{table}'" for table in TABLES)
    with engine.begin() as connection:
        if postgresql:
            indexes = connection.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN (" + names + ")"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )).all()  # fmt: skip
            triggers: Any = []
            for table in TABLES:
                connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            again = [f"ALTER TABLE {table} ENABLE TRIGGER USER" for table in TABLES]
        else:
            indexes = connection.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                " AND tbl_name IN (" + names + ")"
            )).all()  # fmt: skip
            triggers = connection.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            )).all()  # fmt: skip
            again = []
        for name, _ in indexes:
            connection.execute(text(f'DROP INDEX "{name}"'))
        for name, _ in triggers:
            connection.execute(text(f'DROP TRIGGER "{name}"'))
    return [sql for _, sql in indexes], [sql for _, sql in triggers] + again


def load(engine: Engine, count: int, now: datetime, staff: dict[str, Any]) -> None:
    """The items, their events, SMS and pending requests; indexes and triggers rebuilt after."""
    indexes, triggers = _set_aside(engine)
    started = time.perf_counter()
    loaded = 0
    batch: list[dict[str, Any]] = []
    for made in items(count, now, staff):
        batch.append(made)
        if len(batch) == BATCH:
            _write(engine, _rows(batch))
            loaded += len(batch)
            batch = []
            rate = loaded / (time.perf_counter() - started)
            print(
                f"\r  {loaded:>9,} items ({rate:,.0f} items/s)", end="", file=sys.stderr, flush=True
            )
    if batch:
        _write(engine, _rows(batch))
    print(file=sys.stderr)
    print("  rebuilding indexes and triggers", file=sys.stderr, flush=True)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":  # a million rows' index takes longer than 15 s
            connection.execute(text("SET LOCAL statement_timeout = 0"))
        for statement in indexes + triggers:
            connection.execute(text(statement))
        if engine.dialect.name == "postgresql":
            for table in TABLES:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT coalesce(max(id), 1) FROM {table}))"
                ))  # fmt: skip
        else:
            connection.execute(
                text("INSERT INTO complaint_words(complaint_words) VALUES ('rebuild')")
            )


def _write(engine: Engine, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """One batch: COPY on PostgreSQL, executemany on SQLite."""
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            cursor: Any = raw.cursor()  # psycopg's, with COPY
            for table, values in rows.items():
                if not values:
                    continue
                columns = ", ".join(COLUMNS[table])
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for value in values:
                        copy.write_row(tuple(_copied(field) for field in value))
            raw.commit()
        finally:
            raw.close()
        return
    models: dict[str, Any] = {
        "complaints": Complaint,
        "complaint_events": ComplaintEvent,
        "outbox": OutboxMessage,
        "extension_requests": ExtensionRequest,
    }
    with engine.begin() as connection:
        for table, values in rows.items():
            if values:
                names = COLUMNS[table]
                statement = insert(models[table])
                connection.execute(
                    statement, [dict(zip(names, value, strict=True)) for value in values]
                )


def logged_in(app: Any, phone: str) -> FlaskClient:
    """A console client logged in through the real form."""
    client = app.test_client()
    page = client.get("/console/login").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = client.post(
        "/console/login", data={"phone": phone, "password": PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 302, answer.status_code
    return client


def timed(client: FlaskClient, paths: list[str], repeats: int) -> list[float]:
    """Milliseconds of each request after two to warm up, cycling through `paths`."""
    for path in paths[:2]:
        assert client.get(path).status_code == 200, path
    found = []
    for index in range(repeats):
        path = paths[index % len(paths)]
        started = time.perf_counter()
        answer = client.get(path)
        found.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return found


def main() -> None:
    """Load (or reuse), then time each view and print the rows for RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=15)
    loading_arguments(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        engine = make_engine(url)
        ready(engine, args)
        charter = load_charter(None)
        if not args.reuse:
            now = datetime.now(UTC)
            print(f"loading {args.items:,} items into {engine.dialect.name}", file=sys.stderr)
            started = time.perf_counter()
            staff = officers(engine, charter, now)
            load(engine, args.items, now, staff)
            settle(engine)
            print(f"| load | {args.items:,} items | {time.perf_counter() - started:.0f} s |")
        engine.dispose()
        app = create_app({
            "DATABASE_URL": url, "SECRET_KEY": "bench", "AT_USERNAME": "", "AT_API_KEY": "",
            "WEBHOOK_SECRET": "", "CHARTER_FILE": "", "MIGRATE_ON_START": "0",
        })  # fmt: skip
        measure(app, args.repeats)


def _share(gateway: Any, word: str) -> float:
    """The share of all items holding `word` (as the search finds it)."""
    found = words_match(gateway.engine.dialect.name, word)
    assert found is not None
    with gateway.engine.connect() as connection:
        total = connection.execute(text("SELECT count(*) FROM complaints")).scalar() or 1
        held = connection.scalar(select(func.count()).select_from(Complaint).where(found)) or 0
    return held / total


def measure(app: Any, repeats: int) -> None:
    """Time the views and print one table row each."""
    gateway = app.extensions["gateway"]
    with gateway.engine.connect() as connection:
        phones = dict(
            connection.execute(
                text("SELECT role || ':' || coalesce(department, ''), phone FROM officers")
            ).all()
        )
        held = connection.execute(text("SELECT count(*) FROM complaints")).scalar()
        opened = connection.execute(text(
            "SELECT count(*) FROM complaints WHERE status IN"
            " ('received', 'acknowledged', 'waiting', 'appealed', 'appeal_decided')"
        )).scalar()  # fmt: skip
        references = list(connection.execute(text(
            "SELECT c.reference FROM complaints c WHERE c.id IN"
            " (SELECT complaint_id FROM complaint_events WHERE kind = 'resolved')"
            " ORDER BY c.id DESC LIMIT 20"
        )).scalars())  # fmt: skip
    surname = "Mbilinyi"  # one of the real surnames the names are drawn from
    backend = gateway.engine.dialect.name
    print(f"{backend}: {held:,} items, {opened:,} open", file=sys.stderr)
    for word in ("bomba", "maji", surname):
        share = _share(gateway, word)
        print(f"  {word!r} is in {share:.2%} of the items", file=sys.stderr)
    desk = logged_in(app, phones["desk:"])
    first = desk.get("/console/?tab=all").text
    last = "/console/?tab=all"  # the only page, unless there is a link to the last
    if '" id="page-last"' in first:
        last = first.split('" id="page-last"')[0].rsplit('href="', 1)[1].replace("&amp;", "&")
    views = [
        ("desk: first page (its own)", desk, ["/console/"]),
        ("desk: all open, first page", desk, ["/console/?tab=all"]),
        ("desk: all open, last page", desk, [last]),
        ("DED: first page (appeals)", logged_in(app, phones["ded:"]), ["/console/"]),
        ("head of Maji: first page", logged_in(app, phones["head:maji"]), ["/console/"]),
        ("Maji officer: first page", logged_in(app, phones["officer:maji"]), ["/console/"]),
        ("search: bomba", desk, ["/console/?q=bomba"]),
        ("search: bomb (a word begun)", desk, ["/console/?q=bomb"]),
        ("search: maji", desk, ["/console/?q=maji"]),
        ("search: maji bomba (two words)", desk, ["/console/?q=maji+bomba"]),
        ("search: a surname", desk, [f"/console/?q={surname}"]),
        ("search: bomba, every status", desk, ["/console/?q=bomba&status=all"]),
        ("item page (20 items)", desk, [f"/console/items/{reference}" for reference in references]),
    ]
    for title, client, paths in views:
        runs = sorted(timed(client, paths, repeats))
        p90 = runs[min(len(runs) - 1, int(0.9 * len(runs)))]
        print(
            f"| {backend} | {held:,} | {title} | {statistics.median(runs):.0f} ms "
            f"| {p90:.0f} ms | {runs[-1]:.0f} ms |",
            flush=True,
        )


if __name__ == "__main__":
    main()
