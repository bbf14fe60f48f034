"""A web form on 127.0.0.1 that counts submissions, and can hold one without answering (the moment
between 'saved on the site' and 'confirmed in our ledger', where a kill leaves it 확인 필요)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

CHILD = Path(__file__).with_name("web_form_child.py")


class WebFormStub:
    def __init__(self, hold_case: str = "") -> None:
        self.hold_case = hold_case
        self.received: list[str] = []
        self.held = threading.Event()
        self.release = threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
                case = form["case"][0]
                stub.received.append(case)
                if case == stub.hold_case:
                    stub.held.set()
                    stub.release.wait(60)
                    return  # saved on the site, but no answer ever leaves
                body = f"접수번호 W-{len(stub.received):04d}".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/edu/save"
        self.thread = threading.Thread(target=self.server.serve_forever, name="web-form-stub", daemon=True)

    def __enter__(self) -> WebFormStub:
        self.thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)


def run_child(home: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAENGBOT_HOME": str(home)}
    return subprocess.run([sys.executable, str(CHILD), str(home), url], env=env, capture_output=True, text=True, timeout=120)


def kill_child_mid_submission(home: Path) -> list[str]:
    """Run the child until the form holds K002, SIGKILL it there; return what the site received."""
    env = {**os.environ, "HAENGBOT_HOME": str(home)}
    with WebFormStub(hold_case="K002") as stub:
        child = subprocess.Popen([sys.executable, str(CHILD), str(home), stub.url], env=env, text=True)
        try:
            assert stub.held.wait(60), "the child never submitted K002"
            os.kill(child.pid, signal.SIGKILL)
            child.wait(30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(30)
        assert child.returncode == -signal.SIGKILL
        return list(stub.received)
