"""Credential ids of the sources (light: read by the task declaration at start-up)."""

from __future__ import annotations

DATAGOKR_KEY, BIZINFO_KEY = "datagokr-service-key", "bizinfo-crtfc-key"
