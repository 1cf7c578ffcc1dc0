"""Where uploads live on disk: MEDIA_ROOT/<blog id>/<random key>/, one folder per upload.

Blog ids are never reused, so a blog's folder can go as a whole when the blog goes.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def new_key() -> str:
    """80 random bits, lower-case hex: unguessable, safe in paths and URLs."""
    return secrets.token_hex(10)


def blog_folder(blog_id: int) -> Path:
    return media_root() / str(int(blog_id))


def upload_folder(blog_id: int, key: str) -> Path:
    if not key.isalnum() or not key.isascii():
        raise ValueError(f"bad media key {key!r}")
    return blog_folder(blog_id) / key


def relative(path: Path) -> str:
    return path.relative_to(media_root()).as_posix()


def make_folder(folder: Path) -> None:
    mode = settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS or 0o755
    folder.parent.mkdir(mode=mode, parents=True, exist_ok=True)
    folder.mkdir(mode=mode)


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so readers never see half a file."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_tree(folder: Path) -> None:
    """Remove an upload's or a blog's folder; missing is fine, errors are logged."""
    root = media_root().resolve()
    resolved = folder.resolve()
    if resolved == root or root not in resolved.parents:
        raise ValueError(f"refusing to remove {folder} outside {root}")
    try:
        shutil.rmtree(resolved)
    except FileNotFoundError:
        pass
    except OSError:
        log.exception("could not remove %s", resolved)
