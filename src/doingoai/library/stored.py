"""Store an analysed Document and its grouping features as JSON, and read them back.

The analysis core works on `doingoai.analysis.document.Document`; the library keeps each one in
the database as JSON (dates as ISO strings, Decimals as strings, spans as pairs), so that event
comparison can run again on exactly what was analysed, without analysing the text again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np

from doingoai.analysis import document as model
from doingoai.analysis.quotes import statements_find
from doingoai.events import DocumentFeatures, TermVector

STORED_VERSION = 1
_FACT_LAYERS: dict[str, type[Any]] = {
    "people": model.Person,
    "organizations": model.Organization,
    "places": model.Place,
    "amounts": model.Amount,
    "quantities": model.Quantity,
    "dates": model.DateMention,
    "references": model.Reference,
    "directives": model.Directive,
    "quotes": model.Quote,
    "statements": model.Statement,
}
_DECIMAL_FIELDS = frozenset({"value", "value_max"})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def document_dump(doc: model.Document) -> dict[str, Any]:
    """Return the JSON-ready form of an analysed Document (every field, facts with their spans)."""
    data = {
        f.name: _plain(getattr(doc, f.name)) for f in dataclasses.fields(doc) if f.name not in _FACT_LAYERS
    }
    for layer in _FACT_LAYERS:
        data[layer] = [
            {f.name: _plain(getattr(fact, f.name)) for f in dataclasses.fields(fact)}
            for fact in getattr(doc, layer)
        ]
    data["version"] = STORED_VERSION
    return data


def _span(value: Any) -> tuple[int, int]:
    return (int(value[0]), int(value[1]))


def _fact_load(cls: type[Any], data: dict[str, Any]) -> Any:
    known = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key == "span":
            value = _span(value)
        elif key == "spans":
            value = [_span(s) for s in value]
        elif key in _DECIMAL_FIELDS and value is not None:
            value = Decimal(value)
        kwargs[key] = value
    return cls(**kwargs)


def document_load(data: dict[str, Any]) -> model.Document:
    """Return the Document stored by `document_dump`."""
    published = data.get("published")
    doc = model.Document(
        text=data["text"],
        id=data.get("id", ""),
        path=data.get("path"),
        source=data.get("source"),
        published=dt.date.fromisoformat(published) if published else None,
        title=data.get("title"),
        sentences=[_span(s) for s in data.get("sentences", [])],
        words=[_span(s) for s in data.get("words", [])],
        hints=dict(data.get("hints") or {}),
    )
    for layer, cls in _FACT_LAYERS.items():
        setattr(doc, layer, [_fact_load(cls, fact) for fact in data.get(layer, [])])
    if "statements" not in data:  # stored before the quotes step kept its statements
        doc.statements = statements_find(doc)
    return doc


def features_dump(features: DocumentFeatures) -> dict[str, Any]:
    """Return the JSON-ready form of a document's grouping features."""
    data = {f.name: _plain(getattr(features, f.name)) for f in dataclasses.fields(features)}
    data["name_terms"] = sorted(features.name_terms)
    data["minhash"] = [int(v) for v in features.minhash.tolist()]
    data["minhash_dtype"] = str(features.minhash.dtype)
    return data


def features_load(data: dict[str, Any]) -> DocumentFeatures:
    """Return the features stored by `features_dump`."""

    def date(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return DocumentFeatures(
        id=data["id"],
        source=data.get("source"),
        published=date(data.get("published")),
        event_date=date(data.get("event_date")),
        title=data.get("title"),
        terms=dict(data.get("terms") or {}),
        name_terms=frozenset(data.get("name_terms") or ()),
        minhash=np.asarray(data["minhash"], dtype=data.get("minhash_dtype", "uint64")),
        people=dict(data.get("people") or {}),
        organizations=dict(data.get("organizations") or {}),
        places=dict(data.get("places") or {}),
        figures=dict(data.get("figures") or {}),
        placed=date(data.get("placed")),
        lead_day=(int(data["lead_day"][0]), int(data["lead_day"][1])) if data.get("lead_day") else None,
    )


def vector_dump(vector: TermVector) -> dict[str, Any]:
    """Return the JSON-ready form of a document's term vector."""
    return {"weights": vector.weights, "names": sorted(vector.names)}


def vector_load(data: dict[str, Any]) -> TermVector:
    """Return the term vector stored by `vector_dump`."""
    return TermVector(
        weights={str(k): float(v) for k, v in (data.get("weights") or {}).items()},
        names=frozenset(data.get("names") or ()),
    )
