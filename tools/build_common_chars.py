"""Regenerate summarizer/data/common_chars.txt from jieba's dictionary.

The decoder scores candidate decodings (GB18030 vs Big5) by how many of their Han
characters are common ones; this list is the 3,000 most frequent characters of jieba's
word-frequency dictionary plus their Traditional forms (OpenCC s2t).
Run: python tools/build_common_chars.py
"""

from __future__ import annotations

import collections
from pathlib import Path

import jieba
import opencc

TOP = 3000


def main() -> None:
    counts: collections.Counter[str] = collections.Counter()
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        for ch in word:
            if "\u4e00" <= ch <= "\u9fff":
                counts[ch] += int(freq)
    simplified = "".join(sorted(ch for ch, _ in counts.most_common(TOP)))
    try:
        s2t = opencc.OpenCC("s2t")
    except Exception:  # the compiled OpenCC wants the .json suffix
        s2t = opencc.OpenCC("s2t.json")
    traditional = s2t.convert(simplified)
    chars = "".join(sorted(set(simplified) | set(traditional)))
    out = Path(__file__).resolve().parent.parent / "summarizer" / "data" / "common_chars.txt"
    out.write_text(chars + "\n", encoding="utf-8")
    print(f"{len(chars)} characters -> {out}")


if __name__ == "__main__":
    main()
