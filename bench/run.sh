#!/usr/bin/env bash
# Benchmarks `claimlint check` side by side with the bare parse of the same files and with DuckDB
# computing the same conflict and negation pairs in SQL, on generated corpora of 10k, 100k and 1M
# claims; and `claimlint check` again with its cache, unchanged and after one claim file changed. Prints wall time, claims per second and peak memory (medians over RUNS runs), each also
# as a ratio to claimlint on the same input.
#
# Needs: Rust (cargo), Python 3 with venv and pip, and GNU time (/usr/bin/time). DuckDB is
# installed from PyPI into bench/.venv on the first run.
#
#   bench/run.sh                       # all sizes, 3 runs each
#   SIZES="10000 100000" RUNS=5 bench/run.sh
#   WORK=/scratch/bench bench/run.sh   # where corpora are written (default bench/work)
#   BIG=1 bench/run.sh                 # also 10M claims, JSON Lines only: claimlint cold, once
#                                      # (BIG_RUNS=N for more). The corpus takes 6.2 GB of disk in
#                                      # $WORK (deleted after) and the generator 11 GB of memory
#                                      # and about 16 minutes on 2 cores
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000 1000000"}
RUNS=${RUNS:-3}
WORK=${WORK:-bench/work}
SEED=${SEED:-1}
BIG=${BIG:-0}
BIG_RUNS=${BIG_RUNS:-1}
TIME=/usr/bin/time

if ! "$TIME" -f "%e" true 2>/dev/null; then
    echo "bench/run.sh: needs GNU time at $TIME (Debian: apt-get install time)" >&2
    exit 2
fi

echo "building (release)…" >&2
cargo build --release --quiet --bin claimlint --example gen_corpus --example bare_parse
BIN=target/release
if [ ! -x bench/.venv/bin/python ]; then
    echo "installing DuckDB into bench/.venv…" >&2
    python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c "import duckdb" 2>/dev/null; then
    bench/.venv/bin/pip install --quiet duckdb
fi
PY=bench/.venv/bin/python
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

# measure SIZE INPUT TOOL CMD...: runs CMD RUNS times (output discarded), records each run's wall
# time (s) and peak resident memory (KB). Exit status 1 is claimlint's "findings", not a failure.
measure() {
    local size=$1 input=$2 tool=$3
    shift 3
    for _ in $(seq "$RUNS"); do
        local status=0
        "$TIME" -f "%e %M" -o "$WORK/time.txt" "$@" > /dev/null 2> "$WORK/stderr.txt" || status=$?
        if [ "$status" -gt 1 ]; then
            echo "bench/run.sh: \`$*\` failed (exit $status):" >&2
            cat "$WORK/stderr.txt" >&2
            exit 2
        fi
        printf '%s\t%s\t%s\t%s\n' "$size" "$input" "$tool" "$(tail -n 1 "$WORK/time.txt" | tr ' ' '\t')" >> "$RESULTS"
    done
}

for n in $SIZES; do
    toml="$WORK/c$n-toml"
    jsonl="$WORK/c$n-jsonl"
    echo "generating $n claims…" >&2
    "$BIN/examples/gen_corpus" --claims "$n" --seed "$SEED" --format toml --out "$toml" > /dev/null
    "$BIN/examples/gen_corpus" --claims "$n" --seed "$SEED" --format jsonl --out "$jsonl" > /dev/null

    # Both tools must find the same pairs before their times mean anything.
    "$BIN/claimlint" check "$jsonl" --format json --no-cache > "$WORK/claimlint.json" || [ $? -eq 1 ]
    "$PY" bench/duckdb_pairs.py "$jsonl" --dump "$WORK/duckdb.json" > /dev/null
    "$PY" - "$WORK/claimlint.json" "$WORK/duckdb.json" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
duck = json.load(open(sys.argv[2]))
for kind in ("conflict", "negation"):
    # A derived claim `r#c>rule` stands for the quoted claim `r#c` it comes from.
    ours = sorted({c.split(">")[0] for f in findings if f["kind"] == kind for c in f["claims"]})
    if ours != duck[kind]:
        sys.exit(f"claimlint and DuckDB disagree on {kind}: {len(ours)} vs {len(duck[kind])} claims")
PY

    echo "measuring $n claims ($RUNS runs each)…" >&2
    measure "$n" toml claimlint "$BIN/claimlint" check "$toml" --format json --no-cache
    measure "$n" jsonl claimlint "$BIN/claimlint" check "$jsonl" --format json --no-cache
    # Repeat runs with the cache (kept out of the corpus, which the generator rewrites): filled by
    # one run, then timed with nothing changed, and after one claim file changed (a line appended
    # to it before each run, so that each run finds it changed).
    for input in toml jsonl; do
        dir="$WORK/c$n-$input"
        cache="$WORK/cache-$n-$input"
        rm -rf "$cache"
        "$BIN/claimlint" check "$dir" --format json --cache-dir "$cache" > /dev/null || [ $? -eq 1 ]
        measure "$n" "$input" "claimlint, cached" "$BIN/claimlint" check "$dir" --format json --cache-dir "$cache"
        one=$(find "$dir/claims/reports" -type f -name "*.$input" | sort | sed -n 1p)  # reads all its input: `head` would end the pipe early (SIGPIPE under pipefail)
        measure "$n" "$input" "claimlint, cached, 1 file changed" \
            sh -c 'printf "\n" >> "$1" && exec "$2" check "$3" --format json --cache-dir "$4"' sh \
            "$one" "$BIN/claimlint" "$dir" "$cache"
        rm -rf "$cache"
    done
    measure "$n" toml "bare parse" "$BIN/examples/bare_parse" "$toml"
    measure "$n" jsonl "bare parse" "$BIN/examples/bare_parse" "$jsonl"
    measure "$n" jsonl "DuckDB (SQL pairs)" "$PY" bench/duckdb_pairs.py "$jsonl"
done

# 10M claims (issue 16: within 8 GB and 11x the 1M time): JSON Lines only, claimlint cold, and
# the corpus deleted after, for its size.
if [ "$BIG" = 1 ]; then
    n=10000000
    jsonl="$WORK/c$n-jsonl"
    echo "generating $n claims (JSON Lines)…" >&2
    "$BIN/examples/gen_corpus" --claims "$n" --seed "$SEED" --format jsonl --out "$jsonl" > /dev/null
    echo "measuring $n claims ($BIG_RUNS runs)…" >&2
    RUNS=$BIG_RUNS measure "$n" jsonl claimlint "$BIN/claimlint" check "$jsonl" --format json --no-cache
    rm -rf "$jsonl"
fi

"$PY" - "$RESULTS" <<'PY'
import statistics, sys
from collections import defaultdict

runs = defaultdict(list)
order = []
for line in open(sys.argv[1]):
    size, fmt, tool, wall, kb = line.rstrip("\n").split("\t")
    key = (int(size), fmt, tool)
    if key not in runs:
        order.append(key)
    runs[key].append((float(wall), int(kb)))

med = {k: (statistics.median(w for w, _ in v), statistics.median(m for _, m in v)) for k, v in runs.items()}
print(f"| claims | input | tool | wall (s) | claims/s | peak MB | time vs claimlint | memory vs claimlint |")
print(f"|---:|---|---|---:|---:|---:|---:|---:|")
for key in order:
    size, fmt, tool = key
    wall, kb = med[key]
    base_wall, base_kb = med[(size, fmt, "claimlint")]
    rate = f"{size / wall:,.0f}" if wall > 0 else "–"
    tr = f"{wall / base_wall:.2f}×" if base_wall > 0 else "–"
    mr = f"{kb / base_kb:.2f}×" if base_kb > 0 else "–"
    print(f"| {size:,} | {fmt} | {tool} | {wall:.2f} | {rate} | {kb / 1024:.0f} | {tr} | {mr} |")
PY
