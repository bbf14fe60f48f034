"""Notification settings (declared once) and the channel chosen in them.

Secrets come from the keyring or ``HAENGBOT_SECRET_<ID>`` through the caller's ``secret`` function;
base URLs are settings so that a closed network can point at a relay and tests at loopback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.errors import RunFailed
from core.korean import particle
from core.options import OptionType, setting
from core.spec import Credential

CHANNELS = (
    ("upload", "업로드 파일(시 자체 문자 시스템)"),
    ("solapi", "솔라피(Solapi)"),
    ("nhn", "NHN Cloud SMS"),
    ("email", "전자우편(SMTP)"),
)

NOTIFY_SETTINGS = (
    setting(
        "notify.channel",
        "문자 발송 방법",
        "upload",
        "업로드 파일은 인터넷 없이 엑셀을 만들어 시 자체 문자 시스템에 올립니다.",
        OptionType.CHOICE,
        CHANNELS,
    ),
    setting("notify.sender_number", "발신번호", "", "문자 업체에 사전 등록한 번호(전기통신사업법 제84조의2). 예: 031-760-1234"),
    setting(
        "notify.org_name",
        "기관명",
        "",
        "문자 앞머리 [기관명]과 광고 표시에 씁니다. 비워 두면 [기관] 탭의 시·군·구 이름을 씁니다.",
    ),
    setting("notify.opt_out_number", "무료수신거부 번호", "", "광고성 문자에만 필요합니다(080 번호).", OptionType.TEXT),
    setting("notify.solapi_base_url", "솔라피 주소", "https://api.solapi.com", "", OptionType.URL),
    setting("notify.nhn_base_url", "NHN Cloud SMS 주소", "https://sms.api.nhncloudservice.com", "", OptionType.URL),
    setting("notify.batch_size", "한 번에 보내는 건수", 1000, "요청 한 번에 담는 메시지 수(NHN 최대 1,000).", OptionType.INTEGER),
    setting(
        "notify.requests_per_second",
        "초당 요청 수 한도",
        5,
        "업체 요청 한도를 넘지 않게 요청 사이를 띄웁니다.",
        OptionType.INTEGER,
    ),
    setting(
        "notify.max_retries",
        "혼잡·일시 오류 재시도 횟수",
        4,
        "429·5xx 응답에 쉬었다가 다시 보내는 횟수입니다.",
        OptionType.INTEGER,
    ),
    setting("notify.backoff_seconds", "재시도 첫 대기(초)", 2, "재시도마다 두 배로 늘립니다(최대 60초).", OptionType.INTEGER),
    setting("notify.price_sms", "단문 1건 요금(원, 추정)", 13, "확인 화면의 비용 추정에만 씁니다.", OptionType.INTEGER),
    setting("notify.price_lms", "장문 1건 요금(원, 추정)", 40, "확인 화면의 비용 추정에만 씁니다.", OptionType.INTEGER),
    setting("notify.upload_dir", "업로드 파일 폴더", "", "비워 두면 결과 저장 폴더에 만듭니다.", OptionType.PATH),
)
EMAIL_SETTINGS = (
    setting("email.smtp_host", "메일 서버", "", "예: smtp.city.go.kr", OptionType.TEXT),
    setting("email.smtp_port", "메일 서버 포트", 587, "STARTTLS 587, SSL 465", OptionType.INTEGER),
    setting(
        "email.security",
        "메일 암호화",
        "starttls",
        "",
        OptionType.CHOICE,
        (("starttls", "STARTTLS"), ("ssl", "SSL/TLS"), ("none", "암호화 안 함(내부 중계 서버만)")),
    ),
    setting("email.username", "메일 계정", "", "", OptionType.TEXT),
    setting("email.from_address", "보내는 주소", "", "예: welfare@city.go.kr", OptionType.TEXT),
)
# Core sections of the 설정 dialog (core.settings.core_sections): every message-sending task shares them.
SETTINGS = NOTIFY_SETTINGS + EMAIL_SETTINGS

CREDENTIALS = {
    "solapi": (
        Credential("solapi-api-key", "솔라피 API 키", "솔라피 콘솔 > 개발/연동 > API Key 관리"),
        Credential("solapi-api-secret", "솔라피 API 시크릿", "API 키를 만들 때 한 번 보여 줍니다"),
    ),
    "nhn": (
        Credential("nhn-sms-app-key", "NHN Cloud SMS 앱키", "NHN Cloud 콘솔 > Notification > SMS > URL & Appkey"),
        Credential("nhn-sms-secret-key", "NHN Cloud SMS 시크릿 키", "같은 화면의 Secret Key"),
    ),
    "email": (Credential("smtp-password", "메일 계정 비밀번호", "기관 메일 관리자에게 받은 SMTP 비밀번호"),),
}
ALL_CREDENTIALS = tuple(c for creds in CREDENTIALS.values() for c in creds)

SecretFn = Callable[[str, str], str]


def email_address_problem(value: str) -> str | None:
    """Why *value* cannot be an e-mail address, in Korean, or None (CR/LF is never accepted)."""
    from core.notify.channels.email import address_problem

    return address_problem(value)


def sender_number_problem(value: str) -> str | None:
    """Why *value* cannot be a 발신번호, in Korean, or None. Empty is allowed (upload and e-mail need none)."""
    from core.notify.message import normalise_sender

    if not value.strip():
        return None
    try:
        normalise_sender(value)
    except ValueError as exc:
        return str(exc)
    return None


# Settings whose value must have a shape; the settings dialog asks before saving (issue 10).
_VALIDATORS: dict[str, Callable[[str], str | None]] = {
    "email.from_address": lambda v: email_address_problem(v) if v.strip() else None,
    "notify.sender_number": sender_number_problem,
    "notify.opt_out_number": sender_number_problem,
}


def validate_setting(key: str, value: Any) -> str | None:
    """What is wrong with *value* for setting *key* (a Korean sentence naming the setting), or None.

    The settings dialog calls this before it saves, so that a from-address with a line break never
    reaches a message header; the channels check again at send time for settings written by hand.
    """
    check = _VALIDATORS.get(key)
    if check is None:
        return None
    problem = check("" if value is None else str(value))
    if problem is None:
        return None
    label = next((spec.label for spec in SETTINGS if spec.key == key), key)
    return f"{label}: {problem}"


def channel_name(settings: Any) -> str:
    name = str(settings.get("notify.channel") or "upload")
    if name not in dict(CHANNELS):
        raise RunFailed(
            f"설정의 문자 발송 방법 '{name}'{particle(str(name), '을/를')} 알 수 없습니다. 가능한 값: {', '.join(dict(CHANNELS))}"
        )
    return name


def notify_session(settings: Any) -> Any:
    """The project session without automatic retries: a POST that may have been accepted is never
    repeated by urllib3 behind our back; the notifier decides (429/5xx back-off, 504/timeouts in doubt)."""
    from core import __version__
    from core.http import make_session

    session = make_session(settings, retries=0)
    # HTTP headers are Latin-1: a Korean User-Agent makes every request fail before it leaves.
    session.headers["User-Agent"] = f"HaengBot/{__version__} (+https://github.com/haengbot)"
    return session


def upload_directory(settings: Any, output_dir: Path | None = None) -> Path:
    """Where upload files go: the ``notify.upload_dir`` setting, else the run's output folder."""
    configured = settings.get("notify.upload_dir")
    return Path(configured) if configured else (output_dir or settings.output_dir())


def build_channel(
    name: str,
    settings: Any,
    secret: SecretFn,
    *,
    output_dir: Path | None = None,
    session: Any = None,
    prefix: str = "문자업로드",
    advertising: bool = False,
) -> Any:
    batch = int(settings.get("notify.batch_size") or 1000)
    if name == "solapi":
        from core.notify.channels.solapi import SolapiChannel

        key, sec = CREDENTIALS["solapi"]
        return SolapiChannel(
            session or notify_session(settings),
            str(settings.get("notify.solapi_base_url")),
            secret(key.id, key.label),
            secret(sec.id, sec.label),
            max_batch=batch,
        )
    if name == "nhn":
        from core.notify.channels.nhn import NhnChannel

        app, sec = CREDENTIALS["nhn"]
        return NhnChannel(
            session or notify_session(settings),
            str(settings.get("notify.nhn_base_url")),
            secret(app.id, app.label),
            secret(sec.id, sec.label),
            max_batch=batch,
            advertising=advertising,
        )
    if name == "email":
        from core.notify.channels.email import EmailChannel

        host = str(settings.get("email.smtp_host") or "")
        sender = str(settings.get("email.from_address") or "")
        if not host or not sender:
            raise RunFailed("메일 서버와 보내는 주소를 설정에서 먼저 입력하십시오([설정] > [메일] 탭).")
        username = str(settings.get("email.username") or "")
        password = secret(CREDENTIALS["email"][0].id, CREDENTIALS["email"][0].label) if username else ""
        return EmailChannel(
            host,
            int(settings.get("email.smtp_port") or 587),
            str(settings.get("email.security")),
            username,
            password,
            sender,
            timeout=float(settings.get("network.timeout_seconds") or 30),
        )
    if name == "upload":
        from core.notify.channels.upload import UploadFileChannel

        return UploadFileChannel(upload_directory(settings, output_dir), prefix)
    raise RunFailed(f"알 수 없는 발송 방법: {name}")
