"""Names the task declaration needs at start-up (light: no adapters, no profile parsing)."""

from __future__ import annotations

DATAGOKR_KEY, BIZINFO_KEY = "datagokr-service-key", "bizinfo-crtfc-key"
FILE_NAME = "grant_profiles.toml"
ALL = "전체"  # the profile value meaning every profile
