"""PDFs made with WeasyPrint from a standalone HTML document (its styles inline: it links to nothing).
Used by the board report and statements (insights) and the meeting packs (governance)."""


def render_pdf(html: str) -> bytes:
    """The PDF of a standalone HTML document."""
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=None).write_pdf())
