"""How citizens and officers reach the casework: the USSD flow (a session's row, the pure menu
step from `menus`, its effects applied in one transaction), the SMS inbox (every incoming SMS
stored, then acted on: citizens' keywords and answers), officers' SMS commands, and officers
reading their work by SMS (`ORODHA`, `SOMA`). The web room's webhooks hand requests here.

May import: charter, store, menus, words, gateway.config, gateway.runtime, gateway.people,
gateway.lifecycle, gateway.messaging and gateway.casework. Never Flask, reporting, web or ops.
"""
