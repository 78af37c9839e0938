"""Lookalike accounts: @handles imitating the official ones from the config."""
from __future__ import annotations

import pytest

from linter import Linter
from linter.config import Config, Organization

from .conftest import spans

RULE = "lookalike-account/lookalike-handle"


@pytest.mark.parametrize("handle,official", [
    ("@kitefin_official", "@kitefin"),       # added affix
    ("@real_kitefin", "@kitefin"),           # affix before
    ("@kitefin_jp2", "@kitefin_jp"),         # affix with digits
    ("@kitefin-jp", "@kitefin_jp"),          # separator swap
    ("@kitefin__jp", "@kitefin_jp"),         # doubled separator
    ("@kitef1n_help", "@kitefin_help"),      # 1 for i
    ("@kltefin_help", "@kitefin_help"),      # l for i
    ("@kitefіn", "@kitefin"),                # Cyrillic і
    ("@kitefin_hepl", "@kitefin_help"),      # transposition
    ("@KitefinUK_Offers", "@kitefin"),       # two affixes: country and offers
    ("@kitefin_vouchers", "@kitefin"),       # giveaway words
])
def test_lookalikes_are_flagged_with_the_account_they_imitate(linter, handle, official):
    text = f"Questions? Ask {handle} today."
    [finding] = [f for f in linter.check(text).findings if f.rule == RULE]
    assert (finding.start, finding.end) == (15, 15 + len(handle))
    assert official in finding.message
    [fix] = finding.fixes
    assert fix.replacement == official


def test_full_width_at_sign_in_japanese(linter):
    text = "サポートは＠kitefin_help_jp までDMしてください。"
    assert spans(linter.check(text), "lookalike-account") == ["＠kitefin_help_jp"]


def test_giveaway_words_in_japanese_posts(linter):
    for handle in ("@kitefin_jp_present", "@kitefin_prizes"):
        text = f"{handle} のプレゼント企画に応募した！"
        assert spans(linter.check(text), "lookalike-account") == [handle]


def test_name_dressed_up_as_an_account_lists_the_official_ones(linter):
    [finding] = linter.check("Giveaway by @kitefinlabs_events today!").findings
    assert finding.rule == RULE
    assert "@kitefin_help" in finding.message and not finding.fixes


@pytest.mark.parametrize("text", [
    "Follow @Kitefin_JP and @KITEFIN_HELP for updates.",
    "Great chat with @kitesurf_daily about wind forecasts.",
    "Write to help@kitefin.example if the app crashes.",
    "@kiteflyer_tokyo さんの凧、すごくきれいでした。",
])
def test_official_unrelated_handles_and_email_addresses_are_clean(linter, text):
    assert not spans(linter.check(text), "lookalike-account")


def test_inline_suppression_and_severity_override(linter):
    suppressed = "<!-- postlint-disable lookalike-account -->\nFollow @kitefin_official!\n<!-- postlint-enable -->"
    assert not spans(linter.check(suppressed), "lookalike-account")
    org = linter.config.organization
    relaxed = Linter(Config(organization=org, severity=((RULE, "info"),)), select=["lookalike-account"])
    [finding] = relaxed.check("Follow @kitefin_official!").findings
    assert finding.severity.value == "info"


def test_no_official_accounts_in_the_config_means_no_findings():
    bare = Linter(Config(organization=Organization(name="Kitefin Labs")), select=["lookalike-account"])
    assert not bare.check("Follow @kitefin_official!").findings


@pytest.mark.parametrize("text", [
    "Heads up: @kitefin_official is a fake account, please report it.",
    "Got a phishing DM from @kitefin_support_team asking for my card number.",
    "@kitefin_help_desk は偽物です。公式は @kitefin_help だけ。",
])
def test_a_lookalike_the_post_calls_fake_is_only_a_hint(linter, text):
    report = linter.check(text)
    assert not spans(report, "lookalike-account")
    assert spans(report, "lookalike-account", min_severity="info")


def test_the_core_of_an_official_handle_with_an_affix():
    """@hopper_info is official; @hopper_news_official strips to its core "hopper"."""
    org = Organization(name="Kitefin Labs", official_accounts=("@hopper_info", "@kitefin"))
    linter = Linter(Config(organization=org), select=[RULE])
    [finding] = linter.check("最新情報はこっちが早い → @hopper_news_official").findings
    assert "@hopper_info" in finding.message
