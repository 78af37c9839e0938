"""Findings in the reader's language: every rule's wording in English and Japanese, findings worded
in the language of their sentence by default, or as chosen (--lang, [output] language, the
server's `lang`, LanguageTool's motherTongue and language)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from linter import Linter
from linter.config import load_config
from linter.errors import ConfigError, UsageError
from linter.rules.loader import builtin_rules_dir, load_specs
from linter.rules.wording import phrases

from .conftest import EXAMPLE_CONFIG
from .server_fixtures import client, worker  # noqa: F401  (fixtures)

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# Wording inside a rule's params (the look-alike detail, an escalation's message): each needs its _ja.
WORDING_PARAMS = ("message", "detail", "detail_name")
EN_PHONE = "Call my neighbour Tom on 090-1234-5678."
JA_PHONE = "同僚の携帯は090-2218-4470です。"
MIXED = f"{EN_PHONE}\n{JA_PHONE}"


def rule_files() -> list[Path]:
    return sorted(builtin_rules_dir().glob("*/*.yaml"))


def wording_params(node, where: str = "params"):
    """(where, key, table) of every wording key in a rule's params, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in WORDING_PARAMS and isinstance(value, str):
                yield where, key, node
            yield from wording_params(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from wording_params(item, f"{where}[{index}]")


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_rule_says_message_why_and_instead_in_japanese(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("message", "why", "instead"):
        translated = data.get(f"{key}_ja")
        assert translated, f"{path.name}: no {key}_ja"
        assert JAPANESE.search(translated), f"{path.name}: {key}_ja is not Japanese"
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(data[key])), \
            f"{path.name}: {key}_ja fills in other placeholders than {key}"
    for where, key, table in wording_params(data.get("params") or {}):
        translated = table.get(f"{key}_ja")
        assert translated and JAPANESE.search(translated), f"{path.name}: {where}.{key} has no Japanese {key}_ja"
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(table[key]))


def test_the_phrases_kinds_add_are_in_both_languages_with_the_same_placeholders():
    for key, texts in phrases().items():
        assert JAPANESE.search(texts["ja"]), key
        assert set(PLACEHOLDER.findall(texts["ja"])) == set(PLACEHOLDER.findall(texts["en"])), key


def test_a_missing_translation_fails_the_test_above(tmp_path):
    """The check reads the files themselves: a rule file without message_ja is found."""
    source = builtin_rules_dir() / "personal-info" / "phone-number.yaml"
    stripped = "".join(line for line in source.read_text(encoding="utf-8").splitlines(keepends=True)
                       if not line.startswith("message_ja:"))
    copy = tmp_path / "phone-number.yaml"
    copy.write_text(stripped, encoding="utf-8")
    with pytest.raises(AssertionError, match="no message_ja"):
        test_every_rule_says_message_why_and_instead_in_japanese(copy)


def test_findings_come_in_the_language_of_their_sentence(linter):
    findings = linter.check(MIXED).findings
    phone = [f for f in findings if f.rule == "personal-info/phone-number"]
    assert [(f.text, f.lang, f.message) for f in phone] == [
        ("090-1234-5678", "en", "Phone number of a person"),
        ("090-2218-4470", "ja", "個人の電話番号"),
    ]
    japanese = phone[1]
    assert japanese.why.startswith("投稿は誰でも見ることができ")
    assert "伏せ字の例: 090-****-4470" in japanese.suggestion
    assert [fix.label for fix in japanese.fixes] == ["伏せ字にする"]
    assert [fix.label for fix in phone[0].fixes] == ["Mask it"]


@pytest.mark.parametrize("lang, message", [("ja", "個人の電話番号"), ("en", "Phone number of a person")])
def test_one_language_for_every_finding_when_asked(linter, lang, message):
    findings = linter.check(MIXED, lang=lang).findings
    assert {f.message for f in findings if f.rule == "personal-info/phone-number"} == {message}
    assert {f.lang for f in findings} == {lang}


def test_messages_that_name_their_target_read_naturally_in_japanese(linter):
    [finding] = [f for f in linter.check("オリオン物流の社長は横領している。").findings if f.category == "defamation"]
    assert finding.lang == "ja"
    assert finding.message.startswith("オリオン物流の社長") and finding.message.endswith("犯罪・不正の告発")


def test_config_output_language(tmp_path):
    config = tmp_path / "postlint.toml"
    config.write_text('[output]\nlanguage = "ja"\n', encoding="utf-8")
    linter = Linter(load_config(config))
    assert {f.lang for f in linter.check(EN_PHONE).findings} == {"ja"}
    assert {f.lang for f in linter.check(EN_PHONE, lang="en").findings} == {"en"}, "a check's lang wins"
    config.write_text('[output]\nlanguage = "fr"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="'output.language' must be"):
        load_config(config)


def test_unknown_lang_is_a_usage_error(linter):
    with pytest.raises(UsageError, match="unknown language of messages 'fr'"):
        linter.check(EN_PHONE, lang="fr")


def test_a_users_rule_without_japanese_shows_its_english(tmp_path):
    folder = tmp_path / "our-rules" / "confidential"
    folder.mkdir(parents=True)
    (folder / "moonshot.yaml").write_text(
        "id: confidential/moonshot\nkind: codename\nseverity: error\nlanguages: [en, ja]\n"
        "summary: Our secret word.\nmessage: Secret word\nwhy: It is secret.\ninstead: Leave it out\n"
        "params: {terms: [moonshot]}\nexamples: {}\n", encoding="utf-8")
    [spec] = [s for s in load_specs([tmp_path / "our-rules"])]
    assert spec.text("message", "ja") == "Secret word"
    assert spec.translations == {}


def test_cli_lang_option(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(MIXED + "\n", encoding="utf-8")
    command = [str(Path(sys.executable).with_name("postlint")), str(draft), "--config", str(EXAMPLE_CONFIG),
               "--format", "json"]
    by_default = json.loads(subprocess.run(command, capture_output=True, text=True).stdout)
    in_japanese = json.loads(subprocess.run([*command, "--lang", "ja"], capture_output=True, text=True).stdout)
    assert [f["lang"] for f in by_default["files"][0]["findings"] if f["rule"] == "personal-info/phone-number"] == ["en", "ja"]
    assert {f["lang"] for f in in_japanese["files"][0]["findings"]} == {"ja"}
    wrong = subprocess.run([*command, "--lang", "fr"], capture_output=True, text=True)
    assert wrong.returncode == 2 and wrong.stderr.startswith("postlint: error:") and "--lang" in wrong.stderr


def test_server_lang_field(client):
    def messages(**fields):
        body = client.post("/v1/check", json={"text": MIXED, **fields}).json()
        return [(f["lang"], f["message"]) for f in body["findings"] if f["rule"] == "personal-info/phone-number"]

    assert messages() == [("en", "Phone number of a person"), ("ja", "個人の電話番号")]
    assert messages(lang="ja") == [("ja", "個人の電話番号")] * 2
    assert client.post("/v1/check", json={"text": MIXED, "lang": "fr"}).status_code == 422


def test_languagetool_mother_tongue_and_language(client):
    def messages(**fields):
        response = client.post("/v2/check", data={"text": EN_PHONE, "language": "auto", **fields})
        return [m["shortMessage"] for m in response.json()["matches"] if m["rule"]["id"] == "personal-info/phone-number"]

    assert messages() == ["Phone number of a person"]
    assert messages(motherTongue="ja-JP") == ["個人の電話番号"]
    assert messages(motherTongue="de-DE") == ["Phone number of a person"], "a language postlint does not write is no error"
    japanese = client.post("/v2/check", data={"text": JA_PHONE, "language": "ja-JP"}).json()["matches"][0]
    assert japanese["message"].startswith("個人の電話番号。投稿は誰でも") and "代わりに: 番号を削除" in japanese["message"]
