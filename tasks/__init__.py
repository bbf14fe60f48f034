"""The automations. Each module exposes ``SPEC``; listed explicitly so frozen builds find them all."""

from __future__ import annotations

import importlib

from core.registry import Registry

TASK_MODULES: tuple[str, ...] = (
    "tasks.overtime_pay",
    "tasks.local_income_tax",
    "tasks.grant_alerts",
    "tasks.welfare_sms",
    "tasks.ad_permit_expiry",
    "tasks.sports_facility_check",
    "tasks.car_inheritance_notice",
    "tasks.hygiene_training",
    "tasks.ordinance_review",
    "tasks.care_voucher_audit",
)

_registry: Registry | None = None


def registry() -> Registry:
    global _registry
    if _registry is None:
        _registry = Registry(importlib.import_module(name).SPEC for name in TASK_MODULES)
    return _registry
