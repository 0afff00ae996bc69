"""Progress on stderr. On a terminal: one line with a bar and an ETA, redrawn. Piped or logged
(CI, a script), with ``plain``: a plain line now and then while speech is synthesized, the slow
part of a cold ``plan`` (or, for ``batch``, as each track's speech is ready and each track is
made), so a long wait is never silent (``render`` piped prints only its result).
Nothing with ``--quiet``; nothing when all the speech is already in the cache."""

from __future__ import annotations

import sys
import time

LABELS = {"speech": "synthesizing speech", "encode": "encoding"}
# piped: what a plain line says of each stage
PLAIN = {"speech": "synthesizing speech: {done} of {total} new sentences"}
# a batch, piped: every track's speech is made first, then the tracks (a tester's piped cold
# batch was silent for 2.5 minutes and looked hung)
BATCH_PLAIN = {
    "speech": "speech ready for {done} of {total} tracks",
    "render": "{done} of {total} tracks rendered",
}
PLAIN_EVERY_S = 5.0  # piped: at most one line this often (and the first and the last)


class Progress:
    def __init__(
        self,
        enabled: bool,
        tty: bool | None = None,
        plain: bool = False,
        lines: dict[str, str] | None = None,
    ) -> None:
        self.enabled = enabled
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.plain = plain
        self.lines = PLAIN if lines is None else lines
        self.started: dict[str, float] = {}
        self.last = 0.0
        self.drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        start = self.started.setdefault(stage, now)
        if not self.tty:
            self._plain(stage, done, total, now)
            return
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        frac = done / total if total else 1.0
        eta = (now - start) / frac * (1 - frac) if frac > 0 else 0
        bar = "#" * int(frac * 24)
        sys.stderr.write(
            f"\r{LABELS.get(stage, stage):<22} [{bar:<24}] {frac:4.0%}  ETA {eta:4.0f} s "
        )
        self.drawn = True
        if done >= total:
            self.clear()
        sys.stderr.flush()

    def _plain(self, stage: str, done: int, total: int, now: float) -> None:
        if stage not in self.lines or not self.plain:
            return
        first = done <= 1
        if not (first or done >= total or now - self.last >= PLAIN_EVERY_S):
            return
        self.last = now
        sys.stderr.write(self.lines[stage].format(done=done, total=total) + "\n")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled and self.tty and self.drawn:
            sys.stderr.write("\r" + " " * 70 + "\r")
            self.drawn = False
