"""The clause toolkit shared by the directives and quotes steps: tokens, phrase lists, subjects.

A clause is read token by token: a syllable or a punctuation mark (`Token`, cut by the same
pattern as `tokens.TokenStream`, so "Jong-un" is one token), matched against
lower-case phrase lists (`Phrases`). `subject_range` finds the subject before a verb, in its own
clause and without the adverbs next to the verb; `actor_like` says whether such a phrase can name
who speaks or assigns (a name, a title, a pronoun or a body).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from doingoai.analysis.tokens import TOKEN

CLAUSE_MARKS = frozenset(',;:()“”"«»…')


class Token(NamedTuple):
    """A syllable or a punctuation mark of the text, with its lower-case form."""

    start: int
    end: int
    text: str
    low: str

    @property
    def capitalized(self) -> bool:
        """Return whether the token starts with a capital letter."""
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        """Return whether the token is a syllable or a number, not punctuation."""
        return self.text[:1].isalnum()


def tokens_between(text: str, start: int, end: int) -> list[Token]:
    """Return the tokens of text[start:end]."""
    return [
        Token(m.start(), m.end(), w, w.lower()) for m in TOKEN.finditer(text, start, end) for w in (m[0],)
    ]


class Phrases:
    """A set of lower-case phrases of one or more syllables, matched token by token."""

    def __init__(self, phrases: Iterable[str]) -> None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            parts = tuple(phrase.lower().split())
            by_first.setdefault(parts[0], []).append(parts)
        self._by_first = {k: sorted(v, key=len, reverse=True) for k, v in by_first.items()}

    def match(self, tokens: Sequence[Token], i: int) -> int:
        """Return how many tokens from tokens[i] make one of the phrases (0 if none)."""
        if i >= len(tokens):
            return 0
        for parts in self._by_first.get(tokens[i].low, ()):
            n = len(parts)
            if i + n <= len(tokens) and all(tokens[i + k].low == parts[k] for k in range(1, n)):
                return n
        return 0

    def match_ending(self, tokens: Sequence[Token], end: int, floor: int = 0) -> int:
        """Return how many tokens before tokens[end] make one of the phrases (0 if none)."""
        for n in (3, 2, 1):
            i = end - n
            if i >= floor and self.match(tokens, i) == n:
                return n
        return 0


DETERMINERS = Phrases(["các", "những", "mọi", "toàn", "toàn thể", "từng", "cả", "tất cả", "mỗi", "một số"])
# Nouns that head an addressee in lower case: "lực lượng làm công tác ...", "cấp ủy".
BODY_HEADS = Phrases(
    [
        "bộ", "ngành", "sở", "ban", "ủy ban", "uỷ ban", "cơ quan", "đơn vị", "địa phương", "tỉnh",
        "thành phố", "xã", "phường", "lực lượng", "cấp ủy", "cấp uỷ", "chính quyền", "đoàn thể",
        "tổ chức", "hội", "liên hiệp", "mặt trận", "văn phòng", "cục", "vụ", "viện", "trường",
        "đại sứ quán", "cơ quan đại diện", "doanh nghiệp", "người đứng đầu", "lãnh đạo", "cán bộ",
        "đảng viên", "đảng ủy", "đảng uỷ", "hệ thống", "thủ trưởng", "thành viên", "đoàn", "đội ngũ",
        "hai bên", "phía", "đối tác", "nhà tài trợ", "chủ đầu tư", "ngân hàng", "quỹ", "công an",
        "quân đội", "bộ đội", "chi bộ", "cấp", "ngành chức năng", "chính phủ", "ubnd", "hđnd", "mttq",
        "ủy ban nhân dân", "uỷ ban nhân dân", "tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ", "trung ương",
        "tổng cục", "học viện", "đài", "báo", "thông tấn xã", "tập đoàn", "tổng công ty", "công ty",
        "hội đồng", "quốc hội", "kiểm toán", "thanh tra", "tòa án", "toà án", "đảng đoàn", "ban cán sự",
        "liên đoàn", "tổng liên đoàn", "nhà trường", "trường học", "người",
    ]
)  # fmt: skip

_PRONOUNS = frozenset(("ông", "bà", "đồng chí", "anh", "chị", "ông ấy", "bà ấy", "đồng chí ấy"))
HONORIFICS = Phrases(["ông", "bà", "đồng chí", "anh", "chị", "ngài"])
# Adverbs between a subject and its verb: "Bộ trưởng cũng yêu cầu", "Đồng chí nhấn mạnh yêu cầu".
_SUBJECT_TAIL = Phrases(
    [
        "cũng", "đã", "đều", "tiếp tục", "còn", "đặc biệt", "sẽ", "vừa", "mới", "thì", "đồng thời",
        "trực tiếp", "kiên quyết", "một lần nữa", "nhấn mạnh", "nêu rõ", "chỉ rõ", "đặt ra", "lưu ý",
        "khẳng định", "nghiêm khắc", "thẳng thắn", "cũng đã", "nhiều lần", "luôn", "trước đó", "thống nhất",
        "nhất trí", "quyết định",
    ]
)  # fmt: skip
# Sentence connectives that may open a clause without a subject.
CONNECTIVES = Phrases(
    [
        "đồng thời", "bên cạnh đó", "ngoài ra", "cùng với đó", "cùng với việc đó", "mặt khác", "tiếp đó",
        "thêm vào đó", "hơn nữa", "song song với đó", "sau đó", "trong đó", "theo đó", "trước mắt",
        "và", "trước hết", "đặc biệt",
    ]
)  # fmt: skip

_MAX_SUBJECT_TOKENS = 24
_MAX_APPOSITION_TOKENS = 16


def subject_range(tokens: Sequence[Token], verb: int, floor: int = 0) -> tuple[int, int]:
    """Return the token range of the subject of tokens[verb]: its own clause, without adverbs."""
    clause, start, end = _clause_subject(tokens, verb, floor)
    if start < end or clause - 1 <= floor or tokens[clause - 1].text != ",":
        return start, end
    if clause < verb and CONNECTIVES.match(tokens, clause):
        return start, end  # "..., đồng thời yêu cầu": the subject is left out, not put aside
    # "bà Dương Thu Loan, Giám đốc Sở Ngoại vụ, nhấn mạnh": the subject stands in apposition
    clause, y_start, y_end = _clause_subject(tokens, clause - 1, floor)
    if y_start >= y_end or y_end - y_start > _MAX_APPOSITION_TOKENS:
        return start, end
    if clause - 1 > floor and tokens[clause - 1].text == ",":
        _clause, x_start, x_end = _clause_subject(tokens, clause - 1, floor)
        if actor_like(tokens, x_start, x_end):
            return x_start, x_end
    return (y_start, y_end) if actor_like(tokens, y_start, y_end) else (start, end)


def _clause_subject(tokens: Sequence[Token], verb: int, floor: int) -> tuple[int, int, int]:
    """Return where the clause before tokens[verb] starts, and its words without adverbs."""
    start = verb
    while start > floor and verb - start < _MAX_SUBJECT_TOKENS:
        if tokens[start - 1].text == ")":  # "Đại diện tổ chức Mountain Hands (Thụy Sĩ) đề nghị"
            opening = next(
                (k for k in range(start - 2, max(start - 10, floor - 1), -1) if tokens[k].text == "("), None
            )
            if opening is not None:
                start = opening
                continue
        if tokens[start - 1].text in CLAUSE_MARKS:
            break
        start -= 1
    clause = start
    while start < verb and not tokens[start].is_word:
        start += 1  # "## Chỉ đạo ...", "- Yêu cầu ...": marks of headings and lists
    end = verb
    while end > start:
        n = _SUBJECT_TAIL.match_ending(tokens, end, start)
        if not n:
            break
        end -= n
    while start < end:
        n = CONNECTIVES.match(tokens, start)
        if not n or start + n > end:
            break
        start += n
    return clause, start, end


# Openings of an adverbial clause, which names no actor: "Kết luận hội nghị, ...", "Điều này ...".
_NOT_ACTOR_PHRASES = Phrases(
    [
        "kết luận", "phát biểu", "trả lời", "thay mặt", "bên lề", "nhân dịp", "trên cơ sở", "căn cứ",
        "điều này", "điều đó", "điều quan trọng", "điều đáng", "điều kiện",
    ]
)  # fmt: skip
_NOT_ACTOR_OPENINGS = frozenset(
    "có việc đây đó như trong tại khi nếu để với về và nhưng tuy vì do bởi sau từ đến cùng này "
    "không thể theo nhằm qua trên dưới ngày năm tháng sáng chiều tối".split()
)


def actor_like(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Return whether tokens[start:end] can name who speaks or assigns (a name, title or pronoun)."""
    if start >= end:
        return False
    first = tokens[start]
    if HONORIFICS.match(tokens, start) or " ".join(t.low for t in tokens[start:end]) in _PRONOUNS:
        return True
    if first.capitalized:
        return first.low not in _NOT_ACTOR_OPENINGS and not _NOT_ACTOR_PHRASES.match(tokens, start)
    return bool(BODY_HEADS.match(tokens, start) or DETERMINERS.match(tokens, start))
