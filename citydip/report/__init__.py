"""`citydip report`: one self-contained HTML file with a map of partners, events by year, relations over
time and the partner and event tables, for the filters given (content: what it holds; page: the HTML)."""

from __future__ import annotations

from citydip.report.content import Report, Summary, build
from citydip.report.page import render, write

__all__ = ["Report", "Summary", "build", "render", "write"]
