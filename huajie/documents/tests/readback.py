"""Reading generated files back as a person (or LibreOffice) would: DOCX text through python-docx,
PDF text through poppler's pdftotext, a PDF page through pdftoppm and a small PNG decoder."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed: run `make system-deps` (Debian: poppler-utils)")
    return path


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    args = [need("pdftotext"), *(["-layout"] if layout else []), "-enc", "UTF-8", "-", "-"]
    return subprocess.run(args, input=content, capture_output=True, check=True).stdout.decode()  # noqa: S603


def flat(text: str) -> str:
    """Text without the line breaks and spaces a layout puts in."""
    return "".join(text.split())


@dataclass
class Raster:
    width: int
    height: int
    pixels: bytes  # RGB, row after row

    def count(self, test: Callable[[int, int, int], bool]) -> int:
        p = self.pixels
        return sum(1 for i in range(0, len(p), 3) if test(p[i], p[i + 1], p[i + 2]))


def rasterise_first_page(content: bytes, tmp_path: Path, dpi: int = 50) -> Raster:
    source = tmp_path / "page.pdf"
    source.write_bytes(content)
    tool = need("pdftoppm")
    args = [tool, "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", str(source)]
    subprocess.run([*args, str(tmp_path / "page")], check=True)  # noqa: S603
    return decode_png((tmp_path / "page.png").read_bytes())


def decode_png(data: bytes) -> Raster:
    """An 8-bit RGB, non-interlaced PNG (what pdftoppm writes) to raw pixels (PNG spec §9)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, colour, interlace) == (8, 2, 0), "expected 8-bit RGB, not interlaced"
    raw, stride = zlib.decompress(idat), width * 3
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous)
        rows.append(row)
        previous = row
    return Raster(width, height, b"".join(rows))


def _unfilter(kind: int, row: bytearray, above: bytearray, bpp: int = 3) -> bytearray:
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up, corner = above[i], above[i - bpp] if i >= bpp else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + up) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            row[i] = (row[i] + predictor) & 0xFF
    return row
