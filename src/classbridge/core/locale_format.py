"""Numbers and dates as a reader of the page's language writes them.

Babel's CLDR data already knows every locale's decimal marks, grouping and
date order; Babel is imported on first use so a page that shows no number
pays nothing for it.
"""

from __future__ import annotations

from datetime import datetime

from classbridge.core.language import current_language, gettext_code


def format_number(value: float, decimals: int = 0) -> str:
    """``value`` with the page language's grouping and decimal mark (1,234.5 / 1,234.5)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=gettext_code(current_language()))


def format_percent(fraction: float) -> str:
    from babel.numbers import format_percent as babel_percent

    return babel_percent(fraction, locale=gettext_code(current_language()))


def format_moment(moment: datetime) -> str:
    """A date and time the way the page's language writes it (``2026年11月29日 下午2:05``)."""
    from babel.dates import format_date, format_time

    locale = gettext_code(current_language())
    # The date in full, the time to the minute: seconds are noise on a hand-in.
    day = format_date(moment, "medium", locale=locale)
    return f"{day} {format_time(moment, 'short', locale=locale)}"
