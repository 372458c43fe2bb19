"""The scorer of the analysis: matching rules and precision / recall / F1 on tiny hand-made cases."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from doingoai.analysis.document import (
    Amount,
    DateMention,
    Directive,
    Document,
    Organization,
    Person,
    Place,
    Quantity,
    Quote,
)
from doingoai.analysis.evaluate import (
    GoldError,
    LayerScore,
    analysis_evaluate,
    bipartite_match,
    document_score,
    gold_load,
    organization_key,
    place_key,
    report_build,
    title_matches,
    unit_matches,
)

TEXT = "date 2026-03-12\nTiêu đề\n\n(TTXVN) - Sáng 12/3, nội dung bài viết đủ dài để đặt các span vào."


def _doc(**facts: Any) -> Document:
    return Document(text=TEXT, id="bai", **facts)


def _amount(value: str, currency: str = "VND", qualifier: str | None = None, **kw: Any) -> Amount:
    return Amount(
        text=f"{value} {currency}",
        value=Decimal(value),
        currency=currency,
        qualifier=qualifier,
        per_unit=kw.get("per_unit"),
        span=(40, 50),
        value_max=kw.get("value_max"),
    )


def _quantity(value: str, unit: str, **kw: Any) -> Quantity:
    return Quantity(
        text=f"{value} {unit}",
        value=Decimal(value),
        unit=unit,
        qualifier=kw.get("qualifier"),
        span=(40, 50),
        value_max=kw.get("value_max"),
    )


def _directive(lead: str | None, task: str, deadline: str | None = None) -> Directive:
    return Directive(
        issuer=None, lead=lead, coordinating=[], task=task, deadline=deadline, span=(40, 60), verb="giao"
    )


# --- the arithmetic ---------------------------------------------------------------------------


def test_precision_recall_and_f1_are_computed_from_the_counts() -> None:
    score = LayerScore("x", gold=4, found=5, correct=3)
    assert score.precision == pytest.approx(0.6)
    assert score.recall == pytest.approx(0.75)
    assert score.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)


def test_nothing_expected_and_nothing_found_is_perfect() -> None:
    score = LayerScore("x")
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_nothing_found_when_something_was_expected_scores_zero() -> None:
    score = LayerScore("x", gold=3)
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_facts_found_when_none_were_expected_score_zero_precision() -> None:
    score = LayerScore("x", found=2)
    assert score.precision == 0.0
    assert score.f1 == 0.0


def test_matching_is_maximal_where_a_greedy_choice_would_lose_a_pair() -> None:
    # Gold 0 fits system 0 and 1; gold 1 fits only system 0. Greedy gives gold 0 system 0.
    fits = {(0, 0), (0, 1), (1, 0)}
    pairs = bipartite_match(2, 2, lambda g, s: (g, s) in fits)
    assert pairs == {0: 1, 1: 0}


def test_report_sums_counts_over_documents_before_dividing() -> None:
    a = document_score(_doc(dates=[DateMention("12/3", "2026-03-12", (42, 46))]), {"dates": ["2026-03-12"]})
    b = document_score(_doc(), {"dates": ["2026", "2025"]})
    report = report_build([a, b])
    dates = report.layers["dates"]
    assert (dates.gold, dates.found, dates.correct) == (3, 1, 1)
    assert report.f1("dates") == pytest.approx(2 * 1.0 * (1 / 3) / (1 + 1 / 3))


# --- keys -------------------------------------------------------------------------------------


def test_organization_abbreviation_equals_its_expansion() -> None:
    assert organization_key("UBND tỉnh Lào Cai") == organization_key("Ủy ban nhân dân tỉnh Lào Cai")
    assert organization_key("Ủy ban MTTQ Việt Nam tỉnh") == organization_key(
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    )
    assert organization_key("Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO)") == organization_key(
        "Liên hiệp các tổ chức hữu nghị Việt Nam"
    )


def test_organization_with_a_shorter_name_is_a_different_organization() -> None:
    assert organization_key("Sở Ngoại vụ") != organization_key("Sở Ngoại vụ tỉnh Lào Cai")


def test_place_kind_word_is_ignored_in_the_name() -> None:
    assert place_key("Thành phố Hà Nội") == place_key("Hà Nội")
    assert place_key("xã Lũng Cú") == place_key("Lũng Cú")


def test_title_matches_when_one_contains_the_other_as_whole_words() -> None:
    assert title_matches("Phó Chủ tịch UBND tỉnh", "Phó Chủ tịch Ủy ban nhân dân tỉnh Tuyên Quang")
    assert title_matches("Giám đốc Sở Ngoại vụ tỉnh Lào Cai", "Giám đốc Sở Ngoại vụ")
    assert not title_matches("Chủ tịch Hội", "Phó Chủ tịch")
    assert not title_matches("Chủ tịch Hộ", "Chủ tịch Hội")  # a run of whole words, not of letters

    assert not title_matches("Phó Giám đốc", "Giám đốc quốc gia")


def test_unit_head_must_end_on_a_word_boundary() -> None:
    assert unit_matches("hộ nghèo", "hộ")
    assert not unit_matches("hội viên", "hộ")
    assert unit_matches("phần trăm", "%")


# --- layers -----------------------------------------------------------------------------------


def test_people_match_by_folded_name_and_titles_are_scored_separately() -> None:
    doc = _doc(
        people=[
            Person("ông Phan Anh Sơn", ["Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam"], [(40, 45)]),
            Person("Nguyen Van A", [], [(46, 50)]),
        ]
    )
    gold = {
        "people": [
            {"name": "Phan Anh Sơn", "titles": ["Chủ tịch", "Chủ nhiệm Ủy ban"]},
            {"name": "Tô Lâm", "titles": ["Tổng Bí thư"]},
        ]
    }
    result = document_score(doc, gold)
    people = result.layers["people"]
    assert (people.gold, people.found, people.correct) == (2, 2, 1)
    assert result.misses["people"] == ["Tô Lâm"]
    assert result.false_positives["people"] == ["Nguyen Van A"]
    # Title recall counts the titles of matched people only.
    titles = result.attributes["people.titles"]
    assert (titles.correct, titles.total) == (1, 2)


def test_repeated_names_count_once() -> None:
    doc = _doc(people=[Person("Tô Lâm", [], [(40, 45)]), Person("TÔ LÂM", [], [(46, 50)])])
    result = document_score(doc, {"people": [{"name": "Tô Lâm", "titles": []}]})
    people = result.layers["people"]
    assert (people.gold, people.found, people.correct) == (1, 1, 1)


def test_optional_organizations_and_the_outlet_tag_are_not_counted() -> None:
    source_at = TEXT.index("TTXVN")
    doc = _doc(
        organizations=[
            Organization("UBND tỉnh Lào Cai", [(40, 45)]),
            Organization("Mặt trận Tổ quốc Việt Nam", [(46, 50)]),
            Organization("Thông tấn xã Việt Nam", [(source_at, source_at + 5)]),
            Organization("Sở Ngoại vụ", [(51, 55)]),
        ]
    )
    gold = {
        "organizations": ["Ủy ban nhân dân tỉnh Lào Cai", "Sở Ngoại vụ tỉnh Lào Cai"],
        "optional": {"organizations": ["Mặt trận Tổ quốc Việt Nam"]},
    }
    result = document_score(doc, gold)
    orgs = result.layers["organizations"]
    assert (orgs.gold, orgs.found, orgs.correct) == (2, 2, 1)
    assert result.false_positives["organizations"] == ["Sở Ngoại vụ"]


def test_gold_alternatives_accept_either_form_but_count_once() -> None:
    doc = _doc(
        organizations=[
            Organization("Sở Ngoại vụ", [(40, 45)]),
            Organization("Sở Ngoại vụ tỉnh X", [(46, 50)]),
        ]
    )
    result = document_score(doc, {"organizations": [["Sở Ngoại vụ tỉnh X", "Sở Ngoại vụ"]]})
    orgs = result.layers["organizations"]
    assert (orgs.gold, orgs.found, orgs.correct) == (1, 1, 1)


def test_places_match_by_name_and_kind_is_reported_separately() -> None:
    doc = _doc(
        places=[
            Place("Thành phố Hà Nội", "thành phố trung ương", "01", [(40, 45)]),
            Place("Quảng Trị", "tỉnh", "44", [(46, 50)], original="Quảng Bình"),
        ]
    )
    gold = {
        "places": [
            {"name": "Hà Nội", "kind": "thành phố"},
            {"name": "Quảng Trị", "kind": "tỉnh", "original": "Quảng Bình"},
            {"name": "Lào", "kind": "quốc gia"},
        ]
    }
    result = document_score(doc, gold)
    places = result.layers["places"]
    assert (places.gold, places.found, places.correct) == (3, 2, 2)
    kind = result.attributes["places.kind"]
    assert (kind.correct, kind.total) == (1, 2)
    original = result.attributes["places.original"]
    assert (original.correct, original.total) == (1, 1)


def test_amounts_are_matched_one_to_one_by_value_and_currency() -> None:
    doc = _doc(amounts=[_amount("3200000000", qualifier="over"), _amount("1200000", "USD")])
    gold = {
        "amounts": [
            {"value": 3200000000, "currency": "VND", "qualifier": "over"},
            {"value": 3200000000, "currency": "VND", "qualifier": "over"},
            {"value": 1200000, "currency": "EUR", "qualifier": None},
        ]
    }
    result = document_score(doc, gold)
    amounts = result.layers["amounts"]
    assert (amounts.gold, amounts.found, amounts.correct) == (3, 2, 1)
    assert result.false_positives["amounts"] == ["'1200000 USD' = 1200000 USD"]


def test_amount_qualifier_range_and_unit_price_are_reported_separately() -> None:
    doc = _doc(
        amounts=[
            _amount("5000000000", qualifier=None, value_max=Decimal("6000000000")),
            _amount("12500", per_unit="kg", qualifier="about"),
        ]
    )
    gold = {
        "amounts": [
            {"value": 5e9, "value_max": 7e9, "currency": "VND", "qualifier": None},
            {"value": 12500, "currency": "VND", "qualifier": None, "per_unit": "kg"},
        ]
    }
    result = document_score(doc, gold)
    assert result.layers["amounts"].correct == 2
    assert (result.attributes["amounts.qualifier"].correct, result.attributes["amounts.qualifier"].total) == (
        1,
        2,
    )
    assert result.attributes["amounts.value_max"].accuracy == 0.0
    assert result.attributes["amounts.per_unit"].accuracy == 1.0


def test_quantities_match_by_value_and_unit_head() -> None:
    doc = _doc(
        quantities=[_quantity("248", "xã biên giới"), _quantity("82", "%"), _quantity("15", "hội viên")]
    )
    gold = {
        "quantities": [
            {"value": 248, "unit_head": "xã"},
            {"value": 82, "unit_head": "%"},
            {"value": 15, "unit_head": "hộ"},
        ]
    }
    result = document_score(doc, gold)
    quantities = result.layers["quantities"]
    assert (quantities.gold, quantities.found, quantities.correct) == (3, 3, 2)
    assert result.misses["quantities"] == ["15 hộ"]


def test_dates_are_a_set_with_alternatives_and_the_date_tag_is_ignored() -> None:
    doc = _doc(
        dates=[
            DateMention("2026-03-12", "2026-03-12", (5, 15)),  # inside the date tag: metadata
            DateMention("trước ngày 30/6", "../2026-06-30", (42, 50)),
            DateMention("ngày 30/6", "../2026-06-30", (51, 55)),
            DateMention("năm nay", "2026", (56, 60)),
        ]
    )
    gold = {"dates": [["2026-06-30", "../2026-06-30"], "2026-03-12"]}
    result = document_score(doc, gold)
    dates = result.layers["dates"]
    assert (dates.gold, dates.found, dates.correct) == (2, 2, 1)
    assert result.misses["dates"] == ["2026-03-12"]
    assert result.false_positives["dates"] == ["'năm nay' = 2026"]


def test_directive_needs_the_lead_and_every_keyword() -> None:
    doc = _doc(
        directives=[
            _directive("UBND tỉnh", "hướng dẫn các xã xây dựng chương trình giao lưu"),
            _directive("Sở Ngoại vụ", "thẩm định hồ sơ viện trợ", deadline="trước ngày 30/11/2025"),
            _directive("các địa phương", "bố trí đủ nguồn lực"),
        ]
    )
    gold = {
        "directives": [
            {"lead": "Sở Ngoại vụ", "task_keywords": ["chương trình giao lưu", "các xã"]},
            {
                "lead": ["Sở Ngoại vụ tỉnh X", "Sở Ngoại vụ"],
                "task_keywords": ["thẩm định", "viện trợ"],
                "deadline": ["2025-11-30", "30/11/2025"],
            },
            {"lead": None, "task_keywords": ["nguồn lực"]},
        ]
    }
    result = document_score(doc, gold)
    directives = result.layers["directives"]
    assert (directives.gold, directives.found, directives.correct) == (3, 3, 2)
    assert result.attributes["directives.deadline"].accuracy == 1.0


def test_directive_keyword_must_be_whole_words() -> None:
    doc = _doc(directives=[_directive(None, "tổ chức hội nghị")])
    result = document_score(doc, {"directives": [{"lead": None, "task_keywords": ["hộ"]}]})
    assert result.layers["directives"].correct == 0


def test_quotes_match_by_their_first_words_and_speakers_are_scored_apart() -> None:
    doc = _doc(
        quotes=[
            Quote("Ông Tô Lâm", "Đối ngoại nhân dân phải đi trước, mở đường", (40, 60)),
            Quote(None, "Kết nối nhân dân - Lan tỏa hữu nghị", (61, 70)),
            Quote("Nakamura Hiroshi", "Tình cảm giữa nhân dân hai nước", (71, 80)),
        ]
    )
    gold = {
        "quotes": [
            {"speaker": "Tô Lâm", "starts_with": "Đối ngoại nhân dân phải"},
            {"speaker": "Phạm Minh Chính", "starts_with": "Tình cảm giữa nhân"},
            {"speaker": None, "starts_with": "Chúng tôi mong mỗi"},
        ]
    }
    result = document_score(doc, gold)
    quotes = result.layers["quotes"]
    assert (quotes.gold, quotes.found, quotes.correct) == (3, 3, 2)
    speaker = result.attributes["quotes.speaker"]
    assert (speaker.correct, speaker.total) == (1, 2)


def test_quote_prefix_must_end_on_a_word_boundary() -> None:
    doc = _doc(quotes=[Quote(None, "Hội nghị thành công", (40, 60))])
    result = document_score(doc, {"quotes": [{"speaker": None, "starts_with": "Hội ng"}]})
    assert result.layers["quotes"].correct == 0


# --- gold files, folders and the report -------------------------------------------------------


def test_malformed_gold_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bai.gold.json"
    bad.write_text(json.dumps({"amounts": [{"value": 5}]}), encoding="utf-8")
    with pytest.raises(GoldError, match=r"bai\.gold\.json: amounts\[0\] has no 'currency'"):
        gold_load(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="not valid JSON at line 1"):
        gold_load(bad)
    bad.write_text(json.dumps({"peoples": []}), encoding="utf-8")
    with pytest.raises(GoldError, match="unknown keys"):
        gold_load(bad)


def test_folder_without_gold_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "bai.txt").write_text("Một bài viết.", encoding="utf-8")
    with pytest.raises(GoldError, match="no article"):
        analysis_evaluate(tmp_path)


def test_only_articles_with_gold_are_analysed_and_the_report_lists_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("bài a", encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(json.dumps({"dates": ["2026-03-12", "2027"]}), encoding="utf-8")
    (tmp_path / "b.txt").write_text("bài b, không có gold", encoding="utf-8")
    analysed: list[str] = []

    def fake_analyze(path: Path) -> Document:
        analysed.append(Path(path).name)
        doc = Document(text=TEXT, id=Path(path).stem)
        doc.dates = [DateMention("12/3", "2026-03-12", (42, 46)), DateMention("5/4", "2026-04-05", (47, 50))]
        return doc

    monkeypatch.setattr("doingoai.analysis.analyze_file", fake_analyze)
    report = analysis_evaluate(tmp_path)
    assert analysed == ["a.txt"]
    md = report.markdown()
    assert "| Layer | Gold | Found | Correct | P | R | F1 |" in md
    assert "| dates | 2 | 2 | 1 | 0.50 | 0.50 | 0.50 |" in md
    assert "### a" in md
    assert "**dates** missed: 2027" in md
    assert "**dates** false positives: '5/4' = 2026-04-05" in md
