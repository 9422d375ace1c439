"""Every text a citizen reads on a USSD screen or in the acknowledgement SMS, Swahili and English.

Swahili is the default: most callers read it first, and a plain word they use every day beats a
literal translation of the English. Texts are format strings keyed by name; the state machine
fills them and measures every screen (tests render each one with the longest real data, because
operators cut a screen at 160 characters and a Swahili phrase is long).
"""

from __future__ import annotations

from datetime import date, time

from charter.gsm7 import gsm7_length, to_gsm7

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "TEXTS",
    "THANKED_KINDS",
    "ack_sms",
    "due_sentence",
    "format_date",
    "item_status",
    "kind_values",
    "language_or_default",
    "status_name",
    "text",
]

DEFAULT_LANGUAGE = "sw"
LANGUAGES: tuple[str, ...] = ("sw", "en")

SMS_LIMIT = 160  # one GSM-7 SMS: the council pays per part

TEXTS: dict[str, dict[str, str]] = {
    "sw": {
        # The main menu; {council} is the charter's name for it, "Halmashauri ya Makete".
        "main": (
            "Karibu {council}\n"
            "1 Tuma lalamiko\n"
            "2 Mapendekezo, pongezi, maulizo\n"
            "3 Fuatilia ulichotuma\n"
            "4 Kata rufaa\n"
            "5 Viwango vyetu\n"
            "6 Lugha/Language\n"
            "7 Zaidi"
        ),
        # Main menu 8: the charter's other services, one line each.
        "more_services": "Chagua huduma:",
        "more_rate": "Pima huduma yetu (1-5)",
        "more_rights": "Haki na wajibu wako",
        "more_appointment": "Omba miadi",
        "more_call": "Nipigie simu",
        "more_delay": "Huduma imechelewa",
        # Call me back: about a new matter or a reference, confirm.
        "call_choose": "Tukupigie simu kuhusu:\n1 Jambo jipya\n2 Namba ya kumbukumbu",
        "call_topic": "Andika kwa ufupi jambo lenyewe (herufi {min} hadi {max}):",
        "call_confirm": "Tutakupigia simu hii kuhusu:",
        "call_about": "Kuhusu {reference}",
        "call_anonymous_warning": "Ulijificha: tutaiona namba yako.",
        "call_private": "Ombi la kupigiwa simu kuhusu jambo lake",
        # A key service's delay: which service, when applied, the application number, confirm.
        "delay_service": "Huduma ipi imechelewa?",
        "delay_applied": "Uliomba lini? Andika tarehe, mfano 16/11/2026:",
        "hint_applied": "Andika tarehe ndani ya mwaka uliopita, mfano 16/11.",
        "delay_number": "Andika namba ya maombi yako, au 1 kama huna:",
        "hint_application": "Namba ya maombi: herufi {max} tu.",
        "delay_confirm": (
            "{service}\nUliomba {applied}. Tuliahidi: {due}\nNamba ya maombi: {number}"
        ),
        "delay_description": "{service}: maombi ya {applied} (namba {number}) yamechelewa.",
        # Appointment (miadi): whom, the reason, up to three days, confirm.
        "appt_whom": "Ungependa kumwona nani?\n1 Afisa wa idara\n2 Mkuu wa idara",
        "appt_reason": "Andika sababu ya miadi (herufi {min} hadi {max}):",
        "appt_days": "Chagua hadi siku {most}, mfano 1 3:",
        "appt_confirm": "Miadi na {whom}, {department}\nSiku: {days}",
        "appt_with_officer": "afisa",
        "appt_with_head": "mkuu wa idara",
        "hint_days": "Andika namba 1 hadi {max}, hadi siku {most}.",
        "weekdays": "Jumatatu Jumanne Jumatano Alhamisi Ijumaa Jumamosi Jumapili",
        # Charter review: a rating 1-5 and, if they like, a comment, in one answer.
        "rate": (
            "Andika namba 1 (mbaya) hadi 5 (nzuri sana), kisha maoni ukipenda. "
            "Mfano: 4 huduma nzuri"
        ),
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
        "standards": "Viwango (siku za kazi):",
        "standards_hours": "saa {amount}",
        "standards_appeal": "Rufaa",
        "standards_kind_simu": "Kukupigia simu",
        "standards_kind_miadi": "Kupanga miadi",
        "standards_phone": "Tupigie: {phone}",
        # Haki na majukumu ya wateja: the citizen's main rights and duties, and our contacts.
        "rights": (
            "Haki: kuhudumiwa kwa heshima, kwa wakati, bila rushwa; kukata rufaa.\n"
            "Wajibu: toa taarifa sahihi, heshimu watumishi.\n"
            "Simu {phone}, {address}"
        ),
        "standards_appeal_within": "Kata rufaa ndani ya siku {days} za kalenda",
        "language": "Chagua lugha / Choose language:\n1 Kiswahili\n2 English",
        "draft_offer": "Hukumaliza kutuma {kind} {lako}.\n1 Endelea\n2 Anza upya",
        # Track (main menu 3): the phone's last items, or a reference typed in.
        "track": "Chagua namba ya kumbukumbu:",
        "track_type": "4 Andika namba",
        "track_prompt": "Andika namba ya kumbukumbu:",
        "track_appealable": "Unaweza kukata rufaa ifikapo {until}: menyu kuu 4.",
        "track_not_found": "Hatuna lalamiko lenye namba {reference} kutoka simu hii.",
        "track_none": (
            "Hakuna lalamiko lililotumwa kutoka simu hii. Kutuma, piga tena uchague 1 Tuma "
            "lalamiko."
        ),
        # Appeal (main menu 4): only what the edge says is appealable is offered.
        "appeal_list": "Chagua lalamiko la kukatia rufaa:",
        "appeal_reason": "Rufaa kuhusu {reference}. Andika sababu (herufi {min} hadi {max}):",
        "appeal_confirm": "Rufaa: {reference} ({name})",
        "appeal_none": (
            "Rufaa inawezekana ndani ya siku {days} baada ya jibu, au muda wa jibu ukipita."
        ),
        "appeal_none_items": "Ulichotuma:",
        "appeal_done": "Rufaa imepokelewa.\nNamba: {reference}",
        "appeal_done_due": "Mkurugenzi ataamua ifikapo {due}.",
        "appeal_done_sms": "Utajulishwa kwa SMS.",
        "appeal_done_no_sms": "Hutapokea SMS: piga tena kufuatilia.",
        "cancelled": "Umeghairi. Hakuna kilichotumwa. Asante.",
        "filed": "Asante, tumepokea.\nNamba ya kumbukumbu: {reference}",
        "filed_due": "Utajibiwa ifikapo {due}.",
        "filed_due_simu": "Tutakupigia kabla ya {due}.",
        "filed_due_miadi": "Tutakutumia siku na saa ifikapo {due}.",
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
        # The acknowledgement SMS. {lako} and {li} agree with the kind's noun class: lalamiko
        # lako limepokelewa, maulizo yako yamepokelewa, pongezi zako zimepokelewa.
        "sms_received": "{kind} {lako} {li}mepokelewa.",
        "sms_reference": "Namba ya kumbukumbu: {reference}.",
        "sms_department": "Idara: {department}.",
        "sms_due": "Jibu ifikapo {due}.",
        # The requests and the late key service are told as what they are.
        "sms_received_simu": "Ombi lako la kupigiwa simu limepokelewa.",
        "sms_due_simu": "Tutakupigia kabla ya {due}.",
        "sms_received_miadi": "Ombi lako la miadi limepokelewa.",
        "sms_due_miadi": "Tutakutumia siku na saa ifikapo {due}.",
        "sms_received_huduma": "Taarifa yako ya kuchelewa kwa {service} imepokelewa.",
        "sms_track": "Fuatilia: tuma HALI {reference}",
        # What an item is and when, as HALI and the track screen tell it (lifecycle/item_dates.py).
        "item_status": "{kind} {lako} {reference} {status}.",
        "due_late": "Muda wa kujibu ulikwisha {due}.",
        "due_decision": "Uamuzi wa rufaa ifikapo {due}.",
        "due_decision_late": "Uamuzi wa rufaa ulitakiwa {due}.",
        "due_carry_out": "Uamuzi wa Mkurugenzi utatekelezwa ifikapo {due}.",
        "due_carry_out_late": "Uamuzi wa Mkurugenzi ulitakiwa kutekelezwa {due}.",
        "answer_how": "Tuma JIBU {reference} kisha jibu lako.",
        # Replies to SMS commands (channels/sms_inbox.py, keywords in menus/sms_commands.py).
        "sms_help": (
            "{council}: Lalamiko: LALAMIKO na maelezo. Maoni: MAONI na maelezo. "
            "Hali: HALI na namba. Rufaa: RUFAA, namba, sababu. Haki: HAKI. Simu {phone}"
        ),
        # HAKI: the citizen's main rights and duties under the charter, and our contacts.
        "sms_rights": (
            "{council}: Haki: kuhudumiwa kwa heshima, kwa wakati, bila rushwa; kukata rufaa. "
            "Wajibu: taarifa sahihi, heshima kwa watumishi. Simu {phone}"
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
            "{council}: Maelezo ni mafupi mno. Tuma MAONI kisha pendekezo lako (angalau herufi 10)."
        ),
        "sms_usage_appeal": (
            "{council}: Kukata rufaa tuma RUFAA, namba ya kumbukumbu na sababu ya rufaa "
            "(angalau herufi 10)."
        ),
        "sms_usage_status": (
            "{council}: Kujua hali, tuma HALI na namba ya kumbukumbu, mfano: HALI 12345678"
        ),
        "sms_usage_cancel": (
            "{council}: Kughairi miadi, tuma GHAIRI na namba ya miadi, mfano: GHAIRI 12345678"
        ),
        "sms_usage_answer": (
            "{council}: Kujibu swali la afisa tuma JIBU, namba ya kumbukumbu na jibu lako."
        ),
        "sms_not_found": "{council}: Hatuna lalamiko lenye namba {reference} kutoka simu hii.",
        "sms_filed_limit": (
            "{council}: Simu hii imeshatuma mengi leo. Tutayashughulikia hayo kwanza; "
            "tafadhali tuma jingine kesho."
        ),
        "sms_desk": "Dawati la malalamiko",
        "sms_survey_thanks": "{council}: Asante kwa jibu lako. Linatusaidia kupitia mkataba wetu.",
        "sms_appealable": "Kukata rufaa tuma RUFAA {reference} na sababu ifikapo {until}.",
        # Past the day's replies: once a day, then the waiting messages are answered next morning.
        "sms_limit": (
            "{council}: Simu hii imefikia kikomo cha SMS za leo. Tutajibu ujumbe wako kesho "
            "asubuhi."
        ),
        "sms_answer_received": (
            "{council}: Asante, tumepokea jibu lako kuhusu {reference} na kumpelekea afisa."
        ),
        # The day's relays to the officer about the item are spent: kept, not sent on.
        "sms_answer_kept": (
            "{council}: Asante, tumepokea ujumbe wako kuhusu {reference} na kuuweka kwenye "
            "kumbukumbu zake. Afisa ameshapokea ujumbe wako leo."
        ),
        # RUFAA on an item that cannot be appealed now: when it can be, or why not.
        "sms_appeal_not_yet": (
            "{council}: Unaweza kukata rufaa kuhusu {reference} ukipata jibu na hujaridhika, au "
            "tusipojibu ifikapo {date}."
        ),
        "sms_appeal_not_yet_no_due": (
            "{council}: Unaweza kukata rufaa kuhusu {reference} ukipata jibu na hujaridhika."
        ),
        "sms_appeal_pending": (
            "{council}: Rufaa kuhusu {reference} iko kwa Mkurugenzi Mtendaji; ataamua ifikapo "
            "{date}."
        ),
        "sms_appeal_pending_late": (
            "{council}: Rufaa kuhusu {reference} iko kwa Mkurugenzi Mtendaji; uamuzi ulitakiwa "
            "{date} na umechelewa."
        ),
        "sms_appeal_closed": (
            "{council}: Muda wa kukata rufaa kuhusu {reference} ulikwisha {date}. Tatizo "
            "likiendelea, tuma LALAMIKO na maelezo."
        ),
        "sms_appeal_closed_satisfied": (
            "{council}: Ulijibu kuwa umeridhika na {reference}, kwa hiyo rufaa haiwezekani. "
            "Tatizo likirudi, tuma LALAMIKO na maelezo."
        ),
        "sms_appeal_closed_no_answer": (
            "{council}: {reference} lilifungwa kwa sababu hatukupata jibu lako kwa swali letu. "
            "Tatizo likiendelea, tuma LALAMIKO na maelezo."
        ),
        # Statuses, in agreement with the kind: {li} is its concord (lalamiko linashughulikiwa,
        # maulizo yanashughulikiwa, pongezi zinashughulikiwa).
        "status_received": "{li}mepokelewa",
        "status_resolved": "{li}mejibiwa",
        "status_closed": "{li}mefungwa",
        "status_acknowledged": "{li}nashughulikiwa",
        "status_waiting": "{li}nasubiri jibu lako",
        "status_appealed": "{li}ko kwenye rufaa",
        "status_appeal_decided": "{li}meamuliwa kwa rufaa",
        "status_carried_out": "{li}meamuliwa kwa rufaa na uamuzi umetekelezwa",
        # An appointment answered is set, and closed only by the citizen's GHAIRI; a call-back
        # answered was made.
        "status_resolved_miadi": "{li}mepangwa",
        "status_closed_miadi": "{li}meghairiwa",
        "status_resolved_simu": "{li}mepigwa",
        "status_referred": "{li}mepelekwa taasisi nyingine",
        # SMS notices (words/notices.py). {item} is "reference (department)"; a free text
        # placeholder ({description}, {reply}, {note}, ...) is cut to what the SMS has left.
        # To officers: new item, reminders, escalation, extension, appeal, citizen's answer.
        "officer_new_item": "{council}: {kind}",
        "officer_new_item_ward": "kata {ward}",
        "officer_new_item_department": "idara {department}",
        "officer_new_item_desk": "dawati",
        "officer_new_item_due": "jibu hadi {due}",
        "officer_new_item_description": '"{description}"',
        "officer_new_item_caller": "Simu: {caller}.",
        "officer_new_item_action": "POKEA {reference} PIN",
        "officer_reminder": "{council}: Kikumbusho: {item}, jibu ifikapo {due}.",
        "officer_reminder_half": "Nusu ya muda imepita.",
        "officer_reminder_last": "Imebaki siku 1 ya kazi.",
        "officer_act": "Tuma JIBU au FUNGA {reference} PIN na ujumbe.",
        "officer_escalation": "{council}: {item}: muda ulikwisha {due}.",
        "officer_escalation_officer": "Afisa: {officer}.",
        "officer_escalation_act": "JIBU/FUNGA {reference} PIN ujumbe",
        "officer_escalation_head": "Mkuu, chukua hatua:",
        "officer_escalation_ded": "Mkurugenzi, chukua hatua:",
        "officer_escalation_desk": "Dawati, chukua hatua:",
        "officer_refusal_with_ded": "Liko kwa Mkurugenzi kwa rufaa. Hakuna kilichobadilika.",
        # The other stages' clocks (casework/alarms.py): the acknowledgement, the DED's appeal.
        "officer_reminder_acknowledge": (
            "{council}: Kikumbusho: {item} bado halijapokelewa; pokea ifikapo {due}."
        ),
        "officer_escalation_acknowledge": "{council}: {item}: halikupokelewa ifikapo {due}.",
        "officer_reminder_appeal": "{council}: Kikumbusho: rufaa {item}, amua ifikapo {due}.",
        "officer_escalation_appeal": "{council}: Rufaa {item}: uamuzi ulitakiwa {due}.",
        # The DED's decision carried out by the department (casework/appeals.py).
        "officer_reminder_carry_out": (
            "{council}: Kikumbusho: tekeleza uamuzi wa rufaa {item} ifikapo {due}."
        ),
        "officer_escalation_carry_out": (
            "{council}: Uamuzi wa rufaa {item} ulitakiwa kutekelezwa {due}."
        ),
        "officer_carry_out_act": "TEKELEZA {reference} PIN maelezo",
        "officer_decision_to_carry_out": (
            '{council}: Uamuzi wa Mkurugenzi kuhusu rufaa {item}: "{decision}" Tekelezeni, '
            "kisha toa taarifa ifikapo {due}: TEKELEZA {reference} PIN maelezo"
        ),
        "officer_decision_carried_out": (
            "{council}: Idara imetekeleza uamuzi wako kuhusu rufaa {item}: {note}"
        ),
        "officer_appeal_act": "AMUA {reference} PIN uamuzi",
        "officer_act_miadi": "MIADI {reference} PIN tarehe saa",
        "officer_act_simu": "SIMU {reference} PIN matokeo",
        # The citizen did not answer an officer's question within the charter's wait.
        "officer_wait_over": (
            "{council}: {item}: mwananchi hakujibu swali lako. Muda unaendelea: jibu ifikapo {due}."
        ),
        "officer_wait_closed": "{council}: {item}: mwananchi hakujibu swali lako; limefungwa.",
        # A moon-dated holiday ahead that the calendar only estimates (to the desk, once).
        "officer_holiday_estimate": (
            "{council}: {holiday} {date} ni makisio tu. Tarehe rasmi ikitangazwa, afisa TEHAMA "
            "aiongeze kwenye mfumo."
        ),
        # The Africa's Talking balance below LOW_BALANCE_ALERT (to the desk and the DED, daily).
        "officer_low_balance": (
            "{council}: Salio la SMS (Africa's Talking) ni {balance}, chini ya {threshold}. "
            "Likiisha, wananchi hawatapata SMS: ongezeni salio leo."
        ),
        "officer_extension_request": (
            '{council}: {officer} anaomba siku {days} zaidi kwa {reference}: "{reason}" '
            "Jibu KUBALI au KATAA {reference} PIN"
        ),
        # The item's description and the citizen's reason, each cut to fit.
        "officer_appeal_opened": (
            '{council}: Rufaa {item}: "{description}" Sababu: "{reason}" Amua ifikapo {due}: '
            "AMUA {reference} PIN uamuzi"
        ),
        "officer_citizen_answered": (
            '{council}: Mwananchi amejibu kuhusu {reference}: "{answer}" Muda unaendelea.'
        ),
        # The confirmation of each action, and the detail some of them carry.
        "officer_done_acknowledge": "Sawa: umepokea {reference}.",
        "officer_done_reply": "Sawa: umejibu {reference}.",
        "officer_done_resolve": "Sawa: umefunga {reference}; mwananchi ataulizwa kama ameridhika.",
        "officer_done_transfer": "Sawa: umehamisha {reference}.",
        "officer_done_transfer_detail": "Idara mpya: {detail}.",
        # A transfer that found no officer in the new department: where the item went, and why.
        "officer_done_transfer_desk": (
            "Sawa: umehamisha {reference}, lakini idara hiyo haina afisa aliyesajiliwa: "
            "limeenda kwa dawati la malalamiko."
        ),
        "officer_done_transfer_desk_detail": "Idara: {detail}.",
        "officer_done_transfer_nobody": (
            "Sawa: umehamisha {reference}, lakini idara hiyo haina afisa wala dawati: "
            "linasubiri afisa asajiliwe."
        ),
        "officer_done_transfer_nobody_detail": "Idara: {detail}.",
        "officer_done_extend": "Sawa: umeomba muda zaidi kwa {reference}.",
        "officer_done_extend_detail": "Ombi limetumwa kwa {detail}.",
        "officer_done_approve": "Sawa: umekubali muda zaidi kwa {reference}.",
        "officer_done_approve_detail": "Tarehe mpya: {detail}.",
        "officer_done_refuse": "Sawa: umekataa muda zaidi kwa {reference}.",
        "officer_done_ask": (
            "Sawa: umeuliza kuhusu {reference}. Muda umesimama hadi mwananchi ajibu."
        ),
        "officer_done_decide": "Sawa: umeamua rufaa {reference}.",
        "officer_done_carry_out": "Sawa: umetoa taarifa kuwa uamuzi wa {reference} umetekelezwa.",
        "officer_done_refer": "Sawa: umepeleka {reference} nje ya halmashauri.",
        "officer_done_refer_detail": "Taasisi: {detail}.",
        "officer_done_other": "Sawa: {reference}.",
        # What became of the citizen's SMS: sent now, or after quiet hours; in how many parts.
        "officer_sms_now": "Mwananchi amejulishwa (SMS {parts}).",
        "officer_sms_later": "Mwananchi atajulishwa {when} (SMS {parts}).",
        "officer_extension_approved": (
            "{council}: Ombi lako la siku {days} kwa {reference} limekubaliwa. Jibu ifikapo {due}."
        ),
        "officer_extension_refused": (
            "{council}: Ombi lako la siku {days} kwa {reference} limekataliwa{reason}. "
            "Jibu ifikapo {due}."
        ),
        "officer_refusal_too_long": (
            "Ujumbe ni mrefu mno: punguza herufi {over} (SMS {parts} tu). Hakuna kilichotumwa."
        ),
        "officer_refusal_own_request": "Huwezi kuamua ombi lako mwenyewe. Hakuna kilichobadilika.",
        "officer_refusal_ded_decides": (
            "Ombi la mkuu wa idara huamuliwa na Mkurugenzi. Hakuna kilichobadilika."
        ),
        # Refusals: short, and each says nothing changed or what to do instead.
        "officer_refusal_unknown_phone": (
            "Simu hii haijasajiliwa kwa afisa. Wasiliana na dawati la malalamiko."
        ),
        "officer_refusal_wrong_pin": "PIN si sahihi. Hakuna kilichobadilika.",
        "officer_refusal_locked": (
            "PIN imekosewa mara 5: simu hii imezuiwa kwa dakika 30. Jaribu tena baadaye."
        ),
        "officer_refusal_locked_hours": (
            "PIN imekosewa tena mara 5: simu hii imezuiwa kwa saa 4. Dawati la malalamiko "
            "limejulishwa."
        ),
        "officer_refusal_locked_desk": (
            "PIN imekosewa mara 15: simu hii imezuiwa hadi dawati la malalamiko liifungue. "
            "Wasiliana nalo."
        ),
        # To the desk, when an officer's phone is locked a second time in a row, or for good.
        "officer_pin_locked": (
            "{council}: PIN ya {name} {phone} imekosewa mara {tries}: SMS zimezuiwa {how}. "
            "Ongea naye."
        ),
        "officer_pin_locked_hours": "kwa saa 4",
        "officer_pin_locked_desk": "hadi uzifungue (dashibodi: Maafisa)",
        "officer_refusal_not_allowed": "Huna ruhusa ya kufanya hivi. Hakuna kilichobadilika.",
        "officer_refusal_other_ward": "Hii si ya kata yako. Hakuna kilichobadilika.",
        "officer_refusal_not_found": "Namba hii ya kumbukumbu haipo. Iangalie kisha tuma tena.",
        "officer_refusal_usage": (
            "Tuma: POKEA namba PIN. JIBU/FUNGA/ULIZA namba PIN ujumbe. HAMISHA namba PIN idara. "
            "ONGEZA namba PIN siku sababu. KUBALI/KATAA/AMUA namba PIN. SIMU/MIADI namba PIN. "
            "TEKELEZA namba PIN maelezo. PELEKA namba PIN taasisi. ORODHA PIN. SOMA namba PIN"
        ),
        "officer_refusal_no_pending_extension": "Hakuna ombi la muda zaidi linalosubiri.",
        "officer_refusal_extension_pending": (
            "Ombi la muda zaidi linasubiri uamuzi tayari. Subiri jibu kabla ya kuomba tena."
        ),
        "officer_refusal_bad_department": (
            "Idara haijulikani. Tumia jina fupi la idara, mfano maji, afya, msingi."
        ),
        "officer_refusal_not_open": "Haiwezi kubadilishwa: imeshatatuliwa au imefungwa.",
        "officer_refusal_no_appeal": "Hakuna rufaa inayosubiri uamuzi.",
        "officer_refusal_no_decision": (
            "Hakuna uamuzi wa Mkurugenzi unaosubiri kutekelezwa. Hakuna kilichobadilika."
        ),
        "officer_refusal_not_working_day": "Siku hiyo si ya kazi. Chagua siku nyingine.",
        "officer_refusal_outside_hours": "Saa hizo ziko nje ya saa za kazi. Chagua saa nyingine.",
        "officer_refusal_past": "Muda huo umeshapita. Chagua tarehe ijayo.",
        "officer_refusal_not_appointment": "Hii si miadi. Hakuna kilichobadilika.",
        "officer_done_appoint": "Sawa: miadi {reference} imepangwa.",
        "officer_done_appoint_detail": "Tarehe: {detail}.",
        "officer_appointment_cancelled": "{council}: Mwananchi ameghairi miadi {reference}.",
        "officer_new_item_days": "siku {days}",
        "officer_new_item_head": "na mkuu wa idara",
        "officer_new_appointment_action": "Panga: MIADI {reference} PIN tarehe saa",
        "officer_new_call_action": "Mpigie, kisha: SIMU {reference} PIN matokeo",
        "officer_done_call": "Sawa: simu {reference} imeandikwa.",
        "officer_refusal_not_call_back": "Hili si ombi la kupigiwa simu. Hakuna kilichobadilika.",
        # Appointments, to the citizen: the date and time set, moved or proposed, the reminder.
        # {whom}: "afisa wa Maji" or "mkuu wa idara ya Maji"; {time} the Swahili way ("saa 4:00
        # asubuhi" is 10:00); {place} the charter's office.
        "citizen_appointment_set": (
            "{council}: Miadi yako {reference} na {whom}: {day} {date} {time}{place}. "
            "Kughairi, tuma GHAIRI {reference}"
        ),
        "citizen_appointment_moved": (
            "{council}: Miadi {reference} ya awali imeghairiwa. Mpya: {whom}, {day} {date} "
            "{time}{place}. Kughairi: GHAIRI {reference}"
        ),
        "citizen_appointment_proposed": (
            "{council}: Tunapendekeza miadi {reference} na {whom}: {day} {date} {time}"
            "{place}. Isipokufaa, tuma GHAIRI {reference}"
        ),
        "citizen_appointment_reminder": (
            "{council}: Kumbuka miadi yako {reference} na {whom}: {day} {date} {time}{place}."
        ),
        # To the officer or head the citizen booked, when someone else set the time.
        "officer_appointment_booked": (
            "{council}: Miadi {reference} na wewe: {day} {date} {time}. Mwananchi amejulishwa."
        ),
        "citizen_appointment_cancelled": "{council}: Miadi yako {reference} imeghairiwa. Asante.",
        "citizen_cancel_refused": (
            "{council}: {reference} si miadi inayosubiri, kwa hiyo haiwezi kughairiwa."
        ),
        "officer_refusal_try_again": (
            "Samahani, ujumbe wako haukufanyiwa kazi kwa hitilafu yetu. Tafadhali utume tena."
        ),
        "officer_refusal_bad_institution": "Taasisi haijulikani. Tumia mojawapo: {slugs}.",
        "officer_refusal_not_referred": "Haijapelekwa taasisi nyingine.",
        # The usage of a command typed wrong, for the commands that have their own.
        "officer_usage_list": "Kuona kazi zako tuma: ORODHA PIN",
        "officer_usage_read": "Kusoma lalamiko tuma: SOMA namba PIN",
        "officer_usage_acknowledge": "Kupokea tuma: POKEA namba PIN",
        "officer_usage_reply": "Kujibu tuma: JIBU namba PIN ujumbe (unatumwa kwa mwananchi)",
        "officer_usage_ask": "Kuuliza tuma: ULIZA namba PIN swali (linatumwa kwa mwananchi)",
        "officer_usage_resolve": "Kufunga tuma: FUNGA namba PIN maelezo (yanatumwa kwa mwananchi)",
        "officer_usage_transfer": "Kuhamisha tuma: HAMISHA namba PIN idara, mfano maji, afya",
        "officer_usage_extend": (
            "Kuomba muda tuma: ONGEZA namba PIN siku sababu (kwa mkuu tu); hiari: "
            "MWANANCHI: ujumbe kwa mwananchi"
        ),
        "officer_usage_approve": "Kukubali muda tuma: KUBALI namba PIN",
        "officer_usage_refuse": "Kukataa muda tuma: KATAA namba PIN sababu (hiari)",
        "officer_usage_decide": "Kuamua rufaa tuma: AMUA namba PIN uamuzi (unatumwa kwa mwananchi)",
        "officer_usage_carry_out": (
            "Uamuzi wa Mkurugenzi ukishatekelezwa tuma: TEKELEZA namba PIN maelezo (kwa Mkurugenzi)"
        ),
        "officer_usage_call": "Baada ya kupiga simu tuma: SIMU namba PIN matokeo. Miadi: MIADI",
        "officer_usage_appoint": (
            "Kupanga miadi tuma: MIADI namba PIN tarehe saa, mfano MIADI 12345678 PIN 03/12 10:00"
        ),
        "officer_usage_refer": (
            "Kupeleka taasisi nyingine tuma: PELEKA namba PIN taasisi maelezo. Taasisi: {slugs}"
        ),
        # Reading work by SMS (ORODHA, SOMA): to staff, so a few parts are allowed.
        "officer_list": "{council}: Kazi zako {count}, za haraka kwanza:",
        "officer_list_empty": "{council}: Huna kazi iliyo wazi sasa.",
        "officer_list_more": "na {count} zaidi kwenye dashibodi.",
        "officer_list_left": "siku {days}",
        "officer_list_late": "imechelewa siku {days}",
        "officer_list_today": "leo",
        "officer_read_events": "Kumbukumbu: {events}.",
        "officer_status_received": "halijapokelewa",
        "officer_status_acknowledged": "linashughulikiwa",
        "officer_status_waiting": "linasubiri mwananchi",
        "officer_status_resolved": "limetatuliwa",
        "officer_status_closed": "limefungwa",
        "officer_status_appealed": "kwenye rufaa",
        "officer_status_appeal_decided": "rufaa imeamuliwa",
        "officer_status_carried_out": "uamuzi umetekelezwa",
        "officer_status_referred": "limepelekwa taasisi nyingine",
        "event_received": "limepokelewa",
        "event_routed": "kwa afisa",
        "event_reminded": "kikumbusho",
        "event_escalated": "limepandishwa",
        "event_acknowledged": "limepokelewa na afisa",
        "event_replied": "jibu",
        "event_asked": "swali kwa mwananchi",
        "event_citizen_answered": "mwananchi amejibu",
        "event_transferred": "limehamishwa",
        "event_extension_requested": "ombi la siku",
        "event_extension_approved": "siku zimeongezwa",
        "event_extension_refused": "siku zimekataliwa",
        "event_resolved": "limetatuliwa",
        "event_satisfaction": "jibu la kuridhika",
        "event_appeal_opened": "rufaa",
        "event_appeal_decided": "rufaa imeamuliwa",
        "event_carried_out": "uamuzi umetekelezwa",
        "event_deadline_moved": "tarehe imesogezwa",
        "event_referred": "limepelekwa taasisi",
        "event_referral_undone": "limerudishwa",
        # Items that had nobody responsible, given to a newly registered (or re-enabled) officer.
        "officer_unowned": (
            "{council}: Umepewa kazi {count} zilizokosa afisa. Za haraka: {references}. "
            "Tuma ORODHA PIN kuona zote."
        ),
        "officer_unowned_caught": (
            "{council}: Kazi {count} hazikuwa na afisa; zimepelekwa kwa maafisa wanaohusika. "
            "Za haraka: {references}."
        ),
        # An officer's PIN and password, given by the desk in the console (or the CLI): the
        # secret is in the SMS only until it is sent, then masked in the outbox.
        "officer_welcome": (
            "{council}: Umesajiliwa kama {who}. PIN yako ya SMS ni {pin}; usimpe mtu yeyote. "
            "Tuma ORODHA PIN kuona kazi zako."
        ),
        "officer_new_pin": (
            "{council}: PIN yako mpya ya SMS ni {pin}. PIN ya zamani haifanyi kazi tena. "
            "Usimpe mtu yeyote."
        ),
        "officer_new_password": (
            "{council}: Nenosiri lako la dashibodi ni {password}. Ingia kwa namba hii ya simu. "
            "Usimpe mtu yeyote."
        ),
        # To citizens: each step of their item, then the satisfaction question and appeals.
        # Complaints and enquiries are worked on; suggestions and compliments are thanked.
        # {who} names the role that acted, from the record (see "who_*" below).
        "citizen_acknowledged": (
            "{council}: {kind} {lako} {reference}: {who} ameanza ku{li}shughulikia."
        ),
        "citizen_thanked": "{council}: {kind} {lako} {reference} {li}mefika kwa {who}. Asante!",
        "citizen_reply": '{council}: Jibu la {who} kuhusu {reference}: "{reply}"',
        "citizen_question": (
            '{council}: {Who} anauliza kuhusu {reference}: "{question}" '
            "Tuma JIBU {reference} kisha jibu lako."
        ),
        "citizen_transferred": (
            "{council}: {Who} amehamisha {reference} kwenda idara ya {department}."
        ),
        "citizen_extended": (
            "{council}: {Who} ameongeza muda wa kujibu {reference}: tutajibu ifikapo {due}. "
            '"{words}"'
        ),
        "citizen_extended_plain": (
            "{council}: {Who} ameongeza muda wa kujibu {reference}: tutajibu ifikapo {due}."
        ),
        "citizen_resolved": (
            '{council}: {Who} amemaliza kushughulikia {reference}: "{note}" '
            "Umeridhika? Jibu 1 ndiyo, 2 hapana"
        ),
        # Who acted: the role from the acting officer's record, with their department or ward.
        "who_officer": "afisa wa {department}",
        "who_officer_any": "afisa",
        "who_head": "mkuu wa idara ya {department}",
        "who_head_any": "mkuu wa idara",
        "who_desk": "afisa wa dawati la malalamiko",
        "who_desk_any": "afisa wa dawati",
        "who_weo": "Afisa Mtendaji wa Kata ya {ward}",
        "who_weo_any": "Afisa Mtendaji wa Kata",
        "who_ded": "Mkurugenzi Mtendaji",
        "who_ded_any": "Mkurugenzi Mtendaji",
        "citizen_date_moved": (
            "{council}: Kwa sababu ya {holiday}, sasa tutajibu {reference} ifikapo {due}."
        ),
        "citizen_satisfied": (
            "{council}: Asante kwa jibu lako kuhusu {reference}. Tunafurahi umeridhika."
        ),
        # A "2": one question, whose answer (the next SMS) becomes the appeal's reason.
        "citizen_ask_why": (
            "{council}: Samahani kwamba hukuridhika na jibu la {reference}. Ndani ya saa {hours}, "
            "tuma SMS moja "
            "ukieleza kwa nini: itakuwa rufaa yako kwa Mkurugenzi Mtendaji."
        ),
        "citizen_appeal_opened": "{council}: Rufaa yako kuhusu {reference} imepokelewa.",
        "citizen_appeal_due": "Mkurugenzi Mtendaji ataamua ifikapo {due}.",
        # The council missed its date and the DED took the item over: the citizen never appealed.
        # Referred outside the council (charter `institutions`): where it went, how to reach them.
        # Nothing is sent to the institution: the citizen is advised to contact it.
        "citizen_referred": (
            "{council}: {kind} {lako} {reference} ni kazi ya {institution}. {Who} "
            "anakushauri uwasiliane nao: {contact}."
        ),
        # The charter gives the institution's SMS number: the item was sent there.
        "citizen_referred_sent": (
            "{council}: {kind} {lako} {reference} ni kazi ya {institution}. {Who} ame{li}tuma "
            "kwao. Wasiliana nao: {contact}."
        ),
        # To the institution's own number (charter `institutions.sms`): the item, to take up.
        "institution_referral": '{council} inawaletea {kind} {reference}{ward}: "{description}"',
        "institution_referral_caller": "Mwananchi: {caller}.",
        "institution_referral_anonymous": "Mwananchi hakutaka kujulikana.",
        "citizen_referral_undone": (
            "{council}: Samahani, {reference} ni kazi ya halmashauri: {who} ame{li}rudisha kwetu."
        ),
        "citizen_escalated": (
            "{council}: Samahani, hatukujibu {reference} ifikapo {missed}. Tume{li}peleka kwa "
            "Mkurugenzi Mtendaji; atakujibu ifikapo {due}."
        ),
        # A call-back or an appointment late at the DED's level: no appeal, the DED is told.
        "citizen_request_late": (
            "{council}: Samahani, ombi lako {reference} limechelewa. Mkurugenzi Mtendaji "
            "amejulishwa ili lishughulikiwe."
        ),
        # The DED's decision on an appeal is late: the route beyond the council follows.
        "citizen_appeal_late": (
            "{council}: Samahani, uamuzi wa rufaa yako kuhusu {reference} ulitakiwa {due} na "
            "umechelewa. Bado tutakujibu."
        ),
        "citizen_decision_carried_out": (
            "{council}: Idara imetoa taarifa kuwa uamuzi wa Mkurugenzi kuhusu rufaa {reference} "
            "umetekelezwa."
        ),
        # The council's wait on the citizen's answer to a question.
        "citizen_wait_reminder": (
            "{council}: Bado tunasubiri jibu lako kuhusu {reference}. Tuma JIBU {reference} na "
            "jibu lako kabla ya {date}."
        ),
        "citizen_wait_over": (
            "{council}: Hatukupata jibu lako kuhusu {reference}. Tunaendelea bila jibu hilo; "
            "tutakujibu ifikapo {due}."
        ),
        "citizen_wait_closed": (
            "{council}: Hatukupata jibu lako, kwa hiyo {kind} {lako} {reference} {li}mefungwa. "
            "Tatizo likiendelea, tuma LALAMIKO na maelezo."
        ),
        "citizen_appeal_decided": (
            '{council}: Uamuzi wa Mkurugenzi kuhusu rufaa {reference}: "{decision}"'
        ),
        # After the DED's decision: the Commission's numbers and TAKUKURU's from the charter file.
        "citizen_external_route": (
            "{council}: Tume ya Haki za Binadamu (THBUB) ni bure: tuma SMS inayoanza na neno "
            "TAARIFA kwenda {sms}, au piga {call}. Rushwa: TAKUKURU {takukuru}."
        ),
        "citizen_external_route_sms": (
            "{council}: Hujaridhika? Tume ya Haki za Binadamu (THBUB) ni bure: tuma SMS "
            "inayoanza na neno TAARIFA kwenda {sms}. Rushwa: TAKUKURU {takukuru}."
        ),
    },
    "en": {
        "main": (
            "Welcome to {council}\n"
            "1 Make a complaint\n"
            "2 Suggestion, compliment, enquiry\n"
            "3 Track your items\n"
            "4 Appeal\n"
            "5 Our standards\n"
            "6 Lugha/Language\n"
            "7 More"
        ),
        "more_services": "Choose a service:",
        "more_rate": "Rate our service (1-5)",
        "more_rights": "Your rights and duties",
        "more_appointment": "Book a meeting",
        "more_call": "Call me back",
        "more_delay": "Late service",
        "call_choose": "Call you back about:\n1 A new matter\n2 A reference number",
        "call_topic": "Type what it is about ({min} to {max} characters):",
        "call_confirm": "We will call this phone about:",
        "call_about": "About {reference}",
        "call_anonymous_warning": "You hid your name: we will see this number.",
        "call_private": "A request to be called about their matter",
        "delay_service": "Which service is late?",
        "delay_applied": "When did you apply? Type the date, e.g. 16/11/2026:",
        "hint_applied": "Type a date within the past year, e.g. 16/11.",
        "delay_number": "Type your application number, or 1 if you have none:",
        "hint_application": "Application number: {max} characters at most.",
        "delay_confirm": "{service}\nApplied {applied}, promised {due}\nApplication: {number}",
        "delay_description": "{service}: application of {applied} (number {number}) is late.",
        "appt_whom": "Whom would you like to see?\n1 An officer\n2 The head of department",
        "appt_reason": "Type the reason for the meeting ({min} to {max} characters):",
        "appt_days": "Choose up to {most} days, e.g. 1 3:",
        "appt_confirm": "Meeting with {whom}, {department}\nDays: {days}",
        "appt_with_officer": "an officer",
        "appt_with_head": "the head",
        "hint_days": "Type numbers 1 to {max}, up to {most} days.",
        "weekdays": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "rate": (
            "Type a number from 1 (poor) to 5 (very good), then a comment if you like. "
            "Example: 4 good service"
        ),
        "rate_done": "Thank you for your rating. It helps us review our service charter.",
        "hint_rate": "Start with a number from 1 to 5.",
        "other_kind": "Choose one:",
        "department": "Choose the department:",
        "ward": "Choose your ward or type its first letters:",
        "description": "Type your {kind} ({min} to {max} characters):",
        "identity": "Do you want to give your name?\n1 Yes, with my name\n2 No, anonymously",
        "name": "Type your name:",
        "confirm_what": "{kind}: {department}, {ward}",
        "confirm_named": "Name: {name}",
        "confirm_anonymous": "Anonymous",
        "confirm_choices": "1 Confirm\n2 Cancel",
        "standards": "Time to answer (working days):",
        "standards_hours": "{amount} hours",
        "standards_appeal": "Appeal",
        "standards_kind_simu": "Calling you back",
        "standards_kind_miadi": "Setting a meeting",
        "standards_phone": "Call us: {phone}",
        "rights": (
            "Rights: respect, service on time, no bribes; to appeal.\n"
            "Duties: give true information, respect staff.\n"
            "Phone {phone}, {address}"
        ),
        "standards_appeal_within": "Appeal within {days} calendar days",
        "language": "Chagua lugha / Choose language:\n1 Kiswahili\n2 English",
        "draft_offer": "You did not finish sending your {kind}.\n1 Continue\n2 Start again",
        "track": "Choose an item:",
        "track_type": "4 Type a number",
        "track_prompt": "Type the reference number:",
        "track_appealable": "You may appeal by {until}: main menu 4.",
        "track_not_found": "We have nothing with number {reference} from this phone.",
        "track_none": (
            "Nothing has been sent from this phone yet. To send a complaint, dial again and "
            "choose 1 Make a complaint."
        ),
        "appeal_list": "Choose the item to appeal:",
        "appeal_reason": "Appeal about {reference}. Type your reason ({min} to {max} characters):",
        "appeal_confirm": "Appeal: {reference} ({name})",
        "appeal_none": (
            "You can appeal within {days} days of an answer, or once an answer is overdue."
        ),
        "appeal_none_items": "Your items:",
        "appeal_done": "Appeal received.\nReference: {reference}",
        "appeal_done_due": "The Director will decide by {due}.",
        "appeal_done_sms": "You will be told by SMS.",
        "appeal_done_no_sms": "We cannot reach you by SMS: dial again to track it.",
        "cancelled": "Cancelled. Nothing was sent. Thank you.",
        "filed": "Thank you, received.\nReference number: {reference}",
        "filed_due": "We will answer by {due}.",
        "filed_due_simu": "We will call you before {due}.",
        "filed_due_miadi": "We will send you the day and time by {due}.",
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
        "hint_bad_reference": "That number is not valid.",
        "sms_received": "Your {kind} was received.",
        "sms_reference": "Reference: {reference}.",
        "sms_department": "Department: {department}.",
        "sms_due": "Answer by {due}.",
        "sms_received_simu": "Your request for a call was received.",
        "sms_due_simu": "We will call you before {due}.",
        "sms_received_miadi": "Your request for a meeting was received.",
        "sms_due_miadi": "We will send you the day and time by {due}.",
        "sms_received_huduma": "Your report that {service} is late was received.",
        "sms_track": "Track: send STATUS {reference}",
        "item_status": "Your {kind} {reference} {status}.",
        "due_late": "The answer was due by {due}.",
        "due_decision": "Appeal decision by {due}.",
        "due_decision_late": "The appeal decision was due by {due}.",
        "due_carry_out": "The Director's decision is to be carried out by {due}.",
        "due_carry_out_late": "The Director's decision was to be carried out by {due}.",
        "answer_how": "Send REPLY {reference} then your answer.",
        "sms_help": (
            "{council}: COMPLAINT and details to complain. FEEDBACK and your idea. STATUS and "
            "number. APPEAL, number, reason. HAKI: your rights. Call {phone}"
        ),
        "sms_rights": (
            "{council}: Your rights: respect, service on time, no bribes; to appeal. Your "
            "duties: give true information, respect staff. Call {phone}"
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
        "sms_usage_status": (
            "{council}: To know the status, send STATUS and the reference, e.g. STATUS 12345678"
        ),
        "sms_usage_cancel": (
            "{council}: To cancel a meeting, send CANCEL and its number, e.g. CANCEL 12345678"
        ),
        "sms_usage_answer": (
            "{council}: To answer the officer send REPLY, your reference number and your answer."
        ),
        "sms_not_found": "{council}: We have nothing with number {reference} from this phone.",
        "sms_filed_limit": (
            "{council}: This phone has sent many items today. We will deal with those first; "
            "please send another tomorrow."
        ),
        "sms_desk": "Complaints desk",
        "sms_survey_thanks": (
            "{council}: Thank you for your answer. It helps us review the charter."
        ),
        "sms_appealable": "To appeal, send APPEAL {reference} and your reason by {until}.",
        "sms_limit": (
            "{council}: This phone has reached today's SMS limit. We will answer your messages "
            "tomorrow morning."
        ),
        "sms_answer_received": (
            "{council}: Thank you, we received your answer on {reference} and passed it to the "
            "officer."
        ),
        "sms_answer_kept": (
            "{council}: Thank you, we received your message on {reference} and kept it in its "
            "record. The officer has had your messages today."
        ),
        "sms_appeal_not_yet": (
            "{council}: You can appeal on {reference} once you have an answer you are not "
            "satisfied with, or if we have not answered by {date}."
        ),
        "sms_appeal_not_yet_no_due": (
            "{council}: You can appeal on {reference} once you have an answer you are not "
            "satisfied with."
        ),
        "sms_appeal_pending": (
            "{council}: Your appeal on {reference} is with the Executive Director, who will "
            "decide by {date}."
        ),
        "sms_appeal_pending_late": (
            "{council}: Your appeal on {reference} is with the Executive Director; the decision "
            "was due by {date} and is late."
        ),
        "sms_appeal_closed": (
            "{council}: The time to appeal on {reference} ended on {date}. If the problem goes "
            "on, send COMPLAINT and the details."
        ),
        "sms_appeal_closed_satisfied": (
            "{council}: You told us you were satisfied with {reference}, so it cannot be "
            "appealed. If the problem comes back, send COMPLAINT and the details."
        ),
        "sms_appeal_closed_no_answer": (
            "{council}: {reference} was closed because we had no answer to our question. If "
            "the problem goes on, send COMPLAINT and the details."
        ),
        "status_received": "has been received",
        "status_resolved": "has been answered",
        "status_closed": "is closed",
        "status_acknowledged": "is being handled",
        "status_waiting": "is waiting for your answer",
        "status_appealed": "is under appeal",
        "status_appeal_decided": "has been decided on appeal",
        "status_carried_out": "was decided on appeal and the decision carried out",
        "status_resolved_miadi": "is set",
        "status_closed_miadi": "was cancelled",
        "status_resolved_simu": "was made",
        "status_referred": "was sent to another institution",
        "officer_new_item": "{council}: {kind}",
        "officer_new_item_ward": "ward {ward}",
        "officer_new_item_department": "{department}",
        "officer_new_item_desk": "desk",
        "officer_new_item_due": "answer by {due}",
        "officer_new_item_description": '"{description}"',
        "officer_new_item_caller": "Call: {caller}.",
        "officer_new_item_action": "POKEA {reference} PIN",
        "officer_reminder": "{council}: Reminder: {item}, answer by {due}.",
        "officer_reminder_half": "Half the time has gone.",
        "officer_reminder_last": "1 working day left.",
        "officer_act": "Send JIBU or FUNGA {reference} PIN and your text.",
        "officer_escalation": "{council}: {item} was not answered by {due}.",
        "officer_escalation_officer": "Officer: {officer}.",
        "officer_escalation_act": "JIBU/FUNGA {reference} PIN text",
        "officer_escalation_head": "As head, please act:",
        "officer_escalation_ded": "Director, please act:",
        "officer_escalation_desk": "Desk, please act:",
        "officer_refusal_with_ded": "It is with the Director on appeal. Nothing was changed.",
        "officer_reminder_acknowledge": (
            "{council}: Reminder: {item} is not yet accepted; accept it by {due}."
        ),
        "officer_escalation_acknowledge": "{council}: {item} was not accepted by {due}.",
        "officer_reminder_appeal": "{council}: Reminder: appeal {item}, decide by {due}.",
        "officer_escalation_appeal": "{council}: Appeal {item}: the decision was due by {due}.",
        "officer_reminder_carry_out": (
            "{council}: Reminder: carry out the appeal decision on {item} by {due}."
        ),
        "officer_escalation_carry_out": (
            "{council}: The appeal decision on {item} was to be carried out by {due}."
        ),
        "officer_carry_out_act": "TEKELEZA {reference} PIN note",
        "officer_decision_to_carry_out": (
            '{council}: The Director decided appeal {item}: "{decision}" Carry it out, then '
            "report by {due}: TEKELEZA {reference} PIN note"
        ),
        "officer_decision_carried_out": (
            "{council}: The department carried out your decision on appeal {item}: {note}"
        ),
        "officer_appeal_act": "AMUA {reference} PIN decision",
        "officer_act_miadi": "MIADI {reference} PIN date time",
        "officer_act_simu": "SIMU {reference} PIN outcome",
        "officer_wait_over": (
            "{council}: {item}: the citizen did not answer your question. The clock runs again: "
            "answer by {due}."
        ),
        "officer_wait_closed": (
            "{council}: {item}: the citizen did not answer your question; it is closed."
        ),
        "officer_holiday_estimate": (
            "{council}: {holiday} on {date} is only an estimate. When the date is announced, "
            "ask ICT to add it to the system."
        ),
        "officer_low_balance": (
            "{council}: SMS credit (Africa's Talking) is {balance}, below {threshold}. "
            "When it runs out citizens get no SMS: top it up today."
        ),
        "officer_extension_request": (
            '{council}: {officer} asks {days} more days for {reference}: "{reason}" '
            "Answer KUBALI or KATAA {reference} PIN"
        ),
        "officer_appeal_opened": (
            '{council}: Appeal {item}: "{description}" Reason: "{reason}" Decide by {due}: '
            "AMUA {reference} PIN decision"
        ),
        "officer_citizen_answered": (
            '{council}: The citizen answered on {reference}: "{answer}" The clock runs again.'
        ),
        "officer_done_acknowledge": "Done: you accepted {reference}.",
        "officer_done_reply": "Done: you answered {reference}.",
        "officer_done_resolve": (
            "Done: you resolved {reference}; the citizen will be asked if satisfied."
        ),
        "officer_done_transfer": "Done: you transferred {reference}.",
        "officer_done_transfer_detail": "New department: {detail}.",
        "officer_done_transfer_desk": (
            "Done: you transferred {reference}, but that department has no officer registered: "
            "it went to the complaints desk."
        ),
        "officer_done_transfer_desk_detail": "Department: {detail}.",
        "officer_done_transfer_nobody": (
            "Done: you transferred {reference}, but that department has no officer and there is "
            "no desk: it waits for an officer to be registered."
        ),
        "officer_done_transfer_nobody_detail": "Department: {detail}.",
        "officer_done_extend": "Done: you asked for more time on {reference}.",
        "officer_done_extend_detail": "The request went to {detail}.",
        "officer_done_approve": "Done: you approved more time for {reference}.",
        "officer_done_approve_detail": "New date: {detail}.",
        "officer_done_refuse": "Done: you refused more time for {reference}.",
        "officer_done_ask": ("Done: you asked about {reference}. The clock waits for the answer."),
        "officer_done_decide": "Done: you decided appeal {reference}.",
        "officer_done_carry_out": "Done: you reported the decision on {reference} carried out.",
        "officer_done_refer": "Done: you referred {reference} outside the council.",
        "officer_done_refer_detail": "Institution: {detail}.",
        "officer_done_other": "Done: {reference}.",
        "officer_sms_now": "The citizen was told (SMS {parts}).",
        "officer_sms_later": "The citizen will be told {when} (SMS {parts}).",
        "officer_extension_approved": (
            "{council}: Your request for {days} more days on {reference} was approved. Answer "
            "by {due}."
        ),
        "officer_extension_refused": (
            "{council}: Your request for {days} more days on {reference} was refused{reason}. "
            "Answer by {due}."
        ),
        "officer_refusal_too_long": (
            "The text is too long: cut {over} characters ({parts} SMS at most). Nothing was sent."
        ),
        "officer_refusal_own_request": "You cannot decide your own request. Nothing was changed.",
        "officer_refusal_ded_decides": (
            "A head's request is decided by the Director. Nothing was changed."
        ),
        "officer_refusal_unknown_phone": (
            "This phone is not registered to an officer. Contact the complaints desk."
        ),
        "officer_refusal_wrong_pin": "Wrong PIN. Nothing was changed.",
        "officer_refusal_locked": (
            "5 wrong PINs: this phone is blocked for 30 minutes. Try again then."
        ),
        "officer_refusal_locked_hours": (
            "5 more wrong PINs: this phone is blocked for 4 hours. The complaints desk has been "
            "told."
        ),
        "officer_refusal_locked_desk": (
            "15 wrong PINs: this phone is blocked until the complaints desk unlocks it. Please "
            "contact the desk."
        ),
        "officer_pin_locked": (
            "{council}: {name} {phone}: PIN wrong {tries} times, SMS commands blocked "
            "{how}. Talk to them."
        ),
        "officer_pin_locked_hours": "for 4 hours",
        "officer_pin_locked_desk": "until you unlock them (console: Officers)",
        "officer_refusal_not_allowed": "You may not do this. Nothing was changed.",
        "officer_refusal_other_ward": "This item is not in your ward. Nothing was changed.",
        "officer_refusal_not_found": "No item has this reference. Check it and send again.",
        "officer_refusal_usage": (
            "Send: POKEA ref PIN. JIBU/FUNGA/ULIZA ref PIN text. HAMISHA ref PIN dept. "
            "ONGEZA ref PIN days reason. KUBALI/KATAA/AMUA ref PIN. SIMU/MIADI ref PIN. "
            "TEKELEZA ref PIN note. PELEKA ref PIN institution. ORODHA PIN. SOMA ref PIN"
        ),
        "officer_refusal_no_pending_extension": "No request for more time is waiting.",
        "officer_refusal_extension_pending": (
            "A request for more time is already waiting for a decision. Wait for it before "
            "asking again."
        ),
        "officer_refusal_bad_department": (
            "Unknown department. Use its short name, e.g. maji, afya, msingi."
        ),
        "officer_refusal_not_open": "Cannot be changed: already resolved or closed.",
        "officer_refusal_no_appeal": "No appeal is waiting for a decision.",
        "officer_refusal_no_decision": (
            "No decision of the Director is waiting to be carried out. Nothing was changed."
        ),
        "officer_refusal_not_working_day": "That is not a working day. Choose another day.",
        "officer_refusal_outside_hours": "That time is outside office hours. Choose another.",
        "officer_refusal_past": "That time has passed. Choose a later date.",
        "officer_refusal_not_appointment": "This is not a meeting request. Nothing was changed.",
        "officer_done_appoint": "Done: meeting {reference} is set.",
        "officer_done_appoint_detail": "Date: {detail}.",
        "officer_appointment_cancelled": "{council}: The citizen cancelled meeting {reference}.",
        "officer_new_item_days": "days {days}",
        "officer_new_item_head": "with the head",
        "officer_new_appointment_action": "Set: MIADI {reference} PIN date time",
        "officer_new_call_action": "Call, then: SIMU {reference} PIN outcome",
        "officer_done_call": "Done: call {reference} logged.",
        "officer_refusal_not_call_back": "This is not a call-back request. Nothing was changed.",
        "citizen_appointment_set": (
            "{council}: Your meeting {reference} with {whom}: {day} {date} at {time}{place}. "
            "To cancel, send GHAIRI {reference}"
        ),
        "citizen_appointment_moved": (
            "{council}: Your meeting {reference} is cancelled and moved: with {whom}, {day} "
            "{date} at {time}{place}. To cancel, GHAIRI {reference}"
        ),
        "citizen_appointment_proposed": (
            "{council}: We propose your meeting {reference} with {whom}: {day} {date} at "
            "{time}{place}. If it does not suit you, send GHAIRI {reference}"
        ),
        "citizen_appointment_reminder": (
            "{council}: A reminder of your meeting {reference} with {whom}: {day} {date} at "
            "{time}{place}."
        ),
        "officer_appointment_booked": (
            "{council}: Meeting {reference} with you: {day} {date} at {time}. The citizen was told."
        ),
        "citizen_appointment_cancelled": (
            "{council}: Your meeting {reference} is cancelled. Thank you."
        ),
        "citizen_cancel_refused": (
            "{council}: {reference} is not a meeting still to come, so it cannot be cancelled."
        ),
        "officer_refusal_try_again": (
            "Sorry, a fault on our side stopped your message being acted on. Please send it again."
        ),
        "officer_refusal_bad_institution": "Unknown institution. Use one of: {slugs}.",
        "officer_refusal_not_referred": "It has not been referred to another institution.",
        "officer_usage_list": "To see your items send: ORODHA PIN",
        "officer_usage_read": "To read an item send: SOMA number PIN",
        "officer_usage_acknowledge": "To accept send: POKEA number PIN",
        "officer_usage_reply": "To answer send: JIBU number PIN text (sent to the citizen)",
        "officer_usage_ask": "To ask send: ULIZA number PIN question (sent to the citizen)",
        "officer_usage_resolve": "To resolve send: FUNGA number PIN note (sent to the citizen)",
        "officer_usage_transfer": "To transfer send: HAMISHA number PIN department, e.g. maji",
        "officer_usage_extend": (
            "For more time send: ONGEZA number PIN days reason (for the head only); optional: "
            "MWANANCHI: words for the citizen"
        ),
        "officer_usage_approve": "To approve more time send: KUBALI number PIN",
        "officer_usage_refuse": "To refuse more time send: KATAA number PIN reason (optional)",
        "officer_usage_decide": (
            "To decide an appeal send: AMUA number PIN decision (sent to the citizen)"
        ),
        "officer_usage_carry_out": (
            "Once the Director's decision is carried out send: TEKELEZA number PIN note (to the "
            "Director)"
        ),
        "officer_usage_call": "After calling send: SIMU number PIN outcome. A meeting: MIADI",
        "officer_usage_appoint": (
            "To set a meeting send: MIADI number PIN date time, e.g. MIADI 12345678 PIN 03/12 10:00"
        ),
        "officer_usage_refer": (
            "To refer an item send: PELEKA number PIN institution note. Institutions: {slugs}"
        ),
        "officer_list": "{council}: Your {count} open items, most urgent first:",
        "officer_list_empty": "{council}: You have no open items now.",
        "officer_list_more": "and {count} more in the console.",
        "officer_list_left": "{days} days left",
        "officer_list_late": "{days} days late",
        "officer_list_today": "due today",
        "officer_read_events": "Record: {events}.",
        "officer_status_received": "not acknowledged",
        "officer_status_acknowledged": "in progress",
        "officer_status_waiting": "waiting on the citizen",
        "officer_status_resolved": "resolved",
        "officer_status_closed": "closed",
        "officer_status_appealed": "on appeal",
        "officer_status_appeal_decided": "appeal decided",
        "officer_status_carried_out": "decision carried out",
        "officer_status_referred": "referred elsewhere",
        "event_received": "received",
        "event_routed": "routed",
        "event_reminded": "reminder",
        "event_escalated": "escalated",
        "event_acknowledged": "acknowledged",
        "event_replied": "reply",
        "event_asked": "citizen asked",
        "event_citizen_answered": "citizen answered",
        "event_transferred": "transferred",
        "event_extension_requested": "more days asked",
        "event_extension_approved": "more days approved",
        "event_extension_refused": "more days refused",
        "event_resolved": "resolved",
        "event_satisfaction": "satisfaction answer",
        "event_appeal_opened": "appeal",
        "event_appeal_decided": "appeal decided",
        "event_carried_out": "decision carried out",
        "event_deadline_moved": "date moved",
        "event_referred": "referred",
        "event_referral_undone": "referral undone",
        "officer_unowned": (
            "{council}: {count} items that had no officer are now yours. Most urgent: "
            "{references}. Send ORODHA PIN to see them all."
        ),
        "officer_unowned_caught": (
            "{council}: {count} items had no officer; they went to the officers responsible. "
            "Most urgent: {references}."
        ),
        "officer_welcome": (
            "{council}: You are registered as {who}. Your SMS PIN is {pin}; tell nobody. "
            "Send ORODHA PIN to see your items."
        ),
        "officer_new_pin": (
            "{council}: Your new SMS PIN is {pin}. The old PIN no longer works. Tell nobody."
        ),
        "officer_new_password": (
            "{council}: Your console password is {password}. Log in with this phone number. "
            "Tell nobody."
        ),
        "citizen_acknowledged": "{council}: {Who} has started work on your {kind} {reference}.",
        "citizen_thanked": "{council}: Your {kind} {reference} has reached {who}. Thank you!",
        "citizen_reply": '{council}: Answer from {who} on {reference}: "{reply}"',
        "citizen_question": (
            '{council}: {Who} asks about {reference}: "{question}" '
            "Send REPLY {reference} then your answer."
        ),
        "citizen_transferred": (
            "{council}: {Who} moved {reference} to the {department} department."
        ),
        "citizen_extended": (
            '{council}: {Who} gave more time on {reference}: we will answer by {due}. "{words}"'
        ),
        "citizen_extended_plain": (
            "{council}: {Who} gave more time on {reference}: we will answer by {due}."
        ),
        "citizen_resolved": (
            '{council}: {Who} resolved {reference}: "{note}" Satisfied? Reply 1 yes, 2 no'
        ),
        "who_officer": "the {department} officer",
        "who_officer_any": "an officer",
        "who_head": "the head of {department}",
        "who_head_any": "the head of department",
        "who_desk": "the complaints desk",
        "who_desk_any": "the complaints desk",
        "who_weo": "the Ward Executive Officer of {ward}",
        "who_weo_any": "the Ward Executive Officer",
        "who_ded": "the District Executive Director",
        "who_ded_any": "the District Executive Director",
        "citizen_date_moved": (
            "{council}: Because of {holiday}, we will now answer {reference} by {due}."
        ),
        "citizen_satisfied": (
            "{council}: Thank you for your answer on {reference}. We are glad you are satisfied."
        ),
        "citizen_ask_why": (
            "{council}: We are sorry you are not satisfied with {reference}. Within {hours} "
            "hours, send one SMS saying why: it will be your appeal to the Executive Director."
        ),
        "citizen_appeal_opened": "{council}: Your appeal on {reference} was received.",
        "citizen_appeal_due": "The Executive Director will decide by {due}.",
        "citizen_referred": (
            "{council}: Your {kind} {reference} is for {institution}. {Who} advises: contact "
            "them at {contact}."
        ),
        "citizen_referred_sent": (
            "{council}: Your {kind} {reference} is for {institution}. {Who} sent it to them. "
            "Contact: {contact}."
        ),
        "institution_referral": '{council} refers to you {kind} {reference}{ward}: "{description}"',
        "institution_referral_caller": "Citizen: {caller}.",
        "institution_referral_anonymous": "The citizen asked not to be named.",
        "citizen_referral_undone": (
            "{council}: Sorry, {reference} is the council's after all: {who} brought it back."
        ),
        "citizen_escalated": (
            "{council}: Sorry, we did not answer {reference} by {missed}. The Executive "
            "Director has taken it up and will answer you by {due}."
        ),
        "citizen_request_late": (
            "{council}: Sorry, your request {reference} is late. The Executive Director has "
            "been told, to see it done."
        ),
        "citizen_appeal_late": (
            "{council}: Sorry, the decision on your appeal on {reference} was due by {due} and "
            "is late. We will still answer you."
        ),
        "citizen_decision_carried_out": (
            "{council}: The department reports the Director's decision on your appeal "
            "{reference} carried out."
        ),
        "citizen_wait_reminder": (
            "{council}: We are still waiting for your answer on {reference}. Send REPLY "
            "{reference} and your answer before {date}."
        ),
        "citizen_wait_over": (
            "{council}: We did not get your answer on {reference}. We go on without it and "
            "will answer you by {due}."
        ),
        "citizen_wait_closed": (
            "{council}: We did not get your answer, so your {kind} {reference} is closed. If "
            "the problem goes on, send COMPLAINT and the details."
        ),
        "citizen_appeal_decided": (
            '{council}: The Director\'s decision on your appeal {reference}: "{decision}"'
        ),
        "citizen_external_route": (
            "{council}: Not satisfied? Human Rights Commission (CHRAGG), free: SMS starting "
            "TAARIFA to {sms}, or call {call}. Corruption: TAKUKURU {takukuru}."
        ),
        "citizen_external_route_sms": (
            "{council}: Not satisfied? Commission for Human Rights and Good Governance "
            "(CHRAGG), free: SMS starting TAARIFA to {sms}. Corruption: TAKUKURU {takukuru}."
        ),
    },
}

# Swahili nouns agree by noun class: a kind's verbs take its concord (lalamiko LImepokelewa,
# afisa ameanza kuLIshughulikia) and its possessive differs (lalamiko LAko, maulizo YAko). Swahili
# texts mark those syllables {li} and {lako}; English texts have neither. Keyed by the kind's
# slug: a kind a council adds later reads as li- (lalamiko's class) until it has a line here.
_SW_CLASSES: dict[str, tuple[str, str]] = {
    "lalamiko": ("li", "lako"),
    "malalamiko": ("ya", "yako"),
    "kero": ("i", "yako"),
    "maoni": ("ya", "yako"),
    "mapendekezo": ("ya", "yako"),
    "pongezi": ("zi", "zako"),
    "maulizo": ("ya", "yako"),
    "swali": ("li", "lako"),
    "barua": ("i", "yako"),
    "miadi": ("i", "yako"),
    "simu": ("i", "yako"),
    "huduma": ("i", "yako"),
}
# Kinds the council thanks for rather than works on: the officer's acknowledgement says so.
THANKED_KINDS = frozenset({"mapendekezo", "pongezi", "maoni"})


def language_or_default(language: str | None) -> str:
    """The language if the catalogue has it, else Swahili."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def text(language: str, key: str, **values: object) -> str:
    """The catalogue text `key` in `language` (Swahili if unknown), filled with values."""
    return TEXTS[language_or_default(language)][key].format(**values)


def kind_values(language: str, kind: str, name: str) -> dict[str, str]:
    """What a text naming an item's kind needs: `{kind}` as the sentence uses it (the charter's
    name heads a Swahili sentence; English says "your complaint"), and Swahili's agreement."""
    li, lako = _SW_CLASSES.get(kind, ("li", "lako"))
    return {
        "kind": name if language_or_default(language) == "sw" else name.lower(),
        "li": li,
        "lako": lako,
    }


def status_name(language: str, kind: str, status: str) -> str:
    """A status as the citizen reads it, in agreement with the item's kind ("yamepokelewa"),
    in a kind's own words where it has them (an appointment "imepangwa", a call "imepigwa");
    a status the catalogue does not know (a newer edge) is shown plainly."""
    key = f"status_{status}_{kind}"
    if key not in TEXTS[language_or_default(language)]:
        key = f"status_{status}"
    if key not in TEXTS[language_or_default(language)]:
        return status.replace("_", " ")
    return text(language, key, **kind_values(language, kind, ""))


# The date that matters now (gateway/lifecycle/item_dates.py says which) and the text that tells it.
DUE_TEXTS = {
    "answer": "sms_due",
    "late": "due_late",
    "decision": "due_decision",
    "decision_late": "due_decision_late",
    "carry_out": "due_carry_out",
    "carry_out_late": "due_carry_out_late",
}


def item_status(
    language: str,
    kind: str,
    kind_name: str,
    reference: str,
    status: str,
    department: str | None,
    due: date | None,
    due_what: str,
    appeal: str,
    join: str,
    room: int,
) -> str:
    """What an item is and when, as HALI (`join` " ") and the track screen ("\n") tell it, in
    `room` septets: the status sentence, the department (None: the desk), the date that matters
    now, how to answer a question, and `appeal` (how and until when, if it may be appealed).
    Should it not all fit, the department goes first, then the date, then the appeal."""
    parts = (
        text(
            language,
            "item_status",
            reference=reference,
            status=status_name(language, kind, status),
            **kind_values(language, kind, kind_name),
        ),
        text(language, "sms_department", department=department or text(language, "sms_desk")),
        text(language, DUE_TEXTS[due_what], due=format_date(due)) if due else "",
        text(language, "answer_how", reference=reference) if status == "waiting" else "",
        appeal,
    )
    for dropped in ((), (1,), (1, 2), (1, 2, 4)):
        told = join.join(part for index, part in enumerate(parts) if part and index not in dropped)
        if gsm7_length(told) <= room:
            break
    return told


def format_date(day: date) -> str:
    """A date as citizens read it: DD/MM/YYYY."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


# Swahili counts the hours of the day from about sunrise (06:00): the hour a citizen hears is the
# 24-hour hour less 6, on a 12-hour dial, with the part of the day that tells which one.
_DAY_PARTS = ((5, "asubuhi"), (12, "mchana"), (16, "jioni"), (20, "usiku"))


def spoken_time(language: str, at: time) -> str:
    """A time as the citizen says it: "saa 4:00 asubuhi" for 10:00 in Swahili (saa 8:00
    mchana, saa 1:00 jioni); English keeps the 24-hour clock, "10:00"."""
    if language_or_default(language) != "sw":
        return f"{at:%H:%M}"
    hour = (at.hour - 6) % 12 or 12
    part = next((name for start, name in reversed(_DAY_PARTS) if at.hour >= start), "usiku")
    return f"saa {hour}:{at.minute:02d} {part}"


def due_sentence(language: str, due: date | None) -> str:
    """The SMS sentence giving the due date ("Jibu ifikapo ..."), or nothing without a date."""
    return text(language, "sms_due", due=format_date(due)) if due else ""


def ack_sms(
    language: str,
    council_short: str,
    kind: str,
    kind_name: str,
    reference: str,
    department_short: str | None,
    due: date | None,
    service: str | None = None,
) -> str:
    """The acknowledgement SMS: one GSM-7 part with the reference, department and due date; a
    call-back, an appointment and a late key service (`service`, its name) as what they are."""
    language = language_or_default(language)
    catalogue = TEXTS[language]
    received_key = f"sms_received_{kind}" if f"sms_received_{kind}" in catalogue else ""
    received = text(
        language,
        received_key or "sms_received",
        service=service or kind_name,
        **kind_values(language, kind, kind_name),
    )
    reference_part = text(language, "sms_reference", reference=reference)
    department_part = (
        text(language, "sms_department", department=department_short) if department_short else ""
    )
    due_key = f"sms_due_{kind}" if f"sms_due_{kind}" in catalogue else "sms_due"
    due_part = text(language, due_key, due=format_date(due)) if due else ""
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


def _cut_to_septets(message: str, limit: int) -> str:
    """The longest prefix of message that fits `limit` GSM-7 septets."""
    while gsm7_length(message) > limit:
        message = message[:-1]
    return message
