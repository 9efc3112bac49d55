"""Pictures of pages (JPEG, PNG, WebP photos and scans) decoded safely for OCR.

A picture is a decompression bomb waiting to happen: a few kilobytes of PNG can claim
100,000 x 100,000 pixels. So the header is read first (Pillow does not decode pixels on
``open``) and a picture over ``Limits.max_image_pixels`` or ``max_image_side`` is refused
before a single pixel is decoded. Pillow's own guard (``Image.MAX_IMAGE_PIXELS``) is a
second line, which refuses the most absurd claims as the file is opened. JPEGs are decoded
at a reduced scale where they are far larger than OCR needs (``Image.draft``), so a
50-megapixel photo costs a few megabytes.

Everything stays in memory: bytes in, a greyscale ``PIL.Image`` out.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

from analyzers.errors import ClauseScoutError, TooComplex
from analyzers.limits import Limits

FORMATS = ("JPEG", "PNG", "WEBP")
# Suffixes and MIME types of the pictures we read (the content decides; these let the bot
# accept an attachment before downloading it).
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".jfif"})
IMAGE_MIME_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/jpg"})

# Pillow's own guard refuses, as it opens a file, pictures of more than twice this many
# pixels (and warns past it). It is only ever tightened here, to twice our default cap
# (Pillow's default, some 89 megapixels, is tighter already); our cap is checked first.
_GUARD = Limits().max_image_pixels * 2
Image.MAX_IMAGE_PIXELS = min(Image.MAX_IMAGE_PIXELS or _GUARD, _GUARD)


class DamagedImage(ClauseScoutError):
    code = "corrupt_image"
    user_message = (
        "I couldn't open that picture: it looks damaged or incomplete. Please take the "
        "photo again or send the original file."
    )


class ImageTooLarge(ClauseScoutError):
    """A picture larger than the pixel cap. The message names our cap only, never the
    size the file declares (an attacker's number, as for ``TooComplex``)."""

    code = "image_too_large"

    def __init__(self, width: int, height: int, limit: int) -> None:
        self.width, self.height, self.limit = width, height, limit
        super().__init__(
            f"That picture is too large for me to read: I read pictures of up to "
            f"{limit / 1_000_000:.0f} megapixels. A normal phone photo of the page is fine."
        )


def is_image(data: bytes) -> bool:
    """JPEG, PNG or WebP, by signature."""
    return data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    )


def decode_image(data: bytes, limits: Limits) -> tuple[Image.Image, float]:
    """The picture as greyscale, upright by its EXIF orientation and ``limits.ocr_max_side``
    pixels on its longer side, and the factor it was enlarged by (1 or more; below 1 it
    was reduced). Raises ``ImageTooLarge``, ``DamagedImage`` or ``TooComplex``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            width, height = image.size
            if (
                width * height > limits.max_image_pixels
                or max(width, height) > limits.max_image_side
            ):
                raise ImageTooLarge(width, height, limits.max_image_pixels)
            if width < 1 or height < 1:
                raise DamagedImage()
            longest = max(width, height)
            if image.format == "JPEG" and longest > limits.ocr_max_side:
                scale = limits.ocr_max_side / longest
                image.draft("L", (int(width * scale) + 1, int(height * scale) + 1))
            image.load()
            image = ImageOps.exif_transpose(image) or image
            grey = _grey(image)
    except ClauseScoutError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TooComplex() from None
    except MemoryError:
        raise TooComplex() from None
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError... on bad files
        raise DamagedImage() from None
    fitted = fit(grey, limits.ocr_max_side, enlarge=True)
    return fitted, max(fitted.size) / max(grey.size)


def fit(image: Image.Image, longest: int, *, enlarge: bool = False) -> Image.Image:
    """``image`` scaled down so its longer side is at most ``longest`` pixels; with
    ``enlarge``, a smaller one is scaled up to it (at most twice): OCR misreads small
    text, and a photo of a page smaller than a 300 dpi scan has small text."""
    side = max(image.size)
    if side == longest or (side < longest and not enlarge):
        return image
    scale = min(longest / side, 2.0)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)


def _grey(image: Image.Image) -> Image.Image:
    """Greyscale, with transparency laid on white (a PNG screenshot's clear background)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        white.alpha_composite(rgba)
        image = white
    if image.mode.startswith("I"):  # 16-bit PNG: convert("L") would clip, not scale
        image = image.convert("I").point(lambda value: value * (1 / 256))
    return image.convert("L")
