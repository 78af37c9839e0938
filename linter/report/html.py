"""`--format html`: one self-contained page (no network, no CDN, no external file) to read and share.

Every flagged draft is written as it comes (flat memory): its text with the flagged spans
highlighted and numbered, the messages beside it. The summary (counts, a chart, the controls to
filter by category, severity, author and channel and to sort) is written last, because only then
are the counts known; CSS shows it first and the page's script moves it first in the document, so
reading and keyboard order start with it. Works offline, prints cleanly, keyboard-accessible.
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
COLOURS = {Severity.ERROR: "#b42318", Severity.WARNING: "#a15c07", Severity.INFO: "#175cd3"}


def _attr(value) -> str:
    return escape(str(value), quote=True)


class HtmlWriter(Writer):
    def __init__(self, out, **options):
        super().__init__(out, **options)
        self.count = 0
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
            '<h2 id="drafts-heading">Flagged drafts</h2>\n<div id="draft-list">\n')

    def report(self, report) -> None:
        if not report.findings:
            return
        self.count += 1
        self.out.write(draft_article(report, self.count))

    def problem(self, problem: InputProblem) -> None:
        self.problems.append(problem)

    def close(self, summary) -> None:
        if not self.count:
            self.out.write('<p class="none">No draft has findings.</p>\n')
        self.out.write("</div>\n</section>\n")
        if self.problems:
            items = "".join(f"<li>{escape(p.message)}</li>\n" for p in self.problems)
            self.out.write('<section id="problems" aria-labelledby="problems-heading">\n'
                           '<h2 id="problems-heading">Inputs that could not be checked</h2>\n'
                           f"<ul>\n{items}</ul>\n</section>\n")
        self.out.write(summary_section(summary))
        script = (ASSETS / "report.js").read_text(encoding="utf-8")
        self.out.write(f"</main>\n<script>\n{script}</script>\n</body>\n</html>\n")


# ---------------------------------------------------------------- one draft

def draft_article(report, number: int) -> str:
    """A flagged draft: a heading with its id and details, its text with the spans highlighted,
    and the numbered messages beside it."""
    fields = draft_fields(report)
    findings = report.findings
    worst = max(findings, key=lambda f: f.severity.rank).severity
    categories = sorted({f.category for f in findings})
    data = {
        "order": number, "id": fields["id"], "rank": worst.rank, "count": len(findings),
        "categories": " ".join(categories),
        "severities": " ".join(sorted({f.severity.value for f in findings})),
        "author": fields.get("author", ""), "channel": fields.get("channel", ""), "date": fields.get("date", ""),
    }
    attributes = " ".join(f'data-{k}="{_attr(v)}"' for k, v in data.items())
    details = [("language", report.language)] + [(k, fields[k]) for k in ("author", "channel", "date") if k in fields]
    if fields["path"] != fields["id"]:
        details.append(("source", fields.get("source", fields["path"])))
    detail_html = "".join(f"<div><dt>{k}</dt><dd>{escape(str(v))}</dd></div>" for k, v in details)
    prefix = f"d{number}"
    heading = f"{prefix}-h"
    return (
        f'<article class="draft sev-{worst.value}" {attributes} aria-labelledby="{heading}">\n'
        f'<header><h3 id="{heading}">{escape(str(fields["id"]))}</h3>'
        f'<span class="badge sev-{worst.value}">{worst.value}</span>'
        f'<span class="count">{len(findings)} finding{"s" if len(findings) != 1 else ""}</span>'
        f'<dl class="details">{detail_html}</dl></header>\n'
        f'<div class="body">\n<div class="text" lang="{_attr(report.language)}">{highlighted(report.draft.text, findings, prefix)}</div>\n'
        f'<ol class="messages">\n{messages(findings, prefix)}</ol>\n</div>\n</article>\n'
    )


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
        covering = [f for f in findings if f.start <= start and end <= f.end]
        if covering:
            worst = max(covering, key=lambda f: f.severity.rank)
            cats = " ".join(sorted({f.category for f in covering}))
            piece = f'<mark class="sev-{worst.severity.value}" data-categories="{_attr(cats)}">{piece}</mark>'
        parts.append(piece)
        for n in ends.get(end, []):
            parts.append(f'<a class="ref" href="#{prefix}-m{n}" id="{prefix}-r{n}" '
                         f'aria-label="finding {n}"><sup>{n}</sup></a>')
    return "".join(parts)


def messages(findings, prefix: str) -> str:
    items = []
    for n, f in enumerate(findings, start=1):
        suggestion = f'<p class="instead"><strong>Instead:</strong> {escape(f.suggestion)}</p>' if f.suggestion else ""
        items.append(
            f'<li id="{prefix}-m{n}" class="sev-{f.severity.value}" data-category="{_attr(f.category)}">'
            f'<a class="back" href="#{prefix}-r{n}" aria-label="back to the span of finding {n}">{n}</a> '
            f'<span class="badge sev-{f.severity.value}">{f.severity.value}</span> '
            f'<span class="category">{escape(f.category)}</span> '
            f'<q class="span">{escape(f.text)}</q> <span class="where">line {f.line}, column {f.column}</span>'
            f'<p class="message">{escape(f.message)}</p>'
            f'<p class="why"><strong>Why:</strong> {escape(f.why)}</p>{suggestion}'
            f'<p class="rule"><code>{escape(f.rule)}</code></p></li>\n')
    return "".join(items)


# ---------------------------------------------------------------- the summary

def summary_section(summary) -> str:
    counts = summary.by_category
    categories = sorted({c for c, _ in counts})
    totals = {s: sum(counts[(c, s)] for c in categories) for s in SEVERITIES}
    stats = [("Drafts checked", summary.checked), ("With findings", summary.flagged),
             ("Could not be read", summary.failed_inputs)]
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
    return (
        '<section id="summary" aria-labelledby="summary-heading">\n<h2 id="summary-heading">Summary</h2>\n'
        f'<dl class="stats">{stat_html}</dl>\n'
        f'<div class="chart-and-table">{chart(counts, categories)}{table if categories else ""}</div>\n'
        '<form class="controls" role="search" aria-label="Filter and sort the drafts" onsubmit="return false">\n'
        f'<label>Category <select id="f-category"><option value="">all</option>{category_options}</select></label>\n'
        '<label>Severity <select id="f-severity"><option value="">all</option>'
        + "".join(f'<option value="{s.value}">{s.value}</option>' for s in SEVERITIES) + '</select></label>\n'
        '<label>Author <select id="f-author"><option value="">all</option></select></label>\n'
        '<label>Channel <select id="f-channel"><option value="">all</option></select></label>\n'
        '<label>Sort by <select id="f-sort"><option value="order">input order</option>'
        '<option value="rank">most severe first</option><option value="count">most findings first</option>'
        '<option value="id">id</option><option value="author">author</option><option value="channel">channel</option>'
        '<option value="date">date</option></select></label>\n'
        '<button type="button" id="f-reset">Show all</button>\n'
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
