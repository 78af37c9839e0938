"""Findings in the reader's language: every rule's wording in English and Japanese, findings worded
in the language of their sentence by default, or as chosen (--lang, [output] language, the
server's `lang`, LanguageTool's motherTongue and language); and postlint's own words around them
(labels, the summary, notes, `rules`, `explain`, SARIF rule help, /v1/rules) in the same language."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from typer.testing import CliRunner

from linter import Linter
from linter.cli import app
from linter.config import load_config
from linter.errors import ConfigError, UsageError
from linter.rules.loader import builtin_rules_dir, load_specs
from linter.rules.wording import phrases
from linter.serve.worker import CheckWorker

from .conftest import EXAMPLE_CONFIG
from .server_fixtures import client, client_for, worker  # noqa: F401  (fixtures)

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
def test_every_rule_says_summary_message_why_and_instead_in_japanese(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("summary", "message", "why", "instead"):
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


def test_postlints_own_labels_are_in_both_languages_with_the_same_placeholders():
    """rules/labels.yaml: a template per language; English may give {one:, other:} by count."""
    names = re.compile(r"\{([a-z_]+)(?::[^}]*)?\}")  # {count:,} is a name with a format
    for key, texts in phrases("labels").items():
        english = texts["en"] if isinstance(texts["en"], dict) else {"one": texts["en"], "other": texts["en"]}
        assert set(english) == {"one", "other"}, key
        assert isinstance(texts["ja"], str) and texts["ja"] not in english.values(), f"{key}: not translated"
        assert set(names.findall(texts["ja"])) == set(names.findall(english["one"])) == set(names.findall(english["other"])), key


def test_a_missing_translation_fails_the_test_above(tmp_path):
    """The check reads the files themselves: a rule file without message_ja is found."""
    source = builtin_rules_dir() / "personal-info" / "phone-number.yaml"
    stripped = "".join(line for line in source.read_text(encoding="utf-8").splitlines(keepends=True)
                       if not line.startswith("message_ja:"))
    copy = tmp_path / "phone-number.yaml"
    copy.write_text(stripped, encoding="utf-8")
    with pytest.raises(AssertionError, match="no message_ja"):
        test_every_rule_says_summary_message_why_and_instead_in_japanese(copy)
    copy.write_text("".join(line for line in source.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("summary_ja:")), encoding="utf-8")
    with pytest.raises(AssertionError, match="no summary_ja"):
        test_every_rule_says_summary_message_why_and_instead_in_japanese(copy)


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


# ---------------------------------------------------------------- postlint's own words, through the CLI

PHONE_ONLY = ("--jobs", "1", "--select", "personal-info/phone-number")
NO_CONFIG_EN = ("postlint: no postlint.toml found; organization checks (codenames, look-alike handles, endorsements) "
                "are off \u2014 run 'postlint init'")
NO_CONFIG_JA = ("postlint: postlint.toml が見つかりません。組織についてのチェック（社内コードネーム、なりすましアカウント、"
                "関係を明かさない宣伝）は行われません \u2014 'postlint init' で作成してください")


def cli(*args, env: dict | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


def mixed_draft(folder: Path, config: str | None = None) -> Path:
    """A draft with a phone number in a Japanese sentence and one in an English sentence, and a
    postlint.toml beside it when config is given."""
    if config is not None:
        (folder / "postlint.toml").write_text(config, encoding="utf-8")
    path = folder / "post.md"
    path.write_text(MIXED + "\n", encoding="utf-8")
    return path


def labels_under_findings(stdout: str) -> list[str]:
    return re.findall(r"^ {6}(= \S+:)", stdout, flags=re.M)


def test_by_default_each_finding_is_labelled_in_its_own_language_and_the_run_is_told_in_english(tmp_path):
    result = cli(*PHONE_ONLY, "--no-color", mixed_draft(tmp_path))
    assert result.exit_code == 1
    assert labels_under_findings(result.stdout) == ["= why:", "= instead:", "= 理由:", "= 代わりに:"]
    assert "= 理由: 投稿は誰でも見ることができ" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 draft checked, 1 with findings: 2 errors"
    assert re.search(r"^ category +┃ error ┃ warning ┃ info", result.stdout, flags=re.M)
    assert result.stderr.splitlines() == [NO_CONFIG_EN]


def test_lang_ja_says_everything_in_japanese(tmp_path):
    result = cli(*PHONE_ONLY, "--no-color", "--lang", "ja", mixed_draft(tmp_path))
    assert result.exit_code == 1
    assert labels_under_findings(result.stdout) == ["= 理由:", "= 代わりに:"] * 2
    assert re.search(r"^ カテゴリ +┃ エラー ┃ 警告 ┃ 情報", result.stdout, flags=re.M)
    assert result.stdout.splitlines()[-1] == "下書き1件を確認、1件に指摘あり（エラー2件）"
    assert result.stderr.splitlines() == [NO_CONFIG_JA]
    assert "why" not in result.stdout and "instead" not in result.stdout and "checked" not in result.stdout


def test_the_configs_output_language_says_everything_in_japanese_and_lang_en_wins(tmp_path):
    path = mixed_draft(tmp_path, '[output]\nlanguage = "ja"\n')
    japanese = cli(*PHONE_ONLY, path)
    assert labels_under_findings(japanese.stdout) == ["= 理由:", "= 代わりに:"] * 2
    assert japanese.stdout.splitlines()[-1] == "下書き1件を確認、1件に指摘あり（エラー2件）"
    assert japanese.stderr == ""
    english = cli(*PHONE_ONLY, "--lang", "en", path)
    assert labels_under_findings(english.stdout) == ["= why:", "= instead:"] * 2
    assert english.stdout.splitlines()[-1] == "1 draft checked, 1 with findings: 2 errors"


def test_drafts_whose_configs_disagree_get_an_english_summary(tmp_path):
    (tmp_path / "ja").mkdir()
    (tmp_path / "en").mkdir()
    in_japanese = mixed_draft(tmp_path / "ja", '[output]\nlanguage = "ja"\n')
    by_sentence = mixed_draft(tmp_path / "en", '[output]\nlanguage = "auto"\n')
    both = cli(*PHONE_ONLY, in_japanese, by_sentence)
    assert both.stdout.splitlines()[-1] == "2 drafts checked, 2 with findings: 4 errors"
    assert labels_under_findings(both.stdout) == ["= 理由:", "= 代わりに:"] * 2 + ["= why:", "= instead:", "= 理由:", "= 代わりに:"]
    assert cli(*PHONE_ONLY, in_japanese, tmp_path / "ja").stdout.splitlines()[-1] == "下書き2件を確認、2件に指摘あり（エラー4件）"


def test_the_summary_says_what_could_not_be_read_and_what_the_baseline_hid_in_japanese(tmp_path):
    path = mixed_draft(tmp_path, '[output]\nlanguage = "ja"\n')
    baseline = tmp_path / "baseline.jsonl"
    assert cli(*PHONE_ONLY, "--write-baseline", baseline, path).exit_code == 1
    (tmp_path / "new.md").write_text(JA_PHONE + "\n", encoding="utf-8")
    result = cli(*PHONE_ONLY, "--baseline", baseline, path, tmp_path / "new.md", tmp_path / "missing.md")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == (
        "下書き2件を確認、1件に指摘あり（エラー1件）。読み込めなかった入力1件。ベースラインで承認済みの指摘2件は非表示")
    english = cli(*PHONE_ONLY, "--lang", "en", "--baseline", baseline, path, tmp_path / "missing.md")
    assert english.stdout.splitlines()[-1] == (
        "1 draft checked, 0 with findings; 1 could not be read; 2 accepted in the baseline, hidden")


def test_progress_lines_in_japanese(tmp_path, monkeypatch):
    from linter.report import progress

    monkeypatch.setattr(progress, "PLAIN_EVERY_SECONDS", 0)  # a line after every draft
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("今日はいい天気ですね。\n", encoding="utf-8")
    japanese = cli(*PHONE_ONLY, "--config", EXAMPLE_CONFIG, "--progress", "-q", "--lang", "ja", tmp_path)
    assert [line.split("（")[0] for line in japanese.stderr.splitlines()] == [
        "postlint: 下書き1件を確認済み", "postlint: 下書き2件を確認済み"]
    assert re.fullmatch(r"postlint: 下書き2件を確認済み（入力の100%、毎秒[\d,]+件）", japanese.stderr.splitlines()[-1])
    english = cli(*PHONE_ONLY, "--config", EXAMPLE_CONFIG, "--progress", "-q", tmp_path)
    assert re.fullmatch(r"postlint: checked 2 drafts \(100% of the input, [\d,]+/s\)", english.stderr.splitlines()[-1])


def test_sarif_rule_help_in_the_output_language(tmp_path):
    path = mixed_draft(tmp_path)

    def run_of(*args):
        return json.loads(cli(*PHONE_ONLY, "--format", "sarif", *args, path).stdout)["runs"][0]

    english, japanese = run_of(), run_of("--lang", "ja")
    [rule] = english["tool"]["driver"]["rules"]
    assert rule["shortDescription"]["text"].startswith("A phone number in national or international format")
    assert "\n\nWhy: Anything posted" in rule["help"]["text"] and "**Instead:** Remove the number" in rule["help"]["markdown"]
    assert "language" not in english, "auto: the messages are in each sentence's language"
    [rule] = japanese["tool"]["driver"]["rules"]
    assert rule["shortDescription"]["text"].startswith("国内形式または国際形式の電話番号")
    assert rule["fullDescription"]["text"].startswith("投稿は誰でも見ることができ")
    assert "\n\n理由: 投稿は誰でも" in rule["help"]["text"] and "**代わりに:** 番号を削除" in rule["help"]["markdown"]
    assert japanese["language"] == "ja"
    assert {r["message"]["text"] for r in japanese["results"]} == {"個人の電話番号"}


def test_rules_in_japanese(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    japanese = cli("rules", "--lang", "ja", env={"COLUMNS": "200"})
    assert japanese.exit_code == 0
    assert re.search(r"^ ID +┃ 重大度 +┃ 言語 +┃ 検出する内容", japanese.stdout, flags=re.M)
    assert "国内形式または国際形式の電話番号" in japanese.stdout and "A phone number" not in japanese.stdout
    english = cli("rules", env={"COLUMNS": "200"})
    assert re.search(r"^ id +┃ severity ┃ languages ┃ flags", english.stdout, flags=re.M)
    assert "A phone number in national" in english.stdout and "国内形式" not in english.stdout
    rows = {r["id"]: r for r in json.loads(cli("rules", "--format", "json", "--lang", "ja").stdout)}
    specs = {s.id: s for s in load_specs([builtin_rules_dir()])}
    assert {rule_id: r["summary"] for rule_id, r in rows.items()} == {
        rule_id: s.translations["ja"]["summary"] for rule_id, s in specs.items()}
    assert rows["personal-info/phone-number"]["severity"] == "error", "names stay names"


def test_japanese_summaries_are_folded_never_cut_at_any_width(tmp_path, monkeypatch):
    from rich.cells import cell_len

    monkeypatch.chdir(tmp_path)
    summaries = [s.translations["ja"]["summary"] for s in load_specs([builtin_rules_dir()])]
    for columns in (60, 100, 140, 200):
        output = cli("rules", "--lang", "ja", env={"COLUMNS": str(columns)}).stdout
        assert max(cell_len(line) for line in output.splitlines()) <= columns, columns
        assert output.count("…") == sum(summary.count("…") for summary in summaries), f"cut short at {columns}"


def test_rules_and_explain_follow_the_configs_output_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "postlint.toml").write_text('[output]\nlanguage = "ja"\n', encoding="utf-8")
    rows = json.loads(cli("rules", "--format", "json").stdout)
    assert next(r for r in rows if r["id"] == "personal-info/email-address")["summary"] == "個人のメールアドレス。"
    assert cli("explain", "personal-info/email-address").stdout.splitlines()[2:4] == ["検出する内容", "  個人のメールアドレス。"]
    assert cli("explain", "personal-info/email-address", "--lang", "en").stdout.splitlines()[2:4] == [
        "What it flags", "  An e-mail address of a person."]


def test_explain_in_japanese(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("explain", "personal-info/phone-number", "--lang", "ja")
    assert result.exit_code == 0
    headings = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert headings[:4] == ["personal-info/phone-number  (personal-info, error, en, ja)", "検出する内容", "リスクの理由", "代わりに"]
    assert headings[4:] == ["指摘される例（ja）"] * 2 + ["問題のない例（ja）"] * 2 + ["指摘される例（en）"] * 2 + ["問題のない例（en）"] * 2
    assert "  国内形式または国際形式の電話番号" in result.stdout and "  番号を削除するか" in result.stdout
    english = cli("explain", "personal-info/phone-number")
    headings = [line for line in english.stdout.splitlines() if line and not line.startswith(" ")]
    assert headings[1:6] == ["What it flags", "Why it is risky", "Instead", "Flagged (en)", "Flagged (en)"]
    category = cli("explain", "personal-info", "--lang", "ja", env={"COLUMNS": "200"})
    assert category.stdout.startswith("personal-info: ルール") and "件（個々のルールは postlint explain ID）" in category.stdout
    assert "個人のメールアドレス。" in category.stdout


def test_the_server_lists_its_rules_in_the_language_asked_for(client):
    def email(**params):
        rules = client.get("/v1/rules", params=params).json()["rules"]
        rule = next(r for r in rules if r["id"] == "personal-info/email-address")
        return rule["summary"], rule["message"]

    assert email() == email(lang="en") == ("An e-mail address of a person.", "E-mail address of a person")
    assert email(lang="ja") == ("個人のメールアドレス。", "個人のメールアドレス")
    japanese = next(r for r in client.get("/v1/rules?lang=ja").json()["rules"] if r["id"] == "personal-info/phone-number")
    assert japanese["why"].startswith("投稿は誰でも") and japanese["instead"].startswith("番号を削除")
    assert client.get("/v1/rules?lang=fr").status_code == 422


def test_the_servers_rules_default_to_its_configs_output_language(tmp_path):
    config = tmp_path / "postlint.toml"
    config.write_text('[output]\nlanguage = "ja"\n', encoding="utf-8")
    worker = CheckWorker(Linter(load_config(config)), max_pending=4, timeout=30)
    try:
        client = client_for(worker)
        by_default = {r["id"]: r["summary"] for r in client.get("/v1/rules").json()["rules"]}
        asked = {r["id"]: r["summary"] for r in client.get("/v1/rules?lang=en").json()["rules"]}
    finally:
        worker.close()
    assert by_default["personal-info/email-address"] == "個人のメールアドレス。"
    assert asked["personal-info/email-address"] == "An e-mail address of a person."
