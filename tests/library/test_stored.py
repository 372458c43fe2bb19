"""Tests of storing an analysed Document as JSON and reading it back."""

from __future__ import annotations

from doingoai.analysis import analyze_text
from doingoai.library.stored import document_dump, document_load

TEXT = (
    "Ông Phạm Quang Vinh cho biết hội sẽ trao 50 suất học bổng cho học sinh vùng cao. "
    "Ông Vinh nhấn mạnh: “Mỗi suất là một lời hứa với các em.”"
)


def test_stored_document_keeps_the_statements_of_the_quotes_step() -> None:
    doc = analyze_text(TEXT, id="a")
    assert doc.statements
    assert document_load(document_dump(doc)).statements == doc.statements


def test_document_stored_without_statements_gets_them_on_loading() -> None:
    doc = analyze_text(TEXT, id="a")
    data = document_dump(doc)
    del data["statements"]
    assert document_load(data).statements == doc.statements
