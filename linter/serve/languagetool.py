"""The LanguageTool HTTP API (POST /v2/check, GET /v2/languages), so LanguageTool clients and
editor plugins can use postlint as their server.

Requests are form-encoded (`text`, or `data` with LanguageTool's annotation JSON) and answered in
LanguageTool's JSON: offsets and lengths in UTF-16 code units, as LanguageTool (Java) counts them.
Rule and category ids are postlint's; like LanguageTool, unknown ids in enabledRules/disabledRules
are ignored.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Awaitable, Callable
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import __version__
from ..draft import Draft
from ..engine import Linter, Report
from ..errors import UsageError
from ..finding import Finding
from .security import TEXT_LENGTH
from .worker import CheckJob

CONTEXT_SIZE = 40
MAX_FIELDS = 100
# (name, code, longCode) as LanguageTool lists them; every English variant is checked as "en".
LANGUAGES = (
    ("English", "en", "en"), ("English (US)", "en", "en-US"), ("English (GB)", "en", "en-GB"),
    ("English (Australian)", "en", "en-AU"), ("English (Canadian)", "en", "en-CA"),
    ("English (New Zealand)", "en", "en-NZ"), ("English (South African)", "en", "en-ZA"),
    ("Japanese", "ja", "ja-JP"),
)
_BY_TAG = {long_code.lower(): (name, code, long_code) for name, code, long_code in LANGUAGES}
_DETECTED = {"en": ("English (US)", "en-US"), "ja": ("Japanese", "ja-JP")}
# How a match's message joins the finding's message, why and what to write instead, per language.
_PUNCTUATION = {"en": (". ", "Instead: "), "ja": ("。", "代わりに: ")}


class CheckForm(BaseModel):
    """The form fields of POST /v2/check that postlint reads; others LanguageTool knows are ignored."""

    model_config = ConfigDict(extra="ignore")
    text: str | None = Field(None, description="The text to check (or use data).")
    data: str | None = Field(None, description='Annotated text as JSON: {"annotation": [{"text": "…"}, {"markup": "<b>", "interpretAs": ""}]}.')
    language: str = Field("auto", description="auto, en-US (or another English variant) or ja-JP.",
                          json_schema_extra={"enum": ["auto", *sorted({t for entry in LANGUAGES for t in entry[1:]})]})
    enabledRules: str = Field("", description="Comma-separated rule ids: with enabledOnly, only these run.")
    disabledRules: str = Field("", description="Comma-separated rule ids not to run.")
    enabledCategories: str = Field("", description="Comma-separated category ids: with enabledOnly, only these run.")
    disabledCategories: str = Field("", description="Comma-separated category ids not to run.")
    enabledOnly: bool = Field(False, description="Run only enabledRules and enabledCategories.")
    motherTongue: str = Field("", description="The user's native language (en-US, ja-JP…): messages in it; "
                                              "else in the language given, else in each sentence's language.")


class _Annotation(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str | None = None
    markup: str | None = None
    interpretAs: str = ""


class _AnnotatedText(BaseModel):
    model_config = ConfigDict(extra="ignore")
    annotation: list[_Annotation]


class LTCategory(BaseModel):
    id: str
    name: str


class LTRule(BaseModel):
    id: str
    description: str
    issueType: str
    category: LTCategory


class LTContext(BaseModel):
    text: str
    offset: int
    length: int


class LTReplacement(BaseModel):
    value: str


class LTMatch(BaseModel):
    message: str
    shortMessage: str
    replacements: list[LTReplacement]
    offset: int
    length: int
    context: LTContext
    sentence: str
    type: dict
    rule: LTRule
    ignoreForIncompleteSentence: bool
    contextForSureMatch: int


class LTLanguage(BaseModel):
    name: str
    code: str
    detectedLanguage: dict


class LTCheckResponse(BaseModel):
    software: dict
    warnings: dict
    language: LTLanguage
    matches: list[LTMatch]


class LTLanguageEntry(BaseModel):
    name: str
    code: str
    longCode: str


class BadRequest(Exception):
    """A LanguageTool request postlint cannot answer: 400 with this message."""


@dataclass
class AnnotatedDraft(Draft):
    """A draft from LanguageTool's annotated `data`: markup stays in the text (offsets count it) but
    is blanked in the views the rules read, keeping the line breaks it is interpreted as."""

    markup: tuple[tuple[int, int, str], ...] = ()

    @cached_property
    def masked(self) -> str:
        chars = list(self.text)
        for start, end, interpret_as in self.markup:
            filler = "".join("\n" if ch == "\n" else " " for ch in interpret_as)[:end - start].ljust(end - start)
            chars[start:end] = filler
        return "".join(chars)


def languagetool_router(answer: Callable[..., Awaitable[JSONResponse]]) -> APIRouter:
    """The /v2 routes; answer(worker, job) runs a check in the worker and makes the response."""

    async def check(request: Request):
        """Check text as a LanguageTool server does."""
        try:
            form = parse_form(await request.body(), request.headers.get("content-type", ""))
            draft = draft_of(form)
            language = postlint_language(form.language)
            lang = mother_tongue(form.motherTongue) or language
            select, ignore = rule_choice(request.app.state.worker.linter, form)
        except BadRequest as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)
        request.scope[TEXT_LENGTH] = len(draft.text)
        job = CheckJob(draft, partial(languagetool_payload, requested=form.language), language=language,
                       select=tuple(select), ignore=tuple(ignore), lang=lang)
        return await answer(request.app.state.worker, job)

    router = APIRouter(tags=["LanguageTool API"])
    router.add_api_route("/v2/languages", languages, methods=["GET"], response_model=list[LTLanguageEntry])
    router.add_api_route(
        "/v2/check", check, methods=["POST"], response_model=LTCheckResponse,
        responses={400: {"description": "Bad request"}, 503: {"description": "Busy or too slow"}},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/x-www-form-urlencoded": {"schema": form_schema()}}}},
    )
    return router


def form_schema() -> dict:
    """The JSON schema of the form: CheckForm's fields, exactly one of text and data."""
    return {**CheckForm.model_json_schema(), "oneOf": [{"required": ["text"]}, {"required": ["data"]}]}


async def languages() -> list[dict]:
    """The languages postlint checks, as LanguageTool lists its languages."""
    return [{"name": name, "code": code, "longCode": long_code} for name, code, long_code in LANGUAGES]


def parse_form(body: bytes, content_type: str) -> CheckForm:
    """The form fields of a url-encoded body; errors name the field, never its value."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in ("", "application/x-www-form-urlencoded"):
        raise BadRequest("the body must be form-encoded (application/x-www-form-urlencoded)")
    try:
        fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                           encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("the form is not valid UTF-8 url-encoded data") from None
    values: dict[str, str] = {}
    for key, value in fields:
        values.setdefault(key, value)
    try:
        return CheckForm.model_validate(values)
    except ValidationError as exc:
        names = sorted({str(e["loc"][0]) for e in exc.errors() if e.get("loc")})
        raise BadRequest(f"invalid form field(s): {', '.join(names)}") from None


def draft_of(form: CheckForm) -> Draft:
    """The draft a request asks to check, from `text` or from annotated `data`."""
    if (form.text is None) == (form.data is None):
        raise BadRequest("give exactly one of the parameters 'text' and 'data'")
    if form.text is not None:
        return Draft(text=form.text, name="<http>", format="plain")
    try:
        annotated = _AnnotatedText.model_validate_json(form.data)
    except ValidationError:
        raise BadRequest('\'data\' must be JSON like {"annotation": [{"text": "..."}, {"markup": "..."}]}') from None
    parts, markup, at = [], [], 0
    for item in annotated.annotation:
        if (item.text is None) == (item.markup is None):
            raise BadRequest("each annotation item needs exactly one of 'text' and 'markup'")
        piece = item.text if item.text is not None else item.markup
        if item.markup is not None:
            markup.append((at, at + len(piece), item.interpretAs))
        parts.append(piece)
        at += len(piece)
    text = "".join(parts)
    if not valid_unicode(text):
        raise BadRequest("'data' is not valid Unicode (lone surrogate)")
    return AnnotatedDraft(text=text, name="<http>", format="plain", markup=tuple(markup))


def valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def postlint_language(tag: str) -> str | None:
    """None for auto, else "en" or "ja" for a LanguageTool language code."""
    if tag.lower() == "auto":
        return None
    found = _BY_TAG.get(tag.lower()) or next((e for e in LANGUAGES if e[1] == tag.lower()), None)
    if found is None:
        codes = ", ".join(long_code for _, _, long_code in LANGUAGES)
        raise BadRequest(f"unsupported language; use auto or one of: {codes}")
    return found[1]


def mother_tongue(tag: str) -> str | None:
    """"en" or "ja" for a motherTongue postlint writes messages in; None for any other (LanguageTool
    clients send the user's language whatever it is, so another one is no error)."""
    try:
        return postlint_language(tag) if tag else None
    except BadRequest:
        return None


def rule_choice(linter: Linter, form: CheckForm) -> tuple[list[str], list[str]]:
    """(select, ignore) from LanguageTool's rule and category parameters, unknown ids left out."""
    enabled = _known(linter, form.enabledRules) + _known(linter, form.enabledCategories)
    disabled = _known(linter, form.disabledRules) + _known(linter, form.disabledCategories)
    if form.enabledOnly:
        if not enabled:
            raise BadRequest("enabledOnly needs enabledRules or enabledCategories naming postlint rules")
        return enabled, disabled
    return [], disabled


def _known(linter: Linter, names: str) -> list[str]:
    known = []
    for name in (n.strip() for n in names.split(",")):
        try:
            if name and linter.resolve_rule_names(name):
                known.append(name)
        except UsageError:
            continue
    return known


def languagetool_payload(report: Report, requested: str) -> dict:
    """A Report in LanguageTool's /v2/check JSON."""
    detected_name, detected_code = _DETECTED[report.language]
    entry = _BY_TAG.get(requested.lower())
    name, code = (entry[0], entry[2]) if entry else (detected_name, detected_code)
    return {
        "software": {"name": "postlint", "version": __version__, "buildDate": "", "apiVersion": 1,
                     "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {"name": name, "code": code,
                     "detectedLanguage": {"name": detected_name, "code": detected_code, "confidence": 1.0}},
        "matches": [languagetool_match(report.draft, f) for f in report.findings],
    }


def languagetool_match(draft: Draft, finding: Finding) -> dict:
    """One finding as a LanguageTool match; offset/length in UTF-16 code units."""
    start, end = draft.utf16(finding.start), draft.utf16(finding.end)
    full_stop, instead = _PUNCTUATION[finding.lang]
    explanation = " ".join(part for part in (finding.why, f"{instead}{finding.suggestion}" if finding.suggestion else "") if part)
    return {
        "message": f"{finding.message}{full_stop}{explanation}" if explanation else finding.message,
        "shortMessage": finding.message,
        "replacements": [{"value": fix.replacement} for fix in finding.fixes
                         if (fix.start, fix.end) == (finding.start, finding.end)],
        "offset": start,
        "length": end - start,
        "context": context(draft.text, finding.start, finding.end),
        "sentence": draft.line_text(finding.line),
        "type": {"typeName": "Other"},
        "rule": {"id": finding.rule, "description": finding.message, "issueType": "legal",
                 "category": {"id": finding.category, "name": finding.category.replace("-", " ").capitalize()}},
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def context(text: str, start: int, end: int) -> dict:
    """LanguageTool's context: up to CONTEXT_SIZE characters each side, "..." where cut, one line."""
    left, right = max(0, start - CONTEXT_SIZE), min(len(text), end + CONTEXT_SIZE)
    prefix = "..." if left > 0 else ""
    snippet = prefix + text[left:right] + ("..." if right < len(text) else "")
    snippet = snippet.replace("\r", " ").replace("\n", " ")
    return {"text": snippet, "offset": utf16_length(prefix + text[left:start]), "length": utf16_length(text[start:end])}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
