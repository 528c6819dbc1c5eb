"""Tables as files a Dutch office opens: CSV for Excel (UTF-8 with a byte order mark,
`;`, the decimal comma) and XLSX. A cell that a spreadsheet would run as a formula
(starting with =, +, -, @, a tab or a carriage return) is written as text, so data
typed by a registrant or an account never runs on an organiser's computer (CSV
injection). Every export of the apps and of the shell goes through here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from werkplaats.i18n import local

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_WIDTH, MAX_WIDTH = 8, 50


def spreadsheet_time(moment: dt.datetime | None, *, seconds: bool = False) -> dt.datetime | None:
    """A naive Europe/Amsterdam time, as a spreadsheet shows it: to the minute, or to
    the second with `seconds`."""
    if moment is None:
        return None
    return local(moment).replace(tzinfo=None, microsecond=0, **({} if seconds else {"second": 0}))


@dataclass(frozen=True)
class ExportTable:
    header: list[str]
    rows: list[list[Any]]  # str, int, naive local datetime, or None


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return str(value).replace(".", ",")  # the decimal comma of Dutch Excel
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def to_csv(table: ExportTable) -> bytes:
    """UTF-8 with a byte order mark and `;` between cells: what Dutch Excel opens."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(title) for title in table.header])
    writer.writerows([_csv_cell(value) for value in row] for row in table.rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _width(value: Any) -> int:
    if isinstance(value, dt.date):
        return 16
    return max((len(line) for line in str(value or "").splitlines()), default=0)


def _xlsx_value(value: Any) -> Any:
    """Control characters are not allowed in an XLSX cell: drop them."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", title).translate(str.maketrans("", "", "[]:*?/\\"))
    return cleaned.strip()[:31] or "Sheet"


def to_xlsx(table: ExportTable, *, title: str) -> bytes:
    """A workbook with a bold, frozen header row; blocking, so run it in a thread."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    sheet.append([_xlsx_value(title) for title in table.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in table.rows:
        sheet.append(
            [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
        )
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd-mm-yyyy hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd-mm-yyyy"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    for index, title in enumerate(table.header, start=1):
        widest = max([_width(title), *(_width(row[index - 1]) for row in table.rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(widest + 2, MIN_WIDTH), MAX_WIDTH
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
