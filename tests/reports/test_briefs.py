from __future__ import annotations

import io
from typing import Any

from docx import Document

from doingoai.library.models import Event
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, document_named


def _cells(document: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for table in document.tables for row in table.rows]


def test_event_brief_sets_the_outlets_side_by_side_with_their_differences(
    ingest: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    ingest({"a.txt": FESTIVAL_TTXVN, "b.txt": FESTIVAL_LOCAL}, owner=units.quang_tri, published=True)
    event = Event.objects.get()
    client = client_for(make_user("viewer", units.ha_noi))
    page = client.get(f"/thu-vien/su-kien/{event.pk}/").content.decode()
    link = f"/bao-cao/tong-ket/su-kien/{event.pk}/tom-tat.docx"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    rows = _cells(document)
    assert rows[0][1:] == ["TTXVN", "Báo Quảng Trị"]
    assert any(r[0] == "Trích dẫn" for r in rows)
    texts = [p.text for p in document.paragraphs]
    assert "Chỗ các nguồn đưa tin khác nhau" in texts
    # Each difference is headed by its kind and subject alone, no empty value ("…: —") after it.
    headings = [t for t in texts if t.startswith(("Số liệu khác nhau", "Trích dẫn khác nhau"))]
    assert headings and not any(t.endswith("—") for t in headings)
    # The comparison is written as Word formatting, never as the diff's markup; a quote's words
    # are compared, a figure's values stand side by side only.
    compared = [
        row.cells[1] for table in document.tables for row in table.rows if row.cells[0].text == "So sánh"
    ]
    assert compared and len(compared) == sum(t.startswith("Trích dẫn khác nhau") for t in headings)
    for cell in compared:
        assert "[-" not in cell.text and "{+" not in cell.text and "-]" not in cell.text
        runs = [run for paragraph in cell.paragraphs for run in paragraph.runs]
        assert any(run.font.strike for run in runs) or any(run.font.underline for run in runs)
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_document_brief_lists_the_facts_and_respects_scope(
    ingest: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    ingest({"a.txt": FESTIVAL_TTXVN}, owner=units.quang_tri)
    document = document_named("a.txt")
    own = client_for(make_user("viewer", units.quang_tri))
    assert (
        f"/bao-cao/tong-ket/van-ban/{document.pk}/tom-tat.docx"
        in own.get(f"/thu-vien/van-ban/{document.pk}/").content.decode()
    )
    brief = Document(io.BytesIO(own.get(f"/bao-cao/tong-ket/van-ban/{document.pk}/tom-tat.docx").content))
    facts = dict((r[0], r[1]) for r in _cells(brief))
    assert "360 triệu đồng" in facts["Số tiền"]
    assert "Hồ Thị Lan" in facts["Nhân vật"]
    other = client_for(make_user("viewer", units.ha_noi))
    assert other.get(f"/bao-cao/tong-ket/van-ban/{document.pk}/tom-tat.docx").status_code == 404
