"""The phone simulator's SMS adapter: every SMS is "delivered" to the outbox the simulator reads.

Nothing leaves the machine. The dispatcher marks each row sent with a "SIM..." message id, the
simulator page shows the row in that phone's inbox and posts Africa's Talking's delivery report
for it to the real /sms/delivery webhook, so the whole lifecycle runs as in production.
"""

from __future__ import annotations

import logging
import uuid
from typing import TextIO

from charter.gsm7 import sms_parts
from gateway.sms.provider import SendResult, mask_phone

log = logging.getLogger(__name__)

#: What every simulated message id starts with; the page only fakes delivery reports for these,
#: so a message that went through Africa's Talking for real is never reported delivered by it.
MESSAGE_ID_PREFIX = "SIM"


class SimulatorProvider:
    """Accepts every SMS at once and writes one line per SMS, like the console adapter."""

    def __init__(self, stream: TextIO | None = None) -> None:
        """Use `stream` (e.g. sys.stdout) for the lines, or the logger when it is None."""
        self._stream = stream

    def send(self, phone: str, text: str) -> SendResult:
        """Accept the SMS for the simulator's inbox and report it as a provider would."""
        message_id = f"{MESSAGE_ID_PREFIX}{uuid.uuid4().hex[:16]}"
        parts = sms_parts(text)
        # The text is shown on purpose, as with the console adapter: whoever runs the simulator
        # is reading what a citizen would get. The number is masked since consoles end up in logs.
        line = f"SMS {message_id} to={mask_phone(phone)} parts={parts}: {text!r}"
        if self._stream is not None:
            self._stream.write(line + "\n")
            self._stream.flush()
        else:
            log.info("%s", line)
        return SendResult("accepted", message_id=message_id, parts=parts, cost=None)
