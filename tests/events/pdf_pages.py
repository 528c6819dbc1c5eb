"""Reading PDFs as a printer and a scanner see them: poppler draws the pages, zbar
decodes the QR codes in the pixels, pdftotext says where each word landed."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pyzbar.pyzbar import ZBarSymbol, decode

POINTS_PER_MM = 72 / 25.4
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@dataclass(frozen=True)
class Box:
    """A rectangle on the page, in millimetres from the top left corner."""

    left: float
    top: float
    width: float
    height: float

    def holds(self, other: Box, *, slack: float = 0.2) -> bool:
        return (
            other.left >= self.left - slack
            and other.top >= self.top - slack
            and other.left + other.width <= self.left + self.width + slack
            and other.top + other.height <= self.top + self.height + slack
        )


@dataclass(frozen=True)
class Word:
    text: str
    box: Box


@dataclass(frozen=True)
class Scanned:
    data: str
    box: Box


def pages(pdf: bytes, folder: Path, *, dpi: int = 150) -> list[Image.Image]:
    """Every page as poppler draws it at `dpi`."""
    source = folder / "scan.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / "p")], check=True)
    return [Image.open(path) for path in sorted(folder.glob("p-*.png"), key=_page_number)]


def _page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def scan(image: Image.Image, *, dpi: int = 150) -> list[Scanned]:
    """The QR codes zbar finds on a page, with where they are (mm)."""
    mm = 25.4 / dpi
    return [
        Scanned(symbol.data.decode(), Box(*(value * mm for value in symbol.rect)))
        for symbol in decode(image.convert("L"), symbols=[ZBarSymbol.QRCODE])
    ]


def words(pdf: bytes, folder: Path) -> list[list[Word]]:
    """The words of each page with their boxes (mm), as pdftotext finds them."""
    source = folder / "words.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    result = []
    for page in out.split("<page ")[1:]:
        found = []
        for x0, y0, x1, y1, text in _WORD.findall(page):
            left, top = float(x0) / POINTS_PER_MM, float(y0) / POINTS_PER_MM
            width = (float(x1) - float(x0)) / POINTS_PER_MM
            height = (float(y1) - float(y0)) / POINTS_PER_MM
            found.append(Word(html.unescape(text), Box(left, top, width, height)))
        result.append(found)
    return result


def text_in(found: list[Word], box: Box) -> str:
    """The words that lie wholly inside `box`, in reading order, as one line."""
    return " ".join(word.text for word in found if box.holds(word.box))
