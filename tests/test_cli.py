from __future__ import annotations

import json
from pathlib import Path

import pytest

from doingoai.cli import main, parser_build

ARTICLE = (
    "date 2026-03-12\n"
    "Quảng Trị ký kết dự án trường học với đối tác Hàn Quốc\n\n"
    "(Báo Quảng Trị) - Sáng 12/3, lễ ký kết diễn ra tại thành phố Đông Hà.\n"
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_command_has_help_text() -> None:
    parser = parser_build()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():  # type: ignore[union-attr]
        assert sub.description, f"command {name} has no description"
    assert all(a.help for a in subparsers._choices_actions)  # type: ignore[union-attr]


def test_analyze_json_follows_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "bai-quang-tri.txt", ARTICLE)
    assert main(["analyze", str(tmp_path), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    doc = payload["documents"][0]
    assert doc["id"] == "bai-quang-tri"
    assert doc["published"] == "2026-03-12"
    assert doc["source"] == "Báo Quảng Trị"
    assert doc["title"] == "Quảng Trị ký kết dự án trường học với đối tác Hàn Quốc"
    for key in (
        "people",
        "organizations",
        "places",
        "amounts",
        "quantities",
        "dates",
        "directives",
        "quotes",
    ):
        assert isinstance(doc[key], list)
    assert "events" in payload


def test_analyze_writes_the_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = _write(tmp_path, "a.md", ARTICLE)
    out = tmp_path / "brief.md"
    assert main(["analyze", str(article), "--output", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert "## Quảng Trị ký kết dự án trường học với đối tác Hàn Quốc" in out.read_text(encoding="utf-8")


def test_missing_path_is_named_and_the_rest_is_analysed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, "tot.txt", ARTICLE)
    code = main(["analyze", str(good), str(tmp_path / "khong-co.txt"), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 1
    assert "khong-co.txt" in captured.err
    assert json.loads(captured.out)["documents"][0]["id"] == "tot"


def test_folder_without_documents_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "ghi-chu.csv", "a,b\n")
    assert main(["analyze", str(tmp_path)]) == 2
    assert "không tìm thấy" in capsys.readouterr().err


def test_progress_is_reported_on_stderr_for_long_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import doingoai.cli as cli

    for i in range(3):
        _write(tmp_path, f"bai-{i}.txt", ARTICLE)
    monkeypatch.setattr(cli.Progress, "__init__", _eager_progress_init)
    assert main(["analyze", str(tmp_path), "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert "[1/3]" in err and "[3/3]" in err


def _eager_progress_init(self: object, total: int, stream: object, every: float = 1.0) -> None:
    import time

    self.total = total  # type: ignore[attr-defined]
    self.stream = stream  # type: ignore[attr-defined]
    self.every = 0.0  # type: ignore[attr-defined]
    self.started = self.last = time.monotonic() - 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("extra", "json_out"),
    [
        ((), True),  # the file's name says JSON
        (("--format", "markdown"), False),  # what is asked wins
    ],
)
def test_analyze_writes_the_format_its_output_file_names(
    tmp_path: Path, extra: tuple[str, ...], json_out: bool
) -> None:
    source = tmp_path / "bai"
    source.mkdir()
    _write(source, "bai-quang-tri.txt", ARTICLE)
    out = tmp_path / "ket-qua.json"
    assert main(["analyze", str(source), "-o", str(out), *extra]) == 0
    text = out.read_text(encoding="utf-8")
    if json_out:
        assert json.loads(text)["documents"][0]["id"] == "bai-quang-tri"
    else:
        assert text.lstrip().startswith("#")


def test_analyze_prints_markdown_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "bai-quang-tri.txt", ARTICLE)
    assert main(["analyze", str(tmp_path)]) == 0
    assert capsys.readouterr().out.lstrip().startswith("#")
