"""The library's part of the annual report: the year's documents, outlets and events.

The documents are those published in the year that the user may read
(`doingoai.library.selectors.documents_of_year`; for a unit's report, only that unit's library).
Every count's sources are the ids of the documents it counts; an event's figure is the number of
its documents of the year.
"""

from __future__ import annotations

from django.urls import reverse

from doingoai.library.selectors import YearEvent, documents_of_year, events_of_documents
from doingoai.reports.content import (
    AppendixRef,
    Contribution,
    Figure,
    Paragraph,
    ReportContext,
    Run,
    Source,
    Table,
)
from doingoai.reports.numbers import number_vi

MAIN_EVENTS = 5
APPENDIX_EVENTS = 30
# The key of the appendix listing the events, for the text that refers to it.
EVENTS_APPENDIX = "library.events"


class LibraryProvider:
    """Contribute the communication results: counts of documents, outlets and events, and the main events."""

    name = "library"
    data_label = "thư viện văn bản (tin bài, văn bản đã nhập và các sự kiện gom từ chúng)"

    def contributions(self, context: ReportContext) -> list[Contribution]:
        """Return the communication paragraphs and the events' table, or [] without documents."""
        documents = list(documents_of_year(user=context.user, year=context.year, unit=context.unit))
        if not documents:
            return []
        ids = tuple(d.pk for d in documents)
        label = f"Các văn bản đăng năm {context.year} trong thư viện"
        # The list's own date filters give the same year (the unit's library has no filter there).
        year = context.year
        year_list = f"{reverse('library:document_list')}?date_from={year}-01-01&date_to={year}-12-31"
        # The list has no filter of a unit's library, of an outlet known or not, nor of an event's
        # documents of one year: those notes say their page lists other documents too.
        every = Source("document", ids, label, context.link(year_list), url_exact=context.unit is None)

        def figure(key: str, value: int, unit: str, op: str, source: Source = every) -> Figure:
            return Figure(key, value, unit, number_vi(value), (source,), {"op": op})

        events = events_of_documents(documents)
        total = figure("library.documents", len(ids), "bài viết", "count")
        # An article whose outlet is unknown names no outlet: it is counted apart, not as one more.
        signed = tuple(d.pk for d in documents if d.source)
        unsigned = tuple(d.pk for d in documents if not d.source)
        counted = figure("library.events", len(events), "sự kiện", "events")
        opening: list[Run] = [f"Trong năm {context.year}, thư viện văn bản ghi nhận ", total, " bài viết"]
        if signed:
            source = Source(
                "document",
                signed,
                f"{label} có ghi cơ quan báo chí",
                every.url,
                url_exact=every.url_exact and not unsigned,
            )
            outlets = figure(
                "library.outlets",
                len({d.source for d in documents if d.source}),
                "cơ quan báo chí",
                "outlets",
                source,
            )
            opening += [" của ", outlets, " cơ quan báo chí"]
        if unsigned:
            source = Source(
                "document",
                unsigned,
                f"{label} không rõ cơ quan báo chí",
                every.url,
                url_exact=every.url_exact and not signed,
            )
            opening += [" (", figure("library.unsigned", len(unsigned), "bài viết", "count", source)]
            opening.append(" bài không rõ nguồn)" if signed else " bài, đều không rõ nguồn)")
        ranked = sorted(
            events,
            key=lambda e: (-len(e.outlets), -len(e.documents), e.event.date is None, e.event.pk),
        )
        per_event = {e.event.pk: self._event_figure(context, e) for e in ranked[:APPENDIX_EVENTS]}
        results: list[Paragraph | Table] = [
            Paragraph(
                [
                    *opening,
                    ", phản ánh ",
                    counted,
                    f" sự kiện đối ngoại nhân dân của {context.subject}.",
                ]
            )
        ]
        main = [e for e in ranked[:MAIN_EVENTS] if len(e.outlets) > 1]
        if main:
            runs: list[Run] = ["Các sự kiện được nhiều cơ quan báo chí đưa tin nhất: "]
        else:  # no event was reported by two outlets: the events with most articles stand for the year
            main = [e for e in ranked[:MAIN_EVENTS] if len(e.documents) > 1] or ranked[:1]
            runs = ["Các sự kiện được đưa tin nhiều nhất: " if len(main) > 1 else "Sự kiện tiêu biểu: "]
        for position, event in enumerate(main):
            when = f", ngày {event.event.date:%d/%m/%Y}" if event.event.date else ""
            runs += [
                ("; " if position else "") + f"“{event.title}”{when} (",
                per_event[event.event.pk],
                " bài của " + ", ".join(event.outlets) + ")",
            ]
        runs += [" (danh sách tại ", AppendixRef(EVENTS_APPENDIX), ")."]
        results.append(Paragraph(runs))
        table = Table(
            title="Các sự kiện được đưa tin nhiều nhất trong năm",
            headers=["Sự kiện", "Ngày", "Cơ quan báo chí đưa tin", "Số bài"],
            rows=[
                [
                    e.title,
                    f"{e.event.date:%d/%m/%Y}" if e.event.date else "",
                    ", ".join(e.outlets),
                    per_event[e.event.pk],
                ]
                for e in ranked[:APPENDIX_EVENTS]
            ],
            widths=[5.0, 1.8, 4.0, 1.4],
            key=EVENTS_APPENDIX,
        )
        situation = Paragraph(
            [
                "Về thông tin đối ngoại, báo chí đã đưa ",
                total,
                " bài viết về ",
                counted,
                " sự kiện trong năm.",
            ]
        )
        return [
            Contribution("situation", "", [situation]),
            Contribution("results.communication", "", results),
            Contribution("appendix", "", [table]),
        ]

    @staticmethod
    def _event_figure(context: ReportContext, event: YearEvent) -> Figure:
        ids = tuple(d.pk for d in event.documents)
        link = context.link(reverse("library:event_detail", args=[event.event.pk]))
        source = Source(
            "document", ids, f"Các bài năm {context.year} về sự kiện “{event.title}”", link, url_exact=False
        )
        return Figure(
            f"library.event.{event.event.pk}.documents",
            len(ids),
            "bài viết",
            number_vi(len(ids)),
            (source,),
            {"op": "count"},
        )


provider = LibraryProvider()
