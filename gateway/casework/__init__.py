"""The services that change items, each in the caller's one transaction: filing (`intake`),
routing to the officer who covers the item and items nobody owned (`routing`, `unowned`), the
officers' actions (`actions.act`: the one service the SMS commands and the console both call),
appeals, appointments, referrals outside the council, the citizen's satisfaction, the
charter's clock at work (`alarms`: reminders and escalation), holidays that move dates, and
`staffing`: officers registered and changed by the desk or the CLI, with the items that
become theirs and the SMS of a PIN or password the gateway gave them.

May import: charter, store, menus, words, gateway.config, gateway.runtime, gateway.people,
gateway.lifecycle and gateway.messaging. Never Flask, and never channels, reporting, web or
ops.
"""
