"""More than one server (issue 25): two gunicorn instances behind one nginx upstream and two
schedulers over one PostgreSQL database, one instance and one scheduler killed (SIGKILL) while
citizens file, and restarted. Every session told "filed" has its one item, no item twice, every
acknowledgement reached Africa's Talking once, nothing left queued.

PostgreSQL only: several servers share a database server, not a SQLite file.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import database_beside, is_postgres
from tests.fake_africastalking import FakeAfricasTalking
from tests.test_deploy import needs_nginx
from tests.two_servers import Farm, Filings, file_in_parallel, phone_of, received, wait_until

CITIZENS = 300  # filed while an instance and a scheduler are killed and restarted
LATER = 60  # filed once nginx uses the restarted instance again
THREADS = 6


@pytest.fixture
def shared_database_url(database_url: str) -> Iterator[str]:
    """A new PostgreSQL database of this test's own beside the suite's, left for the servers
    to migrate (they start at once: the advisory lock keeps their migrations apart)."""
    if not is_postgres(database_url):
        pytest.skip("more than one server shares a PostgreSQL database (DATABASE_URL=...)")
    with database_beside(database_url, "servers") as url:
        yield url


@needs_nginx
def test_two_servers_and_two_schedulers_file_each_complaint_once_through_kills(
    shared_database_url: str, tmp_path: Path
) -> None:
    filings = Filings()
    with (
        FakeAfricasTalking() as fake,
        Farm(tmp_path, shared_database_url, fake, SMS_DISPATCH_SECONDS="1") as farm,
    ):
        citizens = threading.Thread(
            target=file_in_parallel,
            args=(farm.https, farm.certificate, range(CITIZENS), THREADS, filings),
        )
        citizens.start()
        assert wait_until(lambda: len(filings.told) >= CITIZENS // 6, 60)
        farm.kill_web(0)  # mid-request, as it may be: nginx passes the step to the other
        farm.kill_scheduler_between_sends(0)
        assert wait_until(lambda: len(filings.told) >= CITIZENS // 3, 60)  # on one of each
        farm.start_web(0)
        farm.start_scheduler(0)
        citizens.join()
        # nginx tries the restarted instance again once its fail_timeout (10 s) has passed...
        restarted = f"127.0.0.1:{farm.ports[0]}"
        assert wait_until(lambda: farm.served_by("/healthz") == restarted, 30)
        # ...and then shares the citizens between both again.
        served_before = len(farm.access_log())
        file_in_parallel(
            farm.https, farm.certificate, range(CITIZENS, CITIZENS + LATER), THREADS, filings
        )
        later = {line.rsplit(" ", 1)[1] for line in farm.access_log()[served_before:]}
        assert wait_until(lambda: farm.outbox_left() == 0, 60), farm.rows(
            "SELECT id, status, attempts, due_at, failure_reason FROM outbox"
            " WHERE status NOT IN ('sent', 'failed')"
        )  # the schedulers left these queued

    # Every citizen was told "filed": nginx gave a step the killed instance dropped to the other.
    # A step whose answer was being sent when its instance was killed is cut mid-answer (nginx
    # cannot send it again once it began): at most one per thread, and only a connection's.
    cut = {why: n for why, n in filings.other.items() if why.startswith("connection:")}
    assert dict(filings.other) == cut and sum(cut.values()) <= THREADS
    assert len(filings.told) + sum(cut.values()) == CITIZENS + LATER
    assert {f"127.0.0.1:{port}" for port in farm.ports} <= later, (  # both served at the end
        farm.ports,
        (tmp_path / "error.log").read_text()[-4000:],  # nginx's word on any that failed
    )
    items = farm.rows("SELECT reference, phone FROM complaints")
    assert (
        len(items) == len({reference for reference, _ in items}) == len({p for _, p in items})
    )  # none twice: a reference each, a phone (a session) each
    told = {(reference, phone_of(number)) for number, reference in filings.told.items()}
    assert told <= set(items)  # each session's item is the one it was told, for its own phone
    # A session cut on its last step may have filed before the cut (its citizen gets the SMS);
    # one cut on an earlier step filed nothing. Nothing else is on file.
    assert {phone for _, phone in set(items) - told} <= {phone_of(n) for n in filings.cut}
    acknowledgements = received(fake)
    assert acknowledgements == {
        (phone, reference): 1 for reference, phone in items
    }  # each reached Africa's Talking once, and nothing else went out
    assert farm.rows("SELECT status, count(*) FROM outbox GROUP BY status") == [
        ("sent", len(items))
    ]
