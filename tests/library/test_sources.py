from __future__ import annotations

import zipfile

import pytest

from doingoai.library.errors import LibraryError
from doingoai.library.sources import ARCHIVE_MAX_MEMBERS, file_sources
from tests.library_fixtures import FESTIVAL_TTXVN, HANOI_REPORT
from tests.office_fixtures import zip_of


def _message(exc: pytest.ExceptionInfo[LibraryError]) -> str:
    return " ".join(exc.value.messages)


def test_zip_of_articles_gives_one_text_per_article() -> None:
    data = zip_of(
        {"tin/a.txt": FESTIVAL_TTXVN.encode(), "tin/b.md": HANOI_REPORT.encode(), "anh.jpg": b"\xff\xd8"}
    )
    sources = file_sources("goi-tin.zip", data)
    assert [(s.name, bool(s.text), bool(s.problem)) for s in sources] == [
        ("goi-tin.zip/tin/a.txt", True, False),
        ("goi-tin.zip/tin/b.md", True, False),
        ("goi-tin.zip/anh.jpg", False, True),
    ]
    assert "định dạng .jpg không được nhận" in sources[2].problem


def test_zip_with_a_path_climbing_out_is_refused_naming_the_member() -> None:
    data = zip_of({"../../etc/evil.txt": b"x", "ok.txt": HANOI_REPORT.encode()})
    with pytest.raises(LibraryError) as exc:
        file_sources("goi.zip", data)
    assert "goi.zip" in _message(exc) and "../../etc/evil.txt" in _message(exc)


def test_zip_bomb_is_refused() -> None:
    data = zip_of({"bom.txt": b"a" * (20 * 2**20)})
    with pytest.raises(LibraryError) as exc:
        file_sources("bom.zip", data)
    assert "bom.zip" in _message(exc)


def test_zip_with_too_many_members_is_refused() -> None:
    data = zip_of({f"{i}.txt": b"x" for i in range(ARCHIVE_MAX_MEMBERS + 1)}, zipfile.ZIP_STORED)
    with pytest.raises(LibraryError, match="quá nhiều tệp"):
        file_sources("nhieu.zip", data)


def test_zip_with_unreadable_members_keeps_the_good_ones_and_names_each_bad_one() -> None:
    data = zip_of(
        {
            "a.txt": HANOI_REPORT.encode(),
            "b.txt": b"",
            "c.txt": b"\x00\x01\x02binary" * 50,
            "d.docx": b"PK not a word file",
        }
    )
    good, *bad = file_sources("goi.zip", data)
    assert good.name == "goi.zip/a.txt" and good.text and not good.problem
    problems = {s.name: s.problem for s in bad}
    assert problems == {
        "goi.zip/b.txt": "Tệp “goi.zip/b.txt”: tệp rỗng.",
        "goi.zip/c.txt": "Tệp “goi.zip/c.txt”: tệp nhị phân, không phải văn bản",
        "goi.zip/d.docx": "Tệp “goi.zip/d.docx”: tệp Word hỏng hoặc không phải tệp .docx.",
    }
    assert all(not s.text for s in bad)


def test_zip_bomb_among_good_members_still_refuses_the_whole_archive() -> None:
    data = zip_of({"a.txt": HANOI_REPORT.encode(), "bom.txt": b"a" * (20 * 2**20 - 1)})
    with pytest.raises(LibraryError, match="giải nén ra quá lớn"):
        file_sources("goi.zip", data)


def test_not_a_zip_is_refused_with_a_vietnamese_message() -> None:
    with pytest.raises(LibraryError, match="không phải tệp nén"):
        file_sources("hong.zip", b"PK not really")


def test_extension_outside_the_whitelist_is_refused() -> None:
    with pytest.raises(LibraryError) as exc:
        file_sources("bao-cao.exe", b"MZ")
    assert "bao-cao.exe" in _message(exc) and ".exe" in _message(exc)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Báo Thử Nghiệm</title>
<item><title>Ngày hội hữu nghị &amp; giao lưu</title>
<pubDate>Fri, 20 Mar 2026 08:00:00 +0700</pubDate>
<description>&lt;p&gt;Đoạn thứ nhất.&lt;/p&gt;
&lt;p&gt;Đoạn thứ hai &lt;b&gt;đậm&lt;/b&gt;.&lt;/p&gt;</description>
</item>
<item><title>Tin thứ hai</title><pubDate>2026-03-22</pubDate>
<content:encoded><![CDATA[<p>Nội dung đầy đủ.</p>]]></content:encoded></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Cổng tin Atom</title>
<entry><title>Bài Atom</title><updated>2026-04-01T10:00:00Z</updated>
<summary>Tóm tắt bài viết.</summary></entry>
</feed>"""


def test_rss_items_become_texts_with_title_date_and_outlet() -> None:
    first, second = file_sources("tin.rss", RSS.encode())
    assert first.hints == {
        "title": "Ngày hội hữu nghị & giao lưu",
        "source": "Báo Thử Nghiệm",
        "published": "2026-03-20",
    }
    assert first.text == "Ngày hội hữu nghị & giao lưu\n\nĐoạn thứ nhất.\n\nĐoạn thứ hai đậm."
    assert second.text.endswith("Nội dung đầy đủ.")
    assert second.hints["published"] == "2026-03-22"


def test_atom_entries_become_texts() -> None:
    (entry,) = file_sources("tin.atom", ATOM.encode())
    assert entry.hints == {"title": "Bài Atom", "source": "Cổng tin Atom", "published": "2026-04-01"}


def test_feed_with_entity_expansion_is_refused() -> None:
    bomb = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>
<rss version="2.0"><channel><title>&b;</title>
<item><title>x</title><description>&b;</description></item></channel></rss>"""
    with pytest.raises(LibraryError) as exc:
        file_sources("bom.xml", bomb.encode())
    assert "bom.xml" in _message(exc) and "DTD" in _message(exc)


def test_feed_with_external_entity_is_refused() -> None:
    xxe = """<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><title>x</title><description>&x;</description></item></channel></rss>"""
    with pytest.raises(LibraryError):
        file_sources("xxe.rss", xxe.encode())


def test_xml_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(LibraryError, match="không phải nguồn tin RSS hay Atom"):
        file_sources("khac.xml", b"<?xml version='1.0'?><note>x</note>")


def test_html_page_gives_its_main_text_and_title() -> None:
    page = (
        "<html><head><title>Giao lưu hữu nghị</title></head><body><nav>Trang chủ</nav><article>"
        + "".join(f"<p>{p}</p>" for p in HANOI_REPORT.split("\n\n")[1:])
        + "</article></body></html>"
    )
    (source,) = file_sources("trang.html", page.encode("utf-8"))
    assert "đoàn thanh niên Mông Cổ" in source.text
    assert source.hints.get("title") == "Giao lưu hữu nghị"


def test_a_text_longer_than_one_document_may_be_is_refused_naming_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 19 MB text took minutes and 2 GB to analyse, and its page timed out; Word and PDF had a limit."""
    from doingoai.library import office, sources

    for module in (sources, office):
        monkeypatch.setattr(module, "TEXT_MAX_CHARS", 1_000)
    long_text = ("Đoàn thanh niên hữu nghị thăm Lào. " * 40).encode()
    with pytest.raises(LibraryError) as refused:
        sources.file_sources("dai.txt", long_text)
    assert refused.value.messages == [
        "Tệp “dai.txt”: văn bản quá dài (hơn 1.000 ký tự); hãy tách thành nhiều tệp."
    ]
    assert sources.file_sources("ngan.txt", long_text[:900])[0].text
