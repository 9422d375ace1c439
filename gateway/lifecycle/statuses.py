"""An item's lifecycle (`Complaint.status`), and the groups of statuses the gateway asks about."""

from __future__ import annotations

RECEIVED = "received"  # filed; routed to an officer, not yet acknowledged
ACKNOWLEDGED = "acknowledged"  # an officer has taken it up
WAITING = "waiting"  # the officer asked the citizen a question; the charter's clock is paused
RESOLVED = "resolved"  # answered with a closing note; the citizen is asked if satisfied
CLOSED = "closed"  # the citizen said they were satisfied
APPEALED = "appealed"  # with the DED (the citizen was not satisfied, or the item breached)
# The DED decided (the citizen was told, with the route beyond); the department carries the
# decision out and reports back by `carry_out_due_at`.
APPEAL_DECIDED = "appeal_decided"
CARRIED_OUT = "carried_out"  # the department reported the DED's decision carried out
REFERRED = "referred"  # sent to an institution outside the council; off the council's clock

CLOCK_RUNNING = (RECEIVED, ACKNOWLEDGED)  # reminders and escalation apply
WORKING = (*CLOCK_RUNNING, WAITING)  # an officer can still act; a deadline is still owed
# Someone at the council still owes the citizen something.
OPEN = (*WORKING, APPEALED, APPEAL_DECIDED)
