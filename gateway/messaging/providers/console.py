"""The developer's SMS adapter: prints each SMS instead of sending it."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import TextIO

from charter.gsm7 import sms_parts
from gateway.messaging.providers.provider import SendResult, mask_phone, send_each


class ConsoleProvider:
    """Writes each SMS as one line to `stream` when given, else to this module's log."""

    id_prefix = "console-"
    log = logging.getLogger(__name__)

    def __init__(self, stream: TextIO | None = None) -> None:
        """Use `stream` (e.g. sys.stdout) for the lines, or the logger when it is None."""
        self._stream = stream

    def send(self, phone: str, text: str) -> SendResult:
        """Show the SMS and report it accepted, as a provider would."""
        message_id = f"{self.id_prefix}{uuid.uuid4().hex[:16]}"
        parts = sms_parts(text)
        # The full text is shown on purpose: this backend exists so a developer can read what a
        # citizen would get. The number is masked all the same, since consoles end up in logs.
        line = f"SMS {message_id} to={mask_phone(phone)} parts={parts}: {text!r}"
        if self._stream is not None:
            self._stream.write(line + "\n")
            self._stream.flush()
        else:
            self.log.info("%s", line)
        return SendResult("accepted", message_id=message_id, parts=parts, cost=None)

    def send_bulk(self, phones: Sequence[str], text: str) -> dict[str, SendResult]:
        """Show the SMS once per phone."""
        return send_each(self, phones, text)
