"""Reading a number a trainee typed: the one parser for practice and graded answers.

Trainees write numbers as their school does: ``9``, ``9.5`` or ``9,5``, often
with the unit the question asked for (``9 Mbit/s``, ``9Mbit/s``). A quiz that
accepts ``9,5`` while the graded sheet scores it 0 teaches trainees that
ClassBridge cannot be trusted, so the quiz, the answer sheet and the hidden
tests that grade it all read numbers here.

What is read:

* digits (any script's decimal digits), an optional sign (``-``, ``+`` or ``−``);
* a decimal point or a decimal comma: ``7.5`` and ``7,5`` are both 7.5;
* around the number, spaces; after it, one of the units the question names,
  with or without a space, in any case (``9 mbit/s``); no other words;
* thousands separators only where they cannot be a decimal mark:
  spaces or apostrophes (``1 500``, ``1'500``), a separator used more than once
  (``1,234,567``), or one followed by the other kind (``1,500.5``, ``1.500,5``);
  groups after the first have three digits.

``1,500`` and ``1.500`` are refused with ``AmbiguousNumber``: in the
Philippines one of them is fifteen hundred, in Vietnam or Indonesia the other,
and a grader cannot tell which was meant. The message offers both readings.
No exponents (``1e3``), no ``inf`` or ``nan``: no trainee means them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _


class NumberError(ClassBridgeError, ValueError):
    """Text that is not a number this parser reads; the message says how to write it."""


class AmbiguousNumber(NumberError):
    """``1,500`` or ``1.500``: a decimal mark or a thousands separator, nobody can tell."""


class UnitNotAccepted(NumberError):
    """A number followed by words that are not one of the question's units."""


_SPACES = " \u00a0\u2009\u202f"  # space, no-break space, thin space, narrow no-break space
_GROUP_MARKS = _SPACES + "'\u2019"  # never a decimal mark
_MINUS = "\u2212"  # the minus sign a word processor types
_MAX_LENGTH = 60
#: sign, then the number's characters (ending on a digit), then whatever follows.
_SHAPE = re.compile(
    rf"(?P<sign>[+\-{_MINUS}]?)(?P<body>(?:\d[\d.,{_GROUP_MARKS}]*)?\d)(?P<rest>.*)", re.DOTALL
)
_LEADING_MARK = re.compile(rf"(?P<sign>[+\-{_MINUS}]?)[.,](?P<digits>\d+)(?P<rest>.*)", re.DOTALL)


def parse_number(text: str | float, units: Iterable[str] = ()) -> float:
    """The number in ``text``, which may end with one of ``units``; ``NumberError`` if none.

    Example::

        parse_number(" 9,0 Mbit/s ", units=("Mbit/s", "Mbps")) == 9.0
    """
    if isinstance(text, bool):
        raise _not_a_number(str(text))
    if isinstance(text, (int, float)):
        return _finite(float(text), str(text))
    typed = str(text)
    stripped = typed.strip(_SPACES + "\t\n\r")
    if not stripped:
        raise NumberError(_("no number was typed: type one in digits, e.g. 9 or 7,5"))
    if len(stripped) > _MAX_LENGTH:
        raise NumberError(
            _("{typed}... is too long for a number: type just the number").format(
                typed=repr(stripped[:20])
            )
        )
    sign, body, rest = _split(stripped, typed)
    value = _value(body, typed)
    _check_unit(rest, typed, body, [u for u in units if u and u.strip()])
    return _finite(-value if sign in ("-", _MINUS) else value, typed)


def format_number(value: float) -> str:
    """A number as a trainee would type it back: ``9`` rather than ``9.0``."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _split(stripped: str, typed: str) -> tuple[str, str, str]:
    """Sign, the number's characters, and what follows them."""
    leading = _LEADING_MARK.fullmatch(stripped)  # ".5" or ",5"
    if leading:
        return leading["sign"], "0." + leading["digits"], leading["rest"]
    shape = _SHAPE.fullmatch(stripped)
    if not shape:
        raise _not_a_number(typed)
    return shape["sign"], shape["body"], shape["rest"]


def _value(body: str, typed: str) -> float:
    """The value of the digits and marks in ``body`` (see the module's rules)."""
    ascii_body = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in body)
    grouped = re.sub(f"[{_GROUP_MARKS}]", " ", ascii_body)
    decimal_mark = _decimal_mark(grouped, typed)
    whole, fraction = grouped.rsplit(decimal_mark, 1) if decimal_mark else (grouped, "")
    group_marks = set(whole) - set("0123456789")
    # "1 234.567,5" mixes two kinds of thousands separator; "1,5 00" groups badly.
    groups = re.split(r"[ .,]", whole)
    if len(group_marks) > 1 or (decimal_mark and not fraction.isdigit()):
        raise _not_a_number(typed, grouping=True)
    if not _well_grouped(groups):
        raise _not_a_number(typed, grouping=True)
    return float("".join(groups) + ("." + fraction if fraction else ""))


def _decimal_mark(grouped: str, typed: str) -> str:
    """Which of ``.`` and ``,`` is the decimal mark: ``""`` if the number has none."""
    marks = [c for c in grouped if c in ".,"]
    if not marks:
        return ""
    if len(set(marks)) == 2:
        last = marks[-1]
        if marks.count(last) > 1:
            raise _not_a_number(typed, grouping=True)
        return last
    mark = marks[0]
    if len(marks) > 1:
        return ""  # "1,234,567": a decimal mark comes once
    if " " in grouped:
        return mark  # "1 500,5": spaces group the thousands
    whole, fraction = grouped.split(mark)
    if len(fraction) == 3 and whole.isdigit() and 1 <= len(whole) <= 3 and whole != "0":
        small, big = float(f"{whole}.{fraction}"), float(whole + fraction)
        raise AmbiguousNumber(
            _("{typed} could mean {small} or {big}: type {big} (no separator) or {small}").format(
                typed=repr(typed.strip()), small=format_number(small), big=format_number(big)
            )
        )
    return mark


def _well_grouped(groups: list[str]) -> bool:
    first, *thousands = groups
    if not first.isdigit() or (thousands and len(first) > 3):
        return False
    return all(len(g) == 3 and g.isdigit() for g in thousands)


def _check_unit(rest: str, typed: str, body: str, units: list[str]) -> None:
    given = " ".join(rest.split()).casefold()
    if not given or given in {" ".join(u.split()).casefold() for u in units}:
        return
    if units:
        raise UnitNotAccepted(
            _(
                "{typed} has {rest} after the number, which is not a unit "
                "this answer takes: type the number alone or with {units}"
            ).format(typed=repr(typed.strip()), rest=repr(rest.strip()), units=_either(units))
        )
    raise UnitNotAccepted(
        _("{typed} holds more than a number: type the number alone, e.g. {number}").format(
            typed=repr(typed.strip()), number=body.strip()
        )
    )


def _either(choices: list[str]) -> str:
    """``Mbit/s or Mbps``, in the reader's language."""
    text = choices[0]
    for choice in choices[1:]:
        text = _("{either} or {other}").format(either=text, other=choice)
    return text


def _finite(value: float, typed: str) -> float:
    if not math.isfinite(value):
        raise NumberError(
            _("{typed}... is too large a number: check the digits").format(
                typed=repr(typed.strip()[:20])
            )
        )
    return value


def _not_a_number(typed: str, grouping: bool = False) -> NumberError:
    """``grouping``: the digits are there but the separators do not group them in thousands."""
    if grouping:
        message = _(
            "{typed} is not a number: type it in digits, e.g. 9 or 7,5 "
            "(group thousands in threes, e.g. 1 500 or 1,500.5)"
        )
    else:
        message = _("{typed} is not a number: type it in digits, e.g. 9 or 7,5")
    return NumberError(message.format(typed=repr(typed.strip())))
