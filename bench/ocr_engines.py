"""Tesseract against RapidOCR (ONNX Runtime, models in the wheel), on our scans and photos.

    python bench/ocr_engines.py            # both engines if RapidOCR is installed
    pip install rapidocr-onnxruntime       # to measure it too (not a dependency)

Inputs, made at run time from the generated 3-page contract (``bench/gen_contracts.py``):
- scan: the generator's ``scanned_3p.pdf`` (150 dpi JPEG pages, tilted, blurred, speckled),
  each page rendered at 300 dpi as the bot does;
- photo: each page rendered at 200 dpi and turned into a phone photo (``bench/photos.py``:
  2-4 degrees of tilt, perspective, uneven light, noise, JPEG).

Per engine and input: word accuracy (F1 of the words read against the page's text layer,
as multisets of lower-case words), the risk categories of the 3 pages read as one contract
against those of the text PDF (recovered / invented), seconds a page on one core (Tesseract
with ``OMP_THREAD_LIMIT=1``, ONNX Runtime with one intra-op thread), and install size.
Both engines get the same picture (light flattened, despeckled and deskewed by
``analyzers.extract.ocr``) and the same layout code afterwards. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzers import analyze_document, analyze_file
from analyzers.extract.images import decode_image
from analyzers.extract.ocr import Word, clean, deskew, page_of, read_page
from analyzers.extract.pdf_layout import drop_furniture, paragraph_joins
from analyzers.extract.reflow import join_lines
from analyzers.limits import DEFAULT_LIMITS
from analyzers.model import Document
from bench.gen_contracts import DEFAULT_OUT, generate
from bench.photos import page_text, phone_photo, render_pages

_WORD = re.compile(r"[a-z0-9]+")
Engine = Callable[[Image.Image, int, float], object]


def tesseract_page(image: Image.Image, number: int, enlarged: float) -> object:
    return read_page(image, number, DEFAULT_LIMITS, dpi=300, enlarged=enlarged)


def rapidocr_engine() -> Engine | None:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    import numpy as np

    reader = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)

    def run(image: Image.Image, number: int, enlarged: float) -> object:
        image = deskew(clean(image, enlarged=enlarged))
        result, _ = reader(np.asarray(image.convert("RGB")))
        words = []
        for index, (box, text, score) in enumerate(result or []):
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            left, top = int(min(xs)), int(min(ys))
            words.append(
                Word(
                    text,
                    left,
                    top,
                    int(max(xs)) - left,
                    int(max(ys)) - top,
                    float(score) * 100,
                    (index, 0, 0),
                )
            )
        return page_of(words, number, image.width, image.height, 300)

    return run


def words_f1(read: str, truth: str) -> float:
    got, want = Counter(_WORD.findall(read.lower())), Counter(_WORD.findall(truth.lower()))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def document(pages: list) -> Document:
    drop_furniture(pages)
    lines, joins = paragraph_joins(pages)
    text, starts = join_lines(lines, joins, pages=len(pages))
    return Document(text=text, kind="image", page_starts=starts)


def measure(
    name: str,
    engine: Engine,
    images: list[tuple[Image.Image, float]],
    truths: list[str],
    want: set[str],
) -> None:
    pages, seconds, scores = [], [], []
    for number, ((image, enlarged), truth) in enumerate(zip(images, truths, strict=True)):
        started = time.perf_counter()
        page = engine(image, number, enlarged)
        seconds.append(time.perf_counter() - started)
        pages.append(page)
        scores.append(words_f1(" ".join(line.text for line in page.lines), truth))
    got = set(analyze_document(document(pages)).categories)
    recovered, invented = len(got & want), sorted(got - want)
    print(
        f"  {name:<10} words {100 * sum(scores) / len(scores):5.1f}%  "
        f"categories {recovered}/{len(want)} invented {len(invented)} {invented or ''}  "
        f"{sum(seconds) / len(seconds):5.2f} s/page"
    )


def install_sizes() -> None:
    packages = "tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract5 liblept5"
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Installed-Size}\\n", *packages.split()],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        kb = sum(int(v) for v in out.split() if v.isdigit())
        print(f"  tesseract  {kb / 1024:.0f} MB installed ({packages})")
    except OSError:
        print("  tesseract  (dpkg-query not found)")
    try:
        import cv2
        import numpy
        import onnxruntime
        import rapidocr_onnxruntime

        site = Path(rapidocr_onnxruntime.__file__).parent.parent
        total = 0
        for module in (rapidocr_onnxruntime, onnxruntime, cv2, numpy):
            total += _size(Path(module.__file__).parent)
        for extra in site.glob("opencv_python*.libs"):
            total += _size(extra)
        print(
            f"  rapidocr   {total / 2**20:.0f} MB in site-packages "
            "(rapidocr_onnxruntime + onnxruntime + opencv-python + numpy)"
        )
    except ImportError:
        pass


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    made = generate(args.out, [3])
    text_pdf = made["contract_3p.pdf"].read_bytes()
    want = set(analyze_file(text_pdf, "contract.pdf").categories)
    truths = page_text(text_pdf)
    # The scan's pictures are 150 dpi: rendered at 300 dpi they are enlarged twice.
    scans = [(image, 2.0) for image in render_pages(made["scanned_3p.pdf"].read_bytes(), 300)]
    photos = [
        decode_image(phone_photo(page, seed), DEFAULT_LIMITS)
        for seed, page in enumerate(render_pages(text_pdf, dpi=200), start=1)
    ]
    engines: list[tuple[str, Engine]] = []
    if shutil.which("tesseract"):
        engines.append(("tesseract", tesseract_page))
    else:
        print("tesseract not found: sudo apt-get install tesseract-ocr")
    rapid = rapidocr_engine()
    if rapid is not None:
        engines.append(("rapidocr", rapid))
    else:
        print("rapidocr_onnxruntime not installed: pip install rapidocr-onnxruntime")
    print(f"text PDF: {len(want)} categories {sorted(want)}")
    for label, images in (("scan (scanned_3p.pdf, 300 dpi)", scans), ("photo (3 pages)", photos)):
        print(label)
        for name, engine in engines:
            engine(images[0][0], 0, images[0][1])  # warm-up (models, page cache)
            measure(name, engine, images, truths, want)
    print("install size")
    install_sizes()
    return 0


if __name__ == "__main__":
    sys.exit(main())
