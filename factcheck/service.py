"""The check as an HTTP service (FastAPI): ``POST /v1/check``, ``GET /healthz``, ``GET /openapi.json``.

``factcheck serve`` runs it with uvicorn on 127.0.0.1. The store is opened read-only once; each
request gets its own cursor. Requests are validated by pydantic; a body over ``max_body`` bytes
gets 413 before it is read in full, a malformed one a 4xx naming the problem. Nothing a client
sends should produce a 500.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from factcheck import __version__
from factcheck.check import DEFAULT_FAIL_ON, check_text, get_extractor
from factcheck.report.check_formats import check_dict
from factcheck.store import ClaimStore

MAX_BODY = 1_000_000
MAX_TEXT_CHARS = 1_000_000


class CheckRequest(BaseModel):
    """A draft to check."""

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_TEXT_CHARS)

    text: str = Field(description="The draft's text (plain text or Markdown).", max_length=MAX_TEXT_CHARS)
    title: str | None = Field(default=None, description="The draft's title.", max_length=1000)
    published: str | None = Field(
        default=None,
        description="Publication date YYYY-MM-DD, for relative dates.",
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        examples=["2020-08-15"],
    )
    fail_on: Literal["conflict", "disputed", "update", "never"] = Field(
        default=DEFAULT_FAIL_ON, description="Lowest finding kind counted in summary.failing."
    )

    @field_validator("published")
    @classmethod
    def _real_date(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            return dt.date.fromisoformat(v).isoformat()
        except ValueError:
            raise ValueError(f"{v!r} is not a calendar date YYYY-MM-DD") from None


class Finding(BaseModel):
    """One disagreement between a draft figure and a published one (report.json discrepancy fields)."""

    id: str
    subject: str
    metric: str
    kind: Literal["conflict", "disputed", "update"]
    severity: float
    claims: list[str]
    conflicts: list[list[str]]
    explanation: str
    file: str
    line: int
    col: int
    level: Literal["error", "warning", "note"]
    message: str
    draft_value: str
    archive_value: str
    archive_outlet: str | None = None
    archive_date: str | None = None
    archive_source: str | None = None
    acknowledged: bool
    ack_reason: str | None = None


class CheckResponse(BaseModel):
    """Findings in the ``factcheck check --format json`` schema."""

    version: int
    generated_by: str
    fail_on: str
    summary: dict[str, int]
    drafts: list[dict[str, Any]]
    findings: list[Finding]
    claims: list[dict[str, Any]]


class Health(BaseModel):
    """Service status and what the store holds."""

    status: Literal["ok"]
    version: str
    articles: int
    claims: int


class Problem(BaseModel):
    """An error: what is wrong with the request."""

    detail: Any


class BodyLimit:
    """ASGI middleware: 413 for bodies over ``limit`` bytes, whether announced or streamed."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(send, self.limit)
            return
        seen = 0
        too_large = False

        async def counted() -> dict:
            nonlocal seen, too_large
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    too_large = True
                    return {"type": "http.disconnect"}
            return msg

        started = False

        async def guarded_send(msg: dict) -> None:
            nonlocal started
            if too_large and not started:
                started = True
                await _too_large(send, self.limit)
                return
            if too_large:
                return
            started = started or msg["type"] == "http.response.start"
            await send(msg)

        await self.app(scope, counted, guarded_send)


async def _too_large(send: Any, limit: int) -> None:
    body = f'{{"detail":"request body too large: the limit is {limit} bytes"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def create_app(
    store_path: str = "factcheck.duckdb", max_body: int = MAX_BODY, rules_dir: str | None = None
) -> FastAPI:
    """The FastAPI application serving checks against the store at ``store_path`` (opened read-only)."""
    store = ClaimStore(store_path, read_only=True)
    get_extractor(rules_dir)  # load and compile the rules now, not on the first request
    lock = threading.Lock()  # the extractor's caches are not meant for concurrent use
    app = FastAPI(
        title="factcheck",
        version=__version__,
        description="Check a draft's figures against the published archive before publication.",
    )
    app.state.store = store

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(x) for x in first["loc"] if x != "body") or "body"
        return JSONResponse(
            status_code=422, content={"detail": f"invalid request: {where}: {first['msg']}", "errors": errors}
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=500, content={"detail": f"internal error: {exc.__class__.__name__}"})

    @app.get("/healthz", response_model=Health)
    def healthz() -> dict[str, Any]:
        """Liveness, with the store's article and claim counts."""
        cur = store.con.cursor()
        try:
            a = cur.execute("SELECT count(*) FROM articles").fetchall()[0][0]
            c = cur.execute("SELECT count(*) FROM claims").fetchall()[0][0]
        finally:
            cur.close()
        return {"status": "ok", "version": __version__, "articles": int(a), "claims": int(c)}

    @app.post(
        "/v1/check",
        response_model=CheckResponse,
        responses={413: {"model": Problem}, 422: {"model": Problem}},
    )
    def v1_check(req: CheckRequest) -> dict[str, Any]:
        """Check a draft: its figures that disagree with published ones, in the json check format."""
        text = req.text.encode("utf-8", "replace").decode("utf-8")
        title = req.title.encode("utf-8", "replace").decode("utf-8") if req.title else None
        cur = store.con.cursor()
        try:
            with lock:
                result = check_text(
                    text,
                    store,
                    title=title,
                    published=req.published,
                    source="draft",
                    fail_on=req.fail_on,
                    rules_dir=rules_dir,
                    con=cur,
                )
        finally:
            cur.close()
        return check_dict(result)

    app.add_middleware(BodyLimit, limit=max_body)
    return app


__all__ = ["CheckRequest", "CheckResponse", "create_app"]
