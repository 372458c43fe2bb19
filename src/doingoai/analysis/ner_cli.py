"""The `doingoai eval-ner PATH` command: score places, organizations and dates on a public NER corpus."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def eval_ner_parser_add(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `eval-ner` command to the `doingoai` subparsers and return its parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "eval-ner",
        help="Score places, organizations and dates against a NER corpus tagged at syllable level.",
        description=(
            "Read a NER corpus (JSON lines with 'words' and 'tags', or CoNLL), run the analysis on every "
            "sentence and print precision, recall and F1 for LOCATION, ORGANIZATION, DATE and "
            "LOCATION+ORGANIZATION, raw and after aligning span conventions (see doingoai.analysis.ner_eval)."
        ),
    )
    parser.add_argument("path", metavar="PATH", help="a corpus file, or a folder of them")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N sentences")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (text)")
    parser.set_defaults(func=cmd_eval_ner)
    return parser


def cmd_eval_ner(args: argparse.Namespace) -> int:
    """Run `doingoai eval-ner`: print the scores, or a one-line message naming what is wrong."""
    from doingoai.analysis.ner_eval import CorpusError, corpus_files, corpus_read, ner_evaluate

    path = Path(args.path)
    if not path.exists():
        sys.stderr.write(f"doingoai eval-ner: không có tệp hay thư mục {path}\n")
        return 2
    if args.limit is not None and args.limit < 1:
        sys.stderr.write("doingoai eval-ner: --limit phải là số nguyên dương.\n")
        return 2
    try:
        files = corpus_files(path)
        sentences = (s for f in files for s in corpus_read(f))
        report = ner_evaluate(sentences, limit=args.limit)
    except CorpusError as exc:
        sys.stderr.write(f"doingoai eval-ner: {exc}\n")
        return 1
    if args.format == "json":
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.as_text() + "\n")
    return 0
