"""Files a unit attaches to its periodic report: the signed report, an annex."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from doingoai.audit.models import AuditEntry
from doingoai.reporting import services
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.models import ReportFile
from doingoai.uploads import AttachmentData
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at, version_of

SIGNED = b"%PDF-1.7\n% bao cao co chu ky\n"


def test_the_unit_attaches_a_file_with_its_draft_and_readers_of_the_report_download_it(
    cycle: Cycle, client_for
) -> None:
    report = cycle.open(cycle.units.quang_tri_union)
    client = client_for(cycle.qt_union_editor)
    url = f"/bao-cao/{report.pk}/nhap/"
    entry = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in entry and 'name="files"' in entry
    upload = SimpleUploadedFile("Báo cáo có chữ ký.pdf", SIGNED, content_type="application/pdf")
    response = client.post(
        url,
        {**ANNUAL_VALUES, "doan_ra": "5", "files": upload, "action": "save", "version": version_of(report)},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã lưu bản nháp." in page and "Báo cáo có chữ ký.pdf" in page
    stored = ReportFile.objects.get(report=report)
    report.refresh_from_db()
    assert report.values["doan_ra"] == "5" and stored.size == len(SIGNED)
    download = f"/bao-cao/{report.pk}/tep/{stored.pk}/"
    assert f'href="{download}"' in page
    # The province above (the union's reviewer) reads the file, named as the unit named it.
    got = client_for(cycle.qt_editor).get(download)
    assert got.status_code == 200 and got.content == SIGNED
    assert f"filename*=utf-8''{quote('Báo cáo có chữ ký.pdf')}" in got["Content-Disposition"]
    services.report_submit(
        actor=cycle.qt_union_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 9)
    )
    detail = client_for(cycle.qt_editor).get(f"/bao-cao/{report.pk}/").content.decode()
    assert f'href="{download}"' in detail
    # Another province reads neither the report nor its file.
    assert client_for(cycle.hn_editor).get(download).status_code == 404
    # The log names the file and its size, not its bytes.
    added = AuditEntry.objects.get(action="create", content_type__model="reportfile")
    assert added.after["name"] == "Báo cáo có chữ ký.pdf" and "data" not in added.after
    log = " ".join(re.sub(r"<[^>]+>", " ", client.get("/nhat-ky/").content.decode()).split())
    assert "Tên tệp : Báo cáo có chữ ký.pdf" in log and "Người tải lên : bientap.lhhn.qt" in log


def test_a_file_that_is_not_what_its_name_says_is_refused_and_the_figures_are_kept(
    cycle: Cycle, client_for
) -> None:
    report = cycle.open(cycle.units.quang_tri_union)
    client = client_for(cycle.qt_union_editor)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    response = client.post(
        f"/bao-cao/{report.pk}/nhap/",
        {**ANNUAL_VALUES, "doan_ra": "7", "files": fake, "action": "submit", "version": version_of(report)},
    )
    page = response.content.decode()
    assert "Tệp “bao-cao.pdf”: nội dung không khớp với loại tệp .pdf; hãy kiểm tra lại tệp." in page
    assert "Chưa nộp, tệp chưa lưu: xem phần tệp đính kèm. Số liệu đã lưu nháp." in page
    assert 'value="7"' in page
    report.refresh_from_db()
    assert report.state == "draft" and report.values["doan_ra"] == "7"
    assert not ReportFile.objects.exists()


def test_files_change_only_while_the_unit_may_change_the_report(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri_union)
    editor = cycle.qt_union_editor
    files = [AttachmentData(f"phu-luc-{n}.pdf", "application/pdf", SIGNED) for n in range(5)]
    services.report_files_add(actor=editor, report=report, files=files, now=at(2026, 1, 8))
    with pytest.raises(ReportingError, match="tối đa 5 tệp"):
        services.report_files_add(actor=editor, report=report, files=files[:1], now=at(2026, 1, 8))
    first = report.files.first()
    assert first is not None
    client = client_for(editor)
    entry = f"/bao-cao/{report.pk}/nhap/"
    client.post(entry, {**ANNUAL_VALUES, "remove_file": str(first.pk), "version": version_of(report)})
    assert report.files.count() == 4
    services.report_submit(actor=editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 9))
    # Submitted, the report waits for its reviewer: its files stay as sent.
    second = report.files.first()
    assert second is not None
    response = client.post(
        entry, {**ANNUAL_VALUES, "remove_file": str(second.pk), "version": version_of(report)}
    )
    assert response.status_code == 403
    assert "Bạn không được sửa báo cáo này ở trạng thái hiện tại." in response.content.decode()
    assert report.files.count() == 4
    with pytest.raises(ReportingError):
        services.report_save(
            actor=editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10), files_remove=[second]
        )
    assert report.files.count() == 4
    with pytest.raises(ReportingError):
        services.report_files_add(actor=editor, report=report, files=files[:1], now=at(2026, 1, 10))


def test_a_files_long_name_is_cut_before_its_extension(cycle: Cycle) -> None:
    """A 300-character name was cut at 255 characters, and the file lost its ".pdf"."""
    report = cycle.open(cycle.units.quang_tri_union)
    long_name = "Phụ lục " + "số liệu đoàn ra đoàn vào " * 12 + ".pdf"
    assert len(long_name) > 255
    files = [AttachmentData(long_name, "application/pdf", SIGNED)]
    stored = services.report_files_add(
        actor=cycle.qt_union_editor, report=report, files=files, now=at(2026, 1, 8)
    )
    name = stored[0].name
    assert len(name) <= 255 and name.endswith(".pdf")
    assert name.startswith("Phụ lục số liệu đoàn ra")


@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_file_kept_while_the_figures_are_refused_is_said_to_be_kept(
    cycle: Cycle, client_for, action: str
) -> None:
    # "Chưa lưu" over the form while the file was in fact attached: the user chose it again and the
    # report carried it twice.
    report = cycle.open(cycle.units.quang_tri_union)
    client = client_for(cycle.qt_union_editor)
    upload = SimpleUploadedFile("bao-cao-ky-so.pdf", SIGNED, content_type="application/pdf")
    response = client.post(
        f"/bao-cao/{report.pk}/nhap/",
        {**ANNUAL_VALUES, "kinh_phi": "-5", "files": upload, "action": action, "version": version_of(report)},
    )
    page = response.content.decode()
    assert "Tệp đính kèm vừa chọn đã được lưu, không cần chọn lại." in page
    assert ReportFile.objects.get(report=report).name == "bao-cao-ky-so.pdf"
    # Without a file chosen, nothing is said of files.
    again = client.post(
        f"/bao-cao/{report.pk}/nhap/",
        {**ANNUAL_VALUES, "kinh_phi": "-5", "action": action, "version": version_of(report)},
    )
    assert "Tệp đính kèm vừa chọn" not in again.content.decode()


def _entry_buttons(page: str) -> list[str]:
    """Return the submit buttons of the entry form, in the order the browser finds them."""
    entry = page[page.index('id="report-entry"') : page.index("</form>", page.index('id="report-entry"'))]
    return re.findall(r"<button[^>]*>", entry)


def test_removing_a_file_saves_the_figures_typed_meanwhile(cycle: Cycle, client_for) -> None:
    # "Gỡ" was a form of its own: the page reloaded and the figures typed since the last save were lost.
    report = cycle.open(cycle.units.quang_tri_union)
    editor = cycle.qt_union_editor
    kept, gone = services.report_files_add(
        actor=editor,
        report=report,
        files=[AttachmentData(f"phu-luc-{n}.pdf", "application/pdf", SIGNED) for n in (1, 2)],
        now=at(2026, 1, 8),
    )
    client = client_for(editor)
    url = f"/bao-cao/{report.pk}/nhap/"
    buttons = _entry_buttons(client.get(url).content.decode())
    # "Gỡ" sends the entry form itself; Enter in a figure still saves the draft, never removes a file.
    assert any(f'name="remove_file" value="{gone.pk}"' in b for b in buttons)
    assert 'name="action" value="save"' in buttons[0]
    response = client.post(
        url,
        {**ANNUAL_VALUES, "doan_ra": "9", "remove_file": str(gone.pk), "version": version_of(report)},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã gỡ tệp “phu-luc-2.pdf” khỏi báo cáo; số liệu đã lưu nháp." in page
    assert response.redirect_chain[-1][0] == url and 'value="9"' in page
    report.refresh_from_db()
    assert report.values["doan_ra"] == "9" and report.state == "draft"
    assert list(report.files.all()) == [kept]
    assert AuditEntry.objects.filter(action="delete", content_type__model="reportfile").count() == 1


def test_a_removal_with_figures_a_draft_cannot_hold_loses_nothing(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri_union)
    editor = cycle.qt_union_editor
    services.report_save(actor=editor, report=report, values={"doan_ra": "3"}, now=at(2026, 1, 7))
    [stored] = services.report_files_add(
        actor=editor,
        report=report,
        files=[AttachmentData("phu-luc.pdf", "application/pdf", SIGNED)],
        now=at(2026, 1, 8),
    )
    client = client_for(editor)
    response = client.post(
        f"/bao-cao/{report.pk}/nhap/",
        {
            **ANNUAL_VALUES,
            "doan_ra": "8",
            "kinh_phi": "-5",
            "remove_file": str(stored.pk),
            "version": version_of(report),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa gỡ tệp, chưa lưu: báo cáo có ô chưa hợp lệ, xem các ô được đánh dấu." in page
    assert 'value="8"' in page and 'value="-5"' in page
    report.refresh_from_db()
    assert report.values["doan_ra"] == "3" and list(report.files.all()) == [stored]


def test_a_file_already_gone_still_lets_the_draft_be_saved(cycle: Cycle, client_for) -> None:
    # Two tabs open on the same report: the file was removed in the other one.
    report = cycle.open(cycle.units.quang_tri_union)
    client = client_for(cycle.qt_union_editor)
    response = client.post(
        f"/bao-cao/{report.pk}/nhap/",
        {**ANNUAL_VALUES, "doan_ra": "6", "remove_file": "99999", "version": version_of(report)},
        follow=True,
    )
    page = response.content.decode()
    assert "Tệp cần gỡ không còn trong báo cáo; số liệu đã lưu nháp." in page
    report.refresh_from_db()
    assert report.values["doan_ra"] == "6"
