"""Issue 3: what the policy checks (every category but personal-info and sensitive-info) add to
the in-process time of a check. One config, two Linters, one with only the personal-data
categories selected; both checks of a draft run in turn, in one process, as CPU time.

The drafts name the organization, its product, handle and codename as the config gives them.
"""
from __future__ import annotations

import re

from bench_core import DRAFTS as PERSONAL_DRAFTS
from common import CONFIG, Measure, interleaved_cpu

PERSONAL_DATA = ("personal-info", "sensitive-info")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# About 500 characters each: a quote, a rumour, an announcement, praise and a call to buy, a
# codename, a handle that imitates the official one, a coworker.
POLICY_DRAFTS = {
    "en": (
        "Still buzzing after the offsite. {org} is pleased to announce that {product} ships in three "
        "new colours next month, and honestly it is the best thing you can buy this year, so grab "
        "yours before the price goes up! I heard that a rival startup faked its benchmark numbers "
        "again. Someone on the panel said \"nobody will remember that company in five years\" and the "
        "room went quiet. {codename} is going well too, more soon. Shout-out to {handle}_support for "
        "the quick replies, and to my coworker Priya Nair for the slides and the late-night coffee."
    ),
    "ja": (
        "合宿から戻りました。{org}として正式に発表しますが、来月{product}の新色が発売されます。"
        "本当におすすめなので、値上げ前にぜひ買ってください！ 競合のあの会社はベンチマークの数字を"
        "改ざんしているらしい。パネルでは「五年後には誰も覚えていない会社だ」と言われて、会場が静まり返りました。"
        "{codename}も順調に進んでいて、近いうちにもっとお話しできそうです。{handle}_supportの返信も早くて"
        "助かりました。資料を作ってくれた同僚の田中さん、遅くまで本当にありがとうございました。"
        "次回の合宿は秋の予定です。みなさんの感想や質問もぜひコメントで聞かせてください。"
        "写真は週末にまとめて共有します。新しいメンバーも増えたので、次はもっと大きな会場を探しています。"
    ),
}


def policy_draft(language: str, organization) -> str:
    """The policy draft of a language with the config's names (in that language's script when
    the config has one)."""
    values = {
        "org": _pick(organization.names, language),
        "product": _pick(organization.products, language),
        "handle": _pick(organization.official_accounts, language) or "@someone",
        "codename": _pick(organization.confidential_terms, language),
    }
    return POLICY_DRAFTS[language].format(**{k: v or "" for k, v in values.items()})


def _pick(values: tuple[str, ...], language: str) -> str | None:
    """The first value written in the language's script, else the first value."""
    wanted = [v for v in values if bool(_JAPANESE.search(v)) == (language == "ja")]
    return (wanted or list(values) or [None])[0]


def overhead(language: str, text: str, everything, personal_only, repeat: int) -> dict:
    """Median CPU seconds of a check by both Linters, and what the policy checks add."""
    medians = interleaved_cpu({
        "all": lambda: everything.check(text, language=language),
        "personal_data_only": lambda: personal_only.check(text, language=language),
    }, repeat)
    return {"chars": len(text), **{f"{k}_cpu_ms": round(v * 1000, 2) for k, v in medians.items()},
            "added": medians["all"] / medians["personal_data_only"] - 1}


def run(quick: bool) -> tuple[list[Measure], dict]:
    """The policy overhead, for a policy-heavy and a personal-data-heavy draft in each language."""
    from linter import Linter

    everything = Linter.from_config(CONFIG)
    personal_only = Linter.from_config(CONFIG, select=PERSONAL_DATA)
    measures, details = [], {}
    for language in ("en", "ja"):
        drafts = {"policy draft": policy_draft(language, everything.config.organization),
                  "personal-data draft": PERSONAL_DRAFTS[language]}
        for name, text in drafts.items():
            t = overhead(language, text, everything, personal_only, repeat=10 if quick else 30)
            details[f"{language} {name}"] = t
            measures.append(Measure(f"{language}: policy checks add to a check, {name} (CPU)",
                                    t["added"] * 100, "%", "<=", 30))
    return measures, details
