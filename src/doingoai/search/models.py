"""The search index: one row per document, its title and body kept twice, exactly and folded.

- `title_exact`, `body_exact`: NFC, lower case, one tone-mark placement (`plan.exact_key`);
- `title_folded`, `body_folded`: no diacritics, đ -> d (`doingoai.analysis.text.fold_key`);
- `words`: the document's words of several syllables (from the segmenter), each as one token
  with its syllables run together, exact and folded, so a phrase that is a word can outrank one
  that straddles two words;
- `pairs`: each two neighbouring syllables of the title and of the body as one token
  (`plan.pair_tokens`: "trầnǀcẩm"), in their order, exact then folded, the title's and the body's
  on two lines (`services.pairs_text`), so a phrase of common syllables is the phrase of its pair
  tokens, found on a few short lists instead of the positions of its syllables everywhere.

Both keys keep the length of the text, so an offset found in a key is an offset in the text and
snippets show the original words. The engines index these columns their own way, set up by the
migrations for the database in use:

- SQLite: an FTS5 table `search_fts` over the keys, the words and the title's and the body's
  pairs, exact and folded (external content read through the view `search_fts_content`, which
  splits `pairs` into those four columns, kept in step by triggers),
  ranked with BM25 (`fts5rank.c`, or `bm25()`);
- PostgreSQL: generated `tsvector` columns with GIN indexes: `vector_exact` and `vector_folded`
  (title weight A, body weight B), `vector_words` and `vector_pairs`, ranked with `ts_rank` (and
  `ts_rank_cd` per word for a long query's "any of its words"). The vectors ranked are read from
  a copy kept in the row of one table per field (`search_ranked_exact`, `search_ranked_folded`,
  kept in step by triggers), where this table keeps them in TOAST.

The row points at its document by a string reference, so deleting a document deletes its entry;
no code of this package imports the library.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """The exact and folded title and body of one document, and its words of several syllables."""

    document = models.OneToOneField(
        "library.Document", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    title_exact = models.TextField(_("tiêu đề (chữ thường)"), blank=True)
    body_exact = models.TextField(_("nội dung (chữ thường)"), blank=True)
    title_folded = models.TextField(_("tiêu đề (bỏ dấu)"), blank=True)
    body_folded = models.TextField(_("nội dung (bỏ dấu)"), blank=True)
    words = models.TextField(_("từ nhiều âm tiết"), blank=True)
    pairs = models.TextField(_("cặp âm tiết liền nhau"), blank=True)

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("mục chỉ mục tìm kiếm")
