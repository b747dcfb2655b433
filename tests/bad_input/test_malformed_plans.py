"""Whatever sits in the lesson bank, the others are listed and the broken file is named.

Hypothesis writes arbitrary bytes, and valid plans with one field replaced by
arbitrary data, where a plan file belongs. The bank must list every good plan,
name each bad file with one line, and never crash; hostile text in a plan that
is valid must reach pages only escaped.
"""

from __future__ import annotations

import copy
import re
import shutil

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classbridge.lessons.bank import SAMPLES, LessonBank
from classbridge.lessons.export import plan_html
from classbridge.lessons.plan import FIELD_ORDER, PlanError, dump_plan, load_plan, parse_plan

FIXTURE_OK = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=60
)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
BASE = load_plan(SAMPLES / "tides-and-the-moon.yaml")
SAMPLE_IDS = sorted(path.stem for path in SAMPLES.glob("*.yaml"))


def _bank_with(tmp_path, content: bytes) -> LessonBank:
    folder = tmp_path / "shared"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    (folder / "odd.yaml").write_bytes(content)
    return LessonBank(shared=folder)


def _check_listed_and_named(bank: LessonBank) -> None:
    """Every sample is listed; odd.yaml is listed if it reads as a plan, else named, never dropped.

    Reading odd.yaml on its own says which: a plan, or the one-line reason the
    bank's "could not read" list must give for it.
    """
    try:
        load_plan(bank.shared.folder / "odd.yaml")
        reason = None
    except PlanError as err:
        reason = str(err)
    plans, broken = bank.scan()
    listed = sorted(p.plan["id"] for p in plans)
    named = {item.file: item.reason for item in broken}
    if reason is None:
        assert listed == sorted([*SAMPLE_IDS, "odd"])
        assert named == {}
    else:
        assert listed == SAMPLE_IDS, "every good plan must still be listed"
        assert named == {"odd.yaml": reason}, "the unreadable file must be named, not dropped"
        assert reason.startswith("lesson plan odd.yaml")
        assert "\n" not in reason


@FIXTURE_OK
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_hide_the_bank(tmp_path, content):
    _check_listed_and_named(_bank_with(tmp_path, content))


@FIXTURE_OK
@given(st.sampled_from(FIELD_ORDER), values)
def test_a_field_with_any_value_is_accepted_or_named(tmp_path, field, value):
    plan = copy.deepcopy(BASE) | {"id": "odd", field: value}
    text = yaml.safe_dump(plan, allow_unicode=True)
    bank = _bank_with(tmp_path, text.encode("utf-8"))
    _check_listed_and_named(bank)
    try:
        parse_plan(text, "odd.yaml")
    except PlanError as err:
        message = str(err)
        assert re.match(r"lesson plan odd\.yaml: field '[^']+': ", message), message
        assert "\n" not in message


@FIXTURE_OK
@given(st.text(min_size=1, max_size=40).filter(str.strip))
def test_hostile_text_in_a_plan_is_escaped_on_every_page(tmp_path, text):
    hostile = f"<script>alert(1)</script>{text}<img src=x onerror=alert(2)>"
    plan = copy.deepcopy(BASE)
    plan["title"] = hostile
    plan["segments"][0]["activity"] = hostile
    plan["authors"][0]["name"] = hostile
    page = plan_html(plan)
    assert "<script>" not in page and "<img" not in page
    bank = _bank_with(tmp_path, dump_plan(plan | {"id": "odd"}).encode("utf-8"))
    from classbridge.widgets import LessonBankBrowser

    browser = LessonBankBrowser(bank, by="ana")
    cards = "".join(card.children[0].value for card in browser.results.children)
    assert "<script>" not in cards and "<img" not in cards
