"""The gateway of the Flask app handling this request or command (the CLI's too)."""

from __future__ import annotations

from flask import current_app

from gateway.runtime import Gateway


def current_gateway() -> Gateway:
    """The gateway `create_app` built, from the app in context."""
    gateway: Gateway = current_app.extensions["gateway"]
    return gateway
