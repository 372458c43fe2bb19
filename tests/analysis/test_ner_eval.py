from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from doingoai.analysis.ner_eval import (
    CorpusError,
    corpus_read,
    date_spans_aligned,
    ner_evaluate,
    place_span_aligned,
    sentence_layout,
    spans_split_at_commas,
)


def test_layout_writes_punctuation_against_the_word_before_and_day_month_pairs_together() -> None:
    text, spans = sentence_layout(["Sáng", "27", "-", "7", ",", "đoàn", "(", "VUFO", ")", "tới", "."])
    assert text == "Sáng 27-7, đoàn (VUFO) tới."
    assert [text[s:e] for s, e in spans][:4] == ["Sáng", "27", "-", "7"]


def test_layout_composes_decomposed_marks_so_spans_match_the_normalized_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Hưởng")
    text, spans = sentence_layout(["Ông", decomposed, "về", "Đà", "Nẵng"])
    assert text == "Ông Hưởng về Đà Nẵng"
    assert text[spans[3][0] : spans[4][1]] == "Đà Nẵng"


def test_layout_drops_invisible_characters_as_the_pipeline_does() -> None:
    from doingoai.analysis.text import text_normalize

    text, spans = sentence_layout(["Ông", "Hư\u200bởng", "về", "\u00d0à", "Nẵng"])
    assert text == text_normalize(text) == "Ông Hưởng về Đà Nẵng"
    assert text[spans[3][0] : spans[4][1]] == "Đà Nẵng"


def test_json_lines_give_the_gold_spans_of_each_kind(tmp_path: Path) -> None:
    line = {
        "words": ["Ngày", "3/2", ",", "Sở", "Y", "tế", "Hà", "Nội", "họp", "ở", "quận", "Ba", "Đình", "."],
        "tags": [
            *("O", "B-DATE", "O", "B-ORGANIZATION"),
            *("I-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION", "I-ORGANIZATION"),
            *("O", "O", "B-LOCATION", "I-LOCATION", "I-LOCATION", "O"),
        ],
    }
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    [sentence] = list(corpus_read(path))
    words = {kind: {sentence.text[s:e] for s, e in spans} for kind, spans in sentence.gold.items()}
    assert words == {"DATE": {"3/2"}, "ORGANIZATION": {"Sở Y tế Hà Nội"}, "LOCATION": {"quận Ba Đình"}}


def test_conll_is_read_like_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "dev.conll"
    path.write_text("Tại O\nHuế B-LOCATION\n. O\n\nHôm O\nqua O\n", encoding="utf-8")
    sentences = list(corpus_read(path))
    assert [s.text for s in sentences] == ["Tại Huế.", "Hôm qua"]
    assert [sentences[0].text[a:b] for a, b in sentences[0].gold["LOCATION"]] == ["Huế"]


def test_a_tag_that_is_not_bio_is_refused_with_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"words": ["Huế"], "tags": ["LOC"]}) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.json: dòng 1"):
        list(corpus_read(path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 7/3", ["7/3"]),
        ("Từ 24-7 đến 31-7", ["24-7", "31-7"]),
        ("từ 31.5 – 5.6", ["31.5", "5.6"]),
        ("năm 2026", ["2026"]),
        ("kể từ ngày 12/9", ["12/9"]),
        ("cuối tháng 11/2025", ["tháng 11/2025"]),
        ("tháng 4-2026", ["tháng 4-2026"]),
    ],
)
def test_date_alignment_drops_leading_words_and_splits_ranges(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in date_spans_aligned(text, (0, len(text)))] == expected


def test_place_alignment_takes_the_kind_word_before_the_name() -> None:
    text = "Ở quận Hải Châu"
    start = text.index("Hải")
    assert text[slice(*place_span_aligned(text, (start, len(text))))] == "quận Hải Châu"


def test_place_span_does_not_take_a_word_spelled_like_a_kind_without_its_marks() -> None:
    text = "Ca bệnh có liên quan quán Hoa Sữa trên phố cổ."
    start = text.index("quán")
    end = text.index(" trên")
    assert place_span_aligned(text, (start, end)) == (start, end)


def test_spans_over_a_comma_are_split_into_their_parts() -> None:
    text = "Trung tâm Y tế Hoà Vang, Đà Nẵng"
    assert {text[s:e] for s, e in spans_split_at_commas(text, {(0, len(text))})} == {
        "Trung tâm Y tế Hoà Vang",
        "Đà Nẵng",
    }


def test_scores_count_exact_matches_and_nationalities_are_no_places(tmp_path: Path) -> None:
    lines = [
        {"words": ["Ông", "sang", "Hà", "Nội", "."], "tags": ["O", "O", "B-LOCATION", "I-LOCATION", "O"]},
        {"words": ["Khách", "quốc", "tịch", "Pháp", "."], "tags": ["O", "O", "O", "O", "O"]},
    ]
    path = tmp_path / "mini.json"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    report = ner_evaluate(corpus_read(path))
    location = report.aligned["LOCATION"]
    assert (location.tp, location.fp, location.fn) == (1, 0, 0)
    assert report.raw["LOCATION"].fp == 1  # "Pháp" as a nationality counts against the raw score only
