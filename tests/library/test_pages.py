from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.models import User
from doingoai.library.models import Document, IngestJob
from tests.django_fixtures import Units, signed_in_kept
from tests.library_fixtures import FESTIVAL_LOCAL, FESTIVAL_TTXVN, HANOI_REPORT, document_named

Ingest = Callable[..., IngestJob]
MakeUser = Callable[..., User]
ClientFor = Callable[[User], Client]


def test_document_page_marks_each_fact_at_its_span(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    document = document_named("ttxvn.txt")
    html = (
        client_for(make_user("viewer", units.quang_tri))
        .get(f"/thu-vien/van-ban/{document.pk}/")
        .content.decode()
    )
    assert (
        'class="fact fact-person" data-kinds="person" title="Nhân vật: Hồ Thị Lan">Hồ Thị Lan</mark>' in html
    )
    assert ">360 triệu đồng</mark>" in html


def test_document_text_is_escaped_in_the_page(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"xss.txt": HANOI_REPORT + "\n<script>alert('x')</script> Hồ Thị Lan nói.\n"}, published=True)
    html = (
        client_for(make_user("viewer", units.quang_tri))
        .get(f"/thu-vien/van-ban/{document_named('xss.txt').pk}/")
        .content.decode()
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_event_page_shows_outlets_side_by_side_with_the_quote_difference(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "local.txt": FESTIVAL_LOCAL}, published=True)
    event = document_named("ttxvn.txt").membership.event
    html = (
        client_for(make_user("viewer", units.ha_noi)).get(f"/thu-vien/su-kien/{event.pk}/").content.decode()
    )
    assert '<th class="outlet">TTXVN' in html and '<th class="outlet">Báo Quảng Trị' in html
    assert "<del>quý</del><ins>vô giá</ins>" in html
    # Each outlet's words around the change, marked as cut out of the longer quotation.
    assert "</cite> “…dân hai bên biên giới là tài sản quý cần vun đắp mỗi ngày”" in html
    assert '<p class="diff">…dân hai bên biên giới là tài sản <del>quý</del><ins>vô giá</ins>' in html
    listed = client_for(make_user("viewer", units.ha_noi)).get("/thu-vien/su-kien/").content.decode()
    assert "1 điểm các nguồn đưa khác nhau" in listed


def test_document_list_makes_a_fixed_number_of_queries(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    ingest({"a.txt": FESTIVAL_TTXVN}, owner=units.quang_tri)
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/thu-vien/").status_code == 200
    ingest({"b.txt": FESTIVAL_LOCAL, "c.txt": HANOI_REPORT}, owner=units.quang_tri_union)
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as three:
        page = client.get("/thu-vien/").content.decode()
    assert "Mông Cổ" in page
    assert len(three) == len(one)


@pytest.mark.parametrize("address", ["/thu-vien/", "/api/documents?limit=20"])
def test_document_lists_read_no_text_and_no_analysis(
    address: str, ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("coordinator", None))
    ingest({"a.txt": FESTIVAL_TTXVN, "b.txt": HANOI_REPORT}, published=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    shown = str(response.json()) if address.startswith("/api/") else response.content.decode()
    assert "Mông Cổ" in shown
    # Lists show titles, outlets and dates: the text and the JSON columns (facts, grouping terms,
    # the file's header) are large and decoded per row, so they are not read at all.
    rows = [q["sql"] for q in queries if 'FROM "library_document"' in q["sql"] and "LIMIT" in q["sql"]]
    assert rows
    for sql in rows:
        for column in ("text", "analysis", "features", "vector", "details"):
            assert f'"library_document"."{column}"' not in sql, column


def test_event_list_makes_a_fixed_number_of_queries(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    ingest({"a.txt": FESTIVAL_TTXVN}, published=True)
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as one:
        client.get("/thu-vien/su-kien/")
    ingest({"b.txt": FESTIVAL_LOCAL, "c.txt": HANOI_REPORT}, published=True)
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as more:
        page = client.get("/thu-vien/su-kien/").content.decode()
    assert "Mông Cổ" in page
    assert len(more) == len(one)


def test_upload_of_files_creates_a_job_and_documents_of_the_editor_unit(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    files = [
        SimpleUploadedFile("ttxvn.txt", FESTIVAL_TTXVN.encode()),
        SimpleUploadedFile("hong.zip", b"not a zip"),
        SimpleUploadedFile("local.md", FESTIVAL_LOCAL.encode()),
    ]
    response = client.post("/thu-vien/tai-len/", {"files": files}, follow=True)
    page = response.content.decode()
    assert "Tệp “hong.zip”: không phải tệp nén .zip hợp lệ." in page
    assert "Đã xử lý 2/2" in page
    documents = Document.objects.all()
    assert documents.count() == 2
    assert {d.owner_unit for d in documents} == {units.quang_tri}
    assert not any(d.is_published for d in documents)


def test_an_empty_file_among_the_uploads_is_named_and_the_others_are_imported(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    files = [SimpleUploadedFile("rong.txt", b""), SimpleUploadedFile("ttxvn.txt", FESTIVAL_TTXVN.encode())]
    response = client.post("/thu-vien/tai-len/", {"files": files}, follow=True)
    page = response.content.decode()
    assert "Tệp “rong.txt”: tệp rỗng." in page
    assert "Đã xử lý 1/1" in page
    assert Document.objects.count() == 1


def test_upload_with_only_bad_files_says_so_and_imports_nothing(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    client = client_for(make_user("editor", units.quang_tri))
    files = [SimpleUploadedFile("x.exe", b"MZ"), SimpleUploadedFile("x.pdf", b"%PDF")]
    response = client.post("/thu-vien/tai-len/", {"files": files})
    page = response.content.decode()
    assert "Tệp “x.exe”: định dạng .exe không được nhận" in page
    assert "Tệp “x.pdf”: tệp PDF hỏng, không đọc được." in page
    assert IngestJob.objects.count() == 0


def test_viewer_cannot_open_the_upload_page(make_user: MakeUser, client_for: ClientFor, units: Units) -> None:
    assert client_for(make_user("viewer", units.quang_tri)).get("/thu-vien/tai-len/").status_code == 403


def test_export_csv_follows_the_filters(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "hanoi.txt": HANOI_REPORT}, published=True)
    client = client_for(make_user("viewer", units.quang_tri))
    all_rows = client.get("/thu-vien/xuat.csv").content.decode("utf-8-sig").splitlines()
    # Read in a spreadsheet as on the page: Vietnamese titles, days dd/mm/yyyy, yes and no in words.
    assert all_rows[0] == "Mã,Tiêu đề,Cơ quan báo chí,Ngày đăng,Đơn vị sở hữu,Đã công bố,Tên tệp"
    assert len(all_rows) == 3
    assert any(",20/03/2026," in row and ",có," in row for row in all_rows[1:])
    filtered = (
        client.get("/thu-vien/xuat.csv", {"person": "ho thi lan"}).content.decode("utf-8-sig").splitlines()
    )
    assert len(filtered) == 2 and "Lao Bảo" in filtered[1]
    data = client.get("/thu-vien/xuat.json", {"outlet": "Báo Hà Nội"}).json()
    assert [d["file_name"] for d in data["documents"]] == ["hanoi.txt"]


def test_job_page_offers_to_resume_an_interrupted_job(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    from doingoai.library import services
    from doingoai.library.models import JobStatus
    from doingoai.library.sources import Source

    editor = make_user("editor", units.quang_tri)
    job = services.ingest_job_create(
        actor=editor, sources=[Source("a.txt", HANOI_REPORT)], label="a.txt", owner_unit=units.quang_tri
    )
    IngestJob.objects.filter(pk=job.pk).update(status=JobStatus.INTERRUPTED)
    client = client_for(editor)
    assert "Tiếp tục xử lý" in client.get(f"/thu-vien/dot-nhap/{job.pk}/").content.decode()
    client.post(f"/thu-vien/dot-nhap/{job.pk}/tiep-tuc/")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    # Another province's editor does not see the job.
    other = client_for(make_user("editor", units.ha_noi))
    assert other.get(f"/thu-vien/dot-nhap/{job.pk}/").status_code == 404
    assert other.post(f"/thu-vien/dot-nhap/{job.pk}/tiep-tuc/").status_code == 404


def test_event_list_names_each_outlet_once_when_it_reported_twice(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    # The same outlet's report, updated later in the day with one more sentence.
    updated = FESTIVAL_TTXVN.rstrip("\n") + "\nBan tổ chức cho biết lễ hội sẽ được tổ chức hằng năm.\n"
    ingest({"ttxvn.txt": FESTIVAL_TTXVN, "ttxvn-cap-nhat.txt": updated}, published=True)
    event = document_named("ttxvn.txt").membership.event
    assert document_named("ttxvn-cap-nhat.txt").membership.event == event
    page = client_for(make_user("viewer", units.quang_tri)).get("/thu-vien/su-kien/").content.decode()
    assert "TTXVN, TTXVN" not in page
    assert "<td>TTXVN\n" in page


def test_event_list_says_when_its_words_match_no_event(
    ingest: Ingest, make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    ingest({"ttxvn.txt": FESTIVAL_TTXVN}, published=True)
    client = client_for(make_user("viewer", units.quang_tri))
    page = client.get("/thu-vien/su-kien/", {"q": "<script>Mông Cổ xyz</script>"}).content.decode()
    assert "Không có sự kiện nào khớp với “&lt;script&gt;Mông Cổ xyz&lt;/script&gt;”." in page
    assert "Chưa có sự kiện nào." not in page
    assert "Chưa có sự kiện nào." not in client.get("/thu-vien/su-kien/").content.decode()


def test_the_upload_page_says_which_library_a_duplicate_is_checked_against(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    # A text is refused as a duplicate of its owner's library only: the page says so, so that a
    # coordinator does not read "already stored" as "anywhere in the system".
    editor_page = client_for(make_user("editor", units.quang_tri)).get("/thu-vien/tai-len/").content.decode()
    assert "đã có trong thư viện của đơn vị này sẽ không bị nhập lại" in editor_page
    coordinator_page = client_for(make_user("coordinator", None)).get("/thu-vien/tai-len/").content.decode()
    assert "đã có trong thư viện chung sẽ không bị nhập lại" in coordinator_page


def test_the_upload_page_words_who_sees_unpublished_documents_for_the_library_they_go_to(
    make_user: MakeUser, client_for: ClientFor, units: Units
) -> None:
    # A coordinator's documents go to the shared library: "your unit" would be the wrong library.
    coordinator_page = (
        client_for(make_user("coordinator", units.vufo)).get("/thu-vien/tai-len/").content.decode()
    )
    assert "Văn bản sẽ thuộc thư viện chung." in coordinator_page
    assert "chỉ cán bộ điều phối xem được văn bản của thư viện chung" in coordinator_page
    assert "đơn vị của bạn" not in coordinator_page
    editor_page = client_for(make_user("editor", units.quang_tri)).get("/thu-vien/tai-len/").content.decode()
    assert "Khi chưa công bố, chỉ đơn vị của bạn và các đơn vị cấp trên xem được." in editor_page
    assert "thư viện chung" not in editor_page
