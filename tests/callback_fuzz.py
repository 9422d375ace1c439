"""Odd Africa's Talking callbacks for fuzzing: each field absent, empty, huge, binary or junk."""

from __future__ import annotations

import random
import string

PHONE = "+255754123456"  # the tests' citizen

ODD_VALUES = [
    "",
    "\x00",
    "a\x00b",
    "9" * 5000,
    "ñàé\u2019\U0001f600",
    "%00",
    "1e309",
    "-1",
    "NaN",
    "2026-02-30 25:61:61",
    "+255754123456",
    "<script>",
    "' OR 1=1 --",
]


def odd_form(rng: random.Random, fields: list[str]) -> dict[str, str]:
    """A callback with each field present or not, and any of them odd."""
    form = {}
    for name in fields:
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.6:
            form[name] = rng.choice(ODD_VALUES)
        else:
            form[name] = "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 40)))
    return form


CALLBACKS = {
    "/ussd": ["sessionId", "serviceCode", "phoneNumber", "networkCode", "text"],
    "/ussd/events": [
        "date",
        "sessionId",
        "serviceCode",
        "networkCode",
        "phoneNumber",
        "status",
        "cost",
        "durationInMillis",
        "hopsCount",
        "input",
        "lastAppResponse",
        "errorMessage",
    ],
    "/sms/incoming": ["date", "from", "to", "text", "id", "linkId", "networkCode"],
    "/sms/delivery": [
        "id",
        "status",
        "phoneNumber",
        "networkCode",
        "failureReason",
        "retryCount",
    ],
}


VALID = {
    "sessionId": "ATUid_fuzz",
    "serviceCode": "*152*25#",
    "phoneNumber": PHONE,
    "from": PHONE,
    "id": "ATX",
    "status": "Success",
    "to": "15025",
    "text": "",
    "date": "2026-12-02 07:00:00",
}


def fuzzed_form(rng: random.Random, path: str, attempt: int) -> dict[str, str]:
    """The `attempt`th odd form for a callback path; every other one starts from a valid one."""
    form = odd_form(rng, CALLBACKS[path])
    if attempt % 2:
        form = {**{k: v for k, v in VALID.items() if k in CALLBACKS[path]}, **form}
    return form
