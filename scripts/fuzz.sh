#!/usr/bin/env bash
# Fuzzes each target in fuzz/ for SECONDS (default 600), one after another on one core, and
# prints what each did: executions, corpus size, findings.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      targets: data_toml batch_csv batch_jsonl
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`). Built with
# debug assertions, so an overflow panics (-a), and without AddressSanitizer (-s none): mlsal
# is safe Rust, and the sanitizer halves the executions. The corpus grows in fuzz/corpus/
# (not committed; fuzz/seeds/ is), a finding lands in fuzz/artifacts/TARGET/, and each run's
# log in fuzz/logs/. Reproduce a finding with
#   cd fuzz && cargo +nightly fuzz run -a -s none TARGET artifacts/TARGET/crash-...
# minimise it with `cargo +nightly fuzz tmin -a -s none TARGET FILE`, fix it, and keep it as a
# test in tests/fuzzing.rs.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number, not \`$seconds\`" >&2; exit 2; }
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
(( ${#targets[@]} )) || targets=(data_toml batch_csv batch_jsonl)
cargo +nightly fuzz --version >/dev/null 2>&1 ||
    { echo "fuzz.sh: needs nightly and cargo-fuzz: rustup toolchain install nightly; cargo install cargo-fuzz --locked" >&2; exit 1; }

CARGO_TERM_QUIET=true cargo +nightly fuzz build -a -s none
mkdir -p logs
status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    before=$(find "artifacts/$target" -type f | wc -l)
    echo "fuzz.sh: $target for ${seconds}s"
    started=$(date +%s)
    if ! cargo +nightly fuzz run -a -s none "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"logs/$target.log" 2>&1; then
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$target.log" | tail -1)
    found=$(( $(find "artifacts/$target" -type f | wc -l) - before ))
    printf '%s: %s executions in %ss, corpus %s files, %s new findings%s\n' "$target" "${runs:-?}" \
        "$(( $(date +%s) - started ))" "$(find "corpus/$target" -type f | wc -l)" "$found" \
        "$( (( found > 0 )) && echo " (fuzz/artifacts/$target/; log fuzz/logs/$target.log)")"
done
exit $status
