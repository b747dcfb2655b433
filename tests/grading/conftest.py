"""Fixtures of the grading tests: a PostgreSQL database of their own for each test.

The throw-away server (``postgres_server``) is in tests/conftest.py, since the
hub test in tests/deploy grades into it too.
"""

from __future__ import annotations

import pytest

from tests.support.postgres import PostgresServer


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.new_database()
