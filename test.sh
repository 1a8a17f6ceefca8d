#!/usr/bin/env bash
# The same services as run.sh (PostgreSQL with the governance_test database, maildev), then a
# Debug build of the whole solution and every test. Exits non-zero if the build or a test fails.
# TRX results go to .run/test-results/ (emptied first). CI=true: no terminal UI, nothing waits
# for input.
#
#   ./test.sh                         all tests
#   ./test.sh --filter 'FullyQualifiedName~Escalation'   extra arguments go to dotnet test
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/services.sh
source scripts/services.sh

RESULTS_DIR="$GOV_RUN_DIR/test-results"

ensure_packages
ensure_postgres
ensure_maildev
ensure_browser_libraries
export_service_env governance_test
# Tests find their messages by Message-ID; an empty mailbox keeps the API answers short.
clear_maildev

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

common=(-nologo)
if [[ "${CI:-}" == true ]]; then
    common+=(-tl:off)
    export DOTNET_CLI_UI_LANGUAGE=en
fi

echo "Building Governance.sln (Debug)"
if ! dotnet build Governance.sln -c Debug "${common[@]}" -v quiet; then
    echo "test.sh: the build failed" >&2
    exit 1
fi

echo "Running tests (results in .run/test-results/)"
# console verbosity normal: each failure with its message and stack trace, plus the totals.
# --blame-hang-timeout: a test stuck for 10 minutes fails the run instead of hanging CI forever.
dotnet test Governance.sln -c Debug --no-build "${common[@]}" \
    --results-directory "$RESULTS_DIR" \
    --logger "trx" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    "$@"
