"""``summarize serve``: the web page for staff without a terminal, started from the command line.

Nothing of the web stack is imported until the command runs: ``summarize --help`` stays
light, and a missing ``summarizer[web]`` extra is one line naming it (exit 2).
"""

from __future__ import annotations

import click

from ..errors import OptionError
from .common import Terminated, handled, quiet_libraries


@click.command("serve", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 opens the page to other computers (anyone who reaches it can upload).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one).")
@click.option("--max-mb", type=click.IntRange(min=1), default=50, show_default=True, help="Upload limit in MB.")
@click.option("--max-files", type=click.IntRange(min=1), default=500, show_default=True, help="Files per upload.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Briefings made at the same time; more wait in line.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def serve_cmd(host: str, port: int, max_mb: int, max_files: int, workers: int, debug: bool) -> None:
    """Serve a page (in Chinese) where reports are dropped and the briefing read and downloaded.

    Needs pip install 'summarizer[web]'. It listens on 127.0.0.1 only unless --host says
    otherwise; uploads are limited to --max-mb and --max-files, each job works in its own
    temporary folder, removed when it is done.
    """
    quiet_libraries()
    with handled(debug):
        _serve(host, port, max_mb, max_files, workers)


def _serve(host: str, port: int, max_mb: int, max_files: int, workers: int) -> None:
    import contextlib
    import os
    import socket

    from ..web import require_web

    require_web()
    import uvicorn

    from ..web.app import create_app, local_hosts
    from ..web.uploads import MB, Limits

    limits = Limits(max_bytes=max_mb * MB, max_files=max_files, max_unpacked=4 * max_mb * MB)
    app = create_app(limits, workers=workers, allowed_hosts=local_hosts(host), warm=True)
    try:
        # Bound here, so a port in use is a one-line error before anything starts.
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.create_server((host, port), family=family)
    except OSError as err:
        reason = os.strerror(err.errno) if err.errno else str(err)
        raise OptionError(f"cannot listen on {host}:{port} ({reason}); choose another --port") from err
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{sock.getsockname()[1]}/"
    click.echo(f"summarize: serving the briefing page at {url} (Ctrl+C stops it)", err=True)
    if local_hosts(host) is None:
        click.echo(f"summarize: note: listening on {host}: anyone who can reach this computer can upload", err=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    # Ctrl+C or SIGTERM: uvicorn has shut down in order (jobs finished, folders removed); not an error.
    with contextlib.suppress(KeyboardInterrupt, Terminated):
        server.run(sockets=[sock])
    click.echo("summarize: the briefing page has stopped", err=True)
