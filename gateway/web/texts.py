"""Every text the console shows, in Swahili (the default) and English.

Officers read Swahili first; the English switch is for visitors and the few who prefer it. Texts
are format strings keyed by name; a test checks both languages have the same keys and
placeholders. The charter's own names (departments, kinds, wards) come from the charter file.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("sw", "en")

TEXTS: dict[str, dict[str, str]] = {
    "sw": {
        "switch_language": "English",
        "nav_queue": "Foleni",
        "nav_report": "Ripoti",
        "nav_file": "Sajili lalamiko",
        "nav_survey": "Utafiti wa mkataba",
        "logout": "Toka",
        "logged_out": "Umetoka kwenye mfumo.",
        "role_officer": "afisa",
        "role_head": "mkuu wa idara",
        "role_desk": "dawati la malalamiko",
        "role_ded": "Mkurugenzi Mtendaji",
        "role_weo": "Afisa Mtendaji wa Kata",
        # Logging in
        "login_title": "Ingia: dashibodi ya malalamiko",
        "login": "Ingia",
        "phone": "Namba ya simu",
        "password": "Nenosiri",
        "login_bad_login": "Namba ya simu au nenosiri si sahihi.",
        "login_locked": "Majaribio mengi yasiyo sahihi. Jaribu tena baada ya dakika 15.",
        # The queue
        "queue_title": "Foleni ya malalamiko",
        "filters": "Chuja",
        "status": "Hali",
        "department": "Idara",
        "ward": "Kata",
        "kind": "Aina",
        "channel": "Njia",
        "all": "Zote",
        "overdue_only": "Yaliyopitiliza muda tu",
        "apply": "Onyesha",
        "items_found": "Yamepatikana: {count}",
        "queue_empty": "Hakuna lalamiko hapa.",
        "overdue": "muda umepita",
        "due": "Mwisho",
        "received": "Limepokelewa",
        "previous": "Iliyotangulia",
        "next": "Inayofuata",
        "page_of": "Ukurasa {page} wa {pages}",
        "days_left": "siku {days} za kazi zimebaki",
        "days_over": "siku {days} za kazi zimepita",
        "status_open": "Yaliyo wazi",
        "status_received": "Limepokelewa",
        "status_acknowledged": "Linashughulikiwa",
        "status_waiting": "Linasubiri jibu la mwananchi",
        "status_resolved": "Limetatuliwa",
        "status_closed": "Limefungwa",
        "status_appealed": "Rufaa",
        "status_appeal_decided": "Rufaa imeamuliwa",
        "status_carried_out": "Uamuzi umetekelezwa",
        "status_referred": "Limepelekwa nje",
        "col_ack_weo": "Yamepokelewa na WEO",
        "col_referred": "Yamepelekwa nje",
        "referred_to": "Limepelekwa",
        "referrals_title": "Yaliyopelekwa taasisi nyingine",
        "referrals_note": (
            "Kazi ya taasisi nje ya halmashauri: hayahesabiwi kwenye matokeo ya halmashauri."
        ),
        "referrals_institution": "Taasisi",
        "referrals_items": "Malalamiko",
        "channel_ussd": "USSD",
        "channel_sms": "SMS",
        "channel_walkin": "Kufika ofisini",
        "channel_letter": "Barua",
        "channel_phone": "Simu",
        "channel_desk": "Dawati",
        "no_department": "Dawati (bila idara)",
        "no_ward": "Bila kata",
        "no_item": "SMS zisizo za lalamiko",
        # An item
        "citizen": "Mwananchi",
        "anonymous": "Bila kujitambulisha",
        "responsible": "Afisa anayehusika",
        "satisfied": "Ameridhika",
        "yes": "Ndiyo",
        "no": "Hapana",
        "description": "Maelezo",
        "deadlines": "Muda wa mkataba",
        "deadline": "Kiwango",
        "state": "Hali",
        "service_promised": "Huduma: tuliahidi (kabla ya taarifa)",
        "acknowledge_due": "Kupokea (afisa)",
        "answer_due": "Kujibu / kutatua",
        "appeal_due": "Uamuzi wa rufaa",
        "carry_out_due": "Kutekeleza uamuzi wa Mkurugenzi",
        "met": "Ndani ya muda",
        "missed": "Nje ya muda",
        "paused": "Saa imesimama: tunasubiri jibu la mwananchi",
        "pending_extension": "Ombi la kuongeza siku {days} linasubiri uamuzi",
        # Safe decisions, the appointment picker and kept typing (issue 24)
        "asked_by": "Limeombwa na {name}",
        "citizen_words_shown": "Mwananchi ataambiwa likikubaliwa:",
        "text_refuse": "Sababu ya kukataa (itatumwa kwa aliyeomba)",
        "appoint_hint": (
            "Siku za kazi na saa za ofisi tu; siku alizopendekeza mwananchi zina alama \u2605."
        ),
        "appoint_day": "Siku",
        "appoint_time": "Saa",
        "preferred_mark": "amependekeza",
        "confirm_title": "Hatua hii haiwezi kutenguliwa. Hakikisha kabla ya kutuma.",
        "preview_nothing": "Mwananchi hatapokea SMS kwa hatua hii.",
        "confirm_change": "Ukibadilisha maandishi, bonyeza tena kuona SMS mpya kabla ya kutuma.",
        "confirm_button": "Thibitisha: {action}",
        "confirm_next": "Utaona SMS itakayotumwa kabla ya kuthibitisha.",
        "confirm_changed": "SMS imebadilika tangu ulipoiona: iangalie tena kisha uthibitishe.",
        "session_ended": "Muda wa kuingia umeisha. Ingia tena.",
        "session_ended_kept": (
            "Muda wa kuingia umeisha kabla ya kutuma. Ingia tena: ulichoandika kimehifadhiwa."
        ),
        "page_expired": "Ukurasa ulikuwa umepitwa na wakati: hakuna kilichofanyika. Tuma tena.",
        "kept_typing": "Ulichoandika kimerudishwa kwenye fomu: kiangalie kisha utume tena.",
        "actions": "Hatua",
        "action_acknowledge": "Pokea",
        "action_reply": "Jibu",
        "action_appoint": "Panga tarehe ya miadi",
        "letter_is_correspondence": (
            "Barua hufuata viwango vya mawasiliano (kupokelewa na kujibiwa), aina yoyote."
        ),
        "action_call": "Andika simu iliyopigwa",
        "text_appoint": "Tarehe na saa, mfano 07/12 10:00 (mwananchi atajulishwa kwa SMS)",
        "text_call": "Matokeo ya simu",
        "done_appoint": "Miadi imepangwa.",
        "done_call": "Simu imeandikwa.",
        "refused_usage_appoint": "Andika tarehe na saa hivi: 07/12 10:00.",
        "refused_not_working_day": "Siku hiyo si ya kazi.",
        "refused_outside_hours": "Saa hizo ziko nje ya saa za kazi.",
        "refused_past": "Muda huo umeshapita.",
        "preferred_days": "Siku alizopendekeza",
        "appointment_at": "Miadi",
        "key_service": "Huduma muhimu",
        "applied_on": "aliomba",
        "about_reference": "Kuhusu",
        "action_ask": "Uliza mwananchi",
        "action_resolve": "Funga (limetatuliwa)",
        "action_transfer": "Hamisha idara",
        "action_refer": "Peleka taasisi nyingine",
        "action_unrefer": "Rudisha halmashauri (lilipelekwa kimakosa)",
        "action_extend": "Omba siku zaidi",
        "action_approve": "Kubali ombi la siku",
        "action_refuse": "Kataa ombi la siku",
        "action_decide": "Amua rufaa",
        "action_carry_out": "Uamuzi wa Mkurugenzi umetekelezwa",
        "text_reply": "Jibu kwa mwananchi (litatumwa kwa SMS)",
        "text_ask": "Swali kwa mwananchi (litatumwa kwa SMS; saa itasimama hadi ajibu)",
        "text_resolve": "Maelezo ya utatuzi (yatatumwa kwa SMS)",
        "text_extend": "Sababu kwa anayeamua (wafanyakazi tu: haitumwi kwa mwananchi)",
        "citizen_words": "Ujumbe kwa mwananchi (si lazima; utatumwa kwa SMS ombi likikubaliwa)",
        "counter": "herufi {used} kati ya {room}, SMS {parts}",
        "counter_static": "Hadi herufi {room} (SMS {parts}); zaidi hazitumwi.",
        "preview_button": "Hakiki SMS",
        "preview_title": "Mwananchi atapokea SMS {parts}:",
        "text_decide": "Uamuzi (utatumwa kwa SMS)",
        "text_carry_out": "Kilichofanyika (kwa Mkurugenzi; mwananchi anaambiwa umetekelezwa)",
        "extra_days": "Siku za kazi za ziada",
        "transfer_to": "Hamishia idara",
        "refer_to": "Taasisi",
        "text_refer": "Maelezo (si lazima)",
        "record": "Kumbukumbu za lalamiko",
        "sms_about": "SMS zote za lalamiko hili",
        "to": "kwa",
        "to_citizen": "mwananchi",
        "to_other": "mwingine",
        "parts": "sehemu {count}",
        "no_sms": "Hakuna SMS bado.",
        "sms_queued": "kwenye foleni",
        "sms_sending": "inatumwa",
        "sms_sent": "imetumwa",
        "sms_delivered": "imefika",
        "sms_retrying": "inajaribiwa tena",
        "sms_failed": "imeshindikana",
        "event_received": "Limepokelewa",
        "event_routed": "Limepelekwa kwa afisa",
        "event_reminded": "Kikumbusho",
        "event_escalated": "Limepandishwa ngazi",
        "event_acknowledged": "Limepokelewa na afisa",
        "event_replied": "Jibu limetumwa",
        "event_asked": "Mwananchi ameulizwa",
        "event_citizen_answered": "Mwananchi amejibu",
        "event_transferred": "Limehamishwa idara",
        "event_extension_requested": "Ombi la siku zaidi",
        "event_extension_approved": "Siku zaidi zimekubaliwa",
        "event_extension_refused": "Siku zaidi zimekataliwa",
        "event_resolved": "Limetatuliwa",
        "event_satisfaction": "Jibu la kuridhika",
        "event_appeal_opened": "Rufaa imefunguliwa",
        "event_appeal_decided": "Rufaa imeamuliwa",
        "event_carried_out": "Uamuzi umetekelezwa",
        "event_deadline_moved": "Tarehe imesogezwa",
        "event_referred": "Limepelekwa taasisi nyingine",
        "event_referral_undone": "Limerudishwa halmashauri",
        "event_wait_ended": "Muda wa kusubiri jibu umekwisha",
        "detail_institution": "Taasisi",
        "detail_previous": "Hali kabla",
        "detail_role": "Nafasi",
        "actor_citizen": "mwananchi",
        "actor_gateway": "mfumo",
        "actor_ussd": "USSD",
        "actor_sms": "SMS",
        "actor_walkin": "dawati (kufika ofisini)",
        "actor_letter": "dawati (barua)",
        "actor_phone": "dawati (simu)",
        "actor_desk": "dawati",
        # Outcomes of an action
        "need_text": "Andika maelezo kwanza.",
        "text_too_long": "Maelezo ni marefu mno (zaidi ya herufi {max}).",
        "bad_days": "Siku lazima ziwe kati ya {min} na {max}.",
        "refused": "Haiwezekani: {reason}",
        "refused_not_allowed": "Huna ruhusa ya hatua hii kwa lalamiko hili.",
        "refused_not_open": "Lalamiko hili halipo wazi tena.",
        "refused_no_appeal": "Hakuna rufaa inayosubiri uamuzi.",
        "refused_no_pending_extension": "Hakuna ombi la siku linalosubiri uamuzi.",
        "refused_extension_pending": (
            "Ombi la siku linasubiri uamuzi tayari; subiri jibu kabla ya kuomba tena."
        ),
        "refused_bad_department": "Idara hiyo haipo kwenye mkataba.",
        "refused_bad_institution": "Taasisi hiyo haipo kwenye mkataba.",
        "refused_not_referred": "Halijapelekwa taasisi nyingine.",
        "refused_other_ward": "Hili si la kata yako.",
        "refused_too_long": (
            "Maandishi ni marefu mno kwa SMS {parts}: punguza herufi {over}. Hakuna kilichotumwa."
        ),
        "refused_own_request": "Huwezi kuamua ombi lako mwenyewe.",
        "refused_ded_decides": "Ombi la mkuu wa idara huamuliwa na Mkurugenzi Mtendaji.",
        "sms_now": "Mwananchi amejulishwa kwa SMS ({parts}).",
        "sms_later": "SMS kwa mwananchi itatumwa {when} ({parts}).",
        "done_acknowledge": "Limepokelewa.",
        "done_reply": "Umejibu.",
        "done_ask": "Umeuliza. Saa ya mkataba imesimama.",
        "done_resolve": "Limetatuliwa; mwananchi ataulizwa kama ameridhika.",
        "done_transfer": "Limehamishwa kwenda {department}.",
        "done_transfer_desk": (
            "Limehamishwa kwenda {department}, lakini idara hiyo haina afisa aliyesajiliwa: "
            "limeenda kwa dawati la malalamiko."
        ),
        "done_transfer_nobody": (
            "Limehamishwa kwenda {department}, lakini idara hiyo haina afisa wala dawati: "
            "linasubiri afisa asajiliwe."
        ),
        "done_refer": "Limepelekwa {department}.",
        "done_unrefer": "Limerudishwa halmashauri.",
        "done_extend": "Ombi limetumwa kwa {department}.",
        "done_approve": "Ombi limekubaliwa.",
        "done_refuse": "Ombi limekataliwa.",
        "done_decide": "Rufaa imeamuliwa.",
        # Filing on behalf
        "file_title": "Sajili lalamiko kwa niaba ya mwananchi",
        "file_help": (
            "Kwa waliofika ofisini, waliotuma barua au waliopiga simu. Wanapata namba ya "
            "kumbukumbu na SMS kama wengine."
        ),
        "desk_routes": "Dawati litapanga",
        "citizen_name": "Jina la mwananchi (si lazima)",
        "citizen_phone": "Simu ya mwananchi (si lazima)",
        "anonymous_check": "Bila kujitambulisha (simu haitaonyeshwa)",
        "citizen_language": "Lugha ya SMS",
        "file_submit": "Sajili",
        "error_choose": "Chagua kutoka kwenye orodha.",
        "error_description": "Andika maelezo ya herufi 10 hadi 2000.",
        "error_phone": "Namba ya simu si sahihi.",
        "filed": "Limesajiliwa. Namba ya kumbukumbu: {reference}",
        # The report
        "report_title": "Taarifa ya matokeo kwa kulinganisha na viwango",
        "report_basis": (
            "Malalamiko yaliyopokelewa katika kipindi hiki, hali yake hadi sasa. Lililo wazi "
            "na kupita muda linahesabiwa nje ya muda."
        ),
        "as_at": "hadi {moment}",
        "period": "Kipindi (2026-10, 2026-Q4 au 2026)",
        "bad_period": "Kipindi si sahihi; tumeonyesha mwezi uliopita.",
        "show": "Onyesha",
        "this_month": "Mwezi huu",
        "last_month": "Mwezi uliopita",
        "this_quarter": "Robo hii",
        "last_quarter": "Robo iliyopita",
        "this_year": "Mwaka huu",
        "last_year": "Mwaka uliopita",
        "months": (
            "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba Desemba"
        ),
        "quarter_label": "Robo ya {quarter}, {year}",
        "year_label": "Mwaka {year}",
        "download_csv": "Pakua CSV",
        "print_hint": "Kuchapisha au kuhifadhi kama PDF, tumia 'Print' ya kivinjari.",
        "received_items": "Yaliyopokelewa",
        "ack_within": "Yamepokelewa ndani ya muda",
        "resolve_within": "Yametatuliwa ndani ya muda",
        "of_settled": "{part} kati ya {whole}",
        "of_answers": "{part} kati ya majibu {whole}",
        "open_now": "Yaliyo wazi sasa",
        "overdue_now": "Yaliyopitiliza muda sasa",
        "median_ack": "Wastani wa kati: siku za kazi hadi kupokea",
        "median_resolve": "Wastani wa kati: siku za kazi hadi kutatua",
        "satisfied_share": "Walioridhika",
        "standards_table": "Viwango dhidi ya matokeo",
        # Every standard in the charter file (gateway/reporting/standards.py).
        "every_standard": "Kila kiwango cha mkataba",
        "every_standard_note": (
            "Kila kiwango: vilivyofikia muda wake (vilivyotimizwa kwa wakati, kwa kuchelewa, "
            "au bado wazi baada ya muda), vilivyotimizwa kwa wakati, na asilimia."
        ),
        "fell_due": "Vilivyofikia muda",
        "met_in_time": "Vilivyotimizwa kwa wakati",
        "std_acknowledge": "{kind}: kupokelewa na afisa",
        "std_answer": "{kind}: kujibiwa",
        "std_miadi_answer": "Miadi: kupangiwa tarehe",
        "std_simu_answer": "Simu: kupigiwa",
        "std_appeal": "Rufaa: uamuzi wa Mkurugenzi",
        "by_client_group": "Kwa kundi la wateja",
        "client_group": "Kundi la wateja",
        "answers_due": "Majibu yaliyofikia muda",
        "answered_in_time": "Yaliyojibiwa kwa wakati",
        "standard": "Kiwango",
        "within": "Ndani ya muda",
        "late": "Nje ya muda",
        "missed_open": "Wazi, muda umepita",
        "appeals_decided_in_time": "Rufaa zimeamuliwa ndani ya muda",
        "received_by_kind": "Yaliyopokelewa kwa aina",
        "trend_title": "Mwenendo wa kila mwezi",
        "trend_caption": (
            "Idadi ya yaliyopokelewa kila mwezi ({first} hadi {last}); chini: % yaliyotatuliwa "
            "ndani ya muda."
        ),
        "standard_chart_title": "Kila idara: % yaliyotatuliwa ndani ya muda (dhidi ya 100%)",
        "nothing_settled": "Hakuna lalamiko lililofikia mwisho wa muda bado.",
        "by_department": "Kwa idara",
        "by_ward": "Kwa kata",
        "by_channel": "Kwa njia",
        "col_received": "Yaliyopokelewa",
        "col_ack": "Kupokea ndani ya muda",
        "col_resolve": "Kutatua ndani ya muda",
        "col_open": "Wazi",
        "col_overdue": "Yamepitiliza",
        "col_median_ack": "Siku (kupokea)",
        "col_median_resolve": "Siku (kutatua)",
        "col_appeals": "Rufaa",
        "col_satisfied": "Wameridhika",
        "col_sms": "SMS (sehemu)",
        "col_cost": "Gharama",
        "no_items": "Hakuna.",
        "appeals_title": "Rufaa na matokeo yake",
        "appeals_opened": "Rufaa zilizofunguliwa",
        "appeals_no_answer": "Kati yake, kwa kukosa jibu ndani ya muda",
        "appeals_decided": "Zimeamuliwa",
        "appeals_pending": "Zinasubiri uamuzi",
        "appeals_pending_overdue": "Zinasubiri na muda umepita",
        "sms_title": "SMS zilizotumwa",
        "sms_sent_count": "Zilizotumwa",
        "sms_delivered_count": "Zilizofika",
        "sms_failed_count": "Zilizoshindikana",
        "sms_parts": "Sehemu (zinazolipiwa)",
        "sms_cost": "Gharama",
        "review_title": "Mapitio ya mkataba",
        "ratings_summary": "Tathmini {count}, wastani {average} kati ya 5.",
        "recent_comments": "Maoni ya karibuni kuhusu mkataba",
        "no_comments": "Hakuna maoni katika kipindi hiki.",
        "surveys_title": "Utafiti wa SMS: viwango vinakidhi mahitaji?",
        "no_surveys": "Hakuna utafiti.",
        "survey_period": "Yaliyofungwa",
        "survey_asked": "Walioulizwa",
        "survey_answered": "Waliojibu",
        "survey_yes": "Ndiyo (1)",
        "survey_sent_on": "Ulitumwa",
        # The survey
        "survey_title": "Utafiti wa mapitio ya mkataba",
        "survey_help": (
            "SMS fupi kwa wananchi ambao malalamiko yao yalitatuliwa katika kipindi "
            "kilichokwisha. Simu moja huulizwa mara moja tu kwa robo mwaka; SMS husubiri "
            "saa za utulivu za usiku zipite."
        ),
        "survey_closed_period": "Kipindi kilichokwisha (2026-10, 2026-Q3)",
        "survey_would_ask": "Simu {count} zitaulizwa.",
        "survey_skipped": "Simu {count} zimeachwa: tayari ziliulizwa robo hii.",
        "survey_not_anonymous": "Walioomba kutojitambulisha hawaulizwi.",
        "survey_send": "Tuma kwa simu {count}",
        "survey_sent": "Utafiti umetumwa kwa simu {count}.",
        "survey_period_open": "Kipindi hiki bado hakijaisha. Chagua kilichokwisha.",
        "survey_nobody": "Hakuna wa kuuliza kwa kipindi hiki.",
        "results_title": "Taarifa ya matokeo",
        "results_subtitle": "Tunavyotimiza viwango vya Mkataba wa Huduma kwa Mteja",
        "results_intro": (
            "Mkataba wetu unaahidi kuchapisha matokeo yetu kwa kulinganisha na viwango vyake. "
            "Hapa kuna malalamiko, maoni na maulizo tuliyopokea katika kipindi, na jinsi "
            "tulivyoyashughulikia hadi sasa."
        ),
        "results_privacy": (
            "Hakuna jina, namba ya simu, maelezo wala namba ya kumbukumbu ya mwananchi "
            "inayochapishwa. Idara zenye malalamiko chini ya {min} katika kipindi "
            "zimeunganishwa, na pia idara iliyounganishwa katika mwezi au robo yoyote ndani "
            "yake, ili mtu yeyote asitambulike, hata kwa kutoa kipindi kimoja kutoka kingine."
        ),
        "results_council": "Halmashauri nzima",
        "results_ward": "Kata ya {ward}",
        "ward_report_privacy": (
            "Malalamiko ya kata yako kutoka idara zote, kwa kanuni za ukurasa wa matokeo ya "
            "umma: idara zenye malalamiko chini ya {min} zimeunganishwa, na maoni ya wananchi "
            "hayaonyeshwi. Kila lalamiko lako liko kwenye orodha ya kazi."
        ),
        "results_others": "Idara nyingine: {names}",
        "results_too_few": "Chini ya {min}: takwimu hazichapishwi",
        "results_small_month": (
            "Mwezi {month} ulikuwa na malalamiko chini ya {min} kwa jumla: takwimu za "
            "halmashauri nzima na za idara zilizounganishwa hazichapishwi kwa kipindi hiki, "
            "ili zisipatikane kwa kutoa miezi mingine."
        ),
        "results_withheld": "Hazichapishwi: mwezi {month} ulikuwa chini ya {min}",
        "results_each_month": "Kila mwezi",
        "results_month": "Mwezi",
        "results_data": "Takwimu hizi kama data",
        "results_licence": (
            "Data hizi ni huria chini ya leseni {licence}: unaweza kuzitumia, kuzichapisha na "
            "kuzisambaza, ukitaja chanzo: {council}."
        ),
        "download_json": "Pakua JSON",
        "results_officers": "Maafisa: ingia kwenye dashibodi",
        "results_median_resolve": "Siku za kazi hadi kutatua (wastani wa kati)",
        "results_trend_caption": (
            "Yaliyopokelewa kila mwezi, {first} hadi {last}; chini: % yaliyotatuliwa ndani ya "
            "muda (ikiwa ni {min} au zaidi)."
        ),
        "days_left_one": "siku 1 ya kazi imebaki",
        "days_over_one": "siku 1 ya kazi imepita",
        "times_local": "Saa zote ni za Afrika Mashariki (EAT).",
        "detail_kind": "Aina",
        "detail_department": "Idara",
        "detail_ward": "Kata",
        "detail_officer_id": "Afisa",
        "detail_from": "Kutoka",
        "detail_to": "Kwenda",
        "detail_text": "Jibu",
        "detail_question": "Swali",
        "detail_note": "Maelezo ya utatuzi",
        "detail_reason": "Sababu",
        "detail_days": "Siku za kazi",
        "detail_due": "Mwisho",
        "detail_decision": "Uamuzi",
        "detail_answer": "Jibu la mwananchi",
        "detail_satisfied": "Ameridhika",
        "detail_alarm": "Taarifa",
        "detail_holiday": "Sikukuu",
        "detail_relayed": "Amepelekewa afisa",
        "alarm_remind_half": "Kikumbusho: nusu ya muda imepita",
        "alarm_remind_last_day": "Kikumbusho: siku ya mwisho",
        "alarm_escalate_head": "Kwa mkuu wa idara",
        "alarm_escalate_ded": "Kwa Mkurugenzi Mtendaji",
        "alarm_ack_remind": "Kikumbusho: kupokea leo",
        "alarm_ack_late": "Halikupokelewa kwa wakati: kwa mkuu wa idara",
        "alarm_wait_remind": "Mwananchi amekumbushwa kujibu",
        "alarm_wait_over": "Muda wa kusubiri jibu umekwisha",
        "alarm_appeal_remind_half": "Kikumbusho kwa Mkurugenzi: nusu ya muda wa rufaa",
        "alarm_appeal_remind_last_day": "Kikumbusho kwa Mkurugenzi: siku ya mwisho ya rufaa",
        "alarm_appeal_late": "Uamuzi wa rufaa umechelewa",
        "alarm_carry_out_remind_half": "Kikumbusho kwa idara: nusu ya muda wa kutekeleza uamuzi",
        "alarm_carry_out_remind_last_day": "Kikumbusho kwa idara: siku ya mwisho ya kutekeleza",
        "alarm_carry_out_late": "Uamuzi wa Mkurugenzi haujatekelezwa kwa wakati",
        "alarm_skipped": "Haikutumwa: imepitwa na hatua iliyofuata",
        "nobody": "Hakuna afisa (dawati)",
        "officer_col": "Afisa",
        "reference": "Namba ya kumbukumbu",
        "due_days": "Mwisho (siku za kazi)",
        "search": "Tafuta kwa maneno, namba ya kumbukumbu au simu",
        "search_button": "Tafuta",
        "search_for": "Matokeo ya “{query}”",
        "clear_search": "Ondoa utafutaji",
        "sort_by_due": "Panga kwa tarehe ya mwisho",
        "sort_urgent": "Ya dharura kwanza",
        "sorted_ascending": "mwisho wa karibu kwanza",
        "sorted_descending": "mwisho wa mbali kwanza",
        # The worklist (issue 24): tabs, the next step and who takes it, late dates, paging.
        "tabs_label": "Orodha za kazi",
        "tab_mine": "Yangu ya kushughulikia",
        "tab_citizen": "Yanasubiri mwananchi",
        "tab_others": "Yako kwa wengine",
        "tab_all": "Yote",
        "mine_empty": "Hakuna kinachokusubiri hapa.",
        "step_col": "Hatua inayofuata",
        "description_col": "Maelezo",
        "step_acknowledge": "Thibitisha kupokea",
        "step_answer": "Jibu",
        "step_approve_extension": "Kubali au kataa siku za nyongeza",
        "step_decide_appeal": "Amua rufaa ya mwananchi",
        "step_decide_escalation": "Amua: muda ulipita bila jibu",
        "step_set_meeting": "Panga tarehe ya miadi",
        "step_call_back": "Mpigie simu mwananchi",
        "step_carry_out": "Tekeleza uamuzi wa Mkurugenzi",
        "step_route": "Pangia idara",
        "step_citizen": "Tunasubiri jibu la mwananchi",
        "step_outside": "Kwa taasisi nyingine",
        "by_you": "wewe",
        "by_ded": "Mkurugenzi Mtendaji",
        "by_head": "mkuu wa idara ya {department}",
        "by_the_department": "idara ya {department}",
        "by_desk": "dawati la malalamiko",
        "by_citizen": "mwananchi",
        "status_escalated": "Imepandishwa kwa Mkurugenzi: muda ulipita",
        "late_since": "imechelewa tangu {day}",
        "weekdays_short": "Jumatatu Jumanne Jumatano Alhamisi Ijumaa Jumamosi Jumapili",
        "days_left_zero": "mwisho: ofisi ikifunguliwa",
        "clock_paused": "saa imesimama",
        "search_hint": (
            "Maneno ya maelezo, jina au maelezo ya afisa (mwanzo wa neno unatosha: bomb, bomba), "
            "namba ya kumbukumbu au simu."
        ),
        "pages_label": "Kurasa",
        "first_page": "Wa kwanza",
        "last_page": "Wa mwisho",
        "page_n": "Ukurasa {page}",
        "go_to_page": "Nenda ukurasa",
        "go": "Nenda",
        "done_away": "Halipo tena kwenye foleni yako.",
        "error_code": "Hitilafu {code}",
        "error_title_400": "Ombi halikueleweka",
        "error_text_400": (
            "Fomu haikukamilika au muda wake umekwisha. Rudi, pakia ukurasa upya, kisha ujaribu "
            "tena."
        ),
        "error_title_403": "Huna ruhusa",
        "error_text_403": "Ukurasa huu si wa nafasi yako kwenye mfumo.",
        "error_title_404": "Haipatikani",
        "error_text_404": "Ukurasa au lalamiko hili halipo, au haliko kwenye foleni yako.",
        "error_text_404_public": "Ukurasa huu haupo. Angalia anwani, au rudi kwenye matokeo.",
        "reason_breach": "Hakuna jibu ndani ya muda wa mkataba",
        "reason_unexplained": "Mwananchi hajaridhika; hakueleza sababu ndani ya saa 24",
        "error_title_405": "Njia hii haikubaliki",
        "error_text_405": "Ukurasa huu haupokei ombi la aina hii. Tumia viungo vya ukurasa.",
        "error_title_500": "Hitilafu ya mfumo",
        "error_text_500": (
            "Kuna hitilafu upande wetu. Jaribu tena baadaye; ikiendelea, mjulishe afisa TEHAMA."
        ),
        "error_title_503": "Hifadhidata haipatikani kwa sasa",
        "error_text_503": (
            "Mfumo hauwezi kufikia hifadhidata yake sasa hivi. Jaribu tena baada ya dakika moja."
        ),
        "error_back_queue": "Rudi kwenye foleni",
        "error_back_results": "Rudi kwenye taarifa ya matokeo",
        "period_not_begun": "Kipindi hiki bado hakijaanza: hakuna takwimu.",
        "period_running": "Kipindi hiki bado kinaendelea: takwimu ni hadi sasa.",
        # Charts people read (issue 24): the trend of resolved within standard, each
        # department's, and no % from fewer than MIN_GROUP answers.
        "trend_within_title": "Yaliyotatuliwa ndani ya muda, kila mwezi",
        "trend_chart_label": (
            "{name}: asilimia ya yaliyotatuliwa ndani ya muda kila mwezi, {first} hadi {last}"
        ),
        "trend_within_caption": (
            "Miezi 12, {first} hadi {last}. Kila nguzo ni asilimia ya yaliyofikia mwisho wa "
            "muda wake ambayo yalitatuliwa ndani ya muda. Alama \u2013: chini ya {min}, hakuna "
            "asilimia."
        ),
        "departments_trend_title": "Kila idara: yaliyotatuliwa ndani ya muda, kila mwezi",
        "departments_trend_note": (
            "Kila idara kwa kipimo kimoja, miezi 12 hadi mwisho wa kipindi. Alama \u2013: "
            "chini ya {min}, hakuna asilimia."
        ),
        "results_departments_trend_note": (
            "Kila idara inayochapishwa peke yake, kwa kipimo kimoja. Alama \u2013: mwezi wenye "
            "chini ya {min}, au ambao idara iliunganishwa na nyingine, hakuna asilimia."
        ),
        "this_period": "Kipindi hiki",
        "each_month_figures": "Namba za kila mwezi",
        "share_under": "(chini ya {min})",
        "share_too_few_long": "{part} kati ya {whole}: chini ya {min}, hivyo hakuna asilimia",
        "share_withheld": "Haichapishwi (kundi dogo)",
        "share_rule": (
            "Asilimia haitolewi pale ambapo chini ya {min} yanasimama nyuma yake (yaliyofikia "
            "muda, au majibu ya wananchi): asilimia ya majibu 2 haisemi kitu. Idadi "
            "inaonyeshwa badala yake."
        ),
        "pct_within": "% ndani ya muda",
        "months_short": "Jan Feb Mac Apr Mei Jun Jul Ago Sep Okt Nov Des",
        "scroll_cue": "Safu zaidi upande wa kulia: sogeza jedwali \u2192",
        # Officers managed by the desk (gateway/web/console/officers.py)
        "nav_officers": "Maafisa",
        "officers_title": "Maafisa",
        "officers_help": (
            "Sajili maafisa, badilisha taarifa zao, zima akaunti ya aliyeondoka na uwape PIN au "
            "nenosiri jipya. Kila badiliko linaandikwa kwenye kumbukumbu iliyo chini."
        ),
        "officers_add": "Sajili afisa mpya",
        "officers_count": "Maafisa {active} wanafanya kazi, {disabled} wamezimwa.",
        "officer_name": "Jina la afisa",
        "officer_phone": "Namba ya simu ya afisa",
        "officer_role": "Cheo",
        "officer_where": "Idara / kata",
        "officer_state": "Hali",
        "officer_language": "Lugha ya SMS zake",
        "officer_none": "- hakuna -",
        "officer_name_help": "Herufi 1 hadi 64.",
        "officer_phone_help": "Namba ya simu ya Tanzania, mfano 0713 000 001.",
        "officer_role_help": (
            "Afisa na mkuu wa idara: chagua idara. Afisa Mtendaji wa Kata: chagua kata, si "
            "idara. Dawati na Mkurugenzi: bila idara."
        ),
        "officer_ward_help": "Kwa Afisa Mtendaji wa Kata, au afisa anayehudumia kata moja tu.",
        "officer_give_password": (
            "Mpe pia nenosiri la dashibodi (kwa anayetumia kompyuta au simu janja)"
        ),
        "officer_secrets_help": (
            "PIN ya SMS (na nenosiri) hutolewa na mfumo, huonyeshwa hapa mara moja na kutumwa "
            "kwa afisa kwa SMS."
        ),
        "officer_add_submit": "Sajili afisa",
        "officer_save": "Hifadhi mabadiliko",
        "officer_details": "Taarifa za afisa",
        "officer_back": "Rudi kwenye orodha ya maafisa",
        "officer_active": "Anafanya kazi",
        "officer_disabled": "Amezimwa",
        "officer_pin_locked": "SMS zimezuiwa hadi {until}",
        "officer_pin_locked_desk": "SMS zimezuiwa hadi dawati lizifungue",
        "officer_no_password": "Hana nenosiri la dashibodi",
        "officer_you": "(wewe)",
        "officer_secret_pin": "PIN mpya ya SMS ya {name}",
        "officer_secret_password": "Nenosiri jipya la dashibodi la {name}",
        "officer_secret_once": (
            "Inaonyeshwa mara hii moja tu: haihifadhiwi popote. Imetumwa pia kwa SMS kwa {phone}."
        ),
        "officer_changes": "Hatua",
        "officer_do_disable": "Zima akaunti (ameondoka)",
        "officer_disable_help": (
            "Hataweza tena kutuma amri za SMS wala kuingia kwenye dashibodi: vikao vyake "
            "vinaishia sasa. Kazi zake zitapelekwa kwa wengine na mgao wa kila siku. Rekodi yake "
            "inabaki, na unaweza kumwasha tena."
        ),
        "officer_do_enable": "Washa akaunti tena",
        "officer_enable_help": (
            "Atatenda tena kwa PIN na nenosiri lake la zamani; kazi zisizo na afisa za eneo lake "
            "zitakuwa zake."
        ),
        "officer_do_pin": "Mpe PIN mpya ya SMS",
        "officer_pin_help": (
            "PIN ya zamani inaacha kufanya kazi mara moja. Mpya inaonyeshwa hapa mara moja na "
            "kutumwa kwake kwa SMS; zuio la PIN likiwepo linaondoka."
        ),
        "officer_do_password": "Mpe nenosiri jipya la dashibodi",
        "officer_password_help": (
            "Vikao vyake vyote vya dashibodi vinaishia. Nenosiri jipya linaonyeshwa hapa mara "
            "moja na kutumwa kwake kwa SMS."
        ),
        "officer_do_unlock": "Fungua zuio la PIN na la kuingia",
        "officer_unlock_help": "Baada ya kuongea naye: PIN na nenosiri lake vinafanya kazi tena.",
        "officer_done_added": "{name} amesajiliwa.",
        "officer_done_edited": "Mabadiliko ya {name} yamehifadhiwa.",
        "officer_done_nothing": "Hakuna kilichobadilika.",
        "officer_done_disabled": (
            "{name} amezimwa: hawezi kutenda tena, na vikao vyake vya dashibodi vimeishia."
        ),
        "officer_done_enabled": "{name} amewashwa tena.",
        "officer_done_unlocked": "Zuio la PIN na la kuingia la {name} limeondolewa.",
        "officer_done_pin": "{name} amepewa PIN mpya.",
        "officer_done_password": "{name} amepewa nenosiri jipya.",
        "officer_items_taken": "Kazi {count} zilizokosa afisa sasa ni zake; amejulishwa kwa SMS.",
        "officer_fix": "Rekebisha yaliyoonyeshwa hapa chini; hakuna kilichohifadhiwa.",
        "officer_problem_name": "Andika jina la afisa: herufi 1 hadi 64.",
        "officer_problem_phone": (
            "Namba ya simu ya Tanzania tu, mfano 0713 000 001 au +255713000001."
        ),
        "officer_problem_phone_taken": (
            "Namba hii tayari ni ya afisa mwingine: kila afisa ana namba yake."
        ),
        "officer_problem_role": "Chagua cheo kimoja kwenye orodha.",
        "officer_problem_department_needed": (
            "Afisa na mkuu wa idara wanahitaji idara: chagua moja."
        ),
        "officer_problem_department_unknown": "Chagua idara iliyo kwenye orodha.",
        "officer_problem_department_weo": (
            'Afisa Mtendaji wa Kata ana kata, si idara: acha idara iwe "- hakuna -".'
        ),
        "officer_problem_ward_needed": "Afisa Mtendaji wa Kata anahitaji kata: chagua moja.",
        "officer_problem_ward_unknown": "Chagua kata iliyo kwenye orodha.",
        "officer_problem_language": "Chagua Kiswahili au English.",
        "officer_problem_self": (
            "Huwezi kuzima akaunti yako mwenyewe wala kujiondolea cheo cha dawati: muombe afisa "
            "mwingine wa dawati."
        ),
        "officer_problem_last_desk": (
            "Huyu ndiye afisa pekee wa dawati la malalamiko anayefanya kazi: sajili au washa "
            "afisa mwingine wa dawati kwanza."
        ),
        "audit_title": "Kumbukumbu ya mabadiliko",
        "audit_officer_title": "Mabadiliko ya afisa huyu",
        "audit_empty": "Bado hakuna badiliko.",
        "audit_latest": "Mabadiliko {count} ya karibuni zaidi.",
        "audit_cli": "Amri ya mfumo (CLI)",
        "audit_added": "amemsajili {name}",
        "audit_edited": "amebadilisha taarifa za {name}",
        "audit_disabled": "amemzima {name}",
        "audit_enabled": "amemwasha tena {name}",
        "audit_unlocked": "ameondoa zuio la PIN na la kuingia la {name}",
        "audit_pin_given": "amempa {name} PIN mpya ya SMS",
        "audit_password_given": "amempa {name} nenosiri jipya la dashibodi",
        "audit_with_password": "pamoja na nenosiri la dashibodi",
        # The SMS credit low (the Africa's Talking balance under LOW_BALANCE_ALERT).
        "low_credit": (
            "Salio la SMS (Africa's Talking) ni {balance}, chini ya {threshold} (lilisomwa "
            "{read}). Likiisha, wananchi hawatapata SMS za majibu wala vikumbusho: ongezeni "
            "salio leo."
        ),
    },
    "en": {
        "switch_language": "Kiswahili",
        "nav_queue": "Queue",
        "nav_report": "Report",
        "nav_file": "File a complaint",
        "nav_survey": "Charter survey",
        "logout": "Log out",
        "logged_out": "You have logged out.",
        "role_officer": "officer",
        "role_head": "head of department",
        "role_desk": "complaints desk",
        "role_ded": "District Executive Director",
        "role_weo": "Ward Executive Officer",
        "login_title": "Log in: complaints console",
        "login": "Log in",
        "phone": "Phone number",
        "password": "Password",
        "login_bad_login": "Wrong phone number or password.",
        "login_locked": "Too many wrong attempts. Try again in 15 minutes.",
        "queue_title": "Complaints queue",
        "filters": "Filter",
        "status": "Status",
        "department": "Department",
        "ward": "Ward",
        "kind": "Kind",
        "channel": "Channel",
        "all": "All",
        "overdue_only": "Overdue only",
        "apply": "Show",
        "items_found": "Found: {count}",
        "queue_empty": "Nothing here.",
        "overdue": "overdue",
        "due": "Due",
        "received": "Received",
        "previous": "Previous",
        "next": "Next",
        "page_of": "Page {page} of {pages}",
        "days_left": "{days} working days left",
        "days_over": "{days} working days over",
        "status_open": "Open",
        "status_received": "Received",
        "status_acknowledged": "In progress",
        "status_waiting": "Waiting for the citizen",
        "status_resolved": "Resolved",
        "status_closed": "Closed",
        "status_appealed": "Appealed",
        "status_appeal_decided": "Appeal decided",
        "status_carried_out": "Decision carried out",
        "status_referred": "Referred elsewhere",
        "col_ack_weo": "Acknowledged by WEO",
        "col_referred": "Referred",
        "referred_to": "Referred to",
        "referrals_title": "Referred to other institutions",
        "referrals_note": (
            "Work for institutions outside the council: not in the council's results."
        ),
        "referrals_institution": "Institution",
        "referrals_items": "Items",
        "channel_ussd": "USSD",
        "channel_sms": "SMS",
        "channel_walkin": "Walk-in",
        "channel_letter": "Letter",
        "channel_phone": "Phone call",
        "channel_desk": "Desk",
        "no_department": "Desk (no department)",
        "no_ward": "No ward",
        "no_item": "SMS not about an item",
        "citizen": "Citizen",
        "anonymous": "Anonymous",
        "responsible": "Responsible officer",
        "satisfied": "Satisfied",
        "yes": "Yes",
        "no": "No",
        "description": "Description",
        "deadlines": "Charter deadlines",
        "deadline": "Standard",
        "state": "State",
        "service_promised": "Service: promised (before the report)",
        "acknowledge_due": "Acknowledge (officer)",
        "answer_due": "Answer / resolve",
        "appeal_due": "Appeal decision",
        "carry_out_due": "Director's decision carried out",
        "met": "On time",
        "missed": "Late",
        "paused": "Clock paused: waiting for the citizen",
        "pending_extension": "A request for {days} more days awaits a decision",
        # Safe decisions, the appointment picker and kept typing (issue 24)
        "asked_by": "Asked by {name}",
        "citizen_words_shown": "The citizen will be told if approved:",
        "text_refuse": "Reason for refusing (sent to the officer who asked)",
        "appoint_hint": (
            "Working days and office hours only; the days the citizen asked for are marked \u2605."
        ),
        "appoint_day": "Day",
        "appoint_time": "Time",
        "preferred_mark": "asked for",
        "confirm_title": "This cannot be undone. Check before sending.",
        "preview_nothing": "The citizen receives no SMS for this step.",
        "confirm_change": (
            "If you change the text, press the button again to see the new SMS before it goes."
        ),
        "confirm_button": "Confirm: {action}",
        "confirm_next": "You will see the SMS that goes before you confirm.",
        "confirm_changed": "The SMS changed since you saw it: check it again, then confirm.",
        "session_ended": "Your session ended. Please log in again.",
        "session_ended_kept": (
            "Your session ended before that was sent. Log in again: what you typed is kept."
        ),
        "page_expired": "The page had expired: nothing was done. Please send it again.",
        "kept_typing": "What you typed is back in the form: check it, then send it again.",
        "actions": "Actions",
        "action_acknowledge": "Acknowledge",
        "action_reply": "Reply",
        "action_appoint": "Set the meeting's date",
        "letter_is_correspondence": (
            "A letter follows the correspondence standards (acknowledged, answered)."
        ),
        "action_call": "Log the call made",
        "text_appoint": "Date and time, e.g. 07/12 10:00 (the citizen is told by SMS)",
        "text_call": "What came of the call",
        "done_appoint": "Meeting set.",
        "done_call": "Call logged.",
        "refused_usage_appoint": "Type the date and time like this: 07/12 10:00.",
        "refused_not_working_day": "That is not a working day.",
        "refused_outside_hours": "That time is outside office hours.",
        "refused_past": "That time has passed.",
        "preferred_days": "Days asked for",
        "appointment_at": "Meeting",
        "key_service": "Key service",
        "applied_on": "applied",
        "about_reference": "About",
        "action_ask": "Ask the citizen",
        "action_resolve": "Resolve",
        "action_transfer": "Transfer",
        "action_refer": "Refer to another institution",
        "action_unrefer": "Bring back to the council (referred in error)",
        "action_extend": "Ask for more days",
        "action_approve": "Approve the extension",
        "action_refuse": "Refuse the extension",
        "action_decide": "Decide the appeal",
        "action_carry_out": "The Director's decision is carried out",
        "text_reply": "Reply to the citizen (sent by SMS)",
        "text_ask": "Question for the citizen (sent by SMS; the clock stops until they answer)",
        "text_resolve": "Resolution note (sent by SMS)",
        "text_extend": "Reason for whoever decides (staff only: never sent to the citizen)",
        "citizen_words": "Words for the citizen (optional; sent by SMS if approved)",
        "counter": "{used} of {room} characters, {parts} SMS",
        "counter_static": "Up to {room} characters ({parts} SMS); no more is sent.",
        "preview_button": "Preview the SMS",
        "preview_title": "The citizen will receive {parts} SMS:",
        "text_decide": "Decision (sent by SMS)",
        "text_carry_out": "What was done (to the Director; the citizen is told it is carried out)",
        "extra_days": "Extra working days",
        "transfer_to": "Transfer to department",
        "refer_to": "Institution",
        "text_refer": "Note (optional)",
        "record": "The item's record",
        "sms_about": "Every SMS about this item",
        "to": "to",
        "to_citizen": "citizen",
        "to_other": "other",
        "parts": "{count} part(s)",
        "no_sms": "No SMS yet.",
        "sms_queued": "queued",
        "sms_sending": "sending",
        "sms_sent": "sent",
        "sms_delivered": "delivered",
        "sms_retrying": "retrying",
        "sms_failed": "failed",
        "event_received": "Received",
        "event_routed": "Routed to an officer",
        "event_reminded": "Reminder",
        "event_escalated": "Escalated",
        "event_acknowledged": "Acknowledged by the officer",
        "event_replied": "Reply sent",
        "event_asked": "Citizen asked",
        "event_citizen_answered": "Citizen answered",
        "event_transferred": "Transferred",
        "event_extension_requested": "More days requested",
        "event_extension_approved": "More days approved",
        "event_extension_refused": "More days refused",
        "event_resolved": "Resolved",
        "event_satisfaction": "Satisfaction answer",
        "event_appeal_opened": "Appeal opened",
        "event_appeal_decided": "Appeal decided",
        "event_carried_out": "Decision carried out",
        "event_deadline_moved": "Date moved",
        "event_referred": "Referred to another institution",
        "event_referral_undone": "Brought back to the council",
        "event_wait_ended": "The wait for an answer ended",
        "detail_institution": "Institution",
        "detail_previous": "Status before",
        "detail_role": "Role",
        "actor_citizen": "citizen",
        "actor_gateway": "system",
        "actor_ussd": "USSD",
        "actor_sms": "SMS",
        "actor_walkin": "desk (walk-in)",
        "actor_letter": "desk (letter)",
        "actor_phone": "desk (phone call)",
        "actor_desk": "desk",
        "need_text": "Write the text first.",
        "text_too_long": "The text is too long (over {max} characters).",
        "bad_days": "Days must be between {min} and {max}.",
        "refused": "Not possible: {reason}",
        "refused_not_allowed": "You may not take this action on this item.",
        "refused_not_open": "This item is no longer open.",
        "refused_no_appeal": "There is no appeal awaiting a decision.",
        "refused_no_pending_extension": "There is no extension request awaiting a decision.",
        "refused_extension_pending": (
            "An extension request is already awaiting a decision; wait for it before asking again."
        ),
        "refused_bad_department": "That department is not in the charter.",
        "refused_bad_institution": "That institution is not in the charter.",
        "refused_not_referred": "It has not been referred to another institution.",
        "refused_other_ward": "This item is not in your ward.",
        "refused_too_long": (
            "The text is too long for {parts} SMS: cut {over} characters. Nothing was sent."
        ),
        "refused_own_request": "You cannot decide your own request.",
        "refused_ded_decides": "A head's request is decided by the Executive Director.",
        "sms_now": "The citizen was told by SMS ({parts}).",
        "sms_later": "The SMS to the citizen goes {when} ({parts}).",
        "done_acknowledge": "Acknowledged.",
        "done_reply": "Answered.",
        "done_ask": "Asked. The charter clock is paused.",
        "done_resolve": "Resolved; the citizen will be asked whether they are satisfied.",
        "done_transfer": "Transferred to {department}.",
        "done_transfer_desk": (
            "Transferred to {department}, but that department has no officer registered: it "
            "went to the complaints desk."
        ),
        "done_transfer_nobody": (
            "Transferred to {department}, but that department has no officer and there is no "
            "desk: it waits for an officer to be registered."
        ),
        "done_refer": "Referred to {department}.",
        "done_unrefer": "Brought back to the council.",
        "done_extend": "Request sent to {department}.",
        "done_approve": "Extension approved.",
        "done_refuse": "Extension refused.",
        "done_decide": "Appeal decided.",
        "file_title": "File a complaint on a citizen's behalf",
        "file_help": (
            "For walk-ins, letters and phone calls. They get a reference number and SMS like "
            "everyone else."
        ),
        "desk_routes": "The desk will route it",
        "citizen_name": "Citizen's name (optional)",
        "citizen_phone": "Citizen's phone (optional)",
        "anonymous_check": "Anonymous (the phone will not be shown)",
        "citizen_language": "SMS language",
        "file_submit": "File",
        "error_choose": "Choose from the list.",
        "error_description": "Write a description of 10 to 2000 characters.",
        "error_phone": "Not a valid phone number.",
        "filed": "Filed. Reference number: {reference}",
        "report_title": "Performance against the charter's standards",
        "report_basis": (
            "Items received in this period, as they stand now. An open item past its deadline "
            "counts as a miss."
        ),
        "as_at": "as at {moment}",
        "period": "Period (2026-10, 2026-Q4 or 2026)",
        "bad_period": "Not a valid period; showing last month.",
        "show": "Show",
        "this_month": "This month",
        "last_month": "Last month",
        "this_quarter": "This quarter",
        "last_quarter": "Last quarter",
        "this_year": "This year",
        "last_year": "Last year",
        "months": (
            "January February March April May June July August September October November December"
        ),
        "quarter_label": "Quarter {quarter}, {year}",
        "year_label": "Year {year}",
        "download_csv": "Download CSV",
        "print_hint": "To print or save as PDF, use the browser's Print.",
        "received_items": "Received",
        "ack_within": "Acknowledged within standard",
        "resolve_within": "Resolved within standard",
        "of_settled": "{part} of {whole}",
        "of_answers": "{part} of {whole} answers",
        "open_now": "Open now",
        "overdue_now": "Overdue now",
        "median_ack": "Median working days to acknowledge",
        "median_resolve": "Median working days to resolve",
        "satisfied_share": "Satisfied",
        "standards_table": "Standards against results",
        "every_standard": "Every standard of the charter",
        "every_standard_note": (
            "For each standard: how many fell due (met in time, met late, or still open past "
            "their time), how many were met in time, and the % met."
        ),
        "fell_due": "Fell due",
        "met_in_time": "Met in time",
        "std_acknowledge": "{kind}: acknowledged by the officer",
        "std_answer": "{kind}: answered",
        "std_miadi_answer": "Meeting: date set",
        "std_simu_answer": "Call back: called",
        "std_appeal": "Appeals: decided by the DED",
        "by_client_group": "By client group",
        "client_group": "Client group",
        "answers_due": "Answers due",
        "answered_in_time": "Answered in time",
        "standard": "Standard",
        "within": "Within",
        "late": "Late",
        "missed_open": "Open, past deadline",
        "appeals_decided_in_time": "Appeals decided within standard",
        "received_by_kind": "Received by kind",
        "trend_title": "Monthly trend",
        "trend_caption": (
            "Items received each month ({first} to {last}); below: % resolved within standard."
        ),
        "standard_chart_title": "Each department: % resolved within standard (against 100%)",
        "nothing_settled": "No item has reached its deadline yet.",
        "by_department": "By department",
        "by_ward": "By ward",
        "by_channel": "By channel",
        "col_received": "Received",
        "col_ack": "Acknowledged in time",
        "col_resolve": "Resolved in time",
        "col_open": "Open",
        "col_overdue": "Overdue",
        "col_median_ack": "Days (ack.)",
        "col_median_resolve": "Days (resolve)",
        "col_appeals": "Appeals",
        "col_satisfied": "Satisfied",
        "col_sms": "SMS (parts)",
        "col_cost": "Cost",
        "no_items": "None.",
        "appeals_title": "Appeals and their outcomes",
        "appeals_opened": "Appeals opened",
        "appeals_no_answer": "Of which for no answer in time",
        "appeals_decided": "Decided",
        "appeals_pending": "Awaiting a decision",
        "appeals_pending_overdue": "Awaiting, past the deadline",
        "sms_title": "SMS sent",
        "sms_sent_count": "Sent",
        "sms_delivered_count": "Delivered",
        "sms_failed_count": "Failed",
        "sms_parts": "Parts (paid for)",
        "sms_cost": "Cost",
        "review_title": "Charter review",
        "ratings_summary": "{count} ratings, average {average} out of 5.",
        "recent_comments": "Recent comments on the charter",
        "no_comments": "No comments in this period.",
        "surveys_title": "SMS survey: do the standards meet your needs?",
        "no_surveys": "No surveys.",
        "survey_period": "Items closed",
        "survey_asked": "Asked",
        "survey_answered": "Answered",
        "survey_yes": "Yes (1)",
        "survey_sent_on": "Sent",
        "survey_title": "Charter review survey",
        "survey_help": (
            "A short SMS to citizens whose items were resolved in a period that has ended. A "
            "phone is asked at most once a quarter; the SMS waits out the night's quiet hours."
        ),
        "survey_closed_period": "A period that has ended (2026-10, 2026-Q3)",
        "survey_would_ask": "{count} phones will be asked.",
        "survey_skipped": "{count} phones left out: already asked this quarter.",
        "survey_not_anonymous": "Citizens who chose to stay anonymous are not asked.",
        "survey_send": "Send to {count} phones",
        "survey_sent": "Survey sent to {count} phones.",
        "survey_period_open": "This period has not ended yet. Choose one that has.",
        "survey_nobody": "Nobody to ask for this period.",
        "results_title": "Our results",
        "results_subtitle": "How we meet the standards of our Client Service Charter",
        "results_intro": (
            "Our charter promises to publish our results against its standards. Here are the "
            "complaints, suggestions and enquiries we received in the period, and how we have "
            "handled them so far."
        ),
        "results_privacy": (
            "No citizen's name, phone number, description or reference number is published. "
            "Departments with fewer than {min} items in the period are merged, and so is any "
            "department merged in a month or quarter inside it, so that no one can be "
            "singled out, even by subtracting one period from another."
        ),
        "results_council": "The whole council",
        "results_ward": "{ward} ward",
        "ward_report_privacy": (
            "Your ward's items from every department, under the public results page's rules: "
            "departments with fewer than {min} items are merged, and citizens' comments are "
            "not shown. Each of your items is in the queue."
        ),
        "results_others": "Other departments: {names}",
        "results_too_few": "Fewer than {min}: no figures published",
        "results_small_month": (
            "{month} had fewer than {min} items in all: the council's figures and the merged "
            "departments' are not published for this period, so that they cannot be worked "
            "out by subtracting the other months."
        ),
        "results_withheld": "Not published: {month} had fewer than {min}",
        "results_each_month": "Each month",
        "results_month": "Month",
        "results_data": "These figures as data",
        "results_licence": (
            "These data are open under the {licence} licence: you may use, publish and share "
            "them, naming the source: {council}."
        ),
        "download_json": "Download JSON",
        "results_officers": "Officers: log in to the console",
        "results_median_resolve": "Working days to resolve (median)",
        "results_trend_caption": (
            "Items received each month, {first} to {last}; below: % resolved within standard "
            "(when {min} or more)."
        ),
        "days_left_one": "1 working day left",
        "days_over_one": "1 working day over",
        "times_local": "All times are East Africa Time (EAT).",
        "detail_kind": "Kind",
        "detail_department": "Department",
        "detail_ward": "Ward",
        "detail_officer_id": "Officer",
        "detail_from": "From",
        "detail_to": "To",
        "detail_text": "Reply",
        "detail_question": "Question",
        "detail_note": "Resolution note",
        "detail_reason": "Reason",
        "detail_days": "Working days",
        "detail_due": "Due",
        "detail_decision": "Decision",
        "detail_answer": "Citizen's answer",
        "detail_satisfied": "Satisfied",
        "detail_alarm": "Notice",
        "detail_holiday": "Holiday",
        "detail_relayed": "Passed to the officer",
        "alarm_remind_half": "Reminder: half the time has gone",
        "alarm_remind_last_day": "Reminder: the last day",
        "alarm_escalate_head": "To the head of department",
        "alarm_escalate_ded": "To the District Executive Director",
        "alarm_ack_remind": "Reminder: accept it today",
        "alarm_ack_late": "Not accepted in time: to the head of department",
        "alarm_wait_remind": "Citizen reminded to answer",
        "alarm_wait_over": "The wait for an answer ended",
        "alarm_appeal_remind_half": "Reminder to the Director: half the appeal's time",
        "alarm_appeal_remind_last_day": "Reminder to the Director: the appeal's last day",
        "alarm_appeal_late": "The appeal's decision is late",
        "alarm_carry_out_remind_half": "Reminder to the department: half the time to carry out",
        "alarm_carry_out_remind_last_day": "Reminder to the department: the last day",
        "alarm_carry_out_late": "The Director's decision was not carried out in time",
        "alarm_skipped": "Not sent: overtaken by the next step",
        "nobody": "No officer (the desk)",
        "officer_col": "Officer",
        "reference": "Reference",
        "due_days": "Due (working days)",
        "search": "Search by words, reference or phone",
        "search_button": "Search",
        "search_for": "Results for “{query}”",
        "clear_search": "Clear the search",
        "sort_by_due": "Sort by due date",
        "sort_urgent": "Most urgent first",
        "sorted_ascending": "nearest first",
        "sorted_descending": "furthest first",
        # The worklist (issue 24): tabs, the next step and who takes it, late dates, paging.
        "tabs_label": "Work lists",
        "tab_mine": "Mine to act on",
        "tab_citizen": "Waiting on the citizen",
        "tab_others": "With others",
        "tab_all": "All",
        "mine_empty": "Nothing waits on you here.",
        "step_col": "Next step",
        "description_col": "Description",
        "step_acknowledge": "Acknowledge",
        "step_answer": "Answer",
        "step_approve_extension": "Approve or refuse the extension",
        "step_decide_appeal": "Decide the citizen's appeal",
        "step_decide_escalation": "Decide: no answer in time",
        "step_set_meeting": "Set the meeting",
        "step_call_back": "Call the citizen back",
        "step_carry_out": "Carry out the DED's decision",
        "step_route": "Route to a department",
        "step_citizen": "Waiting for the citizen's answer",
        "step_outside": "With another institution",
        "by_you": "you",
        "by_ded": "District Executive Director",
        "by_head": "head of {department}",
        "by_the_department": "the {department} department",
        "by_desk": "the complaints desk",
        "by_citizen": "the citizen",
        "status_escalated": "Escalated to the DED: date missed",
        "late_since": "late since {day}",
        "weekdays_short": "Mon Tue Wed Thu Fri Sat Sun",
        "days_left_zero": "due as the office opens",
        "clock_paused": "clock paused",
        "search_hint": (
            "Words of the description, the name or an officer's note (a word's beginning is "
            "enough: bomb, bomba), a reference or a phone."
        ),
        "pages_label": "Pages",
        "first_page": "First",
        "last_page": "Last",
        "page_n": "Page {page}",
        "go_to_page": "Go to page",
        "go": "Go",
        "done_away": "It is no longer in your queue.",
        "error_code": "Error {code}",
        "error_title_400": "Bad request",
        "error_text_400": (
            "The form was incomplete or has expired. Go back, reload the page and try again."
        ),
        "error_title_403": "Not allowed",
        "error_text_403": "This page is not for your role.",
        "error_title_404": "Not found",
        "error_text_404": "This page or item does not exist, or is not in your queue.",
        "error_text_404_public": "This page does not exist. Check the address, or see the results.",
        "reason_breach": "No answer within the charter's time",
        "reason_unexplained": "The citizen was not satisfied and gave no reason within 24 hours",
        "error_title_405": "Not allowed this way",
        "error_text_405": "This page does not take this kind of request. Use the page's links.",
        "error_title_500": "System error",
        "error_text_500": (
            "Something went wrong on our side. Try again later; if it goes on, tell the ICT "
            "officer."
        ),
        "error_title_503": "Database unavailable",
        "error_text_503": (
            "The gateway cannot reach its database right now. Try again in a minute."
        ),
        "error_back_queue": "Back to the queue",
        "error_back_results": "Back to the results",
        "period_not_begun": "This period has not begun yet: there are no figures.",
        "period_running": "This period is still running: the figures are so far.",
        # Charts people read (issue 24): the trend of resolved within standard, each
        # department's, and no % from fewer than MIN_GROUP answers.
        "trend_within_title": "Resolved within standard, each month",
        "trend_chart_label": "{name}: % resolved within standard each month, {first} to {last}",
        "trend_within_caption": (
            "12 months, {first} to {last}. Each column is the share of items past their "
            "deadline that were resolved within it. A \u2013: fewer than {min}, no %."
        ),
        "departments_trend_title": "Each department: resolved within standard, each month",
        "departments_trend_note": (
            "Each department on the same scale, the 12 months to the end of the period. A "
            "\u2013: fewer than {min}, no %."
        ),
        "results_departments_trend_note": (
            "Each department published on its own, on the same scale. A \u2013: a month with "
            "fewer than {min}, or in which the department was merged with others, no %."
        ),
        "this_period": "This period",
        "each_month_figures": "Each month's figures",
        "share_under": "(under {min})",
        "share_too_few_long": "{part} of {whole}: under {min}, so no %",
        "share_withheld": "Not published (small group)",
        "share_rule": (
            "No percentage is given where fewer than {min} stand behind it (items past their "
            "deadline, or citizens' answers): a percentage of 2 answers says nothing. The "
            "count is shown instead."
        ),
        "pct_within": "% within standard",
        "months_short": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "scroll_cue": "More columns to the right: scroll the table \u2192",
        # Officers managed by the desk (gateway/web/console/officers.py)
        "nav_officers": "Officers",
        "officers_title": "Officers",
        "officers_help": (
            "Register officers, change their details, disable the account of one who left and "
            "give them a new PIN or password. Every change is written in the record below."
        ),
        "officers_add": "Register an officer",
        "officers_count": "{active} officers active, {disabled} disabled.",
        "officer_name": "Officer's name",
        "officer_phone": "Officer's phone number",
        "officer_role": "Role",
        "officer_where": "Department / ward",
        "officer_state": "State",
        "officer_language": "Language of their SMS",
        "officer_none": "- none -",
        "officer_name_help": "1 to 64 characters.",
        "officer_phone_help": "A Tanzanian phone number, e.g. 0713 000 001.",
        "officer_role_help": (
            "An officer and a head of department: choose the department. A Ward Executive "
            "Officer: choose the ward, no department. The desk and the Director: no department."
        ),
        "officer_ward_help": "For a Ward Executive Officer, or an officer who covers one ward.",
        "officer_give_password": (
            "Give a console password too (for those who use a computer or a smartphone)"
        ),
        "officer_secrets_help": (
            "The SMS PIN (and password) are made by the system, shown here once and sent to the "
            "officer by SMS."
        ),
        "officer_add_submit": "Register the officer",
        "officer_save": "Save the changes",
        "officer_details": "The officer's details",
        "officer_back": "Back to the list of officers",
        "officer_active": "Active",
        "officer_disabled": "Disabled",
        "officer_pin_locked": "SMS commands locked until {until}",
        "officer_pin_locked_desk": "SMS commands locked until the desk unlocks them",
        "officer_no_password": "No console password",
        "officer_you": "(you)",
        "officer_secret_pin": "New SMS PIN of {name}",
        "officer_secret_password": "New console password of {name}",
        "officer_secret_once": (
            "Shown this once only: it is kept nowhere. It was also sent by SMS to {phone}."
        ),
        "officer_changes": "Actions",
        "officer_do_disable": "Disable the account (they left)",
        "officer_disable_help": (
            "They can no longer send SMS commands or log in to the console: their sessions end "
            "now. Their items go to others at the daily routing. Their record stays, and you can "
            "enable them again."
        ),
        "officer_do_enable": "Enable the account again",
        "officer_enable_help": (
            "They act again with their old PIN and password; the items of their reach that have "
            "no officer become theirs."
        ),
        "officer_do_pin": "Give a new SMS PIN",
        "officer_pin_help": (
            "The old PIN stops working at once. The new one is shown here once and sent to them "
            "by SMS; any PIN lock is lifted."
        ),
        "officer_do_password": "Give a new console password",
        "officer_password_help": (
            "Every console session of theirs ends. The new password is shown here once and sent "
            "to them by SMS."
        ),
        "officer_do_unlock": "Lift the PIN and login locks",
        "officer_unlock_help": "Once you have spoken to them: their PIN and password work again.",
        "officer_done_added": "{name} is registered.",
        "officer_done_edited": "The changes to {name} are saved.",
        "officer_done_nothing": "Nothing was changed.",
        "officer_done_disabled": (
            "{name} is disabled: they cannot act any more, and their console sessions ended."
        ),
        "officer_done_enabled": "{name} is enabled again.",
        "officer_done_unlocked": "The PIN and login locks of {name} are lifted.",
        "officer_done_pin": "{name} has a new PIN.",
        "officer_done_password": "{name} has a new password.",
        "officer_items_taken": (
            "{count} items that had no officer are now theirs; they were told by SMS."
        ),
        "officer_fix": "Correct what is shown below; nothing was saved.",
        "officer_problem_name": "Type the officer's name: 1 to 64 characters.",
        "officer_problem_phone": (
            "A Tanzanian phone number only, e.g. 0713 000 001 or +255713000001."
        ),
        "officer_problem_phone_taken": (
            "Another officer already has this number: each officer has their own."
        ),
        "officer_problem_role": "Choose one of the roles in the list.",
        "officer_problem_department_needed": (
            "An officer and a head of department need a department: choose one."
        ),
        "officer_problem_department_unknown": "Choose a department from the list.",
        "officer_problem_department_weo": (
            "A Ward Executive Officer covers a ward, not a department: leave the department "
            'at "- none -".'
        ),
        "officer_problem_ward_needed": "A Ward Executive Officer needs a ward: choose one.",
        "officer_problem_ward_unknown": "Choose a ward from the list.",
        "officer_problem_language": "Choose Kiswahili or English.",
        "officer_problem_self": (
            "You cannot disable your own account or take away your own desk role: ask another "
            "desk officer."
        ),
        "officer_problem_last_desk": (
            "This is the only active complaints desk officer: register or enable another desk "
            "officer first."
        ),
        "audit_title": "Record of changes",
        "audit_officer_title": "Changes to this officer",
        "audit_empty": "No change yet.",
        "audit_latest": "The latest {count} changes.",
        "audit_cli": "The command line (CLI)",
        "audit_added": "registered {name}",
        "audit_edited": "changed the details of {name}",
        "audit_disabled": "disabled {name}",
        "audit_enabled": "enabled {name} again",
        "audit_unlocked": "lifted the PIN and login locks of {name}",
        "audit_pin_given": "gave {name} a new SMS PIN",
        "audit_password_given": "gave {name} a new console password",
        "audit_with_password": "with a console password",
        # The SMS credit low (the Africa's Talking balance under LOW_BALANCE_ALERT).
        "low_credit": (
            "The SMS credit (Africa's Talking) is {balance}, below {threshold} (read {read}). "
            "When it runs out, citizens get no replies or reminders by SMS: top it up today."
        ),
    },
}


def text(language: str, key: str, default: str | None = None, **values: object) -> str:
    """The text `key` in `language` (Swahili if unknown), filled with `values`.

    A missing key gives `default` when one is given (an event kind added elsewhere shows its
    own name rather than breaking the page), else the key itself.
    """
    texts = TEXTS.get(language, TEXTS["sw"])
    template = texts.get(key)
    if template is None:
        return default if default is not None else key
    return template.format(**values) if values else template
