"""Fixes that add a phrase to the post (a disclosure, a "views are my own"): a rule's `fix` param.

    fix:
      en:                               # for a finding in an English sentence
        - {label: Add a disclosure, label_ja: 開示を追加, append: " (I work at {org}) #ad"}
        - {label: "Start with #ad", label_ja: "先頭に #ad を付ける", prepend: "#ad "}
      ja: [...]

`append` goes at the end of the post, before a closing run of hashtags (where it would be
buried); `prepend` at the start of the post. {org} is the organization's name: a fix that needs
it is left out when the config names none. A language may also have one fix as a mapping.
"""
from __future__ import annotations

import bisect
import re

from ..errors import ConfigError
from ..finding import Fix
from .base import WORDING_LANGUAGES, Context

# Hashtags next to each other or with white space between them.
HASHTAG_RUN = re.compile(r"(?:#[^\s#]++\s*+)++")
PLACES = ("append", "prepend")


class AddedText:
    """The `fix` param of a rule: phrases one click adds to the post, per sentence language."""

    def __init__(self, data: dict | None, where: str):
        self.fixes: dict[str, list[dict]] = {}
        for language, entries in (data or {}).items():
            entries = [entries] if isinstance(entries, dict) else list(entries or [])
            for entry in entries:
                places = [p for p in PLACES if p in entry]
                if not isinstance(entry, dict) or not entry.get("label") or len(places) != 1:
                    raise ConfigError(f"{where}: each fix needs a label and one of: {', '.join(PLACES)}")
            self.fixes[language] = entries

    def __bool__(self) -> bool:
        return bool(self.fixes)

    def at(self, ctx: Context, offset: int) -> tuple[Fix, ...]:
        """The fixes for a finding at `offset`, in the language of its sentence."""
        language = ctx.language_at(offset)
        name = ctx.config.organization.name
        found = []
        for entry in self.fixes.get(language, []):
            place = "append" if "append" in entry else "prepend"
            if "{org}" in entry[place] and not name:
                continue
            label = {lang: str(entry.get(f"label_{lang}") or entry["label"]) for lang in WORDING_LANGUAGES}
            found.append(_placed(ctx, place, entry[place].replace("{org}", name), label))
        return tuple(found)


def _placed(ctx: Context, place: str, added: str, label: dict) -> Fix:
    if place == "prepend":
        start = len(ctx.text) - len(ctx.text.lstrip())
        return Fix(start, start, added, label)
    end = len(ctx.text.rstrip())
    tags = hashtags_before(ctx, end)
    if tags and tags[0] > 0:
        return Fix(tags[0], tags[0], added.strip() + " ", label)
    return Fix(end, end, added, label)


def hashtags_before(ctx: Context, end: int) -> tuple[int, int] | None:
    r"""The run of hashtags that the view ends with just before `end`, as (its first "#", end), or
    None: what re.search(r"(?:#[^\s#]+\s*)+$", view, 0, end) finds, without trying every "#"
    of a long run again for each call (the runs of a draft are found once)."""
    runs = ctx.memo("hashtag runs", lambda: [m.span() for m in HASHTAG_RUN.finditer(ctx.view)])
    index = bisect.bisect_left(runs, (end,)) - 1
    if index < 0:
        return None
    start, run_end = runs[index]
    return (start, end) if end <= run_end and ctx.view[end - 1] != "#" else None
