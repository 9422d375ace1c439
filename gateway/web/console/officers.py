"""The officers page, for the complaints desk: list officers, register one, edit their details,
disable one who left and enable them again, lift their locks, give a new PIN or password.

The desk manages officers because every council has one (there is no separate admin role to
set up). Each change goes through the same functions as `flask --app app officers ...`
(gateway.casework.staffing over gateway.people), with the same rules, and is a line of the
audit shown on the page. A PIN or password the gateway gives is drawn in the answer to the POST
that gave it, once: it never goes in a redirect, the session cookie or a log.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import case, select
from sqlalchemy.orm import Session

from gateway.casework import staffing
from gateway.people.officer_audit import audit_lines
from gateway.people.officer_changes import (
    disable_officer,
    hold_for_change,
    unlock_officer,
)
from gateway.people.officers import (
    LANGUAGES,
    ROLES,
    NewOfficer,
    OfficerDetails,
    OfficerError,
    new_password,
    new_pin,
)
from gateway.web.callbacks import clean
from gateway.web.console.auth import current_officer, t
from gateway.web.console.blueprint import bp
from gateway.web.current import current_gateway
from gateway.web.pages import page_now
from store.models import Officer

log = logging.getLogger(__name__)

FIELDS = ("name", "phone", "role", "department", "ward", "language")
TYPED_MAX = 100  # what is kept of a field as typed, to show again
# The changes made by one button, and the text that says each was done.
DONE = {
    "disable": "disabled",
    "enable": "enabled",
    "unlock": "unlocked",
    "pin": "pin",
    "password": "password",
}
ROLE_ORDER = ("desk", "ded", "head", "officer", "weo")  # how the list is ordered


def _the_desk() -> Officer:
    """The logged-in officer, if they are the complaints desk; 403 for anyone else."""
    officer = current_officer()
    if officer.role != "desk":
        abort(403)
    return officer


def _typed(form: Any) -> dict[str, str]:
    """The form's fields as typed (cut to a sane length), to check and to show again."""
    return {field: clean(form.get(field, ""))[:TYPED_MAX] for field in FIELDS}


def _details(typed: dict[str, str]) -> OfficerDetails:
    return OfficerDetails(
        name=typed["name"],
        phone=typed["phone"],
        role=typed["role"],
        department=typed["department"] or None,
        ward=typed["ward"] or None,
        language=typed["language"] or "sw",
    )


def _everyone(db: Session) -> list[Officer]:
    """Every officer: the active first, then by role and name."""
    order = case({role: rank for rank, role in enumerate(ROLE_ORDER)}, value=Officer.role)
    return list(
        db.scalars(select(Officer).order_by(Officer.active.desc(), order, Officer.name, Officer.id))
    )


def _form_values(person: Officer) -> dict[str, str]:
    return {field: getattr(person, field) or "" for field in FIELDS}


# --- the list, and registering ------------------------------------------------------------------


@bp.get("/officers")
def officers() -> ResponseReturnValue:
    """Every officer and the latest changes to them."""
    _the_desk()
    with current_gateway().reads() as db:
        people = _everyone(db)
        lines = audit_lines(db)
    return render_template(
        "console/officers.html", people=people, lines=lines, now=page_now(), **_choices()
    )


def _choices() -> dict[str, Any]:
    return {"roles": ROLES, "languages": LANGUAGES}


@bp.route("/officers/new", methods=["GET", "POST"])
def new_officer() -> ResponseReturnValue:
    """The form to register an officer; done, their page with the PIN (and password) the
    gateway gave, shown once."""
    desk = _the_desk()
    if request.method == "GET":
        return _new_form({"language": "sw"}, {}, False, 200)
    typed = _typed(request.form)
    with_password = request.form.get("give_password") == "1"
    gateway = current_gateway()
    now = page_now()
    pin, password = new_pin(), new_password() if with_password else None
    details = _details(typed)
    new = NewOfficer(
        details.name,
        details.phone,
        details.role,
        pin,
        details.department,
        details.ward,
        password,
        details.language,
    )
    try:
        with gateway.sessions.begin() as db:
            registered = staffing.register(db, gateway, new, now, _acting(db, desk), tell=True)
            person_id, name, taken = (
                registered.officer.id,
                registered.officer.name,
                registered.taken,
            )
    except OfficerError as error:
        return _new_form(typed, error.problems, with_password, 400)
    log.info("console officer added officer=%d by=%d", person_id, desk.id)
    said = [t("officer_done_added", name=name)]
    if taken:
        said.append(t("officer_items_taken", count=taken))
    return _officer_page(person_id, said=said, pin=pin, password=password)


def _new_form(
    typed: dict[str, str], problems: dict[str, str], with_password: bool, status: int
) -> Response:
    page = render_template(
        "console/officer_new.html",
        form=typed,
        problems=problems,
        with_password=with_password,
        **_choices(),
    )
    return Response(page, status=status)


def _acting(db: Session, desk: Officer) -> Officer:
    """The desk officer making the change, read again inside the change's transaction: one
    disabled (or moved off the desk) since the page was drawn may no longer act."""
    actor = db.get(Officer, desk.id)
    if actor is None or not actor.active or actor.role != "desk":
        abort(403)
    return actor


# --- one officer ----------------------------------------------------------------------------------


@bp.get("/officers/<int:officer_id>")
def officer(officer_id: int) -> ResponseReturnValue:
    """One officer: their details to edit, what may be done, and the changes to them."""
    _the_desk()
    return _officer_page(officer_id)


def _officer_page(
    officer_id: int,
    said: list[str] | None = None,
    form: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
    pin: str | None = None,
    password: str | None = None,
    status: int = 200,
) -> Response:
    with current_gateway().reads() as db:
        person = db.get(Officer, officer_id)
        if person is None:
            abort(404)
        lines = audit_lines(db, officer_id)
        db.expunge(person)
    page = render_template(
        "console/officer.html",
        person=person,
        form=form if form is not None else _form_values(person),
        problems=problems or {},
        said=said or [],
        pin=pin,
        password=password,
        lines=lines,
        now=page_now(),
        **_choices(),
    )
    return Response(page, status=status)


@bp.post("/officers/<int:officer_id>")
def edit_officer(officer_id: int) -> ResponseReturnValue:
    """Save the officer's details; a mistake shows the form again with what was typed."""
    desk = _the_desk()
    typed = _typed(request.form)
    gateway = current_gateway()
    now = page_now()
    try:
        with gateway.sessions.begin() as db:
            actor = _acting(db, desk)
            person = hold_for_change(db, officer_id, desks=True)
            if person is None:
                abort(404)
            changes, taken = staffing.change(db, gateway, person, _details(typed), now, actor)
            name = person.name
    except OfficerError as error:
        refused = error.problems.get("officer")  # a change refused, not a field typed wrong
        flash(t("officer_problem_" + refused if refused else "officer_fix"), "error")
        status = 409 if refused else 400
        return _officer_page(officer_id, form=typed, problems=error.problems, status=status)
    if not changes:
        flash(t("officer_done_nothing"), "ok")
    else:
        log.info("console officer edited officer=%d by=%d", officer_id, desk.id)
        flash(t("officer_done_edited", name=name), "ok")
    if taken:
        flash(t("officer_items_taken", count=taken), "ok")
    return redirect(url_for("console.officer", officer_id=officer_id))


@bp.post("/officers/<int:officer_id>/<change>")
def change_officer(officer_id: int, change: str) -> ResponseReturnValue:
    """Disable, enable, unlock, or give a new PIN or password (drawn once, in this answer)."""
    desk = _the_desk()
    if change not in DONE:
        abort(404)
    gateway = current_gateway()
    now = page_now()
    pin = password = None
    taken: int | None = None
    try:
        with gateway.sessions.begin() as db:
            actor = _acting(db, desk)
            person = hold_for_change(db, officer_id, desks=change == "disable")
            if person is None:
                abort(404)
            name = person.name
            if change == "disable":
                disable_officer(db, person, now, actor)
            elif change == "enable":
                taken = staffing.enable(db, gateway, person, now, actor)
            elif change == "unlock":
                unlock_officer(db, person, now, actor)
            elif change == "pin":
                pin = staffing.give_pin(db, gateway, person, now, actor)
            else:
                password = staffing.give_password(db, gateway, person, now, actor)
    except OfficerError as error:
        for problem in error.problems.values():
            flash(t("officer_problem_" + problem), "error")
        return _officer_page(officer_id, status=409)
    log.info("console officer change=%s officer=%d by=%d", change, officer_id, desk.id)
    said = [t("officer_done_" + DONE[change], name=name)]
    if taken:
        said.append(t("officer_items_taken", count=taken))
    if pin is None and password is None:
        for line in said:
            flash(line, "ok")
        return redirect(url_for("console.officer", officer_id=officer_id))
    return _officer_page(officer_id, said=said, pin=pin, password=password)
