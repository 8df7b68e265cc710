"""The CLEAN stage: article text out of HTML pages and scraped text, furniture removed."""

from communique.clean.boilerplate import CleanText, line_key, strip_boilerplate
from communique.clean.html import ExtractedPage, extract_html

__all__ = ["CleanText", "ExtractedPage", "extract_html", "line_key", "strip_boilerplate"]
