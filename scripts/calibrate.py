#!/usr/bin/env python3
"""How close mlsal's ranges are to real pay: the README's "How close to real pay" table.

usage: python3 scripts/calibrate.py [--source-dir DIR] [--mlsal PATH]           print the table
       python3 scripts/calibrate.py --readme [README.md] [--source-dir DIR] ...  write it into README
       python3 scripts/calibrate.py --check [README.md] [--source-dir DIR] ...   fail if README differs

For each survey cell of work year 2024 (the cells data/market.toml holds: title group x company
country x level, n >= 30, the survey's filters as scripts/market.py applies them), and for both
band sets (--bands article and --bands market), it asks the built mlsal binary for the range it
prints for the matching profile, and counts the cell's salaries:

  inside  the share of salaries from the range's low to its high, both included (for senior,
          whose top is open, "$200,000+", the printed high still counts as the top)
  above   the share above the high (the rest are below the low)
  x mid   the median of salary / the range's mid

The matching profile: --level is the cell's level (mlsal has no executive level, so executive
cells are left out); --city is the country's location key (`us` for the US, else the first key
of data/location.toml in that country); --specialization is the title group's own key if
mlsal has one (research, ai-engineer), else the neutral one; every other factor neutral. The
ranges come from one `mlsal batch` run per band set, so the numbers are the program's own.

The survey rows are read by scripts/market.py's own reader (same file, same filters, a response
counted once: rows identical in every column are one), so the salaries counted are exactly those
the cells were computed from; `n` is distinct responses, `rows` the rows with copies. The last
column says what of the profile's pricing comes from this same survey (in-sample): the market
bands are the US ML-engineer cells, the CA and GB location factors use the survey's country
ratios, the research and AI-engineer multipliers its title medians.

Two more tables follow, that can fail:

  out of sample  market bands built by the same rule from the 2023 distinct responses alone
                 (p25, median, p75 of the US ML-engineer cell of each level, moved to 2024 pay
                 by data/wages.toml's 2024 change), scored on the 2024 responses: no 2024
                 salary went into them. Both sides are on the survey's own footing (the US
                 survey premium is left out of both), so the test is of the rule, not the premium.
  BLS metros     for the US and the 15 metros with the most software developers, mlsal's
                 mid-level mid under both band sets, beside the BLS software-developer median and
                 p75 of that area and where the mid falls among BLS's published percentiles
                 (linear between them, so "about"); `x bench` is the mid over the BLS median
                 times the survey's own ML-engineer premium over software engineers.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import market  # noqa: E402  (scripts/market.py: the survey reader and its filters)

ROOT = market.ROOT
YEAR = 2024
TRAIN_YEAR = 2023  # the out-of-sample bands are built from this year's responses alone
# The 16 areas of the BLS check: the US and the 15 metros with the most software developers
# (the areas of oews-ml-percentiles.csv), by mlsal location key.
BLS_AREAS = ("us", "sf", "san-jose", "seattle", "nyc", "boston", "dc", "san-diego", "la", "austin",
             "dallas", "chicago", "atlanta", "raleigh", "pittsburgh", "denver")
BAND_SETS = ("article", "market")
LEVELS = ("entry", "mid", "senior")  # mlsal's levels; the survey's executive has no match
BEGIN = "<!-- calibrate.py: begin -->"
END = "<!-- calibrate.py: end -->"
# A clean environment for mlsal: no user data directory, as in scripts/update-readme.py.
ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "MLSAL_DATA")}
ENV.update(HOME="/nonexistent-mlsal-home", XDG_CONFIG_HOME="/nonexistent-mlsal-home")


def find_mlsal(arg: str | None) -> str:
    if arg:
        return arg
    for build in ("release", "debug"):
        path = ROOT / "target" / build / "mlsal"
        if path.is_file():
            return str(path)
    raise market.Fail("no mlsal binary: run `cargo build` first, or pass --mlsal PATH")


def run(mlsal: str, args: list[str], stdin: str | None = None) -> str:
    r = subprocess.run([mlsal, *args], input=stdin, capture_output=True, text=True, env=ENV)
    if r.returncode != 0:
        raise market.Fail(f"`mlsal {' '.join(args)}` failed: {r.stderr.strip()}")
    return r.stdout


def profiles(mlsal: str, cells: list[tuple[str, str, str]]) -> dict:
    """The mlsal profile (level, city, specialization) of each (group, country, level)."""
    locations = json.loads(run(mlsal, ["list", "location", "--format", "json"]))
    specs = json.loads(run(mlsal, ["list", "specialization", "--format", "json"]))
    city = {}
    for e in locations:  # the default (us) first, then the table's order
        if e.get("default"):
            city.setdefault(e["country"], e["key"])
    for e in locations:
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


def ranges(mlsal: str, wanted: dict, bands: str) -> dict:
    """mlsal's (low, mid, high) for each profile, from one batch run."""
    keys = list(wanted)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["level", "city", "specialization"])
    w.writerows(wanted[k] for k in keys)
    out = run(mlsal, ["batch", "--bands", bands, "--as-of", str(YEAR), "--format", "jsonl"], stdin=buf.getvalue())
    rows = [json.loads(line) for line in out.splitlines()]
    if len(rows) != len(keys):
        raise market.Fail(f"mlsal batch gave {len(rows)} rows for {len(keys)} profiles")
    for k, r in zip(keys, rows):
        if r.get("error") or r.get("currency") != "USD":
            raise market.Fail(f"mlsal batch could not price {wanted[k]}: {r}")
    return {k: (r["low"], r["mid"], r["high"]) for k, r in zip(keys, rows)}


def measure(xs: list[int], low: int, mid: int, high: int) -> tuple[float, float, float]:
    inside = sum(low <= x <= high for x in xs) / len(xs)
    above = sum(x > high for x in xs) / len(xs)
    return inside, above, statistics.median(x / mid for x in xs)


def pct(x: float) -> str:
    return f"{round(x * 100)}%"


def in_sample(group: str, country: str, bands: str) -> str:
    """What of the profile's pricing this survey itself supplied."""
    parts = []
    if bands == "market" and group == "ml-engineer" and country == "US":
        parts.append("bands")
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
    got = {b: ranges(mlsal, wanted, b) for b in BAND_SETS}
    head = ["title group", "country", "level", "n", "rows", "mlsal profile"]
    for b in BAND_SETS:
        head += [f"{b}: inside", f"{b}: above", f"{b}: x mid"]
    head.append("in-sample (market)")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    # All US ML engineers together first: the headline figure.
    us = [k for k in wanted if k[0] == "ml-engineer" and k[1] == "US"]
    groups = [("all US ML engineers", us)] + [(None, [k]) for k in wanted]
    for name, keys in groups:
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
        row.append(in_sample(group, country, "market"))
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


def out_of_sample(raw: dict, rows_of: dict) -> str:
    wage = wage_growth(TRAIN_YEAR, YEAR)
    head = ["level", f"{TRAIN_YEAR} n (bands)", f"{YEAR} n (scored)", "band (2023 rule, 2024 pay)",
            "inside", "above", "x mid"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    total = {"n": 0, "inside": 0, "above": 0, "ratios": []}
    for level in LEVELS:
        train = sorted(raw.get(("ml-engineer", "US", level, TRAIN_YEAR), []))
        test = raw.get(("ml-engineer", "US", level, YEAR), [])
        if len(train) < market.MIN_N or len(test) < market.MIN_N:
            lines.append(f"| {level} | {len(train):,} | {len(test):,} | fewer than {market.MIN_N} distinct responses: not scored | | | |")
            continue
        low, mid, high = (round(market.percentile(train, p) * wage) for p in (25, 50, 75))
        inside, above, xmid = measure(test, low, mid, high)
        total["n"] += len(test)
        total["inside"] += inside * len(test)
        total["above"] += above * len(test)
        total["ratios"] += [x / mid for x in test]
        lines.append(f"| {level} | {len(train):,} | {len(test):,} | ${low:,} – ${high:,} (mid ${mid:,}) | "
                     f"{pct(inside)} | {pct(above)} | {xmid:.2f} |")
    if total["n"]:
        n = total["n"]
        lines.append(f"| scored levels | | {n:,} | x{wage} wage growth 2023 to 2024 | {pct(total['inside'] / n)} | "
                     f"{pct(total['above'] / n)} | {statistics.median(total['ratios']):.2f} |")
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


def bls_check(mlsal: str, directory: Path) -> str:
    import tomllib
    with (ROOT / "data" / "market.toml").open("rb") as f:
        table = tomllib.load(f)
    ml_over_swe = float(market.premium(market.need(directory, market.SURVEY_FILE), market_bls(table))["ml_over"]["Software Engineer"])
    rows = {}
    for r in table["bls"]["row"]:
        if r["occ_code"] == "15-1252":
            for key in r["locations"]:
                rows[key] = r
    wanted = {k: ("mid", k, "general") for k in BLS_AREAS}
    got = {b: ranges(mlsal, wanted, b) for b in BAND_SETS}
    head = ["area", "BLS p50", "BLS p75", "market mid", "BLS pct", "x bench", "p50-p75",
            "article mid", "BLS pct", "x bench"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    inside = 0
    for key in BLS_AREAS:
        r = rows[key]
        points = [r[f"p{p}"] for p in (10, 25, 50, 75, 90)]
        bench = r["p50"] * ml_over_swe
        m, a = got["market"][key][1], got["article"][key][1]
        ok = r["p50"] <= m <= r["p75"]
        inside += ok
        area = "United States" if r["area_code"] == "99" else r["area_title"]
        lines.append(f"| {area} (`{key}`) | {r['p50']:,} | {r['p75']:,} | {m:,} | {bls_percentile(m, points)} | "
                     f"{m / bench:.2f} | {'yes' if ok else 'NO'} | {a:,} | {bls_percentile(a, points)} | {a / bench:.2f} |")
    lines.append(f"| **{inside} of {len(BLS_AREAS)} inside** | | | | | | | | | |")
    return "\n".join(lines) + "\n"


def market_bls(table: dict) -> list[dict]:
    """The national BLS rows of data/market.toml, as scripts/market.py's premium rule reads them."""
    return [r for r in table["bls"]["row"] if r["area_code"] == "99"]


def table(directory: Path, mlsal: str) -> str:
    raw, counts = market.survey(market.need(directory, market.SURVEY_FILE))
    rows_of = counts["cell_rows"]
    return (main_table(raw, rows_of, mlsal)
            + f"\nOut of sample: market bands from the {TRAIN_YEAR} responses alone, scored on {YEAR}'s "
            "(US ML engineers, survey footing, `--city us`):\n\n"
            + out_of_sample(raw, rows_of)
            + "\nBLS check: mlsal's mid-level mid (`--years 4`, every other factor neutral) against "
            "BLS software developers (OEWS May 2025) of the US and the 15 metros with the most of them:\n\n"
            + bls_check(mlsal, directory))


def readme_block(text: str) -> str:
    return f"{BEGIN}\n{text}{END}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source-dir", help="directory of the survey file (default: $MLSAL_MARKET_DIR, "
                    "else ../shared/market from the project root)")
    ap.add_argument("--mlsal", help="the mlsal binary (default: target/release/mlsal, else target/debug/mlsal)")
    ap.add_argument("--readme", nargs="?", const=str(ROOT / "README.md"),
                    help="write the table between the calibrate.py markers of this README")
    ap.add_argument("--check", nargs="?", const=str(ROOT / "README.md"),
                    help="exit 1 unless this README holds exactly the table this run prints")
    args = ap.parse_args()
    try:
        text = table(market.source_dir(args.source_dir), find_mlsal(args.mlsal))
        target = args.readme or args.check
        if not target:
            sys.stdout.write(text)
            return 0
        readme = Path(target).read_text(encoding="utf-8")
        start, end = readme.find(BEGIN), readme.find(END)
        if start < 0 or end < start:
            raise market.Fail(f"{target} has no {BEGIN} ... {END} block to hold the table")
        current = readme[start:end + len(END)]
        if args.check:
            if current != readme_block(text):
                raise market.Fail(f"the table in {target} is not this script's output: run "
                                  "python3 scripts/calibrate.py --readme (after cargo build)")
            print(f"calibrate.py: {target} holds this run's table")
            return 0
        Path(target).write_text(readme.replace(current, readme_block(text)), encoding="utf-8")
        print(f"calibrate.py: wrote the table into {target}")
        return 0
    except market.Fail as e:
        print(f"calibrate.py: error: {e}", file=sys.stderr)
        return e.status
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
