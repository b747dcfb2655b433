"""Which language a person gets: the switch, then the browser, then the server, then English."""

from __future__ import annotations

import pytest

from classbridge.core import language
from classbridge.core.language import (
    choose_language,
    negotiate,
    normalise,
    supported_languages,
    translated,
    use_language,
)


@pytest.fixture
def page_language():
    """Set the process's language for one test and forget it afterwards."""
    yield use_language
    use_language(None)


def test_english_and_traditional_chinese_are_spoken() -> None:
    assert supported_languages()[:2] == ("en", "zh-TW")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-TW", "zh-TW"),
        ("zh_TW.UTF-8", "zh-TW"),
        ("zh-Hant-TW", "zh-TW"),
        ("zh", "zh-TW"),
        ("ZH-tw", "zh-TW"),
        ("en-GB", "en"),
        ("en_US.UTF-8", "en"),
        ("vi-VN", None),
        ("C.UTF-8", None),
        ("*", None),
        ("", None),
    ],
)
def test_tags_from_browsers_and_shells_name_our_languages(tag: str, expected: str | None) -> None:
    assert normalise(tag) == expected


def test_the_browser_preference_with_the_highest_quality_wins() -> None:
    assert negotiate("vi-VN,vi;q=0.9,zh-TW;q=0.8,en;q=0.7") == "zh-TW"
    assert negotiate("en;q=0.5, zh-TW;q=0.9") == "zh-TW"
    assert negotiate("en-US,en;q=0.9") == "en"
    assert negotiate("fr-FR, de;q=0.9") is None
    assert negotiate("zh-TW;q=0, en") == "en"  # q=0 means "not this one"
    assert negotiate("zh-TW;q=abc, en;q=0.1") == "en"  # a broken weight is skipped


def test_the_switch_beats_the_remembered_choice_which_beats_the_browser() -> None:
    browser = "en-US,en;q=0.9"
    remembered = "_xsrf=abc; classbridge-lang=zh-TW"
    assert choose_language("", "", browser, "") == "en"
    assert choose_language("", remembered, browser, "") == "zh-TW"
    assert choose_language("lang=en", remembered, browser, "") == "en"
    assert choose_language("x=1&lang=zh-TW", "", browser, "") == "zh-TW"


def test_the_server_default_applies_when_the_browser_asks_for_none_we_speak() -> None:
    assert choose_language("", "", "vi-VN,vi;q=0.9", "zh-TW") == "zh-TW"
    assert choose_language("", "", "zh-TW", "en") == "zh-TW"
    assert choose_language("", "", "", "") == "en"


def test_unknown_or_broken_inputs_fall_through_to_the_next_rule() -> None:
    assert choose_language("lang=klingon", 'classbridge-lang="bad', "zh-TW", "") == "zh-TW"


def test_a_page_kernel_chooses_from_the_visit(monkeypatch) -> None:
    monkeypatch.setattr(language, "_page_language", None)
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)  # not preheated: no visit to wait for
    monkeypatch.setenv("QUERY_STRING", "")
    monkeypatch.setenv("HTTP_ACCEPT_LANGUAGE", "zh-TW,zh;q=0.9")
    monkeypatch.setenv("HTTP_COOKIE", "jupyterhub-session-id=secret")
    assert language.current_language() == "zh-TW"
    # The hub's cookies are read for our one cookie and then kept from the notebook.
    import os

    assert "HTTP_COOKIE" not in os.environ
    monkeypatch.setattr(language, "_page_language", None)


def test_the_command_line_follows_classbridge_lang_then_the_shell(monkeypatch) -> None:
    for name in ("VOILA_BASE_URL", "VOILA_PREHEAT", "CLASSBRIDGE_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(language, "_page_language", None)
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert language.current_language() == "zh-TW"
    monkeypatch.setattr(language, "_page_language", None)
    monkeypatch.setenv("CLASSBRIDGE_LANG", "en")
    assert language.current_language() == "en"
    monkeypatch.setattr(language, "_page_language", None)


def test_module_prose_is_shown_in_the_page_language_or_english(page_language) -> None:
    page_language("zh-TW")
    assert translated(en="Wait time", zh_TW="候答時間") == "候答時間"
    assert translated(en="Only in English") == "Only in English"
    page_language("en")
    assert translated(en="Wait time", zh_TW="候答時間") == "Wait time"


def test_prose_in_a_language_we_do_not_speak_is_refused_with_the_fix() -> None:
    with pytest.raises(ValueError, match=r"translated\(\) got zh-CN: name a language"):
        translated(en="Wait time", zh_CN="候答时间")


def test_an_unknown_language_cannot_be_fixed_for_the_process() -> None:
    with pytest.raises(ValueError, match="'tlh' is not one ClassBridge speaks: use one of en"):
        use_language("tlh")
    use_language(None)
