#!/usr/bin/env bash
# Runs the reliability suite (as root: it creates real namespaces) and writes what it measured to docs/reliability.md.
# The suite always writes reliability.md and reliability-figures.json to its output folder; NAMESPACES_RELIABILITY_DOC
# makes it write the markdown to the given path as well. The doc is written whether or not every scenario passed:
# a failing scenario is reported in it as such.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
NAMESPACES_RELIABILITY_DOC="$repo/docs/reliability.md" dotnet test tests/Namespaces.Reliability.Tests "$@"
status=$?
echo "docs/reliability.md regenerated (dotnet test exited with $status)"
exit $status
