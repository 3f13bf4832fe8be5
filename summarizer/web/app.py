"""The Starlette application of ``summarize serve``: the page, uploads, progress, the briefing, downloads.

Routes: ``GET /`` the page; ``POST /jobs`` an upload (files and the form's options), answered
with the job's id; ``GET /jobs/ID`` its progress; ``GET /jobs/ID/briefing`` the briefing as
HTML; ``GET /jobs/ID/files/FMT`` a download. Every refusal is a JSON ``{"error": ...}`` in
Chinese with a 4xx status; a bad report is a line in the progress list, never an error.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import OptionError
from ..reading.load import megabytes
from .form import FIELDS, read_form
from .jobs import Busy, Job, Jobs, new_folder, remove_stale
from .page import render_index
from .uploads import Intake, Limits

STATIC = Path(__file__).parent / "static"
OVERHEAD = 1024 * 1024
"""Bytes a request may carry beyond its files: multipart headers and the options."""
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "eml": "message/rfc822",
}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SECURITY_HEADERS = [
    # Our own script and style only: nothing in a report or a file name can run in the page.
    (b"content-security-policy", b"default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class TooMuch(Exception):
    """The request's body is larger than the upload limit allows."""


def error(status: int, message: str) -> JSONResponse:
    """A refusal the page shows as it is: ``{"error": message}``."""
    return JSONResponse({"error": message}, status_code=status)


async def limited(stream: AsyncIterator[bytes], limit: int) -> AsyncGenerator[bytes, None]:
    """The request's body, stopped with :class:`TooMuch` once it passes ``limit`` bytes, however it is sent."""
    total = 0
    async for chunk in stream:
        total += len(chunk)
        if total > limit:
            raise TooMuch
        yield chunk


class SecurityHeaders:
    """Middleware adding :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the response as it starts."""

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_secured if scope["type"] == "http" else send)


def save(job: Job, uploads: Sequence[UploadFile]) -> None:
    """Put the uploaded files in the job's folder; archives are set aside for the job to unpack."""
    archives = job.folder / "archives"
    for i, upload in enumerate(uploads):
        name = upload.filename or "未命名"
        if name.lower().endswith(".zip"):
            archives.mkdir(exist_ok=True)
            path = archives / f"{i}.zip"
            with path.open("xb") as out:
                shutil.copyfileobj(upload.file, out, 64 * 1024)
            job.archives.append((name, path))
        else:
            job.intake.add_file(name, upload.file)


def create_app(
    limits: Limits | None = None,
    *,
    workers: int = 2,
    waiting: int = 8,
    allowed_hosts: Sequence[str] | None = None,
    warm: bool = False,
) -> Starlette:
    """The application: ``workers`` briefings at a time and ``waiting`` more in line, uploads within ``limits``.

    ``warm`` briefs a two-line report as the server starts, so the first upload does not
    wait for the engine to load (about a second).

    ``allowed_hosts`` are the names the browser may call the server by (``Host:``); a
    server on 127.0.0.1 answers to its own names only, so no other web site can reach it
    through a name that points there.
    """
    limits = limits or Limits()
    jobs = Jobs(workers, waiting)
    index = render_index(limits)
    too_big = f"上传的文件合计超过 {megabytes(limits.max_bytes)}，请分批上传。"
    remove_stale()

    async def page(request: Request) -> Response:
        return HTMLResponse(index)

    async def create_job(request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            return error(400, "请在页面上选择文件后上传。")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes + OVERHEAD:
            return error(413, too_big)
        folder = new_folder()
        submitted = False
        form = None
        try:
            stream = limited(request.stream(), limits.max_bytes + OVERHEAD)
            parser = MultiPartParser(
                request.headers, stream, max_files=limits.max_files, max_fields=len(FIELDS) + 8, max_part_size=65536
            )
            form = await parser.parse()
            uploads = [v for k, v in form.multi_items() if k == "files" and isinstance(v, UploadFile)]
            settings = read_form({k: v for k, v in reversed(form.multi_items()) if isinstance(v, str)})
            if not uploads:
                return error(400, "没有收到文件，请先选择报告文件。")
            if sum(u.size or 0 for u in uploads) > limits.max_bytes:
                return error(413, too_big)
            job = Job(folder, settings, Intake(folder / "input", limits))
            await run_in_threadpool(save, job, uploads)
            jobs.submit(job)
            submitted = True
            return JSONResponse({"id": job.id}, status_code=202)
        except TooMuch:
            return error(413, too_big)
        except MultiPartException as err:
            if err.message.startswith("Too many files"):
                return error(413, f"文件太多：一次最多 {limits.max_files} 个，请分批上传。")
            return error(400, "上传的数据不完整或格式有误，请重新上传。")
        except OptionError as err:
            return error(400, str(err))
        except Busy:
            return error(503, "正在生成的简报太多，请稍等一会儿再试。")
        except ClientDisconnect:
            return Response(status_code=400)
        except OSError as err:
            return error(507, f"服务器无法保存上传的文件（{err.strerror or err}），请联系管理员。")
        finally:
            if form is not None:
                await form.close()
            if not submitted:
                shutil.rmtree(folder, ignore_errors=True)

    def found(request: Request) -> Job | None:
        return jobs.get(request.path_params["job"])

    gone = "找不到这项任务：它可能已过期（完成一小时后删除）或服务已重启，请重新上传。"

    async def status(request: Request) -> Response:
        job = found(request)
        return JSONResponse(job.status()) if job else error(404, gone)

    async def briefing(request: Request) -> Response:
        job = found(request)
        if job is None or not job.html:
            return error(404, gone if job is None else "这项任务没有生成简报。")
        return HTMLResponse(job.html)

    async def download(request: Request) -> Response:
        job = found(request)
        fmt = request.path_params["fmt"]
        if job is None or fmt not in job.outputs:
            return error(404, gone if job is None else "没有这种格式的文件。")
        name, data = job.outputs[fmt]
        disposition = f'attachment; filename="{name}"'  # briefing-2020-02-05.docx: ASCII, no quotes
        return Response(data, media_type=MEDIA_TYPES[fmt], headers={"content-disposition": disposition})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if warm:
            jobs.warm()
        yield
        jobs.close()

    routes = [
        Route("/", page),
        Route("/jobs", create_job, methods=["POST"]),
        Route("/jobs/{job}", status),
        Route("/jobs/{job}/briefing", briefing),
        Route("/jobs/{job}/files/{fmt}", download),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.jobs = jobs
    return app


def local_hosts(host: str) -> list[str] | None:
    """The ``Host:`` names a server bound to ``host`` answers to: its own when it is loopback, else any."""
    return [*LOOPBACK, host] if host in LOOPBACK or host.startswith("127.") else None
