#!/bin/sh
# unit.sh BUILD TEST...: the unit suite on PostgreSQL. Makes a throwaway
# cluster (cluster.sh), runs every given cmocka binary of BUILD/tests
# with TESSERA_TEST_DB set to it (tests/unit/fixture.c then gives each
# test a fresh, migrated PostgreSQL database instead of SQLite's
# :memory:), and removes the cluster.
#
# fsync is off on this cluster: it lives for one run and holds only
# test data, and the unit tests test the college's logic on the engine,
# not durability through a power cut (the end-to-end and failover runs
# keep fsync on). It halves the time the template copies take here.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$1; shift
TMP=$(mktemp -d /tmp/tessera-pg-unit.XXXXXX)
chmod 0755 "$TMP"
PGDIR=$TMP/pg

cleanup() {
	sh "$ROOT/tests/pg/cluster.sh" stop "$PGDIR" >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

if ! sh "$ROOT/tests/pg/cluster.sh" start "$PGDIR"; then
	echo "unit-pg: the cluster did not start"; exit 1
fi
sh "$ROOT/tests/pg/cluster.sh" psql "$PGDIR" -c "ALTER SYSTEM SET fsync = off" \
    -c "SELECT pg_reload_conf()" >/dev/null || exit 1
. "$PGDIR/env"
export TESSERA_TEST_DB="$PG_URL"
echo "unit-pg: on PostgreSQL ($PG_URL)"
{ sh "$ROOT/tests/run-unit.sh" "$BUILD" "$@"; echo $? > "$TMP/rc"; } 2>&1 |
    tee "$TMP/out"
# What did not run here, and why (fixture.c prints each as it skips).
echo "unit-pg: $(grep -c '^\[ SQLITE   \]' "$TMP/out") tests skipped here," \
    "being of SQLite's own mechanics"
exit "$(cat "$TMP/rc")"
