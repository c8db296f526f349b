#!/usr/bin/env bash
# Renders every HTML report in headless Chromium and checks it (tests/html.rs): the figures are
# on the page, hostile input shows as text, nothing loads, the screenshot is not blank.
# Installs Debian's `chromium` first when it is missing (needs root and the Debian mirror), and
# writes a screenshot of each report to target/html-reports/ to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Debian's chromium (apt-get)..." >&2
    apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi
cargo test --locked --test html -- --nocapture
cargo build --locked --release
out=target/html-reports
mkdir -p "$out"
mlsal=target/release/mlsal
$mlsal estimate --years 4 --city sf --total -f html >"$out/estimate.html"
$mlsal offer 185000 --years 4 --city seattle -f html >"$out/offer.html"
$mlsal market --years 6 --city london -f html >"$out/market.html"
$mlsal compare --years 4 --city sf --city seattle --city berlin -f html >"$out/compare.html"
$mlsal whatif --years 3 --city austin -f html >"$out/whatif.html"
$mlsal batch docs/hr.csv --summary --by team -f html >"$out/summary.html" || true
profile=$(mktemp -d)
for page in "$out"/*.html; do
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" --window-size=1000,1600 \
        --screenshot="${page%.html}.png" "file://$PWD/$page" >/dev/null 2>&1
    printf '%-28s %7d bytes  %s\n' "$(basename "$page")" "$(wc -c <"$page")" "${page%.html}.png"
done
rm -rf "$profile"
