"""Writing a briefing's files: names, atomic writes, the .eml draft's parts; nothing half-written, ever.

Every template is loaded and checked, and every output rendered to a temporary file in the
target folder, before any file is put in place: a template error leaves the folder as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path

from ..errors import OptionError, OutputError
from ..model import Digest
from ..options import Options, OutputFormat, Script
from ..reading.walk import identity
from .context import Briefing, briefing_date
from .jsondoc import iter_json
from .lock import locking
from .mail import Mail, render_eml
from .markdown import iter_markdown, markdown_template
from .word import render_docx, word_template

TEMP_PREFIX = ".summarize-"
"""Temporary files of a run in progress are named ``.summarize-PID-NAME.XXXX.tmp``, so the next
run can tell what a killed run left (its process is gone) from what a concurrent run is writing."""


def check_date(date: str | None) -> str | None:
    """A ``--date`` as given when it is a real ``YYYY-MM-DD`` date; raises :class:`OptionError` otherwise.

    >>> check_date("2020-05-13")
    '2020-05-13'
    """
    import datetime as dt

    if date is None:
        return None
    try:
        if len(date) == 10 and dt.date.fromisoformat(date).isoformat() == date:
            return date
    except ValueError:
        pass
    raise OptionError(f"--date {date!r} is not a date in the form YYYY-MM-DD")


def output_stem(digest: Digest, date: str | None = None) -> str:
    """``briefing-2020-05-13``: the given date, else the newest report date, never the clock."""
    date = briefing_date(digest, check_date(date))
    return f"briefing-{date}" if date else "briefing"


def _write_chunks(path: Path, chunks: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.writelines(chunks)


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files of runs that were killed before they could (SIGKILL skips all clean-up)."""
    for leftover in orphans(folder.glob(f"{TEMP_PREFIX}*.tmp"), TEMP_PREFIX):
        leftover.unlink(missing_ok=True)


def orphans(paths: Iterable[Path], prefix: str) -> Iterator[Path]:
    """The paths named ``{prefix}{pid}-…`` whose process is gone: what a killed run left behind."""
    for path in paths:
        pid = path.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            yield path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it and put it back
    os.umask(mask)
    return mask


class _Staging:
    """Temporary files beside their targets, renamed into place together at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staged: list[tuple[Path, Path]] = []
        self.mode_mask = _umask()
        remove_leftovers(folder)

    def stage(self, target: Path, write: Callable[[Path], None]) -> Path:
        """Write ``target``'s content to a temporary file; returns the temporary path."""
        prefix = f"{TEMP_PREFIX}{os.getpid()}-{target.name}."
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=self.folder)
        os.close(fd)
        tmp = Path(name)
        self.staged.append((tmp, target))
        write(tmp)
        # mkstemp makes the file private (0600); the briefing gets what the user's umask gives
        # any new file, so colleagues and a web server can read it.
        os.chmod(tmp, 0o666 & ~self.mode_mask)
        return tmp

    def commit(self) -> None:
        for tmp, target in self.staged:
            os.replace(tmp, target)
        self.staged = []

    def discard(self) -> None:
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        self.staged = []


def refuse_inputs(digest: Digest, targets: Sequence[Path]) -> None:
    """Raise :class:`OutputError` if writing ``targets`` would replace one of the digest's inputs.

    An earlier briefing of ours is never an input (the walk passes over it), so it is
    replaced as usual; a user's own ``briefing.md`` that was read as a report is not.
    """
    existing = {key: t for t in targets if (key := _identity(t)) is not None}
    if not existing:
        return
    for path in (*(r.path for r in digest.reports), *(s.path for s in digest.skipped)):
        if (key := _identity(Path(path))) in existing:
            target = existing[key]
            raise OutputError(f"{target}: is one of the input files; not overwritten (write to another folder with -o)")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        return identity(path)
    except OSError:
        return None


@locking
def write_outputs(
    digest: Digest,
    out_dir: Path,
    formats: Sequence[OutputFormat],
    *,
    date: str | None = None,
    templates: Mapping[str, Path] | None = None,
    script: Script = "simplified",
    mail: Mail | None = None,
    cited: bool = False,
    options: Options | None = None,
) -> list[Path]:
    """Write the requested formats (``md``, ``json``, ``docx``, ``eml``) and return their paths.

    ``templates`` maps a format to the user's template for it; ``script="traditional"``
    renders Markdown and Word in Traditional characters (JSON keeps the analysed text);
    ``cited`` shows where each sentence and figure stands in its file (``--cite``);
    ``options`` give the masthead and closing block (``Options(masthead=…, issue_no=…)``).
    An ``.eml`` needs the Word file, so asking for one writes both.
    Writes holding the lock on ``out_dir`` (:mod:`summarizer.rendering.lock`): raises
    :class:`OutputError` while another process holds it.
    """
    templates = templates or {}
    date = briefing_date(digest, check_date(date))
    stem = output_stem(digest, date)
    wanted = set(formats) | ({"docx"} if "eml" in formats else set())
    unknown = wanted - {"json", "md", "docx", "eml"}
    if unknown:
        raise OptionError(f"unknown output format {sorted(unknown)[0]!r}")
    order = [f for f in ("json", "md", "docx", "eml") if f in wanted]
    # Every template first: a broken one stops the run before anything is written.
    md_template = markdown_template(templates.get("md")) if {"md", "eml"} & wanted else None
    docx_template = word_template(templates.get("docx")) if "docx" in wanted else None
    briefing = Briefing.of(digest, script, cited=cited, options=options, date=date)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot create the output folder ({err.strerror})") from err
    refuse_inputs(digest, [out_dir / f"{stem}.{fmt}" for fmt in order])
    staging = _Staging(out_dir)
    staged: dict[str, Path] = {}
    try:
        if "json" in wanted:
            staged["json"] = staging.stage(out_dir / f"{stem}.json", partial(_write_chunks, chunks=iter_json(digest)))
        if md_template is not None and "md" in wanted:
            chunks = iter_markdown(briefing, md_template)
            staged["md"] = staging.stage(out_dir / f"{stem}.md", partial(_write_chunks, chunks=chunks))
        if docx_template is not None:
            write = partial(render_docx, briefing, template=docx_template)
            staged["docx"] = staging.stage(out_dir / f"{stem}.docx", write)
        if md_template is not None and "eml" in wanted:
            body = staged["md"].read_text(encoding="utf-8") if "md" in staged else ""
            body = body or "".join(iter_markdown(briefing, md_template))
            title = briefing.convert(briefing.context["title"])
            head = briefing.context["masthead"]
            masthead = briefing.convert(head["title"]) if head else None
            word = staged["docx"].read_bytes()
            eml = render_eml(body, word, f"{stem}.docx", mail or Mail(), title, date, masthead)
            staging.stage(out_dir / f"{stem}.eml", partial(_write_bytes, data=eml))
        staging.commit()
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot write output ({err.strerror or err})") from err
    finally:
        staging.discard()
    return [out_dir / f"{stem}.{fmt}" for fmt in order]
