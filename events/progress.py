"""A one-line progress bar on stderr for long builds.

    coding  1,234/5,000 articles  [██████░░░░░░░░░░░░░░]  24%  312/s  0:12 left

`ProgressBar` is the build's progress callback (`build(..., progress=bar)`):
it is called with the number of articles coded so far and the number to
code, redraws the line with `\\r` when a batch of results ends (or once a
second when they stream in), and ends with a summary line when closed. The
CLI uses it only when stderr is a terminal and `--quiet` is not given, so
logs and pipes never see it.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO


def _clock(seconds: float) -> str:
    s = round(seconds)
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class ProgressBar:
    """Draws `done/total` articles, rate and time left; call `close()` at the end."""

    def __init__(self, stream: TextIO | None = None, label: str = "coding",
                 interval: float = 0.1, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.interval = interval
        self.clock = clock
        self.start: float | None = None
        self.last_call: float | None = None
        self.last_draw = float("-inf")
        self.done = 0
        self.total = 0
        self.drawn = False

    def __call__(self, done: int, total: int | None = None) -> None:
        now = self.clock()
        if self.start is None:
            self.start = now
        # Results arrive in bursts (a batch at a time): after a pause, draw the state
        # the last burst ended in, not the first article of the new one, whose
        # rate would count the whole pause.
        paused = self.last_call is not None and now - self.last_call >= self.interval
        if paused and self.done:
            self._draw(self.line(self.last_call))  # type: ignore[arg-type]
            self.last_draw = now
        self.done = done
        self.total = max(total or 0, done)
        self.last_call = now
        if done == 0 or done >= self.total or (not paused and now - self.last_draw >= 1.0):
            self._draw(self.line(now))
            self.last_draw = now

    def line(self, now: float) -> str:
        """The bar as text, fitted to the terminal's width."""
        elapsed = max(now - (self.start if self.start is not None else now), 1e-9)
        rate = self.done / elapsed if self.done else 0.0
        total = self.total
        pct = self.done / total if total else 0.0
        left = (total - self.done) / rate if rate else None
        tail = f"  {pct:4.0%}  {rate:,.0f}/s" + (f"  {_clock(left)} left" if left is not None
                                                   and self.done < total else "")
        head = f"{self.label}  {self.done:,}/{total:,} articles  "
        width = shutil.get_terminal_size((80, 24)).columns - 1
        fill = 20  # a fixed width, so the bar does not jump as the numbers grow
        if width - len(head) - len(tail) >= fill + 2:
            full = round(fill * pct)
            bar = "[" + "█" * full + "░" * (fill - full) + "]"
        else:
            bar = ""
        return (head + bar + tail)[:width]

    def _draw(self, text: str) -> None:
        try:
            self.stream.write("\r\x1b[2K" + text)
            self.stream.flush()
            self.drawn = True
        except (OSError, ValueError):
            pass  # a closed or broken terminal must not fail the build

    def close(self) -> None:
        """Replace the bar by a summary line (nothing if it was never drawn)."""
        if not self.drawn:
            return
        now = self.clock()
        elapsed = now - (self.start if self.start is not None else now)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        self._draw(f"coded {self.done:,} articles in {_clock(elapsed)}"
                   + (f" ({rate:,.0f}/s)" if self.done else ""))
        try:
            self.stream.write("\n")
            self.stream.flush()
        except (OSError, ValueError):
            pass


def wanted(stream: TextIO, quiet: bool) -> bool:
    """Show a bar only on a terminal, and never with --quiet."""
    if quiet:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
