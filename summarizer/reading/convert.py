"""Script conversion at compiled speed from the pure-Python OpenCC's own dictionaries.

opencc-python-reimplemented (the declared dependency) converts slowly enough that, on a
corpus where two reports in five are Traditional, its t2s was a third of the whole run
(CHANGELOG 0.3.0). This module applies the same dictionaries by the same rule, many times
faster, and is used only when that library is the installed ``opencc`` (the compiled
OpenCC is used as it is).

The library's rule, within each run of text between separators: find the longest
dictionary key occurring anywhere (the leftmost of equally long ones), replace it, and
go on in the pieces left and right of it; pieces that no key of a group's first
dictionary matched go on to the next (phrases, then characters). Taking every key
occurrence in order of (longest, leftmost) and keeping those that overlap nothing kept
before selects the same replacements without rescanning pieces. Keys containing a
separator can never match there, so they are left out, and the whole text can be
scanned at once. ``tests/test_convert.py`` compares the two on real and generated text.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Table:
    """One OpenCC dictionary: key → first listed value."""

    mapping: dict[str, str]
    lengths: dict[str, tuple[int, ...]]
    """Lengths of the keys of two or more characters, by their first two, longest first."""
    starts: re.Pattern[str]
    """Characters that begin a key."""
    single: bool
    """Every key is one character: the table is a character map."""

    @classmethod
    def read(cls, path: Path, separators: re.Pattern[str]) -> Table:
        """Parse ``KEY<TAB>VALUE [VALUE…]`` lines as the library does."""
        mapping: dict[str, str] = {}
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                key, value = line.strip().split("\t")
                first = value.split(" ")[0]
                # An empty value counts as no match in the library; a separator inside a key
                # never reaches its matcher, which sees text between separators only.
                if first and not separators.search(key):
                    mapping[key] = first
        lengths: dict[str, set[int]] = {}
        for key in (k for k in mapping if len(k) > 1):
            # Indexed by the first two characters: most positions of a text begin some key
            # of the 49,000 s2t phrases, far fewer begin one with the next character too.
            lengths.setdefault(key[:2], set()).add(len(key))
        starts = re.compile("[" + "".join(re.escape(ch) for ch in sorted({k[0] for k in mapping})) + "]")
        by_start = {pre: tuple(sorted(ls, reverse=True)) for pre, ls in lengths.items()}
        return cls(mapping, by_start, starts, all(len(k) == 1 for k in mapping))

    def split(self, text: str) -> list[tuple[str, bool]]:
        """``text`` as pieces ``(string, replaced)``, replacements chosen by the library's rule."""
        found = []
        mapping, lengths, size = self.mapping, self.lengths, len(text)
        for m in self.starts.finditer(text):
            i = m.start()
            for n in lengths.get(text[i : i + 2], ()):
                # A slice running past the end is shorter than n and may itself be a key.
                if i + n <= size and text[i : i + n] in mapping:
                    found.append((-n, i))
            if m[0] in mapping:
                found.append((-1, i))
        if not found:
            return [(text, False)]
        found.sort()
        taken = bytearray(size)
        kept = []
        for neg, i in found:
            end = i - neg
            if not any(taken[i:end]):
                taken[i:end] = b"\x01" * (end - i)
                kept.append((i, end))
        pieces: list[tuple[str, bool]] = []
        done = 0
        for i, end in sorted(kept):
            if i > done:
                pieces.append((text[done:i], False))
            pieces.append((self.mapping[text[i:end]], True))
            done = end
        if done < size:
            pieces.append((text[done:], False))
        return pieces


class DictConverter:
    """A one-step OpenCC conversion chain (a dictionary or a group of them)."""

    def __init__(self, group: list[Table]) -> None:
        self.group = group
        last = group[-1]
        self._translate = {ord(k): v for k, v in last.mapping.items()} if last.single else None

    def convert(self, text: str) -> str:
        """The text in the target script, as the library would convert it."""
        pieces = [(text, False)]
        for n, table in enumerate(self.group):
            if self._translate is not None and n == len(self.group) - 1:
                # A character map is applied to the unreplaced pieces in one C call each.
                return "".join(s if done else s.translate(self._translate) for s, done in pieces)
            pieces = [p for s, done in pieces for p in ([(s, True)] if done else table.split(s))]
        return "".join(s for s, _ in pieces)


def from_reimplemented(config: str) -> DictConverter | None:
    """The fast equivalent of opencc-python-reimplemented's ``OpenCC(config)``.

    None when that library is not the installed ``opencc``, its files are not laid out as
    this module expects, or the configuration chains more than one step (the rule above
    is shown equal for a single step only): the library itself is then used.
    """
    try:
        module = importlib.import_module("opencc.opencc")
        root = Path(str(module.__file__)).parent
        config_file = root / module.CONFIG_DIR / f"{config}.json"
        chain = json.loads(config_file.read_text(encoding="utf-8"))["conversion_chain"]
        if len(chain) != 1:
            return None
        spec = chain[0]["dict"]
        files = [d["file"] for d in spec["dicts"]] if spec.get("type") == "group" else [spec["file"]]
        separators = _separators(module)
        return DictConverter([Table.read(root / module.DICT_DIR / f, separators) for f in files])
    except (ImportError, AttributeError, OSError, ValueError, KeyError, TypeError):
        # A future release that moves its files or renames what we read: be slow, not wrong.
        return None


def _separators(module: object) -> re.Pattern[str]:
    # The library compiles its separator pattern in OpenCC.__init__; one without a
    # conversion is cheap to make and gives us exactly that pattern.
    pattern: re.Pattern[str] = module.OpenCC().split_chars_re  # type: ignore[attr-defined]
    return pattern
