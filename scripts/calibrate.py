#!/usr/bin/env python3
"""How close mlsal's ranges are to real pay: the guide's "How close to real pay" tables.

usage: python3 scripts/calibrate.py [--source-dir DIR] [--mlsal PATH]        print the tables
       python3 scripts/calibrate.py --write [FILE ...] [--source-dir DIR] ...  write them into the pages
       python3 scripts/calibrate.py --check [FILE ...] [--source-dir DIR] ...  fail if a page differs

The pages (FILE ..., default README.md and docs/GUIDE.md) hold the output between markers, each
block filled from the same run: `<!-- calibrate.py: begin -->` ... `<!-- calibrate.py: end -->`
holds all three tables with their labels (docs/GUIDE.md), and `<!-- calibrate.py: summary
begin -->` ... `<!-- calibrate.py: summary end -->` only the second table, the test (README.md).
A page must hold at least one of the two blocks. `--readme` is an old name of `--write`.

Three tables, and which of them can fail is the point:

1. In sample (cannot fail). For each survey cell of work year 2024 (the cells data/market.toml
   holds: title group x company country x level, n >= 30, the survey's filters as
   scripts/market.py applies them), and for both band sets (--bands article and --bands market),
   it asks the built mlsal binary for the range it prints for the matching profile, and counts
   the cell's salaries:

     inside  the share of salaries from the range's low to its high, both included (for senior,
             whose top is open, "$200,000+", the printed high still counts as the top)
     above   the share above the high (the rest are below the low)
     x mid   the median of salary / the range's mid

   The matching profile: --level is the cell's level (mlsal has no executive level, so executive
   cells are left out); --city is the country's location key (`us` for the US, else the first
   key mlsal lists in that country); --specialization is the title group's own key if mlsal has
   one (research, ai-engineer), else the neutral one; every other factor neutral. The ranges
   come from one `mlsal batch` run per band set, so the numbers are the program's own.

   The last column says what of the market band this same survey supplied. `bands` is measured,
   not assumed: the market band's low, mid and high are the cell's own p25, median and p75 times
   one common figure (within the $1,000 rounding), so its shares are fixed by construction.
   Otherwise it names the factors that are ratios of this survey's medians (the CA and GB
   location factors, the research and AI-engineer multipliers). The survey rows are read by
   scripts/market.py's own reader (same file, same filters, a response counted once: rows
   identical in every column are one); `n` is distinct responses, `rows` the rows with copies.

2. The test (can fail): out of sample. Market bands built by the same rule from the 2023
   distinct responses alone (p25, median, p75 of the US ML-engineer cell of each level, moved to
   2024 pay by data/wages.toml's 2024 change), scored on the 2024 responses: no 2024 salary
   went into them. Both sides are on the survey's own footing (the US survey premium is left
   out of both), so the test is of the rule, not the premium. Beside each share, what a perfect
   rule scores at these sample sizes, by resampling: the level's 2024 distinct responses are
   taken as the whole population; a band is built by the same rule (p25 to p75) from n_2023 of
   them drawn with replacement, and scored on n_2024 drawn with replacement; RESAMPLES times,
   with Python's `random` seeded with SEED, so the output is reproducible. Printed: the median
   and the 5th-95th percentile (a 90% interval) of the draws' shares, and whether the 2023
   rule's share lies inside that interval.

3. Consistency check (cannot fail, not evidence): BLS. For the US and the 15 metros with the
   most software developers (the largest `tot_emp` of 15-1252 in oews-metros-may2025.csv,
   computed here, never typed), mlsal's mid-level mid under both band sets beside the BLS
   software-developer median and p75 of that area, and a count over all 50 metros of that file.
   A market mid is a survey figure divided by the US survey premium (made of BLS national
   medians) times the metro's location factor (made of BLS metro medians), so mid / BLS p50
   returns the ratios it was made of: the `from ratios` column is the US row's mid / p50 x the
   metro's factor / the metro's software-developer ratio (BLS metro median / BLS US median),
   which the mid / p50 column repeats, whatever the survey says.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import market  # noqa: E402  (scripts/market.py: the survey reader and its filters)

ROOT = market.ROOT
YEAR = 2024
TRAIN_YEAR = 2023  # the out-of-sample bands are built from this year's responses alone
RESAMPLES = 2000  # draws of the perfect rule
SEED = 23  # issue 23; any fixed seed makes the output reproducible
BLS_RELEASE = "May 2025"
BLS_YEAR = 2025  # the pay year BLS_RELEASE's wages are of: the mids set beside them are priced in it
SD = "15-1252"  # BLS software developers
NATIONAL = "99"
LARGEST = 15  # metros in the consistency check's table
BAND_SETS = ("article", "market")
LEVELS = ("entry", "mid", "senior")  # mlsal's levels; the survey's executive has no match
BEGIN = "<!-- calibrate.py: begin -->"
END = "<!-- calibrate.py: end -->"
SUMMARY_BEGIN = "<!-- calibrate.py: summary begin -->"  # the second table alone (the README's)
SUMMARY_END = "<!-- calibrate.py: summary end -->"
PAGES = ("README.md", "docs/GUIDE.md")  # the pages --write and --check read by default
# A clean environment for mlsal: no user data directory, as the docs test runs it.
ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "MLSAL_DATA")}
ENV.update(HOME="/nonexistent-mlsal-home", XDG_CONFIG_HOME="/nonexistent-mlsal-home")


def find_mlsal(arg: str | None) -> str:
    if arg:
        return arg
    # The newer of the two builds: a stale release binary must not stand in for the tree's.
    built = [p for p in (ROOT / "target" / b / "mlsal" for b in ("release", "debug")) if p.is_file()]
    if built:
        return str(max(built, key=lambda p: p.stat().st_mtime))
    raise market.Fail("no mlsal binary: run `cargo build` first, or pass --mlsal PATH")


def run(mlsal: str, args: list[str], stdin: str | None = None) -> str:
    r = subprocess.run([mlsal, *args], input=stdin, capture_output=True, text=True, env=ENV)
    if r.returncode != 0:
        raise market.Fail(f"`mlsal {' '.join(args)}` failed: {r.stderr.strip()}")
    return r.stdout


def locations(mlsal: str) -> list[dict]:
    return json.loads(run(mlsal, ["list", "location", "--format", "json"]))


def profiles(mlsal: str, cells: list[tuple[str, str, str]]) -> dict:
    """The mlsal profile (level, city, specialization) of each (group, country, level)."""
    entries = locations(mlsal)
    specs = json.loads(run(mlsal, ["list", "specialization", "--format", "json"]))
    city = {}
    for e in entries:  # the default (us) first, then the table's order
        if e.get("default"):
            city.setdefault(e["country"], e["key"])
    for e in entries:
        city.setdefault(e["country"], e["key"])
    neutral = next(e["key"] for e in specs if e.get("default"))
    spec_keys = {e["key"] for e in specs}
    out = {}
    for group, country, level in cells:
        if country not in city:
            continue
        spec = group if group in spec_keys else neutral
        out[(group, country, level)] = (level, city[country], spec)
    return out


def ranges(mlsal: str, wanted: dict, bands: str, year: int) -> dict:
    """mlsal's (low, mid, high) for each profile, from one batch run, as pay of `year` (the year
    of the figures it is set beside: a survey year meets its own year)."""
    keys = list(wanted)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["level", "city", "specialization"])
    w.writerows(wanted[k] for k in keys)
    out = run(mlsal, ["batch", "--bands", bands, "--as-of", str(year), "--format", "jsonl"], stdin=buf.getvalue())
    rows = [json.loads(line) for line in out.splitlines()]
    if len(rows) != len(keys):
        raise market.Fail(f"mlsal batch gave {len(rows)} rows for {len(keys)} profiles")
    for k, r in zip(keys, rows):
        if r.get("error") or r.get("currency") != "USD":
            raise market.Fail(f"mlsal batch could not price {wanted[k]}: {r}")
    return {k: (r["low"], r["mid"], r["high"]) for k, r in zip(keys, rows)}


def measure(xs: list[int], low: float, mid: float, high: float) -> tuple[float, float, float]:
    inside = sum(low <= x <= high for x in xs) / len(xs)
    above = sum(x > high for x in xs) / len(xs)
    return inside, above, statistics.median(x / mid for x in xs)


def pct(x: float) -> str:
    return f"{round(x * 100)}%"


def band_is_cell(band: tuple[int, int, int], xs: list[int]) -> bool:
    """Whether a band is the cell's own p25, median and p75 times one common figure, within the
    $1,000 rounding of the band's ends: then the cell cannot fail against it."""
    xs = sorted(xs)
    quartiles = [market.percentile(xs, p) for p in (25, 50, 75)]
    scales = [b / q for b, q in zip(band, quartiles)]
    slack = max(500 / q for q in quartiles) * 2
    return max(scales) - min(scales) <= slack * max(scales)


def in_sample(group: str, country: str, band_from_cell: bool) -> str:
    """What of the market band's pricing this survey itself supplied."""
    if band_from_cell:
        return "bands"
    parts = []
    if country != "US":
        parts.append("location")
    if group != "ml-engineer":
        parts.append("specialization")
    return ", ".join(parts) or "none"


def main_table(raw: dict, rows_of: dict, mlsal: str) -> str:
    cells, _ = market.survey_cells(raw, rows_of)
    year_cells = [(c["title_group"], c["country"], c["level"]) for c in cells
                  if c["year"] == str(YEAR) and c["level"] in LEVELS]
    wanted = profiles(mlsal, year_cells)
    got = {b: ranges(mlsal, wanted, b, YEAR) for b in BAND_SETS}
    from_cell = {k: band_is_cell(got["market"][k], raw[(*k, YEAR)]) for k in wanted}
    head = ["title group", "country", "level", "n", "rows", "mlsal profile"]
    for b in BAND_SETS:
        head += [f"{b}: inside", f"{b}: above", f"{b}: x mid"]
    head.append("in-sample (market)")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    # All US ML engineers together first: the headline figure.
    us = [k for k in wanted if k[0] == "ml-engineer" and k[1] == "US"]
    groups = [("all US ML engineers", us)] + [(None, [k]) for k in wanted]
    for name, keys in groups:
        if not keys:
            continue
        xs = {k: raw[(*k, YEAR)] for k in keys}
        n = sum(len(v) for v in xs.values())
        rows = sum(rows_of[(*k, YEAR)] for k in keys)
        group, country = keys[0][0], keys[0][1]
        if name:
            row = ["ml-engineer", "US", "entry-senior", f"{n:,}", f"{rows:,}", "`--city us`, each level"]
        else:
            (group, country, level), = keys
            lv, city, spec = wanted[keys[0]]
            profile = f"--level {lv} --city {city}" + (f" -s {spec}" if spec != "general" else "")
            row = [group, country, level, f"{n:,}", f"{rows:,}", f"`{profile}`"]
        for b in BAND_SETS:
            salaries, ratios, inside, above = 0, [], 0.0, 0.0
            for k, v in xs.items():
                low, mid, high = got[b][k]
                i, a, _ = measure(v, low, mid, high)
                inside += i * len(v)
                above += a * len(v)
                ratios += [x / mid for x in v]
                salaries += len(v)
            row += [pct(inside / salaries), pct(above / salaries), f"{statistics.median(ratios):.2f}"]
        row.append(in_sample(group, country, all(from_cell[k] for k in keys)))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def wage_growth(year_from: int, year_to: int) -> float:
    """data/wages.toml's rule: compound every year's change after `year_from` up to `year_to`,
    rounded to 3 decimals."""
    import tomllib
    with (ROOT / "data" / "wages.toml").open("rb") as f:
        entries = {e["year"]: e["change_pct"] for e in tomllib.load(f)["entry"]}
    factor = 1.0
    for y in range(year_from + 1, year_to + 1):
        factor *= 1 + entries[y] / 100
    return round(factor, 3)


def perfect_rule(levels: list[tuple[str, list[int], int]]) -> dict:
    """What a rule that knows the 2024 distribution scores at these sample sizes: for each level
    (name, its 2024 responses as the population, n_2023), a band from n_2023 draws (p25 to p75,
    the same rule), scored on len(population) draws, RESAMPLES times. Returns the shares of every
    draw, by level and over the levels together ("all")."""
    rng = random.Random(SEED)
    shares = {name: {"inside": [], "above": []} for name, _, _ in levels}
    shares["all"] = {"inside": [], "above": []}
    for _ in range(RESAMPLES):
        total_n = total_in = total_above = 0
        for name, population, n_train in levels:
            train = sorted(rng.choices(population, k=n_train))
            low, high = market.percentile(train, 25), market.percentile(train, 75)
            test = rng.choices(population, k=len(population))
            inside = sum(low <= x <= high for x in test)
            above = sum(x > high for x in test)
            shares[name]["inside"].append(inside / len(test))
            shares[name]["above"].append(above / len(test))
            total_n += len(test)
            total_in += inside
            total_above += above
        shares["all"]["inside"].append(total_in / total_n)
        shares["all"]["above"].append(total_above / total_n)
    return shares


def spread(draws: list[float]) -> tuple[float, float, float]:
    """The median and the 5th and 95th percentiles of the draws."""
    cuts = statistics.quantiles(draws, n=20, method="inclusive")
    return statistics.median(draws), cuts[0], cuts[-1]


def pct1(x: float) -> str:
    return f"{x * 100:.1f}%"


def beside(observed: float, draws: list[float]) -> tuple[str, str]:
    """'49.5% (44.4–54.6%)' for the draws, and where `observed` lies against that 90% interval:
    '' inside it, else 'below' or 'above'."""
    med, lo, hi = spread(draws)
    where = "below" if observed < lo else "above" if observed > hi else ""
    return f"{pct1(med)} ({lo * 100:.1f}–{pct1(hi)})", where


def verdict(inside: str, above: str) -> str:
    """Whether both shares lie within a perfect rule's 90% interval, and if not, which way."""
    missed = [f"{what} {where} it" for what, where in (("inside", inside), ("above", above)) if where]
    return "**no**: " + ", ".join(missed) if missed else "yes"


def out_of_sample(raw: dict) -> str:
    wage = wage_growth(TRAIN_YEAR, YEAR)
    head = ["level", f"{TRAIN_YEAR} n (bands)", f"{YEAR} n (scored)", f"band ({TRAIN_YEAR} rule, {YEAR} pay)",
            "inside", "perfect rule: inside", "above", "perfect rule: above", "within a perfect rule's 90%",
            "x mid"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    blank = " |" * (len(head) - 4)
    scored = []  # (level, train, test, low, mid, high)
    for level in LEVELS:
        train = sorted(raw.get(("ml-engineer", "US", level, TRAIN_YEAR), []))
        test = raw.get(("ml-engineer", "US", level, YEAR), [])
        if len(train) < market.MIN_N or len(test) < market.MIN_N:
            lines.append(f"| {level} | {len(train):,} | {len(test):,} | fewer than {market.MIN_N} "
                         f"distinct responses: not scored |{blank}")
            continue
        low, mid, high = (round(market.percentile(train, p) * wage) for p in (25, 50, 75))
        scored.append((level, train, test, low, mid, high))
    if not scored:
        return "\n".join(lines) + "\n"
    draws = perfect_rule([(level, test, len(train)) for level, train, test, *_ in scored])
    total = {"n": 0, "inside": 0.0, "above": 0.0, "ratios": []}
    for level, train, test, low, mid, high in scored:
        inside, above, xmid = measure(test, low, mid, high)
        total["n"] += len(test)
        total["inside"] += inside * len(test)
        total["above"] += above * len(test)
        total["ratios"] += [x / mid for x in test]
        p_in, in_ok = beside(inside, draws[level]["inside"])
        p_above, above_ok = beside(above, draws[level]["above"])
        lines.append(f"| {level} | {len(train):,} | {len(test):,} | ${low:,} – ${high:,} (mid ${mid:,}) | "
                     f"{pct1(inside)} | {p_in} | {pct1(above)} | {p_above} | {verdict(in_ok, above_ok)} | "
                     f"{xmid:.2f} |")
    n = total["n"]
    inside, above = total["inside"] / n, total["above"] / n
    p_in, in_ok = beside(inside, draws["all"]["inside"])
    p_above, above_ok = beside(above, draws["all"]["above"])
    lines.append(f"| scored levels | | {n:,} | x{wage} wage growth {TRAIN_YEAR} to {YEAR} | {pct1(inside)} | "
                 f"{p_in} | {pct1(above)} | {p_above} | {verdict(in_ok, above_ok)} | "
                 f"{statistics.median(total['ratios']):.2f} |")
    return "\n".join(lines) + "\n"


def bls_percentile(x: float, points: list[int]) -> str:
    """Where `x` falls among BLS's five published percentiles, linear between them."""
    ps = (10, 25, 50, 75, 90)
    if x < points[0]:
        return "below p10"
    if x > points[-1]:
        return "above p90"
    for i in range(4):
        if points[i] <= x <= points[i + 1]:
            t = (x - points[i]) / (points[i + 1] - points[i]) if points[i + 1] > points[i] else 0
            return f"p{round(ps[i] + t * (ps[i + 1] - ps[i]))}"
    return "?"


def software_developers(directory: Path) -> tuple[dict, list[dict]]:
    """BLS software developers of oews-metros-may2025.csv: the national row, and every metro,
    largest employment first (ties by area code)."""
    path = market.need(directory, market.METROS_FILE)
    national, metros = None, []
    for i, r in enumerate(market.read_csv(path, market.BLS_COLUMNS), start=2):
        if r["release"] != BLS_RELEASE or r["occ_code"] != SD:
            continue
        where = f"{path.name} line {i}"
        row = {"area_code": r["area_code"], "area_title": r["area_title"]}
        for col in ("tot_emp", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90"):
            row[col] = None if r[col] == market.NOT_RELEASED else market.integer(r[col], where)
        if r["area_code"] == NATIONAL:
            national = row
        else:
            metros.append(row)
    if national is None or national["a_median"] is None:
        raise market.Fail(f"{path}: no {BLS_RELEASE} national row of software developers ({SD})")
    metros.sort(key=lambda r: (-(r["tot_emp"] or 0), r["area_code"]))
    return national, metros


def bls_check(mlsal: str, directory: Path) -> str:
    national, metros = software_developers(directory)
    entries = locations(mlsal)
    key_of, factor = {NATIONAL: "us"}, {}
    for e in entries:
        factor[e["key"]] = e["multiplier"]
        if e.get("area_code"):
            key_of.setdefault(e["area_code"], e["key"])
    if "us" not in factor:
        raise market.Fail("mlsal lists no `us` location")
    areas = [national] + metros
    wanted = {a["area_code"]: ("mid", key_of[a["area_code"]], "general") for a in areas
              if a["area_code"] in key_of and a["a_median"] is not None and a["a_pct75"] is not None}
    got = {b: ranges(mlsal, wanted, b, BLS_YEAR) for b in BAND_SETS}

    def between(a: dict) -> bool:
        return a["a_median"] <= got["market"][a["area_code"]][1] <= a["a_pct75"]

    us_ratio = got["market"][NATIONAL][1] / national["a_median"]
    head = ["area", "SD employed", "BLS p50", "BLS p75", "market mid", "mid / p50", "from ratios",
            "BLS pct", "p50-p75", "article mid", "BLS pct"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    shown = [national] + metros[:LARGEST]
    for a in shown:
        code = a["area_code"]
        title = "United States" if code == NATIONAL else a["area_title"]
        emp = f"{a['tot_emp']:,}" if a["tot_emp"] is not None else "not released"
        if code not in wanted:
            why = "no location key in mlsal" if code not in key_of else "BLS released no p50/p75"
            lines.append(f"| {title} (area {code}) | {emp} | {why}: not priced |" + " |" * (len(head) - 3))
            continue
        key = key_of[code]
        points = [a[c] for c in ("a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90")]
        m, art = got["market"][code][1], got["article"][code][1]
        sd_ratio = a["a_median"] / national["a_median"]
        made_of = us_ratio * factor[key] / sd_ratio
        lines.append(f"| {title} (`{key}`) | {emp} | {a['a_median']:,} | {a['a_pct75']:,} | {m:,} | "
                     f"{m / a['a_median']:.3f} | {made_of:.3f} | {bls_percentile(m, points)} | "
                     f"{'yes' if between(a) else 'NO'} | {art:,} | {bls_percentile(art, points)} |")
    for name, group in ((f"the US and the {LARGEST} largest", shown), (f"all {len(metros)} metros of the file", metros)):
        lines.append(f"| {count(name, group, wanted, key_of, got['market'])} |" + " |" * (len(head) - 1))
    return "\n".join(lines) + "\n"


def count(name: str, areas: list[dict], wanted: dict, key_of: dict, market_mids: dict) -> str:
    """'**name: k of n between p50 and p75**', then which are not and which were not priced."""
    below = [key_of[a["area_code"]] for a in areas
             if a["area_code"] in wanted and market_mids[a["area_code"]][1] < a["a_median"]]
    above = [key_of[a["area_code"]] for a in areas
             if a["area_code"] in wanted and market_mids[a["area_code"]][1] > a["a_pct75"]]
    unpriced = [a["area_code"] for a in areas if a["area_code"] not in wanted]
    k = len(areas) - len(below) - len(above) - len(unpriced)
    out = f"**{name}: {k} of {len(areas)} between p50 and p75**"
    notes = []
    if below:
        notes.append("below p50: " + ", ".join(f"`{x}`" for x in below))
    if above:
        notes.append("above p75: " + ", ".join(f"`{x}`" for x in above))
    if unpriced:
        notes.append("not priced (no location key or no BLS figure): area " + ", ".join(unpriced))
    return out + (f" ({'; '.join(notes)})" if notes else "")


def ml_over_software_engineers(raw_path: Path) -> tuple[float, int, int]:
    """Inside the survey: the US mid-level ML engineers' median (2024, distinct responses, full
    time, living where the company is) over the software engineers', and the two n."""
    rows, _ = market.distinct(market.read_csv(raw_path, market.SURVEY_COLUMNS))

    def median(title: str) -> tuple[int, int]:
        xs = sorted(int(r["salary_in_usd"]) for _, r in rows
                    if r["job_title"] == title and r["employment_type"] == "FT"
                    and r["company_location"] == "US" and r["employee_residence"] == "US"
                    and r["work_year"] == str(YEAR) and r["experience_level"] == market.LEVELS["mid"])
        if not xs:
            raise market.Fail(f"the survey has no US mid-level {title} of {YEAR}")
        return market.percentile(xs, 50), len(xs)

    (ml, n_ml), (swe, n_swe) = median("Machine Learning Engineer"), median("Software Engineer")
    return ml / swe, n_ml, n_swe


def table(directory: Path, mlsal: str) -> tuple[str, str]:
    """All three tables with their labels, and the second table alone (the same figures)."""
    if not directory.is_dir():
        raise market.Fail(f"{directory} does not exist: it holds the survey and BLS files "
                          f"({market.SURVEY_FILE}, {market.METROS_FILE}); point --source-dir (or "
                          "MLSAL_MARKET_DIR) at the directory that holds them", status=2)
    survey_path = market.need(directory, market.SURVEY_FILE)
    market.need(directory, market.METROS_FILE)
    # Each response as reported, converted to US dollars at the tables' rate (as mlsal ranks and
    # builds a country's own bands), not at the survey's own conversion.
    reported, counts = market.survey(survey_path, reported=True)
    usd, _ = market.survey(survey_path)
    rates = market.rates()

    def dollars(key, xs):
        # A currency the tables have no rate for is in no cell mlsal keeps: the survey's own
        # conversion stands in, so every group of responses is still counted.
        if all(cur in rates for _, cur in xs):
            return [market.in_currency(x, cur, "USD", f"cell {key}") for x, cur in xs]
        return usd[key]

    raw = {key: dollars(key, xs) for key, xs in reported.items()}
    rows_of = counts["cell_rows"]
    ml_over_swe, n_ml, n_swe = ml_over_software_engineers(survey_path)
    test = out_of_sample(raw)
    return (
        "**1. In sample: its market columns cannot fail.** Every 2024 survey cell against the range "
        "mlsal prints for its profile. Each market band is made, in part, of this same survey (last "
        "column): where it says `bands`, the band is the cell's own p25, median and p75 times one "
        "figure (measured here, not assumed), so its inside share and x mid are fixed by construction; "
        "where it names a factor, that factor is a ratio of this survey's medians, so the row is fitted, "
        "in part, to the salaries it is scored on. The article's bands are not made of the survey (only "
        "the factors the last column names are), so the article columns compare the article with the "
        "survey; they do not test the market bands.\n\n"
        + main_table(raw, rows_of, mlsal)
        + f"\n**2. The test, which can fail: out of sample.** Market bands built by the same rule from "
        f"the {TRAIN_YEAR} responses alone, scored on {YEAR}'s (US ML engineers, survey footing, "
        f"`--city us`); no {YEAR} salary went into them. Beside each share, what a perfect rule "
        f"scores at these sample sizes: the level's {YEAR} responses taken as the whole population, "
        f"a band built by the same rule from as many draws as {TRAIN_YEAR} has responses and scored on "
        f"as many draws as {YEAR} has (with replacement), {RESAMPLES:,} times (Python's `random`, seed "
        f"{SEED}): the median, and in brackets the 5th to 95th percentile of the draws; the next column "
        f"says whether the {TRAIN_YEAR} rule's shares lie within those 90% intervals.\n\n"
        + test
        + f"\n**3. A consistency check, not evidence: BLS.** mlsal's mid-level mid (`--level mid`, every "
        f"other factor neutral, priced as {BLS_YEAR} pay, `--as-of {BLS_YEAR}`, the year of the BLS wages it is set beside) beside BLS software developers (SD, OEWS {BLS_RELEASE}) of the US and "
        f"the {LARGEST} metros with the most of them (the largest BLS employment, `tot_emp` of {SD} in "
        f"{market.METROS_FILE}), and a count over all the file's metros. It cannot fail as a test of the survey: a market mid "
        f"is a survey median divided by the US survey premium (survey medians over BLS national "
        f"medians) times the location factor (BLS metro medians over BLS national medians), so mid / "
        f"BLS p50 returns the ratios it was made of, whatever the survey says. `from ratios` is the US "
        f"row's mid / p50 x the metro's factor / its SD ratio (its BLS median over the US's): it equals "
        f"mid / p50 up to the $1,000 rounding of the mids. The US row's own mid / p50 is ratios too: "
        f"the survey's ML-engineer median over its software engineers' ({ml_over_swe:.3f}; US, mid "
        f"level, {YEAR}, n = {n_ml:,} and {n_swe:,}) times its software engineers' median over BLS's, "
        f"over the premium. It tests that the pieces fit together, not that the survey is right.\n\n"
        + bls_check(mlsal, directory)), test


def fill(page: str, begin: str, end: str, text: str, name: str) -> str:
    """The page with the block between `begin` and `end` holding `text`; unchanged without it."""
    start = page.find(begin)
    if start < 0:
        return page
    stop = page.find(end, start)
    if stop < 0:
        raise market.Fail(f"{name} has {begin} but no {end} after it")
    return page[:start] + f"{begin}\n{text}{end}" + page[stop + len(end):]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source-dir", help="directory of the survey and BLS files (default: "
                    "$MLSAL_MARKET_DIR, else ../shared/market from the project root)")
    ap.add_argument("--mlsal", help="the mlsal binary (default: the newer of target/release/mlsal "
                    "and target/debug/mlsal)")
    pages = ap.add_mutually_exclusive_group()
    pages.add_argument("--write", "--readme", nargs="*", metavar="FILE",
                       help="write the tables between the calibrate.py markers of these pages "
                       f"(default: {' '.join(PAGES)})")
    pages.add_argument("--check", nargs="*", metavar="FILE",
                       help="exit 1 unless these pages hold exactly the tables this run prints "
                       f"(default: {' '.join(PAGES)})")
    args = ap.parse_args()
    try:
        text, test = table(market.source_dir(args.source_dir), find_mlsal(args.mlsal))
        targets = args.write if args.write is not None else args.check
        if targets is None:
            sys.stdout.write(text)
            return 0
        stale = []
        for target in targets or [str(ROOT / p) for p in PAGES]:
            try:
                page = Path(target).read_text(encoding="utf-8")
            except OSError as e:
                raise market.Fail(f"cannot read {target}: {e.strerror}", status=2)
            if BEGIN not in page and SUMMARY_BEGIN not in page:
                raise market.Fail(f"{target} has neither {BEGIN} nor {SUMMARY_BEGIN} block to hold "
                                  "the tables")
            fresh = fill(fill(page, BEGIN, END, text, target), SUMMARY_BEGIN, SUMMARY_END, test, target)
            if args.check is not None:
                if fresh != page:
                    stale.append(target)
            elif fresh != page:
                Path(target).write_text(fresh, encoding="utf-8")
                print(f"calibrate.py: wrote the tables into {target}")
            else:
                print(f"calibrate.py: {target} already holds this run's tables")
        if stale:
            raise market.Fail(f"the tables in {', '.join(stale)} are not this script's output: run "
                              "python3 scripts/calibrate.py --write (after cargo build)")
        if args.check is not None:
            print("calibrate.py: every page holds this run's tables")
        return 0
    except market.Fail as e:
        print(f"calibrate.py: error: {e}", file=sys.stderr)
        return e.status
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
