"""Check a petition attachment by its content, never by its name.

An allow-list of signatures ("magic bytes") read from the first `HEAD_BYTES` of the file; Word and
Excel files are ZIP archives, so for those the archive's directory and `[Content_Types].xml` are
read (not the whole file) and macro-enabled documents are refused. Our own table rather than the
`filetype` package: it is a dozen entries, each one a kind we decided to accept, while a general
detector recognises hundreds of kinds we would then have to filter out again — and it does not
look inside ZIP archives for macros. Legacy .doc/.xls (OLE2) are refused: the same container holds
installers (.msi) and macros; users are asked to convert them.

The returned `extension` and `mime` come from the content: store the file under a generated name
with that extension and serve it with that Content-Type (plus nosniff), never the uploaded name.
"""

from __future__ import annotations

import enum
import math
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File

from .errors import ApplicationError

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MIB
HEAD_BYTES = 64
CONTENT_TYPES_LIMIT = 64 * 1024
ALLOWED_DESCRIPTION = "图片、PDF、音频、Word/Excel"


class UploadKind(enum.StrEnum):
    IMAGE = "image"
    PDF = "pdf"
    AUDIO = "audio"
    DOCUMENT = "document"


@dataclass(frozen=True)
class UploadInfo:
    kind: UploadKind
    mime: str
    extension: str
    size: int


@dataclass(frozen=True)
class _Signature:
    kind: UploadKind
    mime: str
    extension: str
    matches: Callable[[bytes], bool]


KIND_NAMES = {
    UploadKind.IMAGE: "照片（JPG、PNG、GIF、TIFF、WebP）",
    UploadKind.PDF: "PDF",
    UploadKind.AUDIO: "录音（MP3、M4A、AMR、WAV、AAC、3GP）",
    UploadKind.DOCUMENT: "Word/Excel",
}


def check_upload(
    uploaded_file: File[Any],
    *,
    field: str = "file",
    kinds: frozenset[UploadKind] | None = None,
    max_bytes: int | None = None,
) -> UploadInfo:
    """Accept a scan, photo, PDF, recording or Word/Excel file; refuse anything else.

    The limit is `max_bytes`, else `settings.PETITION_UPLOAD_MAX_BYTES` (default 20 MiB); `kinds`
    narrows what is accepted (a photo field: images only). The file position is left at the
    start so the caller can save it.
    """
    name = _display_name(uploaded_file.name)
    size = uploaded_file.size or 0
    if size == 0:
        raise ApplicationError(
            f"文件{name}是空文件，请重新选择后上传。", code="upload_empty", field=field
        )
    limit = max_bytes or int(getattr(settings, "PETITION_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    if size > limit:
        raise ApplicationError(
            f"文件{name}大小为 {_megabytes(size)} MB，超过 {_megabytes(limit)} MB 上限，"
            "请压缩后重新上传。",
            code="upload_too_large",
            field=field,
        )
    detected = _detect(uploaded_file)
    if detected is None or (kinds is not None and detected.kind not in kinds):
        allowed = (
            ALLOWED_DESCRIPTION
            if kinds is None
            else "、".join(KIND_NAMES[k] for k in UploadKind if k in kinds)
        )
        raise ApplicationError(
            f"文件{name}不是允许的类型（{allowed}），请转换后上传。",
            code="upload_type_not_allowed",
            field=field,
        )
    return UploadInfo(detected.kind, detected.mime, detected.extension, size)


def _detect(uploaded_file: File[Any]) -> _Signature | None:
    uploaded_file.seek(0)
    head = bytes(uploaded_file.read(HEAD_BYTES))
    try:
        if head.startswith(b"PK\x03\x04"):
            return _office_document(uploaded_file.file)
        return next((sig for sig in SIGNATURES if sig.matches(head)), None)
    finally:
        uploaded_file.seek(0)


def _office_document(stream: IO[bytes] | None) -> _Signature | None:
    """A DOCX/XLSX is a ZIP with `[Content_Types].xml` naming its main part's type (ECMA-376)."""
    if stream is None:
        return None
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            with archive.open("[Content_Types].xml") as member:
                content_types = member.read(CONTENT_TYPES_LIMIT)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,  # a damaged deflate stream (found by hypothesis: flipped bytes)
        NotImplementedError,  # a compression method zipfile does not read
        KeyError,
        OSError,
        EOFError,
        ValueError,
    ):
        return None
    if b"macroEnabled" in content_types or any(n.endswith("vbaProject.bin") for n in names):
        return None
    for main_part, main_type, signature in OFFICE_TYPES:
        if main_part in names and main_type in content_types:
            return signature
    return None


def _prefix(*magic: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(magic)


def _riff(form: bytes) -> Callable[[bytes], bool]:
    """RIFF container: "RIFF", 4-byte size, then the form type (WAVE, WEBP)."""
    return lambda head: head[:4] == b"RIFF" and head[8:12] == form


def _ftyp(*brands: bytes) -> Callable[[bytes], bool]:
    """ISO base media file (MP4/M4A/3GP): box size, "ftyp", then the major brand."""
    return lambda head: head[4:8] == b"ftyp" and head[8:12] in brands


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MPEG-1/2/2.5 Layer III frame header (an MP3 without an ID3 tag)."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer == 0b01 and bitrate != 0b1111 and sample_rate != 0b11


def _adts_frame(head: bytes) -> bool:
    """An AAC ADTS frame header (ISO/IEC 13818-7): sync 0xFFF, layer 00."""
    return (
        len(head) >= 3 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0 and (head[2] >> 2) & 15 < 13
    )


# ISO-BMFF brands that voice recorders write (Android MediaRecorder uses isom/mp42 for .m4a).
# A phone video with such a brand is accepted as audio: telling them apart needs the `moov` box,
# which may sit at the end of the file.
MP4_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"isom", b"iso2", b"mp41", b"mp42")
THREE_GPP_BRANDS = (b"3gp4", b"3gp5", b"3gp6", b"3gp7", b"3g2a")

SIGNATURES: tuple[_Signature, ...] = (
    _Signature(UploadKind.IMAGE, "image/jpeg", "jpg", _prefix(b"\xff\xd8\xff")),
    _Signature(UploadKind.IMAGE, "image/png", "png", _prefix(b"\x89PNG\r\n\x1a\n")),
    _Signature(UploadKind.IMAGE, "image/gif", "gif", _prefix(b"GIF87a", b"GIF89a")),
    _Signature(UploadKind.IMAGE, "image/tiff", "tif", _prefix(b"II*\x00", b"MM\x00*")),
    _Signature(UploadKind.IMAGE, "image/webp", "webp", _riff(b"WEBP")),
    _Signature(UploadKind.PDF, "application/pdf", "pdf", _prefix(b"%PDF-")),
    _Signature(UploadKind.AUDIO, "audio/mpeg", "mp3", _prefix(b"ID3")),
    _Signature(UploadKind.AUDIO, "audio/mpeg", "mp3", _mpeg_audio_frame),
    _Signature(UploadKind.AUDIO, "audio/aac", "aac", _adts_frame),
    _Signature(UploadKind.AUDIO, "audio/wav", "wav", _riff(b"WAVE")),
    _Signature(UploadKind.AUDIO, "audio/amr", "amr", _prefix(b"#!AMR\n")),
    _Signature(UploadKind.AUDIO, "audio/amr-wb", "awb", _prefix(b"#!AMR-WB\n")),
    _Signature(UploadKind.AUDIO, "audio/mp4", "m4a", _ftyp(*MP4_AUDIO_BRANDS)),
    _Signature(UploadKind.AUDIO, "audio/3gpp", "3gp", _ftyp(*THREE_GPP_BRANDS)),
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE_TYPES: tuple[tuple[str, bytes, _Signature], ...] = (
    (
        "word/document.xml",
        f"{DOCX}.main+xml".encode(),
        _Signature(UploadKind.DOCUMENT, DOCX, "docx", _prefix(b"PK\x03\x04")),
    ),
    (
        "xl/workbook.xml",
        f"{XLSX}.main+xml".encode(),
        _Signature(UploadKind.DOCUMENT, XLSX, "xlsx", _prefix(b"PK\x03\x04")),
    ),
)


def _display_name(name: str | None) -> str:
    """The quoted name for messages (“x.jpg”); the name is only shown, never trusted."""
    base = PurePath(name or "").name
    if not base:
        return ""
    return f"“{base[:60]}…”" if len(base) > 60 else f"“{base}”"


def _megabytes(size: int) -> str:
    """Size in MB (MiB) with one decimal, rounded up so 20 MB + 1 byte never reads "20 MB"."""
    tenths = math.ceil(size * 10 / MIB)
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"
