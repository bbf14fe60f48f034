"""Apply a declared rule set to prepared tables: findings, per-entity roll-ups, summary counts and the 규칙표.

Every task with rules used to write its own outcome, highlight and summary code; here it is once.
Work is per rule and per entity group, never per row: each predicate is one vectorised call, and
the findings of all rules are concatenated, sorted and grouped by pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from core.params import show_value
from core.result import FINDING, INT, MONEY, NOTE, WARNING, Result, ResultTable, SummaryItem
from core.rules import Rule, RuleSet, RuleSetting, Severity

if TYPE_CHECKING:
    from core.reader import Table

HIGHLIGHT = {Severity.CAUTION.value: FINDING, Severity.CHECK.value: WARNING, Severity.NOTE.value: NOTE}
FINDINGS_SHEET = "찾은 건"
RULE_SHEET = "규칙표"
FINDING_COLUMNS = ["규칙", "규칙명", "심각도", "근거", "사유", "파일", "시트", "행"]


@dataclass(frozen=True)
class Source:
    """Where a prepared table's rows came from: the file and sheet, and the column holding each row's Excel row."""

    file: str
    sheet: str | None
    row_column: str


@dataclass
class RuleFrame:
    """A table the rules read, and the sources its rows can cite as evidence (a matched pair has two)."""

    df: pd.DataFrame
    sources: dict[str, Source]
    # Adds the shown columns (a masked number, a name) to a slice of rows. The engine calls it on the
    # matching rows only, so what a finding shows costs nothing for the rows no rule matched.
    show: Callable[[pd.DataFrame], pd.DataFrame] | None = None

    @classmethod
    def from_table(cls, table: Table) -> RuleFrame:
        """The readable rows of one input, citing its file, sheet and Excel rows."""
        return cls(table.valid(), {table.name: Source(table.file.name, table.sheet, "_row")})


@dataclass(frozen=True)
class Entity:
    """Who findings are rolled up by (사람, 기관). ``key`` is a hidden column that tells two entities apart
    when the shown columns may not (two people with the same masked number and name)."""

    title: str  # "사람별": the roll-up sheet is "사람별 집계"
    columns: tuple[str, ...]
    key: str | None = None
    name: str = ""  # the sheet's name when a task's contract fixes it ("수급자별"); "" = "<title> 집계"

    @property
    def sheet(self) -> str:
        return self.name or f"{self.title} 집계"


@dataclass
class RuleReport:
    """What the engine found; ``add_to`` puts it on a task's Result."""

    findings: ResultTable
    rollups: list[ResultTable]
    rule_table: ResultTable
    summary: list[SummaryItem]
    warnings: list[str]
    reasons: dict[str, pd.Series] = field(default_factory=dict)  # rule id -> reasons by matching row id (rules that ran)
    settings: list[RuleSetting] = field(default_factory=list)

    def first_hit(self, index: pd.Index, default: str, *, table: str = "") -> pd.Series:
        """Per row id: the name of the first rule (in declared order) that matched it, else *default*.

        A task whose rows get one 판정 (local-income-tax's 대사결과) takes it from here.
        """
        out = pd.Series(default, index=index, dtype=object)
        for setting in reversed(self.settings):
            rule = setting.rule
            if rule.id in self.reasons and (not table or rule.table in ("", table)):
                out.loc[self.reasons[rule.id].index.intersection(index)] = rule.name
        return out

    def add_to(self, result: Result) -> Result:
        """Findings and roll-ups as extra sheets, the 규칙표, the counts for 요약 and the warnings."""
        result.rule_tables = [self.findings, *self.rollups]
        result.rule_table = self.rule_table
        result.rule_summary = list(self.summary)
        result.warnings.extend(self.warnings)
        return result


def apply_rules(
    rule_set: RuleSet,
    tables: Mapping[str, RuleFrame],
    params: Mapping[str, Any],
    *,
    columns: Sequence[str] = (),
    entities: Sequence[Entity] = (),
    findings_sheet: str = FINDINGS_SHEET,
    location: str | None = None,
    amount: str | None = None,
    skipped: Mapping[str, str] | None = None,
) -> RuleReport:
    """Run every enabled rule once over *tables*; *columns* are shown on each finding, *entities* rolled up.

    A task whose sheets are a contract names the findings sheet (*findings_sheet*) and may show the
    evidence's file, sheet and row as one column (*location*, e.g. "원본 위치"). With *amount* (a money
    column of the rules' rows) each roll-up adds 관련 금액: that column summed over the distinct rows
    the entity's findings cite. *skipped* maps a rule id to why it could not run (its input was not
    given): it is not applied, and the 규칙표 and the warnings say why.
    """
    settings = rule_set.settings(params)
    skipped = dict(skipped or {})
    frames = {name: prepared.df for name, prepared in tables.items()}
    keys = [e.key for e in entities if e.key]
    carried = list(dict.fromkeys([*columns, *(c for e in entities for c in e.columns), *keys, *([amount] if amount else [])]))
    parts: list[pd.DataFrame] = []
    found_reasons: dict[str, pd.Series] = {}
    for order, setting in enumerate(settings):
        if not setting.enabled or setting.rule.id in skipped:
            continue
        rule = setting.rule
        prepared = _table_of(rule, tables)
        returned = rule.predicate(frames, {**params, **setting.values})
        reasons, severity = _check_hits(rule, returned, prepared.df)
        found_reasons[rule.id] = reasons
        parts.append(_findings_of(rule, order, reasons, severity, prepared, carried))
    shown = [*FINDING_COLUMNS, *columns]
    if parts:
        found = pd.concat(parts, ignore_index=True, sort=False)
        found = found.sort_values(["_rank", "_order", "_pos"], kind="stable").reset_index(drop=True)
    else:
        found = pd.DataFrame(columns=list(dict.fromkeys([*shown, *carried, "_rank", "_order", "_pos", "_table"])))
    sheet = found[shown].copy()
    formats = {"행": INT}
    if location:
        sheet = _with_location(sheet, location)
        formats = {}
    findings = ResultTable(
        findings_sheet,
        sheet,
        formats,
        "심각도",
        HIGHLIGHT,
        note="규칙마다 찾은 건을 한 줄씩 적었습니다. 한 행이 여러 규칙에 걸리면 여러 줄입니다.",
    )
    counts = found.groupby(["규칙", "심각도"], sort=False).size() if len(found) else pd.Series(dtype="int64")
    return RuleReport(
        findings=findings,
        rollups=[_rollup(found, entity, amount) for entity in entities],
        rule_table=_rule_table(settings, counts, skipped),
        summary=_summary(settings, counts, skipped),
        warnings=_warnings(settings, skipped),
        reasons=found_reasons,
        settings=settings,
    )


def _with_location(sheet: pd.DataFrame, name: str) -> pd.DataFrame:
    """파일, 시트 and 행 as one column ("결제.xlsx / 결제 / 12행"; a CSV has no sheet), after the shown columns."""
    rows = sheet["행"].astype("Int64").astype("string").fillna("")
    sheet_part = sheet["시트"].fillna("").astype(str)
    text = sheet["파일"].astype(str) + np.where(sheet_part != "", " / " + sheet_part, "") + " / " + rows + "행"
    out = sheet.drop(columns=["파일", "시트", "행"])
    out[name] = text.astype(object).to_numpy()
    return out


def _table_of(rule: Rule, tables: Mapping[str, RuleFrame]) -> RuleFrame:
    if rule.table:
        return tables[rule.table]
    if len(tables) != 1:
        raise ValueError(f"rule {rule.id} must name its table: there are {len(tables)}")
    return next(iter(tables.values()))


def _check_hits(rule: Rule, returned: Any, df: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """(reasons, severity per row). A predicate that returns anything but reasons for rows of its table, or a
    severity its rule does not declare, is a bug in the task, caught here."""
    if rule.also and isinstance(returned, pd.DataFrame) and {"사유", "심각도"} <= set(returned.columns):
        reasons = returned["사유"]
        severity = returned["심각도"].astype(str).to_numpy(dtype=object)
        allowed = {s.value for s in rule.severities}
        if not set(severity) <= allowed:
            raise ValueError(f"rule {rule.id}: severities {sorted(set(severity) - allowed)} are not declared on the rule")
    elif isinstance(returned, pd.Series):
        reasons = returned
        severity = np.full(len(returned), rule.severity.value, dtype=object)
    else:
        wanted = "a Series of reasons" + (" or a DataFrame of 사유 and 심각도" if rule.also else "")
        raise TypeError(f"rule {rule.id}: the predicate must return {wanted}, not {type(returned).__name__}")
    if not reasons.index.is_unique or not reasons.index.isin(df.index).all():
        raise ValueError(f"rule {rule.id}: the predicate returned row ids that are not unique rows of its table")
    return reasons, severity


_RANK = {s.value: s.rank for s in Severity}


def _findings_of(
    rule: Rule, order: int, reasons: pd.Series, severity: np.ndarray, prepared: RuleFrame, extra: Sequence[str]
) -> pd.DataFrame:
    rows = prepared.df.loc[reasons.index]
    if prepared.show is not None:
        rows = prepared.show(rows)
    source = prepared.sources[rule.evidence] if rule.evidence else next(iter(prepared.sources.values()))
    n = len(rows)
    part = pd.DataFrame(
        {
            "규칙": np.full(n, rule.id, dtype=object),
            "규칙명": np.full(n, rule.name, dtype=object),
            "심각도": severity,
            "근거": np.full(n, rule.basis, dtype=object),
            "사유": reasons.astype(object).to_numpy(),
            "파일": np.full(n, source.file, dtype=object),
            "시트": np.full(n, source.sheet, dtype=object),  # None for a CSV: a blank cell
            "행": pd.array(rows[source.row_column].to_numpy(), dtype="Int64"),
            "_rank": pd.Series(severity, dtype=object).map(_RANK).to_numpy(dtype="int64") if n else np.zeros(0, "int64"),
            "_order": order,
            "_pos": prepared.df.index.get_indexer(reasons.index),
            "_table": rule.table,
        }
    )
    for col in extra:
        if col not in part:
            part[col] = rows[col].to_numpy() if col in rows else None
    return part


AMOUNT = "관련 금액"


def _rollup(found: pd.DataFrame, entity: Entity, amount: str | None = None) -> ResultTable:
    """One row per entity with findings: counts per severity, the rule ids hit, and 위험점수 (the weighted count)."""
    by = [entity.key] if entity.key else list(entity.columns)
    severities = [s.value for s in Severity]
    out_columns = [*entity.columns, "건수", *severities, "위험점수", "최고 심각도", "규칙", *([AMOUNT] if amount else [])]
    formats = {**_rollup_formats(), **({AMOUNT: MONEY} if amount else {})}
    if found.empty:
        return ResultTable(entity.sheet, pd.DataFrame(columns=out_columns), formats, "최고 심각도", HIGHLIGHT)
    found = found.assign(_weight=found["_rank"].map({s.rank: s.weight for s in Severity}), _seq=np.arange(len(found)))
    groups = found.groupby(by, sort=False, dropna=False)
    out = groups[list(entity.columns)].first() if entity.key else pd.DataFrame(index=groups.size().index)
    out["건수"] = groups.size()
    per = found.groupby([*by, "심각도"], sort=False, dropna=False).size().unstack("심각도")
    for sev in severities:
        out[sev] = (per[sev] if sev in per else pd.Series(0, index=per.index)).reindex(out.index).fillna(0).astype("int64")
    out["위험점수"] = groups["_weight"].sum()
    out["최고 심각도"] = groups["_rank"].min().map({s.rank: s.value for s in Severity})
    out["규칙"] = _rule_ids(found, by).reindex(out.index)
    if amount:  # each cited row once, however many rules it broke
        distinct = found.drop_duplicates([*by, "_table", "_pos"])
        out[AMOUNT] = distinct.groupby(by, sort=False, dropna=False)[amount].sum().reindex(out.index).fillna(0).astype("int64")
    out["_first"] = groups["_seq"].min()  # where each entity first appears in the sorted findings
    out = out.sort_values(["위험점수", "건수", "_first"], ascending=[False, False, True], kind="stable")
    out = out.reset_index(drop=bool(entity.key))
    return ResultTable(
        entity.sheet,
        out[out_columns].reset_index(drop=True),
        formats,
        "최고 심각도",
        HIGHLIGHT,
        note=f"{entity.title}로 모은 찾은 건입니다. 위험점수 = 주의 3점, 확인 2점, 참고 1점의 합.",
    )


def _rule_ids(found: pd.DataFrame, by: list[str]) -> pd.Series:
    """ "R01, R03" per entity, in declared order: one column per rule (a handful), never a Python call per entity."""
    hit = found.groupby([*by, "_order"], sort=False, dropna=False).size().unstack("_order", fill_value=0)
    names = found.drop_duplicates("_order").set_index("_order")["규칙"]
    text = pd.Series("", index=hit.index, dtype=object)
    for order in sorted(hit.columns):
        text = text + np.where(hit[order].to_numpy() > 0, names[order] + ", ", "")
    return text.str.slice(0, -2)


def _rollup_formats() -> dict[str, str]:
    return {c: INT for c in ("건수", *(s.value for s in Severity), "위험점수")}


def _count(counts: pd.Series, rule_id: str, severity: str | None = None) -> int:
    """Findings of one rule (of one severity) from the (규칙, 심각도) counts."""
    if counts.empty:
        return 0
    if severity is None:
        return int(counts[counts.index.get_level_values(0) == rule_id].sum())
    return int(counts.get((rule_id, severity), 0))


def _rule_table(settings: Sequence[RuleSetting], counts: pd.Series, skipped: Mapping[str, str]) -> ResultTable:
    """Every declared rule, applied or not, with the values this run used: the audit of what was checked."""
    rows = []
    for setting in settings:
        rule = setting.rule
        shown = "; ".join(f"{p.label}({rule.param_name(p.name)}) = {show_value(setting.values[p.name], p)}" for p in rule.params)
        ran = setting.enabled and rule.id not in skipped
        applied = "예" if ran else ("아니오" if not setting.enabled else f"아니오({skipped[rule.id]})")
        rows.append(
            {
                "규칙": rule.id,
                "규칙명": rule.name,
                "심각도": rule.severity_text,
                "근거": rule.basis,
                "설정": shown,
                "적용": applied,
                "찾은 건수": _count(counts, rule.id) if ran else None,
            }
        )
    df = pd.DataFrame(rows, columns=["규칙", "규칙명", "심각도", "근거", "설정", "적용", "찾은 건수"])
    df["찾은 건수"] = df["찾은 건수"].astype("Int64")
    return ResultTable(
        RULE_SHEET,
        df,
        {"찾은 건수": INT},
        note="이 실행에 쓴 규칙과 그 설정입니다. 끈 규칙은 '적용'이 '아니오'이고 찾은 건수가 비어 있습니다.",
    )


def _summary(settings: Sequence[RuleSetting], counts: pd.Series, skipped: Mapping[str, str]) -> list[SummaryItem]:
    """Per severity the findings of the rules that ran, and under each the count of every such rule."""
    items: list[SummaryItem] = []
    for severity in Severity:
        applied = [s.rule for s in settings if s.enabled and s.rule.id not in skipped and severity in s.rule.severities]
        if not applied:
            continue
        total = sum(_count(counts, r.id, severity.value) for r in applied)
        items.append(SummaryItem(f"규칙 '{severity.value}' 찾은 건수", total, HIGHLIGHT[severity.value]))
        items.extend(SummaryItem(f"  {r.title}", _count(counts, r.id, severity.value)) for r in applied)
    return items


def _warnings(settings: Sequence[RuleSetting], skipped: Mapping[str, str]) -> list[str]:
    out = []
    off = [s.rule.title for s in settings if not s.enabled]
    if off:
        out.append(f"꺼 둔 규칙은 확인하지 않았습니다: {', '.join(off)}. '{RULE_SHEET}' 시트에 적용 여부가 있습니다.")
    missing = [f"{s.rule.title}({skipped[s.rule.id]})" for s in settings if s.enabled and s.rule.id in skipped]
    if missing:
        out.append(f"입력이 없어 확인하지 못한 규칙: {', '.join(missing)}.")
    return out


def won_text(values: pd.Series) -> pd.Series:
    """Whole won as a clerk writes them (1,234,567), for a column at once: predicates build their reasons with it."""
    text = pd.Series(values).astype("Int64").astype("string")
    return text.str.replace(r"(?<=\d)(?=(?:\d{3})+$)", ",", regex=True).fillna("").astype(object)
