"""Figure labels against a hand-read key: does each figure say what its number counts?

    python benchmarks/eval_labels.py [KEY.tsv [CORPUS]] [-v]

KEY defaults to ``../shared/eval/figure_labels.tsv`` and CORPUS to the ``corpus`` folder
beside it (format in ``../shared/eval/README.md``: file, figure, label, quote). Each key
row is matched to a figure of its page by the number and measure word as written (in
Simplified script, approximation words aside) and, among those, the one whose sentence
holds most of the quote. Prints coverage (key figures the pipeline extracts at all),
label accuracy among those found (exact match) and overall, and the share found whose
label names the thing counted with the key's qualifier missing at most (ours inside the
key's: 房屋 for 倒塌房屋, 干部 for 抽调干部); ``-v`` lists every mismatch and every figure
not found.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Score:
    """Counts over a key: rows, figures found, labels right; and the lines a reader checks."""

    rows: int
    found: int
    right: int
    within: int
    """Labels that are not the key's but stand inside it (房屋 for 倒塌房屋)."""
    wrong: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def coverage(self) -> float:
        return self.found / max(1, self.rows)

    @property
    def accuracy(self) -> float:
        """Exact labels among the figures found."""
        return self.right / max(1, self.found)

    @property
    def thing(self) -> float:
        """Labels among the figures found that name the thing counted, exactly or inside the key's."""
        return (self.right + self.within) / max(1, self.found)

    @property
    def overall(self) -> float:
        """Exact labels among all the key's figures."""
        return self.right / max(1, self.rows)


def _plain(text: str) -> str:
    """The number and measure word without approximation words, in Simplified script."""
    from summarizer.reading.normalise import normalise_width, to_simplified

    text = normalise_width(to_simplified(text)).replace(",", "")
    for word in ("以上", "左右", "大约", "超过", "多达", "余", "多", "近", "约", "超", "逾"):
        text = text.replace(word, "")
    return text


def _overlap(quote: str, sentence: str) -> int:
    """Characters of the quote found in the sentence, in order."""
    return sum(b.size for b in SequenceMatcher(None, quote, sentence, autojunk=False).get_matching_blocks())


def score(key_path: Path, corpus: Path) -> Score:
    """Match every key row to a figure of its page and compare labels."""
    from summarizer import read_report
    from summarizer.reading.normalise import normalise_width, to_simplified

    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with key_path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            rows[row["file"]].append(row)
    found = right = within = 0
    wrong: list[str] = []
    missing: list[str] = []
    for name, wanted in sorted(rows.items()):
        figures = read_report(corpus / name).figures
        for row in wanted:
            quote = to_simplified(row["quote"])
            same = [f for f in figures if _plain(f.text) == _plain(row["figure"])]
            if not same:
                missing.append(f"{name}\t{row['figure']}\t{row['label']}\t{quote}")
                continue
            f = max(same, key=lambda f: _overlap(quote, f.sentence))
            found += 1
            if f.label == normalise_width(row["label"]):  # brackets as the pipeline writes them
                right += 1
            else:
                within += len(f.label) >= 2 and f.label in normalise_width(row["label"])
                wrong.append(f"{name}\t{row['figure']}\twant {row['label']}\tgot {f.label}\t{quote}")
    return Score(sum(map(len, rows.values())), found, right, within, tuple(wrong), tuple(missing))


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    key = Path(args[0]) if args else ROOT.parent / "shared" / "eval" / "figure_labels.tsv"
    corpus = Path(args[1]) if len(args) > 1 else key.parent.parent / "corpus"
    s = score(key, corpus)
    if "-v" in sys.argv:
        for line in s.wrong:
            print("wrong  ", line)
        for line in s.missing:
            print("missing", line)
    print(
        f"labels: coverage {s.coverage:.1%} ({s.found}/{s.rows}), "
        f"accuracy {s.accuracy:.1%} among found, {s.overall:.1%} overall; "
        f"the thing counted named {s.thing:.1%} among found ({key})"
    )


if __name__ == "__main__":
    main()
