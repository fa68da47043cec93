#!/usr/bin/env bash
# Run the whole suite on SQLite and on PostgreSQL (a throwaway cluster), the
# two side by side (each backend's output is printed once it has finished).
# Usage: scripts/test.sh [sqlite|postgresql ...]; extra -k PATTERN filters.
# The last line printed is the tally: "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
. scripts/pg_cluster.sh
PY=.venv/bin/python
backends=()
filters=()
while [ $# -gt 0 ]; do
    case "$1" in
        sqlite|postgresql) backends+=("$1") ;;
        -k) filters+=(-k "$2"); shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done
[ ${#backends[@]} -gt 0 ] || backends=(sqlite postgresql)

work=$(mktemp -d /tmp/clinic-test.XXXXXX)
trap 'pg_cluster_stop; rm -rf "$work"' EXIT
export TRYTOND_EMAIL__FROM=clinic@localhost
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

run_backend() {
    local backend=$1
    echo "=== $backend ==="
    case $backend in
        sqlite)
            env TRYTOND_DATABASE_URI=sqlite:// DB_NAME=:memory: \
                DB_CACHE="$work/cache-sqlite" \
                $PY -m tests.run --tally "$work/$backend.json" "${filters[@]}"
            ;;
        postgresql)
            env TRYTOND_DATABASE_URI="$PG_URI" DB_NAME=test_clinic \
                DB_CACHE="postgresql://cache" \
                $PY -m tests.run --tally "$work/$backend.json" "${filters[@]}"
            ;;
    esac
}

status=0
# the cluster is started here, not in a backend's subshell, so that the
# trap above stops it
if [[ " ${backends[*]} " == *" postgresql "* ]]; then
    pg_cluster_start || exit 1
fi
if [ ${#backends[@]} -eq 1 ]; then
    run_backend "${backends[0]}" || status=1
else
    pids=()
    for backend in "${backends[@]}"; do
        echo "Running the suite on $backend (log: $work/$backend.log)"
        run_backend "$backend" >"$work/$backend.log" 2>&1 &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || status=1
    done
    for backend in "${backends[@]}"; do
        cat "$work/$backend.log"
    done
fi
$PY - "$work" "${backends[@]}" <<'PY'
import json, os, sys
work, backends = sys.argv[1], sys.argv[2:]
passed = failed = skipped = 0
for backend in backends:
    path = os.path.join(work, backend + '.json')
    if not os.path.exists(path):
        print(f"{backend}: did not run to the end")
        failed += 1
        continue
    with open(path) as fp:
        tally = json.load(fp)
    passed += tally['passed']
    failed += tally['failed']
    skipped += tally['skipped']
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
