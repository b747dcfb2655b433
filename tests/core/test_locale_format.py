"""Numbers and dates as a reader of the page's language writes them."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from classbridge.core.language import use_language
from classbridge.core.locale_format import format_moment, format_number
from classbridge.grading.display_format import time_text

MOMENT = datetime(2026, 11, 21, 14, 5, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use_language(None)


def test_a_hand_in_time_in_traditional_chinese_and_in_english() -> None:
    use_language("zh-TW")
    assert format_moment(MOMENT) == "2026年11月21日 下午2:05"
    assert time_text(MOMENT) == "2026年11月21日 下午2:05 UTC"
    use_language("en")
    assert time_text(MOMENT) == "2026-11-21 14:05 UTC"  # what spreadsheets and scripts read


def test_numbers_group_and_round_by_locale() -> None:
    use_language("zh-TW")
    assert format_number(12345.678, 1) == "12,345.7"
    use_language("en")
    assert format_number(1234) == "1,234"
