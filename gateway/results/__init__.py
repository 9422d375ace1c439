"""The charter's results in public (Taarifa ya matokeo): /matokeo, its CSV and its JSON."""

from __future__ import annotations

from flask import Flask

from gateway.results.pages import bp


def init_app(app: Flask) -> None:
    """Serve the public results pages (no login)."""
    app.register_blueprint(bp)
