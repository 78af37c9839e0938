"""The `postlint` command line (Typer). Option parsing lives here; checking lives in the engine."""
from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from typer._click import Context as ClickContext
from typer._click import exceptions as click_errors
from typer.core import TyperGroup

from . import __version__
from .config import find_config, load_config
from .engine import Linter
from .errors import InputError, PostlintError
from .finding import Severity
from .report import InputProblem

class PostlintGroup(TyperGroup):
    """The command group: `postlint PATHS...` means `postlint check PATHS...`, and every usage or
    input error is one line on stderr with exit status 2, never a traceback."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in (*ctx.help_option_names, "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()
            status = ExitStatus.ERROR
        except click_errors.ClickException as exc:
            _err_console().print(f"postlint: error: {exc.format_message()} (see postlint --help)", markup=False)
            status = ExitStatus.ERROR if isinstance(exc, click_errors.UsageError) else exc.exit_code
        except typer.Abort:
            _err_console().print("postlint: aborted", markup=False)
            status = ExitStatus.FINDINGS
        except Exception as exc:  # a bug must still reach the user as one line, not a traceback
            _err_console().print(f"postlint: internal error: {type(exc).__name__}: {exc}", markup=False)
            status = ExitStatus.ERROR
        sys.exit(status or 0)


app = typer.Typer(
    cls=PostlintGroup,
    name="postlint",
    help="Check social-media drafts for personal data, confidential information and other policy risks before you post.\n\n"
         "postlint PATHS... is the same as postlint check PATHS...",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ExitStatus(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


class OutputFormat(str, enum.Enum):
    text = "text"
    json = "json"


class ReportFormat(str, enum.Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    csv = "csv"
    html = "html"


class FailOn(str, enum.Enum):
    error = "error"
    warning = "warning"
    info = "info"


class Language(str, enum.Enum):
    auto = "auto"
    en = "en"
    ja = "ja"


def _split(values: Optional[List[str]]) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str) -> None:
    """One clear line on stderr and exit status 2."""
    _err_console().print(f"postlint: error: {message}", markup=False)
    raise typer.Exit(ExitStatus.ERROR)


@app.command()
def check(
    paths: List[str] = typer.Argument(..., help="Draft files or folders (.md, .markdown, .txt), exports (.jsonl, .csv, .parquet); - reads stdin."),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (default: standard output)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file (default: postlint.toml or pyproject.toml found from the draft's folder upward)."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Exit 1 when a finding at or above this severity is found."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rule ids or categories (comma-separated or repeated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule ids or categories (comma-separated or repeated)."),
    language: Language = typer.Option(Language.auto, "--language", "-l", help="Language of the drafts; auto uses an export's lang field, else detects it per sentence."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (default: one per core; 1 checks in this process)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal, not in CI)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Hide the findings recorded in this baseline file (accepted in an earlier review)."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="Record this run's findings in this file, as accepted."),
    text_column: str = typer.Option("text", "--text-column", help="Column (CSV, Parquet) or field (JSONL) with each draft's text."),
    id_column: Optional[str] = typer.Option(None, "--id-column", help="Column or field with each draft's id (default: id, else the line or row number)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Check .jsonl/.parquet exports on this Dask cluster (tcp://HOST:8786; needs postlint[dask])."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the finding lines: no snippets, no summary."),
    no_color: bool = typer.Option(False, "--no-color", help="No colour, even on a terminal."),
) -> None:
    """Check drafts and report what is risky, why, and what to write instead.

    Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error
    (inputs that cannot be read are reported with their location and the run goes on).
    """
    from .batch import BatchOptions
    from .inputs import InputOptions

    options = BatchOptions(config=config, select=tuple(_split(select)), ignore=tuple(_split(ignore)),
                           language=None if language is Language.auto else language.value, jobs=jobs)
    show_progress = progress if progress is not None else sys.stderr.isatty() and not os.environ.get("CI")
    try:
        summary = _review(paths, options, InputOptions(text_column, id_column), format.value, output,
                          Severity.parse(fail_on.value), baseline, write_baseline, show_progress, quiet, no_color,
                          scheduler)
    except PostlintError as exc:
        fail(str(exc))
    if summary.failed_inputs:
        raise typer.Exit(ExitStatus.ERROR)
    if summary.at_or_above_fail_on:
        raise typer.Exit(ExitStatus.FINDINGS)


def _review(paths, options, input_options, format: str, output: Path | None, fail_on: Severity,
            baseline: Path | None, write_baseline: Path | None, show_progress: bool, quiet: bool, no_color: bool,
            scheduler: str | None):
    """Run a batch review: the report to stdout or --output, problems and progress on stderr,
    then the summary (stdout for text or with --output, else stderr)."""
    from .batch import review
    from .inputs import STDIN, total_size
    from .report.formats import make_writer
    from .report.progress import BatchProgress
    from .report.summary import render_summary

    plain = {"color_system": None} if no_color or "NO_COLOR" in os.environ else {}  # no escape codes at all
    stdout = Console(highlight=False, soft_wrap=True, **plain)
    stderr = Console(stderr=True, force_terminal=show_progress or None, highlight=False, soft_wrap=True, **plain)
    try:
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror or exc})") from None
    total = total_size(paths) if show_progress and STDIN not in paths else None
    bar = BatchProgress(stderr, total) if show_progress else None

    def on_progress(outcome, summary) -> None:
        if isinstance(outcome.result, InputProblem):
            stderr.print(f"postlint: error: {outcome.result.message}", markup=False)
        if bar:
            bar.update(outcome.position, summary.checked)

    text_console = stdout if out is sys.stdout else Console(file=out, no_color=True, highlight=False, soft_wrap=True)
    try:
        if bar:
            bar.__enter__()
        summary = review(paths, options, lambda rules: make_writer(format, out, rules, console=text_console, quiet=quiet),
                         input_options, fail_on, baseline, write_baseline, on_progress, scheduler)
    finally:
        if bar:
            bar.__exit__(None, None, None)
        if output:
            out.close()
        else:
            out.flush()
    if not quiet:
        render_summary(summary, stdout if format == "text" or output else stderr)
    return summary


@app.command("rules")
def list_rules(
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file whose extra rules to include."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """List the rules: id, category, severity, languages and what each flags."""
    linter = _linter_or_fail(config)
    if format is OutputFormat.json:
        import json

        rows = [{"id": s.id, "category": s.category, "severity": s.severity.value,
                 "languages": list(s.languages), "summary": s.summary} for s in linter.specs]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print_rules_table(Console(highlight=False), linter.specs)


RULES_TABLE_MIN_SUMMARY = 30


def print_rules_table(console: Console, specs) -> None:
    """Rules as a table: ids never wrap; on a terminal too narrow for a table, one rule per block."""
    from rich.table import Table
    from rich.text import Text

    id_width = max((len(s.id) for s in specs), default=2)
    if console.width - id_width - len(" │ warning │ en,ja │ ") < RULES_TABLE_MIN_SUMMARY:
        for s in specs:
            console.print(f"[bold]{escape(s.id)}[/]", soft_wrap=True)
            details = Text(f"{s.severity.value} · {','.join(s.languages)} · {s.summary}")
            for line in details.wrap(console, max(console.width - 4, RULES_TABLE_MIN_SUMMARY)):
                line.rstrip()
                console.print(Text("    ") + line, soft_wrap=True)
        return
    table = Table(show_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True, min_width=id_width)
    table.add_column("severity", no_wrap=True)
    table.add_column("languages", no_wrap=True)
    table.add_column("flags", ratio=1)
    for s in specs:
        table.add_row(s.id, s.severity.value, ",".join(s.languages), s.summary)
    console.print(table)


@app.command()
def explain(
    rule_id: str = typer.Argument(..., help="A rule id, e.g. personal-info/phone-number."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file whose extra rules to include."),
) -> None:
    """Explain a rule: what it flags, why it is risky, examples and what to write instead."""
    linter = _linter_or_fail(config)
    spec = next((s for s in linter.specs if s.id == rule_id), None)
    if spec is None:
        fail(f"unknown rule '{rule_id}' (see `postlint rules`)")
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]{spec.id}[/]  ({spec.category}, {spec.severity.value}, {', '.join(spec.languages)})")
    console.print(f"\n[bold]What it flags[/]\n  {spec.summary}", markup=True)
    console.print(f"\n[bold]Why it is risky[/]\n  {spec.why}")
    console.print(f"\n[bold]Instead[/]\n  {spec.instead}")
    for lang, blocks in spec.examples.items():
        for label, key in (("Flagged", "flag"), ("Fine", "ok")):
            for example in blocks.get(key, [])[:2]:
                shown = escape(str(example)).replace("\n", "\n  ")
                console.print(f"\n[bold]{label} ({lang})[/]\n  {shown}", markup=True)


def _linter_or_fail(config: Path | None) -> Linter:
    try:
        return Linter(load_config(config or find_config(Path.cwd())))
    except PostlintError as exc:
        fail(str(exc))


STARTER_CONFIG = """\
# postlint configuration: what postlint needs to know about your organization.
# postlint looks for this file in the draft's folder and its parents (or pass --config).

[organization]
# Your organization's name and the other names people use for it.
name = "Example Corp"
aliases = ["Example", "Example Corporation"]
# Your official accounts: look-alikes of these are flagged.
official_accounts = ["@example", "@example_support"]
# Products and services: promoting them without disclosing that you work here is flagged.
products = ["Example Cloud"]
# Internal codenames: never to be posted.
confidential_terms = ["Project Bluebird"]

[allow]
# Public contact points and public people that are never flagged.
terms = ["support@example.com"]

[rules]
# select = ["personal-info"]          # only these rules or categories
# ignore = ["official-statement"]     # skip these
# extra = ["./our-rules/"]            # folders with your own rule files
# [rules.severity]
# "personal-info/person-name" = "warning"

# [models]
# en = "en_core_web_md"               # another installed spaCy pipeline
"""


@app.command()
def init(
    path: Path = typer.Argument(Path("postlint.toml"), help="Where to write the starter config."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter postlint.toml."""
    if path.exists() and not force:
        fail(f"{path} already exists (use --force to overwrite)")
    try:
        path.write_text(STARTER_CONFIG, encoding="utf-8")
    except OSError as exc:
        fail(f"{path}: cannot write ({exc.strerror or exc})")
    print(f"wrote {path}: edit [organization] to describe your organization")


@app.command()
def serve(
    port: int = typer.Option(7678, "--port", "-p", min=0, max=65535, help="TCP port (0: any free port)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on: loopback only, unless --unsafe-bind."),
    token: Optional[str] = typer.Option(None, "--token", envvar="POSTLINT_TOKEN", show_envvar=True,
                                        help="Require this token (Authorization: Bearer T, or X-Postlint-Token: T)."),
    allow_origin: Optional[List[str]] = typer.Option(None, "--allow-origin", help="Only this extension origin (chrome-extension://ID or moz-extension://UUID; repeatable). Default: any extension."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Config file (default: postlint.toml or pyproject.toml found from the current folder upward)."),
    unsafe_bind: bool = typer.Option(False, "--unsafe-bind", help="Allow a non-loopback --host (needs --token)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="Seconds a check may take, waiting included (then 503)."),
    max_pending: int = typer.Option(128, "--max-pending", min=1, help="Checks that may wait at once (more: 503)."),
    max_body: int = typer.Option(1024 * 1024, "--max-body", min=1024, help="Largest request body in bytes (more: 413)."),
    access_log: bool = typer.Option(True, "--access-log/--no-access-log", help="Log method, path, status, text length and ms of each request (never the text)."),
    one_process: bool = typer.Option(False, "--one-process", help="Run the checks in the server's own process: less memory, slower answers, and a check past --timeout is answered 503 but runs on to its end (by default checks run in a process that is replaced when one overruns, and a second one finds names meanwhile)."),
) -> None:
    """Run the local HTTP server for the browser extension and LanguageTool clients.

    Loads and warms the models, prints one line with its address, and stops on Ctrl-C or SIGTERM.
    """
    from .server import serve as run_server

    try:
        run_server(config=config, host=host, port=port, token=token, allow_origins=allow_origin or [],
                   unsafe_bind=unsafe_bind, timeout=timeout, max_pending=max_pending, max_body=max_body,
                   access_log=access_log, one_process=one_process)
    except PostlintError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        raise typer.Exit(ExitStatus.OK)


def version_callback(value: bool) -> None:
    if value:
        print(f"postlint {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True, help="Show the version."),
) -> None:
    """Check social-media drafts before you post."""


def main() -> None:
    """Entry point of the `postlint` console script."""
    app(prog_name="postlint")
