"""Photos and recordings on hazards and on-scene log entries: checked by their content with the
shared upload check (`common.uploads`), at most `MAX_FILES` per entry and `MAX_BYTES` each; an
image must open as one (a damaged or disguised file is refused) and gets a JPEG thumbnail."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from huajie.common.errors import ApplicationError
from huajie.common.uploads import MIB, UploadInfo, UploadKind, check_upload
from huajie.orgs.models import User

from ..models import Attachment, Hazard, IncidentEvent

MAX_FILES = 9
MAX_BYTES = int(getattr(settings, "EMERGENCY_UPLOAD_MAX_BYTES", 10 * MIB))
THUMB_SIZE = (320, 320)
PHOTOS = frozenset({UploadKind.IMAGE})
PHOTOS_AND_AUDIO = frozenset({UploadKind.IMAGE, UploadKind.AUDIO})


def check_files(
    files: Sequence[UploadedFile], *, kinds: frozenset[UploadKind]
) -> list[tuple[UploadInfo, bytes | None]]:
    """Check the whole set before anything is written: too many, or any one not acceptable,
    refuses them all. Each file's type (from its content) and, for an image, its thumbnail."""
    if len(files) > MAX_FILES:
        raise ApplicationError(f"每次最多上传{MAX_FILES}个文件，请分次上传。",
                               code="too_many_files", field="files")  # fmt: skip
    out = []
    for f in files:
        info = check_upload(f, field="files", kinds=kinds, max_bytes=MAX_BYTES)
        out.append((info, _thumbnail(f) if info.kind == UploadKind.IMAGE else None))
    return out


def attach(
    files: Sequence[UploadedFile], *, acting_user: User, caption: str = "",
    hazard: Hazard | None = None, event: IncidentEvent | None = None,
) -> list[Attachment]:  # fmt: skip
    """Store checked files on a hazard (photos) or a log entry (photos and recordings), inside
    the caller's transaction."""
    checked = check_files(files, kinds=PHOTOS if hazard is not None else PHOTOS_AND_AUDIO)
    made = []
    for f, (info, thumb) in zip(files, checked, strict=True):
        item = Attachment(
            hazard=hazard, event=event, incident_id=event.incident_id if event else None,
            caption=caption[:30], kind=info.kind, mime=info.mime, size=info.size,
            original_name=(f.name or "")[:200], uploaded_by=acting_user,
        )  # fmt: skip
        item.file.save(f"em.{info.extension}", f, save=False)
        if thumb is not None:
            item.thumbnail.save("em-thumb.jpg", ContentFile(thumb), save=False)
        item.save()
        made.append(item)
    return made


def _thumbnail(f: UploadedFile) -> bytes:
    """A JPEG of at most 320 × 320, upright by its EXIF orientation; the image must decode."""
    f.seek(0)
    try:
        with Image.open(f) as image:
            image.load()
            small = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ApplicationError(
            f"照片“{f.name}”无法打开，可能已损坏，请重新拍摄或选择后上传。",
            code="image_broken", field="files",
        ) from exc  # fmt: skip
    finally:
        f.seek(0)
    small.thumbnail(THUMB_SIZE)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()
