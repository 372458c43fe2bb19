"""Two people on one report: a save, a removal or a review decision based on an old reading is refused."""

from __future__ import annotations

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from doingoai.api.services import token_create
from doingoai.reporting import services
from doingoai.reporting.models import Report, ReportFile, ReportState
from doingoai.uploads import AttachmentData
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at, version_of

REFUSED = "Người khác đã sửa bản ghi này trong lúc bạn đang sửa, nên thay đổi của bạn chưa được lưu."
WHEN = re.compile(r"\(\d\d/\d\d/\d{4} \d\d:\d\d\)")


def _page_version(page: str) -> str:
    """Return the version the page's form carries (its hidden field)."""
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', page)
    assert match, "the page carries no version"
    return match.group(1)


def _input(page: str, key: str) -> str:
    match = re.search(rf'name="{re.escape(key)}" id="f-{re.escape(key)}" value="([^"]*)"', page)
    assert match, key
    return html.unescape(match.group(1))


def _two_editors(cycle: Cycle, make_user, client_for) -> tuple[Report, Client, Client, str]:
    """Return a draft of the union's report and two of its editors' clients, each with the page open."""
    report = cycle.open(cycle.units.quang_tri_union)
    services.report_save(actor=cycle.qt_union_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 3))
    other = make_user("editor", cycle.units.quang_tri_union, username="bientap2.lhhn.qt")
    other.first_name, other.last_name = "Trần Thị", "Mai"
    other.save(update_fields=["first_name", "last_name"])
    first, second = client_for(other), client_for(cycle.qt_union_editor)
    url = f"/bao-cao/{report.pk}/nhap/"
    opened = _page_version(first.get(url).content.decode())
    assert _page_version(second.get(url).content.decode()) == opened
    return report, first, second, opened


def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed(
    cycle: Cycle, make_user, client_for
) -> None:
    report, first, second, opened = _two_editors(cycle, make_user, client_for)
    url = f"/bao-cao/{report.pk}/nhap/"
    saved = first.post(
        url, {**ANNUAL_VALUES, "doan_ra": "11", "ket_qua": "Bản của chị Mai.", "version": opened}
    )
    assert saved.status_code == 302
    typed = {**ANNUAL_VALUES, "doan_ra": "22", "ket_qua": "Bản của anh Lâm."}
    response = second.post(url, {**typed, "action": "save", "version": opened})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and 'id="stale-save"' in page
    assert REFUSED in page and "Nội dung bạn nhập vẫn còn dưới đây" in page
    # Who, when and which figures: as the other stale messages of the site say them.
    change = next(
        line for line in re.findall(r"<p>([^<]*Trần Thị Mai[^<]*)</p>", page) if "Số đoàn ra" in line
    )
    assert WHEN.search(change) and "4 → 11" in change
    assert "Ngày cập nhật" not in page  # the time of a save is the line's own, not a change of the report
    assert "Bản của anh Lâm." in page and _input(page, "doan_ra") == "22"
    report.refresh_from_db()
    assert report.values["doan_ra"] == "11" and report.values["ket_qua"] == "Bản của chị Mai."
    # Saved again from the refusal's page, with the other change in view: a deliberate choice, kept.
    again = second.post(url, {**typed, "action": "save", "version": _page_version(page)})
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.values["doan_ra"] == "22"


def test_a_stale_submission_submits_nothing(cycle: Cycle, make_user, client_for) -> None:
    report, first, second, opened = _two_editors(cycle, make_user, client_for)
    url = f"/bao-cao/{report.pk}/nhap/"
    first.post(url, {**ANNUAL_VALUES, "doan_ra": "11", "action": "save", "version": opened})
    page = second.post(url, {**ANNUAL_VALUES, "doan_ra": "22", "action": "submit", "version": opened})
    assert REFUSED in html.unescape(page.content.decode())
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.submissions.exists()
    assert report.values["doan_ra"] == "11"


def test_a_save_that_changes_nothing_keeps_the_version(cycle: Cycle, make_user, client_for) -> None:
    report, first, second, opened = _two_editors(cycle, make_user, client_for)
    url = f"/bao-cao/{report.pk}/nhap/"
    assert first.post(url, {**ANNUAL_VALUES, "action": "save", "version": opened}).status_code == 302
    assert version_of(report) == opened
    # The same report open in another tab is not refused for a change that did not happen.
    assert second.post(url, {**ANNUAL_VALUES, "doan_ra": "9", "version": opened}).status_code == 302
    report.refresh_from_db()
    assert report.values["doan_ra"] == "9" and version_of(report) == str(int(opened) + 1)


def test_a_file_removal_from_a_stale_page_is_refused_and_the_file_kept(
    cycle: Cycle, make_user, client_for
) -> None:
    report, first, second, _opened = _two_editors(cycle, make_user, client_for)
    services.report_files_add(
        actor=cycle.qt_union_editor,
        report=report,
        files=[AttachmentData("phu-luc.pdf", "application/pdf", b"%PDF-1.7\n")],
        now=at(2026, 1, 4),
    )
    url = f"/bao-cao/{report.pk}/nhap/"
    opened = _page_version(second.get(url).content.decode())
    assert _page_version(first.get(url).content.decode()) == opened
    stored = ReportFile.objects.get(report=report)
    first.post(url, {**ANNUAL_VALUES, "doan_ra": "11", "action": "save", "version": opened})
    response = second.post(
        url, {**ANNUAL_VALUES, "doan_ra": "22", "remove_file": str(stored.pk), "version": opened}
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and REFUSED in page and _input(page, "doan_ra") == "22"
    assert ReportFile.objects.filter(pk=stored.pk).exists()
    report.refresh_from_db()
    assert report.values["doan_ra"] == "11"


def test_a_page_sent_without_its_version_saves_nothing(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri_union)
    client = client_for(cycle.qt_union_editor)
    response = client.post(
        f"/bao-cao/{report.pk}/nhap/", {**ANNUAL_VALUES, "doan_ra": "22", "action": "save"}
    )
    assert "gửi thiếu phiên bản" in html.unescape(response.content.decode())
    report.refresh_from_db()
    assert report.values.get("doan_ra", "") != "22"


def test_a_review_decision_on_a_report_changed_since_it_was_shown_is_refused(
    cycle: Cycle, client_for
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    reviewer = client_for(cycle.vufo_reviewer)
    shown = _page_version(reviewer.get(f"/bao-cao/{report.pk}/").content.decode())
    # Meanwhile another reviewer sends it back, and the unit sends other figures.
    services.report_return(
        actor=cycle.coordinator, report=report, reason="Thiếu số liệu", now=at(2026, 1, 11)
    )
    services.report_submit(
        actor=cycle.qt_editor, report=report, values={**ANNUAL_VALUES, "doan_ra": "40"}, now=at(2026, 1, 12)
    )
    action = f"/bao-cao/{report.pk}/xu-ly/"
    page = html.unescape(
        reviewer.post(action, {"action": "accept", "version": shown}, follow=True).content.decode()
    )
    assert REFUSED in page and "4 → 40" in page
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    # A reason typed for a return is given back, not lost with the refusal.
    page = html.unescape(
        reviewer.post(
            action, {"action": "return", "reason": "Số đoàn ra chưa khớp", "version": shown}, follow=True
        ).content.decode()
    )
    assert REFUSED in page and "Số đoàn ra chưa khớp" in page
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    # From the page as it is now, the decision goes through.
    now_shown = _page_version(page)
    assert reviewer.post(action, {"action": "accept", "version": now_shown}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    approve = {"action": "approve", "version": now_shown}
    assert REFUSED in html.unescape(reviewer.post(action, approve, follow=True).content.decode())
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_a_file_attached_meanwhile_is_named_in_the_refusal(cycle: Cycle, make_user, client_for) -> None:
    report, first, second, opened = _two_editors(cycle, make_user, client_for)
    url = f"/bao-cao/{report.pk}/nhap/"
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n", content_type="application/pdf")
    assert first.post(url, {**ANNUAL_VALUES, "files": upload, "version": opened}).status_code == 302
    response = second.post(url, {**ANNUAL_VALUES, "doan_ra": "22", "version": opened})
    page = html.unescape(response.content.decode())
    assert REFUSED in page and "Trần Thị Mai" in page and "“bien-ban.pdf”" in page
    report.refresh_from_db()
    assert report.values["doan_ra"] == "4"


def test_a_save_after_a_colleague_submitted_shows_what_was_typed_to_copy(
    cycle: Cycle, make_user, client_for
) -> None:
    report, first, second, opened = _two_editors(cycle, make_user, client_for)
    url = f"/bao-cao/{report.pk}/nhap/"
    assert first.post(url, {**ANNUAL_VALUES, "action": "submit", "version": opened}).status_code == 302
    typed = {**ANNUAL_VALUES, "doan_ra": "22", "ket_qua": "Bản của anh Lâm."}
    response = second.post(url, {**typed, "action": "save", "version": opened})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and REFUSED in page and "Trần Thị Mai" in page
    assert "không còn sửa được" in page and 'id="save-draft"' not in page and 'name="remove_file"' not in page
    assert "Bản của anh Lâm." in page and _input(page, "doan_ra") == "22"
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.values["doan_ra"] == "4"
    # Sent as the page now stands (the current version), the request is refused as before.
    assert second.post(url, {**typed, "version": version_of(report)}).status_code == 403


def test_an_api_submission_from_an_old_reading_is_refused_409_naming_who_changed_it(
    cycle: Cycle, make_user, client_for, client
) -> None:
    report, first, _second, opened = _two_editors(cycle, make_user, client_for)
    _token, secret = token_create(actor=cycle.qt_union_editor, user=cycle.qt_union_editor, name="kịch bản")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = f"/api/reporting/reports/{report.pk}/submit"
    read = client.get(f"/api/reporting/reports/{report.pk}", **auth).json()
    assert str(read["report_version"]) == opened and read["version"] == 1  # the form's version stays
    first.post(f"/bao-cao/{report.pk}/nhap/", {**ANNUAL_VALUES, "doan_ra": "11", "version": opened})
    stale = client.post(
        url,
        data={"values": {**ANNUAL_VALUES, "doan_ra": "22"}, "version": read["report_version"]},
        content_type="application/json",
        **auth,
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["detail"] == REFUSED and body["current_version"] == int(version_of(report))
    change = next(line for line in body["changes"] if "Số đoàn ra" in line)
    assert "Trần Thị Mai" in change and WHEN.search(change) and "4 → 11" in change
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.values["doan_ra"] == "11"
    # Based on the version the refusal gave, the submission goes in and answers the next version.
    done = client.post(
        url,
        data={"values": {**ANNUAL_VALUES, "doan_ra": "22"}, "version": body["current_version"]},
        content_type="application/json",
        **auth,
    )
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    assert done.json()["report_version"] == int(version_of(report)) > body["current_version"]


def test_an_api_submission_after_a_colleague_submitted_says_who_rather_than_closed(
    cycle: Cycle, make_user, client_for, client
) -> None:
    report, first, _second, opened = _two_editors(cycle, make_user, client_for)
    _token, secret = token_create(actor=cycle.qt_union_editor, user=cycle.qt_union_editor, name="kịch bản")
    first.post(
        f"/bao-cao/{report.pk}/nhap/",
        {**ANNUAL_VALUES, "doan_ra": "11", "action": "submit", "version": opened},
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    stale = client.post(
        f"/api/reporting/reports/{report.pk}/submit",
        data={"version": int(opened)},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert stale.status_code == 409 and any("Trần Thị Mai" in line for line in stale.json()["changes"])
