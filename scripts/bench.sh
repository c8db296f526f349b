#!/usr/bin/env bash
# The speed and memory targets of DESIGN.md §5, measured on this machine:
#   1. batch throughput: `mlsal batch` vs `mawk -f est.awk` on the same 1,000,000 profiles,
#      run side by side (alternating) RUNS times; medians and their ratio (target >= 10x);
#   2. peak RSS of `mlsal batch` at 1,000,000 and 10,000,000 rows (target <= 16 MiB each);
#   3. start-up: `mlsal estimate --years 4 --city sf` vs a minimal Rust hello world built here
#      with the same rustc (target <= 1.5x), with hyperfine if present, else a timed loop.
#
# usage: scripts/bench.sh            (from anywhere; RUNS=5 STARTS=300 SHARED=../shared)
# Needs python3, mawk and GNU time (`apt-get install mawk time`); hyperfine is optional.
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=${SHARED:-../shared}
RUNS=${RUNS:-5}
STARTS=${STARTS:-300}
WORK=target/bench
MLSAL=target/release/mlsal

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
[ -f "$SHARED/bench/gen_profiles.py" ] || { echo "bench: $SHARED/bench/gen_profiles.py not found (set SHARED)" >&2; missing=1; }
[ "$missing" = 0 ] || exit 1

cargo build --release --locked --quiet
mkdir -p "$WORK"

profiles() { # N -> path of a file of N generated profiles (made once)
    local file="$WORK/profiles-$1.csv"
    if [ ! -s "$file" ]; then
        echo "generating $1 profiles: python3 $SHARED/bench/gen_profiles.py $1" >&2
        python3 "$SHARED/bench/gen_profiles.py" "$1" >"$file.tmp"
        mv "$file.tmp" "$file"
    fi
    echo "$file"
}

now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
check() { # label value op target
    if awk -v v="$2" -v t="$4" -v op="$3" 'BEGIN { exit !(op == ">=" ? v >= t : v <= t) }'; then
        echo "  $1: $2 (target $3 $4) met"
    else
        echo "  $1: $2 (target $3 $4) MISSED"
    fi
}

# 1. Throughput, side by side on the same file, output to /dev/null for both.
P1M=$(profiles 1000000)
BATCH_CMD="$MLSAL batch $P1M"
AWK_CMD="mawk -f $SHARED/bench/est.awk $P1M"
echo "throughput, $RUNS alternating runs each:"
echo "  $ $BATCH_CMD > /dev/null"
echo "  $ $AWK_CMD > /dev/null"
: >"$WORK/mlsal.times"
: >"$WORK/mawk.times"
for _ in $(seq "$RUNS"); do
    s=$(now); $BATCH_CMD >/dev/null; e=$(now); elapsed "$s" "$e" >>"$WORK/mlsal.times"; echo >>"$WORK/mlsal.times"
    s=$(now); $AWK_CMD >/dev/null; e=$(now); elapsed "$s" "$e" >>"$WORK/mawk.times"; echo >>"$WORK/mawk.times"
done
T_MLSAL=$(grep . "$WORK/mlsal.times" | median)
T_MAWK=$(grep . "$WORK/mawk.times" | median)
echo "  mlsal batch: median ${T_MLSAL}s ($(grep . "$WORK/mlsal.times" | tr '\n' ' '))"
echo "  mawk:        median ${T_MAWK}s ($(grep . "$WORK/mawk.times" | tr '\n' ' '))"
check "throughput ratio (mawk time / mlsal time)" "$(ratio "$T_MAWK" "$T_MLSAL")" ">=" 10

# 2. Peak memory at 1M and 10M rows.
echo "peak RSS (GNU time %M):"
P10M=$(profiles 10000000)
for file in "$P1M" "$P10M"; do
    echo "  $ /usr/bin/time -f %M $MLSAL batch $file > /dev/null"
    kib=$(/usr/bin/time -f %M "$MLSAL" batch "$file" 2>&1 >/dev/null | tail -1)
    check "peak RSS MiB, $(basename "$file")" "$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')" "<=" 16
done

# 3. Start-up against a hello world built with the same compiler.
HELLO="$WORK/hello"
printf 'fn main() {\n    println!("hello world");\n}\n' >"$WORK/hello.rs"
rustc -C opt-level=3 -o "$HELLO" "$WORK/hello.rs"
EST_CMD="$MLSAL estimate --years 4 --city sf"
echo "start-up, $STARTS runs each:"
if command -v hyperfine >/dev/null 2>&1; then
    echo "  $ hyperfine -N --warmup 30 --runs $STARTS --export-csv $WORK/start.csv $HELLO '$EST_CMD'"
    hyperfine -N --warmup 30 --runs "$STARTS" --export-csv "$WORK/start.csv" "$HELLO" "$EST_CMD" >/dev/null
    # Columns: command,mean,stddev,median,user,system,min,max
    T_HELLO=$(awk -F, 'NR == 2 { print $4 }' "$WORK/start.csv")
    T_EST=$(awk -F, 'NR == 3 { print $4 }' "$WORK/start.csv")
else
    echo "  (hyperfine not found: timing a loop of single runs)"
    loop() { for _ in $(seq "$STARTS"); do s=$(now); "$@" >/dev/null; e=$(now); elapsed "$s" "$e"; echo; done | grep . | median; }
    T_HELLO=$(loop "$HELLO")
    T_EST=$(loop $EST_CMD)
fi
echo "  hello world: median $(awk -v t="$T_HELLO" 'BEGIN { printf "%.3f", t * 1000 }') ms"
echo "  mlsal estimate: median $(awk -v t="$T_EST" 'BEGIN { printf "%.3f", t * 1000 }') ms"
check "start-up ratio (mlsal / hello world)" "$(ratio "$T_EST" "$T_HELLO")" "<=" 1.5
