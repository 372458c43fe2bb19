"""The search index: one row per document holding its folded text.

The text is folded in Python with `doingoai.analysis.text.fold_key` (no diacritics, đ -> d,
lower case), so SQLite and PostgreSQL search the same key and "dong" finds "đồng". The engines
index that column their own way, set up by the migration for the database in use:

- SQLite: an FTS5 table `search_fts` over `key` (external content, kept in step by triggers);
- PostgreSQL: a generated `tsvector` column `vector` (`simple` configuration) with a GIN index.

`fold_key` keeps the length of the text, so an offset found in the key is an offset in the text:
snippets are cut and highlighted in the original words.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """The folded title and text of one document (the title first, on its own line)."""

    document = models.OneToOneField(
        "library.Document", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    key = models.TextField(_("văn bản đã bỏ dấu"))

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("mục chỉ mục tìm kiếm")
