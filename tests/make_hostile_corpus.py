"""Generate a corpus of hostile and broken inputs for factcheck (nothing binary is kept in git).

Usage: ``python tests/make_hostile_corpus.py DIR`` writes the corpus into DIR and prints what each
file is expected to give. ``tests/test_robustness.py`` runs ``factcheck run DIR`` on it and checks
that every file is either read or listed with the expected reason, and that stderr holds nothing else.

Everything is generated deterministically (``random.Random(8)``); the corpus needs a POSIX file
system (symbolic links, a named pipe, a file name that is not valid UTF-8).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import socket
import sys
import zipfile
from pathlib import Path

#: --max-bytes for the corpus run: small, so "too large" needs only a small file.
MAX_BYTES = 100_000

ARTICLE = (
    "Quake kills 40 in Aceh\n\n"
    "BANDA ACEH, July 3 (Example Wire) - A magnitude 6.1 earthquake killed at least 40 people in "
    "Aceh province on Tuesday, officials said. More than 2,000 houses were damaged and about "
    "1,500 people were displaced, the disaster agency said.\n"
)
WESTERN = (
    "Café owners in Zürich said 1,200 people attended the fête — up 5% on last year’s “record”, "
    "the organisers said. Tickets cost €12.\n"
)


def _page(body: str, head: str = "") -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        "<title>Quake kills 40 in Aceh | Example News</title>"
        '<meta property="article:published_time" content="2013-07-03T10:00:00Z">'
        f"{head}</head><body>{body}</body></html>"
    )


_NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>'
_COOKIES = '<div class="cookie-banner" id="cookie-consent">We use 3 cookies. Accept all 3 cookies?</div>'
_COMMENTS = ('<section id="comments" class="comments"><h3>Comments</h3><div class="comment">'
             "<p>I heard 500 people died, they are lying!!</p></div></section>")
_SCRIPT = '<script>var deaths = 999; fetch("http://127.0.0.1:9/never")</script>'


def _jsonl_feed() -> tuple[bytes, dict[str, str | None]]:
    """A feed with one good record and one of each broken kind; returns (bytes, expected per line)."""
    lines: list[tuple[bytes, str | None]] = [
        (json.dumps({"id": "good-1", "title": "Quake", "text": ARTICLE}).encode(), None),
        (b'{"id": "broken", "text": "unterminated', "line 2: not valid JSON"),
        (json.dumps({"id": "no-text", "title": "x"}).encode(), "line 3: missing field 'text'"),
        (json.dumps({"id": "int-text", "text": 42}).encode(),
         "line 4: field 'text' must be a string, got int"),
        (json.dumps({"id": "bad-title", "text": ARTICLE, "title": ["a"]}).encode(),
         "line 5: field 'title' must be a string, got list"),
        (json.dumps(["a", "list"]).encode(), "line 6: expected a JSON object, got list"),
        (b"[" * 40_000 + b"]" * 40_000, "line 7: not valid JSON (nested too deeply)"),
        (b'{"id": ' + b"9" * 5000 + b', "text": "x"}', "line 8: not valid JSON"),
        (b'{"id": "latin1", "text": "caf\xe9"}', "line 9: not valid UTF-8"),
        (b'{"id": "surrogate", "text": "Lone \\ud800 surrogate: 12 people were hurt in the blast."}', None),
        (json.dumps({"id": "good-1", "text": ARTICLE.replace("40", "41")}).encode(), None),  # duplicate id
        (json.dumps({"id": "empty", "text": ""}).encode(), "line 12: empty"),
        (json.dumps({"id": "big", "text": "x" * (MAX_BYTES + 10)}).encode(), "line 13: too large"),
        (json.dumps({"id": {"nested": 1}, "text": ARTICLE}).encode(), "line 14: field 'id' must be a string"),
        (b"   ", None),  # blank lines are not records
        (b'{"id": "truncated", "text": "The feed was cut o', "line 16: not valid JSON"),  # no final newline
    ]
    data = b"\n".join(raw for raw, _ in lines)
    expected = {f"line{n}": why for n, (raw, why) in enumerate(lines, 1) if raw.strip()}
    return data, expected


def make_corpus(dest: str | Path) -> dict[str, str | None]:
    """Write the corpus into ``dest``; returns {file name: None if it must be read, else its reason}.

    JSON Lines records are keyed "feed.jsonl:lineN". Names are relative to ``dest``; the one
    name that is not valid UTF-8 is keyed by its display form.
    """
    root = Path(dest)
    root.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(8)
    expected: dict[str, str | None] = {}

    def put(name: str | bytes, data: bytes, why: str | None) -> None:
        path = os.path.join(os.fsencode(root), name if isinstance(name, bytes) else os.fsencode(name))
        with open(path, "wb") as fh:
            fh.write(data)
        key = name.decode("utf-8", "replace") if isinstance(name, bytes) else name
        expected[key] = why

    # --- good text in every supported encoding (read) ---
    put("utf8.txt", ARTICLE.encode("utf-8") + WESTERN.encode("utf-8"), None)
    put("utf8_bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), None)
    put("utf16le_bom.txt", ARTICLE.encode("utf-16"), None)
    put("utf16be_bom.txt", b"\xfe\xff" + ARTICLE.encode("utf-16-be"), None)
    put("cp1252.txt", ARTICLE.encode("cp1252") + WESTERN.encode("cp1252"), None)
    put("latin1.txt", (ARTICLE + "Prices in São Paulo rose 3%, said Müller.\n").encode("latin-1"), None)
    put("mojibake.txt", (ARTICLE + WESTERN).encode("utf-8").decode("cp1252", "replace").encode("utf-8"), None)
    put("crlf.txt", ARTICLE.replace("\n", "\r\n").encode(), None)
    put("front_matter.md", b"---\ntitle: Aceh quake\npublished: 2013-07-03\noutlet: Example Wire\n---\n"
        + ARTICLE.encode(), None)
    # YAML that would run code under an unsafe loader, and an alias bomb: read as plain text
    exploit = b"title: !!python/object/apply:os.system ['echo pwned > /tmp/factcheck-pwned']\n"
    put("yaml_exploit.md", b"---\n" + exploit + b"---\n" + ARTICLE.encode(), None)
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)) + "title: *j\n---\n"
    put("yaml_bomb.md", bomb.encode() + ARTICLE.encode(), None)
    put("unterminated_front_matter.md", b"---\ntitle: never closed\n" + ARTICLE.encode(), None)
    # --- HTML pages ---
    article_html = "".join(f"<p>{p}</p>" for p in ARTICLE.splitlines()[2:]) + (
        "<p>Rescue teams were searching for 12 people still missing in the mountainous district, where "
        "landslides blocked the roads.</p>")
    body = f"<article><h1>Quake kills 40 in Aceh</h1>{article_html}</article>"
    put("page.html", _page(_NAV + _COOKIES + body + _COMMENTS, _SCRIPT).encode(), None)
    put("page_cp1252.htm", _page(f"<article><h1>Fête</h1><p>{WESTERN * 3}</p></article>").replace(
        'charset="utf-8"', 'charset="windows-1252"').encode("cp1252"), None)
    put("truncated.html", _page(f"<article>{article_html}</article>").encode()[:-60], None)
    put("nav_only.html", _page(_NAV + _SCRIPT + _COOKIES).encode(), "no article text found")
    put("deep.html", ("<div>" * 5000 + "<p>" + ARTICLE + "</p>" + "</div>" * 5000).encode(), "*")
    # --- empty and binary ---
    put("empty.txt", b"", "empty file")
    put("whitespace.txt", b" \n\t\r\n   \n", "empty: whitespace only")
    put("whitespace_utf16.md", " \n \n".encode("utf-16"), "empty: whitespace only")
    put("image.txt", b"\x89PNG\r\n\x1a\n" + rnd.randbytes(2000), "binary file: a PNG image")
    put("photo.md", b"\xff\xd8\xff\xe0" + rnd.randbytes(2000), "binary file: a JPEG image")
    put("document.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "binary file: a PDF")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("article.txt", ARTICLE)
    put("archive.txt", buf.getvalue(), "binary file: a ZIP archive")
    put("compressed.md", gzip.compress(ARTICLE.encode(), mtime=0), "binary file: a gzip archive")
    put("noise.txt", bytes(rnd.randrange(1, 256) for _ in range(4000)), "*")
    put("nul.txt", ARTICLE.encode()[:50] + b"\x00" * 200 + ARTICLE.encode()[50:], "binary file")
    controls = b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10 ab"
    put("controls.txt", bytes(rnd.choice(controls) for _ in range(3000)), "binary file: mostly control")
    # --- truncated ---
    put("truncated_utf8.txt", ("Ölpreis stieg um 3 % auf 90 € " * 20).encode()[:-2], "truncated")
    put("truncated_utf16.txt", ARTICLE.encode("utf-16")[:-1], "truncated or damaged UTF-16")
    put("truncated.pdf", b"%PDF-1.4\n1 0 obj", "unsupported file type '.pdf'")
    # --- unsupported, oversized ---
    put("notes.docx", buf.getvalue(), "unsupported file type '.docx'")
    put("README", ARTICLE.encode(), "unsupported file type (no suffix)")
    put("big.txt", (ARTICLE * (MAX_BYTES // len(ARTICLE) + 2)).encode(), "too large")
    # --- hostile names ---
    put(b"bad\xffname.txt", ARTICLE.encode(), None)
    put("new\nline.txt", ARTICLE.encode(), None)
    put("unicode ñame 📰.md", ARTICLE.encode(), None)
    # --- special files and links ---
    os.mkfifo(root / "pipe.txt")  # reading it would block forever: never opened
    expected["pipe.txt"] = "not a regular file: a named pipe"
    sock_path = root / "socket.txt"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.bind(str(sock_path))
    finally:
        s.close()
    expected["socket.txt"] = "not a regular file: a socket"
    os.symlink("does-not-exist.txt", root / "dangling.txt")
    expected["dangling.txt"] = "broken symbolic link"
    os.symlink("loop_b.txt", root / "loop_a.txt")
    os.symlink("loop_a.txt", root / "loop_b.txt")
    expected["loop_a.txt"] = expected["loop_b.txt"] = "symbolic link loop"
    os.symlink("self.txt", root / "self.txt")
    expected["self.txt"] = "symbolic link loop"
    os.symlink("utf8.txt", root / "link_to_utf8.txt")
    expected["link_to_utf8.txt"] = None
    sub = root / "sub.txt"  # a folder with a file-like name is walked, not read
    sub.mkdir()
    put("sub.txt/inner.txt", ARTICLE.encode(), None)
    os.symlink("..", sub / "up")  # a folder link loop: listed, never followed
    expected["sub.txt/up"] = "symbolic link to a folder, not followed"
    feed, per_line = _jsonl_feed()
    put("feed.jsonl", feed, None)
    del expected["feed.jsonl"]
    for key, why in per_line.items():
        expected[f"feed.jsonl:{key}"] = why
    return expected


def main(argv: list[str]) -> int:
    """Command line: write the corpus into the folder given."""
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    for name, why in sorted(make_corpus(argv[0]).items()):
        print(f"{name!r}: {'read' if why is None else why}")
    print(f"run: factcheck run {argv[0]} --out /tmp/hostile-report --max-bytes {MAX_BYTES}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
