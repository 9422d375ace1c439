"""How much server time one USSD step costs: whole complaint sessions through the Flask app.

Run: python bench/ussd_step.py [--sessions 200]   (DATABASE_URL picks the database; default a
fresh SQLite file). It times each request in-process (the WSGI call, the menu, the database
transaction), so the figure is our server time without the network. Results: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))

from flask import Flask  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench.filing_statements import bench_app  # noqa: E402
from store.models import Complaint  # noqa: E402


def run(sessions: int) -> dict[str, Any]:
    """File `sessions` complaints and return step timings in milliseconds: over all steps, and
    each step's median (the dial first, the filing last)."""
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        app = bench_app(url)
        client = app.test_client()
        answers = ["", "1", "5", "iwa", "Bomba la maji limevunjika tangu wiki iliyopita", "2", "1"]
        timings = []
        by_step: list[list[float]] = [[] for _ in answers]
        run_id = secrets.token_hex(4)  # a database used before must not replay old sessions
        filed_before = _filed(app)
        for number in range(sessions):
            phone = f"+2557{secrets.randbelow(10**8):08d}"
            for depth in range(len(answers)):
                text = "*".join(answers[1 : depth + 1])
                started = time.perf_counter()
                response = client.post(
                    "/ussd",
                    data={
                        "sessionId": f"ATUid_bench_{run_id}_{number}",
                        "serviceCode": "*152*25#",
                        "phoneNumber": phone,
                        "networkCode": "64004",
                        "text": text,
                    },
                )
                timings.append((time.perf_counter() - started) * 1000)
                by_step[depth].append(timings[-1])
                assert response.status_code == 200
            assert response.get_data(as_text=True).startswith("END Asante")  # filed, not an error
        assert _filed(app) - filed_before == sessions, "every session must file its complaint"
        timings.sort()
        return {
            "steps": len(timings),
            "median_ms": statistics.median(timings),
            "p95_ms": timings[int(len(timings) * 0.95)],
            "max_ms": timings[-1],
            "step_medians_ms": [statistics.median(step) for step in by_step],
        }


def _filed(app: Flask) -> int:
    with app.extensions["gateway"].engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(Complaint)) or 0)


def main() -> None:
    """Parse arguments, run, print one line of results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=200)
    result = run(parser.parse_args().sessions)
    backend = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    print(
        f"{backend}: {result['steps']} steps, median {result['median_ms']:.2f} ms, "
        f"p95 {result['p95_ms']:.2f} ms, max {result['max_ms']:.2f} ms; each step's median "
        f"(dial ... filing): {' '.join(f'{ms:.2f}' for ms in result['step_medians_ms'])} ms"
    )


if __name__ == "__main__":
    main()
