"""A progress bar on stderr for long runs: only on a terminal, only once a run has taken about a second,
never with --quiet. rich is imported only when the bar is actually shown."""

from __future__ import annotations

import sys
import time
from typing import Any

SHOW_AFTER = 1.0  # seconds: short runs (pre-commit on a few files) never flicker a bar


class Progress:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and _is_terminal()
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, done: int, total: int) -> None:
        """Called by the engine as files are read."""
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.started < SHOW_AFTER or done >= total:
                return
            self._start(total)
        self.bar.update(self.task, completed=done, total=total)

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        self.bar = RichProgress(
            TextColumn("reading files"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("read", total=total)


def _is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
