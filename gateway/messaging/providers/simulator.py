"""The phone simulator's SMS adapter: every SMS is "delivered" to the outbox the simulator reads.

Nothing leaves the machine. The dispatcher marks each row sent with a "SIM..." message id, the
simulator page shows the row in that phone's inbox and posts Africa's Talking's delivery report
for it to the real /sms/delivery webhook, so the whole lifecycle runs as in production.
"""

from __future__ import annotations

import logging

from gateway.messaging.providers.console import ConsoleProvider

#: What every simulated message id starts with; the page only fakes delivery reports for these,
#: so a message that went through Africa's Talking for real is never reported delivered by it.
MESSAGE_ID_PREFIX = "SIM"


class SimulatorProvider(ConsoleProvider):
    """Accepts every SMS at once and writes one line per SMS, like the console adapter; its
    message ids tell the simulator page which messages it may report delivered."""

    id_prefix = MESSAGE_ID_PREFIX
    log = logging.getLogger(__name__)
