from __future__ import annotations

from doingoai.analysis.pipeline import spans_check
from doingoai.events.bench import ArticleGenerator, bench_run


def test_generated_articles_carry_valid_spans_and_labels() -> None:
    generator = ArticleGenerator(seed=3)
    plans = generator.plan(200)
    produced = list(generator.articles(plans))
    assert len(produced) == 200 == sum(p.size for p in plans)
    dates = [doc.published for doc, _ in produced]
    assert dates == sorted(dates)  # articles arrive in publication order
    for doc, _ in produced:
        assert spans_check(doc) is None
        assert doc.places and doc.organizations  # the lead names the venue and the organizer
        assert all(fact.spans for fact in (*doc.people, *doc.places, *doc.organizations))
    assert sum(1 for doc, _ in produced if doc.people) > 100


def test_the_benchmark_groups_generated_events_well() -> None:
    result = bench_run(400, seed=2)
    assert result["articles"] == 400
    assert result["f1"] >= 0.95
    assert result["grouping_s"] > 0 and result["peak_rss_mib"] > 0
