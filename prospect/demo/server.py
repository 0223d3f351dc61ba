"""A tiny threaded web server on 127.0.0.1 that serves the bundled sample company site."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE = Path(__file__).resolve().parent / "site"
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml",
         ".txt": "text/plain; charset=utf-8", ".css": "text/css"}


def _handler(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "prospect-demo"

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self._serve(body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve(body=False)

        def _serve(self, body: bool) -> None:
            url_path = unquote(urlsplit(self.path).path)
            path = (root / url_path.lstrip("/")).resolve()
            if path.is_dir() and not url_path.endswith("/"):
                # like any real server: one canonical URL per folder
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if path.is_dir():
                path = path / "index.html"
            if not path.is_relative_to(root) or not path.is_file():
                self._send(404, b"not found", "text/plain", body)
                return
            data = path.read_bytes()
            if path.suffix in (".txt", ".xml"):
                # robots.txt and the sitemap carry absolute URLs: fill in this server's address
                address = self.server.server_address
                assert isinstance(address, tuple)  # an AF_INET server
                host, port = address[:2]
                data = data.replace(b"__BASE__", f"http://{host}:{port}".encode())
            self._send(200, data, TYPES.get(path.suffix, "application/octet-stream"), body)

        def _send(self, status: int, data: bytes, ctype: str, body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the demo prints its own progress

    return Handler


@contextmanager
def serve_site(root: Path = SITE, port: int = 0) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (`port`, or a free one when 0); yields the base URL
    ("http://127.0.0.1:N/"). A port in use is a clear error."""
    from prospect.errors import ProspectError

    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), _handler(root.resolve()))
    except OSError as exc:
        raise ProspectError(f"cannot serve the sample site on port {port}: "
                            f"{exc.strerror or exc} (pick another with --port)") from None
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="prospect-demo-site",
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
