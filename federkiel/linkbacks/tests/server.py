"""A small HTTP server on loopback that the fetcher tests and webmention tests talk to."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    send_length: bool = True  # without Content-Length the body ends when the connection closes


@dataclass(frozen=True)
class Posted:
    path: str
    content_type: str
    body: bytes


class Site:
    """Routes by path; `requests` records (path, Host header, User-Agent) of each GET,
    `posts` each POST. A POST route answers with its routes in turn, the last one again."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.post_routes: dict[str, list[Route]] = {}
        self.requests: list[tuple[str, str, str]] = []
        self.posts: list[Posted] = []
        self.base = ""

    def endpoint(self, path: str, *answers: Route) -> str:
        self.post_routes[path] = list(answers) or [Route(status=202, body=b"")]
        return self.base + path

    def page(self, path: str, body: str | bytes = "", **kwargs: object) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)  # type: ignore[arg-type]
        return self.base + path


@contextmanager
def loopback_site(host: str = "127.0.0.1") -> Iterator[Site]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append(
                (self.path, self.headers.get("Host", ""), self.headers.get("User-Agent", ""))
            )
            self.answer(site.routes.get(self.path, Route(status=404, body=b"not found")))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            site.posts.append(Posted(self.path, self.headers.get("Content-Type", ""), body))
            answers = site.post_routes.get(self.path, [Route(status=404, body=b"not found")])
            self.answer(answers.pop(0) if len(answers) > 1 else answers[0])

        def answer(self, route: Route) -> None:
            if route.delay:
                time.sleep(route.delay)
            self.send_response(route.status)
            if route.content_type:
                self.send_header("Content-Type", route.content_type)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.send_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    shown = f"[{host}]" if ":" in host else host
    site.base = f"http://{shown}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
