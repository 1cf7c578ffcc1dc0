"""Gunicorn against Granian on the same pages, same worker count, one run, loopback only.

    .venv/bin/python bench/servers.py [--workers 2] [--threads 4] [--seconds 5] [--rounds 2]
                                      [--connections 8] [--no-keepalive]

Builds a throw-away data dir (SQLite, migrated, demo blog), then for each round starts
each server in turn on a free loopback port and drives the front page and a story page
with wrk (Debian package `wrk`; a small threaded Python client when wrk is missing).
Rounds alternate the servers so that a busy moment of the machine hits both alike.
Prints requests/s and latency per server and page, and the ratio granian/gunicorn.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from federkiel.cli import DEFAULT_THREADS, granian_command  # noqa: E402

PYTHON = sys.executable
HOST = "127.0.0.1"


@dataclass
class Result:
    requests_per_second: float
    latency_avg_ms: float
    latency_p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_command(server: str, port: int, workers: int, threads: int) -> list[str]:
    """Granian exactly as `federkiel serve` runs it; gunicorn with as many threads."""
    if server == "gunicorn":
        return [
            PYTHON,
            "-m",
            "gunicorn",
            "federkiel.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ]
    command = granian_command(HOST, port, workers, threads)
    command.remove("--access-log")
    return command


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_ready(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before it answered")
        try:
            if get(port, "/")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not answer in time")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, seconds: int, connections: int, keepalive: bool) -> Result:
    close = [] if keepalive else ["-H", "Connection: close"]
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", *close, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    avg = re.search(r"Latency\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0
    return Result(
        rps,
        _ms(*avg.groups()) if avg else 0.0,
        _ms(*p99.groups()) if p99 else 0.0,
        errors,
    )


def run_python_client(
    port: int, path: str, seconds: int, connections: int, keepalive: bool
) -> Result:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                if not keepalive or response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except OSError:
                ok = False
                conn.close()
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - start) * 1000)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)] if latencies else 0.0
    return Result(
        len(latencies) / seconds, statistics.fmean(latencies) if latencies else 0.0, p99, errors[0]
    )


def prepare_data_dir(env: dict[str, str]) -> str:
    """Migrate, add the demo blog, collect static files; return a story page's path."""
    federkiel = [PYTHON, "-m", "federkiel.cli"]
    for args in (["migrate", "--noinput", "-v", "0"], ["demo"], ["collectstatic", "--noinput"]):
        subprocess.run([*federkiel, *args], env=env, check=True, capture_output=True)
    script = (
        "import django; django.setup();"
        "from federkiel.stories.models import Story;"
        "s = Story.objects.select_related('blog').order_by('pk').first();"
        "print(f'/{s.blog.name}/stories/{s.slug}/')"
    )
    found = subprocess.run(
        [PYTHON, "-c", script], env=env, check=True, capture_output=True, text=True
    )
    return found.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="per worker")
    parser.add_argument("--seconds", type=int, default=5, help="per page, server and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--no-keepalive",
        action="store_true",
        help="a new connection per request, as from a proxy without upstream keep-alive",
    )
    args = parser.parse_args()

    use_wrk = shutil.which("wrk") is not None
    keepalive = not args.no_keepalive
    with tempfile.TemporaryDirectory(prefix="federkiel-bench-") as data_dir:
        env = {
            **os.environ,
            "FEDERKIEL_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "federkiel.settings",
            "FEDERKIEL_LOG_LEVEL": "WARNING",
        }
        for name in ("DATABASE_URL", "REDIS_URL", "FEDERKIEL_DEBUG"):
            env.pop(name, None)
        story_path = prepare_data_dir(env)
        pages = {"front page": "/schreibzimmer/", "story page": story_path}
        servers = ("gunicorn", "granian")
        results: dict[tuple[str, str], list[Result]] = {}
        for round_no in range(args.rounds):
            order = servers if round_no % 2 == 0 else servers[::-1]
            for server in order:
                port = free_port()
                process = subprocess.Popen(
                    server_command(server, port, args.workers, args.threads),
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                )
                try:
                    wait_ready(port, process)
                    for page, path in pages.items():
                        status, _ = get(port, path)
                        if status != 200:
                            raise SystemExit(f"{server}: {path} answered {status}")
                        for _ in range(20):
                            get(port, path)
                        if use_wrk:
                            result = run_wrk(
                                f"http://{HOST}:{port}{path}",
                                args.seconds,
                                args.connections,
                                keepalive,
                            )
                        else:
                            result = run_python_client(
                                port, path, args.seconds, args.connections, keepalive
                            )
                        results.setdefault((server, page), []).append(result)
                finally:
                    process.terminate()
                    process.wait(timeout=30)

    print(
        f"load: {'wrk -t1 -c' + str(args.connections) if use_wrk else 'Python client'}, "
        f"{'keep-alive' if keepalive else 'a new connection per request'}, "
        f"{args.workers} workers x {args.threads} threads each, "
        f"{args.rounds} rounds x {args.seconds}s per page "
        f"(median of rounds), SQLite, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at the end"
    )
    print(f"{'page':<12} {'server':<9} {'req/s':>8} {'avg ms':>8} {'p99 ms':>8} {'errors':>7}")
    for page in pages:
        medians = {}
        for server in servers:
            runs = results[(server, page)]
            rps = statistics.median(r.requests_per_second for r in runs)
            avg = statistics.median(r.latency_avg_ms for r in runs)
            p99 = statistics.median(r.latency_p99_ms for r in runs)
            errors = sum(r.errors for r in runs)
            medians[server] = rps
            print(f"{page:<12} {server:<9} {rps:>8.0f} {avg:>8.1f} {p99:>8.1f} {errors:>7}")
        ratio = medians["granian"] / medians["gunicorn"] if medians["gunicorn"] else float("nan")
        print(f"{page:<12} granian/gunicorn requests/s: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
