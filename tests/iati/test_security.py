from __future__ import annotations

import pytest

from doingoai.iati import IatiSecurityError, IatiSyntaxError, activities_parse

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol4;</iati-identifier></iati-activity>
</iati-activities>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&secret;</iati-identifier></iati-activity>
</iati-activities>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE], ids=["entity-expansion", "xxe"])
def test_entity_declarations_are_refused_before_expansion(data: bytes) -> None:
    with pytest.raises(IatiSecurityError) as caught:
        activities_parse(data, source_name="doc-hai.xml")

    message = str(caught.value)
    assert message.startswith("tệp doc-hai.xml, dòng 2: ")
    assert "DOCTYPE" in message
    assert "root:" not in message and "lollol" not in message


def test_doctype_in_utf16_file_is_refused() -> None:
    data = (
        XXE.decode()
        .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
        .encode("utf-16")
    )

    with pytest.raises(IatiSecurityError):
        activities_parse(data, source_name="utf16.xml")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b"PK\x03\x04\x14\x00\x06\x00binary",
        "Số liệu viện trợ năm 2025".encode(),
        b"<iati-activities>",
    ],
    ids=["empty", "blank", "zip", "plain-text", "unclosed"],
)
def test_non_xml_bytes_are_refused_with_the_file_name(data: bytes) -> None:
    with pytest.raises(IatiSyntaxError) as caught:
        activities_parse(data, source_name="tai-len.xml")

    assert str(caught.value).startswith("tệp tai-len.xml")
