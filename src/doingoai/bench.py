"""Measure how fast the analysis pipeline reads Vietnamese articles, on one core.

    python -m doingoai.bench --articles 1000 --words 800

The corpus comes from `doingoai.bench_corpus` (synthetic articles, built from a seed) and is
generated before the clock starts. The pipeline is warmed up on one article, so loading the
models is reported apart from the throughput. Articles are then analysed one after the other in
this process, with `analyze_text`, and every named step is timed. The results belong in
docs/benchmarks.md; no test asserts a speed.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from doingoai.analysis.document import Document
from doingoai.analysis.pipeline import StepFunction


def _cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo, or what the platform module knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _cores() -> str:
    total = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return str(total)
    return f"{total} ({usable} usable by this process)" if usable != total else str(total)


def peak_rss_mb() -> float:
    """Return the peak resident memory of this process so far, in MB (ru_maxrss is KB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _timed(name: str, step: StepFunction, totals: dict[str, float]) -> StepFunction:
    """Return `step` wrapped so that the time spent in it is added to totals[name]."""

    def run(doc: Document) -> Document:
        start = time.perf_counter()
        try:
            return step(doc)
        finally:
            totals[name] += time.perf_counter() - start

    return run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m doingoai.bench",
        description="Đo tốc độ phân tích văn bản trên một lõi CPU (measure single-core analysis throughput).",
    )
    parser.add_argument(
        "--articles", type=int, default=1000, help="number of synthetic articles (default 1000)"
    )
    parser.add_argument("--words", type=int, default=800, help="words per article, about (default 800)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus (default 0)")
    parser.add_argument(
        "--segmenters",
        action="store_true",
        help="also time word segmentation alone: underthesea's word_tokenize against WordSegmenter",
    )
    return parser


def segmenters_compare(texts: Sequence[str], say: Callable[[str, str], None]) -> None:
    """Time underthesea's word_tokenize and doingoai's WordSegmenter on the same sentences."""
    from underthesea import sent_tokenize, word_tokenize

    from doingoai.analysis.wordseg import word_segmenter

    sentences = [s for text in texts for s in sent_tokenize(text)]
    fast = word_segmenter()
    word_tokenize("khởi động")  # load the library's model outside the timing

    def library(sentence: str) -> list[str]:
        return list(word_tokenize(sentence, use_token_normalize=False))

    for name, segment in (("underthesea word_tokenize", library), ("WordSegmenter", fast)):
        started = time.perf_counter()
        for sentence in sentences:
            segment(sentence)
        per_article = 1000 * (time.perf_counter() - started) / len(texts)
        say(f"segmentation: {name}", f"{per_article:.2f} ms/article")


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Generate the corpus, run the pipeline over it on one core and print the measurements."""
    args = _parser().parse_args(argv)
    stream = out or sys.stdout
    if args.articles < 1 or args.words < 50:
        stream.write("doingoai.bench: --articles must be at least 1 and --words at least 50\n")
        return 2

    def say(label: str, value: str) -> None:
        stream.write(f"{label:<34} {value}\n")

    from doingoai.bench_corpus import corpus_generate, duplicate_sentence_ratio

    started = time.perf_counter()
    corpus = list(corpus_generate(args.articles, seed=args.seed, words=args.words))
    generated = time.perf_counter() - started
    total_bytes = sum(len(text.encode("utf-8")) for _, text in corpus)
    total_words = sum(len(text.split()) for _, text in corpus)
    rss_corpus = peak_rss_mb()

    say("machine", _cpu_model())
    say("cores", _cores())
    say("python", f"{platform.python_version()} ({platform.python_implementation()}, {platform.system()})")
    say("corpus", f"{len(corpus)} articles, seed {args.seed}, generated in {generated:.2f} s (not counted)")
    say("words", f"{total_words} ({total_words / len(corpus):.0f} per article)")
    say("exact-duplicate sentences", f"{duplicate_sentence_ratio(text for _, text in corpus):.2%}")

    started = time.perf_counter()
    from doingoai.analysis import Pipeline, analyze_text, default_pipeline

    pipeline = default_pipeline()
    analyze_text(corpus[0][1], id=corpus[0][0])
    load = time.perf_counter() - started
    say("load + warm-up (1 article)", f"{load:.2f} s (not counted)")

    totals = {name: 0.0 for name in pipeline.names}
    timed = Pipeline(
        [dataclasses.replace(step, run=_timed(step.name, step.run, totals)) for step in pipeline.steps],
        check=pipeline.check,
    )
    failures: list[str] = []
    started = time.perf_counter()
    for doc_id, text in corpus:
        try:
            analyze_text(text, id=doc_id, pipeline=timed)
        except Exception as exc:  # a benchmark reports every failure and goes on measuring
            failures.append(f"{doc_id}: {type(exc).__name__}: {exc}")
    elapsed = time.perf_counter() - started

    megabytes = total_bytes / 1_000_000
    say("articles", str(len(corpus)))
    say("total MB (UTF-8)", f"{megabytes:.2f}")
    say("seconds", f"{elapsed:.2f}")
    say("articles/s", f"{len(corpus) / elapsed:.1f}")
    say("MB/s", f"{megabytes / elapsed:.3f}")
    say("peak RSS", f"{peak_rss_mb():.0f} MB (after corpus generation: {rss_corpus:.0f} MB)")
    say("failed articles", str(len(failures)))
    for line in failures[:5]:
        stream.write(f"  {line}\n")

    stream.write("\nper step (one core):\n")
    stream.write(f"  {'step':<16} {'seconds':>9} {'share':>7} {'ms/article':>11}\n")
    checks = elapsed - sum(totals.values())
    for name, seconds in [*totals.items(), ("(checks, loop)", checks)]:
        share = seconds / elapsed if elapsed else 0.0
        stream.write(f"  {name:<16} {seconds:>9.3f} {share:>7.1%} {1000 * seconds / len(corpus):>11.2f}\n")
    if args.segmenters:
        stream.write("\n")
        segmenters_compare([text for _, text in corpus], say)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
