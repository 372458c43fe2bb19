from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

from doingoai.events.cli import cmd_eval_groups, eval_groups_parser_add
from doingoai.events.errors import EventsError
from doingoai.events.public import baseline_group, clusters_read, tfidf_matrix

from .conftest import ARTICLES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="doingoai")
    eval_groups_parser_add(parser.add_subparsers(dest="command"))
    return parser


def _cluster_line(names: list[str]) -> str:
    """Return one cluster line made from our own evaluation articles (first line is the title)."""
    articles = []
    for name in names:
        title, _, body = (ARTICLES / name).read_text(encoding="utf-8").partition("\n")
        articles.append({"title": title.lstrip("# "), "anchor_text": "", "raw_text": body})
    return json.dumps({"single_documents": articles}, ensure_ascii=False)


def _collection(tmp_path: Path, clusters: list[list[str]], name: str = "set.jsonl") -> Path:
    folder = tmp_path / "clusters"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("\n".join(_cluster_line(c) for c in clusters) + "\n", encoding="utf-8")
    return folder


CLUSTERS = [["a001.txt", "a002.txt"], ["a005.txt", "a006.txt"], ["a014.txt"]]


def test_eval_groups_prints_ours_and_baseline_with_ratio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parser().parse_args(["eval-groups", str(_collection(tmp_path, CLUSTERS))])
    assert cmd_eval_groups(args) == 0
    out = capsys.readouterr().out
    assert "5 bài (0 bài xen lẫn không liên quan, 0 bài có ngày đăng) · 3 sự kiện theo nhãn" in out
    assert "Cách gộp của hệ thống: P 1,000 · R 1,000 · F1 1,000 · 3 sự kiện" in out
    assert "Mốc so sánh TF-IDF + liên kết trung bình: P 1,000 · R 1,000 · F1 1,000" in out
    assert "Tỉ lệ F1 hệ thống / mốc so sánh: 1,000" in out


def test_distractors_add_the_first_article_of_each_other_cluster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _collection(tmp_path, CLUSTERS[:2])
    other = tmp_path / "other.jsonl"
    other.write_text(_cluster_line(["a014.txt", "a015.txt"]) + "\n", encoding="utf-8")
    articles = clusters_read(folder, distractors=other)
    assert [a.event for a in articles][-1] == "distractor:other:1"
    assert len(articles) == 5
    args = _parser().parse_args(["eval-groups", "--format", "json", "--distractors", str(other), str(folder)])
    assert cmd_eval_groups(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["distractors"] == 1 and report["gold_events"] == 3
    assert report["ours"]["f1"] == 1.0
    assert report["ratio"] == pytest.approx(report["ours"]["f1"] / report["baseline"]["f1"])


def test_bad_cluster_line_names_the_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "clusters"
    folder.mkdir()
    (folder / "broken.jsonl").write_text(_cluster_line(["a001.txt"]) + '\n{"title": "x"}\n', encoding="utf-8")
    assert cmd_eval_groups(_parser().parse_args(["eval-groups", str(folder)])) == 2
    assert "broken.jsonl, dòng 2: thiếu danh sách bài 'single_documents'" in capsys.readouterr().err


def test_folder_without_jsonl_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EventsError, match=r"không có tệp \.jsonl"):
        clusters_read(tmp_path)


def test_tfidf_rows_are_unit_length_and_identical_texts_meet_at_one() -> None:
    matrix = tfidf_matrix(["Mưa lớn ở Huế", "Mưa lớn ở Huế", "Giá vàng tăng mạnh"])
    similarity = np.asarray((matrix @ matrix.T).todense())
    assert np.allclose(np.diag(similarity), 1.0)
    assert similarity[0, 1] == pytest.approx(1.0)
    assert similarity[0, 2] == pytest.approx(0.0)


def test_baseline_chooses_the_threshold_that_scores_best() -> None:
    texts = [
        "Tỉnh Lào Cai khai mạc hội chợ nông sản vùng cao",
        "Hội chợ nông sản vùng cao khai mạc ở Lào Cai",
        "Đội tuyển bóng chuyền nữ thắng trận mở màn giải châu Á",
        "Bóng chuyền nữ thắng trận mở màn tại giải châu Á",
    ]
    result = baseline_group(texts, ["fair", "fair", "volley", "volley"])
    assert result.scores.f1 == 1.0
    assert result.predicted_events == 2
