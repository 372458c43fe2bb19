"""Benchmark incremental event grouping on generated articles spread over a year.

    python -m doingoai.events.bench --articles 100000

Running the full analysis (segmentation, extractors) on 100,000 articles takes far longer than
grouping them, so the generator builds Documents directly: Vietnamese-like text with the people,
organizations, places and amounts already marked with spans, as the analysis would leave them,
but without word segmentation (features then fall back to syllables). What is timed is what
grouping costs: `features_from_document` and `event_assign`, one document at a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from doingoai.analysis.document import Amount, Document, Organization, Person, Place
from doingoai.events.bcubed import bcubed
from doingoai.events.features import features_from_document
from doingoai.events.grouping import EventWindow

YEAR = 2025
OUTLETS = (
    "TTXVN",
    "VOV",
    "NDO",
    "QĐND",
    "TGVN",
    "VTV",
    "SGGP",
    "HNM",
    "BNA",
    "BQN",
    "VnExpress",
    "Tiền Phong",
)
PROVINCES = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Thành phố Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp",
    "Cà Mau", "An Giang",
)  # fmt: skip
COUNTRIES = (
    "Lào", "Campuchia", "Trung Quốc", "Nhật Bản", "Hàn Quốc", "Ấn Độ", "Nga", "Cuba", "Pháp", "Đức",
    "Hoa Kỳ", "Australia", "Thái Lan", "Indonesia", "Mông Cổ", "Ba Lan", "Hungary", "Italy",
)  # fmt: skip
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Lò Nông Hà".split()
MIDDLE = "Văn Thị Hữu Đức Minh Thanh Quốc Ngọc Thu Xuân Hồng Kim Anh Gia Đình Công Hoài Bảo".split()
GIVEN = (
    "An Bình Cường Dũng Giang Hà Hải Hạnh Hùng Hương Khánh Lan Long Mai Minh Nam Nga Phong Phúc Quang "
    "Sơn Tâm Thảo Thắng Trung Tuấn Tú Vân Việt Yến Hòa Hiếu Lâm Loan Linh Trang Tùng Thành Hưng Đạt"
).split()
ONSETS = "b c ch d đ g gi h kh l m n ng nh ph qu s t th tr v x".split()
RHYMES = (
    "a ai am an ang anh ao at ac ăn ăm âm ân âu ây e em en eo ê ên êu i im in inh ich iêu iên iêt o oa oai "
    "oan oang oc oi om on ong ô ôi ôm ôn ông ơ ơi ơm ơn u ui um un ung uy uyên ư ưa ưng ươi ương ươc"
).split()
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
TOPIC_COUNT = 40
TOPIC_WORDS = 80
EVENT_WORDS = 25
GENERIC_WORDS = 4000
# Event sizes of a news year: most events get one report, a few get dozens.
SIZE_WEIGHTS = ((1, 0.45), (2, 0.2), (3, 0.12), (5, 0.13), (10, 0.08), (25, 0.02))
COPY_SHARE = 0.08


def _syllables(rng: random.Random, count: int) -> list[str]:
    import unicodedata

    out: set[str] = set()
    while len(out) < count:
        syllable = rng.choice(ONSETS) + rng.choice(RHYMES)
        vowel = next((i for i, c in enumerate(syllable) if c in "aăâeêioôơuưy"), 0)
        toned = syllable[: vowel + 1] + rng.choice(TONES) + syllable[vowel + 1 :]
        out.add(unicodedata.normalize("NFC", toned))
    return sorted(out)


@dataclass(frozen=True)
class _EventPlan:
    id: int
    day: dt.date
    size: int
    topic: int
    province: str
    country: str
    people: tuple[str, ...]
    organization: str
    words: tuple[str, ...]
    amount: Decimal


class ArticleGenerator:
    """Generate labelled articles: events with a date, a place, people, an organizer and wording."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        syllables = _syllables(self.rng, 2500)
        words = list({f"{self.rng.choice(syllables)} {self.rng.choice(syllables)}" for _ in range(30000)})
        self.rng.shuffle(words)
        self.generic = words[:GENERIC_WORDS]
        # Zipf-like frequencies: a few words everywhere, most rarely.
        self.generic_weights = [1.0 / (rank + 5) for rank in range(len(self.generic))]
        rest = words[GENERIC_WORDS:]
        self.topics = [rest[i * TOPIC_WORDS : (i + 1) * TOPIC_WORDS] for i in range(TOPIC_COUNT)]
        self.event_pool = rest[TOPIC_COUNT * TOPIC_WORDS :]

    def plan(self, articles: int) -> list[_EventPlan]:
        """Return events whose sizes add up to `articles`, dated over one year."""
        sizes, weights = zip(*SIZE_WEIGHTS, strict=True)
        plans: list[_EventPlan] = []
        total = 0
        while total < articles:
            size = min(self.rng.choices(sizes, weights)[0], articles - total)
            if size > 1:
                size = self.rng.randint(max(2, size // 2), size)
            plans.append(self._event(len(plans), size))
            total += size
        return plans

    def _event(self, number: int, size: int) -> _EventPlan:
        rng = self.rng
        country = rng.choice(COUNTRIES)
        province = rng.choice(PROVINCES)
        people = tuple(
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(rng.randint(2, 4))
        )
        return _EventPlan(
            id=number,
            day=dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365)),
            size=size,
            topic=rng.randrange(TOPIC_COUNT),
            province=province,
            country=country,
            people=people,
            organization=f"Hội Hữu nghị Việt Nam – {country} {province}",
            words=tuple(rng.sample(self.event_pool, EVENT_WORDS)),
            amount=Decimal(rng.randint(5, 500)) * Decimal(100_000),
        )

    def articles(self, plans: Sequence[_EventPlan]) -> Iterator[tuple[Document, int]]:
        """Yield (document, true event id) in publication order."""
        arrivals = sorted(
            (
                (p.day + dt.timedelta(days=self.rng.choice((0, 0, 1, 1, 2, 3))), p.id, k)
                for p in plans
                for k in range(p.size)
            ),
        )
        # An event's first article is kept until its last one is written: later ones may copy it.
        first: dict[int, Document] = {}
        remaining = {p.id: p.size for p in plans}
        for number, (published, event, _) in enumerate(arrivals):
            plan = plans[event]
            if event in first and self.rng.random() < COPY_SHARE:
                doc = self._copy(first[event], number, published)
            else:
                doc = self._article(plan, number, published)
            first.setdefault(event, doc)
            remaining[event] -= 1
            if not remaining[event]:
                del first[event]
            yield doc, event

    def _article(self, plan: _EventPlan, number: int, published: dt.date) -> Document:
        rng = self.rng
        builder = _TextBuilder()
        builder.add(f"Tin {number}\n\ndate {published.isoformat()}\n\n({rng.choice(OUTLETS)}) - ")
        builder.add(f"Ngày {plan.day.day}/{plan.day.month}, tại ")
        builder.mark("place", plan.province)
        builder.add(", ")
        builder.mark("organization", plan.organization)
        builder.add(" tổ chức " + " ".join(rng.sample(self.topics[plan.topic], 4)) + ". ")
        # About 250 syllables: a short news report.
        for sentence in range(rng.randint(5, 8)):
            length = rng.randint(6, 10)
            words = rng.choices(self.generic, self.generic_weights, k=length)
            words += rng.sample(self.topics[plan.topic], 2) + rng.sample(plan.words, 2)
            rng.shuffle(words)
            text = " ".join(words)
            builder.add(text[0].upper() + text[1:] + " ")
            if rng.random() < 0.5:
                builder.mark("person", rng.choice(plan.people))
                builder.add(" cho biết " + " ".join(rng.sample(plan.words, 2)) + " ")
            if sentence == 2 and rng.random() < 0.6:
                builder.add("với tổng kinh phí ")
                builder.mark("amount", f"{plan.amount:,} đồng".replace(",", "."), plan.amount)
                builder.add(" ")
            if rng.random() < 0.2:
                builder.add("cùng đoàn ")
                builder.mark("place", plan.country)
                builder.add(" ")
            builder.add(". ")
        return builder.document(f"g{number}", published, f"Tin {number}")

    def _copy(self, original: Document, number: int, published: dt.date) -> Document:
        # Outlets republish a release with a new tag line and a sentence or two dropped at the end.
        cut = int(len(original.text) * self.rng.uniform(0.85, 1.0))
        text = original.text[:cut]
        doc = Document(text=text, id=f"g{number}", source=self.rng.choice(OUTLETS), published=published)
        doc.title = original.title
        doc.people = [
            Person(p.name, p.titles, [s for s in p.spans if s[1] <= cut])
            for p in original.people
            if any(s[1] <= cut for s in p.spans)
        ]
        doc.organizations = [
            Organization(o.name, [s for s in o.spans if s[1] <= cut])
            for o in original.organizations
            if any(s[1] <= cut for s in o.spans)
        ]
        doc.places = [
            Place(p.name, p.kind, None, [s for s in p.spans if s[1] <= cut])
            for p in original.places
            if any(s[1] <= cut for s in p.spans)
        ]
        doc.amounts = [a for a in original.amounts if a.span[1] <= cut]
        return doc


class _TextBuilder:
    """Build a text piece by piece, recording the spans of the facts written into it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.people: dict[str, list[tuple[int, int]]] = {}
        self.organizations: dict[str, list[tuple[int, int]]] = {}
        self.places: dict[str, list[tuple[int, int]]] = {}
        self.amounts: list[Amount] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def mark(self, kind: str, text: str, value: Decimal | None = None) -> None:
        span = (self.length, self.length + len(text))
        if kind == "amount" and value is not None:
            self.amounts.append(Amount(text, value, "VND", None, None, span))
        else:
            layer = {"person": self.people, "organization": self.organizations, "place": self.places}[kind]
            layer.setdefault(text, []).append(span)
        self.add(text)

    def document(self, id: str, published: dt.date, title: str) -> Document:
        text = "".join(self.parts)
        source_start = text.index("(") + 1
        return Document(
            text=text,
            id=id,
            source=text[source_start : text.index(")", source_start)],
            published=published,
            title=title,
            people=[Person(name, [], spans) for name, spans in self.people.items()],
            organizations=[Organization(name, spans) for name, spans in self.organizations.items()],
            places=[Place(name, "tỉnh", None, spans) for name, spans in self.places.items()],
            amounts=self.amounts,
        )


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _ready(window: EventWindow, positions: list[int], predicted: dict[str, str], *, forget: bool) -> None:
    """Note the final event of each document of the settled events; with `forget`, drop them."""
    for position in positions:
        event = window.index.events[position]
        for member in event.members:
            predicted[member] = event.id
    if forget:
        window.forget(positions)


def bench_run(articles: int, seed: int = 1, *, forget: bool = False) -> dict[str, float]:
    """Generate and group `articles` articles; return timings, memory and quality.

    Events close and are settled as `doingoai analyze` does (`doingoai.events.grouping.EventWindow`);
    with `forget` they are then dropped from the index, so memory follows the open events, not
    the run.
    """
    generator = ArticleGenerator(seed)
    plans = generator.plan(articles)
    window = EventWindow()
    index = window.index
    gold: dict[str, int] = {}
    predicted: dict[str, str] = {}
    features_seconds = assign_seconds = generate_seconds = cpu_seconds = 0.0
    mark = time.perf_counter()
    for doc, event in generator.articles(plans):
        started = time.perf_counter()
        cpu_started = time.process_time()
        generate_seconds += started - mark
        features = features_from_document(doc)
        computed = time.perf_counter()
        _ready(window, window.arrive(features), predicted, forget=forget)
        window.assign(features)
        mark = time.perf_counter()
        cpu_seconds += time.process_time() - cpu_started
        features_seconds += computed - started
        assign_seconds += mark - computed
        gold[doc.id] = event
    started, cpu_started = time.perf_counter(), time.process_time()
    _ready(window, window.finish(), predicted, forget=forget)
    assign_seconds += time.perf_counter() - started
    cpu_seconds += time.process_time() - cpu_started
    scores = bcubed(predicted, gold)
    grouping = features_seconds + assign_seconds
    return {
        "articles": len(gold),
        "true_events": len(plans),
        "found_events": len(index.events_live()) + index.forgotten,
        "generate_s": generate_seconds,
        "features_s": features_seconds,
        "assign_s": assign_seconds,
        "grouping_s": grouping,
        "grouping_cpu_s": cpu_seconds,
        "articles_per_s": len(gold) / grouping if grouping else 0.0,
        "peak_rss_mib": _peak_rss_mib(),
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print one line of results."""
    parser = argparse.ArgumentParser(
        prog="python -m doingoai.events.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--articles", type=int, default=10_000, help="how many articles to generate (10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generator (1)")
    parser.add_argument(
        "--forget", action="store_true", help="close and forget events as `doingoai analyze` does"
    )
    args = parser.parse_args(argv)
    r = bench_run(args.articles, args.seed, forget=args.forget)
    sys.stdout.write(
        f"articles={r['articles']:.0f} events true={r['true_events']:.0f} found={r['found_events']:.0f} "
        f"grouping={r['grouping_s']:.1f}s wall, {r['grouping_cpu_s']:.1f}s CPU "
        f"(features {r['features_s']:.1f}s + assign {r['assign_s']:.1f}s) "
        f"{r['articles_per_s']:.0f} articles/s peak_rss={r['peak_rss_mib']:.0f}MiB "
        f"generation={r['generate_s']:.1f}s (not in grouping) "
        f"B-cubed P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
