"""The officers' web console under /console: the queue, items, filing on behalf, the charter
report, the charter-review survey and the officers page (the desk's). Swahili by default, with
an English switch."""

from __future__ import annotations

from flask import Flask

from gateway.web.console import (  # noqa: F401  (routes)
    auth,
    filing,
    formats,
    items,
    officers,
    reports,
)
from gateway.web.console.auth import login_redirect, login_required
from gateway.web.console.blueprint import bp

__all__ = ["bp", "init_app", "login_redirect", "login_required"]


def init_app(app: Flask) -> None:
    """Register the console, with session cookies scripts cannot read and sites cannot send."""
    auth.init_cookies(app)
    app.register_blueprint(bp)
