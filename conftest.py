"""Project-wide pytest fixtures: the shared cast from goodwill.test."""

from __future__ import annotations

import pytest

from goodwill.test import Cast, make_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    """The real hasher costs ~0.5 s per user; the cast creates four in every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def immediate_tasks(settings: object) -> None:
    """Run background tasks in-line (after commit), for tests that check what a task does."""
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
