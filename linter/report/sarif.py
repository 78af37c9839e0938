"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and CI tools, streamed.

Results are written as drafts come in; the tool's rules (with their help text) and the run's
invocation (input problems as notifications) follow them, as JSON allows any key order.
Columns are Unicode code points (run.columnKind), like every postlint offset. Draft text is
never copied into the log: a finding points at its region of the file, or at the row of an
export (the draft id is its logical location). The rules' help is in the run's output language
(`lang`: --lang, else the config's [output] language; English by default), which the run's
`language` then says; each result's message is in the language its finding is worded in.
"""
from __future__ import annotations

import json
from pathlib import Path, PurePath
from urllib.parse import quote

from .. import __version__
from ..batch.baseline import fingerprints
from ..finding import Severity
from ..rules.wording import label
from . import InputProblem
from .writer import Writer

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a file path: relative paths stay relative (to the repository root)."""
    pure = PurePath(path)
    return Path(path).resolve().as_uri() if pure.is_absolute() else quote(pure.as_posix())


class SarifWriter(Writer):
    def __init__(self, out, lang: str | None = None, **options):
        super().__init__(out, **options)
        self.lang = lang
        self.rule_index: dict[str, int] = {}
        self.notifications: list[dict] = []
        self.count = 0
        self.out.write('{"$schema": "%s", "version": "2.1.0", "runs": [{"columnKind": "unicodeCodePoints", "results": [' % SCHEMA)

    def report(self, report) -> None:
        for finding, fingerprint in zip(report.findings, fingerprints(report)):
            self._write(self._result(report, finding, fingerprint))

    def problem(self, problem: InputProblem) -> None:
        self.notifications.append({"level": "error", "message": {"text": problem.message},
                                   "descriptor": {"id": "input-error"}})

    def close(self, summary) -> None:
        tool = {"driver": {"name": "postlint", "version": __version__, "semanticVersion": __version__,
                           "rules": [self._rule(rule_id) for rule_id in self.rule_index]}}
        invocation = {"executionSuccessful": not self.notifications,
                      "toolExecutionNotifications": self.notifications}
        language = f', "language": "{self.lang}"' if self.lang else ""
        self.out.write('], "tool": %s, "invocations": [%s]%s}]}\n'
                       % (json.dumps(tool, ensure_ascii=False), json.dumps(invocation, ensure_ascii=False), language))

    def _write(self, result: dict) -> None:
        self.out.write(("," if self.count else "") + "\n" + json.dumps(result, ensure_ascii=False))
        self.count += 1

    def _result(self, report, finding, fingerprint: str) -> dict:
        meta = report.draft.meta
        draft_id = meta.get("id", report.draft.name)
        source = meta.get("source")
        if source is None:
            end_line, end_column = report.draft.line_col(finding.end)
            region = {"startLine": finding.line, "startColumn": finding.column,
                      "endLine": end_line, "endColumn": end_column}
        else:
            region = {"startLine": meta["line"]} if "line" in meta else None
        physical = {"artifactLocation": {"uri": artifact_uri(source or report.draft.name)}}
        if region:
            physical["region"] = region
        return {
            "ruleId": finding.rule,
            "ruleIndex": self.rule_index.setdefault(finding.rule, len(self.rule_index)),
            "level": LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": physical,
                           "logicalLocations": [{"fullyQualifiedName": draft_id, "kind": "object"}]}],
            "partialFingerprints": {"postlintFinding/v1": fingerprint},
            "properties": {"category": finding.category, "draft": draft_id,
                           "start": finding.start, "end": finding.end},
        }

    def _rule(self, rule_id: str) -> dict:
        spec = self.rules(rule_id)
        if spec is None:
            return {"id": rule_id}
        lang = self.lang or "en"
        summary, why, instead = (spec.text(key, lang) for key in ("summary", "why", "instead"))
        why_label, instead_label = label("sarif_why", lang), label("sarif_instead", lang)
        help_text = f"{summary}\n\n{why_label}: {why}\n\n{instead_label}: {instead}"
        help_markdown = f"{summary}\n\n**{why_label}:** {why}\n\n**{instead_label}:** {instead}"
        return {
            "id": spec.id, "name": spec.name,
            "shortDescription": {"text": summary},
            "fullDescription": {"text": why},
            "help": {"text": help_text, "markdown": help_markdown},
            "defaultConfiguration": {"level": LEVEL[spec.severity]},
            "properties": {"category": spec.category, "tags": ["postlint", spec.category],
                           "languages": list(spec.languages)},
        }
