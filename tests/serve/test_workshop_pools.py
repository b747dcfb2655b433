"""Pools sized to the cohort, warmed in the order trainees open pages, refused when too big."""

from __future__ import annotations

import psutil
import pytest

from classbridge.core.catalogue import scan_catalogue
from classbridge.serve import ServeError
from classbridge.serve.workshop_pools import (
    MOST_TRAINEES,
    PagePool,
    PoolPlan,
    check_memory,
    plan_pools,
)
from tests.support.repo import MODULES


@pytest.fixture(scope="module")
def catalogue():
    return scan_catalogue(MODULES)


def test_without_a_cohort_every_page_keeps_one_kernel_and_the_catalogue_warms_first(catalogue):
    plan = plan_pools(catalogue, unreadable=[])
    names = [page.notebook for page in plan.pages]
    assert names[0] == "catalogue.ipynb"
    modules = [m.path for m in catalogue.modules]
    assert names[1 : 1 + len(modules)] == modules
    # Pages a trainee reaches from a link, or a trainer opens, come after the modules.
    assert set(names[1 + len(modules) :]) == {
        "my-progress.ipynb",
        "lesson-bank.ipynb",
        "widget-gallery.ipynb",
    }
    assert names[1 + len(modules)] == "my-progress.ipynb"
    assert {page.ready_kernels for page in plan.pages} == {1}


def test_a_cohort_gets_a_kernel_each_on_the_catalogue_and_the_first_module(catalogue):
    plan = plan_pools(catalogue, unreadable=[], trainees=20, first="03")
    assert plan.pages[0] == PagePool("catalogue.ipynb", 20, plan.pages[0].kernel_mib)
    assert plan.pages[1].notebook == "03-teaching-live/teaching-live.ipynb"
    assert plan.pages[1].ready_kernels == 20
    assert all(page.ready_kernels == 1 for page in plan.pages[2:])
    assert plan.kernels == 40 + len(plan.pages) - 2


@pytest.mark.parametrize(
    "first", ["03-teaching-live", "03", "03-teaching-live/teaching-live.ipynb", "03-teaching-live/"]
)
def test_the_first_module_is_named_as_a_trainer_would(catalogue, first):
    plan = plan_pools(catalogue, unreadable=[], trainees=5, first=first)
    assert plan.pages[1].notebook == "03-teaching-live/teaching-live.ipynb"


def test_the_first_module_defaults_to_the_first_in_the_catalogue(catalogue):
    plan = plan_pools(catalogue, unreadable=[], trainees=5)
    assert plan.pages[1].notebook == catalogue.modules[0].path


def test_a_misspelt_first_module_is_refused_with_the_nearest_name(catalogue):
    with pytest.raises(ServeError) as refused:
        plan_pools(catalogue, unreadable=[], trainees=5, first="01-welcom")
    assert str(refused.value) == (
        f"--first '01-welcom' is not a module in {catalogue.root}: did you mean '01-welcome'?"
    )


@pytest.mark.parametrize(
    ("trainees", "problem"),
    [
        (0, "--trainees 0: give the number of trainees who start together"),
        (-3, "--trainees -3: give the number of trainees who start together"),
        (MOST_TRAINEES + 1, f"--trainees {MOST_TRAINEES + 1} is more than one server takes"),
    ],
)
def test_an_impossible_cohort_is_refused_in_one_line(catalogue, trainees, problem):
    with pytest.raises(ServeError) as refused:
        plan_pools(catalogue, unreadable=[], trainees=trainees)
    assert str(refused.value).startswith(problem)
    assert "\n" not in str(refused.value)


def test_a_negative_pool_size_is_refused(catalogue):
    with pytest.raises(ServeError, match=r"--pool-size -1: give the kernels kept ready per page"):
        plan_pools(catalogue, unreadable=[], pool_size=-1)


def test_unreadable_notebooks_get_no_pool(catalogue):
    plan = plan_pools(catalogue, unreadable=["lesson-bank.ipynb"])
    assert "lesson-bank.ipynb" not in [page.notebook for page in plan.pages]


def test_memory_measured_at_the_last_start_is_used_for_the_plan(catalogue):
    plan = plan_pools(catalogue, unreadable=[], measured_mib={"catalogue.ipynb": 61.5})
    assert plan.pages[0].kernel_mib == 61.5
    assert plan.pages[1].kernel_mib > 61.5  # not measured yet: the conservative figure


def test_a_plan_the_machine_cannot_hold_is_refused_with_a_cohort_that_fits():
    free_mib = psutil.virtual_memory().available / 2**20
    per_kernel = free_mib / 50  # 200 kernels need four times what is free
    plan = PoolPlan(
        (
            PagePool("catalogue.ipynb", 100, per_kernel),
            PagePool("01-welcome/welcome.ipynb", 100, per_kernel),
        )
    )
    with pytest.raises(ServeError) as refused:
        check_memory(plan, trainees=100)
    message = str(refused.value)
    assert message.startswith("200 ready kernels need about")
    fits = int(message.split("use '--trainees ")[1].split("'")[0])
    assert 15 <= fits <= 25  # about a quarter of the cohort, for two kernels each
    check_memory(PoolPlan((PagePool("catalogue.ipynb", 1, 1.0),)), trainees=None)
