"""Attachments are accepted or refused by what they contain, whatever they are called."""

from __future__ import annotations

import io
import random
import struct
import wave
import zipfile
import zlib

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from huajie.common.errors import ApplicationError
from huajie.common.uploads import HEAD_BYTES, MIB, UploadInfo, UploadKind, check_upload

NOT_ALLOWED = "不是允许的类型（图片、PDF、音频、Word/Excel），请转换后上传。"


def png_bytes() -> bytes:
    """A real 1×1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x00\x00" * 800)
    return buffer.getvalue()


def ooxml_bytes(main_part: str, main_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Office Open XML package (ECMA-376): content types, relationships, main part."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{main_part}"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", rels)
        package.writestr(main_part, "<w:document/>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def docx_bytes() -> bytes:
    return ooxml_bytes("word/document.xml", DOCX_MAIN)


def xlsx_bytes() -> bytes:
    """A real workbook as Excel/WPS would send it, written by openpyxl."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["信访人", "诉求"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


ACCEPTED = [
    (
        "scan.jpg",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
        UploadKind.IMAGE,
        "image/jpeg",
        "jpg",
    ),
    ("photo.png", png_bytes(), UploadKind.IMAGE, "image/png", "png"),
    ("sign.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", UploadKind.IMAGE, "image/gif", "gif"),
    ("fax.tif", b"II*\x00\x08\x00\x00\x00\x00\x00", UploadKind.IMAGE, "image/tiff", "tif"),
    ("fax-mm.tiff", b"MM\x00*\x00\x00\x00\x08\x00\x00", UploadKind.IMAGE, "image/tiff", "tif"),
    (
        "wechat.webp",
        b"RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00",
        UploadKind.IMAGE,
        "image/webp",
        "webp",
    ),
    (
        "letter.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
        UploadKind.PDF,
        "application/pdf",
        "pdf",
    ),
    (
        "call.mp3",
        b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 100,
        UploadKind.AUDIO,
        "audio/mpeg",
        "mp3",
    ),
    (
        "call-untagged.mp3",
        b"\xff\xfb\x90\x64" + b"\x00" * 413,
        UploadKind.AUDIO,
        "audio/mpeg",
        "mp3",
    ),
    (
        "memo.aac",
        b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x00" * 10,
        UploadKind.AUDIO,
        "audio/aac",
        "aac",
    ),
    ("visit.wav", wav_bytes(), UploadKind.AUDIO, "audio/wav", "wav"),
    ("voice.amr", b"#!AMR\n\x3c" + b"\x00" * 31, UploadKind.AUDIO, "audio/amr", "amr"),
    ("voice-wb.amr", b"#!AMR-WB\n\x2c" + b"\x00" * 17, UploadKind.AUDIO, "audio/amr-wb", "awb"),
    (
        "recorder.m4a",
        b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom\x00\x00\x00\x00",
        UploadKind.AUDIO,
        "audio/mp4",
        "m4a",
    ),
    (
        "android.m4a",
        b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00isommp42",
        UploadKind.AUDIO,
        "audio/mp4",
        "m4a",
    ),
    (
        "old-phone.3gp",
        b"\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00isom3gp4",
        UploadKind.AUDIO,
        "audio/3gpp",
        "3gp",
    ),
    (
        "complaint.docx",
        docx_bytes(),
        UploadKind.DOCUMENT,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    (
        "list.xlsx",
        xlsx_bytes(),
        UploadKind.DOCUMENT,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
]


@pytest.mark.parametrize(("name", "content", "kind", "mime", "extension"), ACCEPTED)
def test_accepts_each_allowed_kind(name, content, kind, mime, extension):
    file = upload(name, content)
    assert check_upload(file) == UploadInfo(kind, mime, extension, len(content))
    assert file.tell() == 0


def test_the_content_decides_not_the_name():
    info = check_upload(upload("扫描件.pdf", png_bytes()))
    assert (info.mime, info.extension) == ("image/png", "png")


REFUSED = [
    ("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50),
    ("letter.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    ("letter.pdf", b"  %PDF-1.7 hidden behind a prefix"),
    ("note.txt", "我要反映小区停车问题".encode()),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("archive.docx", b"PK\x03\x04" + b"\x00" * 60),
    ("macro.docx", ooxml_bytes("word/document.xml", DOCM_MAIN)),
    ("macro2.docx", ooxml_bytes("word/document.xml", DOCX_MAIN, {"word/vbaProject.bin": b"x"})),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60),
    ("linux.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 60),
    ("video.mov", b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  "),
]


@pytest.mark.parametrize(("name", "content"), REFUSED)
def test_refuses_what_is_not_allowed_whatever_its_name(name, content):
    with pytest.raises(ApplicationError) as caught:
        check_upload(upload(name, content))
    assert caught.value.message == f"文件“{name}”{NOT_ALLOWED}"
    assert (caught.value.code, caught.value.field) == ("upload_type_not_allowed", "file")


def test_refuses_a_plain_zip_holding_a_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("complaint.docx", docx_bytes())
    with pytest.raises(ApplicationError, match="不是允许的类型"):
        check_upload(upload("complaint.docx", buffer.getvalue()))


def test_refuses_an_empty_file():
    with pytest.raises(ApplicationError) as caught:
        check_upload(upload("空白.jpg", b""))
    assert caught.value.message == "文件“空白.jpg”是空文件，请重新选择后上传。"
    assert caught.value.code == "upload_empty"


def test_refuses_a_file_over_the_default_limit_with_its_size():
    file = upload("x.jpg", b"\xff\xd8\xff\xe0")
    file.size = int(25.3 * MIB)
    with pytest.raises(ApplicationError) as caught:
        check_upload(file, field="attachment")
    assert caught.value.message == "文件“x.jpg”大小为 25.3 MB，超过 20 MB 上限，请压缩后重新上传。"
    assert (caught.value.code, caught.value.field) == ("upload_too_large", "attachment")


def test_just_over_the_limit_never_reads_as_the_limit():
    file = upload("x.jpg", b"\xff\xd8\xff\xe0")
    file.size = 20 * MIB + 1
    with pytest.raises(ApplicationError, match="大小为 20.1 MB，超过 20 MB 上限"):
        check_upload(file)


def test_the_limit_comes_from_settings(settings):
    settings.PETITION_UPLOAD_MAX_BYTES = 1000
    content = png_bytes() + b"\x00" * 1000
    with pytest.raises(ApplicationError, match="超过 0.1 MB 上限"):
        check_upload(upload("photo.png", content))
    settings.PETITION_UPLOAD_MAX_BYTES = len(content)
    assert check_upload(upload("photo.png", content)).size == len(content)


def test_a_caller_narrows_the_kinds_and_the_limit():
    pdf = upload("现场.jpg", b"%PDF-1.7\n")
    with pytest.raises(ApplicationError, match="不是允许的类型（照片（JPG"):
        check_upload(pdf, kinds=frozenset({UploadKind.IMAGE}))
    photo = upload("photo.png", png_bytes() + b"\x00" * 2000)
    with pytest.raises(ApplicationError, match="超过 0.1 MB 上限"):
        check_upload(photo, max_bytes=1000)
    assert check_upload(photo, kinds=frozenset({UploadKind.IMAGE})).kind == UploadKind.IMAGE


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_reads_only_the_first_bytes_of_a_large_file():
    stream = CountingStream(png_bytes() + b"\x00" * (15 * MIB))
    file = UploadedFile(stream, name="big.png", size=len(stream.getvalue()))
    assert check_upload(file).kind == UploadKind.IMAGE
    assert stream.bytes_read <= HEAD_BYTES


def test_reads_a_document_without_reading_the_whole_archive():
    photo = png_bytes() + random.Random(0).randbytes(4 * MIB)  # incompressible, like a photo
    padding = {"word/media/image1.png": photo}
    stream = CountingStream(ooxml_bytes("word/document.xml", DOCX_MAIN, padding))
    file = UploadedFile(stream, name="big.docx", size=len(stream.getvalue()))
    assert check_upload(file).extension == "docx"
    assert stream.bytes_read < len(stream.getvalue()) / 10
