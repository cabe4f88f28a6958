#!/bin/sh
# failover.sh BUILD: a primary and a synchronous standby (cluster.sh);
# the stack on both (TESSERA_DB lists both hosts with
# target_session_attrs=read-write); a stream of bookings through nginx;
# the primary killed (SIGKILL) and the standby promoted (pg_ctl
# promote). Then: every booking answered 303 is in the promoted
# database (none lost); every other answer is a 503 that says to try
# again (no 500, nothing half-done: each booking has its one mail); and
# the time from the kill to the first booking answered 303 afterwards.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/$1
TMP=$(mktemp -d /tmp/tessera-failover.XXXXXX)
chmod 0755 "$TMP"
PASS=0; FAIL=0
. "$ROOT/tests/http/lib.sh"
STREAMS=${STREAMS:-4}
BEFORE_S=${BEFORE_S:-3}		# bookings before the kill
AFTER_S=${AFTER_S:-12}		# and after it

PGDIR=$TMP/pg
for i in 1 2 3 4 5 6 7 8 9 10; do
	PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
	curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || break
done
export PORT TESSERA_VAR=$TMP/var TESSERA_BIN=$BUILD/cgi-bin
export TESSERA_TOOL=$BUILD/bin/tessera TESSERA_MAILDIR=$TMP/var/mail
# A server's database has no file for the booking key to sit beside.
export TESSERA_KEY_FILE=$TMP/var/booking.key
export WORKERS=${WORKERS:-2} TESSERA_LIMITS=off
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
BASE=http://127.0.0.1:$PORT
export BASE TMP

cleanup() {
	sh "$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true
	sh "$ROOT/tests/pg/cluster.sh" stop "$PGDIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

sh "$ROOT/tests/pg/cluster.sh" start "$PGDIR" standby ||
    { echo "failover: the cluster did not start"; exit 1; }
. "$PGDIR/env"
# pg_sql [NODE] SQL
pg_sql() {
	n=primary; [ $# -gt 1 ] && { n=$1; shift; }
	sh "$ROOT/tests/pg/cluster.sh" psql "$PGDIR" "$n" -At -c "$1"
}
mkdir -p "$TMP/var"
TESSERA_DB=$TMP/var/source.db "$TESSERA_TOOL" demo >/dev/null 2>&1
TESSERA_DB=$TMP/var/source.db "$TESSERA_TOOL" migrate-db --to "$PG_URL" \
    >/dev/null || { echo "failover: migrate-db failed"; exit 1; }
pg_sql "UPDATE setting SET value = '0' WHERE key = 'booking_client_max';
    INSERT INTO setting(key, value) SELECT 'booking_client_max', '0'
    WHERE NOT EXISTS (SELECT 1 FROM setting WHERE key = 'booking_client_max');
    INSERT INTO venue(name) VALUES ('Failover Hall');
    INSERT INTO course(slug, title, status) VALUES ('failover', 'Failover', 'published');
    INSERT INTO run(course_id, capacity, status) VALUES ((SELECT max(id) FROM course), 1000, 'published');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES ((SELECT max(id) FROM run),
    extract(epoch FROM now())::bigint + 86400, extract(epoch FROM now())::bigint + 90000,
    (SELECT max(id) FROM venue))" >/dev/null
RUN=$(pg_sql "SELECT max(id) FROM run")

export TESSERA_DB=$PG_URL_BOTH
sh "$ROOT/tools/stack.sh" start >"$TMP/start.log" 2>&1 ||
    { cat "$TMP/start.log"; echo "failover: the stack did not start"; exit 1; }
JAR=$TMP/jar
fetch -c "$JAR" -b "$JAR" "$BASE/book/$RUN"
CSRF=$(csrf_of "$BODY")
check "failover form" [ -n "$CSRF" ]

# stream N: book one after another until $TMP/stop exists; each line
# "END_TIME STATUS EMAIL" (END_TIME in seconds, when the answer came).
stream() {
	i=0
	while [ ! -e "$TMP/stop" ]; do
		i=$((i + 1))
		e="s$1-$i@example.org"
		code=$(curl -s -o "$TMP/body-$1" --max-time 15 -w '%{http_code}' \
		    -b "$JAR" --data-urlencode "csrf=$CSRF" --data-urlencode "name=Stream $1" \
		    --data-urlencode "email=$e" --data "consent=yes" "$BASE/book/$RUN")
		echo "$(date +%s.%N) $code $e" >> "$TMP/stream-$1"
		if [ "$code" = 503 ] && ! grep -q "could not reach the college" "$TMP/body-$1"; then
			echo "$e" >> "$TMP/503-without-words"
		fi
	done
}
for s in $(seq 1 "$STREAMS"); do stream "$s" & done
sleep "$BEFORE_S"
sh "$ROOT/tests/pg/cluster.sh" kill "$PGDIR" primary
KILLED=$(date +%s.%N)
sh "$ROOT/tests/pg/cluster.sh" promote "$PGDIR"
sleep "$AFTER_S"
touch "$TMP/stop"
wait

cat "$TMP"/stream-* > "$TMP/all"
ok303=$(grep -c ' 303 ' "$TMP/all")
n503=$(grep -c ' 503 ' "$TMP/all")
other=$(grep -vc ' 303 \| 503 ' "$TMP/all")
echo "failover: $ok303 bookings answered 303, $n503 answered 503, $other other"
check "failover bookings before the kill" [ "$(awk -v k="$KILLED" '$1 < k && $2 == 303' "$TMP/all" | wc -l)" -gt 0 ]
check "failover bookings after the kill" [ "$(awk -v k="$KILLED" '$1 > k && $2 == 303' "$TMP/all" | wc -l)" -gt 0 ]
check "failover only 303 or 503" [ "$other" = 0 ]
check "failover 503 says try again" [ ! -e "$TMP/503-without-words" ]
check "failover promoted is primary" [ "$(pg_sql standby "SELECT pg_is_in_recovery()")" = f ]
# Zero lost: every 303's email has its booking in the promoted database.
awk '$2 == 303 { print $3 }' "$TMP/all" | sort > "$TMP/answered"
pg_sql standby "SELECT l.email FROM booking AS b JOIN learner AS l ON l.id = b.learner_id WHERE b.run_id = $RUN" |
    sort > "$TMP/stored"
lost=$(comm -23 "$TMP/answered" "$TMP/stored" | wc -l)
echo "failover: $lost of $ok303 confirmed bookings lost"
check "failover zero lost" [ "$lost" = 0 ]
# Nothing half-done: each booking stored has its one mail queued.
check "failover each booking whole" [ "$(pg_sql standby "SELECT count(*) FROM booking AS b WHERE b.run_id = $RUN AND (SELECT count(*) FROM outbox AS o WHERE o.booking_id = b.id AND o.kind IN ('confirmed', 'waitlisted')) <> 1")" = 0 ]
# Service is back at the first 303 after the last 503 (a request that
# was answered just after the kill may have been committed before it).
LAST503=$(awk '$2 == 503 { print $1 }' "$TMP/all" | sort -n | tail -n 1)
FIRST=$(awk -v k="${LAST503:-$KILLED}" '$1 > k && $2 == 303 { print $1 }' "$TMP/all" | sort -n | head -n 1)
if [ -n "$FIRST" ]; then
	secs=$(echo "$FIRST $KILLED" | awk '{ printf "%.2f", $1 - $2 }')
	echo "failover: first booking $secs s after the kill (target < 10 s)"
	check "failover under 10 s" [ "$(echo "$secs" | awk '{ print ($1 < 10) }')" = 1 ]
fi

cleanup
trap - EXIT INT TERM
if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP"/var/log/*.log 2>/dev/null; then
	bad "sanitizers" "a program reported an error"
fi
echo "failover: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ] && rm -rf "$TMP"
[ "$FAIL" -eq 0 ]
