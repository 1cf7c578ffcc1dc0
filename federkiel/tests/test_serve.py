"""`federkiel serve` for real: a server process on a loopback port with its task worker."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from federkiel.tests.test_config import clean_env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read().decode()
    except OSError:
        return None


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_serve_answers_serves_static_runs_tasks_and_stops_on_sigterm(tmp_path):
    data_dir = tmp_path / "data"
    env = clean_env(data_dir)
    subprocess.run(
        [sys.executable, "-m", "federkiel.cli", "migrate", "--noinput", "-v", "0"],
        env=env,
        check=True,
        timeout=180,
    )
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "federkiel.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, _, html = wait_for(lambda: fetch(base + "/"), 90, "the front page")
        assert status == 200
        assert "<html" in html

        css = re.search(r'href="(/static/platform/platform\.[0-9a-f]{12}\.css)"', html)
        assert css, "static files are not collected under hashed names"
        status, headers, _ = fetch(base + css.group(1))
        assert status == 200
        assert "text/css" in headers["Content-Type"]
        max_age = re.search(r"max-age=(\d+)", headers["Cache-Control"])
        assert max_age and int(max_age.group(1)) >= 365 * 24 * 3600

        # A mail queued in a committed transaction by another process is sent by the
        # worker that `serve` started, into the file mail backend in the data dir.
        queued = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup()\n"
                "from django.db import transaction\n"
                "from federkiel.mail.outbox import queue_mail\n"
                "with transaction.atomic():\n"
                "    queue_mail('leser@example.org', 'Serve-Test', 'Hallo aus dem Test')\n",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert queued.returncode == 0, queued.stderr
        mail_dir = data_dir / "mail"
        sent = wait_for(
            lambda: mail_dir.is_dir() and list(mail_dir.iterdir()), 60, "the worker to send"
        )
        assert "Subject: Serve-Test" in sent[0].read_text()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=45)
        finally:
            if group_alive(server.pid):
                os.killpg(server.pid, signal.SIGKILL)
            log.close()
    output = (tmp_path / "serve.log").read_text()
    assert code == 0, output
    assert not group_alive(server.pid), "server or worker outlived `serve`"
    assert fetch(base + "/") is None
