"""Stage 7, digest: bring the per-report results together for the cross-report briefing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .model import Digest, Report, Skipped

DEFAULT_TITLE = "工作跨地区简报"


def digest_title(reports: Sequence[Report]) -> str:
    """``疫情防控工作跨地区简报``: the most shared keyword across reports, plus 工作跨地区简报."""
    counts: Counter[str] = Counter()
    for r in reports:
        counts.update(set(r.keywords[:5]) | set(r.keyphrases[:3]))
    shared = [w for w, c in counts.most_common() if c >= 2]
    topic = max(shared, key=lambda w: (counts[w], len(w), w)) if shared else ""
    return f"{topic}{DEFAULT_TITLE}"


def build_digest(reports: Sequence[Report], skipped: Sequence[Skipped] = (), title: str | None = None) -> Digest:
    """Digest of reports in a stable order (by path for now)."""
    ordered = tuple(sorted(reports, key=lambda r: r.path))
    return Digest(ordered, tuple(skipped), title or digest_title(ordered))
