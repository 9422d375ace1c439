"""Every text a citizen reads on a USSD screen or in the acknowledgement SMS, Swahili and English.

Swahili is the default: most callers read it first, and a plain word they use every day beats a
literal translation of the English. Texts are format strings keyed by name; the state machine
fills them and measures every screen (tests render each one with the longest real data, because
operators cut a screen at 160 characters and a Swahili phrase is long).
"""

from __future__ import annotations

from datetime import date

from charter.gsm7 import gsm7_length, to_gsm7

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "TEXTS",
    "ack_sms",
    "format_date",
    "language_or_default",
    "text",
]

DEFAULT_LANGUAGE = "sw"
LANGUAGES: tuple[str, ...] = ("sw", "en")

SMS_LIMIT = 160  # one GSM-7 SMS: the council pays per part

TEXTS: dict[str, dict[str, str]] = {
    "sw": {
        # The main menu; {council} is the charter's short name, e.g. "Makete DC".
        "main": (
            "Karibu {council}\n"
            "1 Tuma lalamiko\n"
            "2 Maoni, pongezi au maulizo\n"
            "3 Fuatilia lalamiko\n"
            "4 Kata rufaa\n"
            "5 Viwango vya huduma\n"
            "6 Lugha/Language"
        ),
        "other_kind": "Chagua aina:",
        "department": "Chagua idara:",
        "ward": "Chagua kata au andika herufi za mwanzo:",
        "description": "Andika maelezo ya {kind} (herufi {min} hadi {max}):",
        "identity": "Ungependa kutaja jina lako?\n1 Kwa jina langu\n2 Bila kujitambulisha",
        "name": "Andika jina lako:",
        # Confirm: "{kind}: {department}, {ward}", then who, then the description in quotes.
        "confirm_what": "{kind}: {department}, {ward}",
        "confirm_named": "Jina: {name}",
        "confirm_anonymous": "Bila kujitambulisha",
        "confirm_choices": "1 Thibitisha\n2 Ghairi",
        "standards": "Tunajibu ndani ya siku za kazi:",
        "standards_hours": "saa {amount}",
        "standards_appeal": "Rufaa",
        "language": "Chagua lugha / Choose language:\n1 Kiswahili\n2 English",
        "draft_offer": "Hukumaliza kutuma {kind}.\n1 Endelea\n2 Anza upya",
        "coming_soon": "Huduma hii itaanza hivi karibuni. Kwa msaada piga {phone}. Asante.",
        "cancelled": "Umeghairi. Hakuna kilichotumwa. Asante.",
        "filed": "Asante, tumepokea.\nNamba ya kumbukumbu: {reference}",
        "filed_due": "Utajibiwa ifikapo {due}.",
        "filed_sms": "Utapokea SMS yenye namba hii.",
        "filed_no_sms": "Iandike namba hii: hutapokea SMS.",
        "more": "9 Zaidi",
        "back": "0 Rudi",
        "back_main": "0 Rudi 00 Menyu kuu",
        # Hints: one short line above a re-shown screen.
        "hint_invalid": "Chaguo si sahihi.",
        "hint_too_short": "Maelezo mafupi mno: andika angalau herufi {min}.",
        "hint_too_long": "Maelezo marefu mno: herufi {max} tu.",
        "hint_name": "Andika jina la herufi {min} hadi {max}.",
        "hint_no_ward": "Hakuna kata inayoanza na '{query}'.",
        # The acknowledgement SMS.
        "sms_received_fallback": "Tumepokea {kind}.",
        "sms_reference": "Kumbukumbu: {reference}.",
        "sms_department": "Idara: {department}.",
        "sms_due": "Jibu ifikapo {due}.",
        "sms_track": "Fuatilia: tuma HALI {reference}",
        # Replies to SMS commands (gateway/sms_inbox.py, keywords in menus/sms_commands.py).
        "sms_help": (
            "{council}: Kutuma lalamiko andika LALAMIKO na maelezo. Maoni: MAONI na maelezo. "
            "Hali: HALI na namba ya kumbukumbu. Rufaa: RUFAA, namba na sababu."
        ),
        "sms_bad_reference": (
            "{council}: Namba ya kumbukumbu si sahihi. Iangalie kwenye SMS uliyopokea kisha "
            "tuma tena."
        ),
        "sms_usage_complaint": (
            "{council}: Maelezo ni mafupi mno. Tuma LALAMIKO kisha tatizo na mahali, mfano: "
            "LALAMIKO Maji hayatoki kijiji cha Iwawa wiki 2"
        ),
        "sms_usage_feedback": (
            "{council}: Maelezo ni mafupi mno. Tuma MAONI kisha maoni yako (angalau herufi 10)."
        ),
        "sms_usage_appeal": (
            "{council}: Kukata rufaa tuma RUFAA, namba ya kumbukumbu na sababu ya rufaa "
            "(angalau herufi 10)."
        ),
        "sms_usage_status": "{council}: Tuma HALI na namba yako ya kumbukumbu.",
        "sms_not_found": "{council}: Hatuna lalamiko lenye namba {reference} kutoka simu hii.",
        "sms_appeal_received": "{council}: Rufaa yako kuhusu {reference} imepokelewa. Asante.",
        "sms_desk": "Dawati la malalamiko",
        "sms_status": (
            "{council}: Lalamiko {reference}: {status}. Idara: {department}. Jibu ifikapo {due}."
        ),
        # Complaint statuses (lalamiko: li- class agreement).
        "status_received": "limepokelewa",
        "status_in_progress": "linashughulikiwa",
        "status_answered": "limejibiwa",
        "status_resolved": "limetatuliwa",
        "status_closed": "limefungwa",
    },
    "en": {
        "main": (
            "Welcome to {council}\n"
            "1 Make a complaint\n"
            "2 Suggestion, compliment, enquiry\n"
            "3 Track my complaint\n"
            "4 Appeal\n"
            "5 Service standards\n"
            "6 Lugha/Language"
        ),
        "other_kind": "Choose:",
        "department": "Choose department:",
        "ward": "Choose ward or type its first letters:",
        "description": "Type your {kind} ({min} to {max} characters):",
        "identity": "Give your name?\n1 With my name\n2 Anonymously",
        "name": "Type your name:",
        "confirm_what": "{kind}: {department}, {ward}",
        "confirm_named": "Name: {name}",
        "confirm_anonymous": "Anonymous",
        "confirm_choices": "1 Confirm\n2 Cancel",
        "standards": "We answer within (working days):",
        "standards_hours": "{amount} hours",
        "standards_appeal": "Appeal",
        "language": "Chagua lugha / Choose language:\n1 Kiswahili\n2 English",
        "draft_offer": "You did not finish your {kind}.\n1 Continue\n2 Start again",
        "coming_soon": "This service is coming soon. For help call {phone}. Thank you.",
        "cancelled": "Cancelled. Nothing was sent. Thank you.",
        "filed": "Thank you, received.\nReference number: {reference}",
        "filed_due": "You will be answered by {due}.",
        "filed_sms": "An SMS with this number will follow.",
        "filed_no_sms": "Write this number down: no SMS will come.",
        "more": "9 More",
        "back": "0 Back",
        "back_main": "0 Back 00 Main menu",
        "hint_invalid": "Invalid choice.",
        "hint_too_short": "Too short: type at least {min} characters.",
        "hint_too_long": "Too long: at most {max} characters.",
        "hint_name": "Type a name of {min} to {max} characters.",
        "hint_no_ward": "No ward starts with '{query}'.",
        "sms_received_fallback": "Your {kind} was received.",
        "sms_reference": "Ref: {reference}.",
        "sms_department": "Dept: {department}.",
        "sms_due": "Answer by {due}.",
        "sms_track": "Track: send STATUS {reference}",
        "sms_help": (
            "{council}: To complain send COMPLAINT and details. Suggestion: FEEDBACK and text. "
            "Status: STATUS and reference. Appeal: APPEAL, reference and reason."
        ),
        "sms_bad_reference": (
            "{council}: That reference number is not valid. Check it in the SMS you received "
            "and send again."
        ),
        "sms_usage_complaint": (
            "{council}: Too short. Send COMPLAINT then the problem and the place, e.g. "
            "COMPLAINT No water in Iwawa village for 2 weeks"
        ),
        "sms_usage_feedback": (
            "{council}: Too short. Send FEEDBACK then your suggestion (at least 10 characters)."
        ),
        "sms_usage_appeal": (
            "{council}: To appeal send APPEAL, your reference number and the reason "
            "(at least 10 characters)."
        ),
        "sms_usage_status": "{council}: Send STATUS and your reference number.",
        "sms_not_found": "{council}: We have no item {reference} filed from this phone.",
        "sms_appeal_received": "{council}: Your appeal on {reference} was received. Thank you.",
        "sms_desk": "Complaints desk",
        "sms_status": (
            "{council}: Ref {reference}: {status}. Department: {department}. Answer due {due}."
        ),
        "status_received": "received",
        "status_in_progress": "being handled",
        "status_answered": "answered",
        "status_resolved": "resolved",
        "status_closed": "closed",
    },
}

# Swahili nouns agree with their possessive and verb by noun class, so "received" cannot be one
# template: lalamiko lako limepokelewa, mapendekezo yako yamepokelewa, pongezi zako zimepokelewa.
# Kinds the council adds later fall back to "Tumepokea <kind>." which needs no agreement.
_SW_RECEIVED: dict[str, str] = {
    "lalamiko": "Lalamiko lako limepokelewa.",
    "malalamiko": "Malalamiko yako yamepokelewa.",
    "kero": "Kero yako imepokelewa.",
    "maoni": "Maoni yako yamepokelewa.",
    "mapendekezo": "Mapendekezo yako yamepokelewa.",
    "pongezi": "Pongezi zako zimepokelewa.",
    "maulizo": "Maulizo yako yamepokelewa.",
    "swali": "Swali lako limepokelewa.",
}


def language_or_default(language: str | None) -> str:
    """The language if the catalogue has it, else Swahili."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def text(language: str, key: str, **values: object) -> str:
    """The catalogue text `key` in `language` (Swahili if unknown), filled with values."""
    return TEXTS[language_or_default(language)][key].format(**values)


def format_date(day: date) -> str:
    """A date as citizens read it: DD/MM/YYYY."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def ack_sms(
    language: str,
    council_short: str,
    kind_name: str,
    reference: str,
    department_short: str | None,
    due: date | None,
) -> str:
    """The acknowledgement SMS: one GSM-7 part with the reference, department and due date."""
    language = language_or_default(language)
    received = _received(language, kind_name)
    reference_part = text(language, "sms_reference", reference=reference)
    department_part = (
        text(language, "sms_department", department=department_short) if department_short else ""
    )
    due_part = text(language, "sms_due", due=format_date(due)) if due else ""
    track_part = text(language, "sms_track", reference=reference)
    # Should a council's data ever make it too long, drop what matters least first: the tracking
    # tip, then the department; the reference and the due date are the point of the message.
    for parts in (
        (received, reference_part, department_part, due_part, track_part),
        (received, reference_part, department_part, due_part),
        (received, reference_part, due_part),
    ):
        message = to_gsm7(f"{council_short}: " + " ".join(part for part in parts if part))
        if gsm7_length(message) <= SMS_LIMIT:
            return message
    return _cut_to_septets(message, SMS_LIMIT)


def _received(language: str, kind_name: str) -> str:
    """'Your complaint was received.' with Swahili noun-class agreement."""
    if language == "sw" and kind_name.lower() in _SW_RECEIVED:
        return _SW_RECEIVED[kind_name.lower()]
    kind = kind_name if language == "sw" else kind_name.lower()
    return text(language, "sms_received_fallback", kind=kind)


def _cut_to_septets(message: str, limit: int) -> str:
    """The longest prefix of message that fits `limit` GSM-7 septets."""
    while gsm7_length(message) > limit:
        message = message[:-1]
    return message
