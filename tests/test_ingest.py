"""Ingest stage: encodings, mojibake, HTML pages, front matter, JSON Lines feeds, paths."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from factcheck.ingest import display_source, iter_input_files, read_articles
from factcheck.ingest.decode import decode_bytes, repair_mojibake
from factcheck.ingest.html import extract_html

TEXT = "Café owners said 1,200 people attended — up 5% on last year’s “record”. Große Straße, €12."


def read_one(path: Path, **kw: int) -> object:
    """The single Article read from ``path``."""
    arts = list(read_articles([str(path)], **kw))
    assert len(arts) == 1
    return arts[0]


# --- encodings ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32-le"),
        (TEXT.encode("cp1252"), "cp1252"),
        ("Prices in São Paulo rose 3%, said Müller.".encode("latin-1"), "iso8859-1"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no byte order mark: every other byte is NUL
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32-bom", "cp1252", "latin1", "utf16-no-bom"],
)
def test_decode_encodings(raw: bytes, encoding: str) -> None:
    text, enc, problem = decode_bytes(raw)
    assert problem is None
    assert enc == encoding
    assert text.lstrip("\ufeff") in (TEXT, "Prices in São Paulo rose 3%, said Müller.")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Привет, как дела? Сегодня 25 градусов в Москве.", "cp1251"),
        ("Dziś w Warszawie 25 stopni, powiedział Łukasz.", "cp1250"),
        ("Η Αθήνα είχε 25 βαθμούς σήμερα.", "cp1253"),
    ],
)
def test_decode_non_western_legacy_encodings(text: str, codec: str) -> None:
    decoded, enc, problem = decode_bytes(text.encode(codec))
    assert problem is None and decoded == text and enc == codec


def test_encoding_recorded_in_articles_table(tmp_path: Path) -> None:
    from factcheck.pipeline import articles_frame

    (tmp_path / "a.txt").write_bytes(TEXT.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(TEXT.encode("utf-16"))
    frame = articles_frame(read_articles([str(tmp_path)]))
    assert list(frame["encoding"]) == ["cp1252", "utf-16-le"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n", "empty: whitespace only"),
        (" \n".encode("utf-16"), "empty: whitespace only"),
        (b"%PDF-1.7\n%\xe2\xe3", "binary file: a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file: a PNG image"),
        (b"PK\x03\x04\x14\x00", "binary file: a ZIP archive"),
        (b"\x1f\x8b\x08\x00", "binary file: a gzip archive"),
        (b"\x7fELF\x02\x01", "binary file: an executable"),
        (b"text\x00\x00\x00\xff\xfe more", "binary file: contains NUL bytes"),
        (bytes(range(1, 9)) * 300, "binary file: mostly control characters"),
        ("Ölpreis: 90 €".encode()[:-1], "truncated: the file ends in the middle of a UTF-8 character"),
        (TEXT.encode("utf-16")[:-1], "truncated or damaged UTF-16-LE text"),
    ],
    ids=["empty", "whitespace", "whitespace-utf16", "pdf", "png", "zip", "gzip", "elf", "nul", "controls",
         "truncated-utf8", "truncated-utf16"],
)
def test_decode_problems(raw: bytes, reason: str) -> None:
    _text, _enc, problem = decode_bytes(raw)
    assert problem is not None and problem.startswith(reason)


def test_text_starting_like_a_signature_is_text() -> None:
    assert decode_bytes(b"BMW sales rose 5% in March.")[2] is None
    assert decode_bytes(b"MZ Corp said 12 people were hired.")[2] is None


def test_utf8_with_a_damaged_byte_is_kept_and_flagged() -> None:
    raw = TEXT.encode() + b" \xff " + TEXT.encode()
    text, enc, problem = decode_bytes(raw)
    assert problem is None and enc == "utf-8 (invalid bytes replaced)" and "\ufffd" in text


# --- mojibake -------------------------------------------------------------------------------------

@pytest.mark.parametrize("wrong_codec", ["cp1252", "latin-1"])
def test_mojibake_repaired(wrong_codec: str) -> None:
    mangled = TEXT.encode("utf-8").decode(wrong_codec, errors="replace")
    assert "â€" in mangled or "â\x80" in mangled
    fixed, count = repair_mojibake(mangled)
    assert fixed == TEXT and count >= 5


def test_mojibake_classic_sequences() -> None:
    assert repair_mojibake("Itâ€™s the cafÃ© â€œboomâ€\ufffd") == ("It’s the café “boom”", 4)


def test_mojibake_repair_leaves_real_text_alone() -> None:
    for text in ("SÃO PAULO, 3 (Reuters)", "Fuß“ stand", "Â is a letter", TEXT, "naïve £5 Ã"):
        assert repair_mojibake(text) == (text, 0)


def test_mojibake_repair_is_recorded(tmp_path: Path) -> None:
    p = tmp_path / "m.txt"
    p.write_text(TEXT.encode("utf-8").decode("cp1252", "replace"), encoding="utf-8")
    art = read_one(p)
    assert art.text == TEXT
    assert art.encoding.startswith("utf-8 (repaired ") and "mojibake" in art.encoding


# --- HTML -----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Quake kills 40 | Example News</title>
<meta property="article:published_time" content="2013-07-03T10:00:00Z">
<meta property="og:site_name" content="Example News">
<script>var deaths = 999;</script><style>p { color: red }</style></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/w">World 2024</a></li></ul></nav>
<div class="cookie-banner" id="cookie-consent">We use 3 cookies. Accept all cookies?</div>
<article><h1>Quake kills 40 in Aceh</h1>
<p>A magnitude 6.1 earthquake killed at least 40 people in Aceh province on Tuesday, officials said.</p>
<p>More than 2,000 houses were damaged and about 1,500 people were displaced, the agency said today.</p>
<p>Rescue teams were searching for 12 people still missing in the district, where landslides hit.</p>
</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>I heard 500 people died, they are lying about everything!!</p></div></section>
<footer>Copyright 2013 Example News. All 7 rights reserved.</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    art = read_one(p)
    assert art.ok
    assert "killed at least 40 people" in art.text and "12 people still missing" in art.text
    for junk in ("999", "cookies", "500 people died", "Home", "rights reserved", "color"):
        assert junk not in art.text
    assert art.title == "Quake kills 40 | Example News" or art.title.startswith("Quake kills 40")
    assert art.published == "2013-07-03" and art.published_source == "html metadata"
    assert art.outlet == "Example News"


def test_html_offsets_refer_to_extracted_text(tmp_path: Path) -> None:
    from factcheck.pipeline import run_pipeline
    from factcheck.rules import load_rules

    p = tmp_path / "page.htm"
    p.write_text(PAGE, encoding="utf-8")
    result = run_pipeline([str(p)], load_rules())
    text = next(iter(result.texts.values()))
    assert not text.lstrip().startswith("<")
    assert len(result.claims)
    for c in result.claims.to_dict("records"):
        assert text[c["start"] : c["end"]] == c["surface"]


def test_html_declared_charset(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("Aceh province", "the café province")
    p = tmp_path / "legacy.html"
    p.write_bytes(page.encode("cp1252"))
    art = read_one(p)
    assert art.encoding == "cp1252" and "the café province" in art.text


def test_html_without_article_text_is_skipped(tmp_path: Path) -> None:
    p = tmp_path / "nav.html"
    p.write_text("<html><head><title>Home</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
                 "<li><a href='/w'>World</a></li></ul></nav><script>x=1</script>"
                 "<div class='cookie-banner'>We use 3 cookies. Accept all cookies?</div></body></html>")
    assert read_one(p).error == "no article text found in the HTML page"


def test_html_extraction_never_fetches(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*_a: object, **_k: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    page = PAGE.replace("</head>", '<link rel="canonical" href="http://127.0.0.1:9/a"><img src="http://127.0.0.1:9/i">'
                        "</head>")
    text, meta = extract_html(page)
    assert "killed at least 40 people" in text and meta["published"] == "2013-07-03"


# --- Markdown front matter --------------------------------------------------------------------------

def test_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: Quake\npublished: 2013-07-03\noutlet: Wire\nurl: http://x/a\n---\n"
                 "# Quake kills 40\n\nAt least 40 people were killed.\n", encoding="utf-8")
    art = read_one(p)
    assert (art.title, art.published, art.outlet, art.url) == ("Quake", "2013-07-03", "Wire", "http://x/a")
    assert art.text.startswith("# Quake kills 40") and art.published_source == "front matter"


def test_front_matter_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    p = tmp_path / "a.md"
    p.write_text(f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\nAt least 40 died.\n")
    art = read_one(p)
    assert art.ok and not marker.exists()


def test_front_matter_alias_bomb_is_not_expanded(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(9):
        lines.append(f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]")
    p = tmp_path / "bomb.md"
    p.write_text("---\n" + "\n".join(lines) + "\ntitle: *j\n---\nAt least 40 died.\n")
    art = read_one(p)
    assert art.ok and art.title == "At least 40 died."


# --- JSON Lines -----------------------------------------------------------------------------------

def test_jsonl_bad_lines_reported_rest_read(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    p.write_bytes(b"\n".join([
        json.dumps({"id": "a", "text": "40 people died.", "title": "A", "date": "2013-07-03"}).encode(),
        b"{not json",
        json.dumps({"id": "c", "title": "no text"}).encode(),
        json.dumps({"id": "d", "text": "x", "published": 20130703}).encode(),
        json.dumps({"id": "a", "text": "At least 41 people died."}).encode(),
        json.dumps({"text": "No id: 12 people were hurt.", "source": None, "url": None}).encode(),
    ]))
    arts = list(read_articles([str(p)]))
    got = [(a.source.split("#", 1)[1], a.error) for a in arts]
    assert got == [
        ("a", None),
        ("2", "line 2: not valid JSON (Expecting property name enclosed in double quotes)"),
        ("3", "line 3: missing field 'text' (the article text)"),
        ("4", "line 4: field 'published' must be a string, got int"),
        ("a (line 5)", None),
        ("6", None),
    ]
    assert arts[0].title == "A" and arts[0].published == "2013-07-03"
    assert len({a.article_id for a in arts}) == len(arts)


def test_jsonl_size_limit_is_per_line(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    small = json.dumps({"text": "At least 40 people died in the quake on Tuesday."})
    p.write_text("\n".join([small] * 50 + [json.dumps({"text": "y" * 5000}), small]) + "\n")
    assert p.stat().st_size > 2000
    arts = list(read_articles([str(p)], max_bytes=2000))
    assert sum(a.ok for a in arts) == 51
    assert [a.error for a in arts if not a.ok] == [
        "line 51: too large: over 2000 bytes (raise the limit with --max-bytes)"]


def test_jsonl_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The feed is read line by line: the first article comes out before the file is read to the end."""
    p = tmp_path / "feed.jsonl"
    line = json.dumps({"text": "At least 40 people died."}) + "\n"
    p.write_text(line * 20000)
    reads: list[int] = []
    real_open = Path.open

    def spy_open(self: Path, *a: object, **k: object) -> object:
        fh = real_open(self, *a, **k)
        real_readline = fh.readline

        def readline(limit: int = -1) -> bytes:
            out = real_readline(limit)
            reads.append(len(out))
            return out

        fh.readline = readline  # type: ignore[method-assign]
        return fh

    monkeypatch.setattr(Path, "open", spy_open)
    gen = read_articles([str(p)], max_bytes=1000)
    first = next(gen)
    assert first.ok and sum(reads) < 10 * len(line)
    gen.close()


def test_jsonl_utf16_feed(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    p.write_bytes(("\n".join(json.dumps({"text": f"At least {n} people died."}, ensure_ascii=False)
                             for n in (40, 41)) + "\n").encode("utf-16"))
    arts = list(read_articles([str(p)]))
    assert [a.text for a in arts] == ["At least 40 people died.", "At least 41 people died."]


# --- paths ----------------------------------------------------------------------------------------

def test_inputs_sorted_and_deduplicated(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "sub/c.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("At least 40 people died.")
    given = [str(tmp_path / "sub"), str(tmp_path / "b.txt"), str(tmp_path), str(tmp_path / "a.txt")]
    sources = [s for s, _p, _problem in iter_input_files(given)]
    assert sources == [str(tmp_path / n) for n in ("a.txt", "b.txt", "sub/c.txt")]


def test_special_files_and_links(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("nowhere.txt", tmp_path / "broken.txt")
    os.symlink("loop2.txt", tmp_path / "loop1.txt")
    os.symlink("loop1.txt", tmp_path / "loop2.txt")
    os.symlink(".", tmp_path / "again")
    (tmp_path / "dir.txt").mkdir()
    errors = {Path(a.source).name: a.error for a in read_articles([str(tmp_path)])}
    assert errors == {
        "again": "symbolic link to a folder, not followed",
        "broken.txt": "broken symbolic link",
        "loop1.txt": "symbolic link loop",
        "loop2.txt": "symbolic link loop",
        "pipe.txt": "not a regular file: a named pipe (FIFO)",
    }
    assert read_one(tmp_path / "broken.txt").error == "broken symbolic link"
    assert read_one(tmp_path / "nothing.txt").error == "no such file or folder"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, so chmod 000 does not stop reads: simulate the error instead."""
    p = tmp_path / "secret.txt"
    p.write_text("At least 40 people died.")

    def denied(self: Path, *a: object, **k: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    assert read_one(p).error == "unreadable: permission denied"


def test_size_limit(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("x" * 5000)
    too_big = "too large: 5000 bytes (limit 1000; raise it with --max-bytes)"
    assert read_one(p, max_bytes=1000).error == too_big
    assert read_one(p, max_bytes=5000).ok


def test_display_source() -> None:
    assert display_source(os.fsdecode(b"bad\xffname.txt")) == "bad\ufffdname.txt"
    assert display_source("new\nline.txt") == "new\\nline.txt"
    assert display_source("plain ñame.txt") == "plain ñame.txt"
