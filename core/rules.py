"""Declared rules: an id, a Korean name, a legal basis, a severity, parameters and a vectorised predicate.

A task declares its rule set once, on the spec. The switches and parameters of every rule become
ordinary ``Param``s (``RuleSet.params``), so the CLI (``--param rule_R03=false``), the wizard, the
``describe`` page and 실행정보 all come from the same declaration. Naming, CLI-safe and flat:

- ``rule_<ID>``: the rule's switch (bool, on by default), e.g. ``rule_R05=false``;
- ``rule_<ID>_<name>``: one of the rule's own parameters, e.g. ``rule_R05_min_unpaid=2000``.

The predicate sees its own parameters under their short names (``min_unpaid``), merged over the
task's params, so a rule can also read a task-wide setting such as ``tolerance``.

This module imports no pandas: task packages declare their rules with it, and listing tasks stays
light (the engine that applies a rule set is ``core.rule_engine``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from core.korean import particle
from core.spec import Param, ParamType

if TYPE_CHECKING:
    import pandas as pd

RULE_PREFIX = "rule_"
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_LOCAL = re.compile(r"^[a-z][a-z0-9_]*$")


class Severity(StrEnum):
    """How urgently a clerk should act on a finding; the order is the order findings are listed in."""

    CAUTION = "주의"  # a likely breach: act on it
    CHECK = "확인"  # may well be fine: a clerk confirms
    NOTE = "참고"  # for information only

    @property
    def weight(self) -> int:
        """A finding's share of an entity's risk score (위험점수 = the weighted count)."""
        return {Severity.CAUTION: 3, Severity.CHECK: 2, Severity.NOTE: 1}[self]

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


# predicate(prepared tables by name, params) -> a Series of Korean reasons indexed by the matching row ids, or for a
# rule with ``also`` severities a DataFrame with columns 사유 and 심각도 (a Severity value per row).
Predicate = Callable[[Mapping[str, "pd.DataFrame"], Mapping[str, Any]], "pd.Series | pd.DataFrame"]


@dataclass(frozen=True)
class Rule:
    """One declared check. ``basis`` and ``help`` are shown to the clerk; statute tags stay in comments."""

    id: str  # stable, short, CLI-safe: "R01"
    name: str  # Korean, what a finding is called: "과소신고"
    basis: str  # the statute or guideline, as a clerk cites it
    severity: Severity
    predicate: Predicate
    params: tuple[Param, ...] = ()  # named locally ("min_unpaid"); exposed as rule_<ID>_<name>
    table: str = ""  # the prepared table whose row ids the predicate returns; "" = the only one
    evidence: str = ""  # which source of that table's rows is the evidence; "" = its first source
    help: str = ""  # what the rule finds, in a clerk's words
    # Lesser severities some of its findings may carry: such a predicate returns a DataFrame with
    # 사유 and 심각도 columns (e.g. 주의 strictly inside a hospital stay, 확인 on its first or last day).
    also: tuple[Severity, ...] = ()

    @property
    def severities(self) -> tuple[Severity, ...]:
        return (self.severity, *self.also)

    @property
    def severity_text(self) -> str:
        """'주의' or, for a rule with two, '주의; 확인' (the 규칙표 and the rule's switch help show this)."""
        return "; ".join(s.value for s in self.severities)

    @property
    def switch(self) -> str:
        """The name of the param that turns this rule on or off."""
        return f"{RULE_PREFIX}{self.id}"

    def param_name(self, local: str) -> str:
        return f"{RULE_PREFIX}{self.id}_{local}"

    @property
    def title(self) -> str:
        return f"{self.id} {self.name}"


@dataclass(frozen=True)
class RuleSetting:
    """A rule as one run applies it: on or off, and its own parameters by their short names."""

    rule: Rule
    enabled: bool
    values: Mapping[str, Any]


@dataclass(frozen=True)
class RuleSet:
    """Rules in the order a finding's 판정 is chosen (the first rule that matches a row names it)."""

    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for rule in self.rules:
            if not _ID.match(rule.id):
                raise ValueError(f"rule id {rule.id!r}: letters and digits only, starting with a letter")
            if rule.id.lower() in seen:
                raise ValueError(f"rule id {rule.id!r} declared twice")
            seen.add(rule.id.lower())
            for param in rule.params:
                if not _LOCAL.match(param.name):
                    raise ValueError(f"rule {rule.id} param {param.name!r}: lower-case letters, digits and _ only")

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def params(self) -> tuple[Param, ...]:
        """Each rule's switch, then its own parameters renamed ``rule_<ID>_<name>``: append these to the task's params."""
        out: list[Param] = []
        for rule in self.rules:
            out.append(
                Param(
                    rule.switch,
                    f"규칙 {rule.title} 적용",
                    ParamType.BOOL,
                    True,
                    f"끄면 '{rule.name}'{particle(rule.name, '을/를')} 찾지 않습니다(심각도 {rule.severity_text}). {rule.help}".strip(),
                    basis=rule.basis,
                )
            )
            out.extend(
                replace(p, name=rule.param_name(p.name), label=f"규칙 {rule.title}: {p.label}", basis=p.basis or rule.basis)
                for p in rule.params
            )
        return tuple(out)

    def settings(self, params: Mapping[str, Any]) -> list[RuleSetting]:
        """Every rule with its switch and parameters read from a run's resolved params (defaults when absent)."""
        out = []
        for rule in self.rules:
            enabled = params.get(rule.switch)
            values = {}
            for p in rule.params:
                given = params.get(rule.param_name(p.name))
                values[p.name] = p.default if given is None else given
            out.append(RuleSetting(rule, True if enabled is None else bool(enabled), values))
        return out
