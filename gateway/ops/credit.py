"""The Africa's Talking account's credit. When it runs out, every acknowledgement, reminder and
escalation fails, and the charter's promises stop without a word: so the scheduler reads the
balance (hourly, and once as it starts) through the SDK's application data call, keeps it in
`sms_balance` (for /metrics and the console's banner), and below LOW_BALANCE_ALERT tells the
desk and the DED by SMS, once a day (East Africa Time), however many schedulers read it.

A read that fails (Africa's Talking away, slow, or answering what is no balance) is logged and
changes nothing: the balance last read stays, with the time it was read.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from charter.calendar import EAT
from gateway.casework.routing import the_ded, the_desk
from gateway.messaging.notify import tell_officer
from gateway.messaging.providers.africastalking import BalanceUnavailable, read_balance
from gateway.messaging.providers.provider import at_money
from gateway.runtime import Gateway
from store.models import SmsBalance
from store.upsert import insert_or_update
from words import notices

log = logging.getLogger(__name__)

READ_TIMEOUT = (3.05, 9.05)  # connect, read (seconds): the SDK's own, as for sending


def check_balance(
    gateway: Gateway, now: datetime, timeout: tuple[float, float] = READ_TIMEOUT
) -> Decimal | None:
    """Read and keep the balance, and tell the desk and the DED if it is low (once a day);
    the amount read, or None when there is no account to read or the read failed."""
    config = gateway.config
    if config.sms_backend != "africastalking":
        return None  # the console or the simulator: no account, no credit
    try:
        said = read_balance(config.at_username, config.at_api_key, config.at_api_url, timeout)
    except BalanceUnavailable as why:
        log.warning("sms balance not read: %s", why)
        return None
    money = at_money(said)
    if money is None:  # read_balance answers money only; kept for the type checker
        return None
    currency, amount = money
    threshold = config.low_balance_alert
    with gateway.sessions.begin() as session:
        insert_or_update(
            session, SmsBalance, {"id": 1, "balance": said, "read_at": now}, ("balance", "read_at")
        )
        told = None
        if threshold is not None and amount < threshold:
            told = _tell_once_a_day(session, gateway, currency, amount, threshold, now)
    low = "" if told is None else f" below {threshold}, officers told now: {told}"
    log.info("sms balance %s %s%s", currency, amount, low)
    return amount


def _tell_once_a_day(
    session: Session,
    gateway: Gateway,
    currency: str,
    amount: Decimal,
    threshold: Decimal,
    now: datetime,
) -> int:
    """SMS to the desk and the DED, unless they were told today; how many were told."""
    officers = [officer for officer in (the_desk(session), the_ded(session)) if officer]
    if not officers:
        log.warning("sms balance low, and no desk or DED is registered to tell")
        return 0
    today = now.astimezone(EAT).date()
    # Whoever marks today first tells them; another scheduler reading at the same moment waits
    # for this row and finds today marked.
    claimed = session.execute(
        update(SmsBalance)
        .where(
            SmsBalance.id == 1, or_(SmsBalance.alerted_on.is_(None), SmsBalance.alerted_on < today)
        )
        .values(alerted_on=today)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        return 0
    for officer in officers:
        text = notices.officer_low_balance(
            officer.language, gateway.charter.short_name, currency, amount, threshold
        )
        tell_officer(session, gateway, officer, text, "officer_low_balance", now)
    return len(officers)
