# Start a throwaway PostgreSQL cluster from Debian's binaries in a temporary
# folder; source this file, then call pg_cluster_start and pg_cluster_stop.
# pg_cluster_start exports PG_URI (postgresql://user@127.0.0.1:port/).

pg_bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_cluster_ensure_binaries() {
    if [ -z "$(pg_bin_dir)" ]; then
        if [ "$(id -u)" = 0 ]; then
            echo "Installing Debian's postgresql..."
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq postgresql >/dev/null
        else
            echo "PostgreSQL binaries are missing: apt-get install postgresql" >&2
            return 1
        fi
    fi
}

pg_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        # from / : the current folder may be closed to the postgres user
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

pg_cluster_start() {
    pg_cluster_ensure_binaries || return 1
    local bin user
    bin=$(pg_bin_dir)
    PG_TMP=$(mktemp -d /tmp/clinic-pg.XXXXXX)
    PG_PORT=$(pg_free_port)
    if [ "$(id -u)" = 0 ]; then
        user=postgres
        chown postgres "$PG_TMP"
    else
        user=$(id -un)
    fi
    pg_as_owner "$bin/initdb" -D "$PG_TMP/data" -U "$user" -A trust \
        -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 || {
        cat "$PG_TMP/initdb.log" >&2; return 1; }
    pg_as_owner "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$PG_TMP/server.log" >&2; return 1; }
    export PG_BIN="$bin" PG_USER="$user"
    export PG_URI="postgresql://$user@127.0.0.1:$PG_PORT/"
}

pg_cluster_stop() {
    [ -n "${PG_TMP:-}" ] || return 0
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop \
        >/dev/null 2>&1
    rm -rf "$PG_TMP"
}
