"""An item's lifecycle (`Complaint.status`), and the groups of statuses the gateway asks about."""

from __future__ import annotations

RECEIVED = "received"  # filed; routed to an officer, not yet acknowledged
ACKNOWLEDGED = "acknowledged"  # an officer has taken it up
WAITING = "waiting"  # the officer asked the citizen a question; the charter's clock is paused
RESOLVED = "resolved"  # answered with a closing note; the citizen is asked if satisfied
CLOSED = "closed"  # the citizen said they were satisfied
APPEALED = "appealed"  # with the DED (the citizen was not satisfied, or the item breached)
APPEAL_DECIDED = "appeal_decided"  # the DED decided; the citizen was told the route beyond
REFERRED = "referred"  # sent to an institution outside the council; off the council's clock

CLOCK_RUNNING = (RECEIVED, ACKNOWLEDGED)  # reminders and escalation apply
WORKING = (*CLOCK_RUNNING, WAITING)  # an officer can still act; a deadline is still owed
OPEN = (*WORKING, APPEALED)  # someone at the council still owes the citizen something
