from __future__ import annotations

import re
import unicodedata

import pytest

from doingoai import bench
from doingoai.bench_corpus import (
    corpus_generate,
    duplicate_sentence_ratio,
    sentences_rough,
    templates_count,
)


def test_same_seed_gives_same_corpus() -> None:
    assert list(corpus_generate(5, seed=7)) == list(corpus_generate(5, seed=7))


def test_other_seed_gives_other_corpus() -> None:
    first = [text for _, text in corpus_generate(5, seed=7)]
    other = [text for _, text in corpus_generate(5, seed=8)]
    assert not set(first) & set(other)


def test_longer_corpus_starts_with_shorter_one() -> None:
    assert list(corpus_generate(3, seed=2)) == list(corpus_generate(6, seed=2))[:3]


@pytest.mark.parametrize("words", [200, 800, 1500])
def test_articles_have_requested_count_and_length(words: int) -> None:
    corpus = list(corpus_generate(30, seed=1, words=words))
    assert len(corpus) == 30
    assert len({doc_id for doc_id, _ in corpus}) == 30
    for doc_id, text in corpus:
        assert 0.75 * words <= len(text.split()) <= 1.25 * words, doc_id


def test_text_is_nfc() -> None:
    for _, text in corpus_generate(50, seed=3):
        assert unicodedata.is_normalized("NFC", text)


def test_every_article_holds_the_facts_the_pipeline_extracts() -> None:
    for doc_id, text in corpus_generate(100, seed=4, words=400):
        body = text.split("\n\n", 1)[1]
        assert re.search(r"^\([^)]+\) - ", body), doc_id  # outlet tag in the lead
        assert re.search(r"\d[\d.,]* (triệu |tỷ )?(USD|đồng|euro)", text), doc_id  # an amount
        assert re.search(r"\b\d{1,2}/\d{1,2}(/\d{4})?\b", text), doc_id  # a date
        assert "“" in text and "”" in text, doc_id  # a quote
        assert re.search(r"\b(giao|đề nghị|yêu cầu|có trách nhiệm)\b", text), doc_id  # a directive
        assert re.search(r"(Chủ tịch|Giám đốc|Vụ trưởng|Trưởng|Điều phối viên|Đại diện) [^ ]", text), doc_id


def test_duplicate_sentences_are_rare() -> None:
    ratio = duplicate_sentence_ratio(text for _, text in corpus_generate(200, seed=0))
    assert ratio < 0.05


def test_duplicate_ratio_counts_repeats() -> None:
    text = "Câu thứ nhất. Câu thứ hai.\nCâu thứ nhất."
    assert sentences_rough(text) == ["Câu thứ nhất.", "Câu thứ hai.", "Câu thứ nhất."]
    assert duplicate_sentence_ratio([text]) == pytest.approx(1 / 3)


def test_quote_attribution_stays_in_its_sentence() -> None:
    assert sentences_rough("“Chúng tôi sẽ quay lại.” ông Kim nói. Hết.") == [
        "“Chúng tôi sẽ quay lại.” ông Kim nói.",
        "Hết.",
    ]


def test_generator_draws_from_many_templates() -> None:
    assert templates_count() >= 80


def test_bench_runs_and_reports_throughput(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--articles", "3", "--words", "200"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^articles/s\s+\d+(\.\d+)?$", out, re.MULTILINE)
    assert "segment" in out and "peak RSS" in out and "exact-duplicate sentences" in out


def test_bench_can_time_both_segmenters(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--articles", "2", "--words", "100", "--segmenters"]) == 0
    out = capsys.readouterr().out
    assert "segmentation: underthesea word_tokenize" in out
    assert "segmentation: WordSegmenter" in out
