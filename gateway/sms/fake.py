"""The test SMS adapter: records what was sent and answers from a script."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from charter.gsm7 import sms_parts
from gateway.sms.provider import SendResult


class FakeProvider:
    """Records every (phone, text) in `.sent`; returns `.script` results first, then accepted."""

    def __init__(self, script: Iterable[SendResult] = ()) -> None:
        """Start with the given results queued; an empty script accepts everything."""
        self.sent: list[tuple[str, str]] = []
        self.script: deque[SendResult] = deque(script)

    def send(self, phone: str, text: str) -> SendResult:
        """Record the SMS and return the next scripted result, or accept it as "fake-<n>"."""
        self.sent.append((phone, text))
        if self.script:
            return self.script.popleft()
        # Numbered by call, so "fake-3" is always the third send whatever the script held.
        return SendResult(
            "accepted", message_id=f"fake-{len(self.sent)}", parts=sms_parts(text), cost=None
        )
