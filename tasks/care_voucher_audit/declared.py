"""The rules of 활동지원 부정수급 주의 (R01–R12), declared once on the rule contract (core.rules).

Predicates live in ``checks.py`` (imported on first use), so declaring the task (the launcher,
``main.py list``) imports no pandas. Ids are stable: a clerk turns one off with ``rule_R05=false``,
and 의심결제 and 규칙표 cite them. The law: 장애인활동 지원에 관한 법률 (장애인활동법) 제18·19·30·35조,
시행규칙 제15·16·33·34조. Every threshold below is policy, not law [U]: each says so in its help.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from core.korean import particle
from core.rules import Rule, RuleSet, Severity
from core.spec import Param, ParamType, lazy

TASK_ID = "care-voucher-audit"
PAYMENTS, EVENTS, LIMITS, RELATIONS, CONTACTS = "payments", "events", "limits", "relations", "contacts"


def _check(name: str) -> Callable[..., Any]:
    return lazy(f"tasks.care_voucher_audit.checks:{name}")


def _overlap(rule: str) -> Param:
    return Param(
        "overlap_minutes",
        "겹침 기준(분)",
        ParamType.INTEGER,
        1,
        f"두 결제의 시간이 이 분 수 이상 겹치면 {rule}{particle(rule, '으로/로')} 봅니다. 1분이 기본이며 법정 기준이 아닌 "
        "정책값입니다(단말기 시각 오차를 보려면 늘리십시오). 끝과 시작이 같은 시각(0분 겹침)은 겹침이 아닙니다.",
        minimum=1,
        maximum=24 * 60,
    )


EVENT_BASIS = "장애인활동법 제19조③, 시행규칙 제16조"  # [L] 중단 사유: 입원·국외체류·보장시설 입소·교정시설 수용
OVERLAP_BASIS = "장애인활동법 제30조②·제35조, 시행규칙 제34조①"  # [L] 부정 비용수령, 환수; 제공 즉시 청구

RULES = RuleSet(
    (
        Rule(
            "R01",
            "사망 후 결제",
            "장애인활동법 제35조",  # [L] 오지급·거짓 청구 환수
            Severity.CAUTION,
            _check("after_death"),
            table=PAYMENTS,
            help="사건 자료의 사망일 다음 날부터의 서비스 결제를 찾습니다(사망일 당일은 찾지 않습니다).",
        ),
        Rule(
            "R02",
            "입원 중 결제",
            EVENT_BASIS,
            Severity.CAUTION,
            _check("in_hospital"),
            table=PAYMENTS,
            also=(Severity.CHECK,),
            help="입원 기간 안(입원일과 퇴원일 사이)이면 주의, 입원일·퇴원일 당일이면 확인입니다. 퇴원일이 비어 있으면 "
            "아직 입원 중으로 봅니다.",
        ),
        Rule(
            "R03",
            "출국 중 결제",
            EVENT_BASIS,
            Severity.CAUTION,
            _check("abroad"),
            table=PAYMENTS,
            also=(Severity.CHECK,),
            help="출국일과 입국일 사이면 주의, 출국일·입국일 당일이면 확인입니다. 입국일이 비어 있으면 아직 출국 중으로 봅니다.",
        ),
        Rule(
            "R04",
            "입소·수감 중 결제",
            EVENT_BASIS,
            Severity.CAUTION,
            _check("in_facility"),
            table=PAYMENTS,
            also=(Severity.CHECK,),
            help="보장시설 입소·교정시설 수감 기간 안이면 주의, 첫날·마지막 날이면 확인입니다.",
        ),
        Rule(
            "R05",
            "활동지원사 시간 중복",
            OVERLAP_BASIS,
            Severity.CAUTION,
            _check("helper_overlap"),
            params=(_overlap("활동지원사 시간 중복"),),
            table=PAYMENTS,
            help="같은 활동지원사가 서로 다른 수급자에게 같은 시간에 결제한 두 건을 모두 찾습니다.",
        ),
        Rule(
            "R06",
            "수급자 시간 중복",
            OVERLAP_BASIS,
            Severity.CHECK,
            _check("recipient_overlap"),
            params=(_overlap("수급자 시간 중복"),),
            table=PAYMENTS,
            help="같은 수급자의 활동보조를 서로 다른 활동지원사가 같은 시간에 결제한 두 건입니다(방문목욕은 두 사람이 "
            "함께 할 수 있어 보지 않습니다).",
        ),
        Rule(
            "R07",
            "가족 제공",
            "장애인활동법 제30조③, 시행규칙 제33조",  # [L] 가족 활동지원 제한, 예외
            Severity.CAUTION,
            _check("family"),
            table=PAYMENTS,
            help="가족관계 자료에 있는 수급자·활동지원사 쌍 중 예외승인이 Y가 아닌(빈칸 포함) 쌍의 결제입니다.",
        ),
        Rule(
            "R08",
            "월 한도 초과",
            "장애인활동법 제18조·제35조, 시행규칙 제15조",  # [L] 월 한도액, 초과 수급 환수
            Severity.CAUTION,
            _check("over_limit"),
            table=PAYMENTS,
            help="수급자·월마다 결제금액을 시간 순서로 더해 월한도액을 처음 넘는 결제와 그달의 그 뒤 결제를 모두 찾습니다.",
        ),
        Rule(
            "R09",
            "장시간 연속",
            "장애인활동법 제35조",  # [U] threshold is policy
            Severity.CHECK,
            _check("long_session"),
            params=(
                Param(
                    "long_session_hours",
                    "장시간 기준(시간)",
                    ParamType.INTEGER,
                    12,
                    "한 번의 결제가 이 시간 이상이면 확인합니다. 법정 기준이 아닌 정책값입니다.",
                    minimum=1,
                    maximum=48,
                ),
            ),
            table=PAYMENTS,
        ),
        Rule(
            "R10",
            "하루 합계 과다",
            "장애인활동법 제35조",  # [U] threshold is policy
            Severity.CHECK,
            _check("long_day"),
            params=(
                Param(
                    "daily_hours",
                    "하루 합계 기준(시간)",
                    ParamType.INTEGER,
                    16,
                    "한 활동지원사의 하루(자정을 넘긴 결제는 시작한 날) 결제 시간 합계가 이 시간 이상이면 그날 결제를 모두 "
                    "확인합니다. 법정 기준이 아닌 정책값입니다.",
                    minimum=1,
                    maximum=48,
                ),
            ),
            table=PAYMENTS,
        ),
        Rule(
            "R11",
            "수기·소급 결제 과다",
            "장애인활동법 시행규칙 제34조①",  # [L] 제공 즉시 단말기로 청구; [U] thresholds
            Severity.CHECK,
            _check("manual_share"),
            params=(
                Param(
                    "manual_min",
                    "최소 결제 건수",
                    ParamType.INTEGER,
                    10,
                    "한 활동지원사의 한 달 결제가 이 건수 이상일 때만 비율을 봅니다(건수가 적으면 비율이 흔들립니다). 정책값입니다.",
                    minimum=1,
                    maximum=10_000,
                ),
                Param(
                    "manual_ratio",
                    "수기·소급 비율 기준",
                    ParamType.NUMBER,
                    Decimal("0.3"),  # a Decimal, as the 설정 page and --param give it
                    "그달 결제 중 수기·소급 결제의 비율이 이 값 이상이면 그 수기·소급 결제를 확인합니다(0.3 = 30%). 정책값입니다.",
                    minimum=0,
                    maximum=1,
                ),
            ),
            table=PAYMENTS,
            help="결제구분 열이 없으면 확인하지 않습니다.",
        ),
        Rule(
            "R12",
            "중복 결제",
            OVERLAP_BASIS,
            Severity.CAUTION,
            _check("double_payment"),
            params=(_overlap("중복 결제"),),
            table=PAYMENTS,
            help="같은 활동지원사와 같은 수급자의 두 결제 시간이 겹치면 두 건을 모두 찾습니다.",
        ),
    )
)

# Rules that need an optional input, and what to call that input when it is missing.
NEEDS = {"R01": EVENTS, "R02": EVENTS, "R03": EVENTS, "R04": EVENTS, "R07": RELATIONS, "R08": LIMITS}
