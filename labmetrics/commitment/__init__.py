"""The commitment and assessment files: read, checked, and returned as frozen dataclasses.

A commitment file (``data/raw/commitments/<ID>.yaml``) holds the commitment as data: its
texts in every language, institutions, sources, the labs it names, and per milestone the
indicators that evidence it with the thresholds of each completion level. An assessment file
(``<ID>-assessment.yaml``) holds an evaluator's judgments: specificity, relevance to each
OGP value, potential impact, "did it open government?", an optional completion stated
beside the computed one, the values OGP's page shows (verifiable, ambition) and the
evaluator's recommendations as published. The header comment of each bundled file
documents its keys.

Both are checked strictly; every problem raises a :class:`~labmetrics.errors.ConfigError`
naming the file, the line, the key path and the fix.

Modules: ``model`` (the dataclasses), ``yaml_io`` (YAML with the line of every key, typed
getters), ``milestones`` (milestones and their completion rules), ``read`` (the files).
"""

from __future__ import annotations

from labmetrics.commitment.model import (
    OPERATORS,
    RULE_LEVELS,
    SPACE_FILTER_FIELDS,
    SPACE_SCOPES,
    STAGES,
    ActionPlan,
    Assessment,
    Commitment,
    CommitmentFiles,
    CompletionOverride,
    Condition,
    Counting,
    Institution,
    Judgment,
    Milestone,
    Rating,
    Recommendation,
    Relevance,
    Source,
    SpaceFilter,
    Text,
    by_number,
)
from labmetrics.commitment.read import (
    check_assessment,
    check_file,
    find_commitment_files,
    read_assessment,
    read_commitment,
    read_pair,
)
from labmetrics.commitment.yaml_io import KeyPath

__all__ = [
    "OPERATORS",
    "RULE_LEVELS",
    "SPACE_FILTER_FIELDS",
    "SPACE_SCOPES",
    "STAGES",
    "ActionPlan",
    "Assessment",
    "Commitment",
    "CommitmentFiles",
    "CompletionOverride",
    "Condition",
    "Counting",
    "Institution",
    "Judgment",
    "KeyPath",
    "Milestone",
    "Rating",
    "Recommendation",
    "Relevance",
    "Source",
    "SpaceFilter",
    "Text",
    "by_number",
    "check_assessment",
    "check_file",
    "find_commitment_files",
    "read_assessment",
    "read_commitment",
    "read_pair",
]
