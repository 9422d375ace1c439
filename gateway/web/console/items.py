"""An item's page, and the actions on it: all through `gateway.casework.actions.act`, the same
service the officers' SMS commands use. (The queue is `queue`.)"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.gsm7 import gsm7_length, sms_parts
from gateway.casework.actions import (
    ROLE_ACTIONS,
    Refused,
    act,
    check_allowed,
    citizen_message,
)
from gateway.casework.appointments import APPOINTMENT, appointment_choices
from gateway.lifecycle.statuses import WORKING
from gateway.messaging.notify import for_officers
from gateway.runtime import Gateway
from gateway.web.callbacks import clean
from gateway.web.console.auth import current_officer, kept_typing, t
from gateway.web.console.blueprint import bp
from gateway.web.console.formats import department_name, kind_name, local_moment
from gateway.web.console.queue import working_days_left
from gateway.web.console.record import Names, describe
from gateway.web.console.scope import visible_to
from gateway.web.current import current_gateway
from gateway.web.pages import page_now
from menus.officer_commands import MAX_DAYS, MIN_DAYS
from store.models import Complaint, ComplaintEvent, ExtensionRequest, Officer, OutboxMessage
from words import notices

log = logging.getLogger(__name__)

TEXT_MAX = 500  # the SMS notices cut free text to fit; more than this is a letter, not an SMS
# The order the action forms appear in, and which of them need a text.
ACTIONS = (
    "acknowledge",
    "reply",
    "ask",
    "resolve",
    "transfer",
    "refer",
    "extend",
    "approve",
    "refuse",
    "unrefer",
)
ACTIONS_WITH_TEXT = frozenset(
    {"reply", "ask", "resolve", "extend", "decide", "appoint", "call", "carry_out", "refuse"}
)
# Steps that cannot be undone: a second step shows exactly what the citizen will receive.
CONFIRMED_ACTIONS = frozenset({"resolve", "refer", "decide", "carry_out"})


# --- one item -----------------------------------------------------------------------------------


def _visible_item(db: Session, reference: str, lock: bool = False) -> Complaint:
    """The item with this reference if this officer may see it; 404 otherwise (no hint)."""
    if not reference.isdigit() or len(reference) > 9:
        abort(404)
    statement = select(Complaint).where(
        Complaint.reference == reference, visible_to(current_officer())
    )
    if lock:
        statement = statement.with_for_update(key_share=True)
    complaint = db.scalar(statement)
    if complaint is None:
        abort(404)
    return complaint


@dataclass(frozen=True)
class Deadline:
    """One of an item's deadlines: when, whether it was met, or the working days left."""

    name: str
    due: datetime
    done_at: datetime | None
    days_left: float | None

    @property
    def met(self) -> bool | None:
        """True/False once done (on time or not); None while still running."""
        return None if self.done_at is None else self.done_at <= self.due


def deadlines(gateway: Gateway, complaint: Complaint, now: datetime) -> list[Deadline]:
    """The item's deadlines with what happened, or the working days left on each."""
    found = []
    for name, due, done in (
        # A key service reported after its promise: the promise, missed by the day reported.
        ("service_promised", complaint.promised_at, complaint.received_at),
        ("acknowledge_due", complaint.acknowledge_due_at, complaint.acknowledged_at),
        ("answer_due", complaint.answer_due_at, complaint.resolved_at),
        ("appeal_due", complaint.appeal_due_at, complaint.appeal_decided_at),
        ("carry_out_due", complaint.carry_out_due_at, complaint.carried_out_at),
    ):
        if due is None:
            continue
        # Paused on the citizen: the stored deadline moves on when they answer, so no count.
        paused = name == "answer_due" and complaint.status == "waiting"
        left = None if done or paused else working_days_left(gateway, now, due)
        found.append(Deadline(name, due, done, left))
    return found


def phone_redactor(complaint: Complaint) -> Callable[[str], str]:
    """A function hiding an anonymous complainant's phone numbers, in any spelling, from a text."""
    return lambda value: for_officers(complaint, value)


def available_actions(officer: Officer, complaint: Complaint, pending: bool) -> list[str]:
    """The actions this officer can take on the item now (casework still has the last word)."""
    candidates: list[str] = []
    if complaint.status in WORKING:
        candidates += ["reply", "ask", "resolve", "transfer"]
        if complaint.acknowledged_at is None:
            candidates.insert(0, "acknowledge")
        if not pending:
            candidates.append("extend")
        candidates.append("refer")
    if complaint.status == "referred":
        candidates.append("unrefer")
    if pending:
        candidates += ["approve", "refuse"]
    if complaint.status == "appealed":
        candidates.append("decide")
    if complaint.status == "appeal_decided":
        candidates.append("carry_out")
    # An appointment's date is set (or moved) first; a call-back is logged once made.
    if complaint.kind == "miadi" and complaint.status in (*WORKING, "resolved"):
        candidates.insert(0, "appoint")
    if complaint.kind == "simu" and complaint.status in WORKING:
        candidates.insert(0, "call")
    allowed = []
    for action in candidates:
        try:
            check_allowed(officer, complaint, action)
        except Refused:
            continue
        allowed.append(action)
    return allowed


@dataclass(frozen=True)
class Typed:
    """What the officer typed into an action's form, shown again when it was not accepted."""

    action: str = ""
    text: str = ""
    days: str = ""
    department: str = ""
    institution: str = ""
    citizen_words: str = ""
    day: str = ""  # an appointment's day (YYYY-MM-DD) and time (HH:MM), from the picker
    time: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> Typed:
        """What a form sent (or what was kept of it over an ended session), within bounds."""
        return cls(
            form.get("action", "")[:16],
            form.get("text", "")[: TEXT_MAX * 2],
            form.get("days", "")[:3],
            form.get("department", "")[:32],
            form.get("institution", "")[:32],
            form.get("citizen_words", "")[: TEXT_MAX * 2],
            form.get("day", "")[:10],
            form.get("time", "")[:5],
        )


@dataclass(frozen=True)
class Preview:
    """The SMS the citizen would receive for an action, shown before it is sent; with
    `confirm`, the second step of an action that cannot be undone (its fingerprint)."""

    action: str
    text: str | None  # None: the citizen receives nothing
    parts: int
    confirm: str = ""


@dataclass(frozen=True)
class Room:
    """How many characters an action's words may take (the whole SMS within the charter's parts
    less its fixed words), for the counter beside the text box."""

    base: int  # septets of the citizen's SMS without the officer's words
    limit: int  # septets the whole SMS may take


# Actions whose words an officer types go to the citizen whole ("extend": its citizen words).
WORDS_ACTIONS = ("reply", "ask", "resolve", "decide", "extend")


@bp.get("/items/<reference>")
def item(reference: str) -> ResponseReturnValue:
    """An item's whole record: details, deadlines, every event, every SMS, and the actions;
    with what the officer typed into an action's form if their session ended as they sent it."""
    kept = kept_typing(request.path)
    if kept is None:
        return item_page(reference)
    flash(t("kept_typing"), "info")
    return item_page(reference, Typed.from_form(kept))


def item_page(
    reference: str, typed: Typed = Typed(), status: int = 200, preview: Preview | None = None
) -> Response:
    """The item's page; `typed` refills an action's form that was sent back to the officer, and
    `preview` shows the SMS it would send."""
    gateway = current_gateway()
    officer = current_officer()
    now = page_now()
    with gateway.sessions() as db:
        complaint = _visible_item(db, reference)
        events = db.scalars(
            select(ComplaintEvent)
            .where(ComplaintEvent.complaint_id == complaint.id)
            .order_by(ComplaintEvent.at, ComplaintEvent.id)
        ).all()
        messages = db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.complaint_id == complaint.id)
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
        ).all()
        pending = pending_request(db, complaint)
        officers = {o.id: o for o in db.scalars(select(Officer))}
    officer_phones = {o.phone: o for o in officers.values()}
    redact = phone_redactor(complaint)
    names = Names(
        department=department_name,
        kind=kind_name,
        officer=lambda found: officers[found].name if found in officers else t("nobody"),
        redact=redact,
        institution=lambda slug: getattr(gateway.charter.institution(slug), "name", slug),
    )
    page = render_template(
        "console/item.html",
        complaint=complaint,
        citizen_phone=None if complaint.anonymous else complaint.phone,
        responsible=officers.get(complaint.officer_id) if complaint.officer_id else None,
        ward_officer=next(
            (
                o
                for o in officers.values()
                if o.role == "weo" and o.active and complaint.ward and o.ward == complaint.ward
            ),
            None,
        ),
        referred_to=gateway.charter.institution(complaint.referred_to or ""),
        events=[
            {
                "event": event,
                "actor": _actor_name(event.actor, officers),
                "detail": describe(event.kind, event.detail, names),
            }
            for event in events
        ],
        messages=[
            {
                "message": message,
                "to": _recipient(message.phone, complaint, officer_phones),
                "text": redact(message.text),
            }
            for message in messages
        ],
        deadlines=deadlines(gateway, complaint, now),
        now=now,
        pending=pending,
        pending_by=officers[pending.officer_id].name
        if pending and pending.officer_id in officers
        else "-",
        confirmed_actions=CONFIRMED_ACTIONS,
        actions=available_actions(officer, complaint, pending is not None),
        rooms=_rooms(gateway, officer, complaint),
        max_parts=gateway.charter.sms_max_parts,
        preview=preview,
        description=redact(complaint.description),
        departments=gateway.charter.departments,
        institutions=gateway.charter.institutions,
        appointment=appointment_choices(gateway, now) if complaint.kind == APPOINTMENT else None,
        preferred=[date.fromisoformat(d) for d in (complaint.preferred_days or "").split()],
        min_days=MIN_DAYS,
        max_days=MAX_DAYS,
        text_max=TEXT_MAX,
        typed=typed,
    )
    return Response(page, status=status)


def _rooms(gateway: Gateway, officer: Officer, complaint: Complaint) -> dict[str, Room]:
    """For each action whose words go to the citizen, the room they have in its SMS."""
    limit = notices.part_room(gateway.charter.sms_max_parts)
    rooms = {}
    for action in WORDS_ACTIONS:
        try:
            message = citizen_message(gateway, officer, complaint, action, "x")
        except Refused:
            continue
        if message is not None:
            rooms[action] = Room(base=gsm7_length(message) - 1, limit=limit)
    return rooms


def _actor_name(actor: str | None, officers: dict[int, Officer]) -> str:
    if actor and actor.startswith("officer:"):
        number = actor.removeprefix("officer:")
        found = officers.get(int(number)) if number.isdigit() else None
        return found.name if found else actor
    return t("actor_" + (actor or "unknown"), default=actor or "-")


def _recipient(phone: str, complaint: Complaint, officer_phones: dict[str, Officer]) -> str:
    """Who an SMS went to, by role and name: the console shows no phone numbers in SMS lists."""
    if complaint.phone and phone == complaint.phone:
        return t("to_citizen")
    found = officer_phones.get(phone)
    return found.name if found else t("to_other")


# --- acting on an item --------------------------------------------------------------------------


def pending_request(db: Session, complaint: Complaint) -> ExtensionRequest | None:
    """The item's request for more time awaiting a decision, if any."""
    return db.scalar(
        select(ExtensionRequest)
        .where(
            ExtensionRequest.complaint_id == complaint.id,
            ExtensionRequest.status == "pending",
        )
        .order_by(ExtensionRequest.id.desc())
    )


def _offered(reference: str, action: str) -> bool:
    """Whether the item's page offers this officer the action now (one not offered goes on to
    casework, which refuses it with its reason)."""
    with current_gateway().sessions() as db:
        complaint = _visible_item(db, reference)
        pending = pending_request(db, complaint) is not None
        return action in available_actions(current_officer(), complaint, pending)


def _citizen_sms(reference: str, typed: Typed, action: str, text: str) -> str | None:
    """The SMS the citizen would receive if the action were taken now with these words (Refused
    when it cannot be: too long, an unknown institution); nothing is done."""
    gateway = current_gateway()
    with gateway.sessions() as db:
        complaint = _visible_item(db, reference)
        officer = db.get(Officer, current_officer().id)
        if officer is None:
            abort(403)
        words = " ".join(typed.citizen_words.split()) if action == "extend" else text
        return citizen_message(gateway, officer, complaint, action, words, typed.institution)


def picked_moment(day: str, at: str) -> str:
    """The picker's day (YYYY-MM-DD) and time (HH:MM) as an appointment is written, "08/12
    10:00"; empty when the day is not a date (a form not from the page)."""
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        return ""
    return f"{chosen:%d/%m} {at}"


def fingerprint(message: str | None) -> str:
    """What a confirmation was shown, so a changed SMS is shown again before it goes."""
    return hashlib.sha256((message or "-").encode()).hexdigest()[:16]


def _preview(reference: str, typed: Typed, action: str, text: str) -> Response:
    """The page again, with the SMS the citizen would receive (or how much too long it is);
    nothing is done, and the form keeps what was typed."""
    gateway = current_gateway()
    try:
        message = _citizen_sms(reference, typed, action, text)
    except Refused as refused:
        parts = gateway.charter.sms_max_parts
        flash(t("refused_" + refused.reason, over=refused.over, parts=parts), "error")
        return item_page(reference, typed, 400)
    shown = Preview(action, message, sms_parts(message) if message else 0)
    return item_page(reference, typed, 200, preview=shown)


def _confirmation(reference: str, typed: Typed, action: str, text: str) -> Preview | None:
    """The second step of an action that cannot be undone: the SMS the citizen will receive,
    and its fingerprint for the confirm button. None when casework would refuse the action (it
    goes on to be refused with its reason, as any other)."""
    try:
        message = _citizen_sms(reference, typed, action, text)
    except Refused:
        return None
    return Preview(action, message, sms_parts(message) if message else 0, fingerprint(message))


@bp.post("/items/<reference>/act")
def act_on_item(reference: str) -> ResponseReturnValue:
    """Do one action through casework. A mistake or a refusal shows the page again with what
    the officer typed; done, the officer lands on the item, or on the queue if it left their
    sight (a transfer out of their department)."""
    gateway = current_gateway()
    officer = current_officer()
    form = request.form
    action = form.get("action", "")
    if action not in ROLE_ACTIONS["ded"]:
        abort(400)
    text = " ".join(clean(form.get("text", "")).split())
    typed = Typed.from_form(form)
    if action == "appoint" and typed.day:
        text = picked_moment(typed.day, typed.time)
    days: int | None = None
    problem = None
    if action in ACTIONS_WITH_TEXT and not text:
        problem = t("need_text")
    elif len(text) > TEXT_MAX:
        problem = t("text_too_long", max=TEXT_MAX)
    elif action == "extend":
        days = int(typed.days) if typed.days.isdigit() else 0
        if not MIN_DAYS <= days <= MAX_DAYS:
            problem = t("bad_days", min=MIN_DAYS, max=MAX_DAYS)
    if problem:
        flash(problem, "error")
        return item_page(reference, typed, 400)
    if form.get("preview") and action in WORDS_ACTIONS:
        return _preview(reference, typed, action, text)
    if action in CONFIRMED_ACTIONS and _offered(reference, action):
        confirmation = _confirmation(reference, typed, action, text)
        if confirmation is not None and form.get("confirm") != confirmation.confirm:
            if form.get("confirm"):  # confirmed, but the SMS is no longer the one shown
                flash(t("confirm_changed"), "error")
            return item_page(reference, typed, 200, preview=confirmation)
    now = page_now()
    try:
        with gateway.sessions.begin() as db:
            complaint = _visible_item(db, reference, lock=True)
            actor = db.get(Officer, officer.id)
            if actor is None:
                abort(403)
            done = act(
                db,
                gateway,
                actor,
                complaint,
                action,
                now,
                text=text,
                department=form.get("department") or None,
                days=days,
                institution=form.get("institution") or None,
                citizen_words=" ".join(clean(form.get("citizen_words", "")).split()) or None,
            )
            still_seen = db.scalar(
                select(Complaint.id).where(Complaint.id == complaint.id, visible_to(actor))
            )
    except Refused as refused:
        log.info(
            "console action refused officer=%d item=%s action=%s why=%s",
            officer.id,
            reference,
            action,
            refused.reason,
        )
        parts = gateway.charter.sms_max_parts
        why = t("refused", reason=refused.reason)
        flash(t("refused_" + refused.reason, default=why, over=refused.over, parts=parts), "error")
        return item_page(reference, typed, 409)
    log.info("console action officer=%d item=%s action=%s", officer.id, reference, action)
    said = t("done_" + action, department=done.detail)
    if done.outcome:  # the item went elsewhere than sent: say where and why
        said = t(f"done_{action}_{done.outcome}", default=said, department=done.detail)
    if still_seen is None:  # out of this officer's sight: they land on their queue
        said += " " + t("done_away")
    if done.parts and done.citizen_at is not None and done.citizen_at > now:
        said += " " + t("sms_later", when=local_moment(done.citizen_at), parts=done.parts)
    elif done.parts:
        said += " " + t("sms_now", parts=done.parts)
    if still_seen is None:
        flash(said, "ok")
        return redirect(url_for("console.queue"))
    flash(said, "ok")
    return redirect(url_for("console.item", reference=reference))
