"""The tokenizer seam: one place that segments and tags, with rjieba (default) or jieba.

No other module imports a segmenter. rjieba (the jieba-rs binding) segments like jieba,
many times faster when tagging; jieba stays available as the reference backend. Both
load the same user dictionaries, and tag overrides from those dictionaries are applied
here because rjieba keeps a stock word's own tag.
"""

from __future__ import annotations

import itertools
import operator
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..data import data_path
from ..errors import RuleFileError
from ..model import Token
from ..options import BACKENDS, DEFAULT_BACKEND, Backend

_HAN = re.compile("[\u4e00-\u9fff]")
_WORD = operator.itemgetter(0)
MAX_USERDICT_BYTES = 16 * 1024 * 1024
"""A user dictionary is a word list; anything larger is the wrong file (or /dev/zero)."""


def offsets(tokens: Sequence[Token]) -> list[int]:
    """Where each token begins in its text, and where the last one ends: sorted, for bisection.

    The tokens concatenate back to the text, so each begins where the one before ended.

    >>> offsets([("下拨", "v"), ("党费", "n")])
    [0, 2, 4]
    """
    return list(itertools.accumulate(map(len, map(_WORD, tokens)), initial=0))


class Tokenizer:
    """Segment and POS-tag Chinese text: ``tag("下拨党费")`` → ``[("下拨", "v"), ("党费", "n")]``."""

    def __init__(self, backend: Backend = DEFAULT_BACKEND, userdicts: Iterable[str | Path] = ()) -> None:
        if backend not in BACKENDS:
            raise RuleFileError(f"unknown tokenizer {backend!r}; choose one of {', '.join(BACKENDS)}")
        self.backend = backend
        self._overrides: dict[str, str] = {}
        self._unknown: dict[str, str] = {}
        self._impl: Any
        self._cut_impl: Any
        if backend == "rjieba":
            import rjieba

            self._impl = rjieba.Jieba()
            self._cut_impl = self._impl
        else:
            import logging

            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            base = jieba.Tokenizer()
            self._cut_impl = base
            # jieba.posseg re-segments with a per-character HMM, several times slower than
            # jieba.lcut. We tag jieba.lcut's words from jieba's own dictionary tags instead,
            # which is also what rjieba (jieba-rs) does: the two backends then differ only
            # where their segmentations differ.
            self._pos = jieba.posseg.POSTokenizer(base)
            self._impl = self._pos.word_tag_tab
        for path in [data_path("userdict.txt"), *userdicts]:
            self.load_userdict(path)

    def load_userdict(self, path: str | Path) -> None:
        """Add words from a jieba-format file (``word [freq] [tag]`` a line), UTF-8.

        Raises :class:`RuleFileError` naming the file for anything but a readable UTF-8
        text file of reasonable size.
        """
        for raw in read_userdict(path).splitlines():
            parts = raw.split()
            if not parts or parts[0].startswith("#"):
                continue
            word = parts[0]
            freq = next((int(p) for p in parts[1:] if p.isdigit()), None)
            tag = next((p for p in parts[1:] if not p.isdigit()), None)
            self.add_word(word, freq, tag)

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """Teach the segmenter a word, optionally with a frequency and a POS tag."""
        if self.backend == "rjieba":
            self._impl.add_word(word, freq, tag)
            # rjieba keeps a stock word's own tag; only those words need overriding, and
            # with none left ``tag`` skips the per-token pass.
            if tag and self._impl.tag(word) != [(word, tag)]:
                self._overrides[word] = tag
        else:
            self._cut_impl.add_word(word, freq, tag)
            if tag:
                self._impl[word] = tag

    def cut(self, text: str) -> list[str]:
        """Words of ``text`` (precise mode, HMM on), concatenating back to ``text``."""
        if self.backend == "rjieba":
            return list(self._cut_impl.cut(text))
        return list(self._cut_impl.lcut(text))

    def _unknown_tag(self, word: str) -> str:
        """A word jieba's HMM found outside the dictionary (驻村, 卡点): posseg's tag for it alone."""
        tag = self._unknown.get(word)
        if tag is None:
            if _HAN.search(word):
                pairs = [(p.word, p.flag) for p in self._pos.cut(word)]
                tag = pairs[0][1] if len(pairs) == 1 else "n"
            else:
                tag = _fallback_tag(word)
            self._unknown[word] = tag
        return tag

    def tag(self, text: str) -> list[Token]:
        """``(word, POS)`` pairs of ``text``; the words concatenate back to ``text``."""
        pairs: list[Token]
        if self.backend == "rjieba":
            pairs = self._impl.tag(text)
        else:
            tags = self._impl
            pairs = [(w, tags.get(w) or self._unknown_tag(w)) for w in self._cut_impl.lcut(text)]
        if self._overrides and any(word in text for word in self._overrides):
            get = self._overrides.get
            return [(w, get(w, t)) for w, t in pairs]
        return pairs  # a fresh list from either backend: no copy needed


def read_userdict(path: str | Path) -> str:
    """The text of a user dictionary, read only from a regular file within the size limit."""
    from ..reading.load import TooLarge, read_limited

    try:
        data = read_limited(path, MAX_USERDICT_BYTES)
    except TooLarge as err:
        limit = MAX_USERDICT_BYTES // (1024 * 1024)
        raise RuleFileError(f"{path}: user dictionary larger than {limit} MB") from err
    except IsADirectoryError as err:
        raise RuleFileError(f"{path}: user dictionary is not a regular file") from err
    except OSError as err:
        raise RuleFileError(f"{path}: cannot read user dictionary ({err.strerror})") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise RuleFileError(f"{path}: user dictionary is not UTF-8 (byte {err.start})") from err


def _fallback_tag(word: str) -> str:
    """Tag of a word outside the dictionary, as jieba-rs gives it: numbers ``m``, Latin ``eng``."""
    if word.isascii() and word.isalnum():
        return "m" if word.isdigit() else "eng"
    try:
        float(word)
    except ValueError:
        return "x"
    return "m"


_cache: dict[tuple[Backend, tuple[str, ...]], Tokenizer] = {}
_lock = threading.Lock()


def get_tokenizer(backend: Backend = DEFAULT_BACKEND, userdicts: Iterable[str | Path] = ()) -> Tokenizer:
    """Shared tokenizer for a backend and user dictionaries; the dictionary loads once."""
    key = (backend, tuple(str(p) for p in userdicts))
    with _lock:
        if key not in _cache:
            _cache[key] = Tokenizer(backend, key[1])
        return _cache[key]
