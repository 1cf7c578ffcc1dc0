"""A text progress bar for the import and export commands (on stderr, redrawn with `\\r`)."""

from __future__ import annotations

import shutil
from collections.abc import Callable

WIDTH = 30


class ProgressBar:
    def __init__(self, write: Callable[[str], object], flush: Callable[[], object]) -> None:
        self.write = write
        self.flush = flush
        self.drawn = False

    def __call__(self, fraction: float, label: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        filled = round(fraction * WIDTH)
        line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {fraction * 100:5.1f} % {label}"
        columns = shutil.get_terminal_size((100, 20)).columns
        self.write("\r" + line[: columns - 1].ljust(columns - 1))
        self.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.write("\n")
            self.flush()
            self.drawn = False
