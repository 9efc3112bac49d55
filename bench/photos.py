"""Phone-style photos and scans of rendered contract pages, made at run time (no binaries
are committed): tilted a few degrees, in perspective, unevenly lit, noisy, JPEG-compressed.

Used by ``bench/ocr_engines.py``, ``bench/ocr_speed.py`` and the OCR tests.
"""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter


def render_pages(pdf: bytes, dpi: int = 200, pages: int | None = None) -> list[Image.Image]:
    """The PDF's pages as greyscale pictures."""
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document) if pages is None else min(pages, len(document))
        return [
            document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            for i in range(count)
        ]
    finally:
        document.close()


def page_text(pdf: bytes) -> list[str]:
    """The text layer of each page (the ground truth of a picture of that page)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def phone_photo(page: Image.Image, seed: int = 0, *, tilt: float | None = None) -> bytes:
    """A JPEG as a phone takes it of a printed page lying on a table.

    The page is tilted (``tilt`` degrees, default 2-4 either way), seen in perspective (its
    top edge narrower), lit from one side (a brightness gradient and a soft shadow), on a
    darker table, with sensor noise, a little blur and JPEG compression.
    """
    rng = random.Random(seed)
    width, height = page.size
    # The sheet on a table, with a margin of table around it.
    margin_x, margin_y = width // 10, height // 12
    canvas = Image.new("L", (width + 2 * margin_x, height + 2 * margin_y), 95)
    canvas.paste(page, (margin_x, margin_y))
    # Perspective: the far (top) edge looks narrower than the near one.
    squeeze = rng.uniform(0.03, 0.06) * canvas.width
    w, h = canvas.size
    near_left, near_right = -rng.uniform(0, 0.01) * w, w + rng.uniform(0, 0.01) * w
    quad = (-squeeze, 0, near_left, h, near_right, h, w + squeeze, 0)
    coefficients = _perspective(quad, (w, h))
    canvas = canvas.transform(
        (w, h), Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC, fillcolor=95
    )
    angle = tilt if tilt is not None else rng.choice((-1, 1)) * rng.uniform(2.0, 4.0)
    canvas = canvas.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=95)
    # Uneven light: bright on one side, dimmer on the other, and a soft shadow blob.
    light = Image.linear_gradient("L").rotate(rng.choice((90, -90, 0, 180))).resize((w, h))
    light = light.point(lambda v: 150 + v * 105 // 255)
    shadow = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(shadow)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    r = 0.35 * min(w, h)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=200)
    shadow = shadow.filter(ImageFilter.GaussianBlur(r / 3))
    lit = Image.composite(canvas, Image.new("L", (w, h), 0), light)
    lit = Image.composite(lit, Image.new("L", (w, h), 0), shadow)
    # Sensor noise and the softness of a phone lens.
    noise = Image.effect_noise((w, h), rng.uniform(10, 16))
    lit = Image.blend(lit, noise, 0.12).filter(ImageFilter.GaussianBlur(0.7))
    buffer = io.BytesIO()
    lit.convert("RGB").save(buffer, "JPEG", quality=rng.randint(55, 70))
    return buffer.getvalue()


def _perspective(
    quad: tuple[float, ...], size: tuple[int, int]
) -> tuple[float, float, float, float, float, float, float, float]:
    """Coefficients for ``Image.transform(PERSPECTIVE)`` mapping the output rectangle onto
    ``quad`` (top-left, bottom-left, bottom-right, top-right corners in the input)."""
    import numpy as np

    w, h = size
    source = [(quad[0], quad[1]), (quad[2], quad[3]), (quad[4], quad[5]), (quad[6], quad[7])]
    target = [(0, 0), (0, h), (w, h), (w, 0)]
    rows = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    rhs = [c for point in source for c in point]
    solution = np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float))
    a, b, c, d, e, f, g, i = (float(value) for value in solution)
    return (a, b, c, d, e, f, g, i)


def scanned_pdf(pages: list[Image.Image], seed: int = 7, dpi: int = 200) -> bytes:
    """An image-only PDF of ``pages``, as an office scanner makes it: each page slightly
    rotated, blurred, speckled and saved as JPEG."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as rl_canvas

    rng = random.Random(seed)
    out = io.BytesIO()
    pdf = rl_canvas.Canvas(out, pagesize=A4)
    width, height = A4
    for page in pages:
        image = page.rotate(
            rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=255
        ).filter(ImageFilter.GaussianBlur(0.5))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=60)
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, width, height)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
