"""Responses shared by the apps' controllers."""

from __future__ import annotations

from litestar import Response


def private_download(body: bytes, media_type: str, filename: str) -> Response[bytes]:
    """A file to save (an export, a PDF), never kept by a cache: it holds personal data."""
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
