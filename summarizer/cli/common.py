"""The command line's shared parts: exit codes, error handling, the help layout, options, progress."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from click_default_group import DefaultGroup

from .. import errors
from ..errors import SummarizerError
from ..options import (
    BACKENDS,
    DEFAULT_BACKEND,
    DEFAULT_SIMILARITY,
    LENGTHS,
    MIN_LENGTH,
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
    # The command line passes the library only what it checked: a wrong type there is our bug.
    (errors.ArgumentTypeError, EXIT_INTERNAL),
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


class Group(DefaultGroup):  # type: ignore[misc]
    """``summarize PATH...`` runs the digest; ``summarize eval ...`` the evaluation; ``summarize serve`` the page.

    A folder that shares its name with a subcommand is passed as ``./eval`` or after
    ``--`` (``summarize -- eval``).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``--`` first runs the default command; a subcommand's name that is also a path is noted."""
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
        """Every way to call it: the default command, eval and serve."""
        formatter.write_usage(
            ctx.command_path, "[OPTIONS] PATH...  |  summarize eval [OPTIONS] PAIRS.jsonl  |  summarize serve [OPTIONS]"
        )

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The group's options, then the default command's."""
        # The default command's options are what a first-time reader looks for here.
        super().format_options(ctx, formatter)
        default = self.commands[str(self.default_cmd_name)]
        options = [p for p in default.get_params(ctx) if isinstance(p, click.Option)]
        rows = [row for p in options if (row := p.get_help_record(ctx))]
        with formatter.section(f"Options of '{default.name}' (the default command)"):
            formatter.write_dl(rows)


tokenizer_option = click.option(
    "--tokenizer",
    type=click.Choice(BACKENDS),
    default=DEFAULT_BACKEND,
    show_default=True,
    help="Segmentation backend; jieba is the reference.",
)
similarity_option = click.option(
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


@contextmanager
def handled(debug: bool) -> Iterator[None]:
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


def quiet_libraries() -> None:
    """Dependencies' own chatter (deprecation warnings, parser log lines) never reaches our users."""
    import logging
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning, module="jieba")
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
    for name in ("jieba", "pypdf", "trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


PROGRESS_MIN_FILES = 6


class Progress:
    """A progress bar on stderr for a terminal and more than a few files; silent otherwise.

    It counts bytes, not files: a folder of short pages and one long report is read at
    about the same speed per byte, not per file, so the time left it shows holds.
    """

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: Any = None
        self.sizes: dict[str, int] = {}

    def start(self, files: Sequence[Path]) -> None:
        """Show the bar for ``files``, when there are enough of them."""
        if self.enabled and len(files) >= PROGRESS_MIN_FILES:
            for path in files:
                try:
                    self.sizes[str(path)] = max(1, path.stat().st_size)
                except OSError:
                    self.sizes[str(path)] = 1
            self.bar = click.progressbar(length=sum(self.sizes.values()), label="reports", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, result: object) -> None:
        """One file done: its bytes."""
        if self.bar is not None:
            self.bar.update(self.sizes.get(str(getattr(result, "path", "")), 1))

    def close(self) -> None:
        """Take the bar off the terminal."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def single_threaded_blas() -> None:
    """Keep numpy's BLAS to one thread in this command, unless the user chose otherwise.

    Our matrices are a report's sentences (tens of rows): a BLAS thread pool only adds
    hand-offs and burned a second core for no gain. The command sets it before numpy
    loads; the library leaves the environment alone and caps its own workers.
    """
    import os

    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
