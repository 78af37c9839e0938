"""Issue 2, the core: a whole check against a bare spaCy parse of the same text with the same
pipeline and against vanilla Presidio analysing it (CPU time, in turns, in one process); a cold
`postlint examples/en.md`; the memory of a process with both languages loaded.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import CONFIG, ROOT, Measure, interleaved_cpu

# About 500 characters each, with the kinds of things postlint looks for.
DRAFTS = {
    "en": (
        "What a week! Our team finally shipped the new onboarding flow, and I want to thank my "
        "coworker Daniel Huang, who stayed late every night to fix the last bugs. He told me he has "
        "been seeing a therapist for his anxiety, so please go easy on him this month. If you want "
        "to send him a card, his home address is 48 Maple Street, Springfield, IL 62704, or you "
        "can reach him at 217-555-0193 or daniel.huang@mailbox.example. Product questions go to "
        "our support desk as usual. Next week we start on the mobile app, stay tuned for more!"
    ),
    "ja": (
        "今週はチームで新しいオンボーディング機能をリリースしました。毎晩遅くまでバグを直してくれた"
        "同僚の山本健太さんに感謝しています。山本さんは最近、不安障害でカウンセリングに通っているそうなので、"
        "今月はあまり無理をさせないでください。お礼のカードを送りたい方は、山本さんの自宅"
        "（〒150-0001 東京都渋谷区神宮前3丁目12番5号）に郵送するか、携帯 090-2468-1357 または "
        "yamamoto.k@mailbox.example に連絡してあげてください。製品についての質問はいつもどおり"
        "サポート窓口へお願いします。来週からはモバイルアプリの開発が始まります。"
        "みなさん、引き続きよろしくお願いします。新しい機能の感想もぜひ聞かせてください。"
        "社内の勉強会の資料は来週までに共有する予定です。先週の勉強会では、新しいテストの書き方について"
        "たくさんの質問が出ました。次回は実際のコードを見ながら、よくある間違いとその直し方を紹介します。"
        "参加したい方は、チャンネルで気軽に声をかけてください。資料の準備を手伝ってくれる方も募集中です。"
    ),
}


def check_vs_parse_vs_presidio(language: str, repeat: int = 30) -> dict:
    """Median CPU seconds of Linter.check, of a bare parse by the same loaded pipeline, and of a
    stock Presidio AnalyzerEngine (its own parse of the text, its predefined recognizers)."""
    from linter import Linter

    linter = Linter.from_config(CONFIG)
    text = DRAFTS[language]
    nlp = linter.pipelines.get(language)
    presidio = _vanilla_presidio(linter.pipelines.name(language), language)
    medians = interleaved_cpu({
        "check": lambda: linter.check(text, language=language),
        "parse": lambda: nlp(text),
        "presidio": lambda: presidio.analyze(text, language=language),
    }, repeat)
    return {"chars": len(text), "pipeline": linter.pipelines.name(language), **medians}


def _vanilla_presidio(model: str, language: str):
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": language, "model_name": model}]})
    registry = RecognizerRegistry(supported_languages=[language])
    registry.load_predefined_recognizers(languages=[language])
    return AnalyzerEngine(registry=registry, nlp_engine=provider.create_engine(), supported_languages=[language])


def cold_cli(draft: Path, repeat: int = 3) -> dict[str, float]:
    """Median wall and CPU (user + system) seconds of a whole `postlint DRAFT` process,
    interpreter start included."""
    postlint = Path(sys.executable).with_name("postlint")
    wall, cpu = [], []
    for _ in range(repeat):
        before = os.times()
        start = time.perf_counter()
        subprocess.run([str(postlint), "--config", str(CONFIG), str(draft)], capture_output=True, check=False)
        wall.append(time.perf_counter() - start)
        after = os.times()
        cpu.append(after.children_user - before.children_user + after.children_system - before.children_system)
    return {"wall": statistics.median(wall), "cpu": statistics.median(cpu)}


# VmHWM, not ru_maxrss: after fork and exec, ru_maxrss still counts the parent's memory.
_RSS_SCRIPT = """
import json, re, sys
from linter import Linter
linter = Linter.from_config(sys.argv[1])
for language, text in json.loads(sys.argv[2]).items():
    linter.check(text, language=language)
print(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
"""


def peak_rss_mb() -> float:
    """Peak resident memory (MB) of a fresh process that checked a draft in each language."""
    out = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(CONFIG), json.dumps(DRAFTS)],
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def run(quick: bool) -> tuple[list[Measure], dict]:
    """The core's measures beside issue 2's targets, and the timings behind them."""
    measures, details = [], {}
    for language in ("en", "ja"):
        t = check_vs_parse_vs_presidio(language, repeat=10 if quick else 30)
        details[language] = {"chars": t["chars"], "pipeline": t["pipeline"],
                             **{f"{k}_cpu_ms": round(t[k] * 1000, 2) for k in ("check", "parse", "presidio")}}
        measures += [
            Measure(f"{language}: check / bare spaCy parse, {t['chars']} chars (CPU)",
                    t["check"] / t["parse"], "x", "<=", 2.0),
            Measure(f"{language}: check / vanilla Presidio analyze (CPU)", t["check"] / t["presidio"], "x", "<", 1.0),
        ]
    cold = cold_cli(ROOT / "examples" / "en.md", repeat=1 if quick else 3)
    details["cold_cli_s"] = {k: round(v, 2) for k, v in cold.items()}
    measures += [
        Measure("cold `postlint examples/en.md`, whole process (wall)", cold["wall"], " s", "<", 3.0),
        Measure("cold `postlint examples/en.md`, whole process (CPU)", cold["cpu"], " s"),
        Measure("peak RSS of a process with en and ja loaded", peak_rss_mb(), " MB", "<", 700),
    ]
    return measures, details
