"""Responses shared by the apps' controllers."""

from __future__ import annotations

from litestar import Response


def private_download(
    body: bytes, media_type: str, filename: str, *, inline: bool = False
) -> Response[bytes]:
    """A file to save or open (an export, a PDF), never kept by a cache on the way: it
    holds personal data. `inline` opens it in the browser (a PDF) instead of saving."""
    disposition = "inline" if inline else "attachment"
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
