"""A self-hosted picture captcha (no third-party service, works offline and without JavaScript):
five characters from an alphabet without look-alikes, drawn with Pillow's built-in font, rotated
and crossed with lines. The answer is kept in the session as an HMAC, spent by the first check,
right or wrong, so one picture cannot be tried twice.

It guards what costs money or bothers someone when automated: sending an SMS code. A person who
cannot read the picture can take a new one, or submit at the reception desk or by phone (the
guide says so)."""

from __future__ import annotations

import hmac
import io
import secrets

from django.contrib.sessions.backends.base import SessionBase
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from huajie.common.crypto import blind_index
from huajie.common.errors import ApplicationError

from . import conf

ALPHABET = "ACEFHKMNPRTUVWXY345789"
LENGTH = 5
KEY = "portal.captcha"


def _digest(answer: str) -> str:
    return blind_index(answer.upper(), purpose="portal.captcha")


def captcha_new(session: SessionBase) -> str:
    """A fresh answer, stored (hashed) in the session; returns the text to draw. Each picture
    drawn replaces the last one. `PORTAL_CAPTCHA_TEST_ANSWER` fixes the answer for tests."""
    fixed = conf.get("PORTAL_CAPTCHA_TEST_ANSWER", None)
    answer = str(fixed) if fixed else "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    session[KEY] = _digest(answer)
    return answer


def captcha_image(answer: str) -> bytes:
    width, height = 200, 64
    image = Image.new("RGB", (width, height), (246, 247, 249))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for i, char in enumerate(answer):
        glyph = Image.new("RGBA", (44, 56), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((6, 2), char, font=font, fill=(40, 40, 90))
        angle = secrets.randbelow(41) - 20
        glyph = glyph.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False)
        image.paste(glyph, (8 + i * 37, 2 + secrets.randbelow(8)), glyph)
    for _ in range(5):
        points = [(secrets.randbelow(width), secrets.randbelow(height)) for _ in range(2)]
        draw.line(points, fill=(120, 120, 160), width=2)
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def captcha_check(session: SessionBase, entered: str) -> None:
    """Refuse a blank or wrong answer with a sentence; either way the picture is spent."""
    wanted = session.pop(KEY, None)
    text = "".join((entered or "").split()).upper()
    if not text:
        raise ApplicationError("请填写图片中的5个字符。", code="captcha_required", field="captcha")
    if wanted is None or not hmac.compare_digest(str(wanted), _digest(text)):
        raise ApplicationError(
            "图片验证码不正确，请看清新图片中的5个字符后重新填写。",
            code="captcha_wrong",
            field="captcha",
        )
