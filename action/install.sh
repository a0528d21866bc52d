#!/usr/bin/env bash
# Step 3 of the claimlint action (action.yml): installs claimlint from the action's own checkout
# into $CLAIMLINT_ROOT (which actions/cache restores), unless the binary there is already this
# version, and puts it on the PATH of the steps that follow.
set -euo pipefail
src="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is set by GitHub Actions}"
root="${CLAIMLINT_ROOT:?the install root}"
version="${CLAIMLINT_VERSION:?the version to install}"
installed="$("$root/bin/claimlint" --version 2>/dev/null || true)"
if [ "$installed" = "claimlint $version" ]; then
    echo "claimlint $version restored from the cache"
else
    # --locked: the versions of Cargo.lock, as tested; the release profile makes a small binary.
    cargo install --locked --path "$src" --root "$root"
fi
echo "$root/bin" >> "${GITHUB_PATH:?GITHUB_PATH is set by GitHub Actions}"
