"""The JSON Schemas and docs/commitment-format.md, held to the reader: the published schemas
are what the code builds, every key they know is documented, the bundled files pass them,
and what the reader refuses they refuse too."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from labmetrics import config
from labmetrics.commitment import read_assessment, read_commitment
from labmetrics.commitment.schema import (
    ASSESSMENT_KEYS,
    COMMITMENT_KEYS,
    assessment_schema,
    commitment_schema,
    schema_errors,
)
from labmetrics.errors import ConfigError

SCHEMAS = config.DOCS_DIR / "schemas"
FORMAT = config.DOCS_DIR / "commitment-format.md"
COMMITMENT = config.COMMITMENTS_DIR / "SAO0005.yaml"
ASSESSMENT = config.COMMITMENTS_DIR / "SAO0005-assessment.yaml"


def _keys(node, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            out.add(key)
            _keys(value, out)
        for value in node.values():
            if isinstance(value, dict | list):
                _keys(value, out)
    elif isinstance(node, list):
        for value in node:
            _keys(value, out)
    return out


@pytest.mark.parametrize(("name", "build"), [("commitment", commitment_schema),
                                             ("assessment", assessment_schema)])
def test_published_schemas_are_what_the_code_builds(name, build) -> None:
    published = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert published == build(), "run `make docs` to write docs/schemas/ again"


def test_every_key_of_both_schemas_is_documented() -> None:
    text = FORMAT.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", text))
    keys = _keys(commitment_schema(), set()) | _keys(assessment_schema(), set())
    assert sorted(keys - documented) == []
    assert set(COMMITMENT_KEYS["required"]) <= keys and set(ASSESSMENT_KEYS["optional"]) <= keys


def test_the_bundled_files_pass_their_schemas() -> None:
    for path, schema in ((COMMITMENT, commitment_schema()), (ASSESSMENT, assessment_schema())):
        assert schema_errors(yaml.safe_load(path.read_text(encoding="utf-8")), schema) == []


# Each variant is refused by the reader (with a line) and by the schema.
VARIANTS = [
    (COMMITMENT, "\nlabs:\n", "\nlabz:\n"),
    (COMMITMENT, "      - groups_mapped_in_period\n", "      - groups_mapd\n"),
    (COMMITMENT, '{indicator: groups_mapped, op: ">=", value: 100}',
     '{indicator: groups_mapped, op: "=>", value: 100}'),
    (COMMITMENT, '{indicator: groups_mapped, op: ">=", value: 100}',
     '{indicator: groups_mapped, op: ">=", value: "100"}'),
    (COMMITMENT, '{indicator: groups_mapped, op: ">=", value: 100}',
     '{indicator: groups_mapped, op: ">=", value: 100, per: week}'),
    (COMMITMENT, "  start: 2017-01-01\n", "  start: January 2017\n"),
    (COMMITMENT, "  coworking_hours: {spaces: labs}\n",
     "  coworking_hours: {formats: [coworking, dancing]}\n"),
    (COMMITMENT, "  coworking_hours: {spaces: labs}\n",
     "  coworking_hours: {spaces: {kind: [maker_space]}}\n"),
    (COMMITMENT, "  coworking_hours: {spaces: labs}\n",
     "  coworking_hours: {spaces: {kind: [hub], host: [SMT]}}\n"),
    (COMMITMENT, "  coworking_hours: {spaces: labs}\n", "  coworking_hours: {spaces: []}\n"),
    (COMMITMENT, "  pt-BR: \"Inovação", "  Portuguese: \"Inovação"),
    (ASSESSMENT, "  value: medium\n", "  value: average\n"),
    (ASSESSMENT, "    relevant: false\n", "    relevant: no way\n"),
    (ASSESSMENT, "  stage: end_of_term\n", "  stage: final\n"),
]


@pytest.mark.parametrize(("source", "old", "new"), VARIANTS)
def test_what_the_reader_refuses_the_schema_refuses(tmp_path: Path, source: Path, old: str,
                                                    new: str) -> None:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    read = read_assessment if source == ASSESSMENT else read_commitment
    with pytest.raises(ConfigError) as info:
        read(path)
    assert info.value.line is not None and info.value.fix
    schema = assessment_schema() if source == ASSESSMENT else commitment_schema()
    assert schema_errors(yaml.safe_load(path.read_text(encoding="utf-8")), schema) != []
