"""End-to-end acceptance over the two seed articles in ../shared/seeds (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from doingoai.analysis.text import fold_key
from doingoai.cli import main


@pytest.fixture(scope="module")
def seeds_json(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("seeds") / "seeds.json"
    assert main(["analyze", str(seeds_dir), "--format", "json", "--output", str(out)]) == 0
    payload: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return payload


def _doc(payload: dict[str, Any], prefix: str) -> dict[str, Any]:
    return next(d for d in payload["documents"] if d["id"].startswith(prefix))


def _all(payload: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [fact for d in payload["documents"] for fact in d[key]]


def test_first_seed_source_is_tbtco(seeds_json: dict[str, Any]) -> None:
    assert _doc(seeds_json, "000")["source"] == "TBTCO"


def test_second_seed_is_dated_2025_12_30(seeds_json: dict[str, Any]) -> None:
    assert _doc(seeds_json, "001")["published"] == "2025-12-30"


def test_over_50_billion_vnd_is_found(seeds_json: dict[str, Any]) -> None:
    amounts = _all(seeds_json, "amounts")
    assert any(
        a["value"] == 50_000_000_000 and a["currency"] == "VND" and a["qualifier"] == "over" for a in amounts
    ), amounts


def test_over_200_million_usd_is_found(seeds_json: dict[str, Any]) -> None:
    amounts = _all(seeds_json, "amounts")
    assert any(
        a["value"] == 200_000_000 and a["currency"] == "USD" and a["qualifier"] == "over" for a in amounts
    ), amounts


def test_248_border_communes_and_over_100_connection_points(seeds_json: dict[str, Any]) -> None:
    quantities = _all(seeds_json, "quantities")
    assert any(q["value"] == 248 and fold_key(q["unit"]).startswith("xa") for q in quantities), quantities
    assert any(
        q["value"] == 100 and q["qualifier"] == "over" and "diem cau" in fold_key(q["unit"])
        for q in quantities
    ), quantities


def test_no_year_or_document_number_is_a_quantity(seeds_json: dict[str, Any]) -> None:
    values = {q["value"] for q in _all(seeds_json, "quantities")}
    assert not values & {2025, 2026, 2045, 12}


def test_tran_cam_tu_has_both_titles(seeds_json: dict[str, Any]) -> None:
    person = next(p for p in _doc(seeds_json, "000")["people"] if p["name"] == "Trần Cẩm Tú")
    keys = {fold_key(t) for t in person["titles"]}
    assert "uy vien bo chinh tri" in keys
    assert "thuong truc ban bi thu" in keys
    assert len(person["spans"]) >= 5


def test_le_hoai_trung_is_minister_of_foreign_affairs(seeds_json: dict[str, Any]) -> None:
    person = next(p for p in _doc(seeds_json, "000")["people"] if p["name"] == "Lê Hoài Trung")
    assert any(fold_key(t) == "bo truong bo ngoai giao" for t in person["titles"])


def test_second_seed_attaches_dong_chi_mentions_to_tran_cam_tu(seeds_json: dict[str, Any]) -> None:
    people = _doc(seeds_json, "001")["people"]
    person = next(p for p in people if p["name"] == "Trần Cẩm Tú")
    assert len(person["spans"]) >= 3
    assert not any(p["name"] in {"Đồng chí", "Thường trực Ban Bí thư"} for p in people)


@pytest.mark.parametrize(
    ("prefix", "name"),
    [
        ("000", "Bộ Ngoại giao"),
        ("000", "Đảng ủy Bộ Ngoại giao"),
        ("000", "Bộ Chính trị"),
        ("000", "Ban Bí thư"),
        ("000", "Mặt trận Tổ quốc Việt Nam"),
        ("001", "Mặt trận Tổ quốc Việt Nam"),
        ("001", "Liên hiệp các tổ chức hữu nghị Việt Nam"),
        ("001", "Ban Bí thư"),
    ],
)
def test_organizations_named_in_the_articles_are_found(
    seeds_json: dict[str, Any], prefix: str, name: str
) -> None:
    names = {fold_key(o["name"]) for o in _doc(seeds_json, prefix)["organizations"]}
    assert fold_key(name) in names, names


def test_directive_assigns_ministry_to_review_directive_12_and_draft_2045_strategy(
    seeds_json: dict[str, Any],
) -> None:
    directives = _doc(seeds_json, "000")["directives"]
    to_ministry = [d for d in directives if d["lead"] and fold_key(d["lead"]) == "bo ngoai giao"]
    assert to_ministry, directives
    tasks = fold_key(" ".join(d["task"] for d in to_ministry))
    assert "chi thi so 12" in tasks
    assert "chien luoc doi ngoai nhan dan" in tasks and "2045" in tasks
    assert any(d["issuer"] and "tran cam tu" in fold_key(d["issuer"]) for d in to_ministry)


def test_partial_date_resolves_against_the_published_date(seeds_json: dict[str, Any]) -> None:
    dates = {d["date"] for d in _doc(seeds_json, "001")["dates"]}
    assert "2025" in dates and "2026" in dates
    assert "../2045" in dates


def test_every_span_quotes_the_text(seeds_dir: Path, seeds_json: dict[str, Any]) -> None:
    from doingoai.analysis.reading import read_document
    from doingoai.analysis.text import text_normalize

    for doc in seeds_json["documents"]:
        text = text_normalize(read_document(doc["path"])[0])
        for key in ("amounts", "quantities", "dates", "quotes"):
            for fact in doc[key]:
                start, end = fact["span"]
                assert text[start:end] == fact["text"]
        for key in ("people", "organizations", "places"):
            for fact in doc[key]:
                assert all(0 <= s < e <= len(text) for s, e in fact["spans"])
