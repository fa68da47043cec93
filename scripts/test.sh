#!/usr/bin/env bash
# Run the whole suite on SQLite and on PostgreSQL (a throwaway cluster), side
# by side in lanes (each lane's output is printed once all have finished);
# on PostgreSQL, every benchmark too at its tiny size (scripts/benchmarks.sh:
# that each still runs to its table), after PostgreSQL's billing lane.
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

# A lane is a run of tests.run: on each backend, the cross-module tests of
# tests/, the billing's tests and the other addons' tests run in three lanes
# side by side, each on a database of its own (they use different module
# sets, so their DB_CACHE templates differ): both cores work to the end.
run_lane() {
    local lane=$1
    echo "=== $lane ==="
    case $lane in
        sqlite-root) sqlite_lane "$lane" --part root ;;
        sqlite-billing)
            sqlite_lane "$lane" --part addons --addons-only clinic_billing ;;
        sqlite-addons)
            sqlite_lane "$lane" --part addons --addons-except clinic_billing
            ;;
        benchmarks)
            bash scripts/benchmarks.sh --tally "$work/$lane.json" \
                --database-uri "$PG_URI"
            ;;
        postgresql-root) postgresql_lane "$lane" --part root ;;
        postgresql-billing)
            postgresql_lane "$lane" --part addons --addons-only clinic_billing
            ;;
        postgresql-addons)
            postgresql_lane "$lane" --part addons \
                --addons-except clinic_billing
            ;;
    esac
}

# A lane on SQLite, in memory. Tryton syncs its caches every [cache]
# clean_timeout (300 s) at a transaction's start with an autocommit
# connection; on an in-memory SQLite database that connection is the test's
# own, so the test it falls on commits what it writes (a later test then
# met its franchise). One process needs no cache sync.
sqlite_lane() {
    local lane=$1
    shift
    env TRYTOND_DATABASE_URI=sqlite:// DB_NAME=:memory: \
        TRYTOND_CACHE__CLEAN_TIMEOUT=86400 DB_CACHE="$work/cache-$lane" \
        $PY -m tests.run "$@" --tally "$work/$lane.json" "${filters[@]}"
}

# A lane on PostgreSQL, on a database of its own (its module sets, and so
# its DB_CACHE templates, are not another lane's)
postgresql_lane() {
    local lane=$1
    shift
    env TRYTOND_DATABASE_URI="$PG_URI" DB_NAME="test_clinic_${lane#*-}" \
        DB_CACHE="postgresql://cache" \
        $PY -m tests.run "$@" --tally "$work/$lane.json" "${filters[@]}"
}

# Each group of lanes runs in the background, its lanes one after the other:
# the benchmarks follow PostgreSQL's billing lane, the shortest
benchmarks=""
[ ${#filters[@]} -eq 0 ] && benchmarks=" benchmarks"
groups=()
for backend in "${backends[@]}"; do
    case $backend in
        sqlite) groups+=(sqlite-addons sqlite-billing sqlite-root) ;;
        postgresql) groups+=(postgresql-addons
            "postgresql-billing$benchmarks" postgresql-root) ;;
    esac
done
lanes=(${groups[*]})

status=0
# the cluster is started here, not in a lane's subshell, so that the trap
# above stops it
if [[ " ${backends[*]} " == *" postgresql "* ]]; then
    pg_cluster_start || exit 1
fi
run_group() {
    local lane status=0
    for lane in "$@"; do
        local start=$SECONDS
        run_lane "$lane" >"$work/$lane.log" 2>&1 || status=1
        echo "=== $lane took $((SECONDS - start)) s" >>"$work/$lane.log"
    done
    return $status
}
pids=()
for group in "${groups[@]}"; do
    echo "Running the suite's lanes $group (logs: $work/LANE.log)"
    run_group $group &
    pids+=($!)
done
for pid in "${pids[@]}"; do
    wait "$pid" || status=1
done
for lane in "${lanes[@]}"; do
    cat "$work/$lane.log"
done
$PY - "$work" "${lanes[@]}" <<'PY'
import json, os, sys
work, lanes = sys.argv[1], sys.argv[2:]
passed = failed = skipped = 0
for lane in lanes:
    path = os.path.join(work, lane + '.json')
    if not os.path.exists(path):
        print(f"{lane}: did not run to the end")
        failed += 1
        continue
    with open(path) as fp:
        tally = json.load(fp)
    passed += tally['passed']
    failed += tally['failed']
    skipped += tally['skipped']
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if passed + failed + skipped else 1)
PY
[ $? -eq 0 ] || status=1
exit $status
