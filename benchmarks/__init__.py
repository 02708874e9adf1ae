"""Benchmarks of labmetrics against their floors: ``python -m benchmarks.run`` (``make bench``).

Each measured step (the build, the evidence engine, the network metrics, each report) runs in
a fresh child process at sample scales 1, 10 and 100, beside two floors: reading the same CSV
files with pyarrow and writing them as Parquet (the least the build must do), and rendering a
notebook that only imports the report libraries (the least any report costs).
"""

from __future__ import annotations

from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
# Generated samples and their outputs, cached between runs (gitignored).
DATA_ROOT = BENCH_DIR / ".data"
RESULTS_DIR = BENCH_DIR / "results"
LATEST_JSON = RESULTS_DIR / "latest.json"
FLOOR_NOTEBOOK = BENCH_DIR / "notebooks" / "floor.ipynb"
STOCK_NOTEBOOK = BENCH_DIR / "notebooks" / "stock.ipynb"
NOTES = BENCH_DIR / "notes.yaml"
ROOT_DIR = BENCH_DIR.parent
PERFORMANCE_DOC = ROOT_DIR / "docs" / "performance.md"
