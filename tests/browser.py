"""Debian's Chromium for the browser tests, launched as DESIGN.md says (no downloads here), the
gateway served for it on a free port, and axe-core's accessibility check."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google on this closed network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
WIDTHS = (1280, 360)  # a desk's screen and a cheap Android phone
# Nothing wider than the screen: wide tables scroll inside their own box.
FITS_THE_SCREEN = "document.documentElement.scrollWidth <= window.innerWidth"


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app on 127.0.0.1:<free port>, in a thread, for the browser to reach; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


# WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices: by default axe leaves out the 2.2
# rules (target size, 24 by 24 px), so they are asked for by their tags.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each (none is clean).

    axe-playwright-python bundles axe-core and injects it through Playwright, so the page's own
    strict Content-Security-Policy is untouched.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": AXE_TAGS}}
    results = Axe().run(page, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
