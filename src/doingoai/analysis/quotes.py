"""The quotes step: words in quotation marks, and who said them.

Decisions:

* Marks: “…”, "…", «…» and „…“ (or „…”). A quote ends at its closing mark in the same paragraph
  (line); an opening mark with no closing mark there is dropped, so an unbalanced mark never
  swallows the rest of the document. A second “ before the ” means the first one was stray. A quote
  inside a quote stays part of the outer one. The span covers the words between the marks, without
  the spaces next to them.
* A quoted name is not a quote: when the words right before the opening mark are a naming noun
  ("chương trình “Chung tay ...”", "phong trào", "chủ đề", "giải thưởng", "cuộc thi"...), the
  marks only set off the name of a programme, a campaign or a work, and nobody said it.
* Speaker, first found in this order:
  1. a speech verb before the quote in its sentence: "Ông A nhấn mạnh: “…”", and also "X khẳng định
     việc ... chủ trương “…” là ..." (the one who says the sentence is the one quoting the phrase,
     even when the phrase is a Party line rather than X's own words);
  2. "Theo X, “…”";
  3. a speech verb right after it: "“…”, Bộ trưởng Lê Hoài Trung nói.";
  4. the sentence before, when it ends with a colon after a speech verb or is just a name
     ("Bộ trưởng phát biểu:" then the quote on its own line);
  5. for a speech verb with no subject ("... và nhấn mạnh “…”"), the speaker of the quote before
     it in the same paragraph.
  A subject in apposition ("bà Dương Thu Loan, Giám đốc Sở Ngoại vụ, cho biết: “…”") is the name
  before the title; a phrase that cannot name anyone ("Có thể nói, “…”") gives no speaker.
  Verbs that are also nouns ("yêu cầu", "đề nghị", "kể", "nêu") count only before ":" or ",".
* The speaker phrase is named as a directive's issuer is (`actors.Actors`): the person's name
  when it overlaps a person mention, the person last mentioned for a pronoun or a bare title, an
  organization's full name, else the phrase as written. No stated speaker gives None.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from doingoai.analysis.actors import Actors
from doingoai.analysis.clauses import Phrases, Token, actor_like, subject_range, tokens_between
from doingoai.analysis.document import Document, Person, Quote, Span, Statement
from doingoai.analysis.text import tone_key

_OPENING = re.compile('[“„«"]')
_CLOSING = {"“": "”", "„": "“”", "«": "»", '"': '"'}
_PARAGRAPH = re.compile(r"[^\n]+")
_CLAUSE_OPENERS = frozenset(",;:(—–-")

_SPEECH_VERBS = Phrases(
    [
        "nói", "nhấn mạnh", "khẳng định", "cho biết", "cho rằng", "chia sẻ", "phát biểu", "nêu rõ",
        "bày tỏ", "nhận định", "tuyên bố", "kêu gọi", "lưu ý", "nhắc lại", "nhắc nhở", "trả lời",
        "giải thích", "tâm sự", "bộc bạch", "chỉ rõ", "cam kết", "cho hay", "căn dặn", "dặn dò",
        "tin tưởng", "hy vọng", "hi vọng", "phân tích", "thông báo", "nhận xét", "đánh giá", "kết luận",
        "phát biểu rằng", "nói rằng", "khẳng định rằng", "nhấn mạnh rằng", "quả quyết", "lý giải",
        "trích dẫn", "nhắn nhủ", "gửi gắm", "chúc", "thừa nhận", "kể lại", "nói thêm", "viết rằng",
    ]
)  # fmt: skip
# Verbs that are also nouns or parts of other words: speech only before a colon, a comma or the end.
_SPEECH_VERBS_BEFORE_PUNCT = Phrases(
    ["yêu cầu", "đề nghị", "chỉ đạo", "kể", "nêu", "viết", "hỏi", "trao đổi", "ghi nhận", "mong muốn"]
)
_NOT_SPEECH_AFTER = {"nói": frozenset("chung riêng cách".split()), "đánh giá": frozenset(("cao",))}
_BEFORE_QUOTE_REACH = 400  # characters: a speaker further back than this is not in the sentence
_AFTER_QUOTE_REACH = 14  # tokens between a closing mark and "..., Bộ trưởng X nói."
_NAME_LINE_MAX = 10  # tokens of a line like "Bộ trưởng Lê Hoài Trung:"


def quote_spans(text: str) -> list[Span]:
    """Return the spans of the words inside balanced quotation marks, paragraph by paragraph."""
    spans: list[Span] = []
    for para in _PARAGRAPH.finditer(text):
        pos, end = para.start(), para.end()
        while True:
            opening = _OPENING.search(text, pos, end)
            if opening is None:
                break
            mark, inner = opening.group(), opening.end()
            if mark == '"' and (inner >= end or text[inner].isspace()):
                pos = inner  # a straight mark followed by a space closes nothing we saw open
                continue
            close = _closing_at(text, inner, end, _CLOSING[mark])
            if close < 0:
                pos = inner
                continue
            again = text.find(mark, inner, close) if mark != '"' else -1
            if again >= 0:
                pos = again  # the first mark was stray: start again from the second
                continue
            start, stop = inner, close
            while start < stop and text[start].isspace():
                start += 1
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            if stop > start:
                spans.append((start, stop))
            pos = close + 1
    return spans


def _closing_at(text: str, start: int, end: int, closers: str) -> int:
    """Return the offset of the first closing mark in text[start:end], or -1."""
    found = [i for i in (text.find(c, start, end) for c in closers) if i >= 0]
    return min(found) if found else -1


class _Speakers:
    """Find who is quoted, with the people and organizations of the document."""

    def __init__(self, doc: Document, quotes: list[Span]) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = quotes
        self.sentences = doc.sentences
        self._starts = [s for s, _ in self.sentences]
        self.actors = Actors(doc)

    def sentence_of(self, pos: int) -> Span:
        """Return the sentence that holds `pos`, or the paragraph when no sentence does."""
        k = self.doc.sentence_at(pos)
        if k is not None:
            return self.sentences[k]
        line_start = self.text.rfind("\n", 0, pos) + 1
        line_end = self.text.find("\n", pos)
        return line_start, len(self.text) if line_end < 0 else line_end

    def speaker(self, quote: Span, previous: tuple[Span, str | None] | None) -> str | None:
        """Return the speaker of the quote at `quote` (the words inside the marks)."""
        open_at, close_at = quote[0] - 1, quote[1]
        while open_at > 0 and self.text[open_at] not in _CLOSING:
            open_at -= 1  # back over the spaces inside the marks
        while close_at < len(self.text) and self.text[close_at].isspace():
            close_at += 1
        sentence = self.sentence_of(open_at)
        start = max(min(sentence[0], open_at), open_at - _BEFORE_QUOTE_REACH)
        before = tokens_between(self.text, start, open_at)
        before = self._outside_quotes(before, start)
        found = self._speaker_before(before)
        if found is not None:
            speaker, elided = found
            if not elided:
                return speaker
            if previous is not None and "\n" not in self.text[previous[0][1] : open_at]:
                return previous[1]
            return None
        end_sentence = self.sentence_of(min(close_at, len(self.text) - 1) if self.text else 0)
        after = tokens_between(self.text, close_at + 1, max(end_sentence[1], close_at + 1))
        speaker = self._speaker_after(after)
        if speaker is not None:
            return speaker
        if not any(t.is_word for t in before):
            announced = self._speaker_of_line_before(start)
            if announced is None and previous is not None and self._goes_on(previous[0], open_at, close_at):
                return previous[1]
            return announced
        return None

    def _goes_on(self, previous: Span, open_at: int, close_at: int) -> bool:
        """Return whether a quote is a paragraph of its own right after the paragraph of the previous one.

        News goes on quoting the same speaker that way: "“…”, ông nói thêm." then a paragraph
        that is only "“…”."; a paragraph with words of its own around the quote is not that.
        """
        starts = self.text.rfind("\n", 0, open_at) + 1
        if self.text[starts:open_at].strip() or starts == 0:
            return False
        before_starts = self.text.rfind("\n", 0, starts - 1) + 1
        if previous[0] < before_starts:
            return False
        ends = self.text.find("\n", close_at)
        rest = self.text[close_at + 1 : ends if ends >= 0 else len(self.text)]
        return not any(ch.isalnum() for ch in rest)

    def _outside_quotes(self, tokens: list[Token], start: int) -> list[Token]:
        """Return the tokens that are not inside an earlier quote of the same stretch of text."""
        inside = [s for s in self.quotes if start <= s[0] and s[1] <= (tokens[-1].end if tokens else start)]
        if not inside:
            return tokens
        return [t for t in tokens if not any(s <= t.start and t.end <= e for s, e in inside)]

    def _speaker_before(self, tokens: Sequence[Token]) -> tuple[str | None, bool] | None:
        """Return (speaker, elided) from the last speech verb or "Theo X," before a quote."""
        for i in range(len(tokens) - 1, -1, -1):
            if tokens[i].low == "theo" and (i == 0 or tokens[i - 1].text in _CLAUSE_OPENERS):
                comma = next((k for k in range(i + 1, len(tokens)) if tokens[k].text == ","), None)
                if comma is not None and actor_like(tokens, i + 1, comma):
                    return self._name(tokens, i + 1, comma), False
            n = self._speech_verb_at(tokens, i)
            if not n:
                continue
            s_start, s_end = subject_range(tokens, i)
            if s_start >= s_end:
                return None, True
            if actor_like(tokens, s_start, s_end):
                return self._name(tokens, s_start, s_end), False
        return None

    def _speech_verb_at(self, tokens: Sequence[Token], i: int) -> int:
        """Return the length of the speech verb at tokens[i] (0 if none)."""
        n = _SPEECH_VERBS.match(tokens, i)
        if n:
            verb = " ".join(t.low for t in tokens[i : i + n])
            if i + n < len(tokens) and tokens[i + n].low in _NOT_SPEECH_AFTER.get(verb, ()):
                return 0
            return n
        n = _SPEECH_VERBS_BEFORE_PUNCT.match(tokens, i)
        if n and (i + n == len(tokens) or tokens[i + n].text in {":", ",", "."}):
            return n  # "Ông A kể: “…”", "“…”, ông A kể."
        return 0

    def _speaker_after(self, tokens: Sequence[Token]) -> str | None:
        """Return the speaker of "“…”, Bộ trưởng X nói." from the tokens after the closing mark."""
        k = 0
        while k < len(tokens) and tokens[k].text in {",", "-", "–", "—"}:
            k += 1
        if k == 0 and tokens and tokens[0].is_word:
            return None  # the sentence goes on: "“…” là dấu mốc", not an attribution
        for i in range(k + 1, min(len(tokens), k + _AFTER_QUOTE_REACH)):
            if tokens[i].text in {",", ";", ".", "“", '"', "«", "„"}:
                return None
            if self._speech_verb_at(tokens, i):
                s_start, s_end = subject_range(tokens, i, k)
                if actor_like(tokens, s_start, s_end):
                    return self._name(tokens, s_start, s_end)
                return None
        return None

    def _speaker_of_line_before(self, start: int) -> str | None:
        """Return the speaker announced by the sentence before `start` ("Ông A phát biểu:")."""
        k = bisect.bisect_left(self._starts, start) - 1
        if k < 0:
            return None
        prev_start, prev_end = self.sentences[k]
        if not self.text[prev_start:prev_end].rstrip().endswith(":"):
            return None
        tokens = tokens_between(self.text, prev_start, prev_end)
        found = self._speaker_before(tokens[:-1])
        if found is not None:
            return found[0]
        if len(tokens) - 1 <= _NAME_LINE_MAX and actor_like(tokens, 0, len(tokens) - 1):
            return self._name(tokens, 0, len(tokens) - 1)
        return None

    def _name(self, tokens: Sequence[Token], start: int, end: int) -> str | None:
        return self.actors.name(tokens[start].start, tokens[end - 1].end)


# Nouns that introduce a name in quotation marks rather than somebody's words.
_NAMING_NOUNS = (
    "chương trình", "phong trào", "cuộc vận động", "chiến dịch", "dự án", "đề án", "giải thưởng",
    "giải", "chủ đề", "khẩu hiệu", "cuộc thi", "hội thi", "lễ hội", "ngày hội", "tuần lễ", "sự kiện",
    "mô hình", "tên gọi", "danh hiệu", "tác phẩm", "cuốn sách", "bài hát", "ca khúc", "bộ phim",
    "phim", "tọa đàm", "toạ đàm", "hội thảo", "diễn đàn", "chuyên mục", "triển lãm", "chuyên đề",
    "sáng kiến", "quỹ", "nhãn hiệu", "thương hiệu", "biểu tượng", "hành trình", "kỷ niệm chương",
    "cuộc thi viết", "lớp học", "trại hè", "câu lạc bộ", "với tên", "mang tên", "có tên", "gọi là",
)  # fmt: skip
_NAMED_BEFORE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(_NAMING_NOUNS, key=len, reverse=True)) + r")\s*\Z"
)
_NAMING_REACH = 24  # characters before the opening mark that may hold the naming noun


def quote_is_a_name(text: str, span: Span) -> bool:
    """Return whether the quoted words at `span` are the name of a programme, campaign or work."""
    mark = span[0] - 1
    while mark >= 0 and text[mark].isspace():
        mark -= 1
    if mark < 0 or not _OPENING.match(text[mark]):
        return False
    before = text[max(0, mark - _NAMING_REACH) : mark].rstrip().lower()
    return _NAMED_BEFORE.search(before) is not None


def quotes_find(doc: Document) -> list[Quote]:
    """Return the quotes of a document with their speakers, in text order."""
    spans = [span for span in quote_spans(doc.text) if not quote_is_a_name(doc.text, span)]
    if not spans:
        return []
    speakers = _Speakers(doc, spans)
    quotes: list[Quote] = []
    previous: tuple[Span, str | None] | None = None
    for span in spans:
        speaker = speakers.speaker(span, previous)
        quotes.append(Quote(speaker=speaker, text=doc.text[span[0] : span[1]], span=span))
        previous = (span, speaker)
    return quotes


# Verbs that report what someone said without quotation marks: the words after one, to the end
# of its sentence, are that person's statement. Outlets compare these across reports.
REPORTING_VERBS = (
    "nhấn mạnh", "khẳng định", "cho biết", "phát biểu", "nói", "đề nghị", "yêu cầu", "cho rằng",
    "chia sẻ", "bày tỏ", "kêu gọi", "nêu rõ", "chỉ rõ", "lưu ý", "đánh giá", "tuyên bố", "nhận định",
    "đề xuất", "mong muốn", "thông báo", "chỉ đạo",
)  # fmt: skip
_REPORTING_KEYS = tuple(tone_key(v) for v in REPORTING_VERBS)
_PRONOUN = re.compile(r"(?<!\w)(?:ông|bà|đồng chí|anh|chị)(?!\w)")


def _reporter(doc: Document, frame: Span) -> str | None:
    """Return who speaks in a sentence whose words before the verb of saying are `frame`.

    A person named in the frame speaks. Otherwise a pronoun ("ông", "bà", "đồng chí") or one of
    the last-named person's titles ("Thường trực Ban Bí thư đề nghị") refers back to that person;
    any other subject ("Đại diện tổ chức X") is someone else, left unknown.
    """
    inside: tuple[int, str] | None = None
    before: tuple[int, Person] | None = None
    for person in doc.people:
        for start, _ in person.spans:
            if frame[0] <= start < frame[1] and (inside is None or start > inside[0]):
                inside = (start, person.name)
            elif start < frame[0] and (before is None or start > before[0]):
                before = (start, person)
    if inside is not None:
        return inside[1]
    if before is None:
        return None
    words = tone_key(doc.text[frame[0] : frame[1]])
    titles = [tone_key(t) for t in before[1].titles]
    if _PRONOUN.search(words) or any(t and t in words for t in titles):
        return before[1].name
    return None


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _reporting_verbs(low: str) -> list[Span]:
    """Return where a reporting verb stands in the lower-cased text, in order (str.find is cheap)."""
    found: list[Span] = []
    for verb in _REPORTING_KEYS:
        at = low.find(verb)
        while at >= 0:
            found.append((at, at + len(verb)))
            at = low.find(verb, at + 1)
    return sorted(found)


def statements_find(doc: Document) -> list[Statement]:
    """Return the document's quotes and what its reported-speech sentences say, with speakers.

    A sentence's statement follows its first reporting verb standing as words of their own.
    """
    out = [Statement(quote.speaker, quote.span) for quote in doc.quotes]
    # No reporting verb ends in oa/oe/uy, the only syllables whose tone key differs from their
    # lower case, so the lower-cased text finds them at the same offsets.
    low = doc.text.lower()
    if len(low) != len(doc.text):
        low = tone_key(doc.text)
    verbs = _reporting_verbs(low)
    for start, end in doc.sentences or [(0, len(doc.text))]:
        verb = _first_verb(low, verbs, start, end)
        if verb is None:
            continue
        speaker = _reporter(doc, (start, verb[0]))
        out.append(Statement(speaker, (verb[1], end)))
    return out


def _first_verb(low: str, verbs: list[Span], start: int, end: int) -> Span | None:
    """Return the first of `verbs` inside low[start:end] that stands as words of their own."""
    for k in range(bisect.bisect_left(verbs, (start, 0)), len(verbs)):
        a, b = verbs[k]
        if a >= end:
            break
        if b > end:
            continue
        if (a == start or not _is_word_char(low[a - 1])) and (b == end or not _is_word_char(low[b])):
            return a, b
    return None


def quotes_step(doc: Document) -> Document:
    """Add the quotes, each with its speaker when the text states one, and the statements."""
    doc.quotes = quotes_find(doc)
    doc.statements = statements_find(doc)
    return doc
