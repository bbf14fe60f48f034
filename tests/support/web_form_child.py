"""A child process that submits three 위생교육 records to a web form, each as a ledgered effect.

argv: home, form_url. Prints one JSON line {case_key: state} at the end. The test SIGKILLs it while
the form server holds one submission, between the ledger's record and its confirmation.
"""

from __future__ import annotations

import functools
import json
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from core.context import RunContext  # noqa: E402
from core.effects import EffectKind  # noqa: E402
from core.masking import mask_name  # noqa: E402
from core.store import Store  # noqa: E402

TASK = "web-form-demo"
RECORDS = [("K001", "홍길동", "010-5555-0001"), ("K002", "김영희", "010-5555-0002"), ("K003", "이철수", "010-5555-0003")]


def submit(url: str, case_key: str, name: str) -> str:
    """POST the form (no proxy: 127.0.0.1 only) and return the site's 접수번호."""
    body = urllib.parse.urlencode({"case": case_key, "name": name, "course": "위생교육"}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(urllib.request.Request(url, data=body, method="POST"), timeout=120) as resp:
        return resp.read().decode("utf-8")


def main() -> None:
    home, url = Path(sys.argv[1]), sys.argv[2]
    store = Store(home / "haengbot.sqlite3")
    run_id = store.start_run(TASK, {}, {})
    ctx = RunContext(store=store, run_id=run_id)
    states = {}
    for case_key, name, phone in RECORDS:
        effect = ctx.effects.perform(
            EffectKind.WEB_FORM,
            case_key,
            "교육이수 입력",
            phone,
            functools.partial(submit, url, case_key, name),
            summary=f"{mask_name(name)} 위생교육 이수 입력",
        )
        states[case_key] = effect.state
    store.finish_run(run_id, "done")
    print(json.dumps(states, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
