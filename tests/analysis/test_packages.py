"""Importing only the modules of underthesea and datasketch that the analysis uses."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from doingoai.analysis.packages import modules_light


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_analysing_and_grouping_import_neither_package_whole_nor_scipy() -> None:
    out = _run(
        """
        import sys
        from doingoai.analysis import analyze_text
        from doingoai.events.features import features_from_document
        from doingoai.events.grouping import EventIndex, event_assign
        doc = analyze_text("Ngày 30/12, tại Hà Nội, Bộ Ngoại giao tổng kết công tác năm 2025.", id="a")
        event_assign(EventIndex(), features_from_document(doc))
        print(sorted(m for m in ("underthesea", "datasketch", "scipy") if m in sys.modules))
        """
    )
    assert out == "[]"


def test_a_plain_import_after_the_light_one_gets_the_whole_package() -> None:
    out = _run(
        """
        from doingoai.analysis import analyze_text
        analyze_text("Hà Nội mùa thu.", id="a")
        from underthesea import word_tokenize
        import datasketch
        print(word_tokenize("Bộ Ngoại giao tổng kết công tác"), datasketch.MinHashLSH.__name__)
        """
    )
    assert out == "['Bộ', 'Ngoại giao', 'tổng kết', 'công tác'] MinHashLSH"


def _package(root: Path, name: str, sub: str) -> None:
    (root / name).mkdir()
    (root / name / "__init__.py").write_text("import sys\nsys.modules[__name__].WHOLE = True\n")
    (root / name / "sub.py").write_text(sub)


def test_a_module_is_imported_without_its_package_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _package(tmp_path, "lightpkg_a", "VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    [sub] = modules_light("lightpkg_a", ["lightpkg_a.sub"])
    assert sub.VALUE == 1
    assert "lightpkg_a" not in sys.modules
    import lightpkg_a  # type: ignore[import-not-found]

    assert lightpkg_a.WHOLE and sys.modules["lightpkg_a.sub"] is sub


def test_a_module_that_needs_its_package_init_gets_the_plain_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _package(tmp_path, "lightpkg_b", "from lightpkg_b import WHOLE\nVALUE = WHOLE\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    [sub] = modules_light("lightpkg_b", ["lightpkg_b.sub"])
    assert sub.VALUE is True
    assert sys.modules["lightpkg_b"].WHOLE is True


def test_a_missing_package_is_an_import_error() -> None:
    with pytest.raises(ImportError):
        modules_light("no_such_package_here", ["no_such_package_here.sub"])
