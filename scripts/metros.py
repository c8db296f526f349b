#!/usr/bin/env python3
"""Write the US metro entries of data/location.toml from the BLS OEWS May 2025 figures.

usage: python3 scripts/metros.py            rewrite data/location.toml in place
       python3 scripts/metros.py --check    exit 1 if the file is not what the rule gives

One rule prices every metro in data/sources/oews-metros-may2025.csv (the 50 metros with the
most software developers), so no multiplier is typed by hand:

    multiplier = sqrt( (metro SD median / US SD median) x (metro DS median / US DS median) )

with SD = software developers (15-1252) and DS = data scientists (15-2051), or the SD ratio
alone where BLS did not release the DS median (`-` in the CSV). The result is rounded half up
to 0.01 on its exact value: the rounding is done in integers (isqrt), so no binary float can
tip a value that sits on a half cent either way.

What the script owns in data/location.toml: the `# - US metros` paragraph of the header, the
`as_of` line, the source S29 (and it drops a source nothing in the file names any more), and
every US entry except `us` and `remote-us`. Those two, the rest of the header and everything
from the `outside the US` marker on are copied as they are. Keys, labels and aliases are
names, not numbers: they live in METROS below. Standard library only; the output depends on
nothing but the CSV, this script and the kept parts of the file.
"""
import argparse
import csv
import difflib
import hashlib
import math
import re
import sys
import tomllib
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSV_PATH = ROOT / "data" / "sources" / "oews-metros-may2025.csv"
TOML_PATH = ROOT / "data" / "location.toml"
CSV_SHA256 = "9e06c303ebbdf526bfac3c44f88c2c72aeff2174c76d11da53ccfcc6c1c57a35"
CSV_COLUMNS = [
    "release", "area_code", "area_title", "occ_code", "occ_title", "tot_emp",
    "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90",
]
RELEASE = "May 2025"
AS_OF = "2025-05"
NATIONAL = "99"
SD, DS = "15-1252", "15-2051"
SOURCE_KEY = "S29"
SOURCE_TEXT = (
    "BLS OEWS May 2025 (published 2026-05-15): annual medians of software developers (15-1252) "
    "and data scientists (15-2051), US and the 50 metros with the most software developers; "
    "data/sources/oews-metros-may2025.csv"
)

US_MARKER = "# ---------------------------------------------------------------- US"
METROS_MARKER = "# ---------------------------------------------------------------- US metros"
OUTSIDE_MARKER = "# ---------------------------------------------------------------- outside the US"
KEPT_US_KEYS = ("us", "remote-us")

# BLS area code -> (key, aliases). Aliases are the principal cities as people type them. A
# name that folds to the key is left out (the loader rejects it as a repeat), and so is a bare
# name shared with a better-known place (Vancouver BC, Cambridge UK, Melbourne AU): those get
# the state, e.g. "vancouver wa", and typed alone mlsal names both readings (ABROAD in
# src/names/places.rs). "City, ST" and "City ST" need no alias: mlsal matches any principal city
# of the label with one of its states. A name found in two of these metros is in AMBIGUOUS instead.
METROS = {
    "41860": ("sf", ["san francisco", "bay area", "sfo", "oakland", "berkeley", "menlo park",
                     "redwood city", "fremont", "san mateo"]),
    "41940": ("san-jose", ["silicon valley", "sunnyvale", "santa clara", "mountain view",
                           "palo alto", "cupertino"]),
    "42660": ("seattle", ["bellevue", "redmond", "tacoma", "kirkland"]),
    "35620": ("nyc", ["new york", "new york city", "manhattan", "brooklyn", "ny", "jersey city",
                      "newark nj"]),
    "14460": ("boston", ["cambridge ma", "newton"]),
    "47900": ("dc", ["washington", "washington dc", "northern virginia", "arlington va",
                     "alexandria va"]),
    "41740": ("san-diego", ["chula vista", "carlsbad", "san marcos ca"]),
    "31080": ("la", ["los angeles", "santa monica", "irvine", "long beach", "anaheim",
                     "orange county", "pasadena ca", "glendale ca"]),
    "12420": ("austin", ["round rock", "san marcos tx"]),
    "19100": ("dallas", ["dallas fort worth", "dfw", "fort worth", "plano", "arlington tx",
                         "irving"]),
    "16980": ("chicago", ["naperville", "elgin", "aurora il"]),
    "12060": ("atlanta", ["atl", "sandy springs", "roswell ga"]),
    # "research triangle" was an alias of raleigh: the Triangle spans raleigh and durham (and
    # Research Triangle Park lies mostly in Durham County), so it is in AMBIGUOUS now.
    "39580": ("raleigh", ["cary"]),
    "38300": ("pittsburgh", []),
    "19740": ("denver", ["centennial", "aurora co"]),
    "38060": ("phoenix", ["mesa", "chandler", "scottsdale", "tempe", "gilbert", "glendale az"]),
    "37980": ("philadelphia", ["philly", "camden nj", "wilmington de"]),
    "33460": ("minneapolis", ["st. paul", "saint paul", "twin cities",
                              "bloomington mn"]),
    "19820": ("detroit", ["dearborn", "warren mi"]),
    "26420": ("houston", ["the woodlands", "pasadena tx"]),
    "16740": ("charlotte", ["gastonia", "concord nc"]),
    "41620": ("salt-lake-city", ["slc", "murray ut"]),
    "33100": ("miami", ["fort lauderdale", "ft lauderdale", "west palm beach"]),
    "38900": ("portland", ["pdx", "hillsboro", "beaverton", "vancouver wa"]),
    "12580": ("baltimore", ["towson", "columbia md"]),
    "45300": ("tampa", ["st. petersburg", "clearwater"]),
    "36740": ("orlando", ["kissimmee", "sanford fl"]),
    "28140": ("kansas-city", ["kc", "kansas city mo", "kansas city ks", "overland park"]),
    "17140": ("cincinnati", []),
    "18140": ("columbus", ["columbus oh"]),
    "41180": ("st-louis", ["saint louis"]),
    "20500": ("durham", ["chapel hill"]),
    "17410": ("cleveland", []),
    "41700": ("san-antonio", ["new braunfels"]),
    "39340": ("provo", ["orem", "lehi"]),
    "34980": ("nashville", ["murfreesboro", "franklin tn"]),
    "40060": ("richmond", ["richmond va"]),
    "40900": ("sacramento", ["roseville", "folsom"]),
    "27260": ("jacksonville", ["jax"]),
    "47260": ("virginia-beach", ["norfolk", "chesapeake", "hampton roads"]),
    "26900": ("indianapolis", ["indy", "carmel in", "greenwood in"]),
    "14500": ("boulder", []),
    "26620": ("huntsville", ["huntsville al"]),
    "31540": ("madison", ["madison wi"]),
    "33340": ("milwaukee", ["waukesha"]),
    "25540": ("hartford", ["west hartford", "east hartford"]),
    "37340": ("palm-bay", ["melbourne fl", "titusville", "space coast"]),
    "39300": ("providence", ["warwick ri"]),
    "17820": ("colorado-springs", []),
    "40380": ("rochester", ["rochester ny"]),
}

# Names that belong to two of the metros (a principal city of one, a large city of the other):
# an alias of neither. Typed alone they should be an error that names every key; the state
# forms ("arlington tx", "arlington va") are aliases.
AMBIGUOUS = {
    "arlington": ("dallas", "dc"),
    "aurora": ("chicago", "denver"),
    "concord": ("charlotte", "sf"),
    "glendale": ("la", "phoenix"),
    "pasadena": ("houston", "la"),
    "research triangle": ("durham", "raleigh"),
    "san marcos": ("austin", "san-diego"),
}

# A few words a metro's note needs beyond the arithmetic.
NOTE_EXTRA = {
    "sf": "The metro includes San Mateo County (Menlo Park, Redwood City) and the East Bay.",
    "la": "The metro includes Orange County (Irvine, Anaheim).",
    "dc": "'washington' means the DC metro, not Washington state (use seattle).",
    "denver": "Boulder is a metro of its own (boulder).",
    "raleigh": "Durham and Chapel Hill are a metro of their own (durham).",
    "richmond": "Richmond, Virginia; Richmond, California is in the sf metro.",
}

# The multipliers this rule replaced (data/location.toml before it: the May 2024 BLS / DOL
# blend, rounded to 0.05). Kept here so each note can say what it replaces and re-runs give the
# same file; a metro not listed was not in the table.
PREVIOUS = {
    "sf": "1.50", "san-jose": "1.65", "seattle": "1.40", "nyc": "1.20", "boston": "1.20",
    "dc": "1.20", "san-diego": "1.20", "la": "1.15", "austin": "1.10", "dallas": "1.05",
    "chicago": "1.00", "atlanta": "1.00", "raleigh": "1.00", "pittsburgh": "0.90",
    "denver": "1.10",
}
PREVIOUS_METHOD = "May 2024 BLS/DOL blend"

METHOD = f"""\
# - US metros: the {{n}} metropolitan areas with the most software developers, BLS OEWS May 2025
#   [{SOURCE_KEY}], written by scripts/metros.py from data/sources/oews-metros-may2025.csv (never by
#   hand: edit the script and run `python3 scripts/metros.py`). One rule for every metro: the
#   geometric mean of (metro median / US median) for software developers (15-1252) and for
#   data scientists (15-2051), or the software-developer ratio alone where BLS does not release
#   the data-scientist median; rounded half up to 0.01 on the exact value. The two stand in
#   for ML engineers, which BLS does not publish, and are used only as ratios. Official
#   figures, so confidence "high". Each note shows the arithmetic and the value it replaced
#   (the May 2024 BLS/DOL blend, rounded to 0.05), or "new".
"""


class Failure(Exception):
    pass


# What `fold` reads as a space (src/names/places.rs `is_space`): a tab, the Unicode space
# separators and the zero-width spaces; not a line break.
SPACES = set(" \t\u00a0\u1680\u202f\u205f\u2060\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200E)}


def fold(name: str) -> str:
    """The loader's name folding (src/names/mod.rs `fold`): no spaces, `-`, `_` or `,`; lower case."""
    return "".join(c for c in name if c not in SPACES and c not in "-_,").lower()


def read_csv():
    """national medians and metros, from the CSV, checked."""
    if not CSV_PATH.exists():
        raise Failure(
            f"{CSV_PATH.relative_to(ROOT)} is missing. It is BLS OEWS May 2025 (public domain), "
            "copied unchanged from shared/market/oews-metros-may2025.csv: see "
            "data/sources/README.md; restore it with `git checkout -- data/sources/`"
        )
    raw = CSV_PATH.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != CSV_SHA256:
        raise Failure(
            f"{CSV_PATH.relative_to(ROOT)} has sha256 {digest}, not {CSV_SHA256}: the file must be "
            "the published copy, unchanged (a new release is a new file, a new CSV_PATH and "
            "CSV_SHA256 here, and a new entry in data/sources/README.md)"
        )
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    if not rows or list(rows[0].keys()) != CSV_COLUMNS:
        raise Failure(f"{CSV_PATH.name}: expected the columns {', '.join(CSV_COLUMNS)}")
    areas = {}
    for i, r in enumerate(rows, start=2):
        if r["release"] != RELEASE:
            raise Failure(f"{CSV_PATH.name} line {i}: release {r['release']!r}, expected {RELEASE!r}")
        if r["occ_code"] not in (SD, DS):
            raise Failure(f"{CSV_PATH.name} line {i}: unexpected occupation {r['occ_code']}")
        area = areas.setdefault(r["area_code"], {"title": r["area_title"]})
        if r["occ_code"] in area:
            raise Failure(f"{CSV_PATH.name} line {i}: a second {r['occ_code']} row for area {r['area_code']}")
        median = r["a_median"]
        if median == "-":
            area[r["occ_code"]] = None
        elif median.isdigit() and int(median) > 0:
            area[r["occ_code"]] = int(median)
        else:
            raise Failure(f"{CSV_PATH.name} line {i}: median {median!r} is not a positive whole number")
        if r["occ_code"] == SD:
            area["emp"] = int(r["tot_emp"])
    us = areas.pop(NATIONAL, None)
    if not us or not us.get(SD) or not us.get(DS):
        raise Failure(f"{CSV_PATH.name}: no national ({NATIONAL}) medians for both occupations")
    for code, a in areas.items():
        if a.get(SD) is None:
            raise Failure(f"{CSV_PATH.name}: area {code} ({a['title']}) has no software-developer median")
        a.setdefault(DS, None)
    missing = sorted(set(areas) - set(METROS))
    extra = sorted(set(METROS) - set(areas))
    if missing or extra:
        raise Failure(
            "METROS and the CSV disagree: "
            + "; ".join(
                [f"area {c} ({areas[c]['title']}) has no key in METROS" for c in missing]
                + [f"METROS area {c} ({METROS[c][0]}) is not in the CSV" for c in extra]
            )
        )
    return us, areas


def hundredths(sd, sd_us, ds, ds_us) -> int:
    """The rule, rounded half up to 0.01, exactly: returns the multiplier x 100.

    With m the unrounded multiplier, the result is floor(100 m + 1/2) = floor((floor(200 m) + 1) / 2),
    and floor(200 m) = isqrt(floor(40000 SD DS / (SDus DSus))) for the geometric mean
    (floor of a square root = integer square root of the floor), or floor(200 SD / SDus) alone.
    """
    if ds is None:
        q = (200 * sd) // sd_us
    else:
        q = math.isqrt((40000 * sd * ds) // (sd_us * ds_us))
    return (q + 1) // 2


def ratio(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def shown(value: Decimal, cents: int) -> str:
    """`value` to 4 decimals, or more if 4 would look like it rounds to another cent."""
    for places in range(4, 12):
        text = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if int(text.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100) == cents:
            return str(text)
    return str(value)


def money(n: int) -> str:
    return f"{n:,}"


def metro_entries(us, areas):
    """One dict per metro, largest software-developer employment first."""
    out = []
    order = sorted(areas, key=lambda c: (-areas[c]["emp"], c))
    with localcontext() as ctx:
        ctx.prec = 40
        for code in order:
            a = areas[code]
            key, aliases = METROS[code]
            cents = hundredths(a[SD], us[SD], a[DS], us[DS])
            r_sd = Decimal(a[SD]) / Decimal(us[SD])
            sd_part = f"software developers {money(a[SD])} / {money(us[SD])} = {ratio(r_sd)}"
            if a[DS] is None:
                arithmetic = (
                    f"{sd_part}; data scientists not released by BLS, so the software-developer "
                    f"ratio alone -> {cents / 100:.2f}"
                )
                exact = r_sd
            else:
                r_ds = Decimal(a[DS]) / Decimal(us[DS])
                exact = (r_sd * r_ds).sqrt()
                arithmetic = (
                    f"{sd_part}, data scientists {money(a[DS])} / {money(us[DS])} = {ratio(r_ds)}; "
                    f"sqrt({ratio(r_sd)} x {ratio(r_ds)}) = {shown(exact, cents)} -> {cents / 100:.2f}"
                )
            if int((exact * 100 + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR)) != cents:
                raise Failure(f"{key}: integer and decimal rounding disagree ({exact})")
            old = PREVIOUS.get(key)
            replaced = f"Replaces {old} ({PREVIOUS_METHOD})" if old else "New (not in the table before)"
            note = f"{arithmetic} (BLS area {code}). {replaced}."
            if key in NOTE_EXTRA:
                note += " " + NOTE_EXTRA[key]
            out.append({"code": code, "key": key, "label": a["title"], "aliases": aliases,
                        "cents": cents, "note": note, "old": old})
    return out


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_entry(e) -> str:
    aliases = ", ".join(toml_str(a) for a in e["aliases"])
    return "\n".join([
        "[[entry]]",
        f"key = {toml_str(e['key'])}",
        f"label = {toml_str(e['label'])}",
        f"aliases = [{aliases}]",
        f"multiplier = {e['cents'] // 100}.{e['cents'] % 100:02d}",
        f"source = {toml_str(SOURCE_KEY)}",
        'confidence = "high"',
        f"note = {toml_str(e['note'])}",
        'country = "US"',
        'currency = "USD"',
        f"area_code = {toml_str(e['code'])}",
    ])


def split_blocks(lines):
    """`[[entry]]` blocks of `lines` as (key, text), each up to the next entry or marker."""
    blocks, cur = [], None
    for line in lines:
        if line.startswith("[[entry]]"):
            cur = [line]
            blocks.append(cur)
        elif line.startswith("# ------"):
            cur = None
        elif cur is not None:
            cur.append(line)
    out = []
    for b in blocks:
        text = "\n".join(b).rstrip("\n")
        key = tomllib.loads(text)["entry"][0]["key"]
        out.append((key, text))
    return out


def one_index(lines, marker, what):
    hits = [i for i, l in enumerate(lines) if l.rstrip() == marker]
    if len(hits) != 1:
        raise Failure(f"{TOML_PATH.name}: expected one {what} marker line `{marker}`, found {len(hits)}")
    return hits[0]


def rebuild(text: str, metros) -> str:
    tomllib.loads(text)  # the kept parts must parse
    lines = text.split("\n")
    us_at = one_index(lines, US_MARKER, "US")
    out_at = one_index(lines, OUTSIDE_MARKER, "outside-the-US")
    if not us_at < out_at:
        raise Failure(f"{TOML_PATH.name}: the US marker must come before the outside-the-US marker")
    header, us_part, outside = lines[:us_at], lines[us_at:out_at], lines[out_at:]

    # Header: the method paragraph for US metros and as_of are the script's.
    start = [i for i, l in enumerate(header) if l.startswith("# - US metros")]
    if len(start) != 1:
        raise Failure(f"{TOML_PATH.name}: expected one header paragraph starting `# - US metros`")
    end = next((i for i in range(start[0] + 1, len(header)) if header[i].startswith("# - ")), None)
    if end is None:
        raise Failure(f"{TOML_PATH.name}: the `# - US metros` paragraph must be followed by another `# - ` one")
    method = METHOD.format(n=len(metros)).rstrip("\n").split("\n")
    header = header[: start[0]] + method + header[end:]
    as_of = [i for i, l in enumerate(header) if re.match(r"as_of\s*=", l)]
    if len(as_of) != 1:
        raise Failure(f"{TOML_PATH.name}: expected one `as_of` line")
    header[as_of[0]] = (
        f'as_of = "{AS_OF}"   # newest figure: BLS OEWS May 2025 metro wages, published 2026-05-15 [{SOURCE_KEY}]'
    )

    # US: `us` and `remote-us` as they are, then the metros; anything else is an error.
    kept = []
    metro_keys = {e["key"] for e in metros}
    for key, block in split_blocks(us_part):
        if key in KEPT_US_KEYS:
            kept.append(block)
        elif key not in metro_keys:
            raise Failure(
                f"{TOML_PATH.name}: US entry `{key}` is not a metro of {CSV_PATH.name}; "
                "add it to METROS (if BLS has it) or move it out of the US section"
            )
    if len(kept) != len(KEPT_US_KEYS):
        raise Failure(f"{TOML_PATH.name}: the US section must keep the entries {', '.join(KEPT_US_KEYS)}")
    for key, _ in split_blocks(outside):
        pass  # parsed: a broken block fails here, before anything is written
    us_lines = [US_MARKER, ""]
    for block in kept:
        us_lines += [block, ""]
    us_lines += [
        METROS_MARKER,
        "# Written by scripts/metros.py from data/sources/oews-metros-may2025.csv: do not edit by hand.",
        "# Largest software-developer employment first. A name found in two metros is an alias of",
        "# neither (the state forms are aliases): it is in [ambiguous] above, and typed alone it is",
        "# an error that names both keys.",
        "",
    ]
    for e in metros:
        us_lines += [render_entry(e), ""]
    body = "\n".join(us_lines + outside)

    # Sources: ours, plus every kept one that something in the file still names.
    src_re = re.compile(r'^(S\d+) = (".*")\s*$')
    try:
        s_at = header.index("[sources]")
    except ValueError:
        raise Failure(f"{TOML_PATH.name}: no [sources] table in the header") from None
    s_end = s_at + 1
    while s_end < len(header) and src_re.match(header[s_end]):
        s_end += 1
    sources = {m.group(1): m.group(2) for m in map(src_re.match, header[s_at + 1 : s_end])}
    sources[SOURCE_KEY] = toml_str(SOURCE_TEXT)
    rest = "\n".join(header[:s_at] + header[s_end:]) + "\n" + body
    named = set(re.findall(r"\bS\d+\b", rest))
    kept_sources = sorted((k for k in sources if k in named), key=lambda k: int(k[1:]))
    header = header[: s_at + 1] + [f"{k} = {sources[k]}" for k in kept_sources] + header[s_end:]
    # The ambiguous names, as a table the loader reads: typed alone, each is an error that
    # names every key it could mean. Rewritten whole on every run.
    amb_re = re.compile(r'^("[^"]*"|[\w-]+) = \[.*\]\s*$')
    if "[ambiguous]" in header:
        a_at = header.index("[ambiguous]")
        a_end = a_at + 1
        while a_end < len(header) and amb_re.match(header[a_end]):
            a_end += 1
        header = header[:a_at] + header[a_end:]
        if a_at < len(header) and header[a_at] == "" and header[a_at - 1] == "":
            del header[a_at]
    s_end = header.index("[sources]") + 1 + len(kept_sources)
    table = ["", "[ambiguous]"] + [
        f"{toml_str(n)} = [{', '.join(toml_str(k) for k in keys)}]" for n, keys in sorted(AMBIGUOUS.items())
    ]
    header = header[:s_end] + table + header[s_end:]
    return "\n".join(header) + "\n" + body


def check_names(text: str):
    """Every name unique once folded; no ambiguous name is anyone's; the parsed file is the rule."""
    doc = tomllib.loads(text)
    seen = {}
    for e in doc["entry"]:
        for name in [e["key"], *e.get("aliases", [])]:
            f = fold(name)
            if f in seen:
                raise Failure(f"name `{name}` of `{e['key']}` folds like a name of `{seen[f]}`")
            seen[f] = e["key"]
    for name, keys in AMBIGUOUS.items():
        if fold(name) in seen:
            raise Failure(f"ambiguous name `{name}` is a name of `{seen[fold(name)]}`")
        for k in keys:
            if seen.get(fold(k)) != k:
                raise Failure(f"ambiguous name `{name}` points at `{k}`, which is not a key")
    return doc


def summary(metros) -> str:
    changed = sorted(
        (e for e in metros if e["old"]),
        key=lambda e: (-abs(e["cents"] - round(float(e["old"]) * 100)), e["key"]),
    )
    new = sorted((e for e in metros if not e["old"]), key=lambda e: (-e["cents"], e["key"]))
    lines = [
        f"{len(metros)} US metros from BLS OEWS {RELEASE} ({len(changed)} re-priced, {len(new)} new)",
        "largest changes against the multipliers they replace:",
    ]
    for e in changed:
        old = round(float(e["old"]) * 100)
        d = e["cents"] - old
        lines.append(f"  {e['key']:<16} {old / 100:.2f} -> {e['cents'] / 100:.2f}  ({d / 100:+.2f})")
    lines.append("new metros, highest first:")
    for i in range(0, len(new), 5):
        lines.append("  " + "  ".join(f"{e['key']} {e['cents'] / 100:.2f}" for e in new[i : i + 5]))
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--check", action="store_true", help="exit 1 if data/location.toml is not what the rule gives")
    args = p.parse_args()
    try:
        us, areas = read_csv()
        metros = metro_entries(us, areas)
        if not TOML_PATH.exists():
            raise Failure(f"{TOML_PATH.relative_to(ROOT)} is missing: the script rewrites it, it cannot start from nothing")
        current = TOML_PATH.read_text(encoding="utf-8")
        try:
            wanted = rebuild(current, metros)
            doc = check_names(wanted)
        except tomllib.TOMLDecodeError as e:
            raise Failure(f"{TOML_PATH.relative_to(ROOT)}: {e}") from None
        got = {e["key"]: e["multiplier"] for e in doc["entry"] if e["country"] == "US"}
        for e in metros:
            if round(got[e["key"]] * 100) != e["cents"]:
                raise Failure(f"{e['key']}: written {got[e['key']]}, computed {e['cents'] / 100}")
    except Failure as e:
        print(f"metros.py: error: {e}", file=sys.stderr)
        return 2
    print(summary(metros))
    if args.check:
        if current == wanted:
            print(f"{TOML_PATH.relative_to(ROOT)} is up to date", file=sys.stderr)
            return 0
        diff = difflib.unified_diff(
            current.splitlines(), wanted.splitlines(), "data/location.toml", "what the rule gives", lineterm="", n=0
        )
        print("\n".join(list(diff)[:40]), file=sys.stderr)
        print(f"metros.py: {TOML_PATH.relative_to(ROOT)} differs from the rule: run python3 scripts/metros.py", file=sys.stderr)
        return 1
    if current != wanted:
        TOML_PATH.write_text(wanted, encoding="utf-8")
        print(f"wrote {TOML_PATH.relative_to(ROOT)}", file=sys.stderr)
    else:
        print(f"{TOML_PATH.relative_to(ROOT)} already up to date", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
