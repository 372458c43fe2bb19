"""The directives step: sentences and clauses in which an authority assigns or requests work.

A directive is read off a trigger verb, the subject before it and the phrase after it:

    [issuer] giao / yêu cầu / đề nghị / chỉ đạo / phân công [addressees] [chủ trì, phối hợp với ...] [task]

Decisions, conservative on purpose (a missed directive costs less than a list full of speeches):

* Triggers are the verbs "giao", "yêu cầu", "đề nghị", "chỉ đạo" and "phân công", and "chủ trì,
  phối hợp (với)" in a sentence with no other trigger (the form of plans and decisions: "Bộ Ngoại
  giao chủ trì, phối hợp với ... xây dựng đề án"), unless it narrates a past event ("đã chủ trì",
  "do ... chủ trì", a sentence opening with "Ngày 5/3", "Sáng 12/4").
* Not triggers: "đề xuất" and "kiến nghị" (a proposal comes from below), "kêu gọi" (an appeal,
  usually to partners outside the speaker's authority), and "cần" / "phải" in a speech ("Ông nói,
  cần tăng cường phối hợp ..."): guidance without an addressee would drown the real assignments.
* A trigger is a verb only as a word of its own: "giao" in "ngoại giao", "giao lưu", "bàn giao" is
  not (the word layer, and lists of compounds when it is empty); "yêu cầu", "đề nghị", "chỉ đạo"
  are nouns after "các", "đáp ứng", "theo", "sự", "ý kiến", "Ban" ... or before "của", "đối với",
  ", nhiệm vụ" ... Two noun forms still count: "nhấn mạnh yêu cầu + addressee + work", and "Theo
  chỉ đạo của X, Y có trách nhiệm / phải / cần / sẽ ..." (issuer X, lead Y); "Theo chỉ đạo của X, Y
  đã ..." reports work done and does not. The segmenter sometimes glues a verb to the name beside
  it ("giao Hội"); a word with a capitalised syllable is such a slip, not a compound.
* Issuer: the subject before the verb, in its own clause. A person mention there gives the person's
  name; a pronoun ("Ông", "Đồng chí") gives the person last mentioned within three sentences; a bare
  title ("Thường trực Ban Bí thư", "Bộ trưởng") gives the person last mentioned with that title, and
  an honorific with a surname ("bà Kang") the person last mentioned with that name (titles and names
  compare with their diacritics: "Chu" is not "Chủ"); a phrase that is exactly an organization
  mention gives its full name; anything else is kept as written. "Kết luận của Thủ tướng yêu cầu
  ...": the author of a conclusion or direction is the issuer. A clause with no subject ("Đồng thời,
  yêu cầu ...") takes the issuer of the directive just before it. In the passive ("X được giao chủ
  trì ...") X is the lead and the agent, if any ("được Thủ tướng giao"), the issuer.
* Lead and coordinating: the addressees between the verb and the work are split at commas and "và"
  into bodies (a lower-case word with no determiner joins the list before it, so "các đoàn thể, tổ
  chức nhân dân" stays one group and "Bộ Văn hóa, Thể thao và Du lịch" one name). With "chủ trì"
  the lead is the body before it; otherwise the first named body (capitalised or an organization
  mention) leads and the other addressees go to `coordinating`, followed by the bodies after
  "phối hợp với". Generic groups ("các cơ quan, tổ chức, địa phương") are kept as written.
  No addressee ("Phó Thủ tướng yêu cầu đẩy nhanh giải ngân ...") gives lead None.
* Task: everything after the addressees to the end of the sentence, or to the clause where the
  next directive of the same sentence starts. Tasks joined by ";" with one lead stay one directive,
  since "trên cơ sở đó, ..." often chains them.
* Continuations: a sentence right after a directive that opens with a connective and a verb of
  work ("Đồng thời, rà soát ...", "Ngoài ra, kịp thời ...") continues the request; it becomes
  a directive with the same issuer, lead, coordinating bodies and verb (at most three in a row).
* Deadline: the date after "trước", "chậm nhất", "hạn chót", "hoàn thành (trong/vào/trước)" or
  "xong", else the last date after "trong" ("trong quý I/2026"); a horizon ("đến năm 2045") is not
  a deadline. The value is the dates layer's (the end of a period: "2026-06-30", "2026-Q1",
  "2026"); when that layer is empty the dates of the task are read with the dates step's reader.
* References: the references layer inside the task (or the references step's reader on the task).
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from doingoai.analysis.actors import Actors
from doingoai.analysis.clauses import (
    BODY_HEADS,
    CLAUSE_MARKS,
    CONNECTIVES,
    DETERMINERS,
    Phrases,
    Token,
    actor_like,
    subject_range,
    tokens_between,
)
from doingoai.analysis.dates import dates_find
from doingoai.analysis.document import DateMention, Directive, Document, Span
from doingoai.analysis.references import references_find

# --- triggers and phrase lists -------------------------------------------------------------------

_TRIGGER = re.compile(
    r"(?<!\w)(?:giao|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|phân\s+công|chủ\s+trì)(?!\w)", re.IGNORECASE
)
_TRIGGER_HEADS = ("giao", "yêu", "đề", "chỉ", "phân", "chủ")  # the first syllables of the triggers


# Compounds that contain the syllable "giao" but are not the verb of assigning.
_GIAO_AFTER = frozenset(
    "lưu thông thương dịch tiếp hảo hữu lộ diện thoa ban nhận hàng tế kết ước chiến đấu thừa điểm cắt "
    "hòa hoà hoán cảm hợp phối du ca".split()
)
_GIAO_BEFORE = frozenset("ngoại bàn chuyển tâm bang xã kết tuyệt".split())
# Words the segmenter may glue to the verb "giao" without changing its sense.
_GIAO_GLUED = frozenset(("giao cho", "được giao", "giao nhiệm vụ", "giao trách nhiệm"))

# Before a trigger, these words make it a noun ("các yêu cầu", "theo đề nghị", "sự chỉ đạo").
_NOUN_BEFORE = Phrases(
    [
        "các", "những", "mọi", "một", "đáp ứng", "theo", "đúng", "với", "là", "có", "nhiều", "số",
        "về", "đủ", "đạt", "thực hiện", "quán triệt", "bảo đảm", "đảm bảo", "phù hợp", "sự", "ý kiến",
        "ban", "văn bản", "công tác", "tinh thần", "nội dung", "lời", "nhận", "tiếp nhận", "xem xét",
        "giải quyết", "chấp thuận", "đồng ý", "từ chối", "mục tiêu", "thể hiện", "vượt", "trái",
        "phát biểu", "của", "trước", "nêu", "đặt", "này", "đó", "bức thư", "công văn", "tờ trình",
    ]
)  # fmt: skip
_NOUN_BEFORE_CHI_DAO = Phrases(["lãnh đạo", "quản lý", "điều hành", "trực tuyến", "hướng dẫn"])
# Nouns listed with a trigger noun: "mục tiêu, yêu cầu, nhiệm vụ".
_COORDINATED_NOUNS = Phrases(
    [
        "mục tiêu", "nhiệm vụ", "quan điểm", "nguyên tắc", "phương hướng", "giải pháp", "tiêu chí",
        "định hướng", "chỉ tiêu", "lãnh đạo", "kiến nghị", "đề xuất", "ý kiến", "điều kiện",
        "tiêu chuẩn", "quy định", "chủ trương", "chính sách", "nguyện vọng", "đòi hỏi", "điều hành",
        "định hướng", "quản lý", "kiểm tra", "giám sát", "hướng dẫn", "yêu cầu", "đề nghị",
    ]
)  # fmt: skip
# After a trigger, these words make it a noun ("yêu cầu của", "yêu cầu đối với", "yêu cầu đặt ra").
_NOUN_AFTER = Phrases(
    [
        "của", "đối với", "về", "đặt ra", "này", "đó", "nêu trên", "trên", "chung", "cụ thể", "ngày càng",
        "là", "cao", "cấp thiết", "cấp bách", "mới", "nhiệm vụ", "chính đáng", "hợp lý", "nói trên",
        "chính", "quan trọng", "hàng đầu", "tiên quyết", "bắt buộc",
    ]
)  # fmt: skip
# "chỉ đạo hội nghị" directs a meeting; "chỉ đạo sát sao" has no task.
_CHI_DAO_OBJECT = Phrases(
    [
        "hội nghị", "hội thảo", "buổi", "phiên", "lễ", "cuộc", "diễn đàn", "tọa đàm", "toạ đàm",
        "sát sao", "quyết liệt", "điều hành", "kỳ họp", "đại hội", "chương trình",
    ]
)  # fmt: skip

# Words that open the work itself: the addressee list ends where one of them begins.
_WORK = Phrases(
    [
        "chủ trì", "phối hợp", "thực hiện", "tiến hành", "triển khai", "nghiên cứu", "xây dựng",
        "khẩn trương", "tiếp tục", "chủ động", "tích cực", "rà soát", "tổng hợp", "báo cáo", "hướng dẫn",
        "theo dõi", "đôn đốc", "kiểm tra", "hoàn thiện", "hoàn thành", "soạn thảo", "trình", "tham mưu",
        "đề xuất", "xác định", "quán triệt", "nâng cao", "tăng cường", "đẩy mạnh", "phát huy", "bố trí",
        "cung cấp", "hỗ trợ", "sớm", "cần", "phải", "có trách nhiệm", "ban hành", "sơ kết", "tổng kết",
        "xem xét", "giải quyết", "xử lý", "tập trung", "chuẩn bị", "đánh giá", "bảo đảm", "đảm bảo",
        "chú trọng", "quan tâm", "kịp thời", "nghiêm túc", "làm đầu mối", "là đầu mối", "là cơ quan",
        "làm rõ", "mở rộng", "đổi mới", "huy động", "vận động", "thúc đẩy", "tạo điều kiện", "giám sát",
        "thẩm định", "phê duyệt", "cập nhật", "thống kê", "điều chỉnh", "bổ sung", "sửa đổi",
        "khắc phục", "chấn chỉnh", "ngăn chặn", "duy trì", "củng cố", "tranh thủ", "lựa chọn",
        "tiếp nhận", "phổ biến", "tuyên truyền", "công bố", "đón", "làm việc", "tham gia", "nhanh chóng",
        "ưu tiên", "nắm bắt", "phân tích", "dự báo", "kiện toàn", "sắp xếp", "gửi", "nộp", "phản hồi",
        "tiếp thu", "giữ vững", "thường xuyên", "quyết liệt", "coi trọng", "coi", "vào cuộc",
        "không để", "nghiêm cấm", "chỉ đạo", "lập", "mời", "cử", "thành lập", "đề ra", "đưa", "góp phần",
        "phát triển", "kết nối", "lan tỏa", "lan toả", "ứng dụng", "tổ chức thực hiện", "chăm lo",
        "tích hợp", "số hóa", "số hoá", "vận hành", "thu hút", "mở", "chỉnh lý", "khảo sát", "thống nhất",
        "hoàn tất", "tiếp đón", "phục vụ", "trao đổi", "ký kết", "đàm phán", "quan hệ", "giúp", "trực tiếp",
        "đẩy nhanh", "theo sát", "nghiêm", "tôn trọng", "chấm dứt", "ngừng", "dừng", "rút", "hủy bỏ",
        "huỷ bỏ", "kiềm chế", "tuân thủ", "bảo vệ", "bồi thường", "điều tra", "thả", "biên soạn",
    ]
)  # fmt: skip
# "tổ chức" opens the work only before what one organises; elsewhere it is the noun "organisation".
_ORGANISE_WHAT = Phrases(
    [
        "hội nghị", "hội thảo", "diễn đàn", "lễ", "các", "chương trình", "đoàn", "triển khai",
        "thực hiện", "tọa đàm", "toạ đàm", "hoạt động", "sơ kết", "tổng kết", "kỷ niệm", "tuyên truyền",
        "đón", "đợt", "cuộc", "buổi", "gặp", "giao lưu", "tập huấn", "khảo sát", "kiểm tra",
        "đánh giá", "lấy ý kiến", "tốt", "thành công", "những", "một", "ngày", "tuần", "tháng",
    ]
)  # fmt: skip
# Single syllables of _WORK that end compounds they do not start ("chương trình", "thành lập").
_WORK_NOT_AFTER = {
    "trình": frozenset("chương quy lộ tiến công hành giáo đệ tờ".split()),
    "lập": frozenset("thành độc thiết xác".split()),
    "cử": frozenset("bầu ứng tuyển".split()),
    "đưa": frozenset("đón".split()),
    "mở": frozenset("cởi".split()),
}

# Words that a one-syllable body head starts without being that body: "hội nhập", "xã hội".
_HEAD_NOT_BEFORE = {
    "hội": frozenset("nhập nghị thảo đàm tụ viên chứng".split()),
    "bộ": frozenset("phận máy".split()),
    "ban": frozenset("hành đầu ngày".split()),
    "cấp": frozenset("thiết bách độ phép".split()),
    "vụ": frozenset("việc".split()),
    "xã": frozenset("hội".split()),
    "đoàn": frozenset("kết".split()),
    "cục": frozenset("bộ".split()),
    "viện": frozenset("trợ".split()),
    "sở": frozenset("hữu thích".split()),
    "người": frozenset("dân".split()),
    "báo": frozenset("cáo chí".split()),
    "trường": frozenset("hợp".split()),
}
_PASSIVE = frozenset(("được", "bị"))
# Openings of a sentence that narrates an event: "Ngày 5/3, Sở Ngoại vụ chủ trì, phối hợp ...".
_NARRATIVE_OPENINGS = frozenset("ngày sáng chiều tối trưa đêm hôm tuần tháng năm".split())
# Verbs that open the first of two predicates joined by "và" before a trigger: "Lãnh đạo tỉnh cảm
# ơn tổ chức và đề nghị ...", whose issuer is what stands before the first verb.
_FIRST_PREDICATES = Phrases(
    [
        "cảm ơn", "hoan nghênh", "ghi nhận", "đánh giá cao", "biểu dương", "chúc mừng", "trân trọng",
        "bày tỏ", "khen ngợi", "động viên", "thăm", "tiếp", "làm việc", "nghe", "kiểm tra", "khảo sát",
        "trao", "tặng", "chúc", "gửi lời", "phát biểu", "nhấn mạnh", "khẳng định", "chia sẻ", "cho biết",
        "thống nhất", "nhất trí", "ủng hộ", "đánh giá", "chủ trì",
    ]
)  # fmt: skip
# A line that opens with an item's number or letter, up to where its text starts: "1. ", "b) ".
_LIST_ITEM_OPENING = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,2}|[a-zđ])[.)][ \t]*\Z")


def _list_item(text: str, start: int) -> bool:
    """Return whether the words at `start` open an item of a numbered list ("1. …", "b) …")."""
    return _LIST_ITEM_OPENING.search(text, max(start - 200, 0), start) is not None


# A title naming the author of conclusions or directions: "Thông báo kết luận của Thứ trưởng Bộ
# Ngoại giao tại Hội nghị …" (the author ends before "tại", "về", a comma or the end of the line).
_TITLE_AUTHOR = re.compile(
    r"^\s*(?:#+\s*)?(?:thông báo\s+)?(?:kết luận|ý kiến chỉ đạo)\s+của\s+"
    r"(.+?)(?=\s+(?:tại|về|đối với|trong|khi|ngày)\s|\s*[,.:;(]|\s*$)",
    re.IGNORECASE,
)
# Words that make "giao" part of another word: "Bộ Ngoại giao", "bàn giao", "chuyển giao".
_GIAO_COMPOUNDS = frozenset(("ngoại", "bàn", "chuyển"))
# Nouns for a decision or a direction, whose author ("của X") issues what follows.
_DIRECTION_NOUNS = Phrases(
    ["kết luận", "chỉ đạo", "ý kiến chỉ đạo", "thông báo", "chỉ thị", "quyết định", "văn bản"]
)
# "Theo chỉ đạo của UBND tỉnh, Sở Ngoại vụ có trách nhiệm ...": the direction in noun form, then a duty.
_ACCORDING_NOUNS = frozenset(("chỉ đạo", "yêu cầu", "phân công"))
_DUTIES = Phrases(
    ["có trách nhiệm", "chịu trách nhiệm", "phải", "cần", "được giao", "được phân công", "sẽ", "khẩn trương"]
)
_DIRECTIVE_PREFIXES = Phrases(["cho", "nhiệm vụ cho", "trách nhiệm cho", "nhiệm vụ", "trách nhiệm", "với"])

_MAX_ADDRESSEE_TOKENS = 40
_MAX_ADVERBIAL_TOKENS = 8
_CONTINUATIONS_MAX = 3

# --- deadlines --------------------------------------------------------------------------------

# Words that make the date after them a time limit; "đến năm 2045" (a horizon) is not one.
_DEADLINE_CUE = re.compile(
    r"(?<!\w)(?:hoàn\s+thành(?:\s+(?:trong|vào|trước))?|xong(?:\s+(?:trong|trước))?|chậm\s+nhất"
    r"(?:\s+(?:là|vào|trong))?|hạn\s+chót(?:\s+là)?|trước)\s+\Z",
    re.IGNORECASE,
)
# "trong quý I/2026" is a time limit only when no stronger cue is found, and the last one counts,
# since "các dự án kết thúc trong năm 2025" may describe the work before the limit is stated.
_WITHIN_CUE = re.compile(r"(?<!\w)trong\s+\Z", re.IGNORECASE)
# Cue words the dates layer may include at the start of a mention ("trước ngày 30/6/2026").
_MENTION_LEAD = re.compile(
    r"(?:(?:trước|chậm\s+nhất|hạn\s+chót|là|vào|đến|tới|trong|hết|từ|kể\s+từ)\s+)*", re.IGNORECASE
)
_CUE_REACH = 40


# --- the directive of one trigger --------------------------------------------------------------


@dataclass
class _Draft:
    """A directive being read: token positions first, text and names at the end."""

    verb: str
    clause_start: int  # char offset
    task_start: int  # char offset
    issuer: str | None
    lead: str | None
    coordinating: list[str] = field(default_factory=list)


class _Reader:
    """Read the directives of one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.actors = Actors(doc)
        self._words = doc.words  # in text order, as the segment step makes them
        self.concluded_by = self._title_author()

    def _title_author(self) -> str | None:
        """Return who concluded, when the title says so: "Thông báo kết luận của Thứ trưởng X tại …".

        A numbered task of such a notice ("1. Bộ Ngoại giao chủ trì, …") names its lead, not who
        assigned it: that is the author of the conclusions.
        """
        line = self.text[: self.text.find("\n")] if "\n" in self.text else self.text
        match = _TITLE_AUTHOR.search(line[:300])
        if match is None:
            return None
        return self.actors.name(match.start(1), match.end(1)) or match.group(1)

    # -- words

    def _word_containing(self, start: int, end: int) -> Span | None:
        """Return the word of the word layer that contains [start, end), if any."""
        i = bisect.bisect_right(self._words, (start, sys.maxsize)) - 1
        if i < 0:
            return None
        word = self._words[i]
        return word if word[1] >= end else None

    def _glued_to_words(self, start: int, end: int) -> str | None:
        """Return the lower-case word that holds text[start:end] with other lower-case syllables, if any.

        The segmenter sometimes glues a verb to the name next to it ("giao Hội", "Bảo Thuận lập"): a
        word with a capitalised syllable outside [start, end) is such a slip, not a compound.
        """
        word = self._word_containing(start, end) if self._words else None
        if word is None or word == (start, end):
            return None
        outside = self.text[word[0] : start] + " " + self.text[end : word[1]]
        if any(syllable[:1].isupper() for syllable in outside.split()):
            return None
        return " ".join(self.text[word[0] : word[1]].lower().split())

    def _starts_word(self, token: Token) -> bool:
        """Return whether `token` starts a word: False when the word layer puts it inside a compound."""
        glued = self._glued_to_words(token.start, token.end)
        return glued is None or glued.startswith(token.low)

    def _work_at(self, tokens: Sequence[Token], i: int, *, after_colon: bool = False) -> int:
        """Return the length of the verb of work that starts at tokens[i] (0 if none)."""
        tok = tokens[i]
        if tok.capitalized and not after_colon:
            return 0  # "Quỹ Hỗ trợ phát triển": capitalised words belong to names
        if tok.low == "tổ" and i + 1 < len(tokens) and tokens[i + 1].low == "chức":
            if i > 0 and (DETERMINERS.match(tokens, i - 1) or tokens[i - 1].text == ","):
                return 0
            return 2 if _ORGANISE_WHAT.match(tokens, i + 2) else 0
        n = _WORK.match(tokens, i)
        if not n or (n == 1 and not self._starts_word(tok)):
            return 0  # one syllable may end a word ("chương trình"); two rarely straddle words
        if n == 1 and i > 0 and tokens[i - 1].low in _WORK_NOT_AFTER.get(tok.low, ()):
            return 0
        return n

    # -- triggers

    def trigger_is_verb(self, tokens: Sequence[Token], i: int, n: int) -> bool:
        """Return whether the trigger at tokens[i:i+n] is the verb, not a noun or part of a word."""
        verb = " ".join(t.low for t in tokens[i : i + n])
        first, last = tokens[i], tokens[i + n - 1]
        glued = self._glued_to_words(first.start, last.end)
        if glued is not None and glued not in _GIAO_GLUED:
            return False
        nxt = i + n
        if verb == "giao":
            if i > 0 and tokens[i - 1].low in _GIAO_BEFORE:
                return False
            # "giao ban" is a briefing, "giao Ban Điều phối ..." an assignment to a board
            return not (nxt < len(tokens) and tokens[nxt].text in _GIAO_AFTER)
        if nxt >= len(tokens) or tokens[nxt].text in ".;)!?":
            return False
        if verb == "chủ trì":
            return True  # checked by _standalone_lead
        if i > 0 and _NOUN_BEFORE.match_ending(tokens, i):
            return False
        if verb == "chỉ đạo":
            if i > 0 and _NOUN_BEFORE_CHI_DAO.match_ending(tokens, i):
                return False
            if _CHI_DAO_OBJECT.match(tokens, nxt) or tokens[nxt].low in {"và", "của"}:
                return False
        if tokens[nxt].text in {",", "và"} and _COORDINATED_NOUNS.match(tokens, nxt + 1):
            return False
        if i > 0 and tokens[i - 1].text == "," and i > 1 and _COORDINATED_NOUNS.match_ending(tokens, i - 1):
            return False
        return not _NOUN_AFTER.match(tokens, nxt)

    # -- the phrase after the verb

    def _skip_adverbial(self, tokens: Sequence[Token], j: int, end: int) -> int:
        """Return the index after ", trong thời gian tới," that may follow the verb, else j."""
        if j >= end or tokens[j].text != ",":
            return j
        k = j + 1
        while k < end and tokens[k].text != "," and k - j <= _MAX_ADVERBIAL_TOKENS:
            k += 1
        if k < end and tokens[k].text == "," and k > j + 1 and not self._body_starts(tokens, j + 1):
            return k + 1
        return j + 1

    def _body_starts(self, tokens: Sequence[Token], j: int) -> bool:
        """Return whether an addressee (a body, a name or a group) starts at tokens[j]."""
        tok = tokens[j]
        if not tok.is_word:
            return False
        if tok.capitalized or DETERMINERS.match(tokens, j) or self._head_at(tokens, j):
            return not self._work_at(tokens, j, after_colon=True)
        return False

    def _head_at(self, tokens: Sequence[Token], j: int) -> bool:
        """Return whether a lower-case body head ("cơ quan", "lực lượng") is the word at tokens[j]."""
        n = BODY_HEADS.match(tokens, j)
        if not n:
            return False
        compound_tails = _HEAD_NOT_BEFORE.get(tokens[j].low, frozenset())
        if n == 1 and j + 1 < len(tokens) and tokens[j + 1].low in compound_tails:
            return False
        # "hội nhập": the word goes on after the head, so the head is only its first syllable
        glued = self._glued_to_words(tokens[j].start, tokens[j + n - 1].end)
        head = " ".join(t.low for t in tokens[j : j + n])
        return glued is None or not glued.startswith(head + " ")

    def _bodies_until_work(
        self, tokens: Sequence[Token], j: int, end: int, *, closed: bool = False
    ) -> tuple[list[Span], int]:
        """Return the bodies listed from tokens[j] up to the work, and the index where the work starts.

        `closed` says that the list ends at `end` (a passive subject): otherwise a list that runs
        to `end` with no verb of work after it keeps only the body at its start.
        """
        orgs = self.actors.organization_spans(tokens[j].start, tokens[end - 1].end) if j < end else []
        org_end = {s: e for s, e, _ in orgs}
        k = j
        pieces: list[tuple[int, int]] = []  # token ranges
        piece_start = j
        while k < end and k - j < _MAX_ADDRESSEE_TOKENS:
            tok = tokens[k]
            if tok.start in org_end:  # an organization mention is one body, whatever its words
                stop = org_end[tok.start]
                while k < end and tokens[k].start < stop:
                    k += 1
                continue
            if tok.text in {",", ";"} or tok.low in {"và", "cùng"}:
                if k > piece_start:
                    pieces.append((piece_start, k))
                piece_start = k + 1
                k += 1
                continue
            if tok.text == "(":  # "(VUFO)": an abbreviation stays with its body
                close = next((c for c in range(k + 1, min(k + 8, end)) if tokens[c].text == ")"), None)
                if close is not None:
                    k = close + 1
                    continue
            if tok.text in {":", "(", ")"} or (k > j and self._work_at(tokens, k)):
                break
            k += 1
        ran_out = k >= end or k - j >= _MAX_ADDRESSEE_TOKENS
        if ran_out and not (closed and k >= end):
            # no verb of work closes the list: keep the body at its start and call the rest the work
            org_stop = org_end.get(tokens[j].start)
            if org_stop is None:
                stop = _name_end(tokens, j, end)
            else:
                stop = next((i for i in range(j, end) if tokens[i].start >= org_stop), end)
            return ([(tokens[j].start, tokens[stop - 1].end)] if stop > j else []), stop
        if k > piece_start:
            pieces.append((piece_start, k))
        return self._merge_pieces(tokens, pieces), k

    def _merge_pieces(self, tokens: Sequence[Token], pieces: list[tuple[int, int]]) -> list[Span]:
        """Return char spans of the bodies; a piece that cannot stand alone joins the one before."""
        merged: list[tuple[int, int, bool]] = []  # token range, named
        for a, b in pieces:
            named = tokens[a].capitalized
            head = bool(DETERMINERS.match(tokens, a) or BODY_HEADS.match(tokens, a))
            if merged:
                pa, _pb, prev_named = merged[-1]
                joins_group = not named and not DETERMINERS.match(tokens, a) and not prev_named
                joins_name = named and not head and prev_named and not self._is_org_start(tokens[a].start)
                if joins_group or joins_name:
                    merged[-1] = (pa, b, prev_named)
                    continue
            merged.append((a, b, named))
        return [(tokens[a].start, tokens[b - 1].end) for a, b, _ in merged]

    def _is_org_start(self, pos: int) -> bool:
        return any(s == pos for s, _e, _o in self.actors.organization_spans(pos, len(self.text)))

    def _body_name(self, span: Span) -> str:
        """Return the full name of a body: the organization when the mention is exact, else as written."""
        org = self.actors.organization_exactly(*span)
        if org is not None:
            return org.name
        person = self.actors.person_in(*span)
        if person is not None and any(s <= span[0] and e >= span[1] for s, e in person.spans):
            return person.name
        return self.text[span[0] : span[1]]

    def _is_named(self, span: Span) -> bool:
        return self.text[span[0]].isupper() or self.actors.organization_exactly(*span) is not None

    # -- one sentence

    def sentence_drafts(
        self, sentence: Span, hits: list[re.Match[str]], previous: _Draft | None
    ) -> list[_Draft]:
        """Return the directives of one sentence, given the trigger matches inside it."""
        tokens = tokens_between(self.text, *sentence)
        index_of = {t.start: k for k, t in enumerate(tokens)}
        verbs: list[tuple[int, int]] = []
        according: _Draft | None = None
        for hit in hits:
            i = index_of.get(hit.start())
            n = len(hit.group().split())
            if i is not None and self.trigger_is_verb(tokens, i, n):
                verbs.append((i, n))
            elif i is not None and according is None:
                according = self._according_to(tokens, i, n)
        if not verbs and according is not None:
            according.clause_start = sentence[0]
            return [according]
        if any(tokens[i].low != "chủ" for i, _ in verbs):
            verbs = [(i, n) for i, n in verbs if tokens[i].low != "chủ"]
        else:
            verbs = verbs[:1]  # "chủ trì, phối hợp" stands alone only once, with no other trigger
        drafts: list[_Draft] = []
        last_verb = -1
        for i, n in verbs:
            if drafts and self._embedded(tokens, last_verb, i):
                continue
            draft = self._read(tokens, i, n, drafts[-1] if drafts else previous)
            if draft is None:
                continue
            draft.clause_start = self._clause_start(tokens, last_verb, i) if drafts else sentence[0]
            drafts.append(draft)
            last_verb = i
        return drafts

    def _according_to(self, tokens: Sequence[Token], i: int, n: int) -> _Draft | None:
        """Return the directive of "Theo chỉ đạo của X, Y có trách nhiệm ...", or None.

        Only a duty or the future counts ("có trách nhiệm", "phải", "cần", "sẽ"): "Theo chỉ đạo của
        Thủ tướng, Bộ đã ..." reports work done, and "Theo đề nghị của ..." an act on a proposal.
        """
        verb = " ".join(t.low for t in tokens[i : i + n])
        if verb not in _ACCORDING_NOUNS or i == 0 or tokens[i - 1].low != "theo":
            return None
        of = i + n
        if of >= len(tokens) or tokens[of].low != "của":
            return None
        comma = next((k for k in range(of + 1, min(of + 16, len(tokens))) if tokens[k].text == ","), None)
        if (
            comma is None
            or comma == of + 1
            or comma + 1 >= len(tokens)
            or not self._body_starts(tokens, comma + 1)
        ):
            return None
        for d in range(comma + 2, min(comma + 22, len(tokens))):
            if tokens[d].text in CLAUSE_MARKS or tokens[d].low in {"đã", "vừa"}:
                return None
            duty = _DUTIES.match(tokens, d)
            if duty:
                break
        else:
            return None
        bodies, _stop = self._bodies_until_work(tokens, comma + 1, d, closed=True)
        lead, others = self._lead_of(bodies)
        j = d + duty
        j += _DIRECTIVE_PREFIXES.match(tokens, j)
        if j >= len(tokens) or not any(t.is_word for t in tokens[j:]):
            return None
        return _Draft(
            verb=verb,
            clause_start=tokens[0].start,
            task_start=tokens[j].start,
            issuer=self._actor(tokens, of + 1, comma),
            lead=lead,
            coordinating=others,
        )

    @staticmethod
    def _clause_start(tokens: Sequence[Token], previous_verb: int, i: int) -> int:
        """Return where the clause of the trigger tokens[i] starts, after the directive before it."""
        semicolon = next((k for k in range(i - 1, previous_verb, -1) if tokens[k].text == ";"), None)
        k = i
        while k > previous_verb + 1 and tokens[k - 1].text not in CLAUSE_MARKS:
            k -= 1
        if semicolon is not None:
            k = semicolon + 1
        return tokens[k].start

    def _embedded(self, tokens: Sequence[Token], previous_verb: int, i: int) -> bool:
        """Return whether a trigger belongs to the work of the directive before it in the sentence."""
        if any(t.text == ";" for t in tokens[previous_verb:i]):
            return False
        start = i
        while start > previous_verb + 1 and tokens[start - 1].text not in CLAUSE_MARKS:
            start -= 1
        if start == i or tokens[start - 1].text not in CLAUSE_MARKS:
            return True  # "yêu cầu các bộ nghiên cứu, đề nghị Chính phủ ...": part of the work
        return not (CONNECTIVES.match(tokens, start) or actor_like(tokens, start, i))

    def _read(self, tokens: Sequence[Token], i: int, n: int, previous: _Draft | None) -> _Draft | None:
        """Return the directive whose trigger is tokens[i:i+n], or None when it is not one."""
        verb = " ".join(t.low for t in tokens[i : i + n])
        s_start, s_end = subject_range(tokens, i)
        if verb == "chủ trì":
            return self._standalone_lead(tokens, i, s_start, s_end)
        # "Thông báo kết luận của Thủ tướng yêu cầu ...": the one who concluded is the issuer
        of = next((k for k in range(s_end - 2, s_start, -1) if tokens[k].low == "của"), None)
        if of is not None and _DIRECTION_NOUNS.match_ending(tokens, of, s_start):
            s_start = of + 1
        passive_at = next((k for k in range(s_end - 1, s_start - 1, -1) if tokens[k].low in _PASSIVE), None)
        issuer: str | None
        lead_spans: list[Span] = []
        if passive_at is not None:
            lead_start, lead_end = subject_range(tokens, passive_at, s_start)
            if lead_start >= lead_end or (
                lead_end - lead_start <= 2 and not actor_like(tokens, lead_start, lead_end)
            ):
                return None  # "nhiệm vụ được giao": a relative clause, not an assignment
            lead_spans = self._bodies_until_work(tokens, lead_start, lead_end, closed=True)[0]
            agent = (passive_at + 1, s_end)
            issuer = self._actor(tokens, *agent) if agent[0] < agent[1] else None
        elif s_start < s_end and tokens[s_end - 1].low == "và":
            # "X cảm ơn ... và đề nghị": X is the issuer, if the first verb is known; otherwise
            # none rather than a subject running through the first predicate.
            first = next(
                (k for k in range(s_start + 1, s_end - 1) if _FIRST_PREDICATES.match(tokens, k)), None
            )
            issuer = self._actor(tokens, s_start, first) if first is not None else None
        elif s_start < s_end:
            issuer = self._actor(tokens, s_start, s_end)
        else:
            issuer = previous.issuer if previous is not None else None
        end = len(tokens)
        j = i + n
        prefix = _DIRECTIVE_PREFIXES.match(tokens, j)
        j += prefix
        j = self._skip_adverbial(tokens, j, end)
        if j < end and tokens[j].text == ":":
            j += 1
        if passive_at is None and j < end and self._body_starts(tokens, j):
            lead_spans, j = self._bodies_until_work(tokens, j, end)
        elif verb == "giao" and passive_at is None and not prefix:
            return None  # "giao đất", "giao hàng": handing over, not assigning
        elif passive_at is None and i + n < end and tokens[i + n].low == "cho":
            return None  # "Chỉ đạo cho 6 tháng cuối năm": a heading, no one is addressed
        elif passive_at is not None and not (j < end and (self._work_at(tokens, j) or prefix)):
            return None
        j, partners = self._lead_and_partners(tokens, j, end)
        if j < end and tokens[j].low in {"nhiệm", "trách"}:  # "giao Bộ X nhiệm vụ ..."
            j += _DIRECTIVE_PREFIXES.match(tokens, j)
        while j < end and tokens[j].text in {",", ":", "-"}:
            j += 1
        if j >= end or not any(t.is_word for t in tokens[j:]):
            return None
        lead, others = self._lead_of(lead_spans)
        return _Draft(
            verb=verb,
            clause_start=tokens[0].start,
            task_start=tokens[j].start,
            issuer=issuer,
            lead=lead,
            coordinating=[*others, *(self._body_name(s) for s in partners)],
        )

    def _lead_and_partners(self, tokens: Sequence[Token], j: int, end: int) -> tuple[int, list[Span]]:
        """Return the index after "chủ trì, phối hợp với ...", and the bodies named after "với"."""
        if j < end and tokens[j].low == "chủ" and j + 1 < end and tokens[j + 1].low == "trì":
            k = j + 2
            while k < end and tokens[k].text == ",":
                k += 1
            if k < end and tokens[k].low == "phối":
                j = k
            elif k < end:
                return k, []
        if j + 1 < end and tokens[j].low == "phối" and tokens[j + 1].low == "hợp":
            k = j + 2
            while k < end and tokens[k].low in {"chặt", "chẽ", "với", "cùng", ","}:
                k += 1
            if k < end and self._body_starts(tokens, k):
                bodies, after = self._bodies_until_work(tokens, k, end)
                return after, bodies
        return j, []

    def _lead_of(self, spans: list[Span]) -> tuple[str | None, list[str]]:
        """Return the lead among the addressees (the first named one) and the other addressees."""
        if not spans:
            return None, []
        lead_index = next((k for k, s in enumerate(spans) if self._is_named(s)), 0)
        names = [self._body_name(s) for s in spans]
        return names[lead_index], names[:lead_index] + names[lead_index + 1 :]

    def _standalone_lead(self, tokens: Sequence[Token], i: int, s_start: int, s_end: int) -> _Draft | None:
        """Return the directive of "X chủ trì, phối hợp với Y ...", the form of plans and decisions."""
        k = i + 2
        while k < len(tokens) and tokens[k].text == ",":
            k += 1
        partnered = k + 1 < len(tokens) and tokens[k].low == "phối" and tokens[k + 1].low == "hợp"
        # An item of a numbered list of tasks ("2. Liên hiệp … chủ trì xây dựng kế hoạch …") assigns
        # without naming partners; in running text "X chủ trì hội nghị" only says who hosted.
        if not partnered and not (
            _list_item(self.text, tokens[s_start].start) and k < len(tokens) and self._work_at(tokens, k)
        ):
            return None
        before = {t.low for t in tokens[max(s_start - 1, 0) : i]}
        if before & {"đã", "do", "vừa", "được", "từng"} or tokens[0].low in _NARRATIVE_OPENINGS:
            return None
        if s_start >= s_end or not actor_like(tokens, s_start, s_end):
            return None
        if any(
            tokens[n].text == "giao" and (n == 0 or tokens[n - 1].low not in _GIAO_COMPOUNDS)
            for n in range(s_start, s_end)
        ):
            return None  # "X giao Y chủ trì": the assignment was refused above, the lead is no subject
        j, partners = self._lead_and_partners(tokens, i, len(tokens))
        while j < len(tokens) and tokens[j].text == ",":
            j += 1
        if j >= len(tokens) or not any(t.is_word for t in tokens[j:]):
            return None
        return _Draft(
            verb="chủ trì",
            clause_start=tokens[0].start,
            task_start=tokens[j].start,
            issuer=self.concluded_by,
            lead=self._body_name((tokens[s_start].start, tokens[s_end - 1].end)),
            coordinating=[self._body_name(s) for s in partners],
        )

    def _actor(self, tokens: Sequence[Token], start: int, end: int) -> str | None:
        return self.actors.name(tokens[start].start, tokens[end - 1].end)

    # -- continuations

    def continuation_task_start(self, sentence: Span) -> int | None:
        """Return where the work starts in "Đồng thời, rà soát ...", or None if the sentence is not one."""
        tokens = tokens_between(self.text, sentence[0], min(sentence[1], sentence[0] + 200))
        n = CONNECTIVES.match(tokens, 0)
        if not n or n >= len(tokens) or tokens[n].text != ",":
            return None
        k = n + 1
        if k < len(tokens) and self._work_at(tokens, k):
            return tokens[k].start
        return None

    # -- the facts

    def directive(self, draft: _Draft, task_end: int) -> Directive | None:
        """Return the Directive of a draft whose task ends at `task_end`."""
        end = _trim_end(self.text, draft.task_start, task_end)
        if end <= draft.task_start:
            return None
        return Directive(
            issuer=draft.issuer,
            lead=draft.lead,
            coordinating=list(draft.coordinating),
            task=self.text[draft.task_start : end],
            deadline=self._deadline(draft.task_start, end),
            span=(draft.clause_start, end),
            verb=draft.verb,
            references=self._references(draft.task_start, end),
        )

    def _deadline(self, start: int, end: int) -> str | None:
        """Return the ISO date of the time limit stated in text[start:end], if any."""
        if self.doc.dates:
            mentions = [m for m in self.doc.dates if start <= m.span[0] and m.span[1] <= end]
        else:  # the dates step has not run: read the dates of the task alone
            mentions = [
                DateMention(m.text, m.date, (m.span[0] + start, m.span[1] + start))
                for m in dates_find(self.text[start:end], self.doc.published)
            ]
        within: str | None = None
        for mention in mentions:
            lead = _MENTION_LEAD.match(mention.text)
            core = mention.span[0] + (lead.end() if lead else 0)
            before = self.text[max(start, core - _CUE_REACH) : core]
            limit = mention.date.rsplit("/", 1)[-1]
            if limit == "..":
                continue  # "từ ngày 1/7/2025": a start, not a limit
            if _DEADLINE_CUE.search(before):
                return limit
            if _WITHIN_CUE.search(before):
                within = limit
        return within

    def _references(self, start: int, end: int) -> list[str]:
        """Return the documents referred to in text[start:end]."""
        if self.doc.references:
            return [r.text for r in self.doc.references if start <= r.span[0] and r.span[1] <= end]
        return [r.text for r in references_find(self.text[start:end])]


# Lower-case words inside names of bodies: "Liên hiệp các tổ chức hữu nghị tỉnh Nghệ An".
_NAME_INNER = frozenset("các tổ chức hữu nghị nhân dân tỉnh thành phố xã phường đặc khu về".split())


def _name_end(tokens: Sequence[Token], j: int, end: int) -> int:
    """Return where the body named from tokens[j] ends, when no verb of work marks it.

    A name is capitalised words ("Cục Lãnh sự": the second syllable of a word may be lower case);
    a group is a determiner and a head ("các đơn vị").
    """
    k = j
    if not tokens[j].capitalized:
        k += DETERMINERS.match(tokens, k)
        k += BODY_HEADS.match(tokens, k) if k < end else 0
        if k >= end or not tokens[k].capitalized:
            return k  # "các đơn vị"; with a name after the head, "phía Trung Quốc", go on
    k += 1
    while k < end and tokens[k].is_word:
        if not (tokens[k].capitalized or tokens[k - 1].capitalized or tokens[k].low in _NAME_INNER):
            break
        k += 1
    if k + 2 < end and tokens[k].text == "(" and tokens[k + 1].capitalized:  # "Đài Loan (Trung Quốc)"
        close = next((c for c in range(k + 2, min(k + 8, end)) if tokens[c].text == ")"), None)
        if close is not None:
            k = close + 1
    return k


def _trim_end(text: str, start: int, end: int) -> int:
    """Return `end` moved back over spaces and the punctuation that closes a clause."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".;,:!?…-–"):
        end -= 1
    return end


# --- the step ----------------------------------------------------------------------------------


def _trigger_hits(text: str) -> list[re.Match[str]]:
    """Return the trigger words of the text, in order (str.find first: a regex scan costs more)."""
    low = text.lower()
    if len(low) != len(text):  # a rare letter changes length in lower case: offsets would drift
        return list(_TRIGGER.finditer(text))
    hits: list[re.Match[str]] = []
    for head in _TRIGGER_HEADS:
        at = low.find(head)
        while at >= 0:
            hit = _TRIGGER.match(text, at)
            if hit:
                hits.append(hit)
            at = low.find(head, at + 1)
    hits.sort(key=lambda hit: hit.start())
    return hits


def _giao_compound(text: str, hit: re.Match[str]) -> bool:
    """Return whether a "giao" is plainly part of "ngoại giao", "giao lưu" ... (a cheap first filter)."""
    if len(hit[0]) != len("giao"):
        return False
    before = text[max(hit.start() - 8, 0) : hit.start()].split()
    after = text[hit.end() : hit.end() + 8].split()
    if before and before[-1].lower() in _GIAO_BEFORE:
        return True
    return bool(after) and after[0].rstrip(",.;:") in _GIAO_AFTER


def directives_find(doc: Document) -> list[Directive]:
    """Return the directives of a document, in text order."""
    hits = [hit for hit in _trigger_hits(doc.text) if not _giao_compound(doc.text, hit)]
    if not hits:
        return []
    reader = _Reader(doc)
    sentences = doc.sentences
    by_sentence: dict[int, list[re.Match[str]]] = {}
    for hit in hits:
        k = doc.sentence_at(hit.start())
        if k is not None and hit.end() <= sentences[k][1]:
            by_sentence.setdefault(k, []).append(hit)
    found: list[Directive] = []
    previous: _Draft | None = None
    previous_sentence = -2
    continued_until = -1
    for k in sorted(by_sentence):
        if k <= continued_until:
            continue
        carried = previous if k == previous_sentence + 1 else None
        drafts = reader.sentence_drafts(sentences[k], by_sentence[k], carried)
        if not drafts:
            continue
        for d, nxt in zip(drafts, [*drafts[1:], None], strict=True):
            directive = reader.directive(d, nxt.clause_start if nxt else sentences[k][1])
            if directive is not None:
                found.append(directive)
        previous, previous_sentence = drafts[-1], k
        continued_until = k
        for c in range(k + 1, min(k + 1 + _CONTINUATIONS_MAX, len(sentences))):
            if c in by_sentence and reader.sentence_drafts(sentences[c], by_sentence[c], None):
                break
            task_start = reader.continuation_task_start(sentences[c])
            if task_start is None:
                break
            continued = _Draft(
                verb=previous.verb,
                clause_start=sentences[c][0],
                task_start=task_start,
                issuer=previous.issuer,
                lead=previous.lead,
                coordinating=list(previous.coordinating),
            )
            directive = reader.directive(continued, sentences[c][1])
            if directive is not None:
                found.append(directive)
            continued_until = c
        previous_sentence = continued_until
    return found


def directives_step(doc: Document) -> Document:
    """Add the directives: who assigns what work to whom, by when."""
    doc.directives = directives_find(doc)
    return doc
