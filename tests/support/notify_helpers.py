"""A RunContext wired to a temporary home, loopback gateways and in-memory secrets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.context import RunContext
from core.credentials import MemoryStore
from core.settings import Settings
from core.store import Store
from tests.support.notify_stubs import GatewayStub


def notify_settings(home: Path, stub: GatewayStub | None = None, **extra: Any) -> Settings:
    settings = Settings(home / "settings.toml")
    values = {
        "notify.sender_number": "031-760-1234",
        "notify.requests_per_second": 1000,
        "notify.backoff_seconds": 0,
        "network.timeout_seconds": 5,
        "network.proxy_mode": "none",
        "general.output_dir": str(home / "out"),
        "org.sido": "경기도",  # the texts are headed [광주시]: the 기관's name (core/org.py)
        "org.sigungu": "광주시",
    }
    if stub is not None:
        values["notify.solapi_base_url"] = stub.url
        values["notify.nhn_base_url"] = stub.url
    values.update(extra)
    for key, value in values.items():
        settings.set(key, value)
    return settings


def notify_ctx(
    home: Path, stub: GatewayStub | None = None, *, dry_run: bool = False, run_id: str = "run-1", **extra: Any
) -> RunContext:
    creds = MemoryStore({})
    if stub is not None:
        creds = MemoryStore(
            {
                "solapi-api-key": stub.api_key,
                "solapi-api-secret": stub.api_secret,
                "nhn-sms-app-key": stub.app_key,
                "nhn-sms-secret-key": stub.secret_key,
            }
        )
    return RunContext(
        store=Store(home / "haengbot.sqlite3"),
        settings=notify_settings(home, stub, **extra),
        credentials=creds,
        dry_run=dry_run,
        run_id=run_id,
    )
