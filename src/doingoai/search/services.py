"""Write the search index. The library calls `search_entry_write` when it stores a document."""

from __future__ import annotations

from django.db import transaction

from doingoai.analysis.text import fold_key
from doingoai.library.models import Document
from doingoai.search.models import SearchEntry


def search_key(document: Document) -> str:
    """Return the folded text the index holds for a document: its title, a new line, its text."""
    return fold_key(f"{document.title}\n{document.text}")


@transaction.atomic
def search_entry_write(*, document: Document) -> SearchEntry:
    """Index a document (again); the database's triggers or generated column follow the row."""
    entry, _created = SearchEntry.objects.update_or_create(
        document=document, defaults={"key": search_key(document)}
    )
    return entry


def search_index_rebuild() -> int:
    """Index every document again and return how many there are."""
    count = 0
    for document in Document.objects.only("pk", "title", "text").iterator(chunk_size=200):
        search_entry_write(document=document)
        count += 1
    return count
