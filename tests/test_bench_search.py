from __future__ import annotations

import json
from pathlib import Path

import pytest

from doingoai.bench_search import ndcg_at_10, reciprocal_rank, reports_read


@pytest.mark.parametrize(
    ("ranked", "relevant", "ndcg", "rr"),
    [
        ([1, 2, 3], {1, 2}, 1.0, 1.0),
        ([9, 1, 2], {1, 2}, (1 / 1.584962500721156 + 1 / 2) / (1 + 1 / 1.584962500721156), 0.5),
        ([9, 8], {1}, 0.0, 0.0),
        ([], {1}, 0.0, 0.0),
    ],
)
def test_ranking_measures(ranked: list[int], relevant: set[int], ndcg: float, rr: float) -> None:
    assert ndcg_at_10(ranked, relevant) == pytest.approx(ndcg)
    assert reciprocal_rank(ranked, relevant) == rr


def test_reports_are_read_cluster_by_cluster_with_their_title_first(tmp_path: Path) -> None:
    cluster = {
        "single_documents": [
            {"title": "Lũ  lớn ở miền Trung ", "anchor_text": "Mưa kéo dài.", "raw_text": "Nước dâng cao."},
            {"title": "Miền Trung chống lũ", "anchor_text": "", "raw_text": "Các tỉnh sơ tán dân."},
        ],
        "summary": "",
        "category": "",
    }
    (tmp_path / "a.jsonl").write_text(json.dumps(cluster, ensure_ascii=False) + "\n\n", encoding="utf-8")
    reports = reports_read(tmp_path)
    assert [(r.cluster, r.title) for r in reports] == [(0, "Lũ lớn ở miền Trung"), (0, "Miền Trung chống lũ")]
    assert reports[0].text == "Lũ lớn ở miền Trung\n\nMưa kéo dài.\nNước dâng cao.\n"
