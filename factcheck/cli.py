"""Command line: ``factcheck run``, ``factcheck claims`` (and the commands later stages add).

Exit codes are named constants, as in sqlfluff: 0 clean/completed, 1 findings at the fail level
(check), 2 usage or fatal error, 3 completed but some inputs could not be read, 130/143 stopped by
SIGINT/SIGTERM (reports are written atomically, so an interrupted run leaves no partial file).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import click

from factcheck import __version__, build_kind
from factcheck.errors import FactcheckError
from factcheck.ingest.readers import DEFAULT_MAX_BYTES
from factcheck.pipeline import DEFAULT_BATCH, DEFAULT_TEXT_LIMIT

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INPUTS_SKIPPED = 3
EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143

DEFAULT_PATHS = ("seeds/",)


def _report_files() -> tuple[str, ...]:
    from factcheck.report import FORMATS

    return tuple(name for name, f in FORMATS.items() if f.filename)


REPORT_FILES = _report_files()


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """Print a one-line error and exit (no traceback)."""
    click.echo(f"factcheck: error: {message}", err=True)
    sys.exit(code)


def _stop(signum: int, _frame: object) -> None:
    """Signal handler: end the run with 128 + signal number; atomic writes delete their temp files."""
    click.echo(f"factcheck: stopped by {signal.Signals(signum).name}; no partial report left", err=True)
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def exit_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM end the run cleanly (exit 130/143), not with a traceback or "Aborted!"."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    old = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM while the reports are written, so they are all old or all new."""
    sigs = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a held signal is delivered here


RULES_HELP = "Rules folder (default: ./rules when it has _lexicon.yml, else the built-in rules)."


def load_rules_or_fail(rules_dir: str | None):  # -> RuleSet (imported lazily)
    """Load the rules, turning a bad rule file into a clear one-line error."""
    from factcheck.rules import load_rules

    try:
        return load_rules(rules_dir)
    except FactcheckError as exc:
        fail(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factcheck", message=f"%(prog)s %(version)s ({build_kind()})")
def main() -> None:
    """Catch conflicting figures across news sources."""


def _engine_names() -> tuple[str, ...]:
    from factcheck.engines import ENGINES

    return tuple(ENGINES)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "out_dir", default="reports", show_default=True,
              help="Folder for report.html, report.json, claims.csv.")
@click.option("--rules", "rules_dir", default=None, help=RULES_HELP)
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, type=click.IntRange(min=1),
              help="Skip articles larger than this (a whole file; one line of a .jsonl feed).")
@click.option("--format", "formats", multiple=True, type=click.Choice(REPORT_FILES),
              help="Write only these reports (repeatable; default: all of " + ", ".join(REPORT_FILES) + ").")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--no-progress", is_flag=True,
              help="No progress bar or progress lines (a bar is drawn only when stderr is a terminal).")
@click.option("--engine", default="local", show_default=True, type=click.Choice(_engine_names()),
              help="Where extraction and comparison run (docs/scale.md).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); default: a local cluster. Engine dask only.")
@click.option("--workers", default=None, type=click.IntRange(min=1),
              help="Worker processes of the local Dask cluster (default: one per CPU). Engine dask only.")
@click.option("--partitions", default=None, type=click.IntRange(min=1),
              help=f"Split the input into about this many partitions (default: {DEFAULT_BATCH} articles).")
@click.option("--texts-limit", default=DEFAULT_TEXT_LIMIT, show_default=True, type=click.IntRange(min=0),
              help="Keep the texts of at most this many articles for the HTML article view.")
@click.option("--template-dir", "template_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Folder of Jinja2 templates overriding the report's own (repeatable).")
def run(paths: tuple[str, ...], out_dir: str, rules_dir: str | None, max_bytes: int, formats: tuple[str, ...],
        quiet: bool, no_progress: bool, engine: str, scheduler: str | None, workers: int | None,
        partitions: int | None, texts_limit: int, template_dirs: tuple[str, ...]) -> None:
    """Check articles (files or folders; default seeds/) and write the reports."""
    from factcheck.pipeline import Progress, estimate_articles, run_pipeline, write_outputs
    from factcheck.report import html_format

    html_format.TEMPLATE_DIRS[:] = list(template_dirs)

    if engine != "dask" and (scheduler or workers):
        fail("--scheduler and --workers need --engine dask")
    with exit_on_signals():
        rules = load_rules_or_fail(rules_dir)
        paths = paths or DEFAULT_PATHS
        html = not formats or "html" in formats
        bar = not quiet and not no_progress and sys.stderr.isatty()
        logged = not quiet and not no_progress and not bar
        total = estimate_articles(paths) if (bar or logged or partitions) else None
        batch = max(1, -(-total // partitions)) if partitions and total else DEFAULT_BATCH
        progress = Progress(total=total, bar=bar, log_every=30.0) if (bar or logged) else None
        options = {"scheduler": scheduler, "workers": workers} if engine == "dask" else {}
        try:
            result = run_pipeline(paths, rules, max_bytes=max_bytes, engine=engine, engine_options=options,
                                  keep_texts=texts_limit if html else 0, batch_size=batch, progress=progress)
            with signals_deferred():
                written = write_outputs(result, out_dir, formats or None)
        except FactcheckError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"cannot write reports to {out_dir}: {exc.strerror or exc}")
        for a in result.skipped.to_dict("records"):
            click.echo(f"skipped {a['source']}: {a['error']}", err=True)
        c = result.counts()
        if html and not quiet and c["articles"] > len(result.texts):
            click.echo(f"note: report.html shows the text of the first {len(result.texts):,} of "
                       f"{c['articles']:,} articles (raise --texts-limit to show more)", err=True)
        if not quiet:
            click.echo(
                f"{c['articles']} articles, {c['claims']} claims, {c['discrepancies']} discrepancies "
                f"({c['conflict']} conflict, {c['disputed']} disputed, {c['update']} update); "
                f"wrote {', '.join(str(p) for p in written)}"
            )
        if c["articles"] == 0 and c["skipped"] == 0:
            fail(f"no articles found in {', '.join(paths)}")
        sys.exit(EXIT_INPUTS_SKIPPED if c["skipped"] else EXIT_OK)


@main.command()
@click.argument("file", type=click.Path())
@click.option("--rules", "rules_dir", default=None, help=RULES_HELP)
@click.option("--all", "show_all", is_flag=True, help="Show every column.")
def claims(file: str, rules_dir: str | None, show_all: bool) -> None:
    """Print the claims of one article as a table (for rule authors)."""
    import pandas as pd

    from factcheck.pipeline import run_pipeline

    rules = load_rules_or_fail(rules_dir)
    if not Path(file).exists():
        fail(f"{file}: no such file")
    result = run_pipeline([file], rules)
    for a in result.skipped.to_dict("records"):
        fail(f"{a['source']}: {a['error']}")
    cols = list(result.claims.columns) if show_all else [
        "surface", "metric", "subject", "value", "low", "high", "unit", "qualifier", "date", "attribution",
        "stance", "rule"]
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", 40):
        click.echo(result.claims[cols].to_string(index=False) if len(result.claims) else "no claims found")


# Commands that live in their own modules (one job each) attach themselves to ``main`` on import.
COMMAND_MODULES = ("factcheck.cli_check",)
for _mod in COMMAND_MODULES:
    __import__(_mod)


if __name__ == "__main__":
    main()
