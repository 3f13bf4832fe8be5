"""The ``summarize`` command: a thin click layer over the library.

Heavy modules (jieba, numpy, python-docx) are imported only inside the commands, so
``summarize --help`` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .rank import DEFAULT_SIMILARITY, SIMILARITIES
from .tokenize import BACKENDS, DEFAULT_BACKEND

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3
EXIT_PARTIAL = 4
EXIT_OUTPUT = 5
EXIT_TEMPLATE = 6
EXIT_INTERRUPTED = 130


class _DefaultGroup(click.Group):
    """``summarize PATH...`` runs the digest; ``summarize eval ...`` the evaluation."""

    default = "run"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] != "--version"):
            args = [self.default, *args]
        return super().parse_args(ctx, args)


# Shared by the digest and eval commands, so both offer the same choices; the choices
# and defaults are the library's own (both modules import in a few milliseconds, with
# no segmenter or numpy behind them).
_tokenizer_option = click.option(
    "--tokenizer",
    type=click.Choice(BACKENDS),
    default=DEFAULT_BACKEND,
    show_default=True,
    help="Segmentation backend; jieba is the reference.",
)
_similarity_option = click.option(
    "--similarity",
    type=click.Choice(SIMILARITIES),
    default=DEFAULT_SIMILARITY,
    show_default=True,
    help="Sentence similarity of our engine.",
)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarizer")
def main() -> None:
    """Turn Chinese work reports into a cross-regional briefing (Markdown, Word, JSON)."""
    from .batch import single_threaded_blas

    single_threaded_blas()


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
    "--template",
    "templates",
    multiple=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Your own template: a Jinja .j2/.md file for Markdown, a docxtpl .docx for Word (repeatable).",
)
@click.option(
    "--to",
    "script",
    type=click.Choice(["simplified", "traditional"]),
    default="simplified",
    show_default=True,
    help="Script of the Markdown and Word briefing.",
)
@click.option("--eml", is_flag=True, help="Also write an .eml draft: Markdown body, Word file attached.")
@click.option("--to-addr", help="Recipient of the --eml draft.")
@click.option("--subject", help="Subject of the --eml draft (default: the digest title).")
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
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores; small batches run in one process).",
)
@click.option("--scheduler", metavar="ADDRESS", help="Analyse on a Dask cluster (pip install 'summarizer[dask]').")
@click.option("--strict", is_flag=True, help="Fail (exit 3) if any input is skipped.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def run(paths: tuple[Path, ...], debug: bool, **options: Any) -> None:
    """Summarise the reports in PATHS (files or folders) into outputs/briefing-DATE.md.

    Exit codes: 0 done, 2 bad arguments or missing path, 3 nothing readable,
    4 digest written but some files skipped, 5 cannot write the output,
    6 template error, 130 interrupted.
    See also: summarize eval --help.
    """
    if not paths:
        _fail("no input: give one or more report files or folders", EXIT_USAGE)
    try:
        _run(paths, **options)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        # Outputs are renamed into place only when complete, so nothing half-written is left.
        _fail("interrupted; no output file is half-written", EXIT_INTERRUPTED)
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
    templates: tuple[Path, ...],
    script: str,
    eml: bool,
    to_addr: str | None,
    subject: str | None,
    tokenizer: str,
    userdict: tuple[str, ...],
    engine: str,
    similarity: str,
    strict: bool,
    quiet: bool,
    jobs: int | None,
    scheduler: str | None,
) -> None:
    from .load import InputError, supported
    from .pipeline import Options, summarize
    from .render import Mail, write_outputs

    options = Options(tokenizer=tokenizer, userdicts=userdict, engine=engine, similarity=similarity)

    def on_skip(skip: Any) -> None:
        what = "note: not read" if skip.kind == "unsupported" else "skipped"
        click.echo(f"summarize: {what} {skip.path}: {skip.reason}", err=True)

    progress = _Progress(quiet)
    try:
        digest = summarize(
            paths,
            options,
            title=title,
            on_skip=on_skip,
            jobs=jobs,
            dask=scheduler,
            on_start=progress.start,
            on_result=progress.advance,
        )
    except InputError as err:
        _fail(str(err), err.code)
    finally:
        progress.close()
    if not digest.reports:
        where = ", ".join(str(p) for p in paths)
        errors = [s for s in digest.skipped if s.kind == "error"]
        reason = "no readable reports" if errors else f"no supported files ({supported()})"
        _fail(f"{where}: {reason}", EXIT_NOTHING)
    if strict and digest.skipped:
        _fail(f"{len(digest.skipped)} file(s) skipped and --strict given; nothing written", EXIT_NOTHING)
    formats = tuple(f for f, on in (("md", md), ("json", json_), ("docx", docx), ("eml", eml)) if on)
    if not formats:
        _fail("nothing to write: all of --no-md, no --json, no --docx", EXIT_USAGE)
    by_format = {}
    for template in templates:
        fmt = "docx" if template.suffix.lower() == ".docx" else "md"
        if fmt in by_format:
            _fail(f"{template}: a second {fmt} template; give one per format", EXIT_USAGE)
        by_format[fmt] = template
    try:
        written = write_outputs(
            digest,
            out_dir,
            formats,
            date=date,
            templates=by_format,
            script=script,
            mail=Mail(to_addr, subject),
        )
    except OSError as err:
        _fail(f"{err.filename or out_dir}: cannot write output ({err.strerror})", EXIT_OUTPUT)
    except Exception as err:
        located = _template_error(err, by_format.values())
        if located is None:
            raise
        _fail(located, EXIT_TEMPLATE)
    if not quiet:
        for path in written:
            click.echo(f"wrote {path}")
    if any(s.kind == "error" for s in digest.skipped):
        sys.exit(EXIT_PARTIAL)


PROGRESS_MIN_FILES = 6


class _Progress:
    """A progress bar on stderr for a terminal and more than a few files; silent otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.enabled and total >= PROGRESS_MIN_FILES:
            self.bar = click.progressbar(length=total, label="reports", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, _result: object) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _template_error(err: Exception, templates: Any) -> str | None:
    """``my.md.j2:12: template error: 'foo' is undefined`` for an error raised inside a template."""
    import traceback

    import jinja2

    if not isinstance(err, jinja2.TemplateError):
        return None
    if isinstance(err, jinja2.TemplateSyntaxError) and err.lineno:
        return f"{err.filename or err.name}:{err.lineno}: template error: {err.message}"
    names = {str(t) for t in templates} | {t.name for t in templates}
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename in names or Path(frame.filename).name.endswith((".j2", ".md", ".jinja")):
            return f"{frame.filename}:{frame.lineno}: template error: {err}"
    return f"template error: {err}"


@main.command("eval", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--engine",
    "engines",
    multiple=True,
    # evaluate.ENGINES, written out: importing the pipeline here would slow --help.
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
    from .evaluate import ENGINES, evaluate, load_pairs

    try:
        rows = load_pairs(pairs)
    except ValueError as err:
        _fail(f"{pairs}: {err}", EXIT_NOTHING)
    results = evaluate(rows, engines or ENGINES, tokenizer=tokenizer, similarity=similarity)
    click.echo(f"{'engine':<14}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}   ({len(rows)} pairs)")
    for name, (r1, r2, rl) in results.items():
        click.echo(f"{name:<14}{r1 * 100:9.2f}{r2 * 100:9.2f}{rl * 100:9.2f}")
