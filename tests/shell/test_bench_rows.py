"""The PDF bench's rows still run: each renders two badges, and the ticket rows one
ticket, in this process. Speed is measured by `python -m bench.pdfs`, never here;
this only keeps the bench from rotting when the code it measures is changed."""

from __future__ import annotations

import pytest

from bench.pdf_rows import BADGE_ROWS, badge_variant, child_tickets


@pytest.mark.parametrize("name", sorted(BADGE_ROWS))
def test_badge_row_renders_a_pdf(name):
    pdf = badge_variant(name, 2)()

    assert pdf.startswith(b"%PDF-")


def test_ticket_rows_render():
    result = child_tickets(1)

    assert {"warm_ms", "bare_ms", "naive_ms", "layout_ms", "write_ms"} <= set(result)
    assert all(value > 0 for value in result.values())
