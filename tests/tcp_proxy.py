"""A TCP proxy the tests control, between the gateway and its PostgreSQL: the network's bad days.

`TcpProxy(port)` listens on 127.0.0.1 (a port of its own, `.port`) and forwards every
connection to 127.0.0.1:`port`. Then:

* `refuse()`: stop listening, so a new connection is refused (the database is down); current
  connections go on. `accept()` listens again on the same port and forwards again.
* `kill()`: close every current connection at once (a restart, a failover, killed backends);
  the gateway learns it on its next statement.
* `blackhole()`: a database whose packets are lost. A new connection is accepted and never
  answered: every byte is dropped. The current ones are cut: on a real network they would
  hang until TCP gave up on them (the engines' keepalives and user timeout), but this proxy's
  kernel acknowledges every byte it receives, so it cannot make them hang the way a dead
  network does; cutting them is what the gateway's own settings do to them there.
  `accept()` forwards new connections again.
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType

from sqlalchemy.engine import make_url

from tests.test_quick_start import free_port


class TcpProxy:
    """Forwards 127.0.0.1:<its port> to 127.0.0.1:`target`, until told otherwise."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = free_port()
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket | None]] = []
        self._silent = False
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self.accept()

    def url(self, database_url: str) -> str:
        """`database_url` (a PostgreSQL one on this machine) through this proxy."""
        through = make_url(database_url).set(host="127.0.0.1", port=self.port)
        return through.render_as_string(hide_password=False)

    def accept(self) -> None:
        """Listen (again) and forward new connections."""
        with self._lock:
            self._silent = False
            if self._listener is not None:
                return
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self._listener = listener
        self._start(self._accepting, listener)

    def refuse(self) -> None:
        """Stop listening: new connections are refused, current ones go on."""
        with self._lock:
            listener, self._listener = self._listener, None
        _close(listener)  # shut down first: that wakes the thread waiting in accept()

    def kill(self) -> None:
        """Close every current connection, as a database that dropped them all."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                _close(sock)

    def blackhole(self) -> None:
        """Answer no new connection (accept it, drop its bytes); cut the current ones."""
        with self._lock:
            self._silent = True
        self.kill()

    def close(self) -> None:
        """Stop listening and close everything."""
        self.refuse()
        self.kill()

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _start(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def _accepting(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # refused: the listener was closed
            with self._lock:
                silent = self._silent
            server = None
            if not silent:
                try:
                    server = socket.create_connection(("127.0.0.1", self.target))
                except OSError:
                    _close(client)
                    continue
            with self._lock:
                self._pairs.append((client, server))
            self._start(self._pump, client, server)
            if server is not None:
                self._start(self._pump, server, client)

    def _pump(self, source: socket.socket, sink: socket.socket | None) -> None:
        """Copy `source` to `sink` until either closes; drop the bytes while blackholed."""
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                _close(source)
                if sink is not None:
                    _close(sink)
                return
            if sink is None:
                continue  # a blackholed connection: the bytes are dropped
            try:
                sink.sendall(data)
            except OSError:
                _close(source)
                return


def _close(sock: socket.socket | None) -> None:
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
