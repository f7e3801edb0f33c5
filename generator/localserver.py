"""Serve a built site under a sub-path, as GitHub Pages serves project sites (`/<repo>/`).

Used by the browser tests and the screenshot script; binds to 127.0.0.1 only. Anything
outside the prefix is a 404, so a root-absolute link in the site shows up as a failure.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    cache_seconds = 600
    not_found_page = False  # answer a miss with the site's 404.html, as GitHub Pages does
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".geojson": "application/geo+json",
        ".js": "text/javascript",
        ".csv": "text/csv; charset=utf-8",
        ".ics": "text/calendar; charset=utf-8",
    }

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")  # no such file: 404
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not self.not_found_page or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        # As GitHub Pages answers (max-age=600): a file a page asked for ahead (a preload) is
        # not fetched again by the frame that uses it. Each browser context starts with an
        # empty cache, and each served site has a port, hence an origin, of its own.
        if self.cache_seconds:
            self.send_header("Cache-Control", f"max-age={self.cache_seconds}")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass


@contextlib.contextmanager
def serve(directory: Path, prefix: str = "/marsad/", *, not_found_page: bool = False) -> Iterator[str]:
    """Serve `directory` at http://127.0.0.1:<free port><prefix>; yields that base URL.
    `not_found_page`: a missing path gets the site's 404.html (with status 404)."""
    handler = type("Handler", (_PrefixHandler,), {"prefix": prefix, "not_found_page": not_found_page})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
