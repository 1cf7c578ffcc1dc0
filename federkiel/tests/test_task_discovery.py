"""Every background task must be known to the worker, which imports only `<app>/tasks.py`.

A task defined elsewhere and not imported there is queued fine but dropped by the worker
("not found in TaskRegistry"), and tests with the immediate test queue never notice.
"""

import importlib
import pkgutil
import subprocess
import sys

from django.conf import settings

import federkiel


def test_every_task_is_registered_by_the_worker_autodiscovery(tmp_path):
    for module in pkgutil.walk_packages(federkiel.__path__, "federkiel."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        if module.name in {"federkiel.settings", "federkiel.wsgi", "federkiel.cli"}:
            continue
        importlib.import_module(module.name)
    defined = {
        name for name in settings.HUEY._registry._registry if not name.startswith("federkiel.tests")
    }
    code = (
        "import django; django.setup()\n"
        "from django.utils.module_loading import autodiscover_modules\n"
        "from huey.contrib.djhuey import HUEY\n"
        "autodiscover_modules('tasks')\n"
        "print('\\n'.join(sorted(HUEY._registry._registry)))"
    )
    from federkiel.tests.test_config import clean_env

    worker = subprocess.run(
        [sys.executable, "-c", code],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert worker.returncode == 0, worker.stderr
    registered = set(worker.stdout.split())
    assert "federkiel.mail.outbox.send_queued_mail" in defined
    assert defined - registered == set(), "import these tasks in their app's tasks.py"
