"""The invented world of the sample: spaces, groups, their uses of spaces, projects.

Every draw is vectorised with numpy (usage reaches a million rows at scale 100) and comes
from generators seeded by the caller, so the same scale and seed give the same tables.
Shaped after the IRM's findings on SAO0005; see :mod:`labmetrics.sample.generate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from labmetrics import config, geo
from labmetrics.errors import ConfigError
from labmetrics.schema import AIMS, DATASETS, FORMATS, GROUP_KINDS, OPEN_TECH

# Rows at scale 1; every count is linear in the scale (spaces stay the city's seven).
GROUPS_PER_SCALE = 350
USAGE_PER_SCALE = 10_000
PROJECTS_PER_SCALE = 40
MAX_SCALE = 1_000.0

START = pd.Timestamp(config.SAMPLE_START)
END = pd.Timestamp(config.SAMPLE_END)
N_DAYS = (END - START).days + 1
FORUM_HEARING = pd.Timestamp("2017-06-08")  # the commitment was reworded; partners join after


# --------------------------------------------------------------------------------------------
# The spaces


@dataclass(frozen=True)
class _Space:
    space_id: str
    name: str
    host: str
    kind: str
    district: str
    seats: int | None
    formats: dict[str, float]  # format -> share of its usage
    opened_on: str
    closed_on: str | None
    activity: tuple[tuple[str, float], ...]  # (date, uses per month), interpolated
    saturday: float  # weekend use relative to a weekday
    sunday: float
    crowd: float  # how many people its events draw, relative to the others


SPACES: tuple[_Space, ...] = (
    _Space("labprodam", "LabProdam", "PRODAM", "innovation_lab", "Barra Funda", 12,
           {"event": 0.4, "open_challenge": 0.25, "training": 0.35}, "2014-09-15", None,
           (("2016-01-01", 6.0), ("2016-12-31", 6.0), ("2017-01-31", 2.5),
            ("2017-03-31", 2.0), ("2017-05-15", 0.15)), 0.1, 0.0, 0.8),
    _Space("mobilab", "MobiLab", "SMT", "innovation_lab", "Sé", 30,
           {"coworking": 0.6, "event": 0.15, "residency": 0.12, "visiting_programme": 0.13},
           "2014-06-02", None, (("2016-01-01", 22.0), ("2018-12-31", 28.0)), 0.1, 0.02, 1.0),
    _Space("patio-digital", "Pátio Digital", "SME", "hub", "Vila Mariana", None,
           {"event": 0.4, "open_challenge": 0.2, "training": 0.25, "visiting_programme": 0.15},
           "2017-04-20", None,
           (("2017-04-20", 20.0), ("2017-12-15", 55.0), ("2018-12-31", 66.0)), 0.35, 0.03, 1.5),
    _Space("fablab-cidade-tiradentes", "FabLab Livre SP – Cidade Tiradentes", "SMIT",
           "fab_lab", "Cidade Tiradentes", None,
           {"event": 0.25, "residency": 0.2, "training": 0.55}, "2015-12-10", None,
           (("2016-01-01", 9.0), ("2018-12-31", 9.0)), 0.4, 0.0, 0.7),
    _Space("fablab-campo-limpo", "FabLab Livre SP – Campo Limpo", "SMIT", "fab_lab",
           "Campo Limpo", None, {"event": 0.25, "residency": 0.2, "training": 0.55},
           "2016-05-16", None, (("2016-05-16", 5.0), ("2018-12-31", 8.0)), 0.4, 0.0, 0.7),
    _Space("teia-mooca", "Teia Mooca", "SMTE", "coworking", "Mooca", 40,
           {"coworking": 0.85, "event": 0.15}, "2016-03-07", "2017-06-30",
           (("2016-03-07", 10.0), ("2016-12-31", 16.0), ("2017-06-30", 12.0)), 0.05, 0.0, 0.6),
    _Space("residencia-maker", "Residência Maker", "SMIT", "hub", "Bom Retiro", 16,
           {"residency": 0.6, "training": 0.15, "visiting_programme": 0.25}, "2018-03-05",
           None, (("2018-03-05", 6.0), ("2018-12-31", 12.0)), 0.05, 0.0, 0.6),
)
_SPACE_INDEX = {s.space_id: i for i, s in enumerate(SPACES)}
# Formats that need no group: the space opens them to anyone (share of rows without group).
_OPEN_SHARE = {"event": 0.45, "open_challenge": 0.35, "training": 0.25}


# --------------------------------------------------------------------------------------------
# The groups: where they are and what they are


_CENTRE_WEST = ("Sé", "República", "Bela Vista", "Consolação", "Santa Cecília", "Liberdade",
                "Pinheiros", "Butantã", "Vila Mariana", "Perdizes", "Lapa", "Barra Funda")
_FAR = ("Cidade Tiradentes", "Guaianases", "Lajeado", "Iguatemi", "São Rafael",
        "Itaim Paulista", "Vila Curuçá", "Jardim Helena", "José Bonifácio", "Parque do Carmo",
        "Marsilac", "Parelheiros", "Grajaú", "Jardim Ângela", "Pedreira", "Cidade Dutra",
        "Anhanguera", "Perus", "Jaraguá", "Tremembé", "Brasilândia")
_REGION_WEIGHT = {"Centro": 4.0, "Oeste": 2.6, "Sul": 1.4, "Norte": 1.0, "Leste": 1.1}
# Kind by region (Centro, Leste, Norte, Oeste, Sul): startups and research in the west,
# youth groups and collectives in the periphery.
_KIND_REGION = {
    "youth_group": (0.6, 1.8, 1.5, 0.5, 1.4),
    "startup": (1.2, 0.3, 0.3, 1.8, 0.9),
    "collective": (1.0, 1.4, 1.2, 0.8, 1.2),
    "civil_society_org": (1.3, 0.9, 0.8, 1.1, 1.0),
    "hacker_maker_space": (1.2, 0.8, 0.7, 1.2, 1.0),
    "research_group": (0.8, 0.4, 0.3, 2.2, 1.0),
    "other": (1.0, 1.0, 1.0, 1.0, 1.0),
}
_KIND_SHARE = {"youth_group": 0.14, "startup": 0.22, "collective": 0.25,
               "civil_society_org": 0.16, "hacker_maker_space": 0.07, "research_group": 0.08,
               "other": 0.08}
# Open technologies by kind: free_software, open_data, open_standards, open_hardware.
_KIND_TECH = {
    "youth_group": (0.5, 0.35, 0.1, 0.2), "startup": (0.45, 0.55, 0.3, 0.1),
    "collective": (0.55, 0.55, 0.15, 0.15), "civil_society_org": (0.35, 0.75, 0.2, 0.05),
    "hacker_maker_space": (0.75, 0.3, 0.25, 0.7), "research_group": (0.6, 0.7, 0.35, 0.15),
    "other": (0.45, 0.45, 0.1, 0.1),
}
# Which space a kind of group uses: one weight per space of SPACES, in order.
_KIND_SPACE = {
    "youth_group": (0.3, 0.5, 4.0, 2.0, 2.0, 0.5, 0.3),
    "startup": (1.0, 6.0, 1.5, 0.3, 0.3, 3.0, 1.0),
    "collective": (0.5, 1.0, 4.0, 1.0, 1.0, 1.0, 0.5),
    "civil_society_org": (0.5, 1.0, 4.0, 0.3, 0.3, 0.5, 0.3),
    "hacker_maker_space": (1.0, 1.5, 1.5, 3.0, 3.0, 0.5, 2.0),
    "research_group": (1.0, 2.0, 3.0, 0.5, 0.5, 0.3, 1.0),
    "other": (0.5, 1.0, 2.0, 1.0, 1.0, 1.0, 0.5),
}
_KIND_USES = {"youth_group": 0.5, "startup": 0.7, "collective": 0.5, "civil_society_org": 0.4,
              "hacker_maker_space": 0.7, "research_group": 0.5, "other": 0.3}
# How likely a network partner names a space it uses as a partner space.
_PARTNER_OF = {"labprodam": 0.0, "mobilab": 0.85, "patio-digital": 0.9,
               "fablab-cidade-tiradentes": 0.5, "fablab-campo-limpo": 0.5, "teia-mooca": 0.0,
               "residencia-maker": 0.6}

_NAME_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "collective": (
        ("Coletivo Dados", "Coletivo Código", "Coletivo Mapa", "Coletivo Voz", "Coletivo Bit",
         "Coletivo Mídia", "Coletivo Rede", "Coletivo Hack", "Coletivo Tela", "Coletivo Sinal"),
        ("da Quebrada", "da Periferia", "da Leste", "do Extremo Sul", "da Zona Norte",
         "do Centro", "da Vila", "em Rede", "Livre", "Comum", "da Laje", "do Morro")),
    "youth_group": (
        ("Jovens Hackers", "Juventude Conectada", "Meninas do Código", "Rede Jovem",
         "Galera Digital", "Minas Programadoras", "Jovens Mapeadores", "Juventude Maker"),
        ("da Leste", "do Grajaú", "da Brasilândia", "do Capão", "da Norte", "do Sul",
         "da Cidade", "do Bairro", "da Vila", "da Escola")),
    "startup": (
        ("Startup Rota", "Startup Dado", "Startup Mobi", "Startup Trilha", "Startup Ponte",
         "Startup Praça", "Startup Linha", "Startup Fluxo", "Startup Bairro", "Startup Vila"),
        ("Aberta", "Tech", "Lab", "Mapa", "Hub", "Data", "Go", "Urbana", "Cidadã", "Digital")),
    "civil_society_org": (
        ("Instituto", "Associação", "Observatório", "Movimento", "Fundação"),
        ("Cidade Aberta", "Dados e Direitos", "Transparência Paulistana", "Bairro Vivo",
         "Participa Sampa", "Voz da Comunidade", "Cidadania Digital", "Escola Aberta",
         "Contas Públicas", "Orçamento Aberto")),
    "hacker_maker_space": (
        ("Hackerspace", "Garagem Maker", "Casa Hacker", "Oficina Maker", "Ateliê Hacker"),
        ("Leste", "Sul", "Norte", "Oeste", "Centro", "da Vila", "Paulistano", "da Estação")),
    "research_group": (
        ("Grupo de Pesquisa em", "Núcleo de Estudos em", "Laboratório de", "Rede de Pesquisa em"),
        ("Dados Abertos", "Cidades Inteligentes", "Governo Aberto", "Tecnologia Cívica",
         "Mobilidade Urbana", "Educação e Tecnologia", "Software Livre", "Políticas Digitais")),
    "other": (
        ("Rede", "Cooperativa", "Cineclube", "Rádio Comunitária", "Biblioteca Livre", "Ateliê"),
        ("Sampa Livre", "Bairro Conectado", "Ponto de Cultura", "Vizinhança Digital",
         "Rua Aberta", "Praça Viva")),
}
_THEMES = ("educação", "mobilidade urbana", "transparência", "saúde", "cultura",
           "meio ambiente", "moradia", "gênero", "juventude", "empreendedorismo",
           "dados públicos", "segurança alimentar", "acessibilidade", "participação social",
           "economia solidária", "inclusão digital")
_FIRST = ("Ana", "Bruno", "Carla", "Diego", "Eduarda", "Felipe", "Gabriela", "Heitor", "Isabela",
          "João", "Karina", "Lucas", "Mariana", "Nicolas", "Olívia", "Paulo", "Quésia", "Rafael",
          "Sofia", "Thiago", "Úrsula", "Vitória", "Wesley", "Yasmin", "Zeca", "Letícia",
          "Matheus", "Beatriz", "Caio", "Joana")
_LAST = ("Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Ferreira", "Costa",
         "Rodrigues", "Almeida", "Nascimento", "Araújo", "Ribeiro", "Carvalho", "Gomes",
         "Martins", "Rocha", "Barbosa", "Moreira", "Cardoso")
_MAIL_DOMAINS = ("example.org", "example.com", "example.net")

_MAPPERS_2016 = ("Equipe LabProdam", "Equipe MobiLab")
_MAPPERS_MAPPING = ("São Paulo Aberta", "Fórum de Gestão Compartilhada", "Equipe Pátio Digital")
_MAPPERS_LATER = ("Autocadastro", "Equipe Pátio Digital", "Equipe MobiLab")

# --------------------------------------------------------------------------------------------
# The projects

# Titles by lead space; a title drawn twice becomes a new edition ("– edição 2").
_PROJECT_TITLES: dict[str, tuple[str, ...]] = {
    "labprodam": ("Hackathon do Orçamento Aberto", "Catálogo de APIs da Prefeitura",
                  "Portal de Dados Abertos: Servidores", "Mapa da Zeladoria Urbana"),
    "mobilab": ("Ônibus em Tempo Real", "Dados Abertos de Trânsito", "Mapa Colaborativo de "
                "Ciclovias", "API Aberta de Pontos de Ônibus", "Calçadas Acessíveis",
                "Painel da Zona Azul"),
    "patio-digital": ("Merenda Aberta", "Mapatona do Transporte Escolar",
                      "Café Hacker de Compras Públicas", "Consulta Virtual sobre Uniformes",
                      "Consulta Virtual sobre a Merenda", "Desafio Aberto de Vagas em Creches",
                      "Painel de Obras nas Escolas", "Educação Aberta: Dados das Escolas",
                      "Orgânicos na Merenda"),
    "fablab-cidade-tiradentes": ("Sensor Cidadão de Qualidade do Ar", "Horta Conectada",
                                 "Alerta Livre de Enchentes"),
    "fablab-campo-limpo": ("Sensor Cidadão de Ruído", "Energia Solar na Laje",
                           "Horta Conectada do Campo Limpo"),
    "teia-mooca": ("Incubação Aberta", "Rede de Coworking Solidário", "Moda Livre da Mooca"),
    "residencia-maker": ("Tecnologia Assistiva nas UBS", "Próteses Livres",
                         "Agenda Aberta da Saúde da Família"),
}
_PROJECT_LEAD = {"labprodam": 0.06, "mobilab": 0.22, "patio-digital": 0.5,
                 "fablab-cidade-tiradentes": 0.07, "fablab-campo-limpo": 0.05, "teia-mooca": 0.03,
                 "residencia-maker": 0.07}
_LICENCES = {"AGPL-3.0-only": 0.2, "GPL-3.0-or-later": 0.15, "MIT": 0.2, "Apache-2.0": 0.08,
             "CC-BY-4.0": 0.12, "ODbL-1.0": 0.05, "": 0.2}
_CODE_LICENCES = ("AGPL-3.0-only", "GPL-3.0-or-later", "MIT", "Apache-2.0")


def draw_tables(scale: float, seed: int) -> dict[str, pd.DataFrame]:
    """Draw the four clean tables (see :func:`labmetrics.sample.generate.generate_sample`)."""
    check_scale_and_seed(scale, seed)
    # "listing" last: adding it left the streams of the four tables as they were.
    rng = {part: np.random.default_rng([seed, i]) for i, part in enumerate(
        ("spaces", "groups", "usage", "projects", "listing"))}
    districts = geo.load_districts()
    calendar = pd.date_range(START, END, freq="D")
    spaces = _make_spaces(districts, rng["spaces"])
    weights = _space_day_weights(calendar)
    n_groups = max(12, round(GROUPS_PER_SCALE * scale))
    groups, ties = _make_groups(n_groups, spaces, districts, rng["groups"], rng["listing"])
    usage = _make_usage(max(100, round(USAGE_PER_SCALE * scale)), weights, ties, groups,
                        rng["usage"])
    projects = _make_projects(max(3, round(PROJECTS_PER_SCALE * scale)), weights, ties, groups,
                              rng["projects"])
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


def _make_spaces(districts: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    codes = _district_codes([s.district for s in SPACES], districts)
    lon, lat = _points_in(codes, districts, rng)
    return pd.DataFrame({
        "space_id": pd.array([s.space_id for s in SPACES], dtype="string"),
        "name": pd.array([s.name for s in SPACES], dtype="string"),
        "host": pd.array([s.host for s in SPACES], dtype="string"),
        "kind": pd.array([s.kind for s in SPACES], dtype="string"),
        "district": pd.array([s.district for s in SPACES], dtype="string"),
        "latitude": lat,
        "longitude": lon,
        "seats": pd.array([s.seats for s in SPACES], dtype="Int64"),
        "formats": [[f for f in FORMATS if f in s.formats] for s in SPACES],
        "opened_on": pd.to_datetime([s.opened_on for s in SPACES]).astype("datetime64[ns]"),
        "closed_on": pd.to_datetime([s.closed_on for s in SPACES]).astype("datetime64[ns]"),
    })


def _space_day_weights(calendar: pd.DatetimeIndex) -> np.ndarray:
    """Expected uses per space (rows) and day (columns), up to a common factor."""
    day = np.arange(len(calendar))
    month = calendar.month.to_numpy()
    dow = calendar.day_of_week.to_numpy()
    # School holidays in January and July, Carnival, and the year-end recess.
    season = np.array([0.5, 0.85, 1, 1, 1, 1, 0.75, 1, 1, 1, 1, 0.7])[month - 1]
    recess = ((month == 12) & (calendar.day >= 24)) | ((month == 1) & (calendar.day == 1))
    season = np.where(recess, 0.0, season)
    weights = np.zeros((len(SPACES), len(calendar)))
    for i, space in enumerate(SPACES):
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


def _make_groups(n: int, spaces: pd.DataFrame, districts: pd.DataFrame,
                 rng: np.random.Generator, listing: np.random.Generator
                 ) -> tuple[pd.DataFrame, _Ties]:
    groups = draw_groups(n, districts, rng)
    order = np.lexsort((rng.random(n), groups["_day"].to_numpy()))
    groups = groups.iloc[order].reset_index(drop=True)
    groups.insert(0, "group_id", pd.array(make_ids("G", np.arange(1, n + 1), n), dtype="string"))
    ties = _tie_groups(groups, spaces, rng)
    joined = ties.partner.any(axis=1)
    join_day = np.full(n, -1)
    base = np.maximum(groups["_day"].to_numpy(), (FORUM_HEARING - START).days)
    # The IRM found no public network by the end of 2017: partners join slowly after the
    # hearing, most of them in 2018.
    join_day[joined] = base[joined] + 60 + rng.exponential(300, joined.sum()).astype(int)
    late = join_day > N_DAYS - 10
    join_day[late] = -1
    partner = ties.partner & ~late[:, None]
    opened = days_of([s.opened_on for s in SPACES])
    partner &= opened[None, :] <= np.maximum(join_day, 0)[:, None]
    has_partner = partner.any(axis=1)
    join_day[~has_partner] = -1
    ids = [s.space_id for s in SPACES]
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


def draw_groups(n: int, districts: pd.DataFrame, rng: np.random.Generator,
                taken: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Draw ``n`` invented groups: kind, name, place, contacts, mapping date and status.

    The result has no ``group_id`` and no network columns yet; ``_day`` is the mapping day
    (0 = 2016-01-01). Names are unique and avoid ``taken``.
    """
    kinds = np.array(GROUP_KINDS)[rng.choice(len(GROUP_KINDS), n,
                                             p=_norm([_KIND_SHARE[k] for k in GROUP_KINDS]))]
    code = np.zeros(n, dtype=int)
    region_of = districts["region"].to_numpy()
    base = np.array([_REGION_WEIGHT[r] for r in region_of])
    names = districts["district_name"].to_numpy()
    base = base * np.where(np.isin(names, _FAR), 0.3, 1.0)
    base = base * np.where(np.isin(names, _CENTRE_WEST), 1.8, 1.0)
    regions = list(geo.regions())
    for kind in GROUP_KINDS:
        rows = np.flatnonzero(kinds == kind)
        affinity = np.array([_KIND_REGION[kind][regions.index(r)] for r in region_of])
        pick = rng.choice(len(districts), len(rows), p=_norm(base * affinity))
        code[rows] = districts["district_code"].to_numpy()[pick]
    lon, lat = _points_in(code, districts, rng)
    district = districts.set_index("district_code").loc[code, "district_name"].to_numpy()
    day, mapped_by = _mapping_days(n, rng)
    no_point = rng.random(n) < 0.08
    no_district = ~no_point & (rng.random(n) < 0.04)
    first = np.array(_FIRST)[rng.integers(len(_FIRST), size=n)]
    last = np.array(_LAST)[rng.integers(len(_LAST), size=n)]
    name = _group_names(kinds, day, rng, taken)
    slug = slugs(name)
    site_kind = rng.random(n)
    website = np.where(site_kind < 0.5, "https://" + slug + ".example.org",
                       np.where(site_kind < 0.65, "https://social.example.com/" + slug, None))
    email = (slugs(first) + "." + slugs(last) + "@"
             + np.array(_MAIL_DOMAINS)[rng.integers(3, size=n)])
    phone = np.char.add(np.char.add("+55 11 9", rng.integers(1000, 10000, n).astype(str)),
                        np.char.add("-", rng.integers(0, 10000, n).astype(str).astype("<U4")))
    phone = np.array([f"{p[:13]}{p[13:].zfill(4)}" for p in phone.tolist()])
    return pd.DataFrame({
        "name": pd.array(name, dtype="string"),
        "kind": pd.array(kinds, dtype="string"),
        "open_tech": _open_tech(kinds, rng),
        "themes": _themes(n, rng),
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
        "status": pd.array(np.where(rng.random(n) < 0.15, "inactive", "active"),
                           dtype="string"),
        "_day": day,
        "_lon": lon,
        "_lat": lat,
    })


def _mapping_days(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Mapping days: most in the collaborative mapping of the first half of 2017."""
    period = rng.choice(4, n, p=[0.08, 0.62, 0.18, 0.12])
    day0 = days_of(["2016-02-01", "2017-01-16", "2017-07-01", "2018-01-08"])
    day1 = days_of(["2016-12-15", "2017-06-30", "2017-12-20", "2018-12-14"])
    # The mapping peaked in March–May 2017: a triangular draw centred on mid-April.
    peak = days_of(["2017-04-15"])[0]
    day = np.where(
        period == 1,
        rng.triangular(day0[1], peak, day1[1] + 1, n),
        rng.uniform(day0[period], day1[period] + 1),
    ).astype(int)
    patio_open = days_of(["2017-04-20"])[0]
    who = rng.random(n)
    mapped_by = np.select(
        [period == 0, period == 1],
        [np.array(_MAPPERS_2016)[(who < 0.5).astype(int)],
         np.array(_MAPPERS_MAPPING)[np.digitize(who, [0.6, 0.9])]],
        np.array(_MAPPERS_LATER)[np.digitize(who, [0.5, 0.85])],
    )
    early_patio = (mapped_by == "Equipe Pátio Digital") & (day < patio_open)
    mapped_by = np.where(early_patio, "São Paulo Aberta", mapped_by)
    return day, mapped_by


def _group_names(kinds: np.ndarray, day: np.ndarray, rng: np.random.Generator,
                 taken: frozenset[str]) -> np.ndarray:
    name = np.empty(len(kinds), dtype=object)
    for kind in GROUP_KINDS:
        rows = np.flatnonzero(kinds == kind)
        heads, tails = _NAME_PARTS[kind]
        joiner = "" if kind == "startup" else " "
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


def _open_tech(kinds: np.ndarray, rng: np.random.Generator) -> list[list[str]]:
    prob = np.array([_KIND_TECH[k] for k in kinds])
    has = rng.random(prob.shape) < prob
    main = prob.argmax(axis=1)
    has[np.arange(len(kinds)), main] |= ~has.any(axis=1)
    return [[OPEN_TECH[j] for j in np.flatnonzero(row)] for row in has]


def _themes(n: int, rng: np.random.Generator) -> list[list[str]]:
    order = rng.random((n, len(_THEMES))).argsort(axis=1)
    count = rng.choice([1, 2, 3], n, p=[0.35, 0.4, 0.25])
    return [[_THEMES[j] for j in sorted(row[:c])] for row, c in zip(order, count, strict=True)]


def _tie_groups(groups: pd.DataFrame, spaces: pd.DataFrame, rng: np.random.Generator) -> _Ties:
    """Decide which spaces each group uses (some several: the bridges) and partners."""
    n = len(groups)
    kinds = groups["kind"].to_numpy(dtype=object)
    day = groups["_day"].to_numpy()
    affinity = np.array([_KIND_SPACE[k] for k in kinds])
    # Nearby spaces are used more: km from the group to each space.
    dy = (groups["_lat"].to_numpy()[:, None] - spaces["latitude"].to_numpy()[None, :]) * 111.0
    dx = (groups["_lon"].to_numpy()[:, None] - spaces["longitude"].to_numpy()[None, :]) * 102.0
    near = 0.3 + np.exp(-np.hypot(dx, dy) / 10.0)
    opened, closed = days_of([s.opened_on for s in SPACES]), days_of([s.closed_on for s in SPACES])
    # Some groups used a space before anyone mapped them (MobiLab's startups of 2016).
    early = rng.random(n) < 0.2
    active_from = np.where(early, np.maximum(day - rng.integers(30, 300, n), 0), day)
    usable = (closed[None, :] > active_from[:, None] + 30) & (opened[None, :] < N_DAYS - 30)
    choice = affinity * near * usable
    user = rng.random(n) < np.array([_KIND_USES[k] for k in kinds])
    weight = np.zeros((n, len(SPACES)))
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
                                   rng.integers((pd.Timestamp("2017-06-01") - START).days,
                                                N_DAYS, n)), N_DAYS)
    # Network partners: mostly groups that use the spaces, partners of the spaces they use.
    joins = rng.random(n) < np.where(user, 0.4, 0.08)
    partner_prob = np.array([_PARTNER_OF[s.space_id] for s in SPACES])
    partner = joins[:, None] & (weight > 0) & (rng.random(weight.shape) < partner_prob)
    lone = joins & ~partner.any(axis=1)
    patio = _SPACE_INDEX["patio-digital"]
    to_patio = rng.random(n) < 0.7
    partner[lone & to_patio, patio] = True
    partner[lone & ~to_patio, _SPACE_INDEX["mobilab"]] = True
    return _Ties(weight, active_from, last_day, partner)


def _make_usage(n: int, weights: np.ndarray, ties: _Ties, groups: pd.DataFrame,
                rng: np.random.Generator) -> pd.DataFrame:
    counts = rng.multinomial(n, (weights / weights.sum()).ravel())
    cell = np.repeat(np.arange(counts.size), counts)
    space, day = np.divmod(cell, weights.shape[1])
    group = np.full(n, -1)
    fmt = np.empty(n, dtype=object)
    for s, spec in enumerate(SPACES):
        rows = np.flatnonzero(space == s)
        names = list(spec.formats)
        fmt[rows] = np.array(names, dtype=object)[
            rng.choice(len(names), len(rows), p=_norm(list(spec.formats.values())))]
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
        fallback = next(f for f in ("event", "training", "open_challenge") if f in spec.formats)
        fmt[rows[orphan]] = fallback
    hours, people = _hours_and_people(fmt, space, rng)
    order = np.lexsort((space, day))
    ids = groups["group_id"].to_numpy(dtype=object)
    group_id = np.where(group >= 0, ids[np.maximum(group, 0)], None)
    space_ids = np.array([s.space_id for s in SPACES], dtype=object)
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


def _hours_and_people(fmt: np.ndarray, space: np.ndarray, rng: np.random.Generator
                      ) -> tuple[np.ndarray, np.ndarray]:
    hours = np.zeros(len(fmt))
    people = np.zeros(len(fmt), dtype=int)
    crowd = np.array([s.crowd for s in SPACES])[space]
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


def _make_projects(n: int, weights: np.ndarray, ties: _Ties, groups: pd.DataFrame,
                   rng: np.random.Generator) -> pd.DataFrame:
    lead_ids = list(_PROJECT_LEAD)
    lead = np.array([_SPACE_INDEX[s] for s in lead_ids])[
        rng.choice(len(lead_ids), n, p=_norm(list(_PROJECT_LEAD.values())))]
    start = np.zeros(n, dtype=int)
    last_start = N_DAYS - 31
    for s in np.unique(lead):
        rows = np.flatnonzero(lead == s)
        w = weights[s, :last_start]
        start[rows] = rng.choice(last_start, len(rows), p=w / w.sum())
    order = np.lexsort((lead, start))
    lead, start = lead[order], start[order]
    status, end = _project_status(lead, start, rng)
    second = _second_space(lead, start, weights, rng)
    partners = _project_partners(lead, start, ties, groups, rng)
    aims = rng.random((n, len(AIMS))) < np.array([0.6, 0.55, 0.2])
    aims[np.arange(n), rng.integers(2, size=n)] |= ~aims.any(axis=1)
    licence = np.array(list(_LICENCES), dtype=object)[
        rng.choice(len(_LICENCES), n, p=_norm(list(_LICENCES.values())))]
    titles = _project_titles(lead, rng)
    has_repo = np.isin(licence, _CODE_LICENCES) & (rng.random(n) < 0.85)
    space_ids = np.array([s.space_id for s in SPACES], dtype=object)
    repo = np.where(has_repo, "https://git.example.org/" + space_ids[lead].astype(str) + "/"
                    + slugs(titles), None)
    on_patio = lead == _SPACE_INDEX["patio-digital"]
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
        "open_data_used": pd.array(rng.random(n) < np.where(on_patio, 0.85, 0.6),
                                   dtype="boolean"),
        "open_data_published": pd.array(rng.random(n) < 0.4, dtype="boolean"),
        "repository_url": pd.array(repo, dtype="string"),
        "participants_reached": pd.array(
            np.where(status == "proposed", None, reached.astype(int)), dtype="Int64"),
    })


def _project_status(lead: np.ndarray, start: np.ndarray, rng: np.random.Generator
                    ) -> tuple[np.ndarray, np.ndarray]:
    n = len(lead)
    u = rng.random(n)
    # LabProdam's projects mostly stopped with the leadership changes of early 2017.
    stop = np.where(lead == _SPACE_INDEX["labprodam"], 0.6, 0.2)
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


def _second_space(lead: np.ndarray, start: np.ndarray, weights: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """A second space for one project in five, open on the start day (-1 for none)."""
    n = len(lead)
    active = (weights[:, start] > 0).T.astype(float)
    prefer = np.array([0.3, 3.0, 3.0, 1.0, 1.0, 0.5, 1.0])
    choice = active * prefer
    choice[np.arange(n), lead] = 0.0
    total = choice.sum(axis=1)
    pick = (choice.cumsum(axis=1) < (rng.random(n) * total)[:, None]).sum(axis=1)
    return np.where((rng.random(n) < 0.2) & (total > 0), pick, -1)


def _project_partners(lead: np.ndarray, start: np.ndarray, ties: _Ties, groups: pd.DataFrame,
                      rng: np.random.Generator) -> list[list[str]]:
    """Partner groups: users and network partners of the lead space, active by the start."""
    n = len(lead)
    wanted = rng.choice([0, 1, 2, 3, 4, 5], n, p=[0.1, 0.35, 0.3, 0.15, 0.06, 0.04])
    # Before the commitment was reworded (June 2017) the spaces ran their projects on their
    # own; after it, Pátio Digital still runs many of its own, not tied to the commitment.
    own = np.where(start < (FORUM_HEARING - START).days, 0.9,
                   np.where(lead == _SPACE_INDEX["patio-digital"], 0.6, 0.1))
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


def _project_titles(lead: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    titles = np.empty(len(lead), dtype=object)
    for s in np.unique(lead):
        rows = np.flatnonzero(lead == s)
        choices = np.array(_PROJECT_TITLES[SPACES[s].space_id], dtype=object)
        titles[rows] = choices[rng.integers(len(choices), size=len(rows))]
    series = pd.Series(titles, dtype=object)
    rank = series.groupby(series).cumcount()
    return series.where(rank == 0, series + " – edição " + (rank + 1).astype(str)).to_numpy()


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


