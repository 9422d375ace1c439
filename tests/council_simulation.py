"""A council over weeks, in minutes: the real gateway (its webhooks, its scheduler's jobs, its
SMS adapter against the fake Africa's Talking) driven hour by hour through a simulated calendar
by a seeded crowd of citizens and officers, with the charter's promises checked after every
simulated hour.

Each item gets a script when it is filed, drawn from the seeded random generator and from the
profile of the officer it went to: when it is acknowledged, asked about, answered (early, late
or never), whether its citizen answers a question, is satisfied, appeals, cancels; and whether
the DED decides in time, late or never. Each hour the steps that have come due are sent as a
citizen or officer would send them (USSD, SMS, the console for a letter), then the scheduler's
jobs run as the scheduler would, then the invariants are checked:

* every item that owes something has a running clock or a bounded wait, and no alarm is left
  unfired in the past;
* every stage past its date has produced its reminder or escalation, and none twice;
* no SMS or screen names a date before the day it was sent as still to come;
* no answer date precedes the item's filing;
* nothing is sent twice: every SMS the gateway counts as sent reached the fake Africa's Talking
  once, and the messages a stage sends once were sent once;
* the record is append-only and agrees with the item's status.

`tests/simulation/test_council_quarter.py` runs 90 days on SQLite and PostgreSQL; the year is
`bench/council_year.py`.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from werkzeug.security import generate_password_hash

from charter.calendar import EAT
from charter.clock import add_working_time
from gateway.lifecycle.statuses import APPEAL_DECIDED, APPEALED, CLOCK_RUNNING, OPEN, WAITING
from gateway.ops.scheduler import jobs, route_unowned_items
from gateway.runtime import Gateway
from store.models import Complaint, ComplaintEvent, Officer, OutboxMessage
from tests.console.console_factories import csrf_of, log_in
from tests.fake_africastalking import FakeAfricasTalking
from tests.gateway.ussd_driver import Dial, choose

PIN = "1234"
FAST_HASH = "pbkdf2:sha256:1"
PASSWORD = "simulation-pass"
HOUR = timedelta(hours=1)

# The council's officers: (name, phone, role, department, ward, how they work). "prompt" acts
# well within the charter's time, "late" after it, "never" not at all.
OFFICERS = (
    ("Asha Maji", "+255713100001", "officer", "maji", None, "prompt"),
    ("Juma Maji", "+255713100002", "head", "maji", None, "prompt"),
    ("Daudi Afya", "+255713100003", "officer", "afya", None, "late"),
    ("Rehema Afya", "+255713100004", "head", "afya", None, "late"),
    ("Neema Ujenzi", "+255713100005", "head", "ujenzi", None, "never"),
    ("Baraka Fedha", "+255713100006", "officer", "fedha", None, "prompt"),
    ("Dawati", "+255713100007", "desk", None, None, "prompt"),
    ("Mkurugenzi", "+255713100008", "ded", None, None, "late"),
    ("Afisa Kata Iwawa", "+255713100009", "weo", None, "Iwawa", "prompt"),
)
DEPARTMENTS = ("Maji", "Afya", "Ujenzi", "Fedha", "Elimu Msingi")  # Msingi has nobody: the desk
WARDS = ("Iwawa", "Ipepo", "Lupila", "Kitulo", "Bulongwa")
SERVICES = ("1", "2", "4")  # business licence, building permit, group registration
OTHER_KINDS = ("1", "2", "3")  # suggestion, compliment, enquiry
# What a citizen files, and how often (weights).
FILINGS = (
    ("complaint", 34),
    ("other", 15),
    ("sms_complaint", 10),
    ("delay", 10),
    ("appointment", 10),
    ("call_back", 10),
    ("letter", 5),
)
# Messages a stage sends at most once per item.
ONCE = (
    "acknowledgement",
    "officer_ack_remind",
    "officer_ack_late",
    "escalated_to_ded",
    "request_late",
    "appeal_late",
)
# A date told as still to come: after these words, unless the sentence says it was missed
# ("hatukujibu 123 ifikapo ...", "was not answered by ...").
FUTURE_DATE = re.compile(r"(?:ifikapo|kabla ya|\bby|\bbefore) (\d\d)/(\d\d)/(\d{4})")
# A deadline's row on an item's page: its date and its state (met, missed, days left or over).
DEADLINE_ROW = re.compile(
    r"<td>(\d\d/\d\d/\d{4} \d\d:\d\d)</td>\s*<td>([^<]*(?:siku|working day)[^<]*)</td>"
)
MISSED = ("hatukujibu", "did not answer", "not answered", "not accepted", "halikupokelewa", "due")


@dataclass
class Step:
    """One thing someone will do about an item, at a moment."""

    at: datetime
    action: str  # a key of Council._ACTIONS
    detail: str = ""


@dataclass
class Summary:
    """What a run did: counts that show the promises were exercised, and how long it took."""

    days: int
    hours_checked: int = 0
    filed: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    alarms: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    sms_sent: int = 0
    dates_moved: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The summary as lines of text, for a bench's output."""
        return [
            f"days {self.days}, hours checked {self.hours_checked}, {self.seconds:.0f} s",
            f"filed {sum(self.filed.values())}: {dict(sorted(self.filed.items()))}",
            f"actions: {dict(sorted(self.actions.items()))}",
            f"alarms fired: {dict(sorted(self.alarms.items()))}",
            f"statuses at the end: {dict(sorted(self.statuses.items()))}",
            f"SMS sent {self.sms_sent}, dates moved by the holiday {self.dates_moved}",
        ]


class Council:
    """The simulation: `Council(app, fake_at, seed, start, days).run()`."""

    def __init__(
        self,
        app: Flask,
        fake_at: FakeAfricasTalking,
        seed: int,
        start: datetime,
        days: int,
        filings_per_day: float = 8.0,
        holiday_on_day: int | None = None,
    ) -> None:
        self.app = app
        self.gateway: Gateway = app.extensions["gateway"]
        self.client = app.test_client()
        self.fake_at = fake_at
        self.random = random.Random(seed)
        self.start = start
        self.days = days
        self.filings_per_day = filings_per_day
        self.holiday_on_day = days // 2 if holiday_on_day is None else holiday_on_day
        self.citizens = [f"+2557541{n:05d}" for n in range(80)]
        self.english = set(self.random.sample(self.citizens, 12))
        self.officers = {role_key(o): o for o in OFFICERS}
        self.profiles = {phone: profile for _, phone, *_, profile in OFFICERS}
        self.steps: list[tuple[str, Step]] = []  # (reference, step)
        self.scripted: set[str] = set()
        self.summary = Summary(days)
        self.sessions = 0
        self.message_ids = 0
        self.last_event = 0
        self.events_seen = 0
        self.event_sample: dict[int, tuple[int, str]] = {}
        self.alarm_counts: Counter[tuple[int, str]] = Counter()
        self.asks: Counter[int] = Counter()
        self.kinds: dict[int, list[str]] = {}
        self.desk_client: FlaskClient | None = None
        self.desk_since = start

    # --- running ----------------------------------------------------------------------------

    def run(self, after_hour: Callable[[datetime], None] | None = None) -> Summary:
        """Register the officers, then go hour by hour; every invariant holds after each."""
        began = time.monotonic()
        now = self.start
        with time_machine.travel(now, tick=False) as traveller:
            self._register_officers()
            for _ in range(self.days * 24):
                self._hour(now)
                self._run_jobs(now)
                self.check(now)
                self.summary.hours_checked += 1
                if after_hour is not None:
                    after_hour(now)
                now += HOUR
                traveller.move_to(now)
        self._finish()
        self.summary.seconds = time.monotonic() - began
        return self.summary

    def _register_officers(self) -> None:
        runner = self.app.test_cli_runner()
        for name, phone, role, department, ward, _ in OFFICERS:
            args = ["officers", "add", "--name", name, "--phone", phone, "--role", role]
            args += ["--department", department] if department else []
            args += ["--ward", ward] if ward else []
            result = runner.invoke(args=[*args, "--pin", PIN, "--password", PASSWORD])
            assert result.exit_code == 0, result.output
        # Every command checks its PIN against a hash made to be slow (a quarter of a second of
        # scrypt); the simulation's thousands of commands check a hash of one round instead.
        # The check itself is the gateway's own, unchanged.
        with self.gateway.sessions.begin() as db:
            db.execute(update(Officer).values(pin_hash=generate_password_hash(PIN, FAST_HASH)))

    def _hour(self, now: datetime) -> None:
        local = now.astimezone(EAT)
        day = (now - self.start).days
        working = self.gateway.calendar.is_working_day(local.date())
        if working and 8 <= local.hour <= 15:
            # The public files during office hours; a few by evening SMS too.
            for _ in range(self._count(self.filings_per_day / 8)):
                self._file(now)
        if day == self.holiday_on_day and local.hour == 9:
            self._announce_holiday(now)
        due = [(ref, step) for ref, step in self.steps if step.at <= now]
        self.steps = [(ref, step) for ref, step in self.steps if step.at > now]
        for reference, step in sorted(due, key=lambda pair: pair[1].at):
            self._ACTIONS[step.action](self, reference, step, now)
            self.summary.actions[step.action] += 1
        self._script_new_items(now)

    def _count(self, mean: float) -> int:
        """A Poisson-like count with this mean."""
        count, threshold, product = 0, pow(2.718281828, -mean), self.random.random()
        while product > threshold:
            count += 1
            product *= self.random.random()
        return count

    def _run_jobs(self, now: datetime) -> None:
        """The scheduler's recurring jobs, as its process runs them (the daily one at dawn)."""
        for job, _ in jobs(self.gateway):
            if job is route_unowned_items and now.astimezone(EAT).hour != 6:
                continue
            job(self.gateway)

    # --- citizens filing --------------------------------------------------------------------

    def _file(self, now: datetime) -> None:
        what = self.random.choices([f for f, _ in FILINGS], [w for _, w in FILINGS])[0]
        phone = self.random.choice(self.citizens)
        screen = getattr(self, f"_file_{what}")(phone, now)
        if screen is not None:
            self._check_screen(screen, now)
        self.summary.filed[what] += 1

    def _dial(self, phone: str) -> Dial:
        self.sessions += 1
        dial = Dial(self.client, f"ATUid_sim_{self.sessions}", phone=phone)
        dial.start()
        if phone in self.english and "Welcome" not in dial.screen and "English" not in dial.screen:
            dial.answer("6")
            dial.answer("2")
            self.sessions += 1
            dial = Dial(self.client, f"ATUid_sim_{self.sessions}", phone=phone)
            dial.start()
        return dial

    def _department_ward_description(self, dial: Dial, text: str) -> str:
        choose(dial, self.random.choice(DEPARTMENTS))
        dial.answer(self.random.choice(WARDS))
        if "(herufi" not in dial.screen and "characters" not in dial.screen:
            choose(dial, dial.inputs[-1])
        dial.answer(text)
        if self.random.random() < 0.4:
            dial.answer("2")  # anonymous
        else:
            dial.answer("1")
            dial.answer("Mwananchi wa Makete")
        return dial.answer("1")

    def _file_complaint(self, phone: str, now: datetime) -> str:
        dial = self._dial(phone)
        dial.answer("1")
        return self._department_ward_description(dial, self._words("Bomba la maji"))

    def _file_other(self, phone: str, now: datetime) -> str:
        dial = self._dial(phone)
        dial.answer("2")
        dial.answer(self.random.choice(OTHER_KINDS))
        return self._department_ward_description(dial, self._words("Huduma ya ofisi"))

    def _file_sms_complaint(self, phone: str, now: datetime) -> None:
        self._sms(phone, "LALAMIKO " + self._words("Barabara ya kijiji imeharibika"), now)
        return None

    def _file_delay(self, phone: str, now: datetime) -> str:
        dial = self._dial(phone)
        dial.answer("7")
        dial.answer("5")
        dial.answer(self.random.choice(SERVICES))
        # Applied for from 2 to 20 days ago: often after the promise already passed.
        applied = now.astimezone(EAT).date() - timedelta(days=self.random.randint(2, 20))
        dial.answer(f"{applied:%d/%m/%Y}")
        dial.answer("1")  # no application number
        return dial.answer("1")

    def _file_appointment(self, phone: str, now: datetime) -> str:
        dial = self._dial(phone)
        dial.answer("7")
        dial.answer("3")
        choose(dial, self.random.choice(DEPARTMENTS[:4]))
        dial.answer(self.random.choice(("1", "2")))  # the officer, or the head
        dial.answer(self._words("Nataka kuonana kuhusu"))
        dial.answer("1 3")
        return dial.answer("1")

    def _file_call_back(self, phone: str, now: datetime) -> str:
        dial = self._dial(phone)
        dial.answer("7")
        dial.answer("4")
        dial.answer("1")
        dial.answer(self._words("Naomba mnipigie kuhusu"))
        return dial.answer("1")

    def _file_letter(self, phone: str, now: datetime) -> None:
        """The desk records a letter, through the console as its clerk would."""
        client = self._desk(now)
        page = client.get("/console/file")
        response = client.post(
            "/console/file",
            data={
                "csrf_token": csrf_of(page.text),
                "kind": "barua",
                "channel": "letter",
                "department": "maji",
                "ward": "Iwawa",
                "description": self._words("Barua kuhusu huduma ya maji"),
                "citizen_name": "Mwandishi wa barua",
                "phone": phone,
                "client_group": "umma",
            },
        )
        assert response.status_code in (302, 303), response.get_data(as_text=True)[-500:]
        return None

    def _desk(self, now: datetime) -> FlaskClient:
        """The desk's console, logged in afresh each morning (a session lasts a working day)."""
        if self.desk_client is None or self.desk_since < now - timedelta(hours=8):
            self.desk_client, self.desk_since = self.app.test_client(), now
            log_in(self.desk_client, self.officers["desk"][1], PASSWORD)
        return self.desk_client

    def _words(self, start: str) -> str:
        tail = self.random.choice(("tangu wiki iliyopita", "kijijini kwetu", "hadi leo", "sana"))
        return f"{start} {tail} {self.random.randint(1, 999)}"

    def _sms(self, phone: str, text: str, now: datetime) -> None:
        self.message_ids += 1
        response = self.client.post(
            "/sms/incoming",
            data={
                "from": phone,
                "to": "15025",
                "text": text,
                "date": now.strftime("%Y-%m-%d %H:%M:%S"),
                "id": f"ATSMS_sim_{self.message_ids}",
                "networkCode": "64004",
            },
        )
        assert response.status_code == 200, response.get_data(as_text=True)

    def _announce_holiday(self, now: datetime) -> None:
        """The President declares a holiday about a week ahead: dates move, citizens told."""
        calendar = self.gateway.calendar
        day = calendar.working_days_after(now.astimezone(EAT).date(), 5)
        before = self._count_moves()
        result = self.app.test_cli_runner().invoke(
            args=["holidays", "add", day.isoformat(), "Siku ya mapumziko ya kitaifa"]
        )
        assert result.exit_code == 0, result.output
        self.summary.dates_moved = self._count_moves() - before

    def _count_moves(self) -> int:
        with self.gateway.sessions() as db:
            return int(
                db.scalar(select(func.count()).where(ComplaintEvent.kind == "deadline_moved")) or 0
            )

    # --- scripting each item's life ---------------------------------------------------------

    def _script_new_items(self, now: datetime) -> None:
        with self.gateway.sessions() as db:
            fresh = db.scalars(
                select(Complaint).where(Complaint.reference.not_in(self.scripted or {""}))
            ).all()
            for item in fresh:
                self.scripted.add(item.reference)
                officer_phone = self._officer_phone(db, item)
                self._script(item, officer_phone, now)

    def _officer_phone(self, db: Any, item: Complaint) -> str | None:
        if item.officer_id is None:
            return None
        officer = db.get(Officer, item.officer_id)
        return officer.phone if officer else None

    def _script(self, item: Complaint, officer: str | None, now: datetime) -> None:
        r, ref = self.random, item.reference
        profile = self.profiles.get(officer or "", "never")
        cal = self.gateway.calendar

        def after(hours: float, base: datetime = now) -> datetime:
            return add_working_time(cal, base, timedelta(hours=hours))

        def add(at: datetime, action: str, detail: str = "") -> None:
            self.steps.append((ref, Step(at, action, detail)))

        if item.department is None and item.kind not in ("simu",):
            # The desk routes what came by SMS without a department.
            add(after(r.uniform(1, 6)), "transfer", r.choice(("maji", "afya", "fedha")))
            return  # the new officer's script follows the transfer
        if profile == "never" or officer is None:
            self._script_citizen_only(item, now)
            return
        due = item.answer_due_at
        window = (due - now) if due else timedelta(days=2)
        if profile == "prompt":
            ack = after(r.uniform(0.5, 6))
            answer = now + window * r.uniform(0.2, 0.8) if due else None
        else:  # late
            ack = after(r.uniform(20, 40))
            answer = (due + timedelta(days=r.uniform(1, 6))) if due else None
        if item.kind not in ("simu", "miadi"):
            add(ack, "acknowledge", officer)
        if item.kind == "pongezi" or answer is None:
            return
        if r.random() < 0.25 and item.kind not in ("simu", "miadi"):
            add(ack + HOUR, "ask", officer)
            if r.random() < 0.65:
                add(ack + timedelta(hours=r.uniform(3, 100)), "citizen_answers")
        if r.random() < 0.1 and profile == "prompt":
            add(now + window * 0.5, "extend", officer)
        kind_action = {"simu": "call", "miadi": "appoint"}.get(item.kind, "resolve")
        add(answer, kind_action, officer)
        if item.kind == "miadi" and r.random() < 0.2:
            add(answer + timedelta(days=1), "appoint", officer)  # moved to another day
        if item.kind == "miadi" and r.random() < 0.1:
            add(answer + timedelta(hours=3), "cancel")
        if kind_action == "resolve":
            satisfied = r.random()
            if satisfied < 0.5:
                add(answer + timedelta(hours=r.uniform(1, 30)), "satisfied")
            elif satisfied < 0.75:
                add(answer + timedelta(hours=r.uniform(1, 30)), "not_satisfied")
        self._script_citizen_only(item, now, answered=answer)

    def _script_citizen_only(
        self, item: Complaint, now: datetime, answered: datetime | None = None
    ) -> None:
        """What a citizen does however the council acts: check, and appeal a missed date."""
        r, ref = self.random, item.reference
        if r.random() < 0.3:
            self.steps.append((ref, Step(now + timedelta(hours=r.uniform(2, 300)), "status")))
        if r.random() < 0.05:
            self.steps.append((ref, Step(now + timedelta(hours=r.uniform(2, 300)), "track")))
        due = item.answer_due_at
        if due and (answered is None or answered > due) and r.random() < 0.35:
            self.steps.append((ref, Step(due + timedelta(hours=r.uniform(18, 90)), "appeal")))

    # --- the steps --------------------------------------------------------------------------

    def _item(self, reference: str) -> Complaint | None:
        with self.gateway.sessions() as db:
            return db.scalar(select(Complaint).where(Complaint.reference == reference))

    def _command(
        self, keyword: str, reference: str, phone: str, now: datetime, text: str = ""
    ) -> None:
        self._sms(phone, f"{keyword} {reference} {PIN} {text}".strip(), now)

    def _acknowledge(self, ref: str, step: Step, now: datetime) -> None:
        self._command("POKEA", ref, step.detail, now)

    def _ask(self, ref: str, step: Step, now: datetime) -> None:
        self._command("ULIZA", ref, step.detail, now, "Tafadhali eleza mahali hasa ni wapi?")

    def _resolve(self, ref: str, step: Step, now: datetime) -> None:
        self._command("FUNGA", ref, step.detail, now, "Tatizo limeshughulikiwa na fundi wetu")

    def _call(self, ref: str, step: Step, now: datetime) -> None:
        item = self._item(ref)
        caller = step.detail if item is None or item.officer_id else self.officers["desk"][1]
        self._command("SIMU", ref, caller, now, "Nimeongea na mwananchi")

    def _appoint(self, ref: str, step: Step, now: datetime) -> None:
        day = self.gateway.calendar.working_days_after(now.astimezone(EAT).date(), 2)
        self._command("MIADI", ref, step.detail, now, f"{day:%d/%m} 10:00")

    def _extend(self, ref: str, step: Step, now: datetime) -> None:
        self._command("ONGEZA", ref, step.detail, now, "3 Tunasubiri vifaa kutoka Njombe")
        item = self._item(ref)
        head = next(
            (o for o in OFFICERS if o[2] == "head" and item and o[3] == item.department), None
        )
        if head is not None and self.profiles[head[1]] != "never":
            self.steps.append((ref, Step(now + timedelta(hours=2), "approve", head[1])))

    def _approve(self, ref: str, step: Step, now: datetime) -> None:
        self._command("KUBALI", ref, step.detail, now)

    def _transfer(self, ref: str, step: Step, now: datetime) -> None:
        self._command("HAMISHA", ref, self.officers["desk"][1], now, step.detail)
        item = self._item(ref)
        if item is not None and item.department == step.detail:
            with self.gateway.sessions() as db:
                fresh = db.scalar(select(Complaint).where(Complaint.reference == ref))
                assert fresh is not None
                self._script(fresh, self._officer_phone(db, fresh), now)

    def _citizen_answers(self, ref: str, step: Step, now: datetime) -> None:
        item = self._item(ref)
        if item is not None and item.phone:
            self._sms(item.phone, f"JIBU {ref} Ni karibu na shule ya msingi", now)

    def _satisfied(self, ref: str, step: Step, now: datetime) -> None:
        item = self._item(ref)
        if item is not None and item.phone:
            self._sms(item.phone, f"1 {ref}", now)

    def _not_satisfied(self, ref: str, step: Step, now: datetime) -> None:
        item = self._item(ref)
        if item is not None and item.phone:
            self._sms(item.phone, f"2 {ref} Maji bado hayatoki kabisa kijijini", now)

    def _appeal(self, ref: str, step: Step, now: datetime) -> None:
        item = self._item(ref)
        if item is None or not item.phone:
            return
        self._sms(item.phone, f"RUFAA {ref} Sijajibiwa kwa wakati uliopangwa", now)
        self._script_ded(ref, now)

    def _script_ded(self, ref: str, now: datetime) -> None:
        item = self._item(ref)
        if item is None or item.status != APPEALED or item.appeal_due_at is None:
            return
        choice = self.random.random()
        if choice < 0.5:
            at = now + (item.appeal_due_at - now) * self.random.uniform(0.2, 0.9)
        elif choice < 0.8:
            at = item.appeal_due_at + timedelta(days=self.random.uniform(2, 8))
        else:
            return  # the DED never decides: the citizen is told of the route beyond
        self.steps.append((ref, Step(at, "decide", self.officers["ded"][1])))

    def _decide(self, ref: str, step: Step, now: datetime) -> None:
        self._command("AMUA", ref, step.detail, now, "Idara itekeleze ndani ya wiki moja")
        self._script_carry_out(ref, now)

    def _script_carry_out(self, ref: str, now: datetime) -> None:
        """The department reports the DED's decision carried out in time, late, or never."""
        with self.gateway.sessions() as db:
            item = db.scalar(select(Complaint).where(Complaint.reference == ref))
            if item is None or item.status != "appeal_decided" or item.carry_out_due_at is None:
                return
            phone = self._officer_phone(db, item) or self.officers["desk"][1]
            due = item.carry_out_due_at
        choice = self.random.random()
        if choice < 0.6:
            at = now + (due - now) * self.random.uniform(0.2, 0.9)
        elif choice < 0.85:
            at = due + timedelta(days=self.random.uniform(1, 6))
        else:
            return  # never reported: the DED and the head are told
        self.steps.append((ref, Step(at, "carry_out", phone)))

    def _carry_out(self, ref: str, step: Step, now: datetime) -> None:
        self._command("TEKELEZA", ref, step.detail, now, "Fundi ametumwa, kazi imekamilika")

    def _cancel(self, ref: str, step: Step, now: datetime) -> None:
        item = self._item(ref)
        if item is not None and item.phone:
            self._sms(item.phone, f"GHAIRI {ref}", now)

    def _status(self, ref: str, step: Step, now: datetime) -> None:
        item = self._item(ref)
        if item is not None and item.phone:
            self._sms(item.phone, f"HALI {ref}", now)

    def _track(self, ref: str, step: Step, now: datetime) -> None:
        item = self._item(ref)
        if item is None or not item.phone or item.anonymous:
            return
        dial = self._dial(item.phone)
        dial.answer("3")
        if "1 " in dial.screen and dial.screen.startswith("CON"):
            self._check_screen(dial.answer("1"), now)

    _ACTIONS: dict[str, Callable[[Council, str, Step, datetime], None]] = {
        "acknowledge": _acknowledge,
        "ask": _ask,
        "resolve": _resolve,
        "call": _call,
        "appoint": _appoint,
        "extend": _extend,
        "approve": _approve,
        "transfer": _transfer,
        "citizen_answers": _citizen_answers,
        "satisfied": _satisfied,
        "not_satisfied": _not_satisfied,
        "appeal": _appeal,
        "decide": _decide,
        "carry_out": _carry_out,
        "cancel": _cancel,
        "status": _status,
        "track": _track,
    }

    # --- the invariants ---------------------------------------------------------------------

    def check(self, now: datetime) -> None:
        """Every promise, after the hour's steps and jobs; AssertionError names what broke.

        An item that owes nothing and had nothing happen this hour cannot have changed, so the
        items checked are the open ones and those with a new line in their record."""
        with self.gateway.sessions() as db:
            touched = self._check_new_events(db)
            items = db.scalars(
                select(Complaint).where(
                    Complaint.status.in_(OPEN) | Complaint.id.in_(touched or {0})
                )
            ).all()
            for item in items:
                self._check_dates(item)
                self._check_clock(item, now)
                if item.id in touched:
                    expected = status_from_record(self.kinds[item.id], item)
                    assert item.status == expected, (
                        f"{item.reference}: status {item.status}, record says {expected}: "
                        f"{self.kinds[item.id]}"
                    )
            self._check_sms(db, now)
            open_items = [item.reference for item in items if item.status in OPEN]
        self._check_delivered()
        if now.astimezone(EAT).hour == 10 and open_items:
            for reference in self.random.sample(open_items, min(5, len(open_items))):
                self._check_page(reference, now)

    def _check_dates(self, item: Complaint) -> None:
        ref = item.reference
        for name in ("acknowledge_due_at", "answer_due_at"):
            due = getattr(item, name)
            assert due is None or due >= item.received_at, f"{ref}: {name} before filing"
        if item.appeal_due_at is not None:
            assert item.appeal_opened_at is not None and item.appeal_due_at >= item.appeal_opened_at

    def _check_clock(self, item: Complaint, now: datetime) -> None:
        ref, done = item.reference, item.alarms_done.split()
        assert len(done) == len(set(done)), f"{ref}: an alarm twice: {done}"
        if item.next_alarm_at is not None:
            assert item.next_alarm_at > now, f"{ref}: alarm {item.next_alarm} left unfired"
        owes = item.status in OPEN and (item.answer_due_at or item.acknowledged_at is None)
        if not owes:
            return
        ended = {
            WAITING: (),
            APPEALED: ("appeal_late",),
            APPEAL_DECIDED: ("carry_out_late",),
        }.get(item.status, ("escalate_ded",) if item.answer_due_at else ("ack_late",))
        bounded = item.next_alarm_at is not None or any(kind in done for kind in ended)
        assert bounded, f"{ref} ({item.status}) owes something with no clock running"
        # A stage past its date has had its escalation.
        late = now - timedelta(minutes=1)
        if item.status in CLOCK_RUNNING:
            if (
                item.acknowledged_at is None
                and item.acknowledge_due_at
                and item.acknowledge_due_at < late
            ):
                assert "ack_late" in done, f"{ref}: acknowledgement late, head never told"
            if item.answer_due_at and item.answer_due_at < late:
                assert "escalate_head" in done, f"{ref}: answer late, head never told"
        if item.status == APPEALED and item.appeal_due_at and item.appeal_due_at < late:
            assert "appeal_late" in done, f"{ref}: appeal late, nobody told"
        if item.status == APPEAL_DECIDED and item.carry_out_due_at and item.carry_out_due_at < late:
            assert "carry_out_late" in done, f"{ref}: decision not carried out, nobody told"

    def _check_new_events(self, db: Any) -> set[int]:
        """The record grows only at its end, and each alarm at most once a stage; the items
        with new lines, whose status is then checked against their whole record."""
        kept = db.scalar(select(func.count()).where(ComplaintEvent.id <= self.last_event))
        assert kept == self.events_seen, "an earlier line of the record changed or went"
        for event_id, (complaint_id, kind) in self.random.sample(
            sorted(self.event_sample.items()), min(20, len(self.event_sample))
        ):
            row = db.get(ComplaintEvent, event_id)
            assert row is not None and (row.complaint_id, row.kind) == (complaint_id, kind)
        fresh = db.scalars(
            select(ComplaintEvent)
            .where(ComplaintEvent.id > self.last_event)
            .order_by(ComplaintEvent.id)
        ).all()
        touched = set()
        for event in fresh:
            self.kinds.setdefault(event.complaint_id, []).append(event.kind)
            touched.add(event.complaint_id)
            if event.kind == "asked":
                self.asks[event.complaint_id] += 1
            alarm = (event.detail or {}).get("alarm")
            if alarm:
                self.summary.alarms[alarm] += 1
                self.alarm_counts[(event.complaint_id, alarm)] += 1
                allowed = self.asks[event.complaint_id] if alarm.startswith("wait") else 1
                assert self.alarm_counts[(event.complaint_id, alarm)] <= allowed, (
                    f"item {event.complaint_id}: {alarm} twice"
                )
            if self.random.random() < 0.05:
                self.event_sample[event.id] = (event.complaint_id, event.kind)
        if fresh:
            self.last_event = fresh[-1].id
        self.events_seen += len(fresh)
        return touched

    def _check_sms(self, db: Any, now: datetime) -> None:
        """This hour's SMS: no date past told as to come; once-only messages once."""
        rows = db.execute(
            select(OutboxMessage.text, OutboxMessage.created_at).where(
                OutboxMessage.created_at > now - HOUR
            )
        ).all()
        for text, created in rows:
            self._check_screen(text, created)
        twice = db.execute(
            select(OutboxMessage.complaint_id, OutboxMessage.purpose, func.count())
            .where(OutboxMessage.purpose.in_(ONCE), OutboxMessage.complaint_id.is_not(None))
            .group_by(OutboxMessage.complaint_id, OutboxMessage.purpose)
            .having(func.count() > 1)
        ).all()
        assert not twice, f"sent twice: {twice}"

    def _check_page(self, reference: str, now: datetime) -> None:
        """The desk's page of an item: a deadline past is never shown with days still left,
        nor one to come as days over."""
        page = self._desk(now).get(f"/console/items/{reference}")
        assert page.status_code == 200, page.status_code
        for due, state in DEADLINE_ROW.findall(page.text):
            moment = datetime.strptime(due, "%d/%m/%Y %H:%M").replace(tzinfo=EAT)
            if moment < now:
                assert "zimebaki" not in state and "imebaki" not in state, (reference, due, state)
            else:
                assert "imepita" not in state, (reference, due, state)

    def _check_screen(self, text: str, when: datetime) -> None:
        today = when.astimezone(EAT).date()
        for found in FUTURE_DATE.finditer(text):
            if any(word in text[max(0, found.start() - 40) : found.start()] for word in MISSED):
                continue
            day, month, year = (int(part) for part in found.groups())
            told = date(year, month, day)
            assert told >= today, f"{told} told as to come on {today}: {text!r}"

    def _check_delivered(self) -> None:
        """What the gateway counts as sent reached the fake Africa's Talking, each once."""
        received = sum(len(r.form.get("to", "").split(",")) for r in self.fake_at.sends)
        with self.gateway.sessions() as db:
            sent = db.scalar(
                select(func.count()).where(OutboxMessage.status.in_(("sent", "delivered")))
            )
        assert received == sent, f"fake AT received {received} SMS, the outbox says {sent} sent"
        self.summary.sms_sent = int(sent or 0)

    def _finish(self) -> None:
        with self.gateway.sessions() as db:
            for status, count in db.execute(
                select(Complaint.status, func.count()).group_by(Complaint.status)
            ):
                self.summary.statuses[str(status)] = int(count)


def role_key(officer: tuple[Any, ...]) -> str:
    """The key an officer is found by: the desk and the DED by role, others by phone."""
    return officer[2] if officer[2] in ("desk", "ded") else officer[1]


def status_from_record(kinds: list[str], item: Complaint) -> str:
    """The status an item's record says it has: an oracle apart from the code that sets it."""
    status, acknowledged, before_referral = "received", False, "received"
    for kind in kinds:
        running = "acknowledged" if acknowledged else "received"
        if kind == "acknowledged":
            acknowledged = True
            status = "acknowledged" if status == "received" else status
        elif kind == "asked":
            status = "waiting"
        elif kind in ("citizen_answered", "wait_ended") and status == "waiting":
            status = running
        elif kind in ("resolved", "called", "appointment_set"):
            acknowledged, status = True, "resolved"
        elif kind == "satisfaction" and status == "resolved" and item.satisfied:
            status = "closed"
        elif kind in ("appointment_cancelled",):
            status = "closed"
        elif kind == "appeal_opened":
            status = "appealed"
        elif kind == "appeal_decided":
            status = "appeal_decided"
        elif kind == "carried_out":
            status = "carried_out"
        elif kind == "referred":
            before_referral, status = status, "referred"
        elif kind == "referral_undone":
            status = "waiting" if before_referral == "waiting" else running
    return status
