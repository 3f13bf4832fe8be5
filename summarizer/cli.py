"""The ``summarize`` command: a thin click layer over the library.

Heavy modules (jieba, numpy, python-docx) are imported only inside the commands, so
``summarize --help`` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3
EXIT_PARTIAL = 4
EXIT_OUTPUT = 5


class _DefaultGroup(click.Group):
    """``summarize PATH...`` runs the digest; ``summarize eval ...`` the evaluation."""

    default = "run"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] != "--version"):
            args = [self.default, *args]
        return super().parse_args(ctx, args)


# Shared by the digest and eval commands, so both offer the same choices.
_tokenizer_option = click.option(
    "--tokenizer",
    type=click.Choice(["rjieba", "jieba"]),
    default="rjieba",
    show_default=True,
    help="Segmentation backend; jieba is the reference.",
)
_similarity_option = click.option(
    "--similarity",
    type=click.Choice(["overlap", "bm25"]),
    default="overlap",
    show_default=True,
    help="Sentence similarity of our engine.",
)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarizer")
def main() -> None:
    """Turn Chinese work reports into a cross-regional briefing (Markdown, Word, JSON)."""


def _fail(message: str, code: int) -> None:
    click.echo(f"summarize: error: {message}", err=True)
    sys.exit(code)


@main.command("run", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Folder for the digest files.",
)
@click.option("--md/--no-md", "md", default=True, show_default=True, help="Write Markdown.")
@click.option("--docx", is_flag=True, help="Also write a Word document.")
@click.option("--json", "json_", is_flag=True, help="Also write JSON.")
@click.option("--title", help="Digest title (default: derived from the reports' common topic).")
@click.option("--date", help="Date for the output file names (default: newest report date).")
@click.option(
    "--template", type=click.Path(path_type=Path, exists=True, dir_okay=False), help="Your own Markdown Jinja template."
)
@_tokenizer_option
@click.option(
    "--userdict",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra jieba-format user dictionary (repeatable).",
)
@click.option(
    "--engine",
    type=click.Choice(["textrank", "textrank4zh"]),
    default="textrank",
    show_default=True,
    help="Key-sentence engine; textrank4zh is the reference.",
)
@_similarity_option
@click.option("--strict", is_flag=True, help="Fail (exit 3) if any input is skipped.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def run(paths: tuple[Path, ...], debug: bool, **options: Any) -> None:
    """Summarise the reports in PATHS (files or folders) into outputs/briefing-DATE.md.

    Exit codes: 0 done, 2 bad arguments or missing path, 3 nothing readable,
    4 digest written but some files skipped, 5 cannot write the output.
    See also: summarize eval --help.
    """
    if not paths:
        _fail("no input: give one or more report files or folders", EXIT_USAGE)
    try:
        _run(paths, **options)
    except SystemExit:
        raise
    except Exception as err:  # a one-line message unless --debug asks for the traceback
        if debug:
            raise
        _fail(f"{type(err).__name__}: {err}", EXIT_INTERNAL)


def _run(
    paths: tuple[Path, ...],
    out_dir: Path,
    md: bool,
    docx: bool,
    json_: bool,
    title: str | None,
    date: str | None,
    template: Path | None,
    tokenizer: str,
    userdict: tuple[str, ...],
    engine: str,
    similarity: str,
    strict: bool,
    quiet: bool,
) -> None:
    from .load import InputError
    from .pipeline import Options, summarize
    from .render import write_outputs

    options = Options(tokenizer=tokenizer, userdicts=userdict, engine=engine, similarity=similarity)

    def on_skip(skip: Any) -> None:
        click.echo(f"summarize: skipped {skip.path}: {skip.reason}", err=True)

    try:
        digest = summarize(paths, options, title=title, on_skip=on_skip)
    except InputError as err:
        _fail(str(err), err.code)
    if not digest.reports:
        where = ", ".join(str(p) for p in paths)
        reason = "no readable reports" if digest.skipped else "no supported files (.txt)"
        _fail(f"{where}: {reason}", EXIT_NOTHING)
    if strict and digest.skipped:
        _fail(f"{len(digest.skipped)} file(s) skipped and --strict given; nothing written", EXIT_NOTHING)
    formats = tuple(f for f, on in (("md", md), ("json", json_), ("docx", docx)) if on)
    if not formats:
        _fail("nothing to write: all of --no-md, no --json, no --docx", EXIT_USAGE)
    try:
        written = write_outputs(digest, out_dir, formats, date=date, template=template)
    except OSError as err:
        _fail(f"{err.filename or out_dir}: cannot write output ({err.strerror})", EXIT_OUTPUT)
    if not quiet:
        for path in written:
            click.echo(f"wrote {path}")
    if digest.skipped:
        sys.exit(EXIT_PARTIAL)


@main.command("eval", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--engine",
    "engines",
    multiple=True,
    type=click.Choice(["textrank", "textrank4zh", "lead3"]),
    help="Engines to score (default: all three).",
)
@_tokenizer_option
@_similarity_option
def evaluate_cmd(pairs: Path, engines: tuple[str, ...], tokenizer: str, similarity: str) -> None:
    """Character ROUGE-1/2/L F1 of each engine against the reference summaries in PAIRS.jsonl.

    Each line of PAIRS is a JSON object with "article" and "summary". Every engine gets the
    reference's length as its character budget.
    """
    from .evaluate import evaluate, load_pairs

    try:
        rows = load_pairs(pairs)
    except ValueError as err:
        _fail(f"{pairs}: {err}", EXIT_NOTHING)
    results = evaluate(
        rows, engines or ("textrank", "textrank4zh", "lead3"), tokenizer=tokenizer, similarity=similarity
    )
    click.echo(f"{'engine':<14}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}   ({len(rows)} pairs)")
    for name, (r1, r2, rl) in results.items():
        click.echo(f"{name:<14}{r1 * 100:9.2f}{r2 * 100:9.2f}{rl * 100:9.2f}")
