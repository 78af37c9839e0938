"""The local server through the test client: the v1 API, the LanguageTool API, limits and offsets,
and what keeps it fast and its memory flat."""
from __future__ import annotations

import asyncio
import socket
import threading

import pytest
from spacy.morphology import Morphology
from spacy.vocab import Vocab

from linter import __version__
from linter.draft import Draft
from linter.nlp.morphology import InterningMorphology
from linter.serve.app import bind_socket
from linter.serve.worker import Busy, CheckJob, CheckWorker, TimedOut

from .server_fixtures import client, client_for, worker  # noqa: F401  (fixtures)

PHONE_EN = "Text my cousin 🙂 at 090-2218-4470 about the couch."
PHONE_JA = "同僚の携帯は０９０－２２１８－４４７０です。連絡してあげてね。"


def check(client, text, **fields):
    return client.post("/v1/check", json={"text": text, **fields})


def test_health_reports_version_and_loaded_languages(client):
    response = client.get("/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__, "api_version": 1, "languages": ["en", "ja"]}


def test_check_english_gives_code_point_and_utf16_offsets(client):
    response = check(client, PHONE_EN, language="en")
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "en"
    [finding] = [f for f in body["findings"] if f["rule"] == "personal-info/phone-number"]
    start = PHONE_EN.index("090")
    assert (finding["start"], finding["end"]) == (start, start + 13)
    assert finding["text"] == "090-2218-4470"
    # the emoji before the number is one code point but two UTF-16 units
    assert (finding["utf16_start"], finding["utf16_end"]) == (start + 1, start + 14)
    assert finding["why"] and finding["message"] and finding["severity"] == "error"
    js_string = PHONE_EN.encode("utf-16-le")
    assert js_string[finding["utf16_start"] * 2:finding["utf16_end"] * 2].decode("utf-16-le") == "090-2218-4470"


def test_check_japanese_detects_language_and_full_width_number(client):
    body = check(client, PHONE_JA).json()
    assert body["language"] == "ja"
    [finding] = [f for f in body["findings"] if f["category"] == "personal-info"]
    assert finding["text"] == "０９０－２２１８－４４７０"
    assert finding["start"] == PHONE_JA.index("０") and finding["utf16_start"] == finding["start"]
    assert finding["line"] == 1 and finding["column"] == finding["start"] + 1


def test_same_findings_as_the_linter_in_process(client, linter):
    for text in (PHONE_EN, PHONE_JA, "Mail me at jo.weller@gmail.com or call 971-555-0163."):
        served = check(client, text).json()["findings"]
        direct = [f.to_dict() for f in linter.check(text).findings]
        assert [(f["rule"], f["start"], f["end"]) for f in served] == [(f["rule"], f["start"], f["end"]) for f in direct]


def test_rules_select_and_ignore_narrow_one_check(client):
    text = "Call 090-2218-4470 or write to jo.weller@gmail.com"
    everything = {f["rule"] for f in check(client, text).json()["findings"]}
    assert {"personal-info/phone-number", "personal-info/email-address"} <= everything
    ignored = {f["rule"] for f in check(client, text, rules={"ignore": ["personal-info/phone-number"]}).json()["findings"]}
    assert "personal-info/phone-number" not in ignored and "personal-info/email-address" in ignored
    selected = {f["rule"] for f in check(client, text, rules={"select": ["personal-info/phone-number"]}).json()["findings"]}
    assert selected == {"personal-info/phone-number"}
    assert check(client, text, rules={"ignore": ["personal-info"]}).json()["findings"] == []


def test_unknown_rule_is_422_naming_the_rule(client):
    response = check(client, "Call 090-2218-4470", rules={"select": ["no-such/rule"]})
    assert response.status_code == 422
    assert "no-such/rule" in response.json()["detail"] and "090" not in response.text


def test_markdown_code_is_not_checked_but_plain_text_is(client):
    text = "Our test fixture uses `090-2218-4470` as a sample."
    assert check(client, text, format="markdown").json()["findings"] == []
    assert [f["text"] for f in check(client, text, format="plain").json()["findings"]] == ["090-2218-4470"]


def test_empty_draft_has_no_findings(client):
    assert check(client, "").json() == {"language": "en", "findings": []}


def test_rules_lists_every_rule_with_its_wording(client, linter):
    rules = client.get("/v1/rules").json()["rules"]
    assert [r["id"] for r in rules] == [s.id for s in linter.specs]
    phone = next(r for r in rules if r["id"] == "personal-info/phone-number")
    assert phone["enabled"] and phone["why"] and set(phone["languages"]) == {"en", "ja"}


def test_openapi_document_is_versioned_and_lists_both_apis(client):
    schema = client.get("/v1/openapi.json").json()
    assert schema["info"]["version"] == __version__
    assert {"/v1/health", "/v1/check", "/v1/rules", "/v2/check", "/v2/languages"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 404  # no page pulling scripts from a CDN


# ------------------------------------------------------------------ LanguageTool API

def lt_check(client, **form):
    return client.post("/v2/check", data=form)


def test_languagetool_languages_lists_english_variants_and_japanese(client):
    codes = {entry["longCode"] for entry in client.get("/v2/languages").json()}
    assert {"en-US", "en-GB", "ja-JP"} <= codes


def test_languagetool_check_answers_utf16_offsets_and_context(client):
    body = lt_check(client, text=PHONE_EN, language="en-US").json()
    assert body["language"]["code"] == "en-US" and body["software"]["name"] == "postlint"
    [match] = body["matches"]
    assert match["offset"] == PHONE_EN.index("090") + 1 and match["length"] == 13
    assert match["rule"]["id"] == "personal-info/phone-number"
    assert match["rule"]["category"]["id"] == "personal-info"
    context = match["context"]
    assert context["text"].encode("utf-16-le")[context["offset"] * 2:(context["offset"] + context["length"]) * 2].decode("utf-16-le") == "090-2218-4470"
    assert match["replacements"] and "*" in match["replacements"][0]["value"]


def test_languagetool_auto_detects_japanese(client):
    body = lt_check(client, text=PHONE_JA, language="auto").json()
    assert body["language"]["detectedLanguage"]["code"] == "ja-JP"
    assert [m["offset"] for m in body["matches"]] == [PHONE_JA.index("０")]


def test_languagetool_rule_parameters(client):
    text = "Call 090-2218-4470 or write to jo.weller@gmail.com"
    disabled = lt_check(client, text=text, language="en-US", disabledRules="personal-info/phone-number,NOT_A_RULE").json()
    assert [m["rule"]["id"] for m in disabled["matches"]] == ["personal-info/email-address"]
    only = lt_check(client, text=text, language="en-US", enabledRules="personal-info/phone-number", enabledOnly="true").json()
    assert [m["rule"]["id"] for m in only["matches"]] == ["personal-info/phone-number"]
    category_off = lt_check(client, text=text, language="en-US", disabledCategories="personal-info").json()
    assert category_off["matches"] == []


def test_languagetool_annotated_data_counts_markup_in_offsets(client):
    data = '{"annotation": [{"markup": "<p class=\\"x\\">"}, {"text": "Call my aunt at 090-2218-4470"}, {"markup": "</p>", "interpretAs": "\\n\\n"}]}'
    body = lt_check(client, data=data, language="en-US").json()
    [match] = body["matches"]
    assert match["offset"] == len('<p class="x">Call my aunt at ')


def test_languagetool_bad_requests_are_400_without_the_text(client):
    assert lt_check(client, text="Call 090-2218-4470", language="xx-YY").status_code == 400
    assert lt_check(client, language="en-US").status_code == 400
    both = lt_check(client, text="Call 090-2218-4470", data='{"annotation": []}', language="en-US")
    assert both.status_code == 400 and "090" not in both.text
    bad_data = lt_check(client, data="{not json: 090-2218-4470", language="en-US")
    assert bad_data.status_code == 400 and "090" not in bad_data.text
    not_utf8 = client.post("/v2/check", content=b"text=%FF%FE&language=en-US",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert not_utf8.status_code == 400


# ------------------------------------------------------------------ limits and reliability

def test_time_limit_answers_503(worker):
    slow = CheckWorker(worker.linter, timeout=0.000001, one_process=True)
    slow.start({})
    response = client_for(slow).post("/v1/check", json={"text": PHONE_EN * 20})
    slow.close()
    assert response.status_code == 503 and response.headers["retry-after"] == "1"


def test_worker_bounds_waiting_checks_and_skips_expired_ones(worker):
    started, release = threading.Event(), threading.Event()
    bounded = CheckWorker(worker.linter, max_pending=1, timeout=0.2, one_process=True)
    bounded.start({})
    ran = []

    def blocking(report):
        started.set()
        release.wait(5)

    async def scenario():
        first = asyncio.ensure_future(bounded.run(CheckJob(Draft("hi"), blocking)))
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 5)
        with pytest.raises(Busy):
            await bounded.run(CheckJob(Draft("hi"), lambda report: ran.append("second")))
        with pytest.raises(TimedOut):
            await first
        release.set()

    asyncio.run(scenario())
    bounded.close()
    assert ran == []


def test_linter_check_is_thread_safe(linter):
    texts = [PHONE_EN, PHONE_JA, "Mail jo.weller@gmail.com today", "今日は090-1234-5678に電話して", "Nothing to see here."] * 4
    expected = [[(f.rule, f.start, f.end) for f in linter.check(t).findings] for t in texts]
    results: dict[int, list] = {}

    def run(index: int) -> None:
        results[index] = [(f.rule, f.start, f.end) for f in linter.check(texts[index]).findings]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(len(texts))] == expected


# ------------------------------------------------------------------ speed and memory

def test_interning_morphology_keeps_spacys_keys_and_allocates_an_analysis_once():
    vocab = Vocab()
    spacys, interning = Morphology(vocab.strings), InterningMorphology(vocab)
    features = {"Inflection": "五段-ラ行,連用形-促音便", "Reading": "トッ"}
    assert interning.add(features) == spacys.add(features)
    sizes = interning.mem.size, spacys.mem.size
    assert interning.add(dict(features)) == spacys.add(dict(features))
    assert interning.mem.size == sizes[0]
    # explosion/spaCy#13684: when spaCy stops allocating again, InterningMorphology.add can go
    assert spacys.mem.size > sizes[1]


def test_in_a_memory_zone_a_new_reading_is_left_out_of_the_analysis():
    vocab = Vocab()
    morphology = InterningMorphology(vocab)
    known = morphology.add({"Reading": "イチ"})
    with vocab.memory_zone():
        assert morphology.add({"Reading": "イチ"}) == known
        new = morphology.add({"Inflection": "助動詞-タ;終止形-一般", "Reading": "イチニサンヨン"})
    assert morphology.get(new) == "Inflection=助動詞-タ;終止形-一般"


def test_japanese_checks_add_nothing_to_the_morphology(worker, client):
    nlp = worker.linter.pipelines.get("ja")
    assert isinstance(nlp.vocab.morphology, InterningMorphology)
    assert check(client, PHONE_JA).status_code == 200
    size = nlp.vocab.morphology.mem.size
    for number in ("０９０－１１１１－２２２２", "０８０－３３３３－４４４４"):
        assert check(client, PHONE_JA.replace("０９０－２２１８－４４７０", number)).status_code == 200
    assert nlp.vocab.morphology.mem.size == size


def test_known_english_words_keep_their_lexemes_through_checks(worker, client):
    nlp = worker.linter.pipelines.get("en")
    rare = "zwelakhe"  # a word of the English pipeline's own vocabulary that no test uses
    assert check(client, f"Met {rare} today").status_code == 200
    assert rare in nlp.vocab


def test_connections_to_the_server_socket_send_without_nagle_delay():
    """asyncio turns Nagle's algorithm off only for sockets made as TCP; a response goes out in two
    writes (headers, body), and with Nagle the second waits for the client's delayed ACK (~40 ms)."""
    sock = bind_socket("127.0.0.1", 0)

    async def accepted_socket_nodelay() -> int:
        accepted = asyncio.get_running_loop().create_future()

        def on_connection(reader, writer):
            accepted.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(on_connection, sock=sock)
        _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        nodelay = await accepted
        writer.close()
        server.close()
        return nodelay

    assert asyncio.run(accepted_socket_nodelay())
