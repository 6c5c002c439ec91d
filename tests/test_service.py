"""`factcheck serve`: the real server in a subprocess on 127.0.0.1, called with httpx and schemathesis."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from factcheck.store import ClaimStore, index_paths

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not found")
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A store of the seeds (all but one, which becomes the draft) served on a free local port."""
    root = tmp_path_factory.mktemp("serve")
    seeds = sorted(SEEDS.iterdir())
    draft = next((p for p in seeds if p.name.startswith("004_")), seeds[-1])
    archive = root / "archive"
    archive.mkdir()
    for p in seeds:
        if p != draft:
            shutil.copy(p, archive / p.name)
    store = root / "store.duckdb"
    with ClaimStore(store, read_only=False, create=True) as st:
        index_paths(st, [str(archive)])
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN / "factcheck"), "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {proc.stderr.read() if proc.stderr else ''}")
            time.sleep(0.2)
        yield {"base": base, "draft": draft.read_text(encoding="utf-8"), "store": store, "port": port}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_healthz(server: dict) -> None:
    r = httpx.get(f"{server['base']}/healthz")
    body = r.json()
    assert r.status_code == 200 and body["status"] == "ok" and body["claims"] > 0 and body["articles"] >= 1


def test_check_returns_findings_in_the_json_format(server: dict) -> None:
    r = httpx.post(f"{server['base']}/v1/check", json={"text": server["draft"], "title": "Draft"}, timeout=30)
    assert r.status_code == 200
    doc = r.json()
    assert {"version", "summary", "findings", "claims"} <= set(doc)
    assert doc["summary"]["draft_claims"] >= 1
    for f in doc["findings"]:
        assert {"id", "subject", "metric", "kind", "severity", "claims", "conflicts", "explanation"} <= set(f)
    r2 = httpx.post(f"{server['base']}/v1/check", json={"text": "Nothing to see.", "published": "2020-08-15"})
    assert r2.status_code == 200 and r2.json()["findings"] == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"text": 5}', "application/json"),
        (b'{"txt": "x"}', "application/json"),
        (b'{"text": "x", "published": "2020-02-30"}', "application/json"),
        (b'{"text": "x", "published": "15/08/2020"}', "application/json"),
        (b'{"text": "x", "fail_on": "sometimes"}', "application/json"),
        (b'{"text": "x", "extra": 1}', "application/json"),
        (b"{not json", "application/json"),
        (b"[]", "application/json"),
        (b"", "application/json"),
        (b"text=hello", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00", "application/json"),
    ],
)
def test_malformed_requests_get_a_clear_4xx(server: dict, body: bytes, content_type: str) -> None:
    r = httpx.post(f"{server['base']}/v1/check", content=body, headers={"content-type": content_type})
    assert 400 <= r.status_code < 500, (body, r.status_code, r.text)
    assert r.json()["detail"]


def test_body_size_limit(server: dict) -> None:
    big = json.dumps({"text": "x" * 1_100_000}).encode()
    r = httpx.post(f"{server['base']}/v1/check", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no content-length: the limit holds for streamed bodies too
        for i in range(0, len(big), 65536):
            yield big[i : i + 65536]

    r = httpx.post(
        f"{server['base']}/v1/check", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


def test_openapi_document(server: dict) -> None:
    doc = httpx.get(f"{server['base']}/openapi.json").json()
    assert "/v1/check" in doc["paths"] and "post" in doc["paths"]["/v1/check"]
    assert "/healthz" in doc["paths"]


def test_schemathesis_finds_no_server_errors(server: dict, tmp_path: Path) -> None:
    exe = BIN / "schemathesis"
    if not exe.exists():
        pytest.skip("schemathesis not installed")
    proc = subprocess.run(
        [
            str(exe),
            "run",
            f"{server['base']}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "25",
            "--seed",
            "1",
            "--phases",
            "examples,coverage,fuzzing",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def test_serve_refuses_a_broken_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_text("garbage\n" * 100)
    proc = subprocess.run(
        [str(BIN / "factcheck"), "serve", "--store", str(bad), "--port", str(_free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        proc.returncode == 2
        and proc.stderr.startswith("factcheck: error:")
        and "Traceback" not in proc.stderr
    )
