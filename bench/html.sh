#!/usr/bin/env bash
# The HTML report on the generated 100k-claim corpus: how large the page is (goal: under 40 MB)
# and how soon headless Chromium has it (goal: DOMContentLoaded within 3 s), DESIGN §8. A
# benchmark, not a CI gate: run it by hand (`bash bench/html.sh`; CLAIMS=N for another size).
set -euo pipefail
cd "$(dirname "$0")/.."
claims=${CLAIMS:-100000}
work=${WORK:-$(mktemp -d)}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet
if [ ! -d "$work/corpus" ]; then
  cargo run --release --quiet --example gen_corpus -- --claims "$claims" --out "$work/corpus" >/dev/null
fi
start=$(date +%s.%N)
status=0
"$target/release/claimlint" check "$work/corpus" --format html >"$work/report.html" || status=$?
end=$(date +%s.%N)
# Exit 1 is a corpus with findings (the generated one has them); 2 would be a broken corpus.
[ "$status" -le 1 ] || { echo "claimlint exited $status" >&2; exit 1; }
bytes=$(stat -c %s "$work/report.html")
echo "claims:          $claims"
awk -v a="$start" -v b="$end" 'BEGIN { printf "render (check + html): %.2f s\n", b - a }'
echo "page size:       $((bytes / 1024 / 1024)) MB ($bytes bytes; goal < 40 MB)"
for run in 1 2 3; do
  echo "chromium run $run:  $(python3 bench/html_load.py "$work/report.html")"
done
echo "(goal: dom_content_loaded_ms < 3000)"
