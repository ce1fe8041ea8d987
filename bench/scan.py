"""A scanned copy of a PDF, as an office scanner makes it: every page a 200-dpi grey image, turned by a small
angle and speckled with noise, wrapped into an image-only PDF (no text layer).

    .venv/bin/python bench/scan.py tests/data/plan-attachment3.pdf /tmp/plan-scan.pdf [--pages 1-2]

Used by bench/ocr.py (all 12 pages) and by tests/test_ocr.py (one or two pages). Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from pathlib import Path

DPI = 200
ANGLES = (0.7, -0.5, 1.0, -0.8, 0.6, -1.0)  # degrees, counter-clockwise: within the 0.5–1° of a careless scan
NOISE = 0.004  # share of pixels turned to a random dark or light speck


def scan_pages(pdf: Path, pages: list[int] | None = None, seed: int = 24) -> list[object]:
    """Grey PIL images of the given 1-based pages (all when None), each rotated a little with noise added."""
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    document = pdfium.PdfDocument(str(pdf))
    try:
        numbers = pages or list(range(1, len(document) + 1))
        images = []
        for number in numbers:
            grey = document[number - 1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            angle = ANGLES[(number - 1) % len(ANGLES)]
            turned = grey.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
            images.append(_speckled(turned, rng))
    finally:
        document.close()
    return images


def _speckled(image: object, rng: random.Random) -> object:
    from PIL import Image

    assert isinstance(image, Image.Image)
    pixels = image.load()
    assert pixels is not None
    width, height = image.size
    for _ in range(int(width * height * NOISE)):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((40, 90, 170, 220))
    return image


def write_scan(pdf: Path, target: Path, pages: list[int] | None = None, quality: int = 60) -> Path:
    """An image-only PDF of the scanned pages at 200 dpi (JPEG inside, as scanners save it)."""
    images = scan_pages(pdf, pages)
    first, *rest = images
    buffer = io.BytesIO()
    first.save(  # type: ignore[attr-defined]
        buffer, format="PDF", save_all=True, append_images=rest, resolution=DPI, quality=quality
    )
    target.write_bytes(buffer.getvalue())
    return target


def _page_range(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdf", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument(
        "--pages", type=_page_range, default=None, help="1-based range, e.g. 1-2 (default: all)"
    )
    args = parser.parse_args()
    path = write_scan(args.pdf, args.target, args.pages)
    print(f"{path}: {path.stat().st_size / 1024:,.0f} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
