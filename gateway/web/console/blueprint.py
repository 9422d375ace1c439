"""The console's blueprint, on its own so every view module can import it without a cycle."""

from __future__ import annotations

from flask import Blueprint

# Templates live in gateway/web/templates/console/ and the stylesheet in gateway/web/static/,
# beside the simulator's; everything the console needs is served from here (no CDN, no web fonts).
bp = Blueprint(
    "console",
    __name__,
    url_prefix="/console",
    template_folder="../templates",
    static_folder="../static",
    static_url_path="/static",
)
