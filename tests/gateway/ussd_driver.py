"""A phone for the tests: posts exactly what Africa's Talking posts to /ussd."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask.testing import FlaskClient

from tests.conftest import PHONE, SERVICE_CODE


@dataclass
class Dial:
    """One USSD session from one phone: each answer extends the cumulative `text`."""

    client: FlaskClient
    session_id: str
    phone: str = PHONE
    key: str | None = None
    inputs: list[str] = field(default_factory=list)
    screens: list[str] = field(default_factory=list)

    def post(self, text: str) -> str:
        """Send one callback with this cumulative text; return the reply body."""
        url = "/ussd" if self.key is None else f"/ussd?key={self.key}"
        response = self.client.post(
            url,
            data={
                "sessionId": self.session_id,
                "serviceCode": SERVICE_CODE,
                "phoneNumber": self.phone,
                "networkCode": "64004",
                "text": text,
            },
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.mimetype == "text/plain"
        body = response.get_data(as_text=True)
        assert body.startswith(("CON ", "END ")), body
        self.screens.append(body)
        return body

    def start(self) -> str:
        """The first request of the session (empty text)."""
        return self.post("")

    def answer(self, value: str) -> str:
        """Type one answer and send it."""
        self.inputs.append(value)
        return self.post("*".join(self.inputs))

    @property
    def screen(self) -> str:
        """The last screen shown."""
        return self.screens[-1]


def option(screen: str, label: str) -> str:
    """The number to press for the option labelled `label` on a screen ("5 Maji" -> "5")."""
    for line in screen.splitlines():
        match = re.match(r"^(?:CON |END )?(\d+)[.)]?\s+(.*)$", line)
        if match and match.group(2).strip().lower() == label.lower():
            return match.group(1)
    raise AssertionError(f"no option {label!r} on screen:\n{screen}")


def reference_on(screen: str) -> str:
    """The reference number shown on an END screen."""
    match = re.search(r"\b(\d{7,9})\b", screen)
    assert match, screen
    return match.group(1)


MORE_LABELS = ("zaidi", "more")


def choose(dial: Dial, label: str) -> str:
    """Press the option `label`, paging through "Zaidi/More" until it shows."""
    for _ in range(10):
        try:
            return dial.answer(option(dial.screen, label))
        except AssertionError:
            more = next((option(dial.screen, m) for m in MORE_LABELS if _has(dial.screen, m)), None)
            assert more is not None, f"{label!r} not found and no next page:\n{dial.screen}"
            dial.answer(more)
    raise AssertionError(f"{label!r} not found after 10 pages")


def _has(screen: str, label: str) -> bool:
    try:
        option(screen, label)
    except AssertionError:
        return False
    return True
