"""Filing on behalf: the desk records walk-in, letter and phone complaints through the same
`file_item` as USSD and SMS, so they get a reference, deadlines and acknowledgements alike.

The desk records who the client is (the charter's client groups; the public by default), and a
letter is filed as correspondence, with the charter's correspondence standards."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from gateway.casework.intake import NewItem, file_item
from gateway.people.phones import normalise_phone
from gateway.runtime import Gateway
from gateway.web.callbacks import clean
from gateway.web.console.auth import current_officer, kept_typing, t
from gateway.web.console.blueprint import bp
from gateway.web.current import current_gateway
from gateway.web.pages import page_now
from store.models import Phone

log = logging.getLogger(__name__)

DESK_CHANNELS = ("walkin", "letter", "phone")  # fits Complaint.channel's 8 characters
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 2000
NAME_MAX = 64
CORRESPONDENCE = "barua"  # the charter's kind for letters (muda wa kujibu mawasiliano)


@dataclass(frozen=True)
class FilingForm:
    """What the desk typed, checked: the item to file, or the problems to show."""

    item: NewItem | None
    errors: dict[str, str]


def read_filing(gateway: Gateway, form: Any) -> FilingForm:
    """Check the form against the charter; every mistake is a message beside its field."""
    charter = gateway.charter
    errors: dict[str, str] = {}
    kind = form.get("kind", "")
    if kind not in {k.slug for k in charter.kinds}:
        errors["kind"] = "choose"
    department = form.get("department", "") or None
    if department is not None and department not in {d.slug for d in charter.departments}:
        errors["department"] = "choose"
    ward = form.get("ward", "") or None
    if ward is not None and ward not in charter.wards:
        errors["ward"] = "choose"
    channel = form.get("channel", "")
    if channel not in DESK_CHANNELS:
        errors["channel"] = "choose"
    description = " ".join(clean(form.get("description", "")).split())
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        errors["description"] = "length"
    name = " ".join(clean(form.get("citizen_name", "")).split())[:NAME_MAX] or None
    phone: str | None = None
    raw_phone = form.get("phone", "").strip()
    if raw_phone:
        try:
            phone = normalise_phone(raw_phone)
        except ValueError:
            errors["phone"] = "phone"
    language = form.get("language", "sw")
    if language not in ("sw", "en"):
        errors["language"] = "choose"
    groups = [group.slug for group in charter.client_groups]
    client_group = form.get("client_group", "") or groups[0]
    if client_group not in groups:
        errors["client_group"] = "choose"
    if channel == "letter" and CORRESPONDENCE in {k.slug for k in charter.kinds}:
        # A letter is correspondence, whatever it asks: it is acknowledged and answered by the
        # charter's correspondence standards, and measured against them.
        kind = CORRESPONDENCE
    if errors:
        return FilingForm(None, errors)
    # No name, or asked not to be named: anonymous, so the phone is never shown in the console.
    anonymous = form.get("anonymous") == "1" or name is None
    item = NewItem(
        kind=kind,
        department=department,
        ward=ward,
        description=description,
        citizen_name=None if anonymous else name,
        anonymous=anonymous,
        language=language,
        channel=channel,
        phone=phone,
        client_group=client_group,
    )
    return FilingForm(item, {})


@bp.route("/file", methods=["GET", "POST"])
def file_on_behalf() -> ResponseReturnValue:
    """The desk's form; filing shows the new reference on the item's page."""
    officer = current_officer()
    if officer.role != "desk":
        abort(403)
    gateway = current_gateway()
    if request.method == "GET":
        kept = kept_typing(request.path)  # typed as the session ended: back in the form
        if kept is not None:
            flash(t("kept_typing"), "info")
        form = kept or {}
        return render_template("console/file.html", form=form, errors={}, channels=DESK_CHANNELS)
    checked = read_filing(gateway, request.form)
    if checked.item is None:
        page = render_template(
            "console/file.html", form=request.form, errors=checked.errors, channels=DESK_CHANNELS
        )
        return Response(page, status=400)
    now = page_now()
    item = checked.item
    with gateway.sessions.begin() as db:
        blocked = item.phone is not None and (
            db.scalar(select(Phone.sms_blocked_at).where(Phone.number == item.phone)) is not None
        )
        complaint = file_item(db, gateway, item, now, sms_blocked=blocked)
        reference = complaint.reference
    log.info(
        "console filed item=%s officer=%d channel=%s kind=%s client=%s",
        reference,
        officer.id,
        item.channel,
        item.kind,
        item.client_group,
    )
    flash(t("filed", reference=reference), "ok")
    return redirect(url_for("console.item", reference=reference))
