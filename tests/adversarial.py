"""Adversarial input for linear-time checks (issue 13): every shipped regex, and strings and
drafts built to make a regex backtrack or a tokenizer go quadratic.

Used by tests/test_linear_time.py (a small sample) and bench/bench_adversarial.py (the sweep).

- `shipped_patterns(linter)`: every compiled regex postlint runs on a draft: module-level ones in
  linter/, those rule kinds build from rule files and lexicons, rule-file regexes (placeholders
  filled from the Linter's config) and the patterns of the Presidio recognizers rule files name
  (run by Presidio with the `regex` module).
- `attack_strings(pattern, size)`: strings of about `size` characters made of runs of the
  pattern's own literals and of the characters its classes accept, and of runs of spaces,
  newlines, punctuation, digits, emoji and kana, alone, in pairs and around the literals.
- `adversarial_drafts(size)`: whole drafts of that size of the same runs, for Linter.check.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from re import _constants as sre
from re import _parser as sre_parse

import regex as regex_module

import linter

# Runs of one thing that no rule reads, and the punctuation people type in runs.
PUMPS = (" ", "\n", ",", ", ", "a", "1", ".", "@", "#", "-", "+", "*", "、", "あ", "😀", "\t",
         "\n\n", " \n", "!", "?", "=", ":", "/", "'", '"', "(", ")", "[", "<", ">", "~", "|", "&", "%", "…",
         "。", "！", "？", "ー", "・", "「", "」", "１", "０", "9", "A", "x1", "a.", "a-", "1-", "1.", "a@", "@a",
         "#a", "*_", "ア", "ｱ", "漢", "👍🏽", "🇯🇵", "👩‍💻", "❤️", "\u200b", "\u3000", "; ", " / ", " and ")
DRAFT_RUNS = (" ", "\n", "\n\n", ",", ".", "!", "?", "+", "*", "_", "*_", "-", "=", "#", "@", "/", ":", "~",
              "a", "a ", "ab.", "x@", "1", "1,", "1-", "12 ", "…", "、", "。", "ー", "あ", "ア", "漢字", "😀",
              "👍🏽", "🇯🇵", "👩‍💻", "😀 ", "#tag ", "@handle ", "http://a.b/", "<", "`", "**", "> ", "- ", "(",
              "「", "ｱ", "\u3000", "Kitefin ", "Kitefin\n", "\"", "'")


# Time per 4x input above which a regex counts as super-linear (linear: 4x, quadratic: 16x).
GROWTH_LIMIT = 6.0
# Regexes postlint only runs anchored (match/fullmatch) once per place, never scanning a text:
# where it comes from -> why. These are timed with `match`.
ANCHORED = {
    "linter.rules.people._EN_NAME_TOKEN": "fullmatch of one token",
    "linter.rules.quote._NAME_WORD": "fullmatch of one word",
    "linter.rules.quote._REPLY_HANDLES": "matched once at the start of a draft",
    "rule confidential/codename: not_before": "matched once after each codename (24 characters)",
    "rule lookalike-account/lookalike-handle: fake_after": "matched once after each handle (40 characters)",
}


@dataclass(frozen=True)
class ShippedPattern:
    """A compiled regex postlint runs, where it comes from, and which engine runs it."""

    where: str
    compiled: object  # re.Pattern, or regex.Pattern for Presidio's recognizers

    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    @property
    def flags(self) -> int:
        return self.compiled.flags


def shipped_patterns(linter_instance) -> list[ShippedPattern]:
    """Every regex a check of this Linter may run, each once (by engine, text and flags)."""
    found: dict[tuple, ShippedPattern] = {}

    def add(where: str, compiled) -> None:
        key = (type(compiled).__module__, compiled.pattern, compiled.flags)
        found.setdefault(key, ShippedPattern(where, compiled))

    for module in _linter_modules():
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                add(f"{module.__name__}.{name}", value)
    for where, value in _reachable(linter_instance.rules):
        add(where, value)
    if linter_instance.presidio is not None:
        for recognizer in linter_instance.presidio.engine.registry.recognizers:
            flags = getattr(recognizer, "global_regex_flags", None)
            for pattern in getattr(recognizer, "patterns", ()):
                compiled = regex_module.compile(pattern.regex, flags=flags if flags is not None else 0)
                add(f"presidio {recognizer.name}: {pattern.name}", compiled)
    return sorted(found.values(), key=lambda p: (p.where, p.pattern))


def _linter_modules() -> list:
    modules = []
    for info in pkgutil.walk_packages(linter.__path__, "linter."):
        if info.name.endswith("__main__"):
            continue
        modules.append(importlib.import_module(info.name))
    return modules


def _reachable(rules) -> list[tuple[str, re.Pattern]]:
    """Compiled regexes reachable from the rules (attributes, dicts, lists; RuleRegexes compiled),
    each named by its rule and the attribute it hangs from ("rule x/y: cues.person_after")."""
    from linter.rules.patterns import RuleRegex

    found, seen = [], set()
    pending = [(f"rule {rule.spec.id}:", rule) for rule in rules]
    while pending:
        where, item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, re.Pattern):
            found.append((where, item))
        elif isinstance(item, RuleRegex):
            found.append((where, item.compiled))
        elif isinstance(item, dict):
            pending.extend((_joined(where, key), v) for key, v in item.items())
        elif isinstance(item, (list, tuple, set, frozenset)):
            pending.extend((where, v) for v in item)
        elif type(item).__module__.startswith("linter.") and hasattr(item, "__dict__"):
            pending.extend((_joined(where, key), v) for key, v in vars(item).items() if key not in ("spec", "config"))
    return found


def _joined(where: str, key) -> str:
    if not isinstance(key, str) or key in ("en", "ja", "regexes", "data"):
        return where
    return f"{where} {key}" if where.endswith(":") else f"{where}.{key}"


# ---------------------------------------------------------------- attack strings

_CATEGORY_SAMPLES = {
    sre.CATEGORY_DIGIT: "1", sre.CATEGORY_NOT_DIGIT: "a", sre.CATEGORY_SPACE: " ", sre.CATEGORY_NOT_SPACE: "a",
    sre.CATEGORY_WORD: "a", sre.CATEGORY_NOT_WORD: " ",
}


def pattern_atoms(pattern: str, flags: int = 0) -> tuple[list[str], list[str]]:
    """(literal runs, one character each class or repeat accepts) read from the regex's parse tree."""
    try:
        parsed = sre_parse.parse(pattern, flags & ~re.VERBOSE if isinstance(flags, int) else 0)
    except re.error:  # a `regex`-only construct: its literals only
        return sorted(set(re.findall(r"[A-Za-z\u3040-\u30ff\u4e00-\u9fff]{2,}", pattern))), []
    literals: list[str] = []
    chars: list[str] = []

    def walk(items) -> None:
        run: list[str] = []
        for op, av in list(items) + [(None, None)]:
            if op is sre.LITERAL:
                run.append(chr(av))
                continue
            if run:
                literals.append("".join(run))
                run = []
            if op is None:
                break
            if op is sre.IN:
                chars.extend(_class_samples(av))
            elif op is sre.NOT_LITERAL:
                chars.append("a" if av != ord("a") else "b")
            elif op is sre.ANY:
                chars.append("a")
            elif op is sre.SUBPATTERN:
                walk(av[-1])
            elif op is sre.ATOMIC_GROUP:
                walk(av)
            elif op is sre.BRANCH:
                for alternative in av[1]:
                    walk(alternative)
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
                walk(av[2])
            elif op in (sre.ASSERT, sre.ASSERT_NOT):
                walk(av[1])
            elif op is sre.GROUPREF_EXISTS:
                for branch in av[1:]:
                    if branch is not None:
                        walk(branch)

    walk(parsed.data)
    return list(dict.fromkeys(literals)), list(dict.fromkeys(chars))


def _class_samples(items) -> list[str]:
    negated = any(op is sre.NEGATE for op, _ in items)
    if negated:
        excluded = {chr(v) for op, v in items if op is sre.LITERAL}
        return [c for c in ("a", " ", "1", ".", "あ") if c not in excluded][:2]
    samples = []
    for op, value in items:
        if op is sre.LITERAL:
            samples.append(chr(value))
        elif op is sre.RANGE:
            samples.extend({chr(value[0]), chr(value[1])})
        elif op is sre.CATEGORY:
            samples.append(_CATEGORY_SAMPLES.get(value, "a"))
    return samples[:6]


def attack_strings(pattern: str, flags: int, size: int, pumps: tuple[str, ...] = PUMPS,
                   few: int = 8) -> list[str]:
    """Strings of about `size` characters to make this regex backtrack (see the module docstring):
    each atom (the pattern's literals and class characters, and the pumps) repeated, each of the
    pattern's own atoms alternating with each of the first `few` pumps, each literal before,
    after and between runs of them, and each literal without its last character, repeated."""
    literals, chars = pattern_atoms(pattern, flags)
    literals = sorted((lit for lit in literals if lit.strip()), key=len, reverse=True)[:few]
    own = list(dict.fromkeys([*literals, *chars[:few]]))
    shapes = [_fill(atom, size) for atom in dict.fromkeys([*own, *pumps])]
    shapes += [_fill(atom + pump, size) for atom in own for pump in pumps[:2 * few] if atom != pump]
    for lit in literals:
        shapes += [_fill(lit[:-1], size)] if len(lit) > 1 else []
        for pump in pumps[:few]:
            shapes += [lit + _fill(pump, size - len(lit)), _fill(pump, size - len(lit)) + lit,
                       _fill(lit + pump * 3, size)]
    return list(dict.fromkeys(shapes))


def _fill(unit: str, size: int) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size] if unit else ""


def adversarial_drafts(size: int, runs: tuple[str, ...] = DRAFT_RUNS) -> dict[str, str]:
    """Whole drafts of `size` characters: each run alone, after a sentence, and mixed with prose."""
    drafts = {}
    for run in runs:
        drafts[f"{run!r} only"] = _fill(run, size)
        lead = "Call me at 090-1234-5678 tomorrow, Kitefin says hi. "
        drafts[f"prose then {run!r}"] = lead + _fill(run, size - len(lead))
    drafts["a name, then blank lines"] = "Kitefin\n" + _fill("\n", size - 8)  # the greeting line: was cubic
    prose_en = "We shipped the new planner today and the team is thrilled. "
    prose_ja = "今日は新しい予定表を公開しました。チームのみんなに感謝します。"
    drafts["English prose"] = _fill(prose_en, size)
    drafts["Japanese prose"] = _fill(prose_ja, size)
    drafts["mixed prose and runs"] = _fill(prose_en + "!!!!!!!!" + prose_ja + "😀😀😀😀" + "\n\n\n", size)
    return drafts
