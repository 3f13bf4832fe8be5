"""``summarize eval``: ROUGE of each engine against reference summaries, printed as a table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..errors import OptionError
from ..options import (
    DEFAULT_SIMILARITY,
    EVAL_ENGINES,
)
from .common import handled, quiet_libraries, similarity_option, tokenizer_option


@click.command("eval", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--engine",
    "engines",
    multiple=True,
    type=click.Choice(EVAL_ENGINES),
    help="Engines to score (repeatable; default: every one installed).",
)
@tokenizer_option
@similarity_option
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def evaluate_cmd(pairs: Path, engines: tuple[str, ...], tokenizer: str, similarity: str | None, debug: bool) -> None:
    """Character ROUGE-1/2/L F1 of each engine against the reference summaries in PAIRS.jsonl.

    Each line of PAIRS is a JSON object with "article" and "summary". Every engine gets the
    reference's length as its character budget. The seeds' pairs ship as
    tests/data/seeds_refs.jsonl.
    """
    quiet_libraries()
    with handled(debug):
        _evaluate(pairs, engines, tokenizer, similarity or DEFAULT_SIMILARITY)


def _evaluate(pairs: Path, engines: tuple[str, ...], tokenizer: str, similarity: str) -> None:
    from ..evaluation.evaluate import available, evaluate, load_pairs

    rows = load_pairs(pairs)
    chosen, missing = available(engines)
    for engine, extra in missing:
        click.echo(f"summarize: note: {engine} not scored: pip install 'summarizer[{extra}]'", err=True)
    if not chosen:
        raise OptionError("no engine to score")
    results = evaluate(rows, chosen, tokenizer=tokenizer, similarity=similarity)  # type: ignore[arg-type]
    _print_scores(results, len(rows), click.echo)


def _print_scores(results: dict[str, tuple[float, float, float]], n: int, echo: Callable[[str], None]) -> None:
    echo(f"{'engine':<16}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}   ({n} pairs)")
    for name, (r1, r2, rl) in results.items():
        echo(f"{name:<16}{r1 * 100:9.2f}{r2 * 100:9.2f}{rl * 100:9.2f}")
