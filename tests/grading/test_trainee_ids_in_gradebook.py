"""Any login's trainee id is a student id nbgrader and its gradebook accept and give back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classbridge.core.workspace import InvalidName, shown_name, trainee_id
from classbridge.grading.course import Course, open_gradebook


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory):
    course = Course(root=tmp_path_factory.mktemp("course"))
    with open_gradebook(course) as book:
        yield book


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(login=st.text(min_size=1, max_size=40))
def test_every_login_is_a_student_id_that_round_trips(gradebook, login):
    try:
        student = trainee_id(login)
    except InvalidName:
        return
    # nbgrader refuses '+' and '*' in student ids (they separate parts of exchange names).
    assert not set(student) & set("+*/\\ ")
    gradebook.update_or_create_student(student)
    assert gradebook.find_student(student).id == student
    assert shown_name(student) == login
