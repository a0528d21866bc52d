#!/usr/bin/env bash
# Step 4 of the claimlint action (action.yml): checks the corpus. With `sarif: true`, a SARIF log
# of every finding is written first (without the findings an [[allow]] accepts, which code
# scanning may still open alerts for) for the upload step; then the check runs in the chosen
# format, and its exit status is the step's: 0 passes, 1 findings at or above fail-on, 2 the
# corpus, config or baseline could not be read. Writes `exit-code=` and `sarif-file=` to
# $GITHUB_OUTPUT.
set -uo pipefail
out="${GITHUB_OUTPUT:?GITHUB_OUTPUT is set by GitHub Actions}"
# The paths input: a corpus root, or claim files, separated by whitespace.
read -r -a paths <<< "${CLAIMLINT_PATHS:-.}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)
args=(check "${paths[@]}")
[ -n "${CLAIMLINT_FAIL_ON:-}" ] && args+=(--fail-on "$CLAIMLINT_FAIL_ON")
[ -n "${CLAIMLINT_BASELINE:-}" ] && args+=(--baseline "$CLAIMLINT_BASELINE")

if [ "${CLAIMLINT_SARIF:-false}" = "true" ]; then
    sarif="${RUNNER_TEMP:?RUNNER_TEMP is set by GitHub Actions}/claimlint.sarif"
    claimlint "${args[@]}" --format sarif --fail-on never --output-file "$sarif.all"
    status=$?
    if [ "$status" -gt 1 ]; then
        # Unreadable: say why in the log, in full, and stop.
        claimlint "${args[@]}" --format human --color never
        echo "exit-code=$status" >> "$out"
        exit "$status"
    fi
    if command -v jq >/dev/null 2>&1; then
        jq '.runs[].results |= map(select(.suppressions == null))' "$sarif.all" > "$sarif"
    else
        mv "$sarif.all" "$sarif"
    fi
    echo "sarif-file=$sarif" >> "$out"
fi

claimlint "${args[@]}" --format "${CLAIMLINT_FORMAT:-github}"
status=$?
echo "exit-code=$status" >> "$out"
exit "$status"
