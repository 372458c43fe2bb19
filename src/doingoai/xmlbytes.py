"""Read the bytes of an XML document in any encoding XML allows and give them back as UTF-8.

The XML parsers we use each fall short somewhere: expat (and so defusedxml) refuses multi-byte
legacy encodings such as Shift_JIS or Big5, and a UTF-16 file without a byte order mark is not
recognised by a plain "starts with <" check. Decoding once here, by the rules of the XML
specification's appendix F (byte order mark, else the first bytes, else the declaration), lets
every parser downstream see UTF-8 with a declaration that says so. Line numbers are kept.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The first four bytes of "<?xm" in each encoding family, when there is no byte order mark.
_STARTS = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
)
_DECLARATION = re.compile(r"""\A<\?xml\b[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1""")
_DECLARATION_BYTES = re.compile(rb"""\A<\?xml\b[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1""")
# Python codecs that decode text but are not character encodings a document may be written in.
_NOT_DOCUMENT_ENCODINGS = {"unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined"}


class XmlEncodingError(ValueError):
    """The document's encoding is unknown, or its bytes are not valid in that encoding."""

    def __init__(self, encoding: str, *, unknown: bool) -> None:
        self.encoding = encoding
        self.unknown = unknown
        super().__init__(encoding)


def xml_encoding(data: bytes) -> str:
    """Return the encoding of an XML document's bytes, as Python names it (default UTF-8)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for start, name in _STARTS:
        if data.startswith(start):
            return name
    found = _DECLARATION_BYTES.match(data[:1024])
    return found.group(2).decode("ascii", "replace").strip() if found else "utf-8"


def xml_utf8(data: bytes) -> bytes:
    """Return `data` re-encoded as UTF-8, its declaration (if any) naming UTF-8.

    Raise XmlEncodingError naming the encoding when it is unknown or the bytes do not decode.
    """
    encoding = xml_encoding(data)
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise XmlEncodingError(encoding, unknown=True) from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_DOCUMENT_ENCODINGS:
        raise XmlEncodingError(encoding, unknown=True)
    try:
        text = data.decode(info.name)
    except (UnicodeDecodeError, LookupError):
        raise XmlEncodingError(encoding, unknown=False) from None
    text = text.removeprefix("\ufeff")
    declared = _DECLARATION.match(text)
    if declared:
        text = text[: declared.start(2)] + "UTF-8" + text[declared.end(2) :]
    return text.encode("utf-8")
