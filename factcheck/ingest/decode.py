"""Bytes to text: BOM-aware UTF-8/UTF-16, then charset detection for legacy encodings."""

from __future__ import annotations

import codecs

BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


def decode_bytes(raw: bytes) -> tuple[str, str | None, str | None]:
    """Decode an article's bytes; returns (text, encoding, problem). ``problem`` is set when unusable."""
    for sig, what in BINARY_SIGNATURES.items():
        if raw.startswith(sig):
            return "", None, f"binary file: {what}, not an article"
    if not raw.strip():
        return "", None, "empty file"
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig", None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError:
            return "", "utf-16", "undecodable: UTF-16 byte order mark but invalid UTF-16"
    try:
        return raw.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096]:
        return "", None, "binary file: contains NUL bytes"
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return "", None, "undecodable: no text encoding fits"
    return str(best), best.encoding, None
