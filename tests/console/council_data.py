"""A council at work, with the longest real data: 200 open items over every department and
ward, last month's items for the report, a year of settled items before them for the trend
charts, and one item with a long record made through the real
services (filed, routed, reminded, asked, answered, extended, transferred, resolved, appealed,
decided, its date moved by a holiday)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from charter.reference import make_reference
from gateway.casework.actions import act, citizen_answers
from gateway.casework.intake import NewItem, file_item
from gateway.casework.satisfaction import not_satisfied
from gateway.people.officers import NewOfficer, add_officer
from gateway.reporting.periods import add_months, eat_midnight, last_month, local_today
from gateway.runtime import Gateway
from store.models import Complaint, ComplaintEvent, Officer, OutboxMessage
from tests.console.console_factories import PASSWORD, add_officers, make_item

LONGEST_NAME = "Anna-Theresia Mwakalinga Kyando Sanga Mbilinyi Mahenge Lupembe Ilomo"[:64]
LONG_DESCRIPTION = " ".join(
    ["Bomba kuu la maji linalohudumia kitongoji cha Mang'oto limevunjika tangu Jumatatu;"]
    + ["wananchi wanachota maji mtoni na watoto wanakosa shule kwa kufuata maji mbali."] * 24
)[:2000]
RECORD_PHONE = "+255754700700"
WEO = "+255713000011"  # the ward executive officer of Mang'oto


@dataclass(frozen=True)
class Council:
    """What the pages show: the officers, and the item with the long record."""

    officers: dict[str, Officer]
    long_record: str
    referred: str  # an item referred to RUWASA


def a_council_at_work(session: Session, gateway: Gateway, now: datetime) -> Council:
    """Fill the database as a busy council's would be, as at `now`."""
    officers = add_officers(session, gateway, now)
    charter = gateway.charter
    departments = [d.slug for d in charter.departments]
    wards = list(charter.wards)
    kinds = [k.slug for k in charter.kinds]
    officer_ids = [o.id for o in officers.values()]
    for index in range(200):
        due = now + timedelta(days=(index % 60) - 30, hours=index % 7)
        make_item(
            session,
            department=departments[index % len(departments)],
            ward=wards[index % len(wards)],
            kind=kinds[index % len(kinds)],
            channel=("ussd", "sms", "walkin", "letter", "phone")[index % 5],
            status=("received", "acknowledged", "waiting", "appealed")[index % 4],
            received_at=now - timedelta(days=40 - index % 40),
            acknowledge_due_at=now - timedelta(days=35 - index % 40),
            answer_due_at=due,
            appeal_due_at=due if index % 4 == 3 else None,
            officer_id=officer_ids[index % len(officer_ids)],
            phone=f"+2557547{index:05d}",
            anonymous=index % 3 == 0,
            citizen_name=None if index % 3 == 0 else LONGEST_NAME,
            description=LONG_DESCRIPTION[: 80 + index * 7],
        )
    _last_month(session, gateway, now)
    _year_before(session, gateway, now)
    long_record = _long_record(session, gateway, officers, now)
    officers["weo"] = add_officer(
        session,
        gateway.charter,
        NewOfficer(LONGEST_NAME, WEO, "weo", "1234", ward="Mang'oto", password=PASSWORD),
        now,
    )
    referred = file_item(
        session,
        gateway,
        NewItem("lalamiko", "maji", "Mang'oto", LONG_DESCRIPTION[:300], LONGEST_NAME, False,
                "sw", "ussd", RECORD_PHONE),
        now - timedelta(days=2),
    )  # fmt: skip
    stored = session.get(Complaint, referred.id)  # file_item returns a value: load the row
    assert stored is not None
    act(session, gateway, officers["water"], stored, "refer", now, "Mradi wa maji", None, None,
        "ruwasa")  # fmt: skip
    return Council(officers, long_record, referred.reference)


def _last_month(session: Session, gateway: Gateway, now: datetime) -> None:
    """Settled items received last month in every department (one with 3 items), with SMS."""
    start, _ = last_month(local_today(now)).bounds()
    for index, slug in enumerate(d.slug for d in gateway.charter.departments):
        count = 3 if slug == "ardhi" else 6 + index % 5
        for n in range(count):
            received = start + timedelta(days=1 + n, hours=index % 6)
            item = make_item(
                session,
                department=slug,
                ward=gateway.charter.wards[(index + n) % len(gateway.charter.wards)],
                channel=("ussd", "sms", "walkin", "letter", "phone")[n % 5],
                status="closed" if n % 3 else "resolved",
                received_at=received,
                acknowledge_due_at=received + timedelta(days=2),
                acknowledged_at=received + timedelta(days=1 + n % 3),
                acknowledge_days=float(1 + n % 3),
                answer_due_at=received + timedelta(days=14),
                resolved_at=received + timedelta(days=5 + n * 3),
                resolve_days=float(4 + n * 2),
                satisfied=n % 2 == 0,
                phone=f"+2557548{index:02d}{n:03d}",
                appeal_opened_at=received + timedelta(days=20) if n == 1 else None,
                appeal_due_at=received + timedelta(days=34) if n == 1 else None,
            )
            session.add(
                OutboxMessage(
                    phone=item.phone or "",
                    text="Makete DC: tumepokea lalamiko lako.",
                    purpose="acknowledgement",
                    complaint_id=item.id,
                    status="delivered",
                    due_at=received,
                    attempts=1,
                    created_at=received,
                    sent_at=received,
                    parts=1,
                    cost="TZS 22.0000",
                )
            )


def _year_before(session: Session, gateway: Gateway, now: datetime) -> None:
    """Settled items in the eleven months before last month, so the trend has a year to show:
    each department a different number each month (some under five, whose % is never shown),
    answered within standard more often as the year goes on; every third in Mang'oto."""
    first_of_last = last_month(local_today(now)).start
    slugs = [d.slug for d in gateway.charter.departments]
    wards = gateway.charter.wards
    # Eight-digit references of their own: a thousand more random seven-digit ones would
    # collide with the rest now and then.
    references = (make_reference(20_000_000 + n) for n in range(100_000))
    for back in range(1, 12):
        start = eat_midnight(add_months(first_of_last, -back))
        for index, slug in enumerate(slugs):
            for n in range((index * 5 + back * 3) % 11):
                received = start + timedelta(days=1 + n * 2, hours=index % 6)
                on_time = (n * 7 + index * 3 + back) % 10 < 4 + (11 - back) // 2
                make_item(
                    session,
                    reference=next(references),
                    department=slug,
                    ward="Mang'oto" if n % 3 == 0 else wards[(index + n) % len(wards)],
                    channel=("ussd", "sms", "walkin", "letter", "phone")[n % 5],
                    status="closed",
                    received_at=received,
                    acknowledge_due_at=received + timedelta(days=2),
                    acknowledged_at=received + timedelta(days=1),
                    acknowledge_days=1.0,
                    answer_due_at=received + timedelta(days=14),
                    resolved_at=received + timedelta(days=10 if on_time else 20),
                    resolve_days=7.0 if on_time else 14.0,
                    satisfied=on_time if n % 2 else None,
                )


def _long_record(
    session: Session, gateway: Gateway, officers: dict[str, Officer], now: datetime
) -> str:
    """One item through most of its life, by the same services the console and SMS use."""
    start = now - timedelta(days=30)
    filed = file_item(
        session,
        gateway,
        NewItem(
            kind="lalamiko",
            department="maji",
            ward="Mang'oto",
            description=LONG_DESCRIPTION,
            citizen_name=LONGEST_NAME,
            anonymous=False,
            language="sw",
            channel="ussd",
            phone=RECORD_PHONE,
        ),
        start,
    )
    item = session.get(Complaint, filed.id)  # file_item returns a value: act on the row
    assert item is not None
    water, head, ded = officers["water"], officers["head"], officers["ded"]
    _alarm(session, item, "reminded", "remind_half", start + timedelta(days=4), skipped=False)
    act(session, gateway, water, item, "acknowledge", start + timedelta(days=5))
    act(session, gateway, water, item, "ask", start + timedelta(days=6), text="Ni nyumba ipi?")
    citizen_answers(session, gateway, item, "Karibu na shule ya msingi", start + timedelta(days=7))
    act(session, gateway, water, item, "extend", start + timedelta(days=8), text="Vifaa", days=5)
    act(session, gateway, head, item, "approve", start + timedelta(days=9))
    _alarm(session, item, "escalated", "escalate_head", start + timedelta(days=10), skipped=True)
    session.add(
        ComplaintEvent(
            complaint_id=item.id,
            kind="deadline_moved",
            at=start + timedelta(days=11),
            actor="gateway",
            detail={
                "holiday": "Eid el-Fitr",
                "from": (start + timedelta(days=20)).isoformat(),
                "to": (start + timedelta(days=21)).isoformat(),
            },
        )
    )
    act(
        session, gateway, water, item, "reply", start + timedelta(days=12), text="Fundi yuko njiani"
    )
    act(session, gateway, water, item, "resolve", start + timedelta(days=13), text="Limerekebishwa")
    not_satisfied(session, gateway, item, "Bado maji hayatoki", start + timedelta(days=14))
    act(session, gateway, ded, item, "decide", start + timedelta(days=16), text="Rufaa imekubaliwa")
    return item.reference


def _alarm(
    session: Session, item: Complaint, kind: str, alarm: str, at: datetime, skipped: bool
) -> None:
    session.add(
        ComplaintEvent(
            complaint_id=item.id,
            kind=kind,
            at=at,
            actor="gateway",
            detail={"alarm": alarm, "skipped": skipped},
        )
    )
