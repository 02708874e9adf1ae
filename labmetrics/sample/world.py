"""The invented world of the sample: spaces, groups, their uses of spaces, projects.

Every draw is vectorised with numpy (usage reaches a million rows at scale 100) and comes
from generators seeded by the caller, so the same scale and seed give the same tables.
What the world holds (spaces, kinds of groups, where they gather, when they were mapped and
joined, how projects go) comes from a commitment's sample spec (:mod:`labmetrics.sample.spec`);
the code holds only the way of drawing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from labmetrics import config, geo
from labmetrics.errors import ConfigError
from labmetrics.sample.spec import SampleSpec
from labmetrics.schema import AIMS, DATASETS, FORMATS, GROUP_KINDS, OPEN_TECH

MAX_SCALE = 1_000.0

START = pd.Timestamp(config.SAMPLE_START)
END = pd.Timestamp(config.SAMPLE_END)
N_DAYS = (END - START).days + 1

# Formats that need no group: the space opens them to anyone (share of rows without group).
_OPEN_SHARE = {"event": 0.45, "open_challenge": 0.35, "training": 0.25}
_LICENCES = {"AGPL-3.0-only": 0.2, "GPL-3.0-or-later": 0.15, "MIT": 0.2, "Apache-2.0": 0.08,
             "CC-BY-4.0": 0.12, "ODbL-1.0": 0.05, "": 0.2}
_CODE_LICENCES = ("AGPL-3.0-only", "GPL-3.0-or-later", "MIT", "Apache-2.0")


def draw_tables(spec: SampleSpec, scale: float, seed: int) -> dict[str, pd.DataFrame]:
    """Draw the four clean tables of ``spec`` (see
    :func:`labmetrics.sample.generate.generate_sample`)."""
    check_scale_and_seed(scale, seed)
    # "listing" last: adding it left the streams of the four tables as they were.
    rng = {part: np.random.default_rng([seed, i]) for i, part in enumerate(
        ("spaces", "groups", "usage", "projects", "listing"))}
    districts = geo.load_districts(spec.city)
    calendar = pd.date_range(START, END, freq="D")
    spaces = _make_spaces(spec, districts, rng["spaces"])
    weights = _space_day_weights(spec, calendar)
    n_groups = max(12, round(spec.rows["groups"] * scale))
    groups, ties = _make_groups(spec, n_groups, spaces, districts, rng["groups"],
                                rng["listing"])
    usage = _make_usage(spec, max(100, round(spec.rows["usage"] * scale)), weights, ties,
                        groups, rng["usage"])
    projects = _make_projects(spec, max(3, round(spec.rows["projects"] * scale)), weights,
                              ties, groups, rng["projects"])
    tables = {"groups": groups, "spaces": spaces, "usage": usage, "projects": projects}
    return {name: frame[DATASETS[name].names] for name, frame in tables.items()}


def check_scale_and_seed(scale: float, seed: int) -> None:
    """Raise a ConfigError unless 0 < scale <= MAX_SCALE and seed is a whole number >= 0."""
    if not (isinstance(scale, (int, float)) and 0 < scale <= MAX_SCALE):
        raise ConfigError(f"the sample scale must be a number above 0 and at most "
                          f"{MAX_SCALE:g}, not {scale!r}.",
                          fix="use --scale 1 for the bundled sample, 100 for a large one.")
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ConfigError(f"the sample seed must be a whole number of at least 0, not {seed!r}.",
                          fix=f"leave it out to use the default seed {config.DEFAULT_SEED}.")


def days_of(dates: Sequence[str | None]) -> np.ndarray:
    """Day numbers (0 = START) of ISO dates; None becomes the day after END."""
    return np.array([(pd.Timestamp(d) - START).days if d else N_DAYS for d in dates])


def to_dates(days: np.ndarray) -> pd.Series:
    """Day numbers to datetime64[ns]; negative numbers are days before START."""
    values = START.to_datetime64().astype("datetime64[D]") + np.asarray(days, dtype="int64")
    return pd.Series(values.astype("datetime64[ns]"))


def _points_in(codes: np.ndarray, districts: pd.DataFrame, rng: np.random.Generator
               ) -> tuple[np.ndarray, np.ndarray]:
    """Random points (lon, lat), rounded to 6 decimals, inside each row's district."""
    lon = np.empty(len(codes))
    lat = np.empty(len(codes))
    shapes = districts.set_index("district_code").geometry
    for code in np.unique(codes):
        rows = np.flatnonzero(codes == code)
        polygon = shapes.loc[code]
        shapely.prepare(polygon)
        x0, y0, x1, y1 = polygon.bounds
        xs: list[np.ndarray] = []
        ys: list[np.ndarray] = []
        found = 0
        while found < len(rows):
            x = np.round(rng.uniform(x0, x1, 4 * len(rows) + 16), 6)
            y = np.round(rng.uniform(y0, y1, 4 * len(rows) + 16), 6)
            inside = shapely.contains_xy(polygon, x, y)
            xs.append(x[inside])
            ys.append(y[inside])
            found += int(inside.sum())
        lon[rows] = np.concatenate(xs)[: len(rows)]
        lat[rows] = np.concatenate(ys)[: len(rows)]
    return lon, lat


def _district_codes(names: Sequence[str], districts: pd.DataFrame) -> np.ndarray:
    by_name = dict(zip(districts["district_name"], districts["district_code"], strict=True))
    return np.array([int(by_name[n]) for n in names])


def _make_spaces(spec: SampleSpec, districts: pd.DataFrame, rng: np.random.Generator
                 ) -> pd.DataFrame:
    spaces = spec.spaces
    codes = _district_codes([s.area for s in spaces], districts)
    lon, lat = _points_in(codes, districts, rng)
    return pd.DataFrame({
        "space_id": pd.array([s.space_id for s in spaces], dtype="string"),
        "name": pd.array([s.name for s in spaces], dtype="string"),
        "host": pd.array([s.host for s in spaces], dtype="string"),
        "kind": pd.array([s.kind for s in spaces], dtype="string"),
        "district": pd.array([s.area for s in spaces], dtype="string"),
        "latitude": lat,
        "longitude": lon,
        "seats": pd.array([s.seats for s in spaces], dtype="Int64"),
        "formats": [[f for f in FORMATS if f in s.formats] for s in spaces],
        "opened_on": pd.to_datetime([s.opened_on for s in spaces]).astype("datetime64[ns]"),
        "closed_on": pd.to_datetime([s.closed_on for s in spaces]).astype("datetime64[ns]"),
    })


def _space_day_weights(spec: SampleSpec, calendar: pd.DatetimeIndex) -> np.ndarray:
    """Expected uses per space (rows) and day (columns), up to a common factor."""
    day = np.arange(len(calendar))
    month = calendar.month.to_numpy()
    dow = calendar.day_of_week.to_numpy()
    # The spec's months, and the year-end recess.
    season = np.array(spec.season)[month - 1]
    recess = ((month == 12) & (calendar.day >= 24)) | ((month == 1) & (calendar.day == 1))
    season = np.where(recess, 0.0, season)
    weights = np.zeros((len(spec.spaces), len(calendar)))
    for i, space in enumerate(spec.spaces):
        knots = days_of([d for d, _ in space.activity])
        per_month = np.interp(day, knots, [r for _, r in space.activity])
        week = np.select([dow == 5, dow == 6], [space.saturday, space.sunday], 1.0)
        opened, closed = days_of([space.opened_on, space.closed_on])
        open_mask = (day >= opened) & (day <= closed)
        weights[i] = per_month / 21.0 * week * season * open_mask
    return weights


@dataclass(frozen=True)
class _Ties:
    """Which groups use which spaces, how much, and from when (never exported)."""

    weight: np.ndarray  # groups x spaces: relative use, 0 = never
    active_from: np.ndarray  # day from which a group uses spaces
    active_until: np.ndarray  # last day a group uses spaces
    partner: np.ndarray  # groups x spaces: network partner of that space


def _make_groups(spec: SampleSpec, n: int, spaces: pd.DataFrame, districts: pd.DataFrame,
                 rng: np.random.Generator, listing: np.random.Generator
                 ) -> tuple[pd.DataFrame, _Ties]:
    groups = draw_groups(spec, n, districts, rng)
    order = np.lexsort((rng.random(n), groups["_day"].to_numpy()))
    groups = groups.iloc[order].reset_index(drop=True)
    groups.insert(0, "group_id", pd.array(make_ids("G", np.arange(1, n + 1), n), dtype="string"))
    ties = _tie_groups(spec, groups, spaces, rng)
    joined = ties.partner.any(axis=1)
    join_day = np.full(n, -1)
    network = spec.network
    base = np.maximum(groups["_day"].to_numpy(), days_of([network["opens"]])[0])
    # Partners join after the network opens, slowly when the spec's spread is long.
    join_day[joined] = (base[joined] + network["join_after"]
                        + rng.exponential(network["join_spread"], joined.sum()).astype(int))
    late = join_day > N_DAYS - 10
    join_day[late] = -1
    partner = ties.partner & ~late[:, None]
    opened = days_of([s.opened_on for s in spec.spaces])
    partner &= opened[None, :] <= np.maximum(join_day, 0)[:, None]
    has_partner = partner.any(axis=1)
    join_day[~has_partner] = -1
    ids = [s.space_id for s in spec.spaces]
    groups["network_joined_on"] = to_dates(join_day).where(join_day >= 0)
    groups["partner_space_ids"] = [[ids[j] for j in np.flatnonzero(row)] for row in partner]
    ties = _Ties(ties.weight, ties.active_from, ties.active_until, partner)
    groups["mapped_on"] = to_dates(groups.pop("_day").to_numpy())
    groups = _leave_and_opt_out(groups, ties, listing)
    return groups[DATASETS["groups"].names], ties


def _leave_and_opt_out(groups: pd.DataFrame, ties: _Ties, rng: np.random.Generator
                       ) -> pd.DataFrame:
    """Who left the network and who asked not to be listed publicly.

    An inactive partner leaves the network a month after it last used a space, when that is
    after it joined and before the end; about 1 partner in 25 opts out of the public
    listing, and at least one does whenever two or more joined.
    """
    out = groups.copy()
    joined = out["network_joined_on"].notna().to_numpy()
    join_day = np.where(joined, (out["network_joined_on"] - START).dt.days.fillna(-1), -1)
    left_day = ties.active_until + 30
    leaves = (joined & (out["status"].to_numpy(dtype=object) == "inactive")
              & (left_day > join_day) & (left_day < N_DAYS))
    out["network_left_on"] = to_dates(np.where(leaves, left_day, 0)).where(leaves)
    opt_out = joined & (rng.random(len(out)) < 0.04)
    partners = np.flatnonzero(joined)
    if len(partners) >= 2 and not opt_out.any():
        opt_out[partners[rng.integers(len(partners))]] = True
    out["listing_opt_out"] = pd.array(np.where(joined, opt_out, False), dtype="boolean")
    return out


def draw_groups(spec: SampleSpec, n: int, districts: pd.DataFrame, rng: np.random.Generator,
                taken: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Draw ``n`` invented groups: kind, name, place, contacts, mapping date and status.

    The result has no ``group_id`` and no network columns yet; ``_day`` is the mapping day
    (0 = 2016-01-01). Names are unique and avoid ``taken``.
    """
    kinds = np.array(GROUP_KINDS)[rng.choice(len(GROUP_KINDS), n, p=_norm(
        [spec.kinds[k].share for k in GROUP_KINDS]))]
    code = np.zeros(n, dtype=int)
    region_of = districts["region"].astype(object).to_numpy()
    base = np.array([spec.region_weights.get(r, 1.0) if isinstance(r, str) else 1.0
                     for r in region_of])
    names = districts["district_name"].to_numpy()
    base = base * np.where(np.isin(names, spec.fewer[1]), spec.fewer[0], 1.0)
    base = base * np.where(np.isin(names, spec.more[1]), spec.more[0], 1.0)
    for kind in GROUP_KINDS:
        rows = np.flatnonzero(kinds == kind)
        weights = spec.kinds[kind].regions
        affinity = np.array([weights.get(r, 1.0) if isinstance(r, str) else 1.0
                             for r in region_of])
        pick = rng.choice(len(districts), len(rows), p=_norm(base * affinity))
        code[rows] = districts["district_code"].to_numpy()[pick]
    lon, lat = _points_in(code, districts, rng)
    district = districts.set_index("district_code").loc[code, "district_name"].to_numpy()
    day, mapped_by = _mapping_days(spec, n, rng)
    no_point = rng.random(n) < 0.08
    no_district = ~no_point & (rng.random(n) < 0.04)
    first = np.array(spec.first_names)[rng.integers(len(spec.first_names), size=n)]
    last = np.array(spec.last_names)[rng.integers(len(spec.last_names), size=n)]
    name = _group_names(spec, kinds, day, rng, taken)
    slug = slugs(name)
    site_kind = rng.random(n)
    website = np.where(site_kind < 0.5, "https://" + slug + ".example.org",
                       np.where(site_kind < 0.65, "https://social.example.com/" + slug, None))
    email = (slugs(first) + "." + slugs(last) + "@"
             + np.array(spec.mail_domains)[rng.integers(len(spec.mail_domains), size=n)])
    prefix = spec.phone_prefix
    phone = np.char.add(np.char.add(prefix, rng.integers(1000, 10000, n).astype(str)),
                        np.char.add("-", rng.integers(0, 10000, n).astype(str).astype("<U4")))
    cut = len(prefix) + 5  # the prefix, four digits and the dash; four digits follow
    phone = np.array([f"{p[:cut]}{p[cut:].zfill(4)}" for p in phone.tolist()])
    return pd.DataFrame({
        "name": pd.array(name, dtype="string"),
        "kind": pd.array(kinds, dtype="string"),
        "open_tech": _open_tech(spec, kinds, rng),
        "themes": _themes(spec, n, rng),
        "district": pd.array(np.where(no_district, None, district), dtype="string"),
        "latitude": np.where(no_point, np.nan, lat),
        "longitude": np.where(no_point, np.nan, lon),
        "website": pd.array(website, dtype="string"),
        "contact_name": pd.array(np.where(rng.random(n) < 0.05, None,
                                          np.char.add(np.char.add(first, " "), last)),
                                 dtype="string"),
        "contact_email": pd.array(np.where(rng.random(n) < 0.1, None, email), dtype="string"),
        "contact_phone": pd.array(np.where(rng.random(n) < 0.35, None, phone), dtype="string"),
        "mapped_by": pd.array(mapped_by, dtype="string"),
        "status": pd.array(np.where(rng.random(n) < spec.inactive, "inactive", "active"),
                           dtype="string"),
        "_day": day,
        "_lon": lon,
        "_lat": lat,
    })


def _mapping_days(spec: SampleSpec, n: int, rng: np.random.Generator
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Mapping days and who mapped each group, by the spec's mapping periods."""
    periods = spec.mapping
    period = rng.choice(len(periods), n, p=[p.share for p in periods])
    day0 = days_of([p.start for p in periods])
    day1 = days_of([p.end for p in periods])
    peaked = [i for i, p in enumerate(periods) if p.peak]
    if peaked:
        # A mapping campaign peaks on its day: a triangular draw centred on it.
        i = peaked[0]
        peak = days_of([periods[i].peak])[0]
        day = np.where(
            period == i,
            rng.triangular(day0[i], peak, day1[i] + 1, n),
            rng.uniform(day0[period], day1[period] + 1),
        ).astype(int)
    else:
        day = rng.uniform(day0[period], day1[period] + 1).astype(int)
    who = rng.random(n)
    mapped_by = np.empty(n, dtype=object)
    for i, p in enumerate(periods):
        rows = period == i
        names = np.array(list(p.mappers), dtype=object)
        cuts = np.round(np.cumsum(_norm(list(p.mappers.values())))[:-1], 12)
        mapped_by[rows] = names[np.digitize(who[rows], cuts)]
    # A space's own team maps no group before the space opens.
    for mapper, space in spec.until_open.items():
        opens = days_of([spec.spaces[spec.space_index(space)].opened_on])[0]
        mapped_by = np.where((mapped_by == mapper) & (day < opens), spec.instead, mapped_by)
    return day, mapped_by


def _group_names(spec: SampleSpec, kinds: np.ndarray, day: np.ndarray,
                 rng: np.random.Generator, taken: frozenset[str]) -> np.ndarray:
    name = np.empty(len(kinds), dtype=object)
    for kind in GROUP_KINDS:
        rows = np.flatnonzero(kinds == kind)
        heads, tails = spec.kinds[kind].heads, spec.kinds[kind].tails
        joiner = spec.kinds[kind].joiner
        head = np.array(heads)[rng.integers(len(heads), size=len(rows))]
        tail = np.array(tails)[rng.integers(len(tails), size=len(rows))]
        name[rows] = np.char.add(np.char.add(head, joiner), tail)
    series = pd.Series(name, dtype=object)
    # Two groups drawing the same words are told apart by a number, as mapping volunteers
    # do: the later mapped gets "2".
    rank = series.iloc[np.argsort(day, kind="stable")].groupby(series).cumcount().sort_index()
    series = series.where(rank == 0, series + " " + (rank + 1).astype(str))
    clash = series.map(taken.__contains__).astype(bool)
    while clash.any():
        series[clash] = series[clash] + " " + pd.Series(rng.integers(10, 100, clash.sum()),
                                                        index=series[clash].index).astype(str)
        clash = series.map(taken.__contains__).astype(bool) | series.duplicated()
    return series.to_numpy(dtype=object)


def _open_tech(spec: SampleSpec, kinds: np.ndarray, rng: np.random.Generator
               ) -> list[list[str]]:
    prob = np.array([spec.kinds[k].open_tech for k in kinds])
    has = rng.random(prob.shape) < prob
    main = prob.argmax(axis=1)
    has[np.arange(len(kinds)), main] |= ~has.any(axis=1)
    return [[OPEN_TECH[j] for j in np.flatnonzero(row)] for row in has]


def _themes(spec: SampleSpec, n: int, rng: np.random.Generator) -> list[list[str]]:
    themes = spec.themes
    order = rng.random((n, len(themes))).argsort(axis=1)
    count = rng.choice([1, 2, 3], n, p=[0.35, 0.4, 0.25])
    return [[themes[j] for j in sorted(row[:c])] for row, c in zip(order, count, strict=True)]


def _tie_groups(spec: SampleSpec, groups: pd.DataFrame, spaces: pd.DataFrame,
                rng: np.random.Generator) -> _Ties:
    """Decide which spaces each group uses (some several: the bridges) and partners."""
    n = len(groups)
    kinds = groups["kind"].to_numpy(dtype=object)
    day = groups["_day"].to_numpy()
    affinity = np.array([[s.used_by[k] for s in spec.spaces] for k in kinds])
    # Nearby spaces are used more: km from the group to each space.
    km_lat, km_lon = spec.km_per_degree
    dy = (groups["_lat"].to_numpy()[:, None] - spaces["latitude"].to_numpy()[None, :]) * km_lat
    dx = (groups["_lon"].to_numpy()[:, None] - spaces["longitude"].to_numpy()[None, :]) * km_lon
    near = 0.3 + np.exp(-np.hypot(dx, dy) / spec.pull_km)
    opened = days_of([s.opened_on for s in spec.spaces])
    closed = days_of([s.closed_on for s in spec.spaces])
    # Some groups used a space before anyone mapped them.
    early = rng.random(n) < spec.network["early"]
    active_from = np.where(early, np.maximum(day - rng.integers(30, 300, n), 0), day)
    usable = (closed[None, :] > active_from[:, None] + 30) & (opened[None, :] < N_DAYS - 30)
    choice = affinity * near * usable
    user = rng.random(n) < np.array([spec.kinds[k].uses for k in kinds])
    weight = np.zeros((n, len(spec.spaces)))
    activity = rng.lognormal(0.0, 1.0, n)
    for share, rounds in ((1.0, user), (0.4, user & (rng.random(n) < 0.25)),
                          (0.3, user & (rng.random(n) < 0.07))):
        free = np.where(weight > 0, 0.0, choice)
        total = free.sum(axis=1)
        rounds = rounds & (total > 0)
        cum = free.cumsum(axis=1)
        pick = (cum < (rng.random(n) * total)[:, None]).sum(axis=1)
        rows = np.flatnonzero(rounds)
        weight[rows, pick[rows]] = share * activity[rows]
    last_day = np.where(groups["status"].to_numpy(dtype=object) == "inactive",
                        np.maximum(active_from + 120,
                                   rng.integers(days_of([spec.network["inactive_from"]])[0],
                                                N_DAYS, n)), N_DAYS)
    # Network partners: mostly groups that use the spaces, partners of the spaces they use.
    joins = rng.random(n) < np.where(user, spec.network["users"], spec.network["others"])
    partner_prob = np.array([s.partner_of for s in spec.spaces])
    partner = joins[:, None] & (weight > 0) & (rng.random(weight.shape) < partner_prob)
    lone = joins & ~partner.any(axis=1)
    # A partner that names no space it uses partners the spec's spaces, by share.
    lone_partners = spec.network["lone_partners"]
    cuts = np.round(np.cumsum(_norm(list(lone_partners.values())))[:-1], 12)
    to = np.digitize(rng.random(n), cuts)
    for i, space in enumerate(lone_partners):
        partner[lone & (to == i), spec.space_index(space)] = True
    return _Ties(weight, active_from, last_day, partner)


def _make_usage(spec: SampleSpec, n: int, weights: np.ndarray, ties: _Ties,
                groups: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    counts = rng.multinomial(n, (weights / weights.sum()).ravel())
    cell = np.repeat(np.arange(counts.size), counts)
    space, day = np.divmod(cell, weights.shape[1])
    group = np.full(n, -1)
    fmt = np.empty(n, dtype=object)
    for s, place in enumerate(spec.spaces):
        rows = np.flatnonzero(space == s)
        names = list(place.formats)
        fmt[rows] = np.array(names, dtype=object)[
            rng.choice(len(names), len(rows), p=_norm(list(place.formats.values())))]
        open_share = np.array([_OPEN_SHARE.get(f, 0.0) for f in fmt[rows]])
        wants = rng.random(len(rows)) >= open_share
        picked = _pick_groups(day[rows], ties.weight[:, s], ties.active_from, rng)
        for _ in range(2):  # a group that stopped is replaced by another, if any
            stopped = (picked >= 0) & (day[rows] > ties.active_until[np.maximum(picked, 0)])
            redraw = _pick_groups(day[rows][stopped], ties.weight[:, s], ties.active_from, rng)
            picked[stopped] = redraw
        stopped = (picked >= 0) & (day[rows] > ties.active_until[np.maximum(picked, 0)])
        picked[stopped] = -1
        group[rows] = np.where(wants, picked, -1)
        # Without any group yet, the space opens the day to everyone.
        orphan = (group[rows] < 0) & ~np.isin(fmt[rows], list(_OPEN_SHARE))
        fallback = next(f for f in ("event", "training", "open_challenge") if f in place.formats)
        fmt[rows[orphan]] = fallback
    hours, people = _hours_and_people(spec, fmt, space, rng)
    order = np.lexsort((space, day))
    ids = groups["group_id"].to_numpy(dtype=object)
    group_id = np.where(group >= 0, ids[np.maximum(group, 0)], None)
    space_ids = np.array([s.space_id for s in spec.spaces], dtype=object)
    return pd.DataFrame({
        "date": to_dates(day[order]),
        "space_id": pd.array(space_ids[space[order]], dtype="string"),
        "group_id": pd.array(group_id[order], dtype="string"),
        "format": pd.array(fmt[order], dtype="string"),
        "hours": hours[order],
        "participants": pd.array(people[order], dtype="Int64"),
    })


def _pick_groups(day: np.ndarray, weight: np.ndarray, active_from: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """For each day, a group drawn by weight among those active by then (-1 when none)."""
    pool = np.flatnonzero(weight > 0)
    if not len(pool) or not len(day):
        return np.full(len(day), -1)
    pool = pool[np.argsort(active_from[pool], kind="stable")]
    cum = np.cumsum(weight[pool])
    eligible = np.searchsorted(active_from[pool], day, side="right")
    target = rng.random(len(day)) * cum[np.maximum(eligible - 1, 0)]
    pick = np.minimum(np.searchsorted(cum, target, side="right"), len(pool) - 1)
    return np.where(eligible > 0, pool[pick], -1)


_HOURS = {"coworking": (4, 5, 6, 7, 8, 9), "residency": (4, 5, 6, 7, 8),
          "visiting_programme": (1, 1.5, 2, 2.5, 3), "event": (2, 2.5, 3, 3.5, 4),
          "open_challenge": (4, 6, 8, 10, 12), "training": (2, 3, 4)}


def _hours_and_people(spec: SampleSpec, fmt: np.ndarray, space: np.ndarray,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    hours = np.zeros(len(fmt))
    people = np.zeros(len(fmt), dtype=int)
    crowd = np.array([s.crowd for s in spec.spaces])[space]
    for name in FORMATS:
        rows = np.flatnonzero(fmt == name)
        choices = np.array(_HOURS[name], dtype=float)
        hours[rows] = choices[rng.integers(len(choices), size=len(rows))]
        if name == "coworking":
            people[rows] = 1 + rng.poisson(2.0, len(rows))
        elif name == "residency":
            people[rows] = 2 + rng.poisson(2.0, len(rows))
        elif name == "visiting_programme":
            people[rows] = 4 + rng.poisson(8.0, len(rows))
        elif name == "training":
            people[rows] = 6 + rng.poisson(12.0 * crowd[rows])
        else:
            typical = 30.0 if name == "event" else 40.0
            drawn = rng.lognormal(np.log(typical * crowd[rows]), 0.55)
            people[rows] = np.clip(np.round(drawn), 5, 400).astype(int)
    return hours, people


def _make_projects(spec: SampleSpec, n: int, weights: np.ndarray, ties: _Ties,
                   groups: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    leads = [i for i, s in enumerate(spec.spaces) if s.project_lead > 0]
    lead = np.array(leads)[rng.choice(len(leads), n, p=_norm(
        [spec.spaces[i].project_lead for i in leads]))]
    start = np.zeros(n, dtype=int)
    last_start = N_DAYS - 31
    for s in np.unique(lead):
        rows = np.flatnonzero(lead == s)
        w = weights[s, :last_start]
        start[rows] = rng.choice(last_start, len(rows), p=w / w.sum())
    order = np.lexsort((lead, start))
    lead, start = lead[order], start[order]
    status, end = _project_status(spec, lead, start, rng)
    second = _second_space(spec, lead, start, weights, rng)
    partners = _project_partners(spec, lead, start, ties, groups, rng)
    aims = rng.random((n, len(AIMS))) < np.array([0.6, 0.55, 0.2])
    aims[np.arange(n), rng.integers(2, size=n)] |= ~aims.any(axis=1)
    licence = np.array(list(_LICENCES), dtype=object)[
        rng.choice(len(_LICENCES), n, p=_norm(list(_LICENCES.values())))]
    titles = _project_titles(spec, lead, rng)
    has_repo = np.isin(licence, _CODE_LICENCES) & (rng.random(n) < 0.85)
    space_ids = np.array([s.space_id for s in spec.spaces], dtype=object)
    repo = np.where(has_repo, "https://git.example.org/" + space_ids[lead].astype(str) + "/"
                    + slugs(titles), None)
    open_data_used = np.array([spec.projects["open_data_used"] if s.open_data_used is None
                               else s.open_data_used for s in spec.spaces])[lead]
    reached = np.clip(np.round(rng.lognormal(np.log(300), 1.1, n)), 10, 200_000)
    return pd.DataFrame({
        "project_id": pd.array(make_ids("P", np.arange(1, n + 1), n), dtype="string"),
        "title": pd.array(titles, dtype="string"),
        "space_ids": [[space_ids[lead[i]]] + ([space_ids[second[i]]] if second[i] >= 0 else [])
                      for i in range(n)],
        "partner_group_ids": partners,
        "started_on": to_dates(start),
        "ended_on": to_dates(end).where(end >= 0),
        "status": pd.array(status, dtype="string"),
        "aims": [[AIMS[j] for j in np.flatnonzero(row)] for row in aims],
        "licence": pd.array(np.where(licence == "", None, licence), dtype="string"),
        "open_data_used": pd.array(rng.random(n) < open_data_used, dtype="boolean"),
        "open_data_published": pd.array(rng.random(n) < 0.4, dtype="boolean"),
        "repository_url": pd.array(repo, dtype="string"),
        "participants_reached": pd.array(
            np.where(status == "proposed", None, reached.astype(int)), dtype="Int64"),
    })


def _project_status(spec: SampleSpec, lead: np.ndarray, start: np.ndarray,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n = len(lead)
    u = rng.random(n)
    stop = np.array([spec.projects["stopped"] if s.projects_stopped is None
                     else s.projects_stopped for s in spec.spaces])[lead]
    recent = start > N_DAYS - 90
    status = np.where(recent, np.where(u < 0.4, "proposed", "active"),
                      np.where(u < stop, "discontinued",
                               np.where(u < stop + 0.5, "delivered", "active")))
    length = np.where(status == "delivered", rng.integers(45, 300, n), rng.integers(30, 200, n))
    end = np.where(np.isin(status, ["delivered", "discontinued"]), start + length, -1)
    running = end >= N_DAYS
    status = np.where(running, "active", status)
    end = np.where(running, -1, end)
    return status, end


def _second_space(spec: SampleSpec, lead: np.ndarray, start: np.ndarray, weights: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """A second space for one project in five, open on the start day (-1 for none)."""
    n = len(lead)
    active = (weights[:, start] > 0).T.astype(float)
    prefer = np.array([s.second_space for s in spec.spaces])
    choice = active * prefer
    choice[np.arange(n), lead] = 0.0
    total = choice.sum(axis=1)
    pick = (choice.cumsum(axis=1) < (rng.random(n) * total)[:, None]).sum(axis=1)
    return np.where((rng.random(n) < 0.2) & (total > 0), pick, -1)


def _project_partners(spec: SampleSpec, lead: np.ndarray, start: np.ndarray, ties: _Ties,
                      groups: pd.DataFrame, rng: np.random.Generator) -> list[list[str]]:
    """Partner groups: users and network partners of the lead space, active by the start."""
    n = len(lead)
    wanted = rng.choice([0, 1, 2, 3, 4, 5], n, p=[0.1, 0.35, 0.3, 0.15, 0.06, 0.04])
    # Before the network opens the spaces run their projects on their own; after it, by the
    # spec's share, or the space's own.
    after = np.array([spec.projects["own_after"] if s.own_projects is None
                      else s.own_projects for s in spec.spaces])[lead]
    own = np.where(start < days_of([spec.network["opens"]])[0], spec.projects["own_before"],
                   after)
    wanted = np.where(rng.random(n) < own, 0, wanted)
    drawn = np.full((n, 8), -1)
    for s in np.unique(lead):
        rows = np.flatnonzero(lead == s)
        weight = ties.weight[:, s] + 2.0 * ties.partner[:, s]
        for j in range(drawn.shape[1]):
            drawn[rows, j] = _pick_groups(start[rows], weight, ties.active_from, rng)
    ids = groups["group_id"].to_numpy(dtype=object)
    partners = []
    for row, k in zip(drawn, wanted, strict=True):
        chosen = list(dict.fromkeys(int(g) for g in row if g >= 0))[:k]
        partners.append([str(ids[g]) for g in sorted(chosen)])
    return partners


def _project_titles(spec: SampleSpec, lead: np.ndarray, rng: np.random.Generator
                    ) -> np.ndarray:
    titles = np.empty(len(lead), dtype=object)
    for s in np.unique(lead):
        rows = np.flatnonzero(lead == s)
        choices = np.array(spec.spaces[s].projects, dtype=object)
        titles[rows] = choices[rng.integers(len(choices), size=len(rows))]
    series = pd.Series(titles, dtype=object)
    rank = series.groupby(series).cumcount()
    edition = f" – {spec.projects['edition']} "
    return series.where(rank == 0, series + edition + (rank + 1).astype(str)).to_numpy()


def make_ids(prefix: str, numbers: np.ndarray, n: int) -> np.ndarray:
    """Ids such as G0042: the prefix and the number, zero-padded for a table of ``n`` rows."""
    width = max(4, len(str(3 * n)))
    return np.array([f"{prefix}{k:0{width}d}" for k in numbers.tolist()], dtype=object)


def slugs(values: np.ndarray) -> np.ndarray:
    """URL-safe slugs: ``"Coletivo Dados da Quebrada"`` gives ``coletivo-dados-da-quebrada``."""
    text = pd.Series(values, dtype=object).str.normalize("NFKD")
    text = text.str.encode("ascii", "ignore").str.decode("ascii").str.lower()
    return text.str.replace(r"[^0-9a-z]+", "-", regex=True).str.strip("-").to_numpy(
        dtype=object)


def _norm(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


