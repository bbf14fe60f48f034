"""판정 labels of local-income-tax, and the rules that give them (core.rules).

Each finding outcome is a declared rule; 정상 is what a person-year gets when no rule matches. The rule
set's order is the precedence of 판정 (the first rule that matches names the row on 대사결과), and
its predicates live in ``checks.py``. Kept apart from ``task.py`` so that declaring the task (the
launcher, ``main.py list``) imports no pandas.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.rules import Rule, RuleSet, Severity
from core.spec import Param, ParamType, lazy

NORMAL, NO_FILING, UNDER, OVER, UNPAID, AMENDED, DOMICILE, LOCAL_ONLY = (
    "정상",
    "무신고",
    "과소신고",
    "과다신고",
    "미납/일부납부",
    "국세 수정 미반영",
    "납세지 확인",
    "지방만 존재",
)
OUTCOMES = (NO_FILING, UNDER, AMENDED, OVER, UNPAID, DOMICILE, LOCAL_ONLY, NORMAL)
LOCAL_TAX = "지방소득세 신고세액"  # the local side's column: a canonical name with a space


def _check(name: str) -> Callable[..., Any]:
    return lazy(f"tasks.local_income_tax.checks:{name}")


# Rule ids are stable: a clerk turns one off with --param rule_R05=false, and 규칙표 cites them.
# Predicates are written so that two rules match one person-year only when both are true findings
# (과소신고 and 미납 together); 납세지 확인 takes a person out of the amount rules, as it always did.
RULES = RuleSet(
    (
        Rule(
            "R01",
            NO_FILING,
            "지방세법 제95조①, 지방세기본법 제53조",  # [L] 신고의무; 무신고가산세 20%
            Severity.CAUTION,
            _check("no_filing"),
            evidence="nts",
            help="국세 신고가 있고 지방소득세 산정액이 있는데 지방 신고가 없는 사람을 찾습니다.",
        ),
        Rule(
            "R02",
            UNDER,
            "지방세법 제92조, 지방세기본법 제54조",  # [L] 세율 1/10; 과소신고가산세 10%
            Severity.CAUTION,
            _check("under_reported"),
            evidence="local",
            help="지방 신고세액이 산정액(국세 결정세액의 10%, 10원 미만 버림)보다 허용 오차를 넘게 적은 건입니다.",
        ),
        Rule(
            "R03",
            AMENDED,
            "지방세법 제96조",  # [U] 국세 수정신고·경정 뒤 지방소득세 수정신고
            Severity.CAUTION,
            _check("amendment_missed"),
            evidence="local",
            help="국세 수정신고·경정 뒤 지방 신고가 고쳐지지 않아 금액이 허용 오차를 넘게 다른 건입니다.",
        ),
        Rule(
            "R04",
            OVER,
            "지방세기본법 제50조",  # [U] 경정 등의 청구: 환급 대상인지 확인
            Severity.CHECK,
            _check("over_reported"),
            evidence="local",
            help="지방 신고세액이 산정액보다 허용 오차를 넘게 많은 건입니다(환급·경정 대상인지 확인).",
        ),
        Rule(
            "R05",
            UNPAID,
            "지방세기본법 제55조",  # [L] 납부지연가산세
            Severity.CAUTION,
            _check("unpaid"),
            params=(
                Param(
                    "min_unpaid",
                    "미납 표시 하한(원)",
                    ParamType.INTEGER,
                    1,
                    "미납세액이 이 금액 이상일 때만 표시합니다. 고지서 한 장에 2천원 미만은 징수하지 않으므로 "
                    "(소액 징수면제) 2000으로 두면 그런 건을 뺍니다.",
                    minimum=1,
                    maximum=100_000_000,
                    basis="지방세징수법 제17조",  # [U] 소액 징수면제 2천원 미만
                ),
            ),
            evidence="local",
            help="낼 세액(고지세액, 없으면 신고세액)보다 적게 납부한 건입니다.",
        ),
        Rule(
            "R06",
            DOMICILE,
            "지방세법 제89조①1",  # [L] 납세지: 주소지
            Severity.CHECK,
            _check("domicile_elsewhere"),
            evidence="nts",
            help="국세 주소의 시·군·구가 우리 시·군이 아닌 건입니다(관할 이관 대상인지 확인).",
        ),
        Rule(
            "R07",
            LOCAL_ONLY,
            "지방세법 제97조",  # [U] 세무서장의 결정·경정과 맞추기: 국세 자료가 빠졌는지
            Severity.CHECK,
            _check("local_only"),
            evidence="local",
            help="지방소득세 신고는 있으나 같은 사람·연도의 국세 신고가 없는 건입니다.",
        ),
    )
)
