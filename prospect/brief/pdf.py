"""HTML to PDF through WeasyPrint, with a URL fetcher that refuses the network.

Only files inside the bundled templates folder may be read; http(s), data:, ftp and every other
file are refused, so nothing in a brief's data can make the renderer fetch anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from prospect.errors import ProspectError


class FetchRefused(ProspectError):
    """The renderer asked for a resource outside the bundled templates."""


def _templates_root() -> Path:
    from prospect.resources import templates_dir

    return templates_dir().resolve()


def allowed_path(url: str) -> Path:
    """The bundled file `url` points to; FetchRefused for anything else (network included)."""
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        root = _templates_root()
        path = Path(unquote(parts.path)).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    raise FetchRefused(f"the brief renderer does not fetch {url[:80]!r}")


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png",
            ".ttf": "font/ttf"}.get(
        path.suffix.lower(), "application/octet-stream")


def make_fetcher() -> Any:
    """A WeasyPrint url_fetcher that serves `allowed_path` files and refuses everything else."""
    from weasyprint import urls

    if not hasattr(urls, "URLFetcher"):  # WeasyPrint < 67 takes a plain function
        def fetch_fn(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
            path = allowed_path(url)
            return {"string": path.read_bytes(), "mime_type": _mime(path),
                    "redirected_url": path.as_uri()}
        return fetch_fn

    class RefuseNetwork(urls.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed_path(url)
            return urls.URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                           {"Content-Type": _mime(path)})

    # no handlers are ever used: fetch() above never reaches urllib
    return RefuseNetwork(allowed_protocols=("file",), allow_redirects=False)


def _quiet_weasyprint() -> None:
    # a refused fetch is logged by WeasyPrint as an error; it is our policy, not a failure.
    # Its advice to install HarfBuzz-Subset is for packagers, not for a salesperson.
    import logging
    import warnings

    warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_document(html: str) -> Any:
    """Lay out `html` (a weasyprint Document: `.pages`, `.write_pdf()`)."""
    _quiet_weasyprint()
    from weasyprint import HTML

    base = _templates_root().as_uri() + "/"
    return HTML(string=html, base_url=base, url_fetcher=make_fetcher()).render()


def write_pdf(document: Any, path: Path) -> Path:
    """Write a laid-out document to `path` (folders created); a clear error if impossible."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(str(path))
    except OSError as exc:
        raise ProspectError(f"cannot write the PDF to {path}: {exc.strerror or exc}") from None
    return path

