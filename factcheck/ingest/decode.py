"""Bytes to text: BOM-aware UTF-8/16/32, strict UTF-8, then charset detection for legacy encodings.

``decode_bytes`` never raises. It returns the text, the encoding it used (a Python codec name,
followed by a note in parentheses when something was repaired) and a problem when the bytes are
not an article at all (binary, empty, truncated, undecodable). ``repair_mojibake`` undoes the
classic "UTF-8 read as Windows-1252" damage ("â€™" -> "’", "Ã©" -> "é") where the repair
round-trips; it is applied to every text, whatever reader it came from.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import re
import unicodedata

logging.getLogger("charset_normalizer").addHandler(logging.NullHandler())

#: File signatures ("magic numbers") of formats that are never articles.
BINARY_SIGNATURES: dict[bytes, str] = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"BM": "",  # checked further in _binary_kind: "BM" also starts English words
    b"RIFF": "a RIFF file (WebP image, WAV or AVI)",
    b"\x00\x00\x01\x00": "an icon file",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"PK\x05\x06": "an empty ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"BZh": "",  # checked further: also starts words
    b"\xfd7zXZ\x00": "an xz archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!\x1a\x07": "a RAR archive",
    b"\x28\xb5\x2f\xfd": "a zstd archive",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Office document (OLE)",
    b"SQLite format 3\x00": "an SQLite database",
    b"\x7fELF": "an executable",
    b"MZ": "",  # checked further: Windows executable
    b"\x00asm": "a WebAssembly module",
    b"ID3": "an MP3 audio file",
    b"OggS": "an Ogg media file",
    b"fLaC": "a FLAC audio file",
    b"\x1aE\xdf\xa3": "a Matroska/WebM video",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Legacy single-byte encodings preferred when charset detection finds them about as likely:
#: newsroom text in a legacy encoding is overwhelmingly Windows-1252 (or Latin-1).
_WESTERN_LETTERS = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŒœŠšŽžŸ"
)
_WESTERN_PUNCT = frozenset("\u00a0’‘“”„–—…€•™£°©®«»¿¡§·±×½¼¾¢¥ªº‹›†‡")
_CONTROL_OK = frozenset("\t\n\r\f\v\x1b")
MAX_CONTROL_SHARE = 0.05  # more control characters than this and it is not text


def _binary_kind(raw: bytes) -> str | None:
    """What binary format ``raw`` is, from its signature; None when it may be text."""
    for sig, what in BINARY_SIGNATURES.items():
        if raw.startswith(sig):
            if what:
                return what
            if sig == b"BM" and len(raw) > 14 and raw[6:10] == b"\x00\x00\x00\x00":
                return "a BMP image"
            if sig == b"BZh" and raw[3:4].isdigit() and raw[4:10] == b"1AY&SY":
                return "a bzip2 archive"
            if sig == b"MZ" and b"\x00" in raw[:64]:
                return "a Windows executable"
    if len(raw) > 262 and raw[257:262] == b"ustar":
        return "a tar archive"
    if raw[4:8] == b"ftyp":
        return "an MP4/QuickTime media file"
    return None


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch not in _CONTROL_OK and unicodedata.category(ch) == "Cc")
    return bad / len(sample)


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL (ASCII-range text in UTF-16), else None."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:4096]
    half = len(sample) // 2
    if sample[1::2].count(0) > 0.4 * half and sample[0::2].count(0) < 0.05 * half:
        return "utf-16-le"
    if sample[0::2].count(0) > 0.4 * half and sample[1::2].count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def _truncated_utf8(raw: bytes) -> bool:
    """True when ``raw`` is valid UTF-8 with non-ASCII text, cut inside the last character."""
    for k in (1, 2, 3):
        head, tail = raw[:-k], raw[-k:]
        if tail[0] < 0xC2 or any(not 0x80 <= b <= 0xBF for b in tail[1:]):
            continue
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return any(ord(ch) > 127 for ch in text)  # evidence that the file is UTF-8 at all
    return False


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 text with a few damaged bytes (replaced by U+FFFD), or None when it is not UTF-8."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if good and good >= 4 * bad:
        return text
    return None


def _looks_western(text: str) -> bool:
    """True when ``text`` reads as Western European prose: mostly ASCII letters, the rest accented
    Latin letters and typographic punctuation (Cyrillic or Greek read as Windows-1252 fails this)."""
    letters = other = 0
    for ch in text[:100_000]:
        if ch.isascii():
            letters += ch.isalpha()
        elif ch in _WESTERN_LETTERS:
            letters += 1
            other += 1
        elif ch not in _WESTERN_PUNCT:
            return False
    return letters > 0 and other <= 0.25 * letters


def _legacy(raw: bytes) -> tuple[str, str] | None:
    """Decode a non-UTF-8 file: Windows-1252/Latin-1 when the result reads as Western text, else the
    encoding charset-normalizer finds most likely (it guesses poorly on short Western texts)."""
    try:
        western: str | None = raw.decode("cp1252")
    except UnicodeDecodeError:
        western = None  # bytes Windows-1252 leaves undefined: Latin-1 would give control characters
    if western is not None and _looks_western(western):
        latin1 = not any(0x80 <= b <= 0x9F for b in raw)  # then both decode alike: say Latin-1
        return western, "iso8859-1" if latin1 else "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return None
    return str(best), codecs.lookup(best.encoding).name


# --- mojibake -----------------------------------------------------------------------------------
# A UTF-8 lead byte read as Windows-1252 ("Ã", "â", "ð"...) followed by continuation bytes read the
# same way ("©", "€", "™"; C1 controls for the five bytes Windows-1252 leaves undefined).
_CONT = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0)}
                       | {chr(b) for b in range(0x80, 0xC0)}))
_CONT_CLASS = "[" + re.escape(_CONT) + "]"
_MOJIBAKE = re.compile(
    "(?:[\u00c2-\u00df]" + _CONT_CLASS
    + "|[\u00e0-\u00ef]" + _CONT_CLASS + "{2}"
    + "|[\u00f0-\u00f4]" + _CONT_CLASS + "{3})+"
)
# "”" is E2 80 9D; 0x9D is undefined in Windows-1252, so a decoder that replaces it leaves "â€�".
_CLOSING_QUOTE = "\u00e2\u20ac\ufffd"


def _plausible(ch: str) -> bool:
    """A character that damaged Western text plausibly held (not, say, Thaana from 'ß“')."""
    o = ord(ch)
    return (0xA0 <= o <= 0x24F or 0x2000 <= o <= 0x206F or 0x20A0 <= o <= 0x20CF or 0x2100 <= o <= 0x214F
            or 0x1F300 <= o <= 0x1FAFF)


def _unmangle(m: re.Match[str]) -> str:
    s = m.group(0)
    try:
        # C1 controls come from a Latin-1 reading (or the five bytes Windows-1252 leaves undefined)
        raw = bytes(ord(ch) if ord(ch) < 0x100 else ch.encode("cp1252")[0] for ch in s)
        fixed = raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s
    return fixed if all(_plausible(ch) for ch in fixed) else s


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8-read-as-Windows-1252 damage where it round-trips; returns (text, sequences repaired)."""
    if text.isascii():
        return text, 0  # nothing to repair (most news text): skip the scan
    total = 0
    for _ in range(3):  # text mangled twice needs two passes
        count = 0

        def sub(m: re.Match[str]) -> str:
            nonlocal count
            out = _unmangle(m)
            if out != m.group(0):
                count += 1
            return out

        text = _MOJIBAKE.sub(sub, text)
        if _CLOSING_QUOTE in text:
            count += text.count(_CLOSING_QUOTE)
            text = text.replace(_CLOSING_QUOTE, "\u201d")
        total += count
        if not count:
            break
    return text, total


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text safe to store and print: lone surrogates (from JSON escapes) become U+FFFD."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def decode_bytes(raw: bytes) -> tuple[str, str | None, str | None]:
    """Decode an article's bytes; returns (text, encoding, problem). ``problem`` is set when unusable."""
    kind = _binary_kind(raw)
    if kind:
        return "", None, f"binary file: {kind}, not an article"
    if not raw:
        return "", None, "empty file"
    text: str | None = None
    encoding: str | None = None
    for bom, name in _BOMS:
        if not raw.startswith(bom):
            continue
        label = "utf-8-sig" if name == "utf-8" else name
        try:
            text, encoding = raw[len(bom) :].decode(name), label
        except UnicodeDecodeError:
            if name != "utf-8":
                what = "an odd number of bytes" if len(raw) % 2 else "invalid data"
                return "", label, f"truncated or damaged {name.upper()} text: {what} after the BOM"
            text = raw[len(bom) :].decode(name, errors="replace")
            encoding = f"{label} (invalid bytes replaced)"
        break
    if text is None:
        with contextlib.suppress(UnicodeDecodeError):
            text, encoding = raw.decode("utf-8"), "utf-8"
    if text is None:
        if _truncated_utf8(raw):
            return "", "utf-8", "truncated: the file ends in the middle of a UTF-8 character"
        u16 = _utf16_without_bom(raw)
        if u16:
            try:
                text, encoding = raw.decode(u16), u16
            except UnicodeDecodeError:
                return "", u16, f"undecodable: looks like {u16.upper()} without a byte order mark, but is not"
    if text is None and b"\x00" in raw[:4096]:
        return "", None, "binary file: contains NUL bytes, not text"
    if text is None:
        fixed = _mostly_utf8(raw)
        if fixed is not None:
            text, encoding = fixed, "utf-8 (invalid bytes replaced)"
    if text is None:
        found = _legacy(raw)
        if found is None:
            return "", None, "undecodable: no text encoding fits"
        text, encoding = found
    if not text.strip():
        return "", encoding, "empty: whitespace only"
    if _control_share(text) > MAX_CONTROL_SHARE:
        return "", encoding, "binary file: mostly control characters, not text"
    return text, encoding, None


__all__ = ["BINARY_SIGNATURES", "clean_text", "decode_bytes", "repair_mojibake"]
