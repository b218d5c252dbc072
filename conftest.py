"""Project-wide pytest fixtures: the shared cast from goodwill.test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from goodwill.test import CHROMIUM, Cast, make_cast


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                # This machine's network is closed; stop Chromium from trying.
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()
