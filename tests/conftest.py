from __future__ import annotations

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
