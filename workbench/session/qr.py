"""QR codes for joining a session, drawn by segno as SVG (no network, no image library)."""

from __future__ import annotations

import io

import segno

__all__ = ["join_url", "qr_svg"]


def join_url(base_url: str, join_code: str, *, key: str | None = None) -> str:
    """The member page address for a session (and, for a registered member, their key)."""
    url = f"{base_url.rstrip('/')}/member?code={join_code}"
    return f"{url}&key={key}" if key else url


def qr_svg(data: str, *, scale: int = 6) -> str:
    """An SVG QR code of ``data`` (error correction M), as text to embed in a page."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=scale, xmldecl=False, border=2)
    return buffer.getvalue().decode("utf-8")
