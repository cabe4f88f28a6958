#!/bin/sh
# run.sh BUILD: start the whole stack (programs from BUILD, e.g.
# build/asan) behind real nginx on a free port with a fresh database,
# run every tests/http/test_*.sh against it, stop it, and fail if any
# test failed or any sanitizer reported anything.
#
# TESSERA_TEST_ENGINE=pg runs the same suite on PostgreSQL: a throwaway
# cluster (tests/pg/cluster.sh) in the run's folder, the demo college
# made by `tessera demo` and moved into it by `tessera migrate-db` (the
# demo script is SQLite's), the stack started on its URL (where `tessera
# init` applies sql/pg/), and the cluster removed afterwards. The tests
# reach the database only through db_sql (lib.sh).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/$1
TMP=$(mktemp -d /tmp/tessera-http.XXXXXX)
chmod 0755 "$TMP"	# nginx's workers (nobody) must reach the sockets
PASS=0; FAIL=0

# A free port: try a few at random, below the kernel's ephemeral ports
# (32768 and up), which a connection could be holding at any moment.
for i in 1 2 3 4 5 6 7 8 9 10; do
	PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
	curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || break
done
export PORT
export TESSERA_VAR=$TMP/var
export TESSERA_DB=$TMP/var/tessera.db
TESSERA_TEST_ENGINE=${TESSERA_TEST_ENGINE:-sqlite}
export TESSERA_TEST_ENGINE
export TESSERA_BIN=$BUILD/cgi-bin
export TESSERA_TOOL=$BUILD/bin/tessera
export WORKERS=${WORKERS:-2}
# nginx's per-client limits are off for the suite (its load and race
# tests are one client by design); test_flood.sh restarts the stack
# with them on and tests them.
export TESSERA_LIMITS=${TESSERA_LIMITS:-off}
# On PostgreSQL the attendance export reads its rows one at a time
# (libpq's single-row mode: a small result made and freed per row);
# ASan's quarantine (256 MB by default) keeps freed memory back, which
# test_admin.sh's flat-memory check would count as growth. A 1 MB
# quarantine still catches a use of memory just freed.
if [ "$TESSERA_TEST_ENGINE" = pg ]; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:quarantine_size_mb=1}
else
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
fi
BASE=http://127.0.0.1:$PORT
export BASE TMP BUILD ROOT

. "$ROOT/tests/http/lib.sh"

PGDIR=$TMP/pg
cleanup() {
	sh "$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true
	if db_pg; then
		sh "$ROOT/tests/pg/cluster.sh" stop "$PGDIR" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT INT TERM

if db_pg; then
	# The booking key and the mail beside the SQLite file on both
	# engines, so that the tests find them in the same places.
	export TESSERA_KEY_FILE=$TESSERA_DB.key
	export TESSERA_MAILDIR=$TMP/var/mail
	mkdir -p "$TMP/var"
	if ! sh "$ROOT/tests/pg/cluster.sh" start "$PGDIR" ||
	    ! "$TESSERA_TOOL" demo >"$TMP/demo.log" 2>&1 ||
	    ! "$TESSERA_TOOL" migrate-db --to "$(. "$PGDIR/env"; echo "$PG_URL")" \
	    >"$TMP/move.log" 2>&1; then
		cat "$TMP/demo.log" "$TMP/move.log" 2>/dev/null
		echo "http: the PostgreSQL database could not be made"
		echo "http: 0 passed, 1 failed"
		exit 1
	fi
	# From here on the college is the cluster's; the file is gone so
	# that nothing can read it by mistake.
	rm -f "$TESSERA_DB" "$TESSERA_DB-wal" "$TESSERA_DB-shm"
	TESSERA_DB=$(. "$PGDIR/env"; echo "$PG_URL")
	echo "http: on PostgreSQL ($TESSERA_DB)"
fi

if ! sh "$ROOT/tools/stack.sh" start; then
	echo "http: the stack did not start"
	echo "http: 0 passed, 1 failed"
	exit 1
fi

# Every request of these tests comes from one loopback address: lift
# the per-client booking cap (booking_client_max, 0: none) for them.
# test_booking.sh sets it to test the cap itself, then puts this back.
db_sql "INSERT INTO setting(key, value) VALUES ('booking_client_max', '0')
    ON CONFLICT(key) DO UPDATE SET value = excluded.value"

# HTTP_TESTS="booking checkin" runs only those files (while working).
for t in "$ROOT"/tests/http/test_*.sh; do
	n=$(basename "$t" .sh); n=${n#test_}
	if [ -n "${HTTP_TESTS:-}" ]; then
		case " $HTTP_TESTS " in *" $n "*) ;; *) continue;; esac
	fi
	# The one file that is about SQLite's own mechanism alone.
	if db_pg && [ "$n" = erase ]; then
		db_skip "test_erase.sh" "erasure waiting for a reader's hold on SQLite's write-ahead log to end before it checkpoints; PostgreSQL has no such file to wait for (erasure itself runs in test_admin.sh on both)"
		continue
	fi
	# The tests use short names of their own: these must outlive them.
	run_file=$(basename "$t")
	run_t0=$(date +%s)
	echo "http: $run_file"
	. "$t"
	echo "http: $run_file took $(( $(date +%s) - run_t0 )) s"
done

cleanup
trap - EXIT INT TERM
# Sanitizer reports from any worker fail the run.
if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP"/var/log/*.log 2>/dev/null; then
	grep -hE -A20 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP"/var/log/*.log | head -60
	bad "sanitizers" "a program reported an error (logs above)"
fi
echo "http: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ] && rm -rf "$TMP"
[ "$FAIL" -eq 0 ]
