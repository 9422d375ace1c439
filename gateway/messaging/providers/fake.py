"""The test SMS adapter: records what was sent and answers from a script."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Sequence

from charter.gsm7 import sms_parts
from gateway.messaging.providers.provider import SendResult, send_each


class FakeProvider:
    """Records every (phone, text) in `.sent`; returns `.script` results first, then accepted."""

    def __init__(self, script: Iterable[SendResult] = ()) -> None:
        """Start with the given results queued; an empty script accepts everything."""
        self.sent: list[tuple[str, str]] = []
        self.script: deque[SendResult] = deque(script)
        self._lock = threading.Lock()  # the dispatcher sends from several threads

    def send(self, phone: str, text: str) -> SendResult:
        """Record the SMS and return the next scripted result, or accept it as "fake-<n>"."""
        with self._lock:
            self.sent.append((phone, text))
            number = len(self.sent)
            scripted = self.script.popleft() if self.script else None
        if scripted is not None:
            return scripted
        # Numbered by call, so "fake-3" is always the third send whatever the script held.
        return SendResult("accepted", message_id=f"fake-{number}", parts=sms_parts(text), cost=None)

    def send_bulk(self, phones: Sequence[str], text: str) -> dict[str, SendResult]:
        """Record and answer each phone as `send` does."""
        return send_each(self, phones, text)
