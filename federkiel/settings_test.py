"""Test overrides: fast hashing, in-memory mail and cache, tasks run at once."""

import os

from huey import MemoryHuey

from federkiel.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
HUEY = MemoryHuey("federkiel-test", immediate=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEBUG = False
# No test reaches the pages stories link to, except the sending tests (they turn it on).
LINKBACKS_SEND = False
# Concurrent runs on one PostgreSQL server need their own test database.
_suffix = os.environ.get("FEDERKIEL_TEST_DB_SUFFIX", "")
if _suffix:
    DATABASES["default"]["TEST"] = {"NAME": f"test_federkiel_{_suffix}"}  # noqa: F405
