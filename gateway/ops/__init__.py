"""Running the gateway: the scheduler's jobs (SMS dispatch, alarms, reminders, nobody's items,
the inbox's retries, the SMS credit: `credit`), each run recorded for /readyz and /metrics; the
`flask --app app ...` commands (officers, holidays, sms, db); how every process logs (`logs`);
and the terminal phone simulator (`flask --app app simulate`). Each command is a thin click
wrapper over a service of the rooms below.

May import: Flask's CLI and app context (never a request), and every room below it.
"""
