"""Caps on what one HTTP response may cost: its decoded size and its total time.

A per-read timeout does not bound a feed that trickles one byte every two seconds, and a size check
on ``Content-Length`` does not bound a gzip bomb (510 KB on the wire, 1.19 GB decoded). So the body
is read in chunks *through the decoder* (urllib3 decodes at most one chunk at a time), with a running
count of decoded bytes and a deadline checked between chunks; ``read1`` returns whatever has arrived,
so a trickle cannot hide behind a large chunk size.
"""

from __future__ import annotations

import time

import requests

CHUNK = 64 * 1024
DEFAULT_MAX_MB = 50
DEFAULT_TOTAL_SECONDS = 120


class ResponseTooLarge(requests.RequestException):
    """The decoded body went over ``network.max_response_mb``."""

    def __init__(self, limit_bytes: int):
        super().__init__(f"response body over {limit_bytes} bytes")
        self.limit_bytes = limit_bytes


class ResponseTooSlow(requests.RequestException):
    """The whole response took longer than ``network.total_timeout_seconds``."""

    def __init__(self, seconds: float):
        super().__init__(f"response not complete within {seconds:g} s")
        self.seconds = seconds


def read_capped(resp: requests.Response, max_bytes: int, deadline: float, total_seconds: float) -> bytes:
    """Read a ``stream=True`` response's body, decoded, into ``resp.content``; close it on any excess.

    *deadline* is a ``time.monotonic()`` value set when the request was made, so the time spent
    waiting for the headers counts as well.
    """
    raw = resp.raw
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise ResponseTooSlow(total_seconds)
            chunk = raw.read1(CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise ResponseTooLarge(max_bytes)
            parts.append(chunk)
        if time.monotonic() > deadline:
            raise ResponseTooSlow(total_seconds)
    except (ResponseTooLarge, ResponseTooSlow):
        resp.close()  # drop the connection: draining it would read the rest of the excess
        raise
    except requests.RequestException:
        resp.close()
        raise
    except Exception as exc:  # urllib3's own errors (protocol, decode, read timeout) as requests would raise them
        resp.close()
        raise _as_requests_error(exc) from None
    body = b"".join(parts)
    resp._content = body  # what ``resp.content`` and ``resp.text`` return from now on
    resp._content_consumed = True
    raw.release_conn()
    return body


def _as_requests_error(exc: Exception) -> requests.RequestException:
    from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

    if isinstance(exc, ReadTimeoutError):
        return requests.exceptions.ReadTimeout(exc)
    if isinstance(exc, DecodeError):
        return requests.exceptions.ContentDecodingError(exc)
    if isinstance(exc, SSLError):
        return requests.exceptions.SSLError(exc)
    if isinstance(exc, ProtocolError | OSError):
        return requests.exceptions.ChunkedEncodingError(exc)
    return requests.RequestException(exc)
