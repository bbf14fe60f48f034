"""Loopback answers that a size or time limit must stop: a gzip bomb, a huge body, a trickle.

Every loop is bounded and stops by itself, and stops at once when the client hangs up, so a test
that fails never leaves a thread writing for minutes.
"""

from __future__ import annotations

import gzip
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MB = 1024 * 1024


@lru_cache(maxsize=4)
def gzip_bomb(decoded_mb: int) -> bytes:
    """*decoded_mb* MB of zeros gzip-compressed (64 MB → about 64 KB on the wire)."""
    out = io.BytesIO()
    block = b"\0" * MB
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        for _ in range(decoded_mb):
            gz.write(block)
    return out.getvalue()


def send_gzip_bomb(handler: BaseHTTPRequestHandler, decoded_mb: int = 64, ctype: str = "application/json") -> bool:
    data = gzip_bomb(decoded_mb)
    handler.send_response(200)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    return _write(handler, [data])


def send_huge(handler: BaseHTTPRequestHandler, size_mb: int = 300, ctype: str = "application/json") -> bool:
    """A *size_mb* MB body, written 1 MB at a time (the write fails as soon as the client closes)."""
    handler.send_response(200)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(size_mb * MB))
    handler.end_headers()
    block = b" " * MB
    return _write(handler, (block for _ in range(size_mb)))


def send_trickle(
    handler: BaseHTTPRequestHandler, total_bytes: int = 30, every: float = 2.0, ctype: str = "application/json"
) -> bool:
    """One byte every *every* seconds: each read returns before any per-read timeout."""
    handler.send_response(200)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(total_bytes))
    handler.end_headers()
    handler.wfile.flush()

    def drip() -> Iterator[bytes]:
        for _ in range(total_bytes):
            time.sleep(every)
            yield b" "

    return _write(handler, drip())


def _write(handler: BaseHTTPRequestHandler, blocks: Any) -> bool:
    """True when every block was written; False when the client hung up first."""
    try:
        for block in blocks:
            handler.wfile.write(block)
            handler.wfile.flush()
    except OSError:  # the client gave up: that is the point
        return False
    return True


class HostileServer:
    """``/bomb``, ``/huge``, ``/trickle`` and ``/ok``; ``options`` tunes sizes and pace per test."""

    def __init__(self, **options: Any) -> None:
        self.options = {"bomb_mb": 64, "huge_mb": 300, "trickle_bytes": 30, "trickle_every": 2.0, **options}
        self.finished: list[str] = []  # paths whose whole answer was written
        # Compressed here, not inside the request: 64 MB of gzip takes seconds on a loaded machine, longer than a
        # client's 1 s read timeout, and the bomb test then failed on the timeout instead of the size cap.
        gzip_bomb(self.options["bomb_mb"])
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                o = server.options
                done, path = True, self.path.split("?", 1)[0]
                if path == "/bomb":
                    done = send_gzip_bomb(self, o["bomb_mb"])
                elif path == "/huge":
                    done = send_huge(self, o["huge_mb"])
                elif path == "/trickle":
                    done = send_trickle(self, o["trickle_bytes"], o["trickle_every"])
                else:
                    body = b'{"ok": true}'
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                if done:
                    server.finished.append(path)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)


@contextmanager
def hostile_server(**options: Any) -> Iterator[HostileServer]:
    server = HostileServer(**options)
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.thread.join(5)
