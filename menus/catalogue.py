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
            "5 Viwango vyetu\n"
            "6 Lugha/Language\n"
            "7 Tathmini huduma"
        ),
        # Charter review: a rating 1-5 and, if they like, a comment, in one answer.
        "rate": "Tathmini huduma yetu: tuma 1 (mbaya) hadi 5 (nzuri sana), ukipenda na maoni.\n"
        "Mf: 4 huduma nzuri",
        "rate_done": "Asante kwa tathmini yako. Tutaitumia kuboresha mkataba wetu wa huduma.",
        "hint_rate": "Anza na namba 1 hadi 5.",
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
        # Track (main menu 3): the phone's last items, or a reference typed in.
        "track": "Chagua namba ya kumbukumbu:",
        "track_type": "4 Andika namba",
        "track_prompt": "Andika namba ya kumbukumbu:",
        "track_status": "Namba {reference} ({kind})\nIdara: {department}\nHali: {status}",
        "track_due": "Jibu ifikapo {due}.",
        "track_appeal_due": "Uamuzi wa rufaa ifikapo {due}.",
        "track_appealable": "Hujaridhika? Kata rufaa: menyu kuu 4.",
        "track_not_found": "Hakuna kumbukumbu {reference} iliyotumwa kutoka simu hii.",
        "track_none": (
            "Hakuna lalamiko lililotumwa kutoka simu hii. Kutuma, piga tena uchague 1 Tuma "
            "lalamiko."
        ),
        # Appeal (main menu 4): only what the edge says is appealable is offered.
        "appeal_list": "Chagua la kukatia rufaa:",
        "appeal_reason": "Rufaa ya {reference}. Andika sababu (herufi {min} hadi {max}):",
        "appeal_confirm": "Rufaa: {reference} ({name})",
        "appeal_none": (
            "Rufaa inawezekana baada ya lalamiko kutatuliwa, ndani ya muda wa mkataba."
        ),
        "appeal_none_items": "Zako:",
        "appeal_done": "Rufaa imepokelewa.\nNamba: {reference}",
        "appeal_done_due": "Mkurugenzi ataamua kabla ya {due}.",
        "appeal_done_sms": "Utajulishwa kwa SMS.",
        "appeal_done_no_sms": "Hutapokea SMS: piga tena kufuatilia.",
        "cancelled": "Umeghairi. Hakuna kilichotumwa. Asante.",
        "filed": "Asante, tumepokea.\nNamba ya kumbukumbu: {reference}",
        "filed_due": "Utajibiwa ifikapo {due}.",
        "filed_sms": "Utapokea SMS yenye namba hii.",
        "filed_no_sms": "Iandike namba hii: hutapokea SMS.",
        # Instead of filing: one phone has already sent its share today.
        "filed_limit": (
            "Simu hii imeshatuma mengi leo. Tutayashughulikia hayo kwanza; "
            "tafadhali tuma jingine kesho."
        ),
        "more": "9 Zaidi",
        "back": "0 Rudi",
        "back_main": "0 Rudi 00 Menyu kuu",
        # Hints: one short line above a re-shown screen.
        "hint_invalid": "Chaguo si sahihi.",
        "hint_too_short": "Maelezo mafupi mno: andika angalau herufi {min}.",
        "hint_too_long": "Maelezo marefu mno: herufi {max} tu.",
        "hint_name": "Andika jina la herufi {min} hadi {max}.",
        "hint_no_ward": "Hakuna kata inayoanza na '{query}'.",
        "hint_bad_reference": "Namba si sahihi.",
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
        "sms_usage_answer": (
            "{council}: Kujibu swali la afisa tuma JIBU, namba ya kumbukumbu na jibu lako."
        ),
        "sms_not_found": "{council}: Hatuna lalamiko lenye namba {reference} kutoka simu hii.",
        "sms_filed_limit": (
            "{council}: Simu hii imeshatuma mengi leo. Tutayashughulikia hayo kwanza; "
            "tafadhali tuma jingine kesho."
        ),
        "sms_appeal_received": "{council}: Rufaa yako kuhusu {reference} imepokelewa. Asante.",
        "sms_desk": "Dawati la malalamiko",
        "sms_survey_thanks": "{council}: Asante kwa jibu lako. Linatusaidia kupitia mkataba wetu.",
        "sms_status": (
            "{council}: Lalamiko {reference}: {status}. Idara: {department}. Jibu ifikapo {due}."
        ),
        # Complaint statuses (lalamiko: li- class agreement).
        "status_received": "limepokelewa",
        "status_in_progress": "linashughulikiwa",
        "status_answered": "limejibiwa",
        "status_resolved": "limetatuliwa",
        "status_closed": "limefungwa",
        "status_acknowledged": "limepokelewa na afisa",
        "status_waiting": "linasubiri jibu lako",
        "status_appealed": "liko kwenye rufaa",
        "status_appeal_decided": "rufaa imeamuliwa",
        # SMS notices (menus/notices.py). {item} is "reference (department)"; a free text
        # placeholder ({description}, {reply}, {note}, ...) is cut to what the SMS has left.
        # To officers: new item, reminders, escalation, extension, appeal, citizen's answer.
        "officer_new_item": "{council}: {kind}",
        "officer_new_item_ward": "kata {ward}",
        "officer_new_item_due": "jibu ifikapo {due}",
        "officer_new_item_description": '"{description}"',
        "officer_new_item_caller": "Kutoka: {caller}.",
        "officer_new_item_action": "POKEA {reference} PIN",
        "officer_reminder": "{council}: Kumbusho: {item}, jibu ifikapo {due}.",
        "officer_reminder_half": "Nusu ya muda imepita.",
        "officer_reminder_last": "Imebaki siku 1 ya kazi.",
        "officer_act": "Tuma JIBU au FUNGA {reference} PIN na ujumbe.",
        "officer_escalation": "{council}: {item}: muda uliisha {due}.",
        "officer_escalation_officer": "Afisa: {officer}.",
        "officer_escalation_act": "JIBU/FUNGA {reference} PIN ujumbe",
        "officer_escalation_head": "Mkuu, chukua hatua:",
        "officer_escalation_ded": "Mkurugenzi, chukua hatua:",
        "officer_extension_request": (
            '{council}: {officer} anaomba siku {days} zaidi kwa {reference}: "{reason}" '
            "Jibu KUBALI au KATAA {reference} PIN"
        ),
        "officer_appeal_opened": (
            '{council}: Rufaa {item}: "{reason}" Amua ifikapo {due}: AMUA {reference} PIN uamuzi'
        ),
        "officer_citizen_answered": (
            '{council}: Mwananchi amejibu kuhusu {reference}: "{answer}" Muda unaendelea.'
        ),
        # The confirmation of each action, and the detail some of them carry.
        "officer_done_acknowledge": "Sawa: umepokea {reference}. Mwananchi amejulishwa.",
        "officer_done_reply": "Sawa: jibu lako kuhusu {reference} limetumwa kwa mwananchi.",
        "officer_done_resolve": (
            "Sawa: umefunga {reference}. Mwananchi ameulizwa kama ameridhika."
        ),
        "officer_done_transfer": "Sawa: umehamisha {reference}.",
        "officer_done_transfer_detail": "Idara mpya: {detail}.",
        "officer_done_extend": (
            "Sawa: ombi la muda zaidi kwa {reference} limetumwa kwa mkuu wa idara."
        ),
        "officer_done_extend_detail": "Siku: {detail}.",
        "officer_done_approve": "Sawa: umekubali muda zaidi kwa {reference}.",
        "officer_done_approve_detail": "Tarehe mpya: {detail}.",
        "officer_done_refuse": "Sawa: umekataa muda zaidi kwa {reference}.",
        "officer_done_ask": (
            "Sawa: swali lako kuhusu {reference} limetumwa. Muda umesimama hadi mwananchi ajibu."
        ),
        "officer_done_decide": "Sawa: uamuzi wa rufaa {reference} umetumwa kwa mwananchi.",
        "officer_done_other": "Sawa: {reference}.",
        # Refusals: short, and each says nothing changed or what to do instead.
        "officer_refusal_unknown_phone": (
            "Simu hii haijasajiliwa kwa afisa. Wasiliana na dawati la malalamiko."
        ),
        "officer_refusal_wrong_pin": "PIN si sahihi. Hakuna kilichobadilika.",
        "officer_refusal_locked": (
            "PIN imekosewa mara nyingi: simu hii imezuiwa kwa muda. Jaribu tena baadaye."
        ),
        "officer_refusal_not_allowed": "Huna ruhusa ya kufanya hivi. Hakuna kilichobadilika.",
        "officer_refusal_not_found": "Namba hii ya kumbukumbu haipo. Iangalie kisha tuma tena.",
        "officer_refusal_usage": (
            "Tuma: POKEA namba PIN. JIBU/FUNGA/ULIZA namba PIN ujumbe. HAMISHA namba PIN idara. "
            "ONGEZA namba PIN siku sababu. KUBALI/KATAA namba PIN"
        ),
        "officer_refusal_no_pending_extension": "Hakuna ombi la muda zaidi linalosubiri.",
        "officer_refusal_bad_department": (
            "Idara haijulikani. Tumia jina fupi la idara, mfano maji, afya, msingi."
        ),
        "officer_refusal_not_open": "Haiwezi kubadilishwa: imeshatatuliwa au imefungwa.",
        "officer_refusal_no_appeal": "Hakuna rufaa inayosubiri uamuzi.",
        "officer_refusal_try_again": (
            "Samahani, ujumbe wako haukufanyiwa kazi kwa hitilafu yetu. Tafadhali utume tena."
        ),
        # To citizens: each step of their item, then the satisfaction question and appeals.
        "citizen_acknowledged": (
            "{council}: {kind} {reference}: afisa wa {department} ameanza kushughulikia."
        ),
        "citizen_acknowledged_desk": "{council}: {kind} {reference}: afisa ameanza kushughulikia.",
        "citizen_reply": '{council}: Jibu kuhusu {reference}: "{reply}"',
        "citizen_question": (
            '{council}: Afisa anauliza kuhusu {reference}: "{question}" '
            "Jibu: JIBU {reference} <jibu lako>"
        ),
        "citizen_transferred": "{council}: Tumehamisha {reference} kwenda idara ya {department}.",
        "citizen_extended": (
            "{council}: Muda wa kujibu {reference} umeongezwa hadi {due}. Sababu: {reason}"
        ),
        "citizen_resolved": (
            '{council}: Tumemaliza kushughulikia {reference}: "{note}" '
            "Umeridhika? Jibu 1 ndiyo, 2 hapana"
        ),
        "citizen_date_moved": (
            "{council}: Kwa sababu ya {holiday}, jibu la {reference} sasa ni ifikapo {due}."
        ),
        "citizen_satisfied": (
            "{council}: Asante kwa jibu lako kuhusu {reference}. Tunafurahi umeridhika."
        ),
        "citizen_not_satisfied": (
            "{council}: Asante kwa jibu lako kuhusu {reference}. Samahani hujaridhika: "
            "tutakujulisha hatua inayofuata."
        ),
        "citizen_appeal_opened": "{council}: Rufaa yako kuhusu {reference} imepokelewa.",
        "citizen_appeal_due": "Mkurugenzi Mtendaji ataamua ifikapo {due}.",
        "citizen_appeal_decided": (
            '{council}: Uamuzi wa Mkurugenzi kuhusu rufaa {reference}: "{decision}"'
        ),
        "citizen_external_route": (
            "{council}: Bado hujaridhika na {reference}? Tume ya Haki za Binadamu na "
            "Utawala Bora (CHRAGG), bure, SMS ianze TAARIFA. Rushwa: TAKUKURU 113."
        ),
    },
    "en": {
        "main": (
            "Welcome to {council}\n"
            "1 Make a complaint\n"
            "2 Suggestion, compliment, enquiry\n"
            "3 Track my complaint\n"
            "4 Appeal\n"
            "5 Our standards\n"
            "6 Lugha/Language\n"
            "7 Rate us"
        ),
        "rate": "Rate our service: send 1 (poor) to 5 (excellent), and a comment if you like.\n"
        "E.g.: 4 good service",
        "rate_done": "Thank you for your rating. It helps us review our service charter.",
        "hint_rate": "Start with a number 1 to 5.",
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
        "track": "Choose a reference:",
        "track_type": "4 Type a number",
        "track_prompt": "Type the reference number:",
        "track_status": "Ref {reference} ({kind})\nDepartment: {department}\nStatus: {status}",
        "track_due": "Answer by {due}.",
        "track_appeal_due": "Appeal decided by {due}.",
        "track_appealable": "Not satisfied? Appeal: main menu 4.",
        "track_not_found": "No item {reference} was sent from this phone.",
        "track_none": (
            "No complaint was sent from this phone. To send one, dial again and choose "
            "1 Make a complaint."
        ),
        "appeal_list": "Choose what to appeal:",
        "appeal_reason": "Appeal on {reference}. Type the reason ({min} to {max} characters):",
        "appeal_confirm": "Appeal: {reference} ({name})",
        "appeal_none": "You can appeal once a complaint is resolved, within the charter's time.",
        "appeal_none_items": "Yours:",
        "appeal_done": "Appeal received.\nReference: {reference}",
        "appeal_done_due": "The Director decides by {due}.",
        "appeal_done_sms": "You will be told by SMS.",
        "appeal_done_no_sms": "No SMS will come: dial again to track.",
        "cancelled": "Cancelled. Nothing was sent. Thank you.",
        "filed": "Thank you, received.\nReference number: {reference}",
        "filed_due": "You will be answered by {due}.",
        "filed_sms": "An SMS with this number will follow.",
        "filed_no_sms": "Write this number down: no SMS will come.",
        "filed_limit": (
            "This phone has sent many items today. We will deal with those first; "
            "please send another tomorrow."
        ),
        "more": "9 More",
        "back": "0 Back",
        "back_main": "0 Back 00 Main menu",
        "hint_invalid": "Invalid choice.",
        "hint_too_short": "Too short: type at least {min} characters.",
        "hint_too_long": "Too long: at most {max} characters.",
        "hint_name": "Type a name of {min} to {max} characters.",
        "hint_no_ward": "No ward starts with '{query}'.",
        "hint_bad_reference": "Invalid number.",
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
        "sms_usage_answer": (
            "{council}: To answer the officer send REPLY, your reference number and your answer."
        ),
        "sms_not_found": "{council}: We have no item {reference} filed from this phone.",
        "sms_filed_limit": (
            "{council}: This phone has sent many items today. We will deal with those first; "
            "please send another tomorrow."
        ),
        "sms_appeal_received": "{council}: Your appeal on {reference} was received. Thank you.",
        "sms_desk": "Complaints desk",
        "sms_survey_thanks": (
            "{council}: Thank you for your answer. It helps us review the charter."
        ),
        "sms_status": (
            "{council}: Ref {reference}: {status}. Department: {department}. Answer due {due}."
        ),
        "status_received": "received",
        "status_in_progress": "being handled",
        "status_answered": "answered",
        "status_resolved": "resolved",
        "status_closed": "closed",
        "status_acknowledged": "taken up by an officer",
        "status_waiting": "waiting for your answer",
        "status_appealed": "under appeal",
        "status_appeal_decided": "appeal decided",
        "officer_new_item": "{council}: {kind}",
        "officer_new_item_ward": "ward {ward}",
        "officer_new_item_due": "answer by {due}",
        "officer_new_item_description": '"{description}"',
        "officer_new_item_caller": "From: {caller}.",
        "officer_new_item_action": "Accept: POKEA {reference} PIN",
        "officer_reminder": "{council}: Reminder: {item}, answer by {due}.",
        "officer_reminder_half": "Half the time has gone.",
        "officer_reminder_last": "1 working day left.",
        "officer_act": "Send JIBU or FUNGA {reference} PIN and your text.",
        "officer_escalation": "{council}: {item} passed {due} unanswered.",
        "officer_escalation_officer": "Officer: {officer}.",
        "officer_escalation_act": "JIBU/FUNGA {reference} PIN text",
        "officer_escalation_head": "As head, please act:",
        "officer_escalation_ded": "Director, please act:",
        "officer_extension_request": (
            '{council}: {officer} asks {days} more days for {reference}: "{reason}" '
            "Answer KUBALI or KATAA {reference} PIN"
        ),
        "officer_appeal_opened": (
            '{council}: Appeal {item}: "{reason}" Decide by {due}: AMUA {reference} PIN decision'
        ),
        "officer_citizen_answered": (
            '{council}: The citizen answered on {reference}: "{answer}" The clock runs again.'
        ),
        "officer_done_acknowledge": "Done: you accepted {reference}. The citizen was told.",
        "officer_done_reply": "Done: your answer on {reference} was sent to the citizen.",
        "officer_done_resolve": (
            "Done: you resolved {reference}. The citizen was asked if satisfied."
        ),
        "officer_done_transfer": "Done: you transferred {reference}.",
        "officer_done_transfer_detail": "New department: {detail}.",
        "officer_done_extend": (
            "Done: your request for more time on {reference} went to the head of department."
        ),
        "officer_done_extend_detail": "Days: {detail}.",
        "officer_done_approve": "Done: you approved more time for {reference}.",
        "officer_done_approve_detail": "New date: {detail}.",
        "officer_done_refuse": "Done: you refused more time for {reference}.",
        "officer_done_ask": (
            "Done: your question on {reference} was sent. The clock waits for the answer."
        ),
        "officer_done_decide": "Done: your decision on appeal {reference} was sent to the citizen.",
        "officer_done_other": "Done: {reference}.",
        "officer_refusal_unknown_phone": (
            "This phone is not registered to an officer. Contact the complaints desk."
        ),
        "officer_refusal_wrong_pin": "Wrong PIN. Nothing was changed.",
        "officer_refusal_locked": (
            "Too many wrong PINs: this phone is blocked for a while. Try again later."
        ),
        "officer_refusal_not_allowed": "You may not do this. Nothing was changed.",
        "officer_refusal_not_found": "No item has this reference. Check it and send again.",
        "officer_refusal_usage": (
            "Send: POKEA ref PIN. JIBU/FUNGA/ULIZA ref PIN text. HAMISHA ref PIN dept. "
            "ONGEZA ref PIN days reason. KUBALI/KATAA ref PIN"
        ),
        "officer_refusal_no_pending_extension": "No request for more time is waiting.",
        "officer_refusal_bad_department": (
            "Unknown department. Use its short name, e.g. maji, afya, msingi."
        ),
        "officer_refusal_not_open": "Cannot be changed: already resolved or closed.",
        "officer_refusal_no_appeal": "No appeal is waiting for a decision.",
        "officer_refusal_try_again": (
            "Sorry, a fault on our side stopped your message being acted on. Please send it again."
        ),
        "citizen_acknowledged": (
            "{council}: {kind} {reference}: the {department} officer has started work on it."
        ),
        "citizen_acknowledged_desk": (
            "{council}: {kind} {reference}: an officer has started work on it."
        ),
        "citizen_reply": '{council}: Answer on {reference}: "{reply}"',
        "citizen_question": (
            '{council}: The officer asks about {reference}: "{question}" '
            "Answer: REPLY {reference} <your answer>"
        ),
        "citizen_transferred": "{council}: We moved {reference} to the {department} department.",
        "citizen_extended": (
            "{council}: The answer to {reference} is now due by {due}. Reason: {reason}"
        ),
        "citizen_resolved": (
            '{council}: We have resolved {reference}: "{note}" Satisfied? Reply 1 yes, 2 no'
        ),
        "citizen_date_moved": (
            "{council}: Because of {holiday}, the answer to {reference} is now due by {due}."
        ),
        "citizen_satisfied": (
            "{council}: Thank you for your answer on {reference}. We are glad you are satisfied."
        ),
        "citizen_not_satisfied": (
            "{council}: Thank you for your answer on {reference}. We are sorry you are not "
            "satisfied: we will tell you the next step."
        ),
        "citizen_appeal_opened": "{council}: Your appeal on {reference} was received.",
        "citizen_appeal_due": "The Executive Director will decide by {due}.",
        "citizen_appeal_decided": (
            '{council}: The Director\'s decision on your appeal {reference}: "{decision}"'
        ),
        "citizen_external_route": (
            "{council}: Still not satisfied with {reference}? Commission for Human Rights and "
            "Good Governance (CHRAGG), free, SMS starting TAARIFA. Corruption: TAKUKURU 113."
        ),
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
