"""Progress over the points of a long computation: a tqdm bar when tqdm is installed
(the ``figures`` and ``dask`` extras bring it), else a line on stderr every few
seconds and one at the end; nothing when ``show`` is False."""

from __future__ import annotations

import contextlib
import sys
import time

#: Seconds between the plain progress lines when tqdm is missing.
LINE_INTERVAL = 5.0


@contextlib.contextmanager
def progress(total: int, label: str, show: bool = True, leave: bool = True):
    """A context yielding an object with ``update(n)``: n more points are done."""
    if not show:
        yield _Lines(total, label, None)
        return
    try:
        from tqdm import tqdm
    except ImportError:
        lines = _Lines(total, label, sys.stderr)
        yield lines
        lines.finish()
        return
    with tqdm(total=total, desc=label, unit="pt", file=sys.stderr, leave=leave, mininterval=0.5, delay=1.0) as bar:
        yield bar


class _Lines:
    """Counts points; writes "label: done/total points" to ``stream`` now and then."""

    def __init__(self, total: int, label: str, stream):
        self.total, self.label, self.stream = total, label, stream
        self.done, self.start = 0, time.perf_counter()
        self.last = self.start

    def update(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if self.stream is not None and now - self.last >= LINE_INTERVAL:
            self.last = now
            print(f"  {self.label}: {self.done}/{self.total} points, {now - self.start:.0f} s", file=self.stream)

    def finish(self) -> None:
        print(f"  {self.label}: {self.done} points in {time.perf_counter() - self.start:.1f} s", file=self.stream)
