"""Pre-publication commands: ``factcheck index``, ``factcheck check`` and ``factcheck serve``.

Exit codes as linters use them (``factcheck.cli``): 0 nothing at or above the fail level, 1
findings at or above it, 2 usage or input error (one line, no traceback), 3 (index only) done but
some inputs could not be read. Imports stay inside the commands so ``factcheck --help`` is fast.
"""

from __future__ import annotations

import json
import sys

import click

from factcheck.cli import EXIT_FINDINGS, EXIT_INPUTS_SKIPPED, EXIT_OK, RULES_HELP, fail, main
from factcheck.errors import FactcheckError

DEFAULT_STORE = "factcheck.duckdb"  # same as factcheck.store.DEFAULT_STORE (not imported: keeps --help fast)
FAIL_LEVELS = ("conflict", "disputed", "update", "never")  # factcheck.check.FAIL_KINDS, in order
CHECK_FORMAT_NAMES = ("text", "json", "github", "sarif")  # factcheck.report.check_formats.CHECK_FORMAT_NAMES
READ_MORE = "Read more: docs/check.md"


def _open_store(path: str, write: bool):
    from factcheck.store import ClaimStore

    try:
        return ClaimStore(path, read_only=not write, create=write)
    except FactcheckError as exc:
        fail(str(exc))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--store", "store_path", default=DEFAULT_STORE, show_default=True, help="Claim store file (DuckDB)."
)
@click.option("--stats", is_flag=True, help="Print what the store holds (after indexing PATHs, if given).")
@click.option("--json", "as_json", is_flag=True, help="With --stats: print the statistics as JSON.")
@click.option("--rules", "rules_dir", default=None, help=RULES_HELP)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (and --stats).")
def index(
    paths: tuple[str, ...], store_path: str, stats: bool, as_json: bool, rules_dir: str | None, quiet: bool
) -> None:
    """Extract the claims of the published archive (files or folders) into the claim store.

    Incremental: only new or changed articles are extracted again; articles gone from under a
    PATH are dropped. Safe to interrupt: re-run the same command to finish.
    """
    if not paths and not stats:
        raise click.UsageError("give the archive's files or folders to index, or --stats")
    code = EXIT_OK
    if paths:
        from factcheck.cli import load_rules_or_fail
        from factcheck.store import index_paths

        rules = load_rules_or_fail(rules_dir)
        store = _open_store(store_path, write=True)
        progress = None if quiet else (lambda msg: click.echo(msg, err=True))
        try:
            report = index_paths(store, paths, rules, progress=progress)
        except FactcheckError as exc:
            store.close()
            fail(str(exc))
        except KeyboardInterrupt:
            store.close()
            fail(
                "interrupted; the store keeps every completed batch, run the same command again to finish",
                130,
            )
        for source, reason in report.skipped:
            click.echo(f"skipped {source}: {reason}", err=True)
        if not quiet:
            rate = report.extracted / report.seconds if report.seconds else 0.0
            click.echo(
                f"{store_path}: {report.added} added, {report.changed} changed, {report.removed} removed, "
                f"{report.unchanged} unchanged, {len(report.skipped)} skipped; {report.claims} claims "
                f"written in {report.seconds:.1f} s ({rate:.0f} articles/s)"
            )
        store.close()
        code = EXIT_INPUTS_SKIPPED if report.skipped else EXIT_OK
    if stats:
        store = _open_store(store_path, write=False)
        s = store.stats()
        store.close()
        click.echo(json.dumps(s, indent=1) if as_json else _stats_text(s))
    sys.exit(code)


def _stats_text(s: dict) -> str:
    lines = [
        f"{s['store']}: {s['articles']} articles from {s['outlets']} outlets, {s['claims']} claims, "
        f"dated {s['first_date'] or '?'} to {s['last_date'] or '?'}"
    ]
    run = s.get("last_run")
    if run:
        state = (
            "complete" if run["status"] == "complete" else "INCOMPLETE (interrupted; re-run factcheck index)"
        )
        lines.append(f"last index run {run['started']}: {state}; roots: {', '.join(run['roots'])}")
    lines.append("claims by metric:")
    lines += [f"  {n:>9,}  {m}" for m, n in s["by_metric"].items()]
    return "\n".join(lines)


@main.command("check")
@click.argument("drafts", nargs=-1, type=click.Path())
@click.option(
    "--store", "store_path", default=None, help=f"Claim store to check against [default: {DEFAULT_STORE}]."
)
@click.option(
    "--against",
    multiple=True,
    type=click.Path(),
    help="Check against these files or folders instead of a store (indexed in memory).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CHECK_FORMAT_NAMES),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_LEVELS),
    default="conflict",
    show_default=True,
    help="Lowest finding kind that fails the check (conflict < disputed < update; never).",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(),
    default=None,
    help="JSON file of acknowledged finding ids: they are shown but do not fail the check.",
)
@click.option("--write-baseline", is_flag=True, help="Write every current finding to --baseline and exit 0.")
@click.option("--published", default=None, metavar="YYYY-MM-DD", help="Date of drafts whose text has none.")
@click.option(
    "--window",
    "window_days",
    default=30,
    show_default=True,
    type=click.IntRange(0, 36500),
    help="Days either side of a draft figure's date within which archive figures are compared.",
)
@click.option("--rules", "rules_dir", default=None, help=RULES_HELP)
def check_cmd(
    drafts: tuple[str, ...],
    store_path: str | None,
    against: tuple[str, ...],
    fmt: str,
    fail_on: str,
    baseline_path: str | None,
    write_baseline: bool,
    published: str | None,
    window_days: int,
    rules_dir: str | None,
) -> None:
    """Check draft articles against the published archive before publication.

    Exit status: 0 nothing unacknowledged at or above --fail-on, 1 findings at or above it, 2 usage
    or input error.
    """
    if not drafts:
        raise click.UsageError("give the draft file(s) to check")
    if store_path and against:
        raise click.UsageError("give either --store or --against, not both")
    if write_baseline and not baseline_path:
        raise click.UsageError("--write-baseline needs --baseline FILE")
    if published:
        import datetime as dt

        try:
            published = dt.date.fromisoformat(published).isoformat()
        except ValueError:
            raise click.BadParameter(
                f"{published!r} is not a date YYYY-MM-DD", param_hint="--published"
            ) from None
    from factcheck.check import check_files, read_baseline
    from factcheck.check import write_baseline as save_baseline
    from factcheck.report.check_formats import get_check_format

    try:
        baseline = read_baseline(baseline_path) if baseline_path else {}
        if against:
            from factcheck.cli import load_rules_or_fail
            from factcheck.store import ClaimStore, index_paths

            store = ClaimStore(":memory:", read_only=False, create=True)
            report = index_paths(store, against, load_rules_or_fail(rules_dir))
            for source, reason in report.skipped:
                click.echo(f"skipped {source}: {reason}", err=True)
        else:
            store = _open_store(store_path or DEFAULT_STORE, write=False)
            run = store.last_run()
            if store.stale:
                click.echo(
                    f"factcheck: warning: {store.path} was built by another factcheck version; "
                    "re-run `factcheck index` to refresh it",
                    err=True,
                )
            if run and run["status"] != "complete":
                click.echo(
                    f"factcheck: warning: the last `factcheck index` into {store.path} did not complete; "
                    "re-run it to finish",
                    err=True,
                )
        try:
            result = check_files(
                drafts,
                store,
                baseline=baseline,
                fail_on=fail_on,
                published=published,
                rules_dir=rules_dir,
                window_days=window_days,
            )
        finally:
            store.close()
        if write_baseline:
            n = save_baseline(baseline_path, result.findings, baseline)  # type: ignore[arg-type]
            click.echo(f"wrote {n} acknowledged finding{'s' if n != 1 else ''} to {baseline_path}", err=True)
            sys.exit(EXIT_OK)
    except FactcheckError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{getattr(exc, 'filename', None) or ''}: {exc.strerror or exc}".lstrip(": "))
    click.echo(get_check_format(fmt).render(result), nl=False)
    sys.exit(EXIT_FINDINGS if len(result.failing) else EXIT_OK)


@main.command()
@click.option(
    "--store", "store_path", default=DEFAULT_STORE, show_default=True, help="Claim store file (DuckDB)."
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (local only by default)."
)
@click.option(
    "--port", default=8765, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option(
    "--max-body",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(1, None),
    help="Largest request body in bytes (413 beyond).",
)
@click.option("--rules", "rules_dir", default=None, help=RULES_HELP)
def serve(store_path: str, host: str, port: int, max_body: int, rules_dir: str | None) -> None:
    """Serve the check over HTTP: POST /v1/check, GET /healthz, GET /openapi.json."""
    import socket

    store = _open_store(store_path, write=False)
    store.close()
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"factcheck: warning: listening on {host}, reachable from other machines", err=True)
    import uvicorn

    from factcheck.service import create_app

    try:
        app = create_app(store_path, max_body=max_body, rules_dir=rules_dir)
    except FactcheckError as exc:
        fail(str(exc))
    click.echo(f"factcheck serve: http://{host}:{port}/ (store {store_path}); Ctrl-C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


__all__ = ["check_cmd", "index", "serve"]
