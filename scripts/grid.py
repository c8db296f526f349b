#!/usr/bin/env python3
"""Do stacked factors stay believable? The guide's profile-grid table.

usage: python3 scripts/grid.py [--mlsal PATH]              print the table
       python3 scripts/grid.py --write [FILE ...] ...       write it into the pages
       python3 scripts/grid.py --check [FILE ...] ...       fail if a page's table differs

The pages (FILE ..., default docs/GUIDE.md, whose "How close to real pay" holds it) hold the
table between `<!-- grid.py: begin -->` and `<!-- grid.py: end -->`; a page without them is an
error. `--readme` is an old name of `--write`.

Every US profile of a grid (each US location of data/location.toml but `remote-us`, x entry,
mid and senior, x bachelor, master and PhD, x any size, startup, large and big tech, x any
industry, tech and finance; the specialization neutral) is priced by the built mlsal binary in
one `mlsal batch` run, under the article's bands and the market bands, as 2024 pay (the survey's
year), to the dollar (`--round 1`, so that a mid is compared with a figure, not a rounding step). Each base mid is set beside the survey's US ML-engineer cell of its level (2024, distinct
responses, data/market.toml) moved to the profile's place: the cell's p75 and p90 divided by the
US survey premium and times the location factor, exactly as `offer`'s location-adjusted rank
moves it. The table counts the mids above the p75 and the p90 so moved, over the grid and by
each factor's value, and how many mids the output marks as at the edge of the data.

Needs only the binary and the project's own tables (no ../shared files). Standard library only.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- grid.py: begin -->"
END = "<!-- grid.py: end -->"
PAGES = ("docs/GUIDE.md",)  # the pages --write and --check read by default
YEAR = "2024"
LEVELS = ["entry", "mid", "senior"]
EDUCATION = ["bachelor", "master", "phd"]
SIZES = ["any", "startup", "large", "big-tech"]
INDUSTRIES = ["any", "tech", "finance"]
BAND_SETS = ("article", "market")
ENV = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "LC_ALL": "C"}


class Fail(Exception):
    pass


def load(name: str) -> dict:
    with (ROOT / "data" / name).open("rb") as f:
        return tomllib.load(f)


def find_mlsal(arg: str | None) -> str:
    if arg:
        return arg
    built = [p for p in (ROOT / "target" / b / "mlsal" for b in ("release", "debug")) if p.is_file()]
    if not built:
        raise Fail("no mlsal binary: run `cargo build` first, or pass --mlsal PATH")
    return str(max(built, key=lambda p: p.stat().st_mtime))


def grid() -> tuple[list[tuple[str, ...]], dict[str, float]]:
    """The profiles (level, city, education, company_size, industry) and each city's factor."""
    places = {e["key"]: e["multiplier"] for e in load("location.toml")["entry"]
              if e.get("country") == "US" and e["key"] != "remote-us"}
    rows = [(level, city, edu, size, ind) for city in places for level in LEVELS for edu in EDUCATION
            for size in SIZES for ind in INDUSTRIES]
    return rows, places


def cells() -> tuple[dict[str, tuple[int, int]], float]:
    """The US ML-engineer cells' p75 and p90 by level (2024), and the US survey premium."""
    market = load("market.toml")
    out = {c["level"]: (c["p75"], c["p90"]) for c in market["survey"]["cell"]
           if (c["title_group"], c["country"], c["year"]) == ("ml-engineer", "US", YEAR)}
    missing = [level for level in LEVELS if level not in out]
    if missing:
        raise Fail(f"data/market.toml has no US ml-engineer {YEAR} cell for {', '.join(missing)}")
    return out, market["survey"]["us_premium"]["figure"]


def priced(mlsal: str, rows: list[tuple[str, ...]], bands: str) -> list[dict]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["level", "city", "education", "company_size", "industry"])
    w.writerows(rows)
    r = subprocess.run([mlsal, "batch", "--bands", bands, "--as-of", YEAR, "--round", "1", "--format", "jsonl"],
                       input=buf.getvalue(), capture_output=True, text=True, env=ENV)
    if r.returncode != 0:
        raise Fail(f"mlsal batch --bands {bands} failed: {r.stderr.strip()}")
    out = [json.loads(line) for line in r.stdout.splitlines()]
    if len(out) != len(rows):
        raise Fail(f"mlsal batch gave {len(out)} rows for {len(rows)} profiles")
    return out


def pct(k: int, n: int) -> str:
    return f"{100 * k / n:.1f}%" if n else ""


def table(mlsal: str) -> str:
    rows, places = grid()
    quartiles, premium = cells()
    lines = []
    head = ["profiles", "n"] + [f"{b}: {what}" for b in BAND_SETS for what in ("above p75", "above p90", "edge")]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    results = {b: priced(mlsal, rows, b) for b in BAND_SETS}
    # Per row and band set: (above p75, above p90, marked at the edge).
    flags = {}
    for b in BAND_SETS:
        out = []
        for (level, city, *_), r in zip(rows, results[b]):
            if r.get("error"):
                raise Fail(f"mlsal could not price {level} {city}: {r['error']}")
            p75, p90 = (round(x / premium * places[city]) for x in quartiles[level])
            out.append((r["mid"] > p75, r["mid"] > p90, r.get("bound") == "edge"))
        flags[b] = out

    def add(label: str, picked: list[int]) -> None:
        cols = [label, f"{len(picked):,}"]
        for b in BAND_SETS:
            f = [flags[b][i] for i in picked]
            cols += [pct(sum(x[0] for x in f), len(f)), pct(sum(x[1] for x in f), len(f)),
                     pct(sum(x[2] for x in f), len(f))]
        lines.append("| " + " | ".join(cols) + " |")

    everything = list(range(len(rows)))
    add(f"**all** ({len(places)} US places x 3 levels x 3 degrees x 4 sizes x 3 industries)", everything)
    for i, (name, values) in enumerate([("level", LEVELS), ("education", EDUCATION),
                                         ("company size", SIZES), ("industry", INDUSTRIES)]):
        for v in values:
            add(f"{name} `{v}`", [k for k, r in enumerate(rows) if r[0 if i == 0 else i + 1] == v])
    worst = [k for k, r in enumerate(rows) if r[2] == "phd" and r[3] == "big-tech" and r[4] == "finance"]
    add("PhD x big tech x finance", worst)
    return "\n".join(lines) + "\n"


def block(text: str) -> str:
    return f"{BEGIN}\n{text}{END}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mlsal", help="the mlsal binary (default: the newer of target/release and target/debug)")
    pages = ap.add_mutually_exclusive_group()
    pages.add_argument("--write", "--readme", nargs="*", metavar="FILE",
                       help=f"write the table into these pages (default: {' '.join(PAGES)})")
    pages.add_argument("--check", nargs="*", metavar="FILE",
                       help=f"fail if these pages' table differs (default: {' '.join(PAGES)})")
    args = ap.parse_args()
    try:
        text = table(find_mlsal(args.mlsal))
        targets = args.write if args.write is not None else args.check
        if targets is None:
            sys.stdout.write(text)
            return 0
        stale = []
        for path in [Path(t) for t in targets] or [ROOT / p for p in PAGES]:
            try:
                page = path.read_text(encoding="utf-8")
            except OSError as e:
                raise Fail(f"cannot read {path}: {e.strerror}")
            if BEGIN not in page or END not in page:
                raise Fail(f"{path} has no {BEGIN} ... {END} markers")
            start, end = page.index(BEGIN), page.index(END) + len(END)
            fresh = page[:start] + block(text) + page[end:]
            if args.check is not None:
                if fresh != page:
                    stale.append(str(path))
                continue
            path.write_text(fresh, encoding="utf-8")
            print(f"grid.py: wrote the table into {path}")
        if stale:
            raise Fail(f"{', '.join(stale)}: the grid table is not what scripts/grid.py prints: run it "
                       "with --write (after cargo build)")
        if args.check is not None:
            print("grid.py: every page's table is current")
        return 0
    except Fail as e:
        print(f"grid.py: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
