"""The deterministic sample: invented data to demonstrate and test labmetrics.

``world`` draws the clean tables (spaces, groups, their uses of spaces, projects);
``quirks`` turns them into the rows of real exports, with bad rows injected on purpose, and
writes the files; ``notice`` writes the README.md and the ``sample.json`` marker saying the
data is invented; ``generate`` ties them together (:func:`generate_sample`,
:func:`write_sample`).
"""

from labmetrics.sample.generate import (
    SampleFormat,
    SampleSummary,
    SampleTables,
    generate_sample,
    write_sample,
)

__all__ = ["SampleFormat", "SampleSummary", "SampleTables", "generate_sample", "write_sample"]
