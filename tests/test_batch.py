"""Batch review: inputs, the batched engine entry point, partial failures, formats and baselines.

CLI runs use --jobs 1 (in this process, models already loaded) except the one test that checks
that worker processes give the same results; selecting the phone and e-mail rules keeps counts
independent of the other rules.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from linter import Draft
from linter.batch.inputs import Entry, InputOptions, read_inputs
from linter.batch.review import check_items
from linter.batch.tasks import BatchOptions
from linter.cli import app
from linter.engine import Report
from linter.report import InputProblem

from .conftest import EXAMPLE_CONFIG

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
EN_PHONE = "Please call my neighbour Ken Ito on 090-3141-5926 if the parcel arrives."
JA_PHONE = "隣の佐藤さんの携帯は080-2718-2818です。荷物が届いたら連絡してください。"
EN_MAIL = "Send the pictures to rina.hoshino.1990@gmail.com before Friday."
CLEAN = "What a lovely morning for a walk by the river."
CONTACT_RULES = "personal-info/phone-number,personal-info/email-address"


def run(*args: str, input: str | None = None):
    """postlint check in this process (one job), phone and e-mail rules, the example config."""
    argv = ["check", "--jobs", "1", "--select", CONTACT_RULES, "--config", str(EXAMPLE_CONFIG), *args]
    return CliRunner().invoke(app, argv, input=input)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def jsonl_export(path: Path, rows: list) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    return write(path, "\n".join(lines) + "\n")


def phones(report: Report) -> list[str]:
    return [f.text for f in report.findings if f.rule == "personal-info/phone-number"]


# ---------------------------------------------------------------- the batched engine entry point

def test_check_many_gives_the_same_reports_as_check(linter):
    drafts = [EN_PHONE, JA_PHONE, EN_MAIL, CLEAN, "", "  \n", f"{EN_PHONE}\n\n{JA_PHONE}",
              "# Launch\n\n`090-1234-5678` is in code; call 090-3141-5926."]
    for language in (None, "ja"):
        one_by_one = [linter.check(Draft(text=t), language=language) for t in drafts]
        batched = linter.check_many([Draft(text=t) for t in drafts], language=language)
        assert [(r.language, r.findings) for r in batched] == [(r.language, r.findings) for r in one_by_one]
    mixed = linter.check_many(drafts[:3], language=["en", "ja", None])
    assert phones(mixed[1]) == ["080-2718-2818"] and mixed[1].language == "ja"


# ---------------------------------------------------------------- inputs

def test_folders_are_walked_for_drafts_only(tmp_path):
    write(tmp_path / "b.md", EN_PHONE)
    write(tmp_path / "a" / "c.markdown", JA_PHONE)
    write(tmp_path / "a" / "d.txt", CLEAN)
    write(tmp_path / "notes.json", "{}")
    write(tmp_path / ".drafts" / "hidden.md", EN_PHONE)
    write(tmp_path / ".hidden.md", EN_PHONE)
    entries = list(read_inputs([str(tmp_path)]))
    assert [Path(e.draft.name).relative_to(tmp_path).as_posix() for e in entries] == ["b.md", "a/c.markdown", "a/d.txt"]
    assert [e.id for e in entries] == [e.draft.name for e in entries]
    assert entries[-1].position == sum(p.stat().st_size for p in (tmp_path / "b.md", tmp_path / "a" / "c.markdown", tmp_path / "a" / "d.txt"))


def test_jsonl_rows_carry_id_and_metadata_and_bad_lines_are_located(tmp_path):
    export = jsonl_export(tmp_path / "posts.jsonl", [
        {"id": "p1", "text": EN_PHONE, "author": "mika", "channel": "x", "date": "2026-01-05"},
        "",
        "{not json",
        {"id": "p3", "text": JA_PHONE, "lang": "ja"},
        {"id": "p4", "body": "no text field"},
        {"id": "p5", "text": CLEAN, "lang": "fr"},
        ["a", "list"],
        {"text": CLEAN},
    ])
    items = list(read_inputs([str(export)]))
    problems = [i.message for i in items if isinstance(i, InputProblem)]
    assert problems == [
        f"{export}:3: malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{export}:5: no text in field 'text'",
        f"{export}:6: unknown lang 'fr' (expected auto, en, ja)",
        f"{export}:7: expected a JSON object per line",
    ]
    entries = [i for i in items if isinstance(i, Entry)]
    assert [e.id for e in entries] == ["p1", "p3", "8"]
    assert entries[0].draft.name == f"{export}#p1"
    assert entries[0].draft.meta == {"id": "p1", "source": str(export), "line": 1, "author": "mika", "channel": "x", "date": "2026-01-05"}
    assert entries[1].language == "ja" and entries[0].language is None


def test_csv_columns_multiline_cells_and_cp932(tmp_path):
    rows = [["post", "body", "author"], ["c-1", JA_PHONE + "\n二行目", "aki"], ["c-2", CLEAN, "ben"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    export = write(tmp_path / "export.csv", buffer.getvalue(), encoding="cp932")
    options = InputOptions(text_column="body", id_column="post")
    entries = list(read_inputs([str(export)], options))
    assert [(e.id, e.draft.meta["line"], e.draft.meta["author"]) for e in entries] == [("c-1", 2, "aki"), ("c-2", 4, "ben")]
    assert entries[0].draft.text == JA_PHONE + "\n二行目"
    missing = list(read_inputs([str(export)], InputOptions(text_column="message")))
    assert [p.message for p in missing] == [f"{export}:1: no column 'message' (columns: post, body, author); name it with --text-column"]
    missing_id = list(read_inputs([str(export)], InputOptions(text_column="body", id_column="uid")))
    assert "no column 'uid'" in missing_id[0].message


def test_csv_row_with_bytes_of_no_encoding_is_reported_and_reading_goes_on(tmp_path):
    export = tmp_path / "broken.csv"
    clean_rows = b"".join(b"r%d,%s\n" % (n, CLEAN.encode()) for n in range(1500))  # beyond the sniffed head
    export.write_bytes(b"id,text\n" + clean_rows + b"bad,caf\xe9 \xff\xfe\nlast," + EN_PHONE.encode() + b"\n")
    items = list(read_inputs([str(export)]))
    assert [type(i).__name__ for i in items[-3:]] == ["Entry", "InputProblem", "Entry"]
    assert items[-2].message == f"{export}:1502: not valid utf-8 text"
    assert items[-1].id == "last" and items[-1].draft.meta["line"] == 1503


def test_parquet_rows(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"id": ["q1", "q2"], "text": [EN_PHONE, CLEAN], "channel": ["x", None]})
    pq.write_table(table, tmp_path / "posts.parquet")
    entries = list(read_inputs([str(tmp_path / "posts.parquet")]))
    assert [(e.id, e.draft.meta.get("channel"), e.draft.meta["row"]) for e in entries] == [("q1", "x", 1), ("q2", None, 2)]


# ---------------------------------------------------------------- the command line

def test_partial_failures_are_reported_with_location_and_exit_2(tmp_path):
    good = write(tmp_path / "good.md", EN_PHONE)
    binary = tmp_path / "photo.md"
    binary.write_bytes(b"\x89PNG\x00\x00")
    export = jsonl_export(tmp_path / "posts.jsonl", [{"id": "p1", "text": JA_PHONE}, "{oops"])
    result = run("--format", "jsonl", str(good), str(tmp_path / "missing.md"), str(binary), str(export))
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("error", "").split(": ", 1)[-1] for line in lines] == [
        "", "no such file", "binary file, not a text draft", "", "malformed JSON (Expecting property name enclosed in double quotes at column 2)"]
    assert [(line["id"], [f["text"] for f in line.get("findings", [])]) for line in lines if "findings" in line] == [
        (str(good), ["090-3141-5926"]), ("p1", ["080-2718-2818"])]
    assert f"postlint: error: {export}:2: malformed JSON" in result.stderr
    assert "2 drafts checked, 2 with findings: 2 errors; 3 could not be read" in result.stderr


def test_json_format_keeps_the_scorer_contract(tmp_path):
    write(tmp_path / "a.md", EN_PHONE)
    write(tmp_path / "b.md", CLEAN)
    result = run("--format", "json", str(tmp_path))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["errors"] == []
    assert [(Path(f["path"]).name, f["language"]) for f in data["files"]] == [("a.md", "en"), ("b.md", "en")]
    finding = data["files"][0]["findings"][0]
    assert {k: finding[k] for k in ("category", "severity", "start", "end", "line", "column", "text")} == {
        "category": "personal-info", "severity": "error", "start": 36, "end": 49, "line": 1, "column": 37,
        "text": "090-3141-5926"}
    assert EN_PHONE[finding["start"]:finding["end"]] == finding["text"]


def test_stdin_and_clean_drafts_exit_0_with_a_summary():
    result = run("-", input=CLEAN)
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("1 draft checked, 0 with findings")


def test_output_file_and_summary_on_stdout(tmp_path):
    write(tmp_path / "a.md", JA_PHONE)
    out = tmp_path / "report.jsonl"
    result = run("--format", "jsonl", "--output", str(out), str(tmp_path / "a.md"))
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["findings"][0]["text"] == "080-2718-2818"
    assert "personal-info" in result.stdout and "1 draft checked, 1 with findings: 1 error" in result.stdout


def test_progress_only_when_asked_or_on_a_terminal(tmp_path, monkeypatch):
    from linter.report import progress

    write(tmp_path / "a.md", CLEAN)
    write(tmp_path / "b.md", CLEAN)
    monkeypatch.setattr(progress, "PLAIN_EVERY_SECONDS", 0)  # a line after every draft
    assert "checked" not in run(str(tmp_path), "-q").stderr
    shown = run(str(tmp_path), "-q", "--progress")  # off a terminal: plain lines, no escape codes
    lines = [line.split(" (")[0] for line in shown.stderr.splitlines()]
    assert lines == ["postlint: checked 1 draft", "postlint: checked 2 drafts"]
    assert "\x1b" not in shown.stderr


def test_csv_report_defuses_formulas(tmp_path):
    export = jsonl_export(tmp_path / "posts.jsonl", [{"id": "=HYPERLINK(1)", "text": "@team call 090-3141-5926", "author": "+ann"}])
    result = run("--format", "csv", str(export))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["author"], r["text"], r["line"], r["column"]) for r in rows] == [
        ("'=HYPERLINK(1)", "'+ann", "090-3141-5926", "1", "12")]


def test_sarif_report_is_valid_2_1_0_with_rule_help(tmp_path):
    draft = write(tmp_path / "launch.md", f"# Launch\n\n{EN_PHONE}\n")
    export = jsonl_export(tmp_path / "posts.jsonl", [{"id": "p1", "text": CLEAN}, {"id": "p2", "text": EN_MAIL}, "{bad"])
    result = run("--format", "sarif", str(draft), str(export))
    log = json.loads(result.stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["personal-info/phone-number", "personal-info/email-address"]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    first, second = run_["results"]
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 37, "endLine": 3, "endColumn": 50}
    assert second["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": export.as_uri()}, "region": {"startLine": 2}}
    assert second["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "p2"
    assert rules[second["ruleIndex"]]["id"] == second["ruleId"]
    assert run_["invocations"][0]["executionSuccessful"] is False
    assert "malformed JSON" in run_["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert "rina.hoshino" not in result.stdout  # the log points at drafts, it does not copy them


# ---------------------------------------------------------------- baselines

def test_baseline_hides_exactly_the_accepted_findings(tmp_path):
    draft = write(tmp_path / "post.md", EN_PHONE)
    baseline = tmp_path / "baseline.jsonl"
    first = run("--write-baseline", str(baseline), str(draft))
    assert first.exit_code == 1
    assert "090-3141-5926" not in baseline.read_text(encoding="utf-8")
    assert run("--baseline", str(baseline), str(draft)).exit_code == 0
    write(draft, "Update: " + EN_PHONE + " Or 090-3141-5926 again, or 080-2718-2818.")
    again = run("--baseline", str(baseline), "--format", "jsonl", str(draft))
    assert again.exit_code == 1
    shown = [f["text"] for f in json.loads(again.stdout)["findings"]]
    assert shown == ["090-3141-5926", "080-2718-2818"]  # the second occurrence and the new number
    assert "2 accepted" not in again.stderr and "1 accepted in the baseline, hidden" in again.stderr


def test_bad_baseline_is_one_line_and_exit_2(tmp_path):
    draft = write(tmp_path / "post.md", CLEAN)
    result = run("--baseline", str(tmp_path / "none.jsonl"), str(draft))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"postlint: error: {tmp_path / 'none.jsonl'}: baseline file not found (write one with --write-baseline)"


# ---------------------------------------------------------------- worker processes

def test_worker_processes_give_the_same_results_in_input_order(tmp_path):
    rows = [{"id": f"r{n}", "text": text} for n, text in enumerate([EN_PHONE, JA_PHONE, EN_MAIL, CLEAN] * 3)]
    export = jsonl_export(tmp_path / "posts.jsonl", rows[:5] + ["{broken"] + rows[5:])
    options = BatchOptions(config=EXAMPLE_CONFIG, select=tuple(CONTACT_RULES.split(",")), chunk_size=2)
    local = list(check_items(read_inputs([str(export)]), BatchOptions(**{**options.__dict__, "jobs": 1})))
    pooled = list(check_items(read_inputs([str(export)]), BatchOptions(**{**options.__dict__, "jobs": 2})))

    def flat(outcomes):
        return [(o.result.draft.meta["id"], o.result.language, o.result.findings) if isinstance(o.result, Report)
                else o.result.message for o in outcomes]

    assert flat(pooled) == flat(local)
    assert [x if isinstance(x, str) else x[0] for x in flat(local)][4:7] == ["r4", f"{export}:6: malformed JSON (Expecting property name enclosed in double quotes at column 2)", "r5"]


def test_streamed_json_is_byte_identical_to_the_json_renderer(linter, tmp_path):
    from linter.batch.review import Summary
    from linter.report import RunResult
    from linter.report import json as json_report
    from linter.report.writer import JsonWriter

    for reports, problems in (([], []), ([linter.check(Draft(text=t, name=f"d{n}.md")) for n, t in enumerate([EN_PHONE, JA_PHONE, CLEAN])],
                                         [InputProblem("x.md", "x.md: no such file")])):
        expected, streamed = io.StringIO(), io.StringIO()
        json_report.render(RunResult(reports=reports, problems=problems), expected)
        writer = JsonWriter(streamed)
        for report in reports:
            writer.report(report)
        for problem in problems:
            writer.problem(problem)
        writer.close(Summary())
        assert streamed.getvalue() == expected.getvalue()
