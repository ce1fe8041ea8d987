"""OCR of image-only PDF pages (a scanned, stamped copy): each page rendered by PDFium, levelled, read by an
offline OCR engine, and returned as positioned lines that the PDF loader joins like a text layer's.

Two engines, both offline with models installed from a package registry:
- `rapidocr` (PyPI rapidocr-onnxruntime, the default): PaddleOCR's PP-OCRv4 Chinese models as ONNX files
  inside the wheel, run by onnxruntime; read the 12-page scan of the plan with all 31 department clauses right
  (91 s of CPU, ~1 GB resident).
- `tesseract` (Debian tesseract-ocr + tesseract-ocr-chi-sim, through pytesseract): a quarter less CPU and a
  seventh of the memory, but it misreads the outline's brackets and numbers ((1) as GD）, （ as 〈 or 《, the page
  number — 2 — as 一六一), so the outline and the notes break: none of the 31 right. Kept for bench/ocr.py.
Nothing is downloaded at run time.

This runs inside the parsing child of kb.isolate, under its memory and time limits: `page_listener` is how the
child reports each page (the progress bar, and the per-page time limit), and `Limits.ocr_memory_mb` the memory
the child may take while it reads pages.
"""

from __future__ import annotations

import re
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from kb.errors import CorruptFile, NoTextLayer, TooLarge
from kb.limits import MB, Limits

if TYPE_CHECKING:
    from PIL import Image

DPI = 200  # a scan's usual resolution; Chinese body text (16 pt) is then ~40 px high, what the models expect
MAX_SIDE_PX = 4000  # a page larger than A3 is rendered smaller rather than taking more memory
MAX_SKEW = 3.0  # degrees searched either way when levelling a page; a scan is rarely more askew
SKEW_STEP = 0.1
ENGINES = ("rapidocr", "tesseract")
_PACKAGES = {"rapidocr": "rapidocr_onnxruntime", "tesseract": "pytesseract"}
_INSTALL = {
    "rapidocr": "pip install rapidocr-onnxruntime",
    "tesseract": "apt-get install tesseract-ocr tesseract-ocr-chi-sim; pip install pytesseract",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）"})
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")

PageListener = Callable[[int, int], None]  # (pages read, image-only pages of the file)
_listener: PageListener | None = None


def set_page_listener(listener: PageListener | None) -> None:
    """Who is told how far OCR of the file has come: 0 of n before the first page, then after each page (the
    parsing child of kb.isolate sets this to a message to its parent)."""
    global _listener
    _listener = listener


@dataclass(frozen=True)
class OcrLine:
    """One line read from a page image, in PDF points from the page's top left (as the text layer's are)."""

    text: str
    x: float
    y: float
    height: float
    confidence: float  # the engine's, 0–1
    right: float = 0.0  # where the text ends: a paragraph's last line stops short of the right margin


@dataclass(frozen=True)
class OcrPage:
    number: int  # 1-based
    lines: tuple[OcrLine, ...]
    skew: float  # degrees the page image was turned to level it
    seconds: float


class Engine(Protocol):
    name: str
    despeckle: bool  # whether the page is median-filtered first (it helps one engine and hurts the other)

    def read(self, image: Image.Image) -> list[tuple[str, float, float, float, float, float]]:
        """(text, left, top, right, bottom, confidence 0–1) of each text box found, in pixels."""
        ...


class RapidOcr:
    """rapidocr-onnxruntime with the models of its wheel (ch_PP-OCRv4 detection and recognition)."""

    name = "rapidocr"
    # with a scan's speckles the models lose a bracket (（二） read as ）) and find boxes in the noise; the filter
    # also made it faster on the plan's scan
    despeckle = True

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self._ocr = RapidOCR()

    def read(self, image: Image.Image) -> list[tuple[str, float, float, float, float, float]]:
        import numpy as np

        # no direction classifier: a scan's lines are upright, and on the plan's page 5 it turned a line upside
        # down, which was then read as nothing and dropped
        found, _ = self._ocr(np.asarray(image.convert("RGB")), use_cls=False)
        boxes = []
        for corners, text, score in found or []:
            xs = [float(p[0]) for p in corners]
            ys = [float(p[1]) for p in corners]
            boxes.append((str(text), min(xs), min(ys), max(xs), max(ys), float(score)))
        return boxes


class Tesseract:
    """Debian's tesseract with chi_sim, line by line (pytesseract's image_to_data)."""

    name = "tesseract"
    despeckle = False  # filtered, it read more brackets wrong on the plan's scan: （2） as 《2)

    def read(self, image: Image.Image) -> list[tuple[str, float, float, float, float, float]]:
        import pytesseract

        data = pytesseract.image_to_data(image, lang="chi_sim", config="--psm 6", output_type="dict")
        lines: dict[tuple[int, int, int], list[int]] = {}
        for i, word in enumerate(data["text"]):
            if str(word).strip():
                key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
                lines.setdefault(key, []).append(i)
        boxes = []
        for words in lines.values():
            text = _CJK_SPACE.sub("", " ".join(str(data["text"][i]) for i in words))
            left = min(data["left"][i] for i in words)
            top = min(data["top"][i] for i in words)
            right = max(data["left"][i] + data["width"][i] for i in words)
            bottom = max(data["top"][i] + data["height"][i] for i in words)
            confidence = sum(max(float(data["conf"][i]), 0.0) for i in words) / len(words) / 100
            boxes.append((text, float(left), float(top), float(right), float(bottom), confidence))
        return boxes


def make_engine(name: str) -> Engine:
    """The engine of that name (ImportError when its package is not installed)."""
    if name == "rapidocr":
        return RapidOcr()
    if name == "tesseract":
        return Tesseract()
    raise ValueError(f"unknown OCR engine '{name}': use one of {', '.join(ENGINES)}")


def read_pages(data: bytes, path: str, numbers: list[int], limits: Limits) -> list[OcrPage]:
    """OCR of the given 1-based pages of the PDF `data`; CorruptFile naming the page whose image cannot be
    decoded, TooLarge naming the page that needed more memory than `limits.ocr_memory_mb`."""
    import pypdfium2 as pdfium

    _allow_ocr_memory(limits)
    _tell(0, len(numbers))
    try:
        engine = make_engine(limits.ocr_engine)
    except ImportError as exc:
        if _installed(limits.ocr_engine):  # there, but its libraries could not be mapped within the limit
            raise _too_large(path, numbers[0], limits) from exc
        raise NoTextLayer(
            path,
            f"pages without a text layer need OCR, and the OCR engine '{limits.ocr_engine}' is not installed "
            f"({exc.name}): {_INSTALL[limits.ocr_engine]}",
        ) from exc
    except Exception as exc:
        if _out_of_memory(exc):
            raise _too_large(path, numbers[0], limits) from exc
        raise
    document = pdfium.PdfDocument(data)
    pages: list[OcrPage] = []
    try:
        for done, number in enumerate(numbers, start=1):
            pages.append(_read_page(document, number, engine, path, limits))
            _tell(done, len(numbers))
    finally:
        document.close()
    return pages


def _tell(done: int, total: int) -> None:
    if _listener is not None:
        _listener(done, total)


def _allow_ocr_memory(limits: Limits) -> None:
    """Raise the child's address-space limit to the OCR one (the models and a page's tensors need more than
    parsing text); kb.isolate set the hard limit to the larger of the two, so this only lifts it that far."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limits.ocr_memory_mb * MB
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _read_page(document: Any, number: int, engine: Engine, path: str, limits: Limits) -> OcrPage:
    from PIL import ImageFilter

    started = time.monotonic()
    try:
        grey, scale = _render(document[number - 1])
        level, skew = deskew(grey)
        boxes = engine.read(level.filter(ImageFilter.MedianFilter(3)) if engine.despeckle else level)
    except Exception as exc:
        if _out_of_memory(exc):
            raise _too_large(path, number, limits) from exc
        raise CorruptFile(
            path, f"page {number}: OCR failed on the scanned image ({type(exc).__name__}: {exc})"
        ) from exc
    points = 72 / (DPI * scale)
    lines = tuple(
        OcrLine(
            full_width_brackets(text),
            left * points,
            top * points,
            (bottom - top) * points,
            confidence,
            right * points,
        )
        for text, left, top, right, bottom, confidence in boxes
        if text.strip()
    )
    return OcrPage(number, lines, skew, time.monotonic() - started)


def full_width_brackets(text: str) -> str:
    """Brackets beside Chinese text as full-width ones, as Chinese official text sets them: the engines cannot
    tell （ from ( by shape, and a department note read as （县科工信局…负责) would not be read as a note."""
    if not _CJK.search(text):
        return text
    return text.translate(_FULL_WIDTH)


def _installed(engine: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(_PACKAGES[engine]) is not None


def _out_of_memory(error: BaseException | None) -> bool:
    """Whether a failure comes from the address-space limit: onnxruntime and OpenCV report a failed allocation
    as their own errors (rapidocr wraps OpenCV's in a ResizeImgError without a message)."""
    while error is not None:
        text = str(error).lower()
        if isinstance(error, MemoryError) or "alloc" in text or "memory" in text:
            return True
        error = error.__cause__ or error.__context__
    return False


def _too_large(path: str, number: int, limits: Limits) -> TooLarge:
    return TooLarge(
        path,
        f"OCR of page {number} needed more than {max(limits.memory_mb, limits.ocr_memory_mb):,} MB of memory and "
        "was stopped "
        "(KB_OCR_MEMORY_MB)",
    )


def _render(page: Any) -> tuple[Image.Image, float]:
    """The page as a grey image at DPI, smaller for a page beyond MAX_SIDE_PX; and that reduction."""
    width, height = page.get_size()
    scale = min(1.0, MAX_SIDE_PX / (max(width, height) * DPI / 72))
    bitmap = page.render(scale=DPI / 72 * scale, grayscale=True)
    return bitmap.to_pil().convert("L"), scale


def deskew(grey: Image.Image) -> tuple[Image.Image, float]:
    """The page turned level, and the angle it was turned by (degrees, counter-clockwise).

    Lines of text are level when the ink summed along each pixel row varies most (dark rows of text, white
    rows between them): the angle is searched on a half-size image, which takes a fraction of a second.
    """
    import numpy as np
    from PIL import Image

    small = grey.reduce(2).point(lambda v: 255 if v < 140 else 0)  # ink white on black: turning adds no ink
    best, best_score = 0.0, -1.0
    for step in range(-round(MAX_SKEW / SKEW_STEP), round(MAX_SKEW / SKEW_STEP) + 1):
        angle = step * SKEW_STEP
        rows = np.asarray(small.rotate(angle, resample=Image.Resampling.NEAREST), dtype=np.float32).sum(
            axis=1
        )
        score = float(np.var(rows))
        if score > best_score:
            best, best_score = angle, score
    if abs(best) < SKEW_STEP / 2:
        return grey, 0.0
    return grey.rotate(best, resample=Image.Resampling.BICUBIC, fillcolor=255), best


def character_width(page: OcrPage) -> float:
    """The page's body character width in points (the font size of Chinese text, whose characters are square),
    from its long lines: box heights are not font sizes (tesseract's come out twice the rapidocr ones)."""
    widths = sorted((line.right - line.x) / len(line.text) for line in page.lines if len(line.text) >= 10)
    if widths:
        return widths[len(widths) // 2]
    heights = sorted(line.height for line in page.lines)
    return heights[len(heights) // 2] if heights else 10.0


def rows(page: OcrPage) -> list[list[OcrLine]]:
    """The page's text boxes grouped into printed lines, top to bottom, each left to right: an engine may
    return one line as several boxes (a gap before a bracket, a table's cells)."""
    grouped: list[list[OcrLine]] = []
    for line in sorted(page.lines, key=lambda b: b.y + b.height / 2):
        middle = line.y + line.height / 2
        row = grouped[-1] if grouped else None
        if (
            row is not None
            and abs(middle - (row[0].y + row[0].height / 2)) < min(line.height, row[0].height) / 2
        ):
            row.append(line)
        else:
            grouped.append([line])
    return [sorted(row, key=lambda b: b.x) for row in grouped]
