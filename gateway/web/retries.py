"""A request that only reads (GET, HEAD) runs once more when the database dropped its
connection mid-way (a restart, a failover, killed backends): the reader sees the page, not an
error. Its before-request checks (the console's login) run again with it. A POST never runs
twice here: the USSD step retries itself (`gateway.channels.ussd_flow`), and a form's change
may have been committed before the connection went.
"""

from __future__ import annotations

import logging

from flask import Flask, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DBAPIError

from store.database import lost_connection

log = logging.getLogger(__name__)
IDEMPOTENT = frozenset({"GET", "HEAD"})


def init_app(app: Flask) -> None:
    """Run every idempotent request once more on a lost connection."""
    dispatch = app.full_dispatch_request

    def once_more() -> ResponseReturnValue:
        if request.method not in IDEMPOTENT:
            return dispatch()
        try:
            return dispatch()
        except DBAPIError as error:
            if not lost_connection(error):
                raise
            log.warning(
                "%s %s lost its database connection: once more", request.method, request.path
            )
            return dispatch()

    app.full_dispatch_request = once_more  # type: ignore[method-assign,assignment]
