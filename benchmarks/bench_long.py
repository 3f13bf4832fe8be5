"""One very long report: time and peak memory must grow about linearly with its length.

    python benchmarks/bench_long.py [--sizes 1 10 75]

The report is the seeds' text concatenated and repeated (``--sizes`` times), so 75 is
about 0.96 M characters and 8,000 sentences, just under the 1,000,000-character limit of a
report: a compiled yearbook rather than a work
report. Each size runs ``summarize FILE --json`` in a fresh process; prints wall
seconds (start-up, about 0.3 s, included), peak RSS and seconds per million characters.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 75])
    args = parser.parse_args()
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    print(f"{'copies':>7}{'characters':>12}{'seconds':>9}{'peak RSS':>11}{'s per M chars':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        for copies in args.sizes:
            path = Path(tmp) / f"long_{copies}.txt"
            path.write_text(text * copies, encoding="utf-8")
            chars = len(text) * copies
            probe = (
                "import resource, subprocess, sys; "
                "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
            )
            command = [sys.executable, "-m", "summarizer", str(path), "--json", "--no-md", "-q", "-o", tmp]
            start = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            rss_mb = int(out.stdout.split()[-1]) / 1024
            per_m = seconds / chars * 1e6
            print(f"{copies:>7}{chars:>12,}{seconds:>9.2f}{rss_mb:>9.0f}MB{per_m:>15.2f}")


if __name__ == "__main__":
    main()
