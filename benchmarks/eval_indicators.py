"""Headline indicators against a hand-read key: recall and precision, with the right value and kind.

    python benchmarks/eval_indicators.py [KEY.tsv [FOLDER]] [-v]

KEY defaults to ``../shared/eval/indicators.tsv`` and FOLDER to ``../shared/corpus/full``
(the key's format is in ``../shared/eval/README.md``: file, kind, indicator, value, unit,
quote; a range is written ``6~6.5``). ``-v`` lists every miss and every extra.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Value = float | tuple[float, float]


def read_key(path: Path) -> dict[str, dict[tuple[str, str], Value]]:
    """``{file: {(indicator, kind): value}}`` of a key file."""
    key: dict[str, dict[tuple[str, str], Value]] = defaultdict(dict)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            low, _, high = row["value"].partition("~")
            key[row["file"]][row["indicator"], row["kind"]] = (float(low), float(high)) if high else float(low)
    return key


def score(key_path: Path, folder: Path, verbose: bool = False) -> tuple[float, float]:
    """Recall and precision of our indicators over the files of the key."""
    from summarizer import read_report

    hit = extra = missed = 0
    for name, wanted in sorted(read_key(key_path).items()):
        ours: dict[tuple[str, str], Value] = {}
        for ind in read_report(folder / name).indicators:
            ours[ind.name, ind.kind] = ind.value if ind.high is None else (ind.value, ind.high)
        for k, value in wanted.items():
            if ours.get(k) == value:
                hit += 1
            else:
                missed += 1
                if verbose:
                    print(f"miss  {name} {k[1]} {k[0]} {value} (ours: {ours.get(k)})")
        for k, value in ours.items():
            if wanted.get(k) != value:
                extra += 1
                if verbose:
                    print(f"extra {name} {k[1]} {k[0]} {value}")
    return hit / max(1, hit + missed), hit / max(1, hit + extra)


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    key = Path(args[0]) if args else ROOT.parent / "shared" / "eval" / "indicators.tsv"
    folder = Path(args[1]) if len(args) > 1 else key.parent.parent / "corpus" / "full"
    recall, precision = score(key, folder, verbose="-v" in sys.argv)
    print(f"indicators: recall {recall:.1%}, precision {precision:.1%} ({key})")


if __name__ == "__main__":
    main()
