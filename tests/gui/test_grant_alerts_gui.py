"""grant-alerts in the wizard: no files to give, its settings, a run against loopback sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import tomli_w
from gui_steps import WAIT_MS, click_next, open_window, open_wizard

from tests.helpers import sheet_rows
from tests.support.grant_servers import BIZINFO_KEY, ENCODING_KEY, EXPECTED_NEW, GrantServer


def test_grant_alerts_runs_from_the_wizard(qtbot, haengbot_home: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                           no_modal_dialogs: list) -> None:
    server = GrantServer().start()
    try:
        settings = server.settings()
        settings["network"] = {"proxy_mode": "none"}
        (haengbot_home / "settings.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
        # The run may happen in a worker process: keys as an unattended run gets them.
        monkeypatch.setenv("HAENGBOT_SECRET_DATAGOKR_SERVICE_KEY", ENCODING_KEY)
        monkeypatch.setenv("HAENGBOT_SECRET_BIZINFO_CRTFC_KEY", BIZINFO_KEY)
        window = open_window(qtbot)
        wizard = open_wizard(qtbot, window, "grant-alerts")
        while wizard.page is not wizard.params:
            click_next(qtbot, wizard)
        wizard.params.set_value("as_of", dt.date(2026, 11, 25))
        click_next(qtbot, wizard)
        assert wizard.page is wizard.check
        qtbot.waitUntil(lambda: not wizard.check.runner.busy(), timeout=WAIT_MS)
        click_next(qtbot, wizard)  # 실행
        qtbot.waitUntil(lambda: wizard.page is wizard.result, timeout=WAIT_MS)
        reply = wizard.state.reply
        assert reply.status == "done", reply
        summary = {item.label: item.value for item in reply.result.summary}
        assert summary["신규"] == len(EXPECTED_NEW) and summary["실패·건너뛴 출처"] == 0
        assert {r["공고명"] for r in sheet_rows(reply.output, "신규공모")} == EXPECTED_NEW
    finally:
        server.stop()
