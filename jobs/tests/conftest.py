"""Fixtures for the jobs tests."""

from __future__ import annotations

import pytest

from jobs.tests import probe_tasks


@pytest.fixture(autouse=True)
def _forget_calls() -> None:
    probe_tasks.CALLS.clear()
