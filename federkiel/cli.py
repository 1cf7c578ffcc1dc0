"""The `federkiel` command: Django's manage commands plus `serve` and `worker`."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence


def _serve(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="federkiel serve", description="Run the web server.")
    parser.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT (default %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start a task consumer beside the server (run `federkiel worker` instead)",
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)

    children: list[subprocess.Popen[bytes]] = []
    if not args.no_worker and not settings.REDIS_URL:
        children.append(subprocess.Popen([sys.executable, "-m", "federkiel.cli", "worker"]))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "federkiel.wsgi:application",
            "--bind",
            args.bind,
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FEDERKIEL_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
    )
    children.append(server)

    def stop(signum: int, _frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = server.wait()
    stop(signal.SIGTERM, None)
    for child in children:
        child.wait(timeout=30)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "federkiel.settings")
    command = argv[1] if len(argv) > 1 else "help"
    if command == "serve":
        return _serve(argv[2:])
    from django.core.management import execute_from_command_line

    if command == "worker":
        argv = [argv[0], "run_huey", *argv[2:]]
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
