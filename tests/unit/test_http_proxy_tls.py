"""The one HTTP session: a configured proxy is used (proved through a loopback proxy), TLS is verified
against the OS trust store (truststore), and keys in query strings never reach a log record."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import select
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from core.http import USER_AGENT, explain, make_session, redact_query, tls_context
from core.masking import SECRETS
from core.settings import Settings


class LoopbackProxy:
    """A tiny forward proxy: absolute-form GET is answered itself, CONNECT is tunnelled to the target."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                proxy.seen.append(f"GET {self.path}")
                body = b"via loopback proxy"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_CONNECT(self) -> None:
                proxy.seen.append(f"CONNECT {self.path}")
                host, _, port = self.path.rpartition(":")
                try:
                    upstream = socket.create_connection((host, int(port)), timeout=5)
                except OSError:
                    self.send_error(502)
                    return
                self.send_response(200, "Connection established")
                self.end_headers()
                self.wfile.flush()
                conns = [self.connection, upstream]
                try:
                    while True:
                        ready, _, _ = select.select(conns, [], [], 5)
                        if not ready:
                            break
                        for sock in ready:
                            data = sock.recv(65536)
                            if not data:
                                return
                            (upstream if sock is self.connection else self.connection).sendall(data)
                finally:
                    upstream.close()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture()
def proxy() -> Iterator[LoopbackProxy]:
    p = LoopbackProxy()
    yield p
    p.stop()


def _settings(**values: Any) -> Settings:
    s = Settings()
    for key, value in values.items():
        s.set(key.replace("__", "."), value)
    return s


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    """An in-house root that also serves localhost, like an office TLS-inspection certificate."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "localhost"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "시청 보안장비 (test)"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "office-root.pem", tmp / "office-root.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


class TlsServer:
    def __init__(self, cert: Path, key: Path):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                body = b"hello over tls"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


# ------------------------------------------------------------------------------------------ proxy
def test_configured_proxy_carries_plain_http(proxy: LoopbackProxy) -> None:
    session = make_session(_settings(network__proxy_mode="manual", network__proxy_url=proxy.url), retries=0)
    # The host does not exist: only a proxy can answer.
    resp = session.get("http://grants.example.invalid/rss/pressrelease.xml")
    assert resp.text == "via loopback proxy"
    assert proxy.seen == ["GET http://grants.example.invalid/rss/pressrelease.xml"]
    assert session.trust_env is False  # the manual proxy wins over HTTP(S)_PROXY in the environment


def test_configured_proxy_carries_https_as_connect_and_tls_is_verified(proxy: LoopbackProxy, tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    server = TlsServer(cert, key)
    try:
        session = make_session(_settings(network__proxy_mode="manual", network__proxy_url=proxy.url), retries=0)
        with pytest.raises(requests.exceptions.SSLError) as err:
            session.get(f"https://localhost:{server.port}/feed")
        assert proxy.seen == [f"CONNECT localhost:{server.port}"]
        assert "인증서를 확인하지 못했습니다" in str(explain(err.value, "정책브리핑"))
    finally:
        server.stop()


def test_refused_proxy_is_explained_in_korean() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    session = make_session(_settings(network__proxy_mode="manual", network__proxy_url=f"http://127.0.0.1:{port}"), retries=0)
    with pytest.raises(requests.exceptions.ProxyError) as err:
        session.get("http://grants.example.invalid/")
    assert "프록시가 연결을 거부했습니다" in str(explain(err.value, "보탬e"))


# ------------------------------------------------------------------------------------------ TLS
def test_tls_verification_is_on_with_the_os_trust_store() -> None:
    truststore = pytest.importorskip("truststore")
    session = make_session(_settings())
    ctx = tls_context(session)
    assert isinstance(ctx, truststore.SSLContext)
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname is True
    assert session.verify is True


def test_an_office_root_in_the_os_store_is_trusted(proxy: LoopbackProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the in-house root where OpenSSL's default store looks (SSL_CERT_FILE on Linux) and the same
    request goes through: the session trusts the OS store, not a bundled certifi list."""
    import sys

    if sys.platform != "linux":
        pytest.skip("SSL_CERT_FILE stands in for the OS store on Linux only")
    cert, key = _self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    server = TlsServer(cert, key)
    try:
        session = make_session(_settings(network__proxy_mode="manual", network__proxy_url=proxy.url), retries=0)
        assert session.get(f"https://localhost:{server.port}/feed").text == "hello over tls"
        with pytest.raises(requests.exceptions.SSLError):  # certifi alone does not know the office root
            requests.get(f"https://localhost:{server.port}/feed", proxies={"https": proxy.url}, timeout=5)
    finally:
        server.stop()


def test_user_agent_is_a_legal_header_value() -> None:
    USER_AGENT.encode("latin-1")


# ------------------------------------------------------------------------------------------ logs
def test_library_log_records_never_carry_a_key(caplog: pytest.LogCaptureFixture) -> None:
    key = "Zz9+LogKey/abc=="
    SECRETS.add(key)

    class Echo(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    try:
        session = make_session(_settings(network__proxy_mode="none"), retries=0)
        with caplog.at_level(logging.DEBUG, logger="urllib3"):
            session.get(f"http://127.0.0.1:{httpd.server_address[1]}/api", params={"serviceKey": key, "pageNo": 1})
    finally:
        httpd.shutdown()
        httpd.server_close()
    text = caplog.text
    assert "/api?serviceKey=********&pageNo=1" in text  # urllib3 logged the request line, scrubbed
    assert key not in text and "Zz9%2BLogKey" not in text
    assert redact_query("x?crtfcKey=abc123&a=1") == "x?crtfcKey=********&a=1"
