"""The gateway: everything that is not the pure core (`charter`, `menus`, `words`) or the tables
(`store`), in rooms by what they are for, from the bottom up:

    people/      officers, citizens' phones and their daily allowances
    lifecycle/   an item's statuses, record, dates, pauses, answering
    messaging/   the outbox, the dispatcher, notify, and the SMS providers (providers/)
    casework/    the services that change items: filing, routing, actions, appeals, alarms, ...
    reporting/   the charter's results, read only (the survey writes its own rows)
    channels/    USSD flow, SMS inbox, officers' SMS commands and reading
    web/         every Flask view, templates and static: the only room that reads requests
    ops/         the scheduler's jobs, the CLI, the terminal simulator

with `config` (settings from the environment), `runtime` (the `Gateway` built once at
start-up) and `metrics` (what this process counts for /metrics; any room may count there)
beside them. A room imports only rooms listed before it, never one after; each room's
`__init__.py` says what it owns and may import, and tests/test_layout.py holds them to it.
"""

# The release, as CHANGELOG.md names it; pyproject.toml reads it from here. Raise it with every
# release that a council installs, and add its CHANGELOG.md entry.
__version__ = "0.3.0"
