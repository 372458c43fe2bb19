"""The `doingoai eval-events DIR` command: score event grouping against a labelled manifest."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from doingoai.events.manifest import MANIFEST_NAME

if TYPE_CHECKING:
    from doingoai.events.evaluate import Evaluation
    from doingoai.events.public import PublicEvaluation


def eval_events_parser_add(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `eval-events` command to the `doingoai` subparsers and return its parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "eval-events",
        help="Score event grouping (B-cubed precision, recall, F1) on a labelled folder of articles.",
        description=(
            f"Analyse the articles listed in DIR/{MANIFEST_NAME} (one 'file<TAB>event' per line), group "
            "them into events in publication order, and print B-cubed precision, recall and F1 against "
            "the labels, with the documents placed in the wrong event."
        ),
    )
    parser.add_argument("directory", metavar="DIR", help=f"folder holding {MANIFEST_NAME} and the articles")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (text)")
    parser.set_defaults(func=cmd_eval_events)
    return parser


def _number(value: float) -> str:
    return f"{value:.3f}".replace(".", ",")


def evaluation_text(evaluation: Evaluation) -> str:
    """Return the evaluation as a short Vietnamese report."""
    s = evaluation.scores
    lines = [
        f"B-cubed: độ chính xác (P) {_number(s.precision)} · độ phủ (R) {_number(s.recall)} · "
        f"F1 {_number(s.f1)}",
        f"{evaluation.documents} bài · {evaluation.gold_events} sự kiện theo nhãn · "
        f"{evaluation.predicted_events} sự kiện tìm được",
    ]
    if evaluation.misgrouped:
        lines += ["", f"Bài xếp sai ({len(evaluation.misgrouped)}):"]
        for m in evaluation.misgrouped:
            parts = [f"- {m.document} (nhãn {m.gold_event}, xếp vào {m.predicted_event})"]
            if m.wrongly_with:
                parts.append(f"gộp nhầm với: {', '.join(m.wrongly_with)}")
            if m.missing:
                parts.append(f"tách khỏi: {', '.join(m.missing)}")
            lines.append("; ".join(parts))
    else:
        lines += ["", "Không có bài nào bị xếp sai."]
    return "\n".join(lines) + "\n"


def evaluation_json(evaluation: Evaluation) -> dict[str, Any]:
    """Return the evaluation as a JSON-ready dict."""
    s = evaluation.scores
    return {
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "documents": evaluation.documents,
        "gold_events": evaluation.gold_events,
        "predicted_events": evaluation.predicted_events,
        "misgrouped": [
            {
                "document": m.document,
                "gold_event": m.gold_event,
                "predicted_event": m.predicted_event,
                "wrongly_with": list(m.wrongly_with),
                "missing": list(m.missing),
            }
            for m in evaluation.misgrouped
        ],
    }


def cmd_eval_events(args: argparse.Namespace) -> int:
    """Run the evaluation; print the report; exit 2 on bad input (manifest or article)."""
    from doingoai.analysis import AnalysisError, analyze_file
    from doingoai.events.errors import EventsError
    from doingoai.events.evaluate import events_evaluate

    try:
        evaluation = events_evaluate(Path(args.directory), analyze=analyze_file)
    except (EventsError, AnalysisError) as exc:
        sys.stderr.write(f"doingoai: lỗi: {exc}\n")
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(evaluation_json(evaluation), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(evaluation_text(evaluation))
    return 0


def eval_groups_parser_add(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `eval-groups` command to the `doingoai` subparsers and return its parser."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "eval-groups",
        help="Score event grouping on public news clusters (.jsonl) beside a TF-IDF baseline.",
        description=(
            "Read every .jsonl file in DIR (one line per cluster of articles about one event, with "
            "'single_documents' holding 'title', 'anchor_text', 'raw_text' and optionally 'date'), "
            "group the articles and print B-cubed precision, recall and F1 for our grouping and for a "
            "TF-IDF + average-linkage baseline whose threshold is chosen on the same set, with the "
            "ratio of the two F1. Undated articles arrive in a fixed shuffled order."
        ),
    )
    parser.add_argument("directory", metavar="DIR", help="folder holding the .jsonl cluster files")
    parser.add_argument(
        "--distractors",
        metavar="FILE",
        help="a .jsonl file of other clusters: the first article of each is mixed in as an unrelated article",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (text)")
    parser.set_defaults(func=cmd_eval_groups)
    return parser


def _scores_text(label: str, precision: float, recall: float, f1: float) -> str:
    return f"{label}: P {_number(precision)} · R {_number(recall)} · F1 {_number(f1)}"


def public_evaluation_text(evaluation: PublicEvaluation) -> str:
    """Return the evaluation on public clusters as a short Vietnamese report."""
    s, b = evaluation.scores, evaluation.baseline
    return (
        "\n".join(
            [
                f"{evaluation.documents} bài ({evaluation.distractors} bài xen lẫn không liên quan, "
                f"{evaluation.dated} bài có ngày đăng) · {evaluation.gold_events} sự kiện theo nhãn",
                _scores_text("Cách gộp của hệ thống", s.precision, s.recall, s.f1)
                + f" · {evaluation.predicted_events} sự kiện",
                _scores_text(
                    "Mốc so sánh TF-IDF + liên kết trung bình",
                    b.scores.precision,
                    b.scores.recall,
                    b.scores.f1,
                )
                + f" · ngưỡng khoảng cách {_number(b.threshold)} chọn trên chính tập này"
                + f" · {b.predicted_events} sự kiện",
                f"Tỉ lệ F1 hệ thống / mốc so sánh: {_number(evaluation.ratio)}",
            ]
        )
        + "\n"
    )


def public_evaluation_json(evaluation: PublicEvaluation) -> dict[str, Any]:
    """Return the evaluation on public clusters as a JSON-ready dict."""
    s, b = evaluation.scores, evaluation.baseline
    return {
        "documents": evaluation.documents,
        "distractors": evaluation.distractors,
        "dated": evaluation.dated,
        "gold_events": evaluation.gold_events,
        "ours": {
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "events": evaluation.predicted_events,
        },
        "baseline": {
            "precision": b.scores.precision,
            "recall": b.scores.recall,
            "f1": b.scores.f1,
            "events": b.predicted_events,
            "threshold": b.threshold,
        },
        "ratio": evaluation.ratio,
    }


def cmd_eval_groups(args: argparse.Namespace) -> int:
    """Run the evaluation on public clusters; print the report; exit 2 on bad input."""
    from doingoai.analysis import AnalysisError
    from doingoai.events.errors import EventsError
    from doingoai.events.public import article_analyze, clusters_read, public_evaluate

    try:
        articles = clusters_read(
            Path(args.directory), distractors=Path(args.distractors) if args.distractors else None
        )
        evaluation = public_evaluate(articles, analyze=article_analyze)
    except (EventsError, AnalysisError) as exc:
        sys.stderr.write(f"doingoai: lỗi: {exc}\n")
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(public_evaluation_json(evaluation), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(public_evaluation_text(evaluation))
    return 0
