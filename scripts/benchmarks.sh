#!/usr/bin/env bash
# Run every benchmark (benchmarks/*.py but the _helpers) at its tiny size
# (--tiny) on PostgreSQL: a script fails when it exits non-zero or prints
# no figures. The figures are not judged (the machine is shared), only that
# they come. Usage: scripts/benchmarks.sh [--tally FILE] [--database-uri
# URI]; without a URI each script starts a throwaway cluster of its own.
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
tally=""
uri=()
template=()
while [ $# -gt 0 ]; do
    case "$1" in
        --tally) tally=$2; shift ;;
        --database-uri) uri=(--database-uri "$2")
            template=(--activation-template); shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

# The rows of a benchmark's table: figures, then the target's verdict
FIGURES='[0-9]\.[0-9].*  (met|NOT met)$'
passed=0
failed=0
for script in benchmarks/[a-z]*.py; do
    out=$(mktemp)
    echo "=== $script --tiny"
    start=$SECONDS
    # (on the suite's throwaway cluster, the scripts of the same modules
    # share one activation)
    if $PY "$script" --tiny "${uri[@]}" "${template[@]}" \
            >"$out" 2>"$out.err" \
            && grep -Eq "$FIGURES" "$out"; then
        cat "$out"
        echo "ok: $script ran to its table in $((SECONDS - start)) s"
        passed=$((passed + 1))
    else
        cat "$out" "$out.err"
        echo "FAILED: $script (exit status or no figures)"
        failed=$((failed + 1))
    fi
    rm -f "$out" "$out.err"
done
echo "benchmarks: $passed passed, $failed failed"
if [ -n "$tally" ]; then
    printf '{"passed": %d, "failed": %d, "skipped": 0}\n' \
        "$passed" "$failed" >"$tally"
fi
[ "$failed" -eq 0 ]
