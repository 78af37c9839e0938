"""`--format html`: one self-contained page (no network, no CDN, no external file) to read and share.

Every draft is written as it comes (flat memory): a flagged one with its text, the flagged spans
highlighted and numbered, and the messages beside it (a why or instead a rule already gave for the
same draft is not repeated); a clean one with its text, listed when asked for. The summary
(counts, a chart, the controls to filter the findings by category and severity, the drafts by
author and channel, to list clean drafts and to sort by the fields the input has) is written last,
because only then are the counts known; CSS shows it first and the page's script moves it first in
the document, so reading and keyboard order start with it. Works offline, prints cleanly,
keyboard-accessible.
"""
from __future__ import annotations

from html import escape
from importlib.resources import files

from .. import __version__
from ..finding import Severity
from . import InputProblem
from .writer import Writer, draft_fields

ASSETS = files(__package__) / "assets"
SEVERITIES = tuple(reversed(Severity))  # error, warning, info
# The labels of a finding's why and instead, and of a pointer to an earlier finding, in its language.
LABELS = {"en": {"why": "Why:", "instead": "Instead:", "same": "{what}: as for {links}"},
          "ja": {"why": "理由:", "instead": "代わりに:", "same": "{what}: {links} と同じ"}}
# Fields of an export a draft may have, to filter (author, channel) or sort by.
OPTIONAL_FIELDS = ("author", "channel", "date")
COLOURS = {Severity.ERROR: "#b42318", Severity.WARNING: "#a15c07", Severity.INFO: "#175cd3"}


def _attr(value) -> str:
    return escape(str(value), quote=True)


class HtmlWriter(Writer):
    def __init__(self, out, **options):
        super().__init__(out, **options)
        self.count = 0
        self.flagged = 0
        self.fields_seen: set[str] = set()
        self.problems: list[InputProblem] = []
        style = (ASSETS / "report.css").read_text(encoding="utf-8")
        self.out.write(
            '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'">\n'
            f'<title>postlint report</title>\n<style>\n{style}</style>\n</head>\n<body>\n'
            '<a class="skip" href="#drafts-heading">Skip to the drafts</a>\n'
            f'<header class="page"><h1>postlint report</h1><p>Checked by postlint {escape(__version__)}.</p></header>\n'
            '<main id="main">\n<section id="drafts" aria-labelledby="drafts-heading">\n'
            '<h2 id="drafts-heading">Drafts</h2>\n<div id="draft-list">\n')

    def report(self, report) -> None:
        self.count += 1
        fields = draft_fields(report)
        self.fields_seen.update(key for key in OPTIONAL_FIELDS if fields.get(key))
        if report.findings:
            self.flagged += 1
            self.out.write(draft_article(report, self.count))
        else:
            self.out.write(clean_article(report, self.count))

    def problem(self, problem: InputProblem) -> None:
        self.problems.append(problem)

    def close(self, summary) -> None:
        if not self.flagged:
            self.out.write('<p class="none">No draft has findings.</p>\n')
        self.out.write("</div>\n</section>\n")
        if self.problems:
            items = "".join(f"<li>{escape(p.message)}</li>\n" for p in self.problems)
            self.out.write('<section id="problems" aria-labelledby="problems-heading">\n'
                           '<h2 id="problems-heading">Inputs that could not be checked</h2>\n'
                           f"<ul>\n{items}</ul>\n</section>\n")
        self.out.write(summary_section(summary, self.fields_seen))
        script = (ASSETS / "report.js").read_text(encoding="utf-8")
        self.out.write(f"</main>\n<script>\n{script}</script>\n</body>\n</html>\n")


# ---------------------------------------------------------------- one draft

def draft_article(report, number: int) -> str:
    """A flagged draft: a heading with its id and details, its text with the spans highlighted,
    and the numbered messages beside it."""
    fields = draft_fields(report)
    findings = report.findings
    worst = max(findings, key=lambda f: f.severity.rank).severity
    attributes = _data_attributes(fields, number, worst.rank, findings)
    prefix = f"d{number}"
    heading = f"{prefix}-h"
    return (
        f'<article class="draft sev-{worst.value}" {attributes} aria-labelledby="{heading}">\n'
        f'<header><h3 id="{heading}">{escape(str(fields["id"]))}</h3>'
        f'<span class="badge sev-{worst.value}">{worst.value}</span>'
        f'<span class="count">{len(findings)} finding{"s" if len(findings) != 1 else ""}</span>'
        f'{_details(report, fields)}</header>\n'
        f'<div class="body">\n<div class="text" lang="{_attr(report.language)}">{highlighted(report.draft.text, findings, prefix)}</div>\n'
        f'<ol class="messages">\n{messages(findings, prefix)}</ol>\n</div>\n</article>\n'
    )


def clean_article(report, number: int) -> str:
    """A draft without findings: its id, details and text, shown when clean drafts are listed."""
    fields = draft_fields(report)
    heading = f"d{number}-h"
    return (
        f'<article class="draft clean hidden" {_data_attributes(fields, number, -1, ())} aria-labelledby="{heading}">\n'
        f'<header><h3 id="{heading}">{escape(str(fields["id"]))}</h3><span class="badge clean">clean</span>'
        f'{_details(report, fields)}</header>\n'
        f'<div class="text" lang="{_attr(report.language)}">{escape(report.draft.text)}</div>\n</article>\n'
    )


def _data_attributes(fields: dict, number: int, rank: int, findings) -> str:
    data = {
        "order": number, "id": fields["id"], "rank": rank, "count": len(findings),
        "categories": " ".join(sorted({f.category for f in findings})),
        "severities": " ".join(sorted({f.severity.value for f in findings})),
        **{key: fields.get(key, "") for key in OPTIONAL_FIELDS},
    }
    return " ".join(f'data-{k}="{_attr(v)}"' for k, v in data.items())


def _details(report, fields: dict) -> str:
    details = [("language", report.language)] + [(k, fields[k]) for k in OPTIONAL_FIELDS if k in fields]
    if fields["path"] != fields["id"]:
        details.append(("source", fields.get("source", fields["path"])))
    return '<dl class="details">' + "".join(f"<div><dt>{k}</dt><dd>{escape(str(v))}</dd></div>" for k, v in details) + "</dl>"


def highlighted(text: str, findings, prefix: str) -> str:
    """The text, escaped, with each flagged span in a <mark> (overlapping spans split where they
    meet) and the number of each finding linked after its span."""
    bounds = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
    ends: dict[int, list[int]] = {}
    for n, f in enumerate(findings, start=1):
        ends.setdefault(f.end, []).append(n)
    parts = []
    for start, end in zip(bounds, bounds[1:]):
        piece = escape(text[start:end])
        covering = [(n, f) for n, f in enumerate(findings, start=1) if f.start <= start and end <= f.end]
        if covering:
            worst = max((f for _, f in covering), key=lambda f: f.severity.rank)
            cats = " ".join(sorted({f.category for _, f in covering}))
            numbers = " ".join(str(n) for n, _ in covering)
            piece = (f'<mark class="sev-{worst.severity.value}" data-categories="{_attr(cats)}" '
                     f'data-findings="{numbers}">{piece}</mark>')
        parts.append(piece)
        for n in ends.get(end, []):
            parts.append(f'<a class="ref" href="#{prefix}-m{n}" id="{prefix}-r{n}" data-finding="{n}" '
                         f'aria-label="finding {n}"><sup>{n}</sup></a>')
    return "".join(parts)


def messages(findings, prefix: str) -> str:
    """The numbered messages of a draft. A why (or instead) its rule already gave for an earlier
    finding of the draft is not repeated: the message says which finding has it."""
    items = []
    first_said: dict[tuple[str, str, str], int] = {}
    for n, f in enumerate(findings, start=1):
        said_at = {key: first_said.setdefault((f.rule, key, text), n)
                   for key, text in (("why", f.why), ("instead", f.suggestion)) if text}
        labels = LABELS.get(f.lang, LABELS["en"])
        parts = []
        if said_at.get("why") == n:
            parts.append(f'<p class="why"><strong>{labels["why"]}</strong> {escape(f.why)}</p>')
        if said_at.get("instead") == n:
            parts.append(f'<p class="instead"><strong>{labels["instead"]}</strong> {escape(f.suggestion)}</p>')
        repeated = sorted({at for at in said_at.values() if at != n})
        if repeated:
            what = "、".join(labels[key][:-1] for key, at in said_at.items() if at != n) if f.lang == "ja" \
                else " and ".join(key for key, at in said_at.items() if at != n).capitalize()
            links = ", ".join(f'<a href="#{prefix}-m{at}">{at}</a>' for at in repeated)
            parts.append(f'<p class="same">{labels["same"].format(what=what, links=links)}</p>')
        items.append(
            f'<li id="{prefix}-m{n}" class="sev-{f.severity.value}" data-category="{_attr(f.category)}" '
            f'data-severity="{f.severity.value}" data-finding="{n}" lang="{_attr(f.lang)}">'
            f'<a class="back" href="#{prefix}-r{n}" aria-label="back to the span of finding {n}">{n}</a> '
            f'<span class="badge sev-{f.severity.value}">{f.severity.value}</span> '
            f'<span class="category">{escape(f.category)}</span> '
            f'<q class="span">{escape(f.text)}</q> <span class="where">line {f.line}, column {f.column}</span>'
            f'<p class="message">{escape(f.message)}</p>{"".join(parts)}'
            f'<p class="rule"><code>{escape(f.rule)}</code></p></li>\n')
    return "".join(items)


# ---------------------------------------------------------------- the summary

def summary_section(summary, fields_seen: set[str] = frozenset()) -> str:
    """Counts, chart and table, then the controls; author and channel filters and sorting by
    author, channel or date only when some draft has that field."""
    counts = summary.by_category
    categories = sorted({c for c, _ in counts})
    totals = {s: sum(counts[(c, s)] for c in categories) for s in SEVERITIES}
    stats = [("Drafts checked", summary.checked), ("With findings", summary.flagged),
             ("Clean", summary.checked - summary.flagged), ("Could not be read", summary.failed_inputs)]
    if summary.hidden:
        stats.append(("Accepted in the baseline (hidden)", summary.hidden))
    stats += [(f"{s.value.capitalize()}s", totals[s]) for s in SEVERITIES]
    stat_html = "".join(f'<div><dt>{escape(k)}</dt><dd>{v:,}</dd></div>' for k, v in stats)
    rows = "".join(
        f"<tr><th scope=\"row\">{escape(c)}</th>" + "".join(f"<td>{counts[(c, s)] or ''}</td>" for s in SEVERITIES) + "</tr>\n"
        for c in categories)
    table = ("<table class=\"counts\"><caption>Findings by category and severity</caption>\n<thead><tr><th scope=\"col\">category</th>"
             + "".join(f"<th scope=\"col\">{s.value}</th>" for s in SEVERITIES) + f"</tr></thead>\n<tbody>\n{rows}</tbody></table>\n")
    category_options = "".join(f'<option value="{_attr(c)}">{escape(c)}</option>' for c in categories)
    field_filters = "".join(f'<label>{key.capitalize()} <select id="f-{key}"><option value="">all</option></select></label>\n'
                            for key in ("author", "channel") if key in fields_seen)
    sort_fields = "".join(f'<option value="{key}">{key}</option>' for key in OPTIONAL_FIELDS if key in fields_seen)
    return (
        '<section id="summary" aria-labelledby="summary-heading">\n<h2 id="summary-heading">Summary</h2>\n'
        f'<dl class="stats">{stat_html}</dl>\n'
        f'<div class="chart-and-table">{chart(counts, categories)}{table if categories else ""}</div>\n'
        '<form class="controls" role="search" aria-label="Filter and sort the drafts" onsubmit="return false">\n'
        '<label>Drafts <select id="f-show"><option value="flagged">with findings</option>'
        '<option value="clean">clean</option><option value="all">all</option></select></label>\n'
        f'<label>Category <select id="f-category"><option value="">all</option>{category_options}</select></label>\n'
        '<label>Severity <select id="f-severity"><option value="">all</option>'
        + "".join(f'<option value="{s.value}">{s.value}</option>' for s in SEVERITIES) + '</select></label>\n'
        + field_filters +
        '<label>Sort by <select id="f-sort"><option value="order">input order</option>'
        '<option value="rank">most severe first</option><option value="count">most findings first</option>'
        f'<option value="id">id</option>{sort_fields}</select></label>\n'
        '<button type="button" id="f-reset">Reset</button>\n'
        '<p id="f-status" role="status" aria-live="polite"></p>\n</form>\n</section>\n')


def chart(counts, categories: list[str]) -> str:
    """A stacked horizontal bar per category (errors, warnings, info), as inline SVG."""
    if not categories:
        return ""
    biggest = max(sum(counts[(c, s)] for s in SEVERITIES) for c in categories)
    label_width, bar_width, row = 190, 360, 26
    height = row * len(categories) + 30
    bars = []
    for i, category in enumerate(categories):
        y = i * row + 4
        x = label_width
        bars.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(category)}</text>')
        for severity in SEVERITIES:
            n = counts[(category, severity)]
            if n:
                width = max(2, round(bar_width * n / biggest))
                bars.append(f'<rect x="{x}" y="{y}" width="{width}" height="18" fill="{COLOURS[severity]}">'
                            f'<title>{escape(category)}: {n} {severity.value}</title></rect>')
                x += width
        bars.append(f'<text x="{x + 6}" y="{y + 15}">{sum(counts[(category, s)] for s in SEVERITIES)}</text>')
    legend_y = row * len(categories) + 20
    legend = []
    for j, severity in enumerate(SEVERITIES):
        lx = label_width + j * 100
        legend.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{COLOURS[severity]}"/>'
                      f'<text x="{lx + 16}" y="{legend_y}">{severity.value}</text>')
    description = "; ".join(f"{c}: " + ", ".join(f"{counts[(c, s)]} {s.value}" for s in SEVERITIES if counts[(c, s)])
                            for c in categories)
    return (f'<svg class="chart" role="img" viewBox="0 0 {label_width + bar_width + 60} {height}" '
            f'aria-label="Findings by category: {_attr(description)}">' + "".join(bars) + "".join(legend) + "</svg>\n")
