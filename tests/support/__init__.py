"""What the tests share besides fixtures: where things are, servers, the browser, PostgreSQL,
a Binder-style environment and a cohort of trainees.

Import a name from the module that owns it, e.g. ``from tests.support.browser import
watched_tab``; this package re-exports nothing. Fixtures live in the conftest.py of the
folder whose tests use them, or in tests/conftest.py when several folders do. Nothing here
imports pytest, so benchmarks/ use these helpers too.
"""
