"""The four sources, each a small adapter: request, parse its documented shape, return ``Grant`` records.

Formats: shared/reference/external-apis.md §2.1–2.5. Base URLs are settings (a closed network points
them at a relay, tests at loopback); keys come from the keyring or ``HAENGBOT_SECRET_*``.
Every failure is a ``SourceError`` with a Korean reason; the task turns it into a warning.
"""

from __future__ import annotations

from tasks.grant_alerts.keys import BIZINFO_KEY, DATAGOKR_KEY
from tasks.grant_alerts.sources.base import BIZINFO, BOTAME, KSTARTUP, RSS, Call, Source
from tasks.grant_alerts.sources.bizinfo import fetch_bizinfo
from tasks.grant_alerts.sources.botame import fetch_botame
from tasks.grant_alerts.sources.kstartup import fetch_kstartup
from tasks.grant_alerts.sources.rss import fetch_rss, rss_feeds

SOURCES = (
    Source("botame", BOTAME, DATAGOKR_KEY, fetch_botame),
    Source("bizinfo", BIZINFO, BIZINFO_KEY, fetch_bizinfo),
    Source("kstartup", KSTARTUP, DATAGOKR_KEY, fetch_kstartup),
)

__all__ = [
    "BIZINFO",
    "BIZINFO_KEY",
    "BOTAME",
    "DATAGOKR_KEY",
    "KSTARTUP",
    "RSS",
    "SOURCES",
    "Call",
    "Source",
    "fetch_bizinfo",
    "fetch_botame",
    "fetch_kstartup",
    "fetch_rss",
    "rss_feeds",
]
