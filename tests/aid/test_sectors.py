from __future__ import annotations

import pytest

from doingoai.aid.sectors import sector_label
from doingoai.iati.standard import codelist_names


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("11420", "11420 – Giáo dục đại học"),  # scholarships, the commonest gift to a ministry's students
        ("11240", "11240 – Giáo dục mầm non"),
        ("12191", "12191 – Dịch vụ y tế"),
        ("14031", "14031 – Cấp nước sinh hoạt cơ bản"),
        ("43040", "43040 – Phát triển nông thôn"),
        ("74010", "74010 – Phòng ngừa và chuẩn bị ứng phó thảm họa"),
    ],
)
def test_common_sectors_of_aid_to_vietnam_are_named_in_vietnamese(code: str, label: str) -> None:
    # A project in higher education read "11420 – Higher education" on its Vietnamese page and in
    # the annual report.
    assert sector_label(code) == label
    assert codelist_names("Sector")[code] not in sector_label(code)


def test_a_code_we_do_not_name_keeps_the_iati_name_and_an_unknown_code_stands_alone() -> None:
    assert sector_label("99810") == "99810 – Sectors not specified"
    assert sector_label("00000") == "00000"
