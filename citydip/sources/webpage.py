"""HTML pages and URLs: main text, title, date, canonical URL and outlet through trafilatura."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

from citydip.errors import InputError

from .decoding import declared_charset, decode_bytes
from .items import Notice, SourceItem
from .normalise import normalise_line, normalise_text
from .records import build_article, unparsed_date

# Seconds to wait for a server; a batch of URLs must not hang on one dead host.
FETCH_TIMEOUT = 10

# Publication dates only from what the page states (meta tags, markup, URL), never guessed from free text;
# BigKinds-era archives go back before htmldate's default 1995 floor.
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "min_date": "1900-01-01"}

# trafilatura and htmldate log extraction misses as warnings; the user hears about them through our
# failures instead, and an unconfigured logger would print them to stderr mid-progress-bar.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def read_html_bytes(data: bytes, source: str, *, url: str | None = None) -> Iterator[SourceItem]:
    """Decode an HTML page (honouring its declared charset) and read its article."""
    decoded = decode_bytes(data, source, declared=declared_charset(data))
    if decoded.encoding != "UTF-8":
        yield Notice(source, f"decoded as {decoded.encoding}")
    yield from read_html(decoded.text, source, url=url)


def read_html(html: str, source: str, *, url: str | None = None) -> Iterator[SourceItem]:
    """The one article of a decoded HTML page, boilerplate (menus, ads, footers, comments) removed."""
    from trafilatura import bare_extraction  # heavy: imported only when a page is read

    document = bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    text = normalise_text(getattr(document, "text", None) or "") if document is not None else ""
    if not text:
        raise InputError(source, "no article text found in the HTML page")
    title = normalise_line(getattr(document, "title", None))
    first, _, rest = text.partition("\n")
    if title and rest.strip() and normalise_line(first) == title:
        text = rest  # the page repeats its headline atop the body; the title field already holds it
    published = getattr(document, "date", None)
    article = build_article(
        text,
        path=source,
        title=title,
        published=published,
        source=getattr(document, "sitename", None) or getattr(document, "hostname", None),
        url=getattr(document, "url", None) or url,
    )
    if message := unparsed_date(published, article):
        yield Notice(source, message)
    yield article


def fetch_page(url: str) -> Iterator[SourceItem]:
    """Download a page and read its article; no network gives one clear failure."""
    host = urlsplit(url).hostname
    if not host:
        raise InputError(url, "cannot fetch URL: no host name in it")
    try:
        socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        raise InputError(
            url, f"cannot fetch URL: cannot resolve host {host} (network unavailable?)"
        ) from None
    from trafilatura.downloads import fetch_response
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(FETCH_TIMEOUT))
    response = fetch_response(url, config=config)
    if response is None:
        raise InputError(url, "cannot fetch URL: no answer (network unavailable, refused or timed out)")
    if response.status != 200:
        raise InputError(url, f"cannot fetch URL: the server answered HTTP {response.status}")
    if not response.data:
        raise InputError(url, "cannot fetch URL: empty response")
    yield from read_html_bytes(response.data, url, url=getattr(response, "url", None) or url)
