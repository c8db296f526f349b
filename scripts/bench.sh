#!/usr/bin/env bash
# The speed and memory targets of issue 8, measured on this machine:
#   1. batch throughput on an HR-shaped file (`gen_hr.py`: unique ids and names, profile
#      columns in the middle, aliases and mixed case, ~2% typos): `mlsal batch` vs
#      `mawk -f est_hr.awk` on the same 1,000,000 rows, run side by side (alternating) RUNS
#      times; medians and their ratio (target >= 10x);
#   2. the same on the repetitive file of `gen_profiles.py` vs `mawk -f est.awk` (target >= 6x);
#   3. peak RSS of `mlsal batch` at 1,000,000 and 10,000,000 rows of each (target <= 16 MiB);
#   4. start-up: `mlsal estimate --years 4 --city sf` vs a minimal Rust hello world built here
#      with the same rustc, both copied as `cargo install` copies them (target <= 1.4x), with
#      hyperfine if present, else a timed loop; then as the linker left them, for comparison;
#   5. "did you mean" on long values (issue 10 item 7): `mlsal batch` on 20,000 rows whose city
#      is 1,000 bytes of junk, distinct per row, so no memo helps (target < 1 s, median of RUNS);
#   6. the pay review (issue 17) on 1,000,000 rows of `gen_hr.py 1000000 1 --pay` (a
#      `base_salary` typed as people type it, one cell in seven quoted): `mlsal batch` (the
#      review columns on every row) vs `mawk -f review_hr.awk`, side by side (target >= 8x);
#      peak RSS of the per-row review (target <= 16 MiB) and of `--summary --by team` (target
#      <= 64 MiB).
#   7. a raise budget (issue 28) on 1,000,000 rows of `gen_hr.py 1000000 7 --pay --people`:
#      `batch --budget 3% --perf-column rating` (two passes) against the review alone, side by
#      side (target <= 2x its time), and its peak RSS per row and with `--summary --by team`
#      (targets <= 16 / <= 64 MiB);
#      <= 64 MiB);
#   8. workbooks (issue 25) on 100,000 rows of `gen_hr.py 100000 7 --pay` saved as people.xlsx
#      by openpyxl: `mlsal batch people.xlsx -o review.xlsx` vs a Python script that only reads
#      the workbook with openpyxl (read-only) and writes the same rows plus five columns
#      (write-only), side by side (target >= 15x); peak RSS of mlsal there (target <= 64 MiB).
#
# The generators and the awk baselines are not part of this repository: they live in the
# project's shared directory, `../shared` next to the repository (on the development machine
# /work/shared: bench/gen_hr.py, bench/gen_profiles.py, bench/est_hr.awk, bench/est.awk,
# bench/review_hr.awk).
# Point SHARED at another copy if yours is elsewhere.
#
# usage: scripts/bench.sh            (from anywhere; RUNS=5 STARTS=300 SHARED=../shared)
#        scripts/bench.sh junk       (only 5, which needs nothing but python3)
#        scripts/bench.sh pay        (only 6)
#        scripts/bench.sh budget     (only 7)
#        scripts/bench.sh workbook   (only 8, which needs python3 with openpyxl and gen_hr.py)
#        scripts/bench.sh startup    (only 4, which needs only rustc; valgrind adds instruction counts)
# Needs python3, mawk and GNU time (`apt-get install mawk time`); hyperfine is optional.
# Wall-clock figures move with the machine's load: run it on an idle machine (it prints
# `uptime` before and after).
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=${SHARED:-../shared}
RUNS=${RUNS:-5}
STARTS=${STARTS:-300}
WORK=target/bench
MLSAL=target/release/mlsal

now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
check() { # label value op target
    if awk -v v="$2" -v t="$4" -v op="$3" 'BEGIN { exit !(op == ">=" ? v >= t : (op == "<" ? v < t : v <= t)) }'; then
        echo "  $1: $2 (target $3 $4) met"
    else
        echo "  $1: $2 (target $3 $4) MISSED"
    fi
}
timed() { # command... -> seconds; output and diagnostics dropped, exit status ignored (bad rows exit 1)
    local s e
    s=$(now)
    "$@" >/dev/null 2>&1 || true
    e=$(now)
    elapsed "$s" "$e"
}

# 5. Long bad values: every row's city is new, 1,000 bytes long and no location, so each is
# looked up, refused and reported (on stderr, to /dev/null here) with no suggestion worked out.
junk() {
    local file="$WORK/junk-cities-20000.csv" t=()
    if [ ! -s "$file" ]; then
        python3 -c '
import random, string
r = random.Random(10)
print("id,years,city")
for i in range(20000):
    print("%d,%d,%s" % (i, i % 30, "".join(r.choice(string.ascii_letters) for _ in range(1000))))
' >"$file"
    fi
    echo "long bad values, $RUNS runs:"
    echo "  \$ $MLSAL batch $file > /dev/null 2> /dev/null   # 20,000 rows, each city 1,000 bytes of junk"
    for _ in $(seq "$RUNS"); do
        t+=("$(timed "$MLSAL" batch "$file")")
    done
    local tm
    tm=$(printf '%s\n' "${t[@]}" | median)
    echo "  median ${tm}s (${t[*]})"
    check "seconds for 20,000 rows of 1,000-byte junk cities" "$tm" "<" 1
    if [ -x /usr/bin/time ]; then
        local kib
        kib=$({ /usr/bin/time -f %M "$MLSAL" batch "$file" 2>&1 >/dev/null || true; } | tail -1)
        check "peak RSS MiB on it (long values are not memoised)" "$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')" "<=" 16
    fi
}
# 4. Start-up against a hello world built with the same compiler; with no hyperfine, a timed
# loop. Also its instruction count and the libraries the loader maps, which do not move with
# the machine's load.
startup() {
    local hello_rs="$WORK/hello.rs" linked="$WORK/hello-linked"
    printf 'fn main() {\n    println!("hello world");\n}\n' >"$hello_rs"
    rustc -C opt-level=3 -o "$linked" "$hello_rs"
    # Both programs are timed as installed: `cargo install --path .` copies the binary out of
    # target/, and so does this. The same bytes start at different speeds depending on how the
    # file came into the page cache: on the development VM (Linux 6.18, ext4), mlsal started
    # in 1.05 ms as a copy, 1.17-1.25 ms once dropped from the cache and paged back in by its
    # own start, and 1.15-1.25 ms as the linker left it (the hello world: 0.78-0.86 ms in all
    # three). Probably the page cache's folio sizes: a file written in large writes is cached
    # in large folios, one paged in by faults or written through the linker's mapping in
    # 4 KiB pages, and mapping 6.6 MB of them costs more. The hello world is copied the same
    # way, and the figure as linked is printed too.
    local hello="$WORK/hello" mlsal="$WORK/mlsal-installed"
    cp "$linked" "$hello"
    cp "$MLSAL" "$mlsal"
    echo "start-up, $STARTS runs each, both binaries copied as \`cargo install\` copies them:"
    start_ratio "$hello" "$mlsal"
    check "start-up ratio (mlsal / hello world)" "$START_RATIO" "<=" 1.4
    echo "the same, as the linker left both files (for comparison; not the target):"
    start_ratio "$linked" "$MLSAL"
    echo "  start-up ratio as linked: $START_RATIO"
    if command -v valgrind >/dev/null 2>&1; then
        echo "  instructions (callgrind): hello world $(instructions "$hello"), mlsal estimate $(instructions "$mlsal" estimate --years 4 --city sf)"
    fi
    echo "  shared libraries: $(readelf -d "$MLSAL" 2>/dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')"
}
start_ratio() { # hello mlsal -> prints the medians, sets START_RATIO
    local hello=$1 est="$2 estimate --years 4 --city sf" t_hello t_est
    if command -v hyperfine >/dev/null 2>&1; then
        echo "  \$ hyperfine -N --warmup 30 --runs $STARTS --export-csv $WORK/start.csv $hello '$est'"
        # Its warnings (outliers) are dropped; a failure shows what it said.
        if ! hyperfine -N --warmup 30 --runs "$STARTS" --export-csv "$WORK/start.csv" "$hello" "$est" >/dev/null 2>"$WORK/hyperfine.err"; then
            cat "$WORK/hyperfine.err" >&2
            exit 1
        fi
        # Columns: command,mean,stddev,median,user,system,min,max
        t_hello=$(awk -F, 'NR == 2 { print $4 }' "$WORK/start.csv")
        t_est=$(awk -F, 'NR == 3 { print $4 }' "$WORK/start.csv")
    else
        echo "  (hyperfine not found: timing a loop of single runs)"
        loop() { for _ in $(seq "$STARTS"); do timed "$@"; echo; done | grep . | median; }
        t_hello=$(loop "$hello")
        # shellcheck disable=SC2086 # the command's words
        t_est=$(loop $est)
    fi
    echo "  hello world: median $(awk -v t="$t_hello" 'BEGIN { printf "%.3f", t * 1000 }') ms"
    echo "  mlsal estimate: median $(awk -v t="$t_est" 'BEGIN { printf "%.3f", t * 1000 }') ms"
    START_RATIO=$(ratio "$t_est" "$t_hello")
}
instructions() { # command... -> user-space instructions of one run
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p'
}
# A mode that needs one tool beside cargo runs before the full run's checks: built, run, done.
# Start-up needs only rustc (hyperfine and valgrind are used when present); junk cities, python3.
only() { # function tool how-to-get-it
    command -v "$2" >/dev/null 2>&1 || { echo "bench: \`$2\` is missing: $3" >&2; exit 1; }
    cargo build --release --locked --quiet
    mkdir -p "$WORK"
    echo "load before: $(uptime)"
    "$1"
    echo "load after: $(uptime)"
    exit 0
}
case ${1:-} in
    startup) only startup rustc "install the Rust toolchain" ;;
    junk) only junk python3 "install Python 3" ;;
esac

missing=0
need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "bench: \`$1\` is missing: $2" >&2
        missing=1
    fi
}
need python3 "install Python 3"
need mawk "apt-get install mawk"
need rustc "install the Rust toolchain"
if [ ! -x /usr/bin/time ]; then
    echo "bench: /usr/bin/time (GNU time, for peak RSS) is missing: apt-get install time" >&2
    missing=1
fi
absent=()
for f in gen_hr.py gen_profiles.py est_hr.awk est.awk review_hr.awk; do
    [ -f "$SHARED/bench/$f" ] || absent+=("$SHARED/bench/$f")
done
if [ "${#absent[@]}" -gt 0 ]; then
    echo "bench: not found: ${absent[*]}" >&2
    echo "       The benchmark generators and awk baselines are not in this repository: they come from" >&2
    echo "       the project's shared directory (../shared next to the repository, /work/shared on the" >&2
    echo "       development machine). Set SHARED=DIR to where yours is." >&2
    missing=1
fi
[ "$missing" = 0 ] || exit 1

cargo build --release --locked --quiet
mkdir -p "$WORK"
echo "load before: $(uptime)"

generate() { # KIND N -> path of a file of N generated rows (made once)
    local kind=$1 n=$2 file="$WORK/$1-$2.csv"
    if [ ! -s "$file" ]; then
        case $kind in
            hr) set -- python3 "$SHARED/bench/gen_hr.py" "$n" 1 ;;
            hr-pay) set -- python3 "$SHARED/bench/gen_hr.py" "$n" 1 --pay ;;
            people) set -- python3 "$SHARED/bench/gen_hr.py" "$n" 7 --pay --people ;;
            profiles) set -- python3 "$SHARED/bench/gen_profiles.py" "$n" ;;
        esac
        echo "generating: $* > $file" >&2
        "$@" >"$file.tmp"
        mv "$file.tmp" "$file"
    fi
    echo "$file"
}

# 1 and 2. Throughput, side by side on the same file, output to /dev/null for both.
throughput() { # label file awk-script target [mlsal batch flags...]
    local label=$1 file=$2 awk=$3 target=$4 m=() a=()
    shift 4
    echo "throughput, $label, $RUNS alternating runs each:"
    echo "  \$ $MLSAL batch $file $* > /dev/null"
    echo "  \$ mawk -f $awk $file > /dev/null"
    for _ in $(seq "$RUNS"); do
        m+=("$(timed "$MLSAL" batch "$file" "$@")")
        a+=("$(timed mawk -f "$awk" "$file")")
    done
    local tm ta
    tm=$(printf '%s\n' "${m[@]}" | median)
    ta=$(printf '%s\n' "${a[@]}" | median)
    echo "  mlsal batch: median ${tm}s (${m[*]})"
    echo "  mawk:        median ${ta}s (${a[*]})"
    check "throughput ratio, $label (mawk time / mlsal time)" "$(ratio "$ta" "$tm")" ">=" "$target"
}
# 6. The pay review: per row against the awk peer, then peak RSS per row and summarised.
pay() {
    local file
    file=$(generate hr-pay 1000000)
    throughput "pay review, HR-shaped 1M rows with base_salary" "$file" "$SHARED/bench/review_hr.awk" 8
    echo "peak RSS of the pay review (GNU time %M):"
    local flags target
    for flags in "" "--summary --by team"; do
        target=16
        [ -n "$flags" ] && target=64
        echo "  \$ /usr/bin/time -f %M $MLSAL batch $file $flags > /dev/null"
        # shellcheck disable=SC2086
        kib=$({ /usr/bin/time -f %M "$MLSAL" batch "$file" $flags 2>&1 >/dev/null || true; } | tail -1)
        check "peak RSS MiB, pay review${flags:+ $flags}" "$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')" "<=" "$target"
    done
}
# 7. A raise budget: two passes, against the review alone on the same file.
budget() {
    local file b=() r=() tb tr flags target
    file=$(generate people 1000000)
    for _ in $(seq "$RUNS"); do
        r+=("$(timed "$MLSAL" batch "$file")")
        b+=("$(timed "$MLSAL" batch "$file" --budget 3% --perf-column rating)")
    done
    tr=$(printf '%s\n' "${r[@]}" | median)
    tb=$(printf '%s\n' "${b[@]}" | median)
    echo "  review:          median ${tr}s (${r[*]})"
    echo "  --budget 3%:     median ${tb}s (${b[*]})"
    check "raise budget time / review time" "$(ratio "$tb" "$tr")" "<=" 2
    for flags in "--budget 3% --perf-column rating" "--budget 3% --perf-column rating --summary --by team"; do
        target=16
        case $flags in *summary*) target=64 ;; esac
        # shellcheck disable=SC2086
        kib=$({ /usr/bin/time -f %M "$MLSAL" batch "$file" $flags 2>&1 >/dev/null || true; } | tail -1)
        check "peak RSS MiB, $flags" "$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')" "<=" "$target"
    done
}

# 8. Workbooks: an analyst's .xlsx in, a review .xlsx out, against the least a Python script
# would do with openpyxl.
workbook() {
    local csv="$WORK/hr-pay-100000-7.csv" book="$WORK/people-100000.xlsx" py="$WORK/review_openpyxl.py"
    if [ ! -s "$book" ]; then
        python3 "$SHARED/bench/gen_hr.py" 100000 7 --pay >"$csv"
        # The HR file as an analyst's workbook: numbers as numbers, text as text.
        python3 - "$csv" "$book" <<'PY'
import csv, sys, openpyxl
def cell(v):
    try:
        return int(v) if v.isdigit() else float(v) if v.replace(".", "", 1).isdigit() else v
    except ValueError:
        return v
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("people")
with open(sys.argv[1], newline="") as f:
    for i, row in enumerate(csv.reader(f)):
        ws.append(row if i == 0 else [cell(v) for v in row])
wb.save(sys.argv[2])
PY
    fi
    cat >"$py" <<'PY'
# The least an analyst's script does: read every row (read-only), write it back with five
# result columns (write-only). No estimate at all: the columns are placeholders.
import sys, openpyxl
src = openpyxl.load_workbook(sys.argv[1], read_only=True)
out = openpyxl.Workbook(write_only=True)
ws = out.create_sheet("review")
for i, row in enumerate(src.worksheets[0].iter_rows(values_only=True)):
    if i == 0:
        ws.append(list(row) + ["low", "mid", "high", "compa_ratio", "verdict"])
    else:
        ws.append(list(row) + [100000, 120000, 140000, 1.0, "within"])
out.save(sys.argv[2])
PY
    local m=() p=()
    echo "workbooks, 100,000 rows, $RUNS alternating runs each:"
    echo "  \$ $MLSAL batch $book -o $WORK/review.xlsx"
    echo "  \$ python3 $py $book $WORK/review-py.xlsx"
    for _ in $(seq "$RUNS"); do
        m+=("$(timed "$MLSAL" batch "$book" -o "$WORK/review.xlsx")")
        p+=("$(timed python3 "$py" "$book" "$WORK/review-py.xlsx")")
    done
    local tm tp
    tm=$(printf '%s\n' "${m[@]}" | median)
    tp=$(printf '%s\n' "${p[@]}" | median)
    echo "  mlsal batch:     median ${tm}s (${m[*]})"
    echo "  python openpyxl: median ${tp}s (${p[*]})"
    check "workbook ratio (openpyxl script time / mlsal time)" "$(ratio "$tp" "$tm")" ">=" 15
    if [ -x /usr/bin/time ]; then
        local kib
        kib=$({ /usr/bin/time -f %M "$MLSAL" batch "$book" -o "$WORK/review.xlsx" 2>&1 >/dev/null || true; } | tail -1)
        check "peak RSS MiB, batch people.xlsx -o review.xlsx" "$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')" "<=" 64
    fi
}
case ${1:-} in
    budget | workbook | pay)
        "$1"
        echo "load after: $(uptime)"
        exit 0
        ;;
esac

HR1M=$(generate hr 1000000)
P1M=$(generate profiles 1000000)
throughput "HR-shaped 1M rows" "$HR1M" "$SHARED/bench/est_hr.awk" 10
throughput "repetitive 1M rows" "$P1M" "$SHARED/bench/est.awk" 6

# 3. Peak memory at 1M and 10M rows.
echo "peak RSS (GNU time %M):"
for file in "$HR1M" "$(generate hr 10000000)" "$P1M" "$(generate profiles 10000000)"; do
    echo "  \$ /usr/bin/time -f %M $MLSAL batch $file > /dev/null"
    kib=$({ /usr/bin/time -f %M "$MLSAL" batch "$file" 2>&1 >/dev/null || true; } | tail -1)
    check "peak RSS MiB, $(basename "$file")" "$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')" "<=" 16
done

startup

junk
pay
budget
workbook
echo "load after: $(uptime)"
