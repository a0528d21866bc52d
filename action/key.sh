#!/usr/bin/env bash
# Step 1 of the claimlint action (action.yml): the cache key of the binary to install, from the
# version in the action's Cargo.toml and a digest of the sources it is built from, so that a new
# version, or any change to the sources under the same version, builds afresh. Writes `key=` and
# `version=` to $GITHUB_OUTPUT.
set -euo pipefail
src="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is set by GitHub Actions}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$src/Cargo.toml" | head -n 1)"
if [ -z "$version" ]; then
    echo "::error title=claimlint action::no version in $src/Cargo.toml" >&2
    exit 2
fi
digest="$(cd "$src" && find Cargo.toml Cargo.lock src rules -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
{
    echo "version=$version"
    echo "key=claimlint-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-$version-$digest"
} >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is set by GitHub Actions}"
