"""The suite's xdist groups (one PostgreSQL, one Dask cluster, one dashboard server with a
browser at a time) only hold when ``--dist loadgroup`` really groups: pytest 9.2 silently
dropped the node-id suffix it relies on (pytest-dev/pytest-xdist#1386)."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.xdist_group("grouping-check")


def test_xdist_groups_are_honoured(request):
    if not os.environ.get("PYTEST_XDIST_WORKER") or not request.config.getoption("loadgroup", False):
        pytest.skip("not run by pytest-xdist with --dist loadgroup")
    assert request.node.nodeid.endswith("@grouping-check"), request.node.nodeid
