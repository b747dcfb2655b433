"""One parser for every numeric answer: decimal comma or point, a unit, thousands when clear."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from classbridge.core.numbers import (
    AmbiguousNumber,
    NumberError,
    UnitNotAccepted,
    format_number,
    parse_number,
)

MBITS = ("Mbit/s", "Mbps")


@pytest.mark.parametrize(
    "typed, value",
    [
        ("9", 9.0),
        ("9,0", 9.0),
        ("9.0", 9.0),
        (" 9 ", 9.0),
        ("9 Mbit/s", 9.0),
        ("9Mbit/s", 9.0),
        ("9 mbit/s", 9.0),
        ("9 mbps", 9.0),
        ("\u00a07,5\u00a0Mbit/s\t", 7.5),
        ("0,500", 0.5),
        (".5", 0.5),
        (",5", 0.5),
        ("-2,5", -2.5),
        ("\u22122", -2.0),
        ("+4", 4.0),
        ("12,50", 12.5),
        ("1234,567", 1234.567),  # four digits before the mark: it cannot group thousands
        ("1 500", 1500.0),
        ("1\u202f500", 1500.0),
        ("1'500", 1500.0),
        ("1 500,5", 1500.5),
        ("1,500.5", 1500.5),
        ("1.500,5", 1500.5),
        ("1,234,567", 1234567.0),
        ("1.234.567", 1234567.0),
        ("\u0661\u0662", 12.0),  # Arabic-Indic digits
        ("\u0e51\u0e52,\u0e55", 12.5),  # Thai digits
    ],
)
def test_what_trainees_type_is_read(typed, value):
    assert parse_number(typed, MBITS) == value


@pytest.mark.parametrize(
    "typed, error, says",
    [
        ("", NumberError, "no number was typed"),
        ("   ", NumberError, "no number was typed"),
        ("six", NumberError, "'six' is not a number: type it in digits"),
        ("nan", NumberError, "is not a number"),
        ("inf", NumberError, "is not a number"),
        ("1,500", AmbiguousNumber, "'1,500' could mean 1.5 or 1500: type 1500"),
        ("1.500", AmbiguousNumber, "could mean 1.5 or 1500"),
        ("12,345", AmbiguousNumber, "could mean 12.345 or 12345"),
        ("1 50", NumberError, "group thousands in threes"),
        ("1,5,6", NumberError, "group thousands in threes"),
        ("1.5,000", NumberError, "group thousands in threes"),
        ("1 234.567,5", NumberError, "group thousands in threes"),
        ("9 kbit/s", UnitNotAccepted, "'kbit/s' after the number"),
        ("9 Mbit", UnitNotAccepted, "alone or with Mbit/s or Mbps"),
        ("1e3", UnitNotAccepted, "'e3' after the number"),
        ("9 or 10", UnitNotAccepted, "after the number"),
        ("9" * 80, NumberError, "too long for a number"),
    ],
)
def test_what_cannot_be_read_is_refused_with_the_fix(typed, error, says):
    with pytest.raises(error, match=None) as caught:
        parse_number(typed, MBITS)
    message = str(caught.value)
    assert says in message
    assert "\n" not in message and ": " in message  # one line: the problem, then the fix


def test_without_units_any_word_after_the_number_is_refused():
    with pytest.raises(UnitNotAccepted, match="holds more than a number: type the number alone"):
        parse_number("21 learners")
    assert parse_number("21 learners", ["learners"]) == 21.0
    assert parse_number("21", ["", "learners"]) == 21.0


def test_numbers_already_read_pass_through_and_booleans_do_not():
    assert parse_number(9) == 9.0 and parse_number(7.5) == 7.5
    with pytest.raises(NumberError):
        parse_number(True)
    with pytest.raises(NumberError, match="too large"):
        parse_number(math.inf)


def test_format_number_writes_what_a_trainee_would_type():
    assert format_number(9.0) == "9"
    assert format_number(7.5) == "7.5"
    assert format_number(-0.25) == "-0.25"


# -- properties -------------------------------------------------------------------------

decimals = st.decimals(
    min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_any_whole_number_reads_as_itself(n):
    assert parse_number(str(n)) == n


@given(
    whole=st.integers(min_value=0, max_value=10**6),
    fraction=st.text("0123456789", min_size=1, max_size=6),
    mark=st.sampled_from([".", ","]),
)
def test_a_decimal_point_and_a_decimal_comma_read_alike(whole, fraction, mark):
    typed = f"{whole}{mark}{fraction}"
    ambiguous = len(fraction) == 3 and 1 <= len(str(whole)) <= 3 and whole != 0
    if ambiguous:
        with pytest.raises(AmbiguousNumber):
            parse_number(typed)
    else:
        assert parse_number(typed) == float(f"{whole}.{fraction}")


@given(
    value=decimals,
    unit=st.sampled_from(MBITS),
    space=st.sampled_from(["", " ", "  ", "\u00a0"]),
    case=st.sampled_from([str, str.lower, str.upper]),
    pad=st.sampled_from(["", " ", " \t"]),
)
@example(value=Decimal("9"), unit="Mbit/s", space="", case=str, pad="")
def test_a_listed_unit_and_surrounding_space_change_nothing(value, unit, space, case, pad):
    plain = format_number(float(value))
    typed = f"{pad}{plain}{space}{case(unit)}{pad}"
    try:
        expected = parse_number(plain)
    except AmbiguousNumber:  # "1.131" is as ambiguous with its unit as without
        with pytest.raises(AmbiguousNumber):
            parse_number(typed, MBITS)
    else:
        assert parse_number(typed, MBITS) == expected


@given(
    n=st.integers(min_value=1000, max_value=10**12),
    group=st.sampled_from([",", ".", " ", "'", "\u202f"]),
    cents=st.integers(min_value=0, max_value=99),
)
def test_unambiguous_thousands_groups_are_read(n, group, cents):
    grouped = f"{n:,}".replace(",", group)
    if group in ",." and grouped.count(group) == 1:  # "1,500": a decimal mark as well
        with pytest.raises(AmbiguousNumber):
            parse_number(grouped)
    else:
        assert parse_number(grouped) == n
    decimal_mark = {",": ".", ".": ","}.get(group, ",")
    assert parse_number(f"{grouped}{decimal_mark}{cents:02d}") == float(f"{n}.{cents:02d}")


printable = st.characters(blacklist_categories=("Cc", "Cs"))


@given(st.text(max_size=40), st.lists(st.text(printable, max_size=8), max_size=3))
@example("1,5e3 Mbps", ["Mbps"])
def test_any_text_is_a_finite_number_or_a_one_line_number_error(typed, units):
    try:
        value = parse_number(typed, units)
    except NumberError as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert math.isfinite(value)
