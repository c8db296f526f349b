#!/usr/bin/env python3
"""Writes docs/schema/*.schema.json: one JSON Schema per record mlsal prints, inferred from the
JSON Lines of a set of real runs (every flag that changes a record's fields), then read and
committed by hand. tests/schema.rs validates every command's output, in every format, against
these files: a field renamed or retyped fails it until the schema (and SCHEMA_VERSION) move.

usage: scripts/schema.py [path/to/mlsal]   (default target/debug/mlsal)
"""
import json, subprocess, sys, os

SCHEMA_VERSION = 2
BIN = sys.argv[1] if len(sys.argv) > 1 else "target/debug/mlsal"
HR = "docs/hr.csv"

RUNS = {
    "estimate": [["estimate", "-y", "4", "-c", "sf"], ["estimate"], ["estimate", "-y", "4", "--total", "--company-size", "startup"],
                 ["estimate", "-y", "12", "--total", "-c", "london", "--currency", "local"], ["estimate", "-l", "senior", "--bands", "market", "-c", "sf"],
                 ["estimate", "-y", "2.5", "--total", "--bands", "market"], ["estimate", "-y", "4", "--as-of", "2024"],
                 # The edge of the data holds the factors (`bound`: "edge"); a blend of levels.
                 ["estimate", "-y", "14.3", "-c", "boston", "-e", "phd", "-s", "rl", "-i", "finance", "-z", "startup"], ["estimate", "-y", "2.5", "-c", "sf"]],
    "compare": [["compare", "-y", "0..20", "-c", "sf,nyc"], ["compare", "-y", "4", "--total", "-c", "sf,nyc", "--company-size", "startup"], ["compare", "-y", "4", "--total", "-c", "sf,nyc"], ["compare", "-l", "senior", "-c", "sf,nyc"], ["compare", "-y", "4", "-c", "sf,nyc", "--as-of", "2024"], ["compare", "-y", "4", "-c", "sf,london", "--currency", "EUR"],
                ["compare", "-y", "2.5", "-c", "sf,nyc"], ["compare", "-y", "14.3", "-c", "boston", "-e", "phd", "-s", "rl", "-i", "finance", "-z", "startup"]],
    "whatif": [["whatif", "-y", "4", "--all"], ["whatif", "-y", "4", "--all", "--total"], ["whatif", "-y", "4", "--all", "--currency", "JPY"], ["whatif", "-y", "4", "--all", "--as-of", "2024"]],
    "offer": [["offer", "185k", "-y", "4"], ["offer", "150k", "-c", "sf", "--bands", "market"], ["offer", "150k", "-y", "4", "--bonus", "20k", "--equity", "30k"],
              ["offer", "200k", "-y", "4", "--total"], ["offer", "90k", "-y", "4", "-c", "london", "--currency", "GBP"], ["offer", "185k", "-y", "4", "--as-of", "2024"],
              # Beyond BLS's published p10 and p90: no percentile, `beyond` says which side.
              ["offer", "500k", "-y", "1", "-c", "sf"], ["offer", "50k", "-y", "1", "-c", "sf"]],
    "market": [["market", "-c", "sf"], ["market", "-c", "london"], ["market", "-y", "4", "-c", "austin"], ["market", "-y", "4", "-c", "sf", "--as-of", "2024"],
               ["market", "-y", "4", "-c", "london", "--currency", "local"]],
    "list-factor": [["list", f] for f in ["location", "education", "specialization", "industry", "company_size"]] + [["list"]],
    "list-bands": [["list", "bands"]],
    "list-wages": [["list", "wages"]],
    "list-tables": [["list", "tables"]],
    "list-compensation": [["list", "compensation"]],
    "list-currencies": [["list", "currencies"]],
    "list-sources": [["list", "sources"]],
    "batch-row": [["batch", HR], ["batch", "docs/profiles.csv"], ["batch", "docs/profiles.csv", "--total"], ["batch", HR, "--total"], ["batch", "docs/offers.csv"],
                  ["batch", "docs/pay-currencies.csv", "--currency", "EUR"],
                  # Edge rows: the edge bound, a blend, a bad pay with --total and a converted pay.
                  ["batch", "tests/data/edge-rows.csv", "--total", "--currency", "EUR"], ["batch", "tests/data/edge-rows.csv"],
                  ["batch", HR, "--budget", "3%"], ["batch", "docs/raises.csv", "--budget", "25k", "--perf-column", "rating"]],
    "batch-budget": [["batch", "docs/raises.csv", "--budget", "25k", "--perf-column", "rating", "--summary", "--by", "team"],
                     ["batch", HR, "--budget", "3%", "--summary"], ["batch", HR, "--budget", "3%", "--summary", "--by", "team", "--lift-to", "none"]],
    "list-matrix": [["list", "matrix"]],
    "batch-summary": [["batch", HR, "--summary", "--by", "team"], ["batch", HR, "--summary", "--by", "city"], ["batch", HR, "--summary"]],
    "batch-equity": [["batch", "docs/people.csv", "--equity-by", "gender", "--by", "team"], ["batch", "docs/people.csv", "--equity-by", "gender"],
                     ["batch", "docs/people.csv", "--equity-by", "gender", "--equity-ref", "Z"]],
}

def kind(v):
    if v is None: return "null"
    if isinstance(v, bool): return "boolean"
    # Numbers are numbers: a figure whole in every sample (a compa-ratio of 1) need not be.
    if isinstance(v, (int, float)): return "number"
    if isinstance(v, str): return "string"
    if isinstance(v, list): return "array"
    return "object"

def infer(values):
    types = sorted({kind(v) for v in values})
    if "integer" in types and "number" in types:
        types.remove("integer")
    s = {"type": types[0] if len(types) == 1 else types}
    objs = [v for v in values if isinstance(v, dict)]
    if objs:
        keys = []
        for o in objs:
            for k in o:
                if k not in keys: keys.append(k)
        s["properties"] = {k: infer([o[k] for o in objs if k in o]) for k in keys}
        s["required"] = [k for k in keys if all(k in o for o in objs)]
        s["additionalProperties"] = False
    arrays = [x for v in values if isinstance(v, list) for x in v]
    if arrays:
        s["items"] = infer(arrays)
    return s

def csv_kind(cell):
    if cell == "": return "null"
    if cell in ("true", "false"): return "boolean"
    try:
        float(cell); return "number"
    except ValueError: return "string"

def csv_columns(runs):
    """CSV/TSV: each column's type, as its cells read (empty is null)."""
    import csv, io
    seen = {}
    for r in runs:
        out = subprocess.run([BIN, *r, "-f", "csv", "--data", "builtin"], capture_output=True, text=True).stdout
        rows = list(csv.reader(io.StringIO(out)))
        if not rows: continue
        for row in rows[1:]:
            for name, cell in zip(rows[0], row):
                seen.setdefault(name, set()).add(csv_kind(cell))
    cols = {}
    for name, kinds in seen.items():
        kinds = set(kinds)
        if "integer" in kinds and "number" in kinds: kinds.discard("integer")
        if len(kinds - {"null"}) > 1: kinds = {"string"} | (kinds & {"null"})
        if kinds == {"null"}: kinds = {"string", "null"}
        t = sorted(kinds)
        cols[name] = {"type": t[0] if len(t) == 1 else t}
    return cols

def lines(args):
    out = subprocess.run([BIN, *args, "-f", "jsonl", "--data", "builtin"], capture_output=True, text=True).stdout
    found = [json.loads(l) for l in out.splitlines() if l.strip()]
    if not found:
        sys.exit(f"no records from {args}")
    return found

estimate_schema = None
for name, runs in RUNS.items():
    values = [v for r in runs for v in lines(r)]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"mlsal/{name}.schema.json",
              "title": f"mlsal {name} record", "schema_version": SCHEMA_VERSION}
    schema.update(infer(values))
    if name == "estimate":
        estimate_schema = json.loads(json.dumps(schema))
    if name in ("offer", "market") and estimate_schema:
        # The estimate an offer or a market holds is `estimate`'s record, `data` and all.
        nested = {k: v for k, v in estimate_schema.items() if k in ("type", "properties", "required", "additionalProperties")}
        schema["properties"]["estimate"] = nested
    # A bound is none, or which one held the estimate: the samples need not show each.
    def bounds(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "bound" and isinstance(v, dict) and "type" in v:
                    node[k] = {"type": ["null", "string"], "enum": [None, "floor", "cap", "edge"]}
                else:
                    bounds(v)
        elif isinstance(node, list):
            for v in node: bounds(v)
    bounds(schema)
    # The CSV/TSV columns of the record, with their cells' types (an empty cell is null).
    schema["x-csv-columns"] = csv_columns(runs)
    if name == "batch-row":
        # The input's own columns pass through under their names (strings, or a JSON Lines
        # input's values as given): only the result columns are described.
        schema["additionalProperties"] = True
        results = ["level", "multiplier", "low", "mid", "high", "currency", "pay_year", "wage_factor", "bands", "bound",
                   "bonus_low", "bonus_high", "equity_low", "equity_high", "equity_options", "total_low", "total_mid", "total_high",
                   "pay", "pay_read_in", "pay_rate", "compa_ratio", "position_pct", "gap_to_low", "gap_to_mid", "verdict", "survey_percentile", "survey_adjusted_percentile",
                   "wage_level", "wage_level_soc", "total_pay", "total_compa_ratio", "total_position_pct", "total_gap_to_mid", "total_verdict", "error", "data",
                   "raise", "raise_pct", "new_pay", "new_compa_ratio", "new_verdict",
                   # The input's years column, whatever its name in a CSV: the years read, a number.
                   "years"]
        schema["properties"] = {k: v for k, v in schema["properties"].items() if k in results}
        schema["x-csv-columns"] = {k: v for k, v in schema["x-csv-columns"].items() if k in results}
        # A result a row may not have (a bad pay, a bad profile) is null: every one not required.
        keep = ("level", "low", "mid", "high", "currency", "pay_year", "wage_factor", "bands", "error", "data")
        for k, v in schema["properties"].items():
            if k not in keep and "type" in v:
                t = v["type"] if isinstance(v["type"], list) else [v["type"]]
                if "null" not in t:
                    v["type"] = sorted(set(t) | {"null"})
            if k not in keep and "enum" in v and None not in v["enum"]:
                v["enum"].append(None)
        # Empty (null) in a row priced by its level.
        schema["properties"]["years"] = {"type": ["null", "number"]}
        schema["x-csv-columns"]["years"] = {"type": ["null", "number"]}
        schema["required"] = [k for k in schema["required"] if k in ("level", "low", "mid", "high", "currency", "pay_year", "wage_factor", "bands", "error", "data")]
    if name == "batch-summary":
        # The group columns are the input's `--by` columns (and `NAME_as_typed`): named by it.
        summary = ["rows", "errors", "median_compa_ratio", "p25_compa_ratio", "p75_compa_ratio", "below", "within", "above",
                   "cost_to_low", "cost_to_mid", "currency", "wage_level_below_i", "wage_level_i", "wage_level_ii",
                   "wage_level_iii", "wage_level_iv", "wage_level_none", "total", "data"]
        schema["additionalProperties"] = True
        schema["properties"] = {k: v for k, v in schema["properties"].items() if k in summary}
        schema["required"] = [k for k in schema["required"] if k in summary]
        schema["x-csv-columns"] = {k: v for k, v in schema["x-csv-columns"].items() if k in summary}
    if name == "batch-budget":
        # The group columns are the input's `--by` columns (`all` on the total row).
        budget = ["rows", "errors", "pay", "raise", "raise_pct", "lifted", "still_below", "left_to_low", "budget_left", "currency"]
        schema["additionalProperties"] = True
        schema["properties"] = {k: v for k, v in schema["properties"].items() if k in budget}
        schema["required"] = [k for k in schema["required"] if k in budget]
        schema["x-csv-columns"] = {k: v for k, v in schema["x-csv-columns"].items() if k in budget}
    if name == "batch-equity":
        # The category columns are the input's `--by` columns, then the `--equity-by` column.
        equity = ["rows", "reference", "suppressed", "mean_pay", "median_pay", "mean_gap_pct", "median_gap_pct",
                  "mean_compa_ratio", "compa_gap_pct", "flagged", "errors", "currency", "data"]
        schema["additionalProperties"] = True
        schema["properties"] = {k: v for k, v in schema["properties"].items() if k in equity}
        schema["required"] = [k for k in schema["required"] if k in equity]
        schema["x-csv-columns"] = {k: v for k, v in schema["x-csv-columns"].items() if k in equity}
    with open(f"docs/schema/{name}.schema.json", "w") as f:
        json.dump(schema, f, indent=2)
        f.write("\n")
    print(name, len(values), "records")
