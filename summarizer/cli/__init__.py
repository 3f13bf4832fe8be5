"""The ``summarize`` command: a thin click layer over the library, and the one place exit codes live.

Heavy modules (jieba, numpy, python-docx) are imported only inside the commands, so
``summarize --help`` stays instant.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any

import click

from ..errors import InputError, OptionError
from ..options import DEFAULT_MASTHEAD, DEFAULT_SIMILARITY, ENGINES, LENGTHS, MAX_TITLE, SCRIPTS, Script
from .common import (
    EXIT_PARTIAL,
    Group,
    LengthParam,
    Progress,
    handled,
    one_line,
    quiet_libraries,
    similarity_option,
    single_threaded_blas,
    tokenizer_option,
)
from .evaluate import evaluate_cmd
from .serve import serve_cmd


@click.group(
    cls=Group,
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
    single_threaded_blas()


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
@click.option(
    "--overrides",
    type=click.Path(exists=True, dir_okay=False),
    help="Corrections: a CSV file (UTF-8 or GBK) with the header file,region,title,date,skip.",
)
@click.option("--since", metavar="DATE", help="Only reports dated on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", metavar="DATE", help="Only reports dated on or before DATE (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--regions", metavar="NAMES", help="Only reports about these places, comma-separated: 河北,银川市.")
@click.option(
    "--pages",
    type=click.IntRange(min=1),
    help="Fit the Word briefing to N A4 pages by shortening each region's part (needs --docx).",
)
@click.option("--cite", is_flag=True, help="Show where each key sentence and figure stands in its file (〔第12行〕).")
@click.option(
    "--masthead",
    is_flag=False,
    flag_value=DEFAULT_MASTHEAD,
    metavar="[TEXT]",
    help=f"Open the briefing with a masthead (版头) titled TEXT [default: {DEFAULT_MASTHEAD}] and close it "
    "with a closing block (版记); given by any of the masthead options.",
)
@click.option("--issue-no", type=click.IntRange(min=1), metavar="N", help="Issue number of the masthead: 第N期.")
@click.option("--org", metavar="TEXT", help="Body that prints the briefing (编印单位) in the masthead.")
@click.option("--send-to", metavar="TEXT", help="报送： line of the closing block.")
@click.option("--cc", metavar="TEXT", help="抄送： line of the closing block.")
@click.option("--eml", is_flag=True, help="Also write an .eml draft: Markdown body, Word file attached.")
@click.option("--to-addr", help="Recipient of the --eml draft.")
@click.option("--from-addr", help="Sender of the --eml draft (default: a placeholder to replace).")
@click.option("--subject", help="Subject of the --eml draft (default: the digest title).")
@tokenizer_option
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
@similarity_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores; small batches run in one process).",
)
@click.option("--scheduler", metavar="ADDRESS", help="Analyse on a Dask cluster (pip install 'summarizer[dask]').")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read files that symbolic links in the folders lead to outside them (skipped by default).",
)
@click.option(
    "--wait",
    is_flag=True,
    help="If another run is writing to the same -o folder, wait for it (default: fail at once).",
)
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
    quiet_libraries()
    with handled(debug), ExitStack() as held:
        _run(paths, options, held)


def _check(paths: tuple[Path, ...], formats: tuple[str, ...], given: dict[str, Any]) -> dict[str, Path]:
    """Arguments that cannot work, refused before any report is read; returns the templates by format."""
    # A bare --masthead before the paths takes the first as its value (click's optional value).
    if given["masthead"] is not None and Path(given["masthead"]).exists():
        raise OptionError(
            f"--masthead took {given['masthead']!r} as its title; put --masthead after the paths, "
            "or write --masthead=TITLE"
        )
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
    masthead = [name for name in MASTHEAD_OPTIONS if given[name] is not None]
    if masthead and not {"md", "docx", "eml"} & set(formats):
        raise OptionError(f"--{masthead[0].replace('_', '-')} heads the Markdown or Word briefing; write one of them")
    for name in ("to_addr", "from_addr", "subject"):
        if given[name] is not None and "eml" not in formats:
            raise OptionError(f"--{name.replace('_', '-')} needs --eml")
    if given["similarity"] is not None and given["engine"] == "textrank4zh":
        raise OptionError("--similarity applies to our engine only, not to --engine textrank4zh")
    if given["pages"] is not None and not {"docx", "eml"} & set(formats):
        raise OptionError("--pages fits the Word briefing: it needs --docx")
    if given["scheduler"] is not None and given["jobs"] is not None:
        raise OptionError("--jobs and --scheduler exclude each other")
    for name in ("title", "subject", "to_addr", "from_addr"):
        value = given[name]
        if value is not None and any(ch in value for ch in "\r\n\x00"):
            raise OptionError(f"--{name.replace('_', '-')} must be one line")
    for name in ("to_addr", "from_addr"):
        if given[name] is not None:
            from ..rendering.mail import addresses

            addresses(f"--{name.replace('_', '-')}", given[name])
    if given["title"] is not None and len(given["title"]) > MAX_TITLE:
        raise OptionError(f"--title is {len(given['title'])} characters long; a title has at most {MAX_TITLE}")
    return by_format


MASTHEAD_OPTIONS = ("masthead", "issue_no", "org", "send_to", "cc")


def _output_lock(given: dict[str, Any]) -> AbstractContextManager[Path]:
    from ..rendering.lock import output_lock

    def waiting() -> None:
        click.echo(f"summarize: waiting for another run writing to {one_line(str(given['out_dir']))}", err=True)

    return output_lock(given["out_dir"], wait=given["wait"], on_wait=waiting)


def _run(paths: tuple[Path, ...], given: dict[str, Any], held: ExitStack) -> None:
    from ..options import Options
    from ..rendering.mail import Mail
    from ..rendering.output import check_date, write_outputs

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
        **{name: given[name] for name in MASTHEAD_OPTIONS},
        overrides=given["overrides"],
        since=given["since"],
        until=given["until"],
        regions=tuple(given["regions"].replace("，", ",").split(",")) if given["regions"] is not None else (),
        pages=given["pages"],
    )
    if options.userdicts:
        from ..ranking.tokenize import get_tokenizer

        get_tokenizer(options.tokenizer, options.userdicts)  # a bad dictionary fails now, not in a worker
    quiet = given["quiet"]
    # Held from before the first report is read until the run exits: a second run into the
    # folder fails at once, not after its analysis (or, with --wait, waits its turn).
    held.enter_context(_output_lock(given))
    digest = _analyse(paths, options, given)
    if not digest.reports:
        from ..reading.load import supported

        failed = [s for s in digest.skipped if s.kind == "error"]
        left_out = [s for s in digest.skipped if s.kind == "excluded"]
        reason = "no readable reports" if failed else f"no supported files ({supported()})"
        if left_out:
            reason = f"every report left out ({len(left_out)}: --since, --until, --regions or the overrides' skip)"
        raise InputError(", ".join(str(p) for p in paths), reason)
    unreadable = [s for s in digest.skipped if s.kind == "error"]
    if given["strict"] and unreadable:
        raise InputError(f"{len(unreadable)} file(s)", "skipped as unreadable and --strict given; nothing written")
    script: Script = given["script"] or given["old_script"] or "simplified"
    if options.pages:
        digest = _fit(digest, options, by_format.get("docx"), script, given)
    written = write_outputs(
        digest,
        given["out_dir"],
        formats,  # type: ignore[arg-type]
        date=date,
        templates=by_format,
        script=script,
        mail=Mail(given["to_addr"], given["subject"], given["from_addr"]),
        cited=given["cite"],
        options=options,
    )
    if not quiet:
        for path in written:
            click.echo(f"wrote {one_line(str(path))}")
    if unreadable:
        sys.exit(EXIT_PARTIAL)


def _fit(digest: Any, options: Any, template: Path | None, script: Script, given: dict[str, Any]) -> Any:
    """The digest shortened to the pages asked for; a note says how it went."""
    from ..rendering.pages import fit_pages

    fitted = fit_pages(digest, options, template=template, script=script, cited=given["cite"])
    counted = f"counted by {fitted.counted_by}; {fitted.tries} lengths tried"
    if not fitted.fits:
        click.echo(
            f"summarize: note: the Word briefing takes {fitted.pages} pages at its shortest, "
            f"more than --pages {options.pages} ({counted})",
            err=True,
        )
    elif not given["quiet"]:
        click.echo(f"summarize: the Word briefing takes {fitted.pages} pages ({counted})", err=True)
    return fitted.digest


def _analyse(paths: tuple[Path, ...], options: Any, given: dict[str, Any]) -> Any:
    from ..pipeline import summarize

    quiet = given["quiet"]

    def on_skip(skip: Any) -> None:
        if not quiet:
            notes = {"error": "skipped", "excluded": "note: left out"}
            what = notes.get(skip.kind, "note: not read")  # a copy or another type
            click.echo(f"summarize: {what} {one_line(skip.path)}: {one_line(skip.reason)}", err=True)

    progress = Progress(quiet)
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
            follow_links=given["follow_links"],
        )
    finally:
        progress.close()


main.add_command(run)
main.add_command(evaluate_cmd)
main.add_command(serve_cmd)
