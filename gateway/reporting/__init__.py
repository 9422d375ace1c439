"""The charter's results, read and never written: the report (Taarifa ya matokeo: periods, the
rules by which an item counts, figures per breakdown, SMS costs, the trend, the charter
review, the CSV), every standard's line, the public figures with their small-group rule, and
the charter-review survey (which writes its own survey and SMS rows, never an item); and the
running gateway's own figures for /metrics, /readyz and the console's banner (`operations`:
items open and overdue, SMS by what became of them, the scheduler's jobs, the SMS balance).

Every figure is an SQL aggregate over covering indexes, taking `session` first.

May import: charter, store, gateway.config, gateway.runtime, gateway.lifecycle (statuses)
and gateway.messaging (the outbox's states, and queueing a survey's SMS). Never Flask, and
never casework, channels, web or ops.
"""
