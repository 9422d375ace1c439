"""The officers' web console under /console: the queue, items, filing on behalf, the charter
report and the charter-review survey. Swahili by default, with an English switch."""

from __future__ import annotations

from flask import Flask

from gateway.web.console import auth, filing, formats, items, queue, reports  # noqa: F401 (routes)
from gateway.web.console.auth import login_redirect, login_required
from gateway.web.console.blueprint import bp

__all__ = ["bp", "init_app", "login_redirect", "login_required"]


def init_app(app: Flask) -> None:
    """Register the console, with session cookies scripts cannot read and sites cannot send."""
    auth.init_cookies(app)
    app.register_blueprint(bp)
