from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from doingoai.analysis import analyze_file
from doingoai.events.cli import cmd_eval_events, eval_events_parser_add
from doingoai.events.errors import ManifestError
from doingoai.events.evaluate import events_evaluate, manifest_read

from .conftest import ARTICLES, EVAL_DIR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="doingoai")
    eval_events_parser_add(parser.add_subparsers(dest="command"))
    return parser


def _folder(tmp_path: Path, rows: dict[str, str]) -> Path:
    for name in rows:
        shutil.copy(ARTICLES / name, tmp_path / name)
    manifest = "file\tevent\n# a comment line\n" + "".join(
        f"{name}\t{event}\n" for name, event in rows.items()
    )
    (tmp_path / "manifest.tsv").write_text(manifest, encoding="utf-8")
    return tmp_path


TINY = {
    "a001.txt": "nghean",
    "a002.txt": "nghean",
    "a005.txt": "ngo",
    "a006.txt": "ngo",
    "a014.txt": "blood",
}


def test_eval_events_prints_bcubed_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["eval-events", str(_folder(tmp_path, TINY))])
    assert cmd_eval_events(args) == 0
    out = capsys.readouterr().out
    assert "B-cubed: độ chính xác (P) 1,000 · độ phủ (R) 1,000 · F1 1,000" in out
    assert "5 bài · 3 sự kiện theo nhãn · 3 sự kiện tìm được" in out


def test_misgrouped_documents_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A wrong label: the reports of the meeting with NGOs marked as the year-end review.
    rows = {**TINY, "a005.txt": "nghean", "a006.txt": "nghean"}
    args = _parser().parse_args(["eval-events", "--format", "json", str(_folder(tmp_path, rows))])
    assert cmd_eval_events(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["recall"] < 1.0 and report["precision"] == 1.0
    wrong = {m["document"]: m for m in report["misgrouped"]}
    assert set(wrong) == {"a001.txt", "a002.txt", "a005.txt", "a006.txt"}
    assert wrong["a001.txt"]["missing"] == ["a005.txt", "a006.txt"]


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (None, "không có tệp manifest"),
        ("file\tevent\nmissing.txt\te1\n", "không có tệp 'missing.txt'"),
        ("a001.txt e1\n", "đúng hai cột"),
        ("a001.txt\te1\na001.txt\te2\n", "đã có ở dòng 1"),
        ("# only a comment\n", "không có dòng nào"),
    ],
)
def test_bad_manifests_are_refused_with_the_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], manifest: str | None, message: str
) -> None:
    shutil.copy(ARTICLES / "a001.txt", tmp_path / "a001.txt")
    if manifest is not None:
        (tmp_path / "manifest.tsv").write_text(manifest, encoding="utf-8")
    args = _parser().parse_args(["eval-events", str(tmp_path)])
    assert cmd_eval_events(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("doingoai: lỗi: ") and message in err and "manifest.tsv" in err


def test_manifest_errors_name_the_line(tmp_path: Path) -> None:
    (tmp_path / "manifest.tsv").write_text("file\tevent\nmissing.txt\te1\n", encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        manifest_read(tmp_path)
    assert caught.value.line == 2 and str(caught.value).startswith(f"{tmp_path / 'manifest.tsv'}:2: ")


def test_the_command_has_help_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["eval-events", "--help"])
    out = capsys.readouterr().out
    assert "manifest.tsv" in out and "B-cubed" in out


def test_the_evaluation_set_is_large_and_hard_enough() -> None:
    rows = manifest_read(EVAL_DIR)
    events: dict[str, int] = {}
    for row in rows:
        events[row.event] = events.get(row.event, 0) + 1
    assert len(rows) >= 80 and len(events) >= 25
    assert any(size == 1 for size in events.values()) and any(size >= 4 for size in events.values())


def test_the_evaluation_set_reaches_the_quality_target() -> None:
    evaluation = events_evaluate(EVAL_DIR, analyze=analyze_file)
    assert evaluation.scores.f1 >= 0.97, evaluation.misgrouped
