"""gunicorn's settings for the gateway. gunicorn reads ./gunicorn.conf.py from the folder it
starts in (its --config default), so gunicorn started in the checkout, as deploy/'s unit does,
gets them; started elsewhere, give it --config /path/to/gunicorn.conf.py.

- /metrics sums every worker's counts (prometheus_client's multiprocess mode). The workers
  write them in PROMETHEUS_MULTIPROC_DIR, emptied here as gunicorn starts (an earlier run's
  counts go, as any restarted process's do); when it is not set, gunicorn makes a folder of its
  own in the temporary folder, and removes it when it stops.
- Each worker, once it has loaded the app, moves everything loaded so far (the charter, the
  models, SQLAlchemy's compiled statements) out of the garbage collector's sight (gc.freeze):
  a full collection then walks a request's objects, not the whole app's. Unfrozen, one came
  about every 500 filing sessions and held the worker for about 90 ms (bench/RESULTS.md).
- With LOG_FORMAT=json, gunicorn's own lines (starting, a worker booting or timing out) are
  JSON too, one object a line, like the gateway's.

Nothing here imports prometheus_client: a worker must find PROMETHEUS_MULTIPROC_DIR set before
it first imports it.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gateway.ops.logs import gunicorn_logging

METRICS = "PROMETHEUS_MULTIPROC_DIR"
_made: list[str] = []  # the folder gunicorn made for the metrics, removed when it stops


def on_starting(server: Any) -> None:
    """Before the first worker: the metrics folder, made if needed, and emptied."""
    folder = os.environ.get(METRICS, "").strip()
    if not folder:
        folder = tempfile.mkdtemp(prefix=f"gateway-metrics-{os.getpid()}-")  # the master's
        os.environ[METRICS] = folder  # the workers, forked after this, inherit it
        _made.append(folder)
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.db"):
        old.unlink(missing_ok=True)


def post_worker_init(worker: Any) -> None:
    """The worker has loaded the app: what it holds now lives as long as the worker."""
    gc.freeze()


def on_exit(server: Any) -> None:
    """As gunicorn stops: the folder it made goes with it."""
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)


if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    logconfig_dict = gunicorn_logging(os.environ.get("LOG_LEVEL", "INFO"))
