"""The `federkiel` command: Django's manage commands plus `serve` and `worker`."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence

# Threads per server process. Each thread keeps its own database connection, so the total
# PostgreSQL connections are about workers x threads (+1 per task worker).
DEFAULT_THREADS = 4


def parse_bind(value: str) -> tuple[str, int]:
    """Split HOST:PORT (or [v6]:PORT) into host and port."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host.strip("[]"), int(port)


def granian_command(host: str, port: int, workers: int, threads: int) -> list[str]:
    """The production server (chosen by bench/servers.py, see docs/dependencies.md)."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--backpressure",
        str(threads),
        "--no-ws",
        "--respawn-failed-workers",
        "--access-log",
        "federkiel.wsgi:application",
    ]


def _serve(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="federkiel serve", description="Run the web server.")
    parser.add_argument(
        "--bind",
        type=parse_bind,
        default="127.0.0.1:8000",
        help="HOST:PORT to listen on (default %(default)s)",
    )
    parser.add_argument("--workers", type=int, default=2, help="server processes (default 2)")
    parser.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_THREADS,
        help="request threads per server process (default %(default)s)",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="start no task worker beside the server (run `federkiel worker` instead)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1 or args.threads < 1:
        parser.error("--workers and --threads must be at least 1")

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)

    children: list[subprocess.Popen[bytes]] = []
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # With Redis, workers run on their own (`federkiel worker`); the embedded SQLite
    # queue lives in the data dir, so one worker beside the server is enough.
    if not args.no_worker and not settings.REDIS_URL:
        children.append(subprocess.Popen([sys.executable, "-m", "federkiel.cli", "worker"]))
    host, port = args.bind
    server = subprocess.Popen(granian_command(host, port, args.workers, args.threads))
    children.append(server)
    if stopping:
        stop(signal.SIGTERM, None)
    code = server.wait()
    stop(signal.SIGTERM, None)
    for child in children:
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0 if stopping else code


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "federkiel.settings")
    command = argv[1] if len(argv) > 1 else "help"
    from django.conf import settings

    from federkiel.config import ConfigError

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- reads the environment, fails on a bad value
    except ConfigError as exc:
        print(f"federkiel: configuration error: {exc}", file=sys.stderr)
        print("See docs/configuration.md.", file=sys.stderr)
        return 2
    if command == "serve":
        return _serve(argv[2:])
    from django.core.management import execute_from_command_line

    if command == "worker":
        argv = [argv[0], "run_huey", *argv[2:]]
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
