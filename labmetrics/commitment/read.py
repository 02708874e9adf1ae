"""Read and check a commitment file and an assessment file; find them by commitment id.

Both are checked strictly; every problem raises a :class:`~labmetrics.errors.ConfigError`
naming the file, the line, the key path and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from labmetrics import config
from labmetrics.city import city_pack
from labmetrics.commitment.milestones import read_milestones
from labmetrics.commitment.model import (
    SPACE_FILTER_FIELDS,
    SPACE_SCOPES,
    STAGES,
    ActionPlan,
    Assessment,
    Commitment,
    CommitmentFiles,
    CompletionOverride,
    Counting,
    Institution,
    Judgment,
    Milestone,
    Rating,
    Recommendation,
    Relevance,
    S,
    Source,
    SpaceFilter,
    Text,
)
from labmetrics.commitment.schema import (
    ASSESSMENT_KEYS,
    COMMITMENT_KEYS,
    Schema,
    assessment_schema,
    commitment_schema,
    schema_errors,
)
from labmetrics.commitment.yaml_io import KeyPath, YamlFile
from labmetrics.errors import ConfigError
from labmetrics.indicators import USE_INDICATORS
from labmetrics.irm import (
    Ambition,
    Completion,
    DidItOpenGovernment,
    OGPValue,
    PotentialImpact,
    Specificity,
    UnknownLevelError,
    Verifiable,
)
from labmetrics.schema import FORMATS, SPACE_KINDS

_ID = re.compile(r"^[A-Za-z0-9_-]+$")


# ---------------------------------------------------------------------------------------------
# Commitment


def read_commitment(path: str | Path) -> Commitment:
    """Read and check a commitment file.

    Parameters
    ----------
    path
        The commitment's YAML file, e.g. ``data/raw/commitments/<ID>.yaml``.

    Returns
    -------
    Commitment

    Raises
    ------
    ConfigError
        For a missing file, a YAML syntax error (with its line), an unknown or missing key, a
        missing language, an unknown indicator or level, or a threshold that is not a number.
    """
    f = YamlFile(Path(path), "commitment")
    top = f.mapping(
        f.data, (),
        required=COMMITMENT_KEYS["required"], optional=COMMITMENT_KEYS["optional"],
    )
    cid = f.string(top["id"], ("id",))
    if not _ID.match(cid):
        f.fail(("id",), f"'{cid}' is not a commitment id.",
               fix="use letters, digits, '-' and '_' only, e.g. NEW0001.")
    sources = f.sources(top["sources"], ("sources",))
    milestones = read_milestones(f, top["milestones"])
    labs = _labs(f, top.get("labs") or {})
    _check_each_labs(f, milestones, labs)
    counting = _counting(f, top.get("counting") or {}, labs,
                         {i for m in milestones for i in m.indicators})
    commitment = Commitment(
        id=cid,
        title=f.text(top["title"], ("title",)),
        text=f.text(top["text"], ("text",)),
        action_plan=_action_plan(f, top["action_plan"]),
        lead=_institutions(f, top["institutions"], "lead", sources),
        supporting=_institutions(f, top["institutions"], "supporting", sources),
        involved=_institutions(f, top["institutions"], "involved", sources),
        labs=labs,
        sources=MappingProxyType(sources),
        milestones=milestones,
        problem=f.text(top["problem"], ("problem",)) if "problem" in top else None,
        objective=f.text(top["objective"], ("objective",)) if "objective" in top else None,
        history=f.text(top["history"], ("history",)) if "history" in top else None,
        city=_city(f, top["city"]) if top.get("city") is not None else None,
        path=f.path,
        counting=counting,
    )
    check_schema(f, commitment_schema(), "commitment")
    return commitment


def _check_each_labs(f: YamlFile, milestones: tuple[Milestone, ...],
                     labs: Mapping[str, str]) -> None:
    for i, m in enumerate(milestones):
        for level, conditions in m.rules.items():
            for j, c in enumerate(conditions):
                if c.each == "labs" and not labs:
                    f.fail(("milestones", i, "completion", level.name.lower(), j, "each"),
                           "'each: labs' asks every lab the commitment names, but it names none.",
                           fix="list the labs under 'labs:' (name: space_id), or name the "
                           "spaces here.")


def check_schema(f: YamlFile, schema: Schema, what: str) -> None:
    """Check the file against its JSON Schema (``docs/schemas/<what>.schema.json``)."""
    errors = schema_errors(f.data, schema)
    if errors:
        path, message = errors[0]
        f.fail(path, f"{message} (the {what} schema).",
               fix=f"follow docs/schemas/{what}.schema.json at this key; "
               "docs/commitment-format.md explains every key.")


def _counting(f: YamlFile, value: Any, labs: Mapping[str, str],
              indicators: set[str]) -> Mapping[str, Counting]:
    """``counting:``: per indicator of the milestones, which spaces, partners and uses
    count."""
    value = f.mapping(value, ("counting",), required=(), free=True)
    out = {}
    for indicator, spec in value.items():
        p: KeyPath = ("counting", indicator)
        if indicator not in indicators:
            f.fail(p, f"'{indicator}' is not an indicator of the commitment's milestones.",
                   fix=f"use one of {', '.join(sorted(indicators))}.")
        spec = f.mapping(spec, p, required=(), optional=("spaces", "inactive_partners",
                                                         "formats", "open_events"))
        inactive = (f.boolean(spec["inactive_partners"], (*p, "inactive_partners"))
                    if "inactive_partners" in spec else True)
        for key in ("formats", "open_events"):
            if key in spec and indicator not in USE_INDICATORS:
                f.fail((*p, key), f"'{indicator}' is not counted from the uses of the spaces, "
                       f"so '{key}' cannot narrow it.",
                       fix=f"drop '{key}' here; it narrows {', '.join(USE_INDICATORS)}.")
        open_events = (f.boolean(spec["open_events"], (*p, "open_events"))
                       if "open_events" in spec else True)
        out[str(indicator)] = Counting(
            spaces=_counted_spaces(f, spec.get("spaces", "all"), (*p, "spaces"), labs),
            inactive_partners=inactive, open_events=open_events,
            formats=_formats(f, spec["formats"], (*p, "formats")) if "formats" in spec
            else None)
    return MappingProxyType(out)


def _counted_spaces(f: YamlFile, value: Any, path: KeyPath, labs: Mapping[str, str]
                    ) -> str | tuple[str, ...] | SpaceFilter:
    if isinstance(value, dict):
        return _space_filter(f, value, path)
    if isinstance(value, list):
        ids = [f.string(v, (*path, i)) for i, v in enumerate(value)]
        if not ids:
            f.fail(path, "the list of spaces is empty.",
                   fix="name the space ids counted, or write labs or all.")
        return tuple(ids)
    spaces = f.string(value, path)
    if spaces not in SPACE_SCOPES:
        f.fail(path, f"'{spaces}' is not a scope of spaces.",
               fix="write labs (only the spaces under labs:), all (every space), a list "
               "of space ids, or {kind: [...]} or {host: [...]}.")
    if spaces == "labs" and not labs:
        f.fail(path, "'labs' counts the commitment's labs, but it names none.",
               fix="list the labs under labs: (name: space_id), or write spaces: all.")
    return spaces


def _space_filter(f: YamlFile, value: Any, path: KeyPath) -> SpaceFilter:
    """``spaces: {kind: [...]}`` or ``spaces: {host: [...]}``: the spaces of those kinds,
    or run by those hosts."""
    spec = f.mapping(value, path, required=(), optional=SPACE_FILTER_FIELDS)
    if len(spec) != 1:
        f.fail(path, "the spaces are chosen by kind or by host, one of the two.",
               fix="write spaces: {kind: [innovation_lab, ...]} or spaces: {host: [...]}.")
    (field, raw), = spec.items()
    items = f.sequence(raw, (*path, field), non_empty=False)
    values = [f.string(v, (*path, field, i)) for i, v in enumerate(items)]
    if not values or len(set(values)) != len(values):
        f.fail((*path, field), f"the list of {field}s is empty or names one twice.",
               fix=f"name each {field} counted once.")
    if field == "kind":
        for i, kind in enumerate(values):
            if kind not in SPACE_KINDS:
                f.fail((*path, field, i), f"'{kind}' is not a kind of space.",
                       fix=f"use the kinds of the data model: {', '.join(SPACE_KINDS)}.")
    return SpaceFilter(str(field), tuple(values))


def _formats(f: YamlFile, value: Any, path: KeyPath) -> tuple[str, ...]:
    items = f.sequence(value, path)
    for i, item in enumerate(items):
        if item not in FORMATS:
            f.fail((*path, i), f"'{item}' is not a format of use.",
                   fix=f"use the formats of the data model: {', '.join(FORMATS)}.")
    if not items or len(set(items)) != len(items):
        f.fail(path, "the formats are empty or one is listed twice.",
               fix="list each format counted once.")
    return tuple(items)


def _city(f: YamlFile, value: Any) -> str:
    name = f.string(value, ("city",))
    try:
        city_pack(name)
    except ConfigError as exc:
        f.fail(("city",), f"there is no city pack '{name}'.", fix=exc.fix or "")
    return name


def _action_plan(f: YamlFile, value: Any) -> ActionPlan:
    p: KeyPath = ("action_plan",)
    value = f.mapping(value, p, required=("member", "cycle", "adopted", "start", "end"),
                      optional=("reformulated",))
    start, end = f.date(value["start"], (*p, "start")), f.date(value["end"], (*p, "end"))
    if end < start:
        f.fail((*p, "end"), f"the action plan ends ({end}) before it starts ({start}).",
               fix="swap the dates or correct one of them.")
    return ActionPlan(
        member=f.string(value["member"], (*p, "member")),
        cycle=f.string(value["cycle"], (*p, "cycle")),
        adopted=f.integer(value["adopted"], (*p, "adopted")),
        start=start, end=end,
        reformulated=f.date(value["reformulated"], (*p, "reformulated"))
        if value.get("reformulated") else None,
    )


def _institutions(f: YamlFile, value: Any, which: str,
                  sources: Mapping[str, Source]) -> tuple[Institution, ...]:
    """The institutions of one kind: ``lead``, ``supporting`` or ``involved`` (the other
    bodies the IRM's review names)."""
    value = f.mapping(value, ("institutions",), required=("lead",),
                      optional=("supporting", "involved"))
    p: KeyPath = ("institutions", which)
    items = f.sequence(value[which], p) if which in value else []
    out = []
    for i, item in enumerate(items):
        item = f.mapping(item, (*p, i), required=("name",), optional=("role", "sources"))
        out.append(Institution(
            name=f.string(item["name"], (*p, i, "name")),
            role=f.text(item["role"], (*p, i, "role")) if "role" in item else None,
            sources=f.citations(item["sources"], (*p, i, "sources"), sources)
            if "sources" in item else (),
        ))
    return tuple(out)


def _labs(f: YamlFile, value: Any) -> Mapping[str, str]:
    value = f.mapping(value, ("labs",), required=(), free=True)
    return MappingProxyType({str(name): f.string(space, ("labs", name))
                             for name, space in value.items()})


# ---------------------------------------------------------------------------------------------
# Assessment


def read_assessment(path: str | Path) -> Assessment:
    """Read and check an assessment file.

    Parameters
    ----------
    path
        The assessment's YAML file, e.g. ``data/raw/commitments/<ID>-assessment.yaml``.

    Returns
    -------
    Assessment

    Raises
    ------
    ConfigError
        For a missing file, a YAML syntax error, an unknown key, a missing language, a level
        that is not on its IRM scale, an uncited or unknown source, or a completion override
        without a reason.
    """
    f = YamlFile(Path(path), "assessment")
    top = f.mapping(
        f.data, (),
        required=ASSESSMENT_KEYS["required"], optional=ASSESSMENT_KEYS["optional"],
    )
    sources = f.sources(top["sources"], ("sources",))
    relevance = _relevance(f, top["relevance"], sources)
    diog, by_value = None, {}
    if "did_it_open_government" in top:
        diog, by_value = _did_it_open_government(f, top["did_it_open_government"], sources,
                                                 relevance)
    override = None
    if "completion" in top:
        override = _completion(f, top["completion"], sources)
    assessment = Assessment(
        commitment_id=f.string(top["commitment"], ("commitment",)),
        assessor=f.names(top["assessor"], ("assessor",)),
        sources=MappingProxyType(sources),
        specificity=_judgment(f, Specificity, top["specificity"], ("specificity",), sources),
        relevance=MappingProxyType(relevance),
        potential_impact=_judgment(f, PotentialImpact, top["potential_impact"],
                                   ("potential_impact",), sources),
        did_it_open_government=diog,
        did_it_open_government_by_value=MappingProxyType(by_value),
        completion_override=override,
        verifiable=_rating(f, Verifiable, top["verifiable"], ("verifiable",), sources)
        if "verifiable" in top else None,
        ambition=_rating(f, Ambition, top["ambition"], ("ambition",), sources)
        if "ambition" in top else None,
        recommendations=_recommendations(f, top["recommendations"], sources)
        if "recommendations" in top else (),
        path=f.path,
    )
    check_schema(f, assessment_schema(), "assessment")
    return assessment


def _inference(f: YamlFile, value: Mapping[str, Any], path: KeyPath) -> Text | None:
    return f.text(value["inference"], (*path, "inference")) if "inference" in value else None


def _judgment(f: YamlFile, scale: type[S], value: Any, path: KeyPath,
              sources: Mapping[str, Source]) -> Judgment[S]:
    value = f.mapping(value, path, required=("value", "rationale", "sources"),
                      optional=("inference",))
    return Judgment(
        value=f.level(scale, value["value"], (*path, "value")),
        rationale=f.text(value["rationale"], (*path, "rationale")),
        sources=f.citations(value["sources"], (*path, "sources"), sources),
        inference=_inference(f, value, path),
    )


def _rating(f: YamlFile, scale: type[S], value: Any, path: KeyPath,
            sources: Mapping[str, Source]) -> Rating[S]:
    value = f.mapping(value, path, required=("value", "sources"), optional=("rationale",))
    return Rating(
        value=f.level(scale, value["value"], (*path, "value")),
        sources=f.citations(value["sources"], (*path, "sources"), sources),
        rationale=f.text(value["rationale"], (*path, "rationale"))
        if "rationale" in value else None,
    )


def _recommendations(f: YamlFile, value: Any,
                     sources: Mapping[str, Source]) -> tuple[Recommendation, ...]:
    p: KeyPath = ("recommendations",)
    out: list[Recommendation] = []
    for i, item in enumerate(f.sequence(value, p)):
        item = f.mapping(item, (*p, i), required=("number", "text", "sources"),
                         optional=("model_lab",))
        number = f.integer(item["number"], (*p, i, "number"))
        if number != len(out) + 1:
            f.fail((*p, i, "number"), f"recommendation {number} is out of order.",
                   fix=f"number the recommendations 1, 2, 3... as published; this one is "
                   f"number {len(out) + 1} here.")
        out.append(Recommendation(
            number=number,
            text=f.text(item["text"], (*p, i, "text")),
            sources=f.citations(item["sources"], (*p, i, "sources"), sources),
            model_lab=f.string(item["model_lab"], (*p, i, "model_lab"))
            if "model_lab" in item else None,
            line=f.line((*p, i, "model_lab") if "model_lab" in item else (*p, i)),
        ))
    return tuple(out)


def _ogp_value(f: YamlFile, key: Any, path: KeyPath) -> OGPValue:
    try:
        return OGPValue.parse(str(key))
    except UnknownLevelError:
        f.fail(path, f"'{key}' is not an OGP value.",
               fix="use " + ", ".join(v.name.lower() for v in OGPValue) + ".")


def _relevance(f: YamlFile, value: Any, sources: Mapping[str, Source]) -> dict[OGPValue, Relevance]:
    p: KeyPath = ("relevance",)
    value = f.mapping(value, p, required=(), free=True)
    out: dict[OGPValue, Relevance] = {}
    for key, item in value.items():
        ogp = _ogp_value(f, key, (*p, key))
        item = f.mapping(item, (*p, key), required=("relevant", "rationale", "sources"),
                         optional=("inference",))
        out[ogp] = Relevance(
            value=ogp,
            relevant=f.boolean(item["relevant"], (*p, key, "relevant")),
            rationale=f.text(item["rationale"], (*p, key, "rationale")),
            sources=f.citations(item["sources"], (*p, key, "sources"), sources),
            inference=_inference(f, item, (*p, key)),
        )
    for ogp in OGPValue:
        if ogp not in out:
            f.fail(p, f"no judgment on '{ogp.name.lower()}' ({ogp.label}).",
                   fix="judge every OGP value: add it with 'relevant: true' or 'false', a "
                   "rationale and sources.")
    return {v: out[v] for v in OGPValue}


def _did_it_open_government(
    f: YamlFile, value: Any, sources: Mapping[str, Source], relevance: Mapping[OGPValue, Relevance]
) -> tuple[Judgment[DidItOpenGovernment], dict[OGPValue, Judgment[DidItOpenGovernment]]]:
    p: KeyPath = ("did_it_open_government",)
    value = f.mapping(value, p, required=("overall",), optional=("by_value",))
    overall = _judgment(f, DidItOpenGovernment, value["overall"], (*p, "overall"), sources)
    by_value: dict[OGPValue, Judgment[DidItOpenGovernment]] = {}
    for key, item in f.mapping(value.get("by_value") or {}, (*p, "by_value"),
                               required=(), free=True).items():
        kp = (*p, "by_value", key)
        ogp = _ogp_value(f, key, kp)
        if not relevance[ogp].relevant:
            f.fail(kp, f"'{ogp.label}' is judged here but marked not relevant.",
                   fix=f"set relevance.{ogp.name.lower()}.relevant to true, or remove it here.")
        by_value[ogp] = _judgment(f, DidItOpenGovernment, item, kp, sources)
    return overall, by_value


def _completion(f: YamlFile, value: Any, sources: Mapping[str, Source]) -> CompletionOverride:
    p: KeyPath = ("completion",)
    value = f.mapping(value, p, required=("value",), optional=("reason", "sources", "stage"))
    if not value.get("reason"):
        f.fail(p, "a completion stated beside the computed one needs a reason.",
               fix="add 'reason:' in every language, saying whose judgment it is and why it "
               "differs from what the evidence computes.")
    stage = None
    if value.get("stage") is not None:
        stage = f.string(value["stage"], (*p, "stage"))
        if stage not in STAGES:
            f.fail((*p, "stage"), f"'{stage}' is not a stage.", fix=f"use {' or '.join(STAGES)}.")
    if "sources" not in value:
        f.fail(p, "the key 'sources' is missing.", fix="cite the sources of the stated level.")
    return CompletionOverride(
        value=f.level(Completion, value["value"], (*p, "value")),
        reason=f.text(value["reason"], (*p, "reason")),
        sources=f.citations(value["sources"], (*p, "sources"), sources),
        stage=stage,
    )


def check_assessment(commitment: Commitment, assessment: Assessment) -> None:
    """Check that ``assessment`` judges ``commitment`` and names only its labs.

    Raises
    ------
    ConfigError
        When the assessment is of another commitment, or a recommendation's ``model_lab``
        is not a lab of the commitment file (with the assessment's file and line).
    """
    if assessment.commitment_id != commitment.id:
        raise ConfigError(
            f"the assessment is of commitment {assessment.commitment_id}, not {commitment.id}.",
            file=assessment.path, fix=f"pass {commitment.id}'s assessment file.")
    for rec in assessment.recommendations:
        if rec.model_lab is not None and rec.model_lab not in commitment.labs:
            raise ConfigError(
                f"recommendations[{rec.number - 1}].model_lab: '{rec.model_lab}' is not a lab "
                f"of commitment {commitment.id}.", file=assessment.path, line=rec.line,
                fix=f"use one of {', '.join(commitment.labs)} (the keys of 'labs' in "
                f"{commitment.path.name if commitment.path else 'the commitment file'}).")


# ---------------------------------------------------------------------------------------------
# Checking files before any work


def read_pair(commitment_path: str | Path, assessment_path: str | Path | None = None
              ) -> tuple[Commitment, Assessment | None]:
    """Read and check a commitment file and, when given, its assessment file.

    Raises
    ------
    ConfigError
        As :func:`read_commitment` and :func:`read_assessment`, or when the assessment is
        of another commitment (with the line of its ``commitment`` key).
    """
    commitment = read_commitment(commitment_path)
    if assessment_path is None:
        return commitment, None
    assessment = read_assessment(assessment_path)
    if assessment.commitment_id != commitment.id:
        f = YamlFile(Path(assessment_path), "assessment")
        f.fail(("commitment",), f"the assessment is of commitment {assessment.commitment_id}, "
               f"but the commitment file holds {commitment.id}.",
               fix=f"pass {commitment.id}'s assessment file, or correct the commitment id.")
    check_assessment(commitment, assessment)
    return commitment, assessment


def check_file(path: str | Path) -> Commitment | Assessment:
    """Read and check a commitment or assessment file, whichever it is.

    A file with a top-level ``assessor`` or ``commitment`` key is an assessment; any other
    is a commitment.

    Raises
    ------
    ConfigError
        Naming the file, the line, the key and the fix of the first problem.
    """
    f = YamlFile(Path(path), "commitment or assessment")
    if isinstance(f.data, Mapping) and ("assessor" in f.data or "commitment" in f.data):
        return read_assessment(path)
    return read_commitment(path)


# ---------------------------------------------------------------------------------------------
# Finding the files


def find_commitment_files(commitment_id: str,
                          commitments_dir: str | Path = config.COMMITMENTS_DIR
                          ) -> CommitmentFiles:
    """Find ``<ID>.yaml`` and, when present, ``<ID>-assessment.yaml`` in ``commitments_dir``.

    Raises
    ------
    ConfigError
        When the id is malformed or the commitment file does not exist (the message lists
        the commitments that do).
    """
    folder = Path(commitments_dir)
    if not _ID.match(commitment_id):
        raise ConfigError(f"'{commitment_id}' is not a commitment id.",
                          fix="use letters, digits, '-' and '_' only, e.g. NEW0001.")
    commitment = folder / f"{commitment_id}.yaml"
    if not commitment.is_file():
        known = sorted(p.stem for p in folder.glob("*.yaml")
                       if not p.stem.endswith(("-assessment", "-sample")))
        raise ConfigError(
            f"no commitment file for '{commitment_id}'.", file=commitment,
            fix=f"use one of {', '.join(known)}." if known
            else f"write {commitment.name}, starting from the template labmetrics init "
            "writes.",
        )
    assessment = folder / f"{commitment_id}-assessment.yaml"
    return CommitmentFiles(commitment, assessment if assessment.is_file() else None)
