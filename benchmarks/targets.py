"""The performance targets, and each measurement checked against its floor and target.

Targets are reported, never asserted in tests: the machine decides too much of a timing.

- the build within 3× its I/O floor at scale 100;
- each report within 1.5× the report floor at scale 1 and 3× at scale 100;
- ten times the data for at most twelve times the time (1.2× the data ratio in general);
- peak memory under 2 GB at scale 100.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from benchmarks.measure import Measurement
from benchmarks.samples import scale_label
from benchmarks.steps import Step

# (floor step, scale) -> the largest ratio of a step's seconds to its floor's.
FLOOR_RATIO: dict[tuple[str, float], float] = {
    ("io_floor", 100.0): 3.0,
    ("report_floor", 1.0): 1.5,
    ("report_floor", 100.0): 3.0,
}
# Time may grow at most this much faster than the data: 10× the data, 12× the time.
SCALING_SLACK = 1.2
MEMORY_SCALE = 100.0
MEMORY_LIMIT_MB = 2048.0

WITHIN, OVER, NO_TARGET, FAILED, FLOOR = "within", "over", "—", "failed", "floor"


@dataclass(frozen=True)
class Row:
    """One line of the results table.

    For a measurement ``floor`` names the floor step and ``ratio`` is seconds / floor
    seconds; for a scaling line (``scale`` like ``"10/1"``) ``floor`` is the time at the
    smaller scale and ``ratio`` the growth of the time. ``cpu_ratio`` is the same ratio of CPU
    seconds, steadier than wall-clock time on a busy machine (verdicts use ``ratio``).
    ``missed`` names the targets missed when a row has several.
    """

    step: str
    scale: str
    seconds: float | None
    cpu_seconds: float | None
    peak_mb: float | None
    floor: str | None
    floor_seconds: float | None
    ratio: float | None
    target: str
    verdict: str
    error: str | None = None
    missed: tuple[str, ...] = ()
    cpu_ratio: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The row for latest.json."""
        return asdict(self)


def _ratio(value: float | None, base: float | None) -> float | None:
    if value is None or base is None or base <= 0:
        return None
    return value / base


def _floor_of(m: Measurement, steps: Mapping[str, Step],
              by_key: Mapping[tuple[str, float | None], Measurement]) -> Measurement | None:
    name = steps[m.step].floor
    if name is None:
        return None
    return by_key.get((name, m.scale if steps[name].per_scale else None))


def _measurement_row(m: Measurement, steps: Mapping[str, Step],
                     by_key: Mapping[tuple[str, float | None], Measurement]) -> Row:
    step = steps[m.step]
    scale = scale_label(m.scale) if m.scale is not None else "any"
    if not m.ok:
        return Row(m.step, scale, None, None, None, step.floor, None, None, NO_TARGET, FAILED,
                   error=m.error)
    if step.is_floor:
        return Row(m.step, scale, m.seconds, m.cpu_seconds, m.peak_mb, None, None, None,
                   NO_TARGET, FLOOR)
    floor = _floor_of(m, steps, by_key)
    floor_seconds = floor.seconds if floor is not None else None
    ratio = _ratio(m.seconds, floor_seconds)
    cpu_ratio = _ratio(m.cpu_seconds, floor.cpu_seconds) if floor is not None else None
    targets, passed = [], []
    limit = FLOOR_RATIO.get((step.floor, m.scale)) if step.floor and m.scale else None
    # Without its floor (not run, or failed) a step cannot be judged against it.
    if limit is not None and ratio is not None:
        targets.append(f"≤{limit:g}× floor")
        passed.append(ratio is not None and ratio <= limit)
    if m.scale == MEMORY_SCALE:
        targets.append(f"<{MEMORY_LIMIT_MB:g} MB")
        passed.append(m.peak_mb is not None and m.peak_mb < MEMORY_LIMIT_MB)
    verdict = NO_TARGET if not passed else WITHIN if all(passed) else OVER
    missed = tuple(t for t, ok in zip(targets, passed, strict=True) if not ok)
    return Row(m.step, scale, m.seconds, m.cpu_seconds, m.peak_mb, step.floor, floor_seconds,
               ratio, "; ".join(targets) or NO_TARGET, verdict,
               missed=missed if len(targets) > 1 else (), cpu_ratio=cpu_ratio)


def _scaling_rows(measurements: Iterable[Measurement], steps: Mapping[str, Step]) -> list[Row]:
    by_step: dict[str, list[tuple[float, Measurement]]] = {}
    for m in measurements:
        if m.scale is not None and not steps[m.step].is_floor:
            by_step.setdefault(m.step, []).append((m.scale, m))
    rows = []
    for name, scaled in by_step.items():
        scaled.sort(key=lambda pair: pair[0])
        for (a, small), (b, large) in itertools.pairwise(scaled):
            limit = SCALING_SLACK * b / a
            ratio = _ratio(large.seconds, small.seconds)
            verdict = (FAILED if not (small.ok and large.ok)
                       else WITHIN if ratio is not None and ratio <= limit else OVER)
            rows.append(Row(name, f"{scale_label(b)}/{scale_label(a)}", large.seconds,
                            large.cpu_seconds, large.peak_mb, f"t({scale_label(a)})",
                            small.seconds, ratio, f"≤{limit:g}× (data ×{b / a:g})", verdict,
                            cpu_ratio=_ratio(large.cpu_seconds, small.cpu_seconds)))
    return rows


def check(measurements: Iterable[Measurement], steps: Mapping[str, Step]) -> list[Row]:
    """Every measurement against its floor and targets, then the scaling of each step."""
    measurements = list(measurements)
    by_key = {(m.step, m.scale): m for m in measurements}
    rows = [_measurement_row(m, steps, by_key) for m in measurements]
    return rows + _scaling_rows(measurements, steps)


def _cell(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


COLUMNS = ("step", "scale", "seconds", "cpu s", "peak MB", "floor", "floor s", "ratio",
           "cpu ratio", "target", "verdict")


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _cells(r: Row) -> tuple[str, ...]:
    return (r.step, r.scale, _cell(r.seconds, ".2f"), _cell(r.cpu_seconds, ".2f"),
            _cell(r.peak_mb, ".0f"), r.floor or "—",
            _cell(r.floor_seconds, ".2f"), _times(r.ratio), _times(r.cpu_ratio), r.target,
            f"{r.verdict} ({'; '.join(r.missed)})" if r.missed else r.verdict)


def format_table(rows: Iterable[Row]) -> str:
    """The rows as a plain-text table with aligned columns."""
    lines = [COLUMNS, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    numeric = {2, 3, 4, 6, 7, 8}
    out = []
    for n, line in enumerate(lines):
        cells = [c.rjust(w) if i in numeric else c.ljust(w)
                 for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def format_markdown(rows: Iterable[Row]) -> str:
    """The rows as a Markdown table (for docs/performance.md)."""
    out = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    out += ["| " + " | ".join(_cells(r)) + " |" for r in rows]
    return "\n".join(out)
