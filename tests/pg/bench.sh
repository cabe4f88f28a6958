#!/bin/sh
# bench.sh: PostgreSQL figures for `make bench-pg`, through nginx, from
# the release build: confirmed bookings per second on one host (the
# primary with a synchronous standby: synchronous_commit = on, each
# commit on both before the answer), the catalogue (/courses) against
# the hello-world FastCGI responder, and the same bookings from two
# hosts (tests/pg/hosts.sh with BENCH=1; the primary alone, two hosts in
# network namespaces on this one machine). Failover time: make
# test-cluster prints it.
# Environment: BENCH_SECONDS (10), BENCH_CONNS (32), WORKERS (4),
# BENCH_STANDBY ("standby"; empty: the primary alone), BENCH_ONLY (the
# parts to run, e.g. "booking"; all when unset): catalogue booking hosts,
# BENCH_PG_SET (server settings for this run, "name=value ...", set on
# the primary with ALTER SYSTEM, e.g. "commit_delay=200
# commit_siblings=4"; README says what production should set).
set -u
only() {
	[ -z "${BENCH_ONLY:-}" ] && return 0
	case " $BENCH_ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-32}
make -s -C "$ROOT" build/release/tests/hello.fcgi >/dev/null
TMP=$(mktemp -d /tmp/tessera-pgbench.XXXXXX)
chmod 0755 "$TMP"
for i in 1 2 3 4 5 6 7 8 9 10; do
	PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
	curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || break
done
export PORT TESSERA_VAR=$TMP/var WORKERS=${WORKERS:-4} TESSERA_LIMITS=off
export TESSERA_BIN=$ROOT/build/release/cgi-bin TESSERA_TOOL=$ROOT/build/release/bin/tessera
export TESSERA_KEY_FILE=$TMP/var/booking.key TESSERA_MAILDIR=$TMP/var/mail
BASE=http://127.0.0.1:$PORT
RUN=$TMP/var/run
PGDIR=$TMP/pg
mkdir -p "$RUN"
export TESSERA_EXTRA_NGINX="location = /_hello { include $ROOT/nginx/fastcgi.conf; fastcgi_pass unix:$RUN/hello.sock; }"
cleanup() {
	[ -f "$RUN/hello.pid" ] && kill "$(cat "$RUN/hello.pid")" 2>/dev/null
	sh "$ROOT/tools/stack.sh" stop >/dev/null 2>&1
	sh "$ROOT/tests/pg/cluster.sh" stop "$PGDIR" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

sh "$ROOT/tests/pg/cluster.sh" start "$PGDIR" ${BENCH_STANDBY-standby} || exit 1
. "$PGDIR/env"
pg_sql() { sh "$ROOT/tests/pg/cluster.sh" psql "$PGDIR" -At -c "$1"; }
for kv in ${BENCH_PG_SET:-}; do
	pg_sql "ALTER SYSTEM SET ${kv%%=*} = '${kv#*=}'" >/dev/null || exit 1
done
[ -n "${BENCH_PG_SET:-}" ] && pg_sql "SELECT pg_reload_conf()" >/dev/null
TESSERA_DB=$TMP/var/source.db "$TESSERA_TOOL" demo >/dev/null 2>&1
TESSERA_DB=$TMP/var/source.db "$TESSERA_TOOL" migrate-db --to "$PG_URL" >/dev/null || exit 1
# 40 runs of 1,000 places: every booking a confirmed insert.
pg_sql "UPDATE setting SET value = '0' WHERE key = 'booking_client_max';
    INSERT INTO setting(key, value) SELECT 'booking_client_max', '0'
    WHERE NOT EXISTS (SELECT 1 FROM setting WHERE key = 'booking_client_max');
    INSERT INTO course(slug, title, summary, status)
    VALUES ('bench-course', 'Benchmark course', 'For make bench.', 'published');
    INSERT INTO run(course_id, capacity, status)
    SELECT (SELECT id FROM course WHERE slug = 'bench-course'), 1000, 'published'
    FROM generate_series(1, 40);
    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    SELECT r.id, extract(epoch FROM now())::bigint + 172800,
    extract(epoch FROM now())::bigint + 180000, (SELECT min(id) FROM venue)
    FROM run AS r JOIN course AS c ON c.id = r.course_id WHERE c.slug = 'bench-course'" >/dev/null
export TESSERA_DB=$PG_URL
sh "$ROOT/tools/stack.sh" start >/dev/null 2>&1 || { echo "bench-pg: no stack"; exit 1; }
kill -TERM "$(cat "$RUN/mail.pid")" 2>/dev/null
"$ROOT/build/release/tests/hello.fcgi" "$RUN/hello.sock" "$WORKERS" &
echo $! > "$RUN/hello.pid"
sleep 0.3
[ "$(id -u)" -eq 0 ] && chgrp nogroup "$RUN/hello.sock" && chmod 0660 "$RUN/hello.sock"

rps() { wrk -t2 -c"$CONNS" -d"${SECS}s" "$@" 2>&1 | awk '/^Requests\/sec:/ { print $2 }'; }
wrk -t2 -c"$CONNS" -d2s "$BASE/_hello" >/dev/null 2>&1
wrk -t2 -c"$CONNS" -d2s "$BASE/courses" >/dev/null 2>&1
HELLO=0 COURSES=0
if only catalogue; then
HELLO=$(rps -H 'Accept-Encoding: gzip' "$BASE/_hello")
COURSES=$(rps -H 'Accept-Encoding: gzip' "$BASE/courses")
fi

first=$(pg_sql "SELECT min(r.id) FROM run r JOIN course c ON c.id = r.course_id WHERE c.slug = 'bench-course'")
jar=$TMP/jar
curl -s -c "$jar" -o "$TMP/book.html" "$BASE/book/$first"
csrf=$(sed -n 's/.*name="csrf" value="\([A-Z2-7]*\)".*/\1/p' "$TMP/book.html" | head -n 1)
before=$(pg_sql "SELECT count(*) FROM booking WHERE status = 'confirmed'")
only booking &&
BENCH_RUN_FIRST=$first BENCH_RUNS=40 BENCH_CSRF=$csrf \
    wrk -t2 -c"$CONNS" -d"${SECS}s" -s "$ROOT/tests/bench/post.lua" "$BASE/book/$first" > "$TMP/wrk-book" 2>&1
after=$(pg_sql "SELECT count(*) FROM booking WHERE status = 'confirmed'")
BOOK=$(awk -v n=$((after - before)) -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')
SYNC=$(pg_sql "SELECT sync_state FROM pg_stat_replication")
printf '%-52s %10s %s\n' "PostgreSQL, one host: confirmed bookings/s" "$BOOK" "(target >= 1000; standby $SYNC, synchronous_commit on)"
printf '%-52s %10s\n' "PostgreSQL, one host: /courses req/s" "$COURSES"
printf '%-52s %10s\n' "hello-world FastCGI req/s" "$HELLO"
printf '%-52s %10s\n' "catalogue ratio (/courses / hello)" "$(awk -v a="$COURSES" -v b="$HELLO" 'BEGIN { printf "%.2f", a / b }')"
cleanup
trap - EXIT INT TERM
only hosts || exit 0
BENCH=1 sh "$ROOT/tests/pg/hosts.sh" build/release | grep "two hosts"
