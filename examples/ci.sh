#!/usr/bin/env sh
# claimlint as a lint step in any CI (GitLab, Jenkins, a pre-push hook): one compiler-style line
# per finding in the log, the full report kept as a JSON artefact, and claimlint's exit status as
# the step's: 0 passes, 1 means findings at or above `fail-on`, 2 an unreadable corpus or config.
#
#   examples/ci.sh [CORPUS]     (default: the current directory)
set -u
corpus="${1:-.}"

# The machine-readable report, whatever it finds; keep claimlint.json as a build artefact.
claimlint check "$corpus" --format json --fail-on never > claimlint.json
status=$?
if [ "$status" -gt 1 ]; then
    # The corpus or its config could not be read: show every problem, in full, and stop.
    claimlint check "$corpus" --format human --color never
    exit "$status"
fi

# The gate: one line per finding, and the exit status of the check.
claimlint check "$corpus" --format short
