"""Error pages (400, 403, 404, 405, 500, 503) in the console's style and language, with a way back.

A request that failed because the database is away (unreachable, too slow, or its connection
lost twice) is a 503, "try again in a minute", not a 500.

Registered on the app, not the console's blueprint: a mistyped /console/ address, the
simulator's refusals and the public results page get the same pages. Africa's Talking's
webhooks and the health check keep their plain-text answers.
"""

from __future__ import annotations

from flask import Flask, Response, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from gateway.web.console.auth import OFFICERS_PAGES
from gateway.web.pages import strict_headers
from store.database import lost_connection

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
    code = 503 if database_away(error) else error.code or 500
    public = not request.path.startswith(OFFICERS_PAGES)
    if public:  # a member of the public: no word of queues, and the way back is the results
        back, back_text = url_for("results.page"), "error_back_results"
    else:
        back, back_text = url_for("console.queue"), "error_back_queue"
    page = render_template(
        "console/error.html", code=code, back=back, back_text=back_text, public=public
    )
    return strict_headers(Response(page, status=code))


def database_away(error: HTTPException) -> bool:
    """Whether a 500 came from a database that is away, not from a mistake of ours."""
    cause = error.original_exception if isinstance(error, InternalServerError) else None
    return cause is not None and (isinstance(cause, OperationalError) or lost_connection(cause))
