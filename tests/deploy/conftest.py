"""The workshop hub, started once for every hub test (a hub start is the expensive part).

The hub and its helpers are in tests/support/hub.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.hub import PROXY, Hub, running_hub


@pytest.fixture(scope="session")
def hub(tmp_path_factory, postgres_server) -> Iterator[Hub]:
    """deploy/jupyterhub/'s hub on loopback, with a PostgreSQL gradebook and the rooms service."""
    if not PROXY.exists():
        pytest.fail(
            "configurable-http-proxy is missing: run 'bash scripts/test.sh', which runs "
            "'npm ci --prefix deploy/jupyterhub'"
        )
    with running_hub(tmp_path_factory.mktemp("workshop"), postgres_server.new_database()) as hub:
        yield hub
