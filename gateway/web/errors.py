"""Error pages (400, 403, 404, 405, 500) in the console's style and language, with a way back.

Registered on the app, not the console's blueprint: a mistyped /console/ address, the
simulator's refusals and the public results page get the same pages. Africa's Talking's
webhooks and the health check keep their plain-text answers.
"""

from __future__ import annotations

from flask import Flask, Response, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from gateway.web.pages import strict_headers

CODES = (400, 403, 404, 405, 500)
PLAIN = frozenset({"ussd", "sms", "health"})  # blueprints machines read: no page for them


def init_app(app: Flask) -> None:
    """Draw every listed error as a page."""
    for code in CODES:
        app.register_error_handler(code, error_page)


def error_page(error: HTTPException) -> ResponseReturnValue:
    """The error as a page: what happened, in words, and a link back where the reader was."""
    if request.blueprint in PLAIN:
        return error
    code = error.code or 500
    if request.path.startswith("/matokeo"):
        back, back_text = url_for("results.page"), "error_back_results"
    else:
        back, back_text = url_for("console.queue"), "error_back_queue"
    page = render_template("console/error.html", code=code, back=back, back_text=back_text)
    return strict_headers(Response(page, status=code))
