"""What the processes log: our own INFO lines, the libraries' warnings only.

WeasyPrint logs each step of every PDF (some forty lines at start-up, where the PDF
threads warm up), Piccolo the database version, Dramatiq's asyncio middleware its
event loop: nothing an operator acts on.
"""

from __future__ import annotations

import logging

QUIET_LOGGERS = ("weasyprint", "fontTools", "piccolo", "dramatiq.middleware")


def quiet_libraries() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
