"""Meta-test: every rule has docs and flag/ok examples in each language it claims, and they hold."""
from __future__ import annotations

import pytest

from linter.rules.loader import builtin_rules_dir, load_specs

from .conftest import spans

SPECS = load_specs([builtin_rules_dir()])
CASES = [
    (spec, lang, key, i, example)
    for spec in SPECS for lang in spec.languages for key in ("flag", "ok")
    for i, example in enumerate(spec.examples.get(lang, {}).get(key, []))
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_rule_is_documented_with_examples_in_each_language(spec):
    assert spec.summary and spec.message and spec.why and spec.instead
    for lang in spec.languages:
        blocks = spec.examples.get(lang, {})
        assert blocks.get("flag"), f"{spec.id}: no flag example in {lang}"
        assert blocks.get("ok"), f"{spec.id}: no ok example in {lang}"


@pytest.mark.parametrize("spec,lang,key,index,example", CASES,
                         ids=[f"{c[0].id}-{c[1]}-{c[2]}{c[3]}" for c in CASES])
def test_rule_example(linter, spec, lang, key, index, example):
    found = spans(linter.check(example, language=lang), rule=spec.id, min_severity="info")
    if key == "flag":
        assert found, f"{spec.id} should flag: {example}"
    else:
        strong = spans(linter.check(example, language=lang), rule=spec.id)
        assert not strong, f"{spec.id} should not flag {strong} in: {example}"
