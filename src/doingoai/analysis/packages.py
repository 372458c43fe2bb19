"""Import a few modules of a third-party package without running the package's `__init__`.

Two libraries the analysis uses load far more on import than the analysis needs:

- `import underthesea` loads every pipeline (part-of-speech, chunking and NER word lists, the
  classifiers, the translation and agent modules): about 75 MiB of a process's memory, where the
  analysis needs the sentence splitter, the regular-expression tokenizer and the word
  segmentation model files;
- `import datasketch` imports every sketch, and its LSH module imports `scipy.integrate`: about
  65 MiB, where grouping needs `MinHash` alone.

Every process that analyses a document (`doingoai analyze`, the task worker, a web worker)
paid for both, about 110 MiB each. `modules_light` imports the named modules with a bare
module standing in for the package while they load. The bare package is removed afterwards, so
a later plain `import underthesea` (the benchmarks' reference does one) runs the package's own
`__init__` and finds the modules already loaded. Should a new release of a package break this
(a module that needs the package's `__init__`), the plain import is used instead.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from functools import cache
from types import ModuleType

_LOCK = threading.Lock()


def modules_light(package: str, modules: list[str]) -> list[ModuleType]:
    """Return the named modules of a package, imported without running the package's `__init__`."""
    with _LOCK:
        if package in sys.modules:  # already imported whole: nothing to save
            return [importlib.import_module(name) for name in modules]
        spec = importlib.util.find_spec(package)
        if spec is None or spec.submodule_search_locations is None:
            raise ImportError(f"{package} is not an installed package")
        bare = importlib.util.module_from_spec(spec)
        sys.modules[package] = bare
        try:
            return [importlib.import_module(name) for name in modules]
        except ImportError:
            for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
                del sys.modules[name]
            return [importlib.import_module(name) for name in modules]
        finally:
            if sys.modules.get(package) is bare:
                del sys.modules[package]


# The modules of underthesea the analysis uses. text_normalize comes first: it and the
# tokenizer import each other, and only that order loads.
_UNDERTHESEA = (
    "underthesea.pipeline.text_normalize",
    "underthesea.pipeline.sent_tokenize",
    "underthesea.pipeline.word_tokenize",
    "underthesea.pipeline.word_tokenize.regex_tokenize",
)


@cache
def underthesea_module(name: str) -> ModuleType:
    """Return one of the modules of underthesea the analysis uses ("pipeline.sent_tokenize"), loaded alone."""
    modules = dict(zip(_UNDERTHESEA, modules_light("underthesea", list(_UNDERTHESEA)), strict=True))
    return modules[f"underthesea.{name}"]


def package_file(package: str, relative: str) -> str:
    """Return the path of a data file shipped inside an installed package, without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{package} is not an installed package")
    return f"{next(iter(spec.submodule_search_locations))}/{relative}"
