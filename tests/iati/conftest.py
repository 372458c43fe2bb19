from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def valid_xml() -> str:
    """Return our own two-activity IATI 2.03 file (Korean schools, German mangroves)."""
    return (FIXTURES / "activities_valid.xml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """Return the 1-based line of the first occurrence of ``fragment`` in ``text``."""
    return text[: text.index(fragment)].count("\n") + 1
