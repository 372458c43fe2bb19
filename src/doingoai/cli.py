"""The `doingoai` command: a thin layer that parses options and calls the library."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from doingoai import __version__


class Progress:
    """Report progress on stderr, at most once a second, so short runs stay quiet."""

    def __init__(self, total: int, stream: TextIO, every: float = 1.0) -> None:
        self.total = total
        self.stream = stream
        self.every = every
        self.started = time.monotonic()
        self.last = self.started

    def step(self, done: int, label: str) -> None:
        """Print `done/total` if enough time has passed since the last report."""
        now = time.monotonic()
        if now - self.last >= self.every or (done == self.total and now - self.started >= self.every):
            rate = done / max(now - self.started, 1e-9)
            self.stream.write(f"[{done}/{self.total}] {rate:.1f} văn bản/giây · {label}\n")
            self.stream.flush()
            self.last = now


def documents_find(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Return the document files under `paths` (sorted per folder) and the paths that do not exist.

    The files are given as text: a run may name 100,000 of them, and a Path costs about 380
    bytes where its text costs about 90.
    """
    from doingoai.analysis.reading import SUFFIXES

    files: list[str] = []
    missing: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            files += [str(f) for f in found]
        elif p.is_file():
            files.append(str(p))
        else:
            missing.append(raw)
    return files, missing


def _analyze_each(files: list[str], err: TextIO) -> Iterator[tuple[str, object]]:
    from doingoai.analysis import AnalysisError, analyze_file

    progress = Progress(len(files), err)
    for i, f in enumerate(files, 1):
        try:
            yield f, analyze_file(f)
        except AnalysisError as exc:
            yield f, exc
        progress.step(i, f)


def cmd_analyze(args: argparse.Namespace) -> int:
    """Analyse files and folders; print JSON or the Markdown brief, each document as it is done."""
    err = sys.stderr
    files, missing = documents_find(args.paths)
    failed = 0
    for raw in missing:
        err.write(f"doingoai: lỗi: {raw}: không có tệp hay thư mục này (no such file or folder)\n")
        failed += 1
    if not files and not missing:
        err.write("doingoai: lỗi: không tìm thấy tệp .txt, .md hay .html nào (no documents found)\n")
        return 2
    from doingoai.events.stream import Spill

    spill = Spill()
    try:
        with _output_open(args.output) as out:
            write = _analyze_json if analyze_format(args.format, args.output) == "json" else _analyze_markdown
            failed += write(files, spill, out, err)
    finally:
        spill.close()
    return 1 if failed else 0


def analyze_format(asked: str | None, output: str | None) -> str:
    """Return the output format: the one asked for, else the output file's (.json), else markdown."""
    if asked:
        return asked
    return "json" if output and output.lower().endswith(".json") else "markdown"


@contextlib.contextmanager
def _output_open(path: str | None) -> Iterator[TextIO]:
    if not path:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as out:
        yield out


def _analyzed(files: list[str], spill: Any, state: dict[str, Any], err: TextIO) -> Iterator[Any]:
    """Yield each document analysed and kept in the spill; count failures in state["failed"]."""
    from doingoai.analysis import Document
    from doingoai.events import EventsError

    for _path, result in _analyze_each(files, err):
        try:
            if isinstance(result, Document):
                spill.put(result)
        except EventsError as exc:
            result = exc
        if not isinstance(result, Document):
            err.write(f"doingoai: lỗi: {result}\n")
            state["failed"] = state.get("failed", 0) + 1
            continue
        yield result


def _analyze_json(files: list[str], spill: Any, out: TextIO, err: TextIO) -> int:
    from doingoai.analysis.output import document_json
    from doingoai.events.output import event_json
    from doingoai.events.stream import JsonListWriter, events_stream

    state: dict[str, Any] = {}
    documents = JsonListWriter(out, "documents", first=True)
    for doc in _analyzed(files, spill, state, err):
        documents.add(document_json(doc))
    documents.close()
    events = JsonListWriter(out, "events", first=False)
    for record in events_stream(spill, spill.arrivals()):
        events.add(event_json(record))
    events.close()
    out.write("\n}\n")
    return int(state.get("failed", 0))


def _analyze_markdown(files: list[str], spill: Any, out: TextIO, err: TextIO) -> int:
    from doingoai.analysis.output import document_markdown
    from doingoai.events.output import event_markdown
    from doingoai.events.stream import events_stream

    state: dict[str, Any] = {}
    # The brief's headings count what follows, so the sections wait in temporary files.
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as sections,
        tempfile.TemporaryFile("w+", encoding="utf-8") as multi,
        tempfile.TemporaryFile("w+", encoding="utf-8") as single,
    ):
        count = 0
        for doc in _analyzed(files, spill, state, err):
            sections.write(("\n" if count else "") + document_markdown(doc))
            count += 1
        numbers = {"multi": 0, "single": 0}
        for record in events_stream(spill, spill.arrivals()):
            several = len(record.documents) > 1
            docs = {d: spill.document(d) for d in record.documents} if several else {}
            kind = "multi" if several else "single"
            numbers[kind] += 1
            text = event_markdown(record, docs, numbers["multi"] if several else 0)
            # One event a line: its newlines escaped, so the singles can be numbered on the way out.
            (multi if several else single).write(json.dumps(text, ensure_ascii=False) + "\n")
        out.write(f"# Bản tin phân tích: {count} văn bản\n")
        sections.seek(0)
        shutil.copyfileobj(sections, out)
        events = numbers["multi"] + numbers["single"]
        out.write(
            f"\n# Sự kiện: {events} sự kiện từ {count} văn bản ({numbers['multi']} sự kiện có nhiều bài)\n\n"
        )
        pending = ""
        for n, text in enumerate(_blocks(multi, single, numbers["multi"]), 1):
            if n > 1:
                out.write(pending + "\n")
            pending = text
        out.write(pending.rstrip() + "\n")
    return int(state.get("failed", 0))


def _blocks(multi: TextIO, single: TextIO, numbered: int) -> Iterator[str]:
    """Yield the events' sections: those of several documents, then the others, numbered on."""
    multi.seek(0)
    for line in multi:
        yield json.loads(line)
    single.seek(0)
    for n, line in enumerate(single, numbered + 1):
        yield json.loads(line).replace("## 0. ", f"## {n}. ", 1)


DJANGO_SETTINGS_MODULE = "doingoai.web.settings"


def django_setup() -> None:
    """Configure Django with the project's settings, unless the caller chose other settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DJANGO_SETTINGS_MODULE)
    import django

    django.setup()


def django_commands() -> list[str]:
    """Return the names of the web platform's management commands (Django's and the project's)."""
    django_setup()
    from django.core.management import get_commands

    return sorted(get_commands())


def django_run(argv: Sequence[str]) -> int:
    """Run a management command (`migrate`, `runserver`, `demo_load`, ...) and return its exit code."""
    django_setup()
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["doingoai", *argv])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run a background task worker (imports) until stopped."""
    django_setup()
    from django.core.management import CommandError

    from doingoai.web import serve

    try:
        serve.worker_run(batch=args.batch, interval=args.interval, queue=args.queue)
    except CommandError as exc:
        sys.stderr.write(f"doingoai: lỗi: {exc}\n")
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the site with gunicorn and, unless --no-worker, a task worker beside it."""
    django_setup()
    from doingoai.web import serve

    sys.stderr.write(f"doingoai serve: http://{args.bind} — Ctrl-C để dừng (to stop)\n")
    return serve.serve(bind=args.bind, workers=args.workers, with_worker=not args.no_worker)


def _django_epilog() -> str:
    names = ", ".join(django_commands())
    wrapped = textwrap.fill(names, width=100, initial_indent="  ", subsequent_indent="  ")
    return (
        "web platform commands (need the database; `doingoai COMMAND --help` for each):\n"
        f"{wrapped}\n\n"
        "The database is SQLite in $DOINGOAI_DATA_DIR (default ./data), or $DATABASE_URL."
    )


def parser_build() -> argparse.ArgumentParser:
    """Return the argument parser of the `doingoai` command."""
    parser = argparse.ArgumentParser(
        prog="doingoai",
        description="doingoai: phân tích văn bản tiếng Việt cho công tác đối ngoại nhân dân.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"doingoai {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    analyze = sub.add_parser(
        "analyze",
        help="Analyse Vietnamese articles (.txt, .md, .html) and print the facts found.",
        description="Analyse files or folders of .txt, .md and .html articles. No database is needed.",
    )
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to analyse")
    analyze.add_argument(
        "--format",
        choices=("json", "markdown"),
        help="output format (default: json for an --output ending in .json, else markdown)",
    )
    analyze.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    analyze.set_defaults(func=cmd_analyze)

    worker = sub.add_parser(
        "worker",
        help="Run a background worker: it takes the queued imports and processes them.",
        description=(
            "Run a task worker on the database queue (needs the database). Run several, on one "
            "machine or many, to process several imports at once. Stops on Ctrl-C or SIGTERM after "
            "the item in hand."
        ),
    )
    worker.add_argument("--batch", action="store_true", help="process the queued tasks, then exit")
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks at an empty queue (1)"
    )
    worker.add_argument("--queue", default="default", help="the queue to process (default)")
    worker.set_defaults(func=cmd_worker)

    from doingoai.web.serve import DEFAULT_BIND, web_workers_default

    serve = sub.add_parser(
        "serve",
        help="Serve the site with gunicorn (static files included) and a worker beside it.",
        description=(
            "Serve the web platform in production: collect the static files, start gunicorn and a "
            "task worker. Ctrl-C stops both. Set DOINGOAI_ALLOWED_HOSTS for a public host name."
        ),
    )
    serve.add_argument("--bind", default=DEFAULT_BIND, metavar="HOST:PORT", help=f"address ({DEFAULT_BIND})")
    serve.add_argument(
        "--workers",
        type=int,
        default=web_workers_default(),
        metavar="N",
        help="gunicorn web processes (default: 2 × cores + 1)",
    )
    serve.add_argument(
        "--no-worker", action="store_true", help="do not start a task worker (run `doingoai worker` apart)"
    )
    serve.set_defaults(func=cmd_serve)

    from doingoai.events.cli import eval_events_parser_add, eval_groups_parser_add

    eval_events_parser_add(sub)
    eval_groups_parser_add(sub)
    from doingoai.analysis.ner_cli import eval_ner_parser_add

    eval_ner_parser_add(sub)

    from doingoai.reports.cli import report_parser_add

    report_parser_add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `doingoai` command and return its exit code.

    The library's own commands (`analyze`, ...) need no database; any other command is a
    management command of the web platform, passed to Django.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = parser_build()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if argv and not argv[0].startswith("-") and argv[0] not in subparsers.choices:
        return django_run(argv)
    if argv[:1] in (["-h"], ["--help"]):
        parser.epilog = _django_epilog()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        sys.stderr.write("doingoai: đã dừng (interrupted)\n")
        return 130
