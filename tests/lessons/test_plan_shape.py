"""The TypedDict of a plan names the same fields as the schema files are checked with."""

from __future__ import annotations

import json

from typing_extensions import get_type_hints

from classbridge.lessons.plan import FIELD_ORDER, SCHEMA_PATH
from classbridge.lessons.plan_shape import LessonPlan, Segment


def test_plan_fields_match_the_schema_and_the_written_order():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert tuple(get_type_hints(LessonPlan)) == FIELD_ORDER
    assert set(LessonPlan.__annotations__) == set(schema["properties"])
    assert LessonPlan.__required_keys__ == set(schema["required"])


def test_segment_fields_match_the_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    segment = schema["properties"]["segments"]["items"]
    assert set(Segment.__annotations__) == set(segment["properties"])
    assert Segment.__required_keys__ == set(segment["required"])
