"""Turn what a user brings (files, folders, zip archives, RSS/Atom feeds) into texts to ingest.

Every input is checked before anything is stored: an allowed extension, a size limit, and for
archives a limit on members and on uncompressed size, with no path that climbs out of the
archive. Feeds are parsed with defusedxml and no DTD at all, so no entity is ever expanded or
fetched. Word, PDF and OpenDocument files are read by `doingoai.library.office`, and keep their
original bytes, which the library stores beside the document.

A single file with a problem raises `LibraryError` naming it. An archive or a feed imports what
it can: a member or entry that cannot be read becomes a `Source` with its `problem` (the job
lists it with its reason); only a safety refusal (a bomb, a path climbing out, too many members)
or an archive that cannot be opened refuses the whole file.
"""

from __future__ import annotations

import email.utils
import html
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.analysis.admin_header import admin_header_parse
from doingoai.analysis.errors import ReadError
from doingoai.analysis.reading import HTML_SUFFIXES, MAX_BYTES, decode_bytes, html_decode, html_extract
from doingoai.analysis.text import text_normalize
from doingoai.library.errors import LibraryError
from doingoai.library.office import OFFICE_SUFFIXES, TEXT_MAX_CHARS, office_check, office_read, text_too_long
from doingoai.xmlbytes import XmlEncodingError, xml_utf8

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
ARCHIVE_SUFFIXES = (".zip",)
UPLOAD_SUFFIXES = TEXT_SUFFIXES + OFFICE_SUFFIXES + FEED_SUFFIXES + ARCHIVE_SUFFIXES
ARCHIVE_MAX_BYTES = 50 * 1024 * 1024
ARCHIVE_MAX_MEMBERS = 2000
ARCHIVE_MAX_UNCOMPRESSED = 200 * 1024 * 1024
# A text compresses about 3-10 times; far more than this is a decompression bomb.
ARCHIVE_MAX_RATIO = 100
FEED_MAX_ENTRIES = 2000

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_BLOCK_END = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/h[1-6]|/li|/tr|/blockquote)\s*>")
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Source:
    """One text to ingest: where it came from, the text, and metadata hints (title, source, published).

    `original` holds the bytes of a Word or PDF file, kept with the document. A source with a
    `problem` could not be read (a member of an archive, an entry of a feed): it has no text,
    and its job lists it with the problem.
    """

    name: str
    text: str
    hints: dict[str, str] = field(default_factory=dict)
    original: bytes = b""
    problem: str = ""


def source_failed(error: LibraryError, name: str) -> Source:
    """Return the source of an input that could not be read, with the reason `error` gives."""
    return Source(name=name, text="", problem=" ".join(error.messages))


def _error(name: str, problem: str) -> LibraryError:
    return LibraryError(_("Tệp “%(name)s”: %(problem)s") % {"name": name, "problem": problem})


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


# The analysis core's reading errors add an English gloss in parentheses, for its command line:
# the library's pages say it in Vietnamese only, and name every format they accept.
_ENGLISH_GLOSS = re.compile(r"\s*\((?=[^()]*[a-z]{3})[\x20-\x7e]*\)")
_READ_ONLY_TEXT = "chỉ đọc được .txt, .md, .html"


def _read_problem(message: str) -> str:
    problem = _ENGLISH_GLOSS.sub("", message)
    if _READ_ONLY_TEXT in problem:
        problem = problem.replace(
            _READ_ONLY_TEXT, _("hãy đặt đúng đuôi tệp (.docx, .pdf, .zip...) rồi tải lên lại")
        )
    return problem


def text_source(name: str, data: bytes) -> Source:
    """Return the text of a .txt, .md or .html file given as bytes; raise LibraryError if unreadable."""
    if not data:
        raise _error(name, _("tệp rỗng."))
    if len(data) > MAX_BYTES:
        raise _error(name, _("tệp quá lớn (tối đa %(limit)d MB).") % {"limit": MAX_BYTES // 2**20})
    try:
        if _suffix(name) in HTML_SUFFIXES:
            text, hints = html_extract(html_decode(data, name), name)
        else:
            text = decode_bytes(data, name)
            # A notice typed or saved as plain text opens with its header as a Word file does.
            header = admin_header_parse(text_normalize(text))
            hints = header.hints() if header.is_official() else {}
    except ReadError as exc:
        raise _error(name, _read_problem(exc.message)) from exc
    if not text.strip():
        raise _error(name, _("tệp chỉ có khoảng trắng."))
    if len(text) > TEXT_MAX_CHARS:  # as a Word or PDF file's: analysis time and memory grow with it
        raise text_too_long(name)
    return Source(name=name, text=text, hints=hints)


def _html_to_text(fragment: str) -> str:
    """Return the plain text of a feed's HTML fragment, one paragraph per block."""
    text = _TAG.sub("", _BLOCK_END.sub("\n\n", fragment))
    paragraphs = (" ".join(p.split()) for p in html.unescape(text).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _child_text(element: Element, *tags: str) -> str:
    for tag in tags:
        child = element.find(tag)
        if child is not None and (child.text or "").strip():
            return child.text or ""
    return ""


def _feed_date(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def _feed_entries(root: Element) -> tuple[str, list[Element], bool]:
    if root.tag == f"{_ATOM}feed":
        return _child_text(root, f"{_ATOM}title"), root.findall(f"{_ATOM}entry"), True
    channel = root.find("channel")
    if root.tag == "rss" and channel is not None:
        return _child_text(channel, "title"), channel.findall("item"), False
    raise ValueError("not a feed")


def feed_sources(name: str, data: bytes) -> list[Source]:
    """Return one text per entry of an RSS 2.0 or Atom feed; raise LibraryError on a bad feed."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    if len(data) > MAX_BYTES:
        raise _error(name, _("tệp quá lớn (tối đa %(limit)d MB).") % {"limit": MAX_BYTES // 2**20})
    try:
        data = xml_utf8(data)
    except XmlEncodingError as exc:
        raise _error(
            name,
            _("không đọc được mã ký tự “%(encoding)s” của nguồn tin; hãy lưu lại tệp với mã UTF-8.")
            % {"encoding": exc.encoding},
        ) from exc
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        outlet, entries, atom = _feed_entries(root)
    except DefusedXmlException as exc:
        raise _error(
            name, _("tệp XML khai báo DTD hoặc thực thể, không được phép vì lý do an toàn.")
        ) from exc
    except (SafeET.ParseError, ValueError) as exc:
        raise _error(name, _("không phải nguồn tin RSS hay Atom hợp lệ.")) from exc
    if len(entries) > FEED_MAX_ENTRIES:
        raise _error(name, _("có quá nhiều bài (tối đa %(limit)d).") % {"limit": FEED_MAX_ENTRIES})
    sources: list[Source] = []
    for number, entry in enumerate(entries, 1):
        if atom:
            title = _child_text(entry, f"{_ATOM}title")
            body = _child_text(entry, f"{_ATOM}content", f"{_ATOM}summary")
            published = _child_text(entry, f"{_ATOM}published", f"{_ATOM}updated")
        else:
            title = _child_text(entry, "title")
            body = _child_text(entry, _CONTENT, "description")
            published = _child_text(entry, "pubDate")
        title, body = " ".join(_html_to_text(title).split()), _html_to_text(body)
        if not body:
            problem = _error(
                name,
                _("bài số %(number)d (“%(title)s”) không có nội dung.") % {"number": number, "title": title},
            )
            sources.append(source_failed(problem, f"{name} #{number}"))
            continue
        hints = {"title": title} if title else {}
        if outlet.strip():
            hints["source"] = " ".join(outlet.split())
        day = _feed_date(published)
        if day:
            hints["published"] = day
        text = f"{title}\n\n{body}" if title else body
        sources.append(Source(name=f"{name} #{number}", text=text, hints=hints))
    if not sources:
        raise _error(name, _("nguồn tin không có bài nào."))
    return sources


def _member_safe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts and not re.match(r"^[A-Za-z]:", name)


def archive_sources(name: str, data: bytes, *, office_later: bool = False) -> list[Source]:
    """Return the texts of the documents in a zip archive, and a failed source per member that fails.

    With `office_later`, Word, OpenDocument and PDF members are returned unread, as `file_sources`
    returns them.

    Raise LibraryError when the archive cannot be opened or is unsafe as a whole: too large,
    too many members, a path climbing out, or a decompression bomb.
    """
    if len(data) > ARCHIVE_MAX_BYTES:
        raise _error(
            name, _("tệp nén quá lớn (tối đa %(limit)d MB).") % {"limit": ARCHIVE_MAX_BYTES // 2**20}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise _error(name, _("không phải tệp nén .zip hợp lệ.")) from exc
    if len(members) > ARCHIVE_MAX_MEMBERS:
        raise _error(name, _("tệp nén có quá nhiều tệp (tối đa %(limit)d).") % {"limit": ARCHIVE_MAX_MEMBERS})
    wanted = []
    skipped: list[Source] = []
    total = 0
    for member in members:
        if member.is_dir():
            continue
        if not _member_safe(member.filename):
            raise _error(
                name, _("đường dẫn “%(member)s” trong tệp nén không hợp lệ.") % {"member": member.filename}
            )
        base = PurePosixPath(member.filename).name
        if base.startswith(".") or "__MACOSX" in member.filename:
            continue
        label = f"{name}/{member.filename}"
        if _suffix(base) not in TEXT_SUFFIXES + OFFICE_SUFFIXES + FEED_SUFFIXES:
            skipped.append(source_failed(_unsupported(label), label))
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 2**20 and ratio > ARCHIVE_MAX_RATIO:
            # A decompression bomb: the whole archive is refused, not just this member.
            raise _error(
                label,
                ngettext(
                    "giải nén ra quá lớn so với kích thước nén (%(ratio)d lần); cả tệp nén bị từ chối.",
                    "giải nén ra quá lớn so với kích thước nén (%(ratio)d lần); cả tệp nén bị từ chối.",
                    int(ratio),
                )
                % {"ratio": ratio},
            )
        if member.file_size > MAX_BYTES:
            problem = _error(label, _("tệp quá lớn (tối đa %(limit)d MB).") % {"limit": MAX_BYTES // 2**20})
            skipped.append(source_failed(problem, label))
            continue
        total += member.file_size
        if total > ARCHIVE_MAX_UNCOMPRESSED:
            raise _error(
                name,
                _("tệp nén giải nén ra quá lớn (tối đa %(limit)d MB).")
                % {"limit": ARCHIVE_MAX_UNCOMPRESSED // 2**20},
            )
        wanted.append(member)
    sources: list[Source] = []
    for member in wanted:
        label = f"{name}/{member.filename}"
        try:
            with archive.open(member) as handle:
                # The header's size may lie: never read more than it claims.
                content = handle.read(min(member.file_size, MAX_BYTES) + 1)
            if len(content) > min(member.file_size, MAX_BYTES):
                raise _error(label, _("kích thước thật khác kích thước khai báo, hoặc tệp quá lớn."))
            sources += file_sources(label, content, office_later=office_later)
        except LibraryError as exc:
            sources.append(source_failed(exc, label))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            # A damaged or encrypted member, or one compressed by a method Python cannot read.
            problem = _error(
                label, _("không giải nén được tệp này (tệp hỏng, có mật khẩu hoặc nén kiểu lạ).")
            )
            sources.append(source_failed(problem, label))
            del exc
    sources += skipped
    if not sources:
        raise _error(name, _("tệp nén không chứa tệp nào để nhập."))
    return sources


def file_max_bytes(name: str) -> int:
    """Return the size limit of a file of this name: an archive's, or a single document's."""
    return ARCHIVE_MAX_BYTES if _suffix(name) in ARCHIVE_SUFFIXES else MAX_BYTES


def _unsupported(name: str) -> LibraryError:
    return _error(
        name,
        _("định dạng %(suffix)s không được nhận; chỉ nhận %(allowed)s.")
        % {"suffix": _suffix(name) or "?", "allowed": ", ".join(UPLOAD_SUFFIXES)},
    )


def file_sources(name: str, data: bytes, *, office_later: bool = False) -> list[Source]:
    """Return the texts in one file of any accepted kind, by its extension.

    With `office_later`, a Word, OpenDocument or PDF file is returned with its bytes and no text:
    reading it (LibreOffice for .doc and .odt can take many seconds) is left to the worker that
    imports it (`office_read` there), so a web request never waits for it.
    """
    suffix = _suffix(name)
    if suffix in ARCHIVE_SUFFIXES:
        return archive_sources(name, data, office_later=office_later)
    if suffix in FEED_SUFFIXES:
        return feed_sources(name, data)
    if suffix in TEXT_SUFFIXES:
        return [text_source(name, data)]
    if suffix in OFFICE_SUFFIXES:
        if len(data) > MAX_BYTES:
            raise _error(name, _("tệp quá lớn (tối đa %(limit)d MB).") % {"limit": MAX_BYTES // 2**20})
        if office_later:
            office_check(name, data)
            return [Source(name=name, text="", original=data)]
        text, hints = office_read(name, data)
        return [Source(name=name, text=text, hints=hints, original=data)]
    raise _unsupported(name)


def path_sources(paths: Iterable[str]) -> tuple[list[Source], list[str]]:
    """Return the texts under files and folders, and one error message per input that failed.

    A folder is searched recursively for every accepted extension; each file succeeds or fails
    on its own.
    """
    sources: list[Source] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        # A document keeps the name of its file within what was given, not the server's path to it
        # (the library and the API show it to every reader).
        base = path if path.is_dir() else path.parent
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in UPLOAD_SUFFIXES)
        elif path.is_file():
            files = [path]
        else:
            errors.append(_("“%(path)s”: không có tệp hay thư mục này.") % {"path": raw})
            continue
        for file in files:
            try:
                size = file.stat().st_size
                limit = file_max_bytes(file.name)
                if size > limit:
                    raise _error(
                        str(file), _("tệp quá lớn (tối đa %(limit)d MB).") % {"limit": limit // 2**20}
                    )
                sources += file_sources(file.relative_to(base).as_posix(), file.read_bytes())
            except LibraryError as exc:
                errors.extend(exc.messages)
            except OSError as exc:
                errors.append(
                    _("Tệp “%(name)s”: không đọc được (%(reason)s).") % {"name": file, "reason": exc.strerror}
                )
    return sources, errors
