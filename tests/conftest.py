from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """Return ../shared/seeds, or skip: the seed articles live outside the repository."""
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"the seed articles are not at {SEEDS} (../shared/seeds beside the checkout)")
    return SEEDS


@pytest.fixture(autouse=True)
def _interface_language_reset() -> Iterator[None]:
    """Start every test in Vietnamese: a request made in English must not leak into the next test.

    Django keeps the active language per thread, and pytest-django runs the database tests first,
    so without this a test of plain messages could see the English chosen by an earlier request.
    """
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep this run's cache in a folder of its own.

    The cache is a folder of the data directory: two runs at once (SQLite and PostgreSQL side by
    side) would otherwise clear each other's pages between a test's requests, and a test counting
    queries would count the other run's misses.
    """
    import copy

    from django.conf import settings
    from django.test.utils import override_settings

    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["LOCATION"] = str(tmp_path_factory.mktemp("cache"))
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _cache_empty() -> Iterator[None]:
    """Start every test from an empty cache.

    Figures are cached under the records revision, which a test's rolled-back transaction sets
    back: without this, a later test reaching the same revision number would read an earlier
    test's figures.
    """
    from django.conf import settings
    from django.core.cache import cache

    # Each test runs inside a transaction that never commits: keep pages there all the same, as a
    # request outside any transaction does (`doingoai.revisions.cached`).
    settings.REVISIONS_CACHE_IN_TRANSACTIONS = True
    cache.clear()
    yield
    cache.clear()
