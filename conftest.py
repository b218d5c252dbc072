"""Project-wide pytest fixtures: the shared cast from goodwill.test."""

from __future__ import annotations

import pytest

from goodwill.test import Cast, make_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()
