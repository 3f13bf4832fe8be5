"""The ``summarize`` command: a thin click layer over the library, and the one place exit codes live.

Heavy modules (jieba, numpy, python-docx) are imported only inside the commands, so
``summarize --help`` stays instant.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from click_default_group import DefaultGroup

from . import errors
from .errors import InputError, OptionError, SummarizerError
from .options import (
    BACKENDS,
    DEFAULT_BACKEND,
    DEFAULT_SIMILARITY,
    ENGINES,
    EVAL_ENGINES,
    LENGTHS,
    MIN_LENGTH,
    SCRIPTS,
    SIMILARITIES,
)

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_NOTHING = 3
EXIT_PARTIAL = 4
EXIT_OUTPUT = 5
EXIT_TEMPLATE = 6
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

EXIT_CODES: tuple[tuple[type[SummarizerError], int], ...] = (
    (errors.PathError, EXIT_USAGE),
    (errors.OptionError, EXIT_USAGE),
    (errors.RuleFileError, EXIT_USAGE),
    (errors.MissingExtraError, EXIT_USAGE),
    (errors.InputError, EXIT_NOTHING),
    (errors.OutputError, EXIT_OUTPUT),
    (errors.TemplateError, EXIT_TEMPLATE),
)
"""Each error kind's exit code; decided here only, as click does with its exceptions."""


class Terminated(BaseException):
    """SIGTERM arrived: unwound like Ctrl-C, so temporary files are removed on the way out."""


def exit_code(err: SummarizerError) -> int:
    """The exit code of an error kind."""
    return next((code for kind, code in EXIT_CODES if isinstance(err, kind)), EXIT_INTERNAL)


def fail(message: str, code: int) -> NoReturn:
    """One line on stderr, then exit with ``code``."""
    click.echo(f"summarize: error: {one_line(message)}", err=True)
    sys.exit(code)


def one_line(text: str) -> str:
    """A message safe for one terminal line: control characters (a newline in a file name) shown escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class _Group(DefaultGroup):  # type: ignore[misc]
    """``summarize PATH...`` runs the digest; ``summarize eval ...`` the evaluation.

    A folder that shares its name with a subcommand is passed as ``./eval`` or after
    ``--`` (``summarize -- eval``).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] == "--":
            args = [str(self.default_cmd_name), *args]
        elif args and args[0] in self.commands and Path(args[0]).exists():
            click.echo(
                f"summarize: note: '{args[0]}' is read as the subcommand; write ./{args[0]} for the path",
                err=True,
            )
        parsed: list[str] = super().parse_args(ctx, args)
        return parsed

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] PATH...  |  summarize eval [OPTIONS] PAIRS.jsonl")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The default command's options are what a first-time reader looks for here.
        super().format_options(ctx, formatter)
        default = self.commands[str(self.default_cmd_name)]
        options = [p for p in default.get_params(ctx) if isinstance(p, click.Option)]
        rows = [row for p in options if (row := p.get_help_record(ctx))]
        with formatter.section(f"Options of '{default.name}' (the default command)"):
            formatter.write_dl(rows)


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
    default=None,
    help=f"Sentence similarity of our engine [default: {DEFAULT_SIMILARITY}].",
)


class LengthParam(click.ParamType):  # type: ignore[type-arg]
    """``--length``: a name in ``LENGTHS`` or a number of characters (at least ``MIN_LENGTH``)."""

    name = "length"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """The number of characters ``value`` names; a bad one is a usage error naming the choices."""
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if text in LENGTHS:
            return LENGTHS[text]
        if text.isdigit() and int(text) >= MIN_LENGTH:
            return int(text)
        self.fail(f"{value!r}: give {', '.join(LENGTHS)} or a number of characters >= {MIN_LENGTH}", param, ctx)


@click.group(
    cls=_Group,
    default="run",
    default_if_no_args=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="summarizer")
def main() -> None:
    """Turn Chinese work reports into a cross-regional briefing (Markdown, Word, JSON).

    summarize seeds/ --docx writes outputs/briefing-DATE.md and .docx from the reports in
    seeds/. 'run' is the default command; its options are listed below. A folder named
    like a command is passed as ./eval or after --.
    """
    from .batch import single_threaded_blas

    single_threaded_blas()


@contextmanager
def _handled(debug: bool) -> Iterator[None]:
    """Map the library's errors, Ctrl-C and SIGTERM to one line and an exit code."""

    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except SummarizerError as err:
        if debug:
            raise
        fail(str(err), exit_code(err))
    except KeyboardInterrupt:
        # Outputs are renamed into place only when complete, so nothing half-written is left.
        fail("interrupted; no output file is half-written", EXIT_INTERRUPTED)
    except Terminated:
        fail("terminated; no output file is half-written", EXIT_TERMINATED)
    except (SystemExit, click.exceptions.Exit, click.ClickException):
        raise
    except Exception as err:  # a one-line message unless --debug asks for the traceback
        if debug:
            raise
        fail(f"unexpected {type(err).__name__}: {err} (run with --debug for the traceback)", EXIT_INTERNAL)
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.command("run", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("outputs"),
    show_default=True,
    help="Folder for the digest files.",
)
@click.option("--md/--no-md", "md", default=True, show_default=True, help="Write Markdown.")
@click.option("--docx", is_flag=True, help="Also write a Word document.")
@click.option("--json", "json_", is_flag=True, help="Also write JSON.")
@click.option("--title", help="Digest title (default: derived from the reports' common topic).")
@click.option("--date", help="Date YYYY-MM-DD for the output file names (default: newest report date).")
@click.option(
    "--template",
    "templates",
    multiple=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Your own template: a Jinja .j2/.md file for Markdown, a docxtpl .docx for Word (repeatable).",
)
@click.option(
    "--script",
    type=click.Choice(SCRIPTS),
    default=None,
    help="Script of the Markdown and Word briefing [default: simplified].",
)
@click.option("--to", "old_script", type=click.Choice(SCRIPTS), hidden=True)
@click.option(
    "--length",
    type=LengthParam(),
    default="standard",
    show_default=True,
    help=f"Size of each region's part: {', '.join(f'{k} ({v})' for k, v in LENGTHS.items())}, "
    "or a number of characters of summary per report.",
)
@click.option("--cite", is_flag=True, help="Show where each key sentence and figure stands in its file (〔第12行〕).")
@click.option("--eml", is_flag=True, help="Also write an .eml draft: Markdown body, Word file attached.")
@click.option("--to-addr", help="Recipient of the --eml draft.")
@click.option("--from-addr", help="Sender of the --eml draft (default: a placeholder to replace).")
@click.option("--subject", help="Subject of the --eml draft (default: the digest title).")
@_tokenizer_option
@click.option(
    "--userdict",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra jieba-format user dictionary, UTF-8 (repeatable).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="textrank",
    show_default=True,
    help="Key-sentence engine; textrank4zh is the reference (pip install 'summarizer[reference]').",
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
@click.option("--strict", is_flag=True, help="Fail (exit 3) if any input file is skipped as unreadable.")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def run(paths: tuple[Path, ...], debug: bool, **options: Any) -> None:
    """Summarise the reports in PATHS (files or folders) into outputs/briefing-DATE.md.

    Exit codes: 0 done, 2 bad arguments or missing path, 3 nothing readable,
    4 digest written but some files skipped, 5 cannot write the output,
    6 template error, 130 interrupted, 143 terminated.
    See also: summarize eval --help.
    """
    _quiet_libraries()
    with _handled(debug):
        _run(paths, options)


def _quiet_libraries() -> None:
    """Dependencies' own chatter (deprecation warnings, parser log lines) never reaches our users."""
    import logging
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning, module="jieba")
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
    for name in ("jieba", "pypdf", "trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _check(paths: tuple[Path, ...], formats: tuple[str, ...], given: dict[str, Any]) -> dict[str, Path]:
    """Arguments that cannot work, refused before any report is read; returns the templates by format."""
    if not paths:
        raise OptionError("no input: give one or more report files or folders (summarize --help)")
    if not formats:
        raise OptionError("nothing to write: --no-md without --json, --docx or --eml")
    by_format: dict[str, Path] = {}
    for template in given["templates"]:
        fmt = "docx" if template.suffix.lower() == ".docx" else "md"
        if fmt in by_format:
            raise OptionError(f"{template}: a second {fmt} template; give one per format")
        by_format[fmt] = template
    if "docx" in by_format and not {"docx", "eml"} & set(formats):
        raise OptionError(f"{by_format['docx']}: a Word template needs --docx")
    if "md" in by_format and not {"md", "eml"} & set(formats):
        raise OptionError(f"{by_format['md']}: a Markdown template needs Markdown output (drop --no-md)")
    for name in ("to_addr", "from_addr", "subject"):
        if given[name] is not None and "eml" not in formats:
            raise OptionError(f"--{name.replace('_', '-')} needs --eml")
    if given["similarity"] is not None and given["engine"] == "textrank4zh":
        raise OptionError("--similarity applies to our engine only, not to --engine textrank4zh")
    if given["scheduler"] is not None and given["jobs"] is not None:
        raise OptionError("--jobs and --scheduler exclude each other")
    for name in ("title", "subject", "to_addr", "from_addr"):
        value = given[name]
        if value is not None and any(ch in value for ch in "\r\n\x00"):
            raise OptionError(f"--{name.replace('_', '-')} must be one line")
    if given["title"] is not None and len(given["title"]) > MAX_TITLE:
        raise OptionError(f"--title is {len(given['title'])} characters long; a title has at most {MAX_TITLE}")
    return by_format


MAX_TITLE = 200
"""Characters of a --title: a Word document title holds 255, a briefing's is one line."""


def _run(paths: tuple[Path, ...], given: dict[str, Any]) -> None:
    from .options import Options
    from .render.output import Mail, check_date, write_outputs

    switches = (("md", "md"), ("json", "json_"), ("docx", "docx"), ("eml", "eml"))
    formats = tuple(fmt for fmt, name in switches if given[name])
    by_format = _check(paths, formats, given)
    if given["old_script"]:
        click.echo("summarize: note: --to is deprecated; use --script", err=True)
    date = check_date(given["date"])
    options = Options(
        tokenizer=given["tokenizer"],
        userdicts=given["userdict"],
        engine=given["engine"],
        similarity=given["similarity"] or DEFAULT_SIMILARITY,
        length=given["length"],
    )
    if options.userdicts:
        from .tokenize import get_tokenizer

        get_tokenizer(options.tokenizer, options.userdicts)  # a bad dictionary fails now, not in a worker
    quiet = given["quiet"]
    digest = _analyse(paths, options, given)
    if not digest.reports:
        from .load import supported

        failed = [s for s in digest.skipped if s.kind == "error"]
        reason = "no readable reports" if failed else f"no supported files ({supported()})"
        raise InputError(", ".join(str(p) for p in paths), reason)
    unreadable = [s for s in digest.skipped if s.kind == "error"]
    if given["strict"] and unreadable:
        raise InputError(f"{len(unreadable)} file(s)", "skipped as unreadable and --strict given; nothing written")
    written = write_outputs(
        digest,
        given["out_dir"],
        formats,  # type: ignore[arg-type]
        date=date,
        templates=by_format,
        script=given["script"] or given["old_script"] or "simplified",
        mail=Mail(given["to_addr"], given["subject"], given["from_addr"]),
        cited=given["cite"],
    )
    if not quiet:
        for path in written:
            click.echo(f"wrote {one_line(str(path))}")
    if unreadable:
        sys.exit(EXIT_PARTIAL)


def _analyse(paths: tuple[Path, ...], options: Any, given: dict[str, Any]) -> Any:
    from .pipeline import summarize

    quiet = given["quiet"]

    def on_skip(skip: Any) -> None:
        if not quiet:
            what = "skipped" if skip.kind == "error" else "note: not read"  # a copy or another type
            click.echo(f"summarize: {what} {one_line(skip.path)}: {one_line(skip.reason)}", err=True)

    progress = _Progress(quiet)
    try:
        return summarize(
            paths,
            options,
            title=given["title"],
            exclude=[given["out_dir"]],
            on_skip=on_skip,
            jobs=given["jobs"],
            dask=given["scheduler"],
            on_start=progress.start,
            on_result=progress.advance,
        )
    finally:
        progress.close()


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


@click.command("eval", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--engine",
    "engines",
    multiple=True,
    type=click.Choice(EVAL_ENGINES),
    help="Engines to score (repeatable; default: every one installed).",
)
@_tokenizer_option
@_similarity_option
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def evaluate_cmd(pairs: Path, engines: tuple[str, ...], tokenizer: str, similarity: str | None, debug: bool) -> None:
    """Character ROUGE-1/2/L F1 of each engine against the reference summaries in PAIRS.jsonl.

    Each line of PAIRS is a JSON object with "article" and "summary". Every engine gets the
    reference's length as its character budget. The seeds' pairs ship as
    tests/data/seeds_refs.jsonl.
    """
    _quiet_libraries()
    with _handled(debug):
        _evaluate(pairs, engines, tokenizer, similarity or DEFAULT_SIMILARITY)


def _evaluate(pairs: Path, engines: tuple[str, ...], tokenizer: str, similarity: str) -> None:
    from .evaluate import available, evaluate, load_pairs

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


main.add_command(run)
main.add_command(evaluate_cmd)
