"""The entry point: `create_app()` for Flask and gunicorn; `python app.py` runs it all."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from datetime import UTC
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from gateway.config import ConfigError, load_config
from gateway.ops import cli, simulate
from gateway.ops.logs import configure_logging
from gateway.ops.scheduler import add_jobs
from gateway.runtime import build_gateway
from gateway.web import (
    console,
    errors,
    health,
    pages,
    prometheus,
    results,
    retries,
    simulator,
    sms,
    ussd,
)
from store.database import migrate


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then the environment, then `config` (tests' overrides).

    `config` may also carry SMS_PROVIDER, an SmsProvider object to use instead of the one the
    settings choose (the tests' fake).

    Only with MIGRATE_ON_START (the default on SQLite) does it touch the database; otherwise a
    worker boots while the database is away, and its first requests find it when it is back.
    """
    overrides = dict(config or {})
    provider = overrides.pop("SMS_PROVIDER", None)
    # Named "app", not __name__: run as `python /path/to/app.py`, __name__ is "__main__" and
    # Flask would put the instance folder under the working directory instead of beside app.py.
    app = Flask("app")
    settings = load_config({**os.environ, **overrides}, app.instance_path)
    app.instance_path = str(settings.instance)
    # Here, not in main(): gunicorn's workers and every `flask` command log the same way.
    configure_logging(settings.log_level, settings.log_format)
    gateway = build_gateway(settings, provider)
    if settings.migrate_on_start:
        migrate(gateway.engine)

    app.config["SECRET_KEY"] = settings.secret_key
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024  # no callback or form of ours comes near it
    app.extensions["gateway"] = gateway
    # POST /ussd, the busiest request, is answered before Flask's machinery (gateway/web/ussd.py).
    app.wsgi_app = ussd.UssdDoor(app)  # type: ignore[method-assign]
    if settings.trusted_proxies:
        # Behind nginx (say) terminating HTTPS: believe its X-Forwarded-Proto/-For/-Host, so the
        # console knows the request was HTTPS and marks its cookie Secure.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.register_blueprint(health.bp)
    app.register_blueprint(prometheus.bp)  # /metrics: loopback only, or with METRICS_TOKEN
    app.register_blueprint(ussd.bp)
    app.register_blueprint(sms.bp)
    pages.init_assets(app)  # asset(...): stylesheets and scripts by their fingerprint
    console.init_app(app)  # /console: officers' pages and the charter report
    errors.init_app(app)  # every error as a page in the console's style (webhooks keep text)
    results.init_app(app)  # /matokeo: the charter's results in public
    cli.register(app)
    simulator.init_app(app, settings)  # only when settings.simulator is on
    app.cli.add_command(simulate.simulate)
    retries.init_app(app)  # last: a GET or HEAD that lost its connection runs once more
    return app


def main() -> None:
    """Serve on 127.0.0.1:$PORT with the scheduler running in the same process."""
    try:
        app = create_app()
    except ConfigError as error:
        sys.exit(f"configuration error: {error}")
    gateway = app.extensions["gateway"]
    scheduler = add_jobs(BackgroundScheduler(timezone=UTC), gateway)
    scheduler.start()
    logging.getLogger("gateway").info(
        "serving on http://127.0.0.1:%d (database %s, sms %s)",
        gateway.config.port,
        gateway.engine.url.get_backend_name(),
        gateway.config.sms_backend,
    )
    try:
        app.run(host="127.0.0.1", port=gateway.config.port, threaded=True, use_reloader=False)
    finally:
        scheduler.shutdown(wait=False)


if __name__ == "__main__":
    main()
