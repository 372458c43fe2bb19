"""Word segmentation with underthesea's CRF model, featurized faster than underthesea does it.

Profiling `word_tokenize` showed that most of its time goes to `CRFFeaturizer.process`, which
builds 43 feature strings per syllable. `WordSegmenter` builds the very same strings from
per-syllable values computed once per sentence, then tags with underthesea's own `CRFTagger`
and model. The output is identical to underthesea's `word_tokenize(..., use_token_normalize=False)`
(tests compare the two); if a future model uses other feature templates, the library's
featurizer is used instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from doingoai.analysis.packages import underthesea_module

# The feature templates of underthesea's word segmentation model ws_crf_vlsp2013_20230727.
KNOWN_TEMPLATES = [
    "T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
    "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]", "T[-2,0]", "T[-1,1]", "T[0,2]",
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[-2,-1].lower", "T[-1,0].lower", "T[0,1].lower", "T[1,2].lower",
    "T[-1].isdigit", "T[0].isdigit", "T[1].isdigit",
    "T[-2].istitle", "T[-1].istitle", "T[0].istitle", "T[1].istitle", "T[2].istitle",
    "T[0,1].istitle", "T[0,2].istitle",
    "T[-2].is_in_dict", "T[-1].is_in_dict", "T[0].is_in_dict", "T[1].is_in_dict", "T[2].is_in_dict",
    "T[-2,-1].is_in_dict", "T[-1,0].is_in_dict", "T[0,1].is_in_dict", "T[1,2].is_in_dict",
    "T[-2,0].is_in_dict", "T[-1,1].is_in_dict", "T[0,2].is_in_dict",
]  # fmt: skip

_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


def _istitle(token: str) -> bool:
    # underthesea_core looks at the first character only: upper case, or not a letter at all.
    first = token[0]
    return first.isupper() or not first.isalpha()


def _isdigit(token: str) -> bool:
    # underthesea_core parses the token as a 64-bit integer: "-3" counts, "1.200" and "²" do not.
    body = token[1:] if token[:1] in "+-" else token
    if not body or not body.isascii() or not body.isdigit():
        return False
    return _INT_MIN <= int(token) <= _INT_MAX


def _bool(value: bool) -> str:
    return "True" if value else "False"


class Featurizer:
    """Build the CRF attributes of a sentence's syllables, exactly as underthesea_core does."""

    def __init__(self, dictionary: set[str]) -> None:
        self.dictionary = dictionary

    def __call__(self, tokens: list[str]) -> list[list[str]]:
        """Return the 43 attribute strings of each syllable of one sentence."""
        n = len(tokens)
        d = self.dictionary
        low = [t.lower() for t in tokens]
        title = [_istitle(t) for t in tokens]
        digit = [_bool(_isdigit(t)) for t in tokens]
        in_dict = [_bool(x in d) for x in low]
        bi = [tokens[i] + " " + tokens[i + 1] for i in range(n - 1)]
        bil = [low[i] + " " + low[i + 1] for i in range(n - 1)]
        bi_dict = [_bool(x in d) for x in bil]
        tri = [bi[i] + " " + tokens[i + 2] for i in range(n - 2)]
        tril = [bil[i] + " " + low[i + 2] for i in range(n - 2)]
        tri_dict = [_bool(x in d) for x in tril]
        tstr = [_bool(x) for x in title]

        out: list[list[str]] = []
        for i in range(n):
            m2, m1, p1, p2 = i - 2, i - 1, i + 1, i + 2
            has_m2, has_m1, has_p1, has_p2 = m2 >= 0, m1 >= 0, p1 < n, p2 < n
            out.append(
                [
                    "T[-2]=" + (tokens[m2] if has_m2 else "BOS"),
                    "T[-1]=" + (tokens[m1] if has_m1 else "BOS"),
                    "T[0]=" + tokens[i],
                    "T[1]=" + (tokens[p1] if has_p1 else "EOS"),
                    "T[2]=" + (tokens[p2] if has_p2 else "EOS"),
                    "T[-2,-1]=" + (bi[m2] if has_m2 else "BOS"),
                    "T[-1,0]=" + (bi[m1] if has_m1 else "BOS"),
                    "T[0,1]=" + (bi[i] if has_p1 else "EOS"),
                    "T[1,2]=" + (bi[p1] if has_p2 else "EOS"),
                    "T[-2,0]=" + (tri[m2] if has_m2 else "BOS"),
                    "T[-1,1]=" + (tri[m1] if has_m1 and has_p1 else "BOS" if not has_m1 else "EOS"),
                    "T[0,2]=" + (tri[i] if has_p2 else "EOS"),
                    "T[-2].lower=" + (low[m2] if has_m2 else "BOS"),
                    "T[-1].lower=" + (low[m1] if has_m1 else "BOS"),
                    "T[0].lower=" + low[i],
                    "T[1].lower=" + (low[p1] if has_p1 else "EOS"),
                    "T[2].lower=" + (low[p2] if has_p2 else "EOS"),
                    "T[-2,-1].lower=" + (bil[m2] if has_m2 else "BOS"),
                    "T[-1,0].lower=" + (bil[m1] if has_m1 else "BOS"),
                    "T[0,1].lower=" + (bil[i] if has_p1 else "EOS"),
                    "T[1,2].lower=" + (bil[p1] if has_p2 else "EOS"),
                    "T[-1].isdigit=" + (digit[m1] if has_m1 else "BOS"),
                    "T[0].isdigit=" + digit[i],
                    "T[1].isdigit=" + (digit[p1] if has_p1 else "EOS"),
                    "T[-2].istitle=" + (tstr[m2] if has_m2 else "BOS"),
                    "T[-1].istitle=" + (tstr[m1] if has_m1 else "BOS"),
                    "T[0].istitle=" + tstr[i],
                    "T[1].istitle=" + (tstr[p1] if has_p1 else "EOS"),
                    "T[2].istitle=" + (tstr[p2] if has_p2 else "EOS"),
                    "T[0,1].istitle=" + (_bool(title[i] and title[p1]) if has_p1 else "EOS"),
                    "T[0,2].istitle=" + (_bool(title[i] and title[p1] and title[p2]) if has_p2 else "EOS"),
                    "T[-2].is_in_dict=" + (in_dict[m2] if has_m2 else "BOS"),
                    "T[-1].is_in_dict=" + (in_dict[m1] if has_m1 else "BOS"),
                    "T[0].is_in_dict=" + in_dict[i],
                    "T[1].is_in_dict=" + (in_dict[p1] if has_p1 else "EOS"),
                    "T[2].is_in_dict=" + (in_dict[p2] if has_p2 else "EOS"),
                    "T[-2,-1].is_in_dict=" + (bi_dict[m2] if has_m2 else "BOS"),
                    "T[-1,0].is_in_dict=" + (bi_dict[m1] if has_m1 else "BOS"),
                    "T[0,1].is_in_dict=" + (bi_dict[i] if has_p1 else "EOS"),
                    "T[1,2].is_in_dict=" + (bi_dict[p1] if has_p2 else "EOS"),
                    "T[-2,0].is_in_dict=" + (tri_dict[m2] if has_m2 else "BOS"),
                    "T[-1,1].is_in_dict="
                    + (tri_dict[m1] if has_m1 and has_p1 else "BOS" if not has_m1 else "EOS"),
                    "T[0,2].is_in_dict=" + (tri_dict[i] if has_p2 else "EOS"),
                ]
            )
        return out


class WordSegmenter:
    """Split a Vietnamese sentence into words with underthesea's CRF word segmentation model."""

    def __init__(self) -> None:
        import joblib
        from underthesea_core import CRFFeaturizer, CRFTagger

        wt = underthesea_module("pipeline.word_tokenize")
        tokenize = underthesea_module("pipeline.word_tokenize.regex_tokenize").tokenize
        model_dir = Path(str(wt.__file__)).parent / "models" / "ws_crf_vlsp2013_20230727"
        templates = joblib.load(model_dir / "features.bin")
        dictionary = joblib.load(model_dir / "dictionary.bin")
        self.tagger = CRFTagger()
        self.tagger.load(str(model_dir / "models.bin"))
        self._tokenize: Callable[..., list[str]] = tokenize
        self.library_featurizer: Any = CRFFeaturizer(templates, dictionary)
        if list(templates) == KNOWN_TEMPLATES:
            self.featurize: Callable[[list[str]], list[list[str]]] = Featurizer(set(dictionary))
        else:  # a model with other templates: keep the library's (slower) featurizer
            self.featurize = lambda tokens: self.library_featurizer.process([[[t] for t in tokens]])[0]

    def syllables(self, sentence: str) -> list[str]:
        """Return the syllables and punctuation tokens of a sentence, as underthesea splits them."""
        return [t for t in self._tokenize(sentence, use_token_normalize=False) if t]

    def __call__(self, sentence: str) -> list[str]:
        """Return the words of a sentence; a word's syllables are joined by one space."""
        tokens = self.syllables(sentence)
        if not tokens:
            return []
        tags = self.tagger.tag(self.featurize(tokens))
        words: list[str] = []
        for tag, token in zip(tags, tokens, strict=True):
            if tag == "I-W" and words:
                words[-1] = words[-1] + " " + token
            else:
                words.append(token)
        return words


@lru_cache(maxsize=1)
def word_segmenter() -> WordSegmenter:
    """Return the process-wide segmenter (the model loads once)."""
    return WordSegmenter()
