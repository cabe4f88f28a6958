#!/bin/sh
# hosts.sh BUILD: two application hosts sharing one PostgreSQL, on one
# machine. Each host is a network namespace joined to the root one by a
# veth pair with private addresses; in it the four programs listen on
# TCP FastCGI (--listen) on the host's address only. One nginx in the
# root namespace has an upstream of both hosts for each program. Then
# the booking race of race.sh runs through it, spread over both hosts,
# and each host is checked to have served bookings.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/$1
TMP=$(mktemp -d /tmp/tessera-hosts.XXXXXX)
chmod 0755 "$TMP"
PASS=0; FAIL=0
. "$ROOT/tests/http/lib.sh"
PROGS="catalogue booking checkin admin"
# Names and a /16 of our own, so that two runs at once do not meet.
ID=$(( $$ % 10000 ))
NET=10.$(( 100 + $$ % 100 ))
HOSTS="a b"

for i in 1 2 3 4 5 6 7 8 9 10; do
	PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
	curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || break
done
BASE=http://127.0.0.1:$PORT
export BASE TMP
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
VAR=$TMP/var
mkdir -p "$VAR/log" "$VAR/run" "$VAR/nginx"
# The booking key: one file, the same for both hosts (in production a
# copy on each, like a TLS key).
export TESSERA_KEY_FILE=$VAR/booking.key
PGDIR=$TMP/pg

# host N: its namespace, its end of the veth pair, its addresses.
ns() { echo "tpg$ID$1"; }
sub() { [ "$1" = a ] && echo "$NET.1" || echo "$NET.2"; }

cleanup() {
	for p in "$VAR"/run/*.pid; do
		[ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
	done
	sleep 0.5
	for h in $HOSTS; do
		ip netns del "$(ns $h)" 2>/dev/null
		ip link del "tpg${ID}$h" 2>/dev/null
	done
	sh "$ROOT/tests/pg/cluster.sh" stop "$PGDIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

# The two hosts' networks: root side .1, host side .2 of each /24.
for h in $HOSTS; do
	ip netns add "$(ns $h)" || { echo "hosts: ip netns failed"; exit 1; }
	ip link add "tpg${ID}$h" type veth peer name "tpg${ID}${h}x"
	ip link set "tpg${ID}${h}x" netns "$(ns $h)"
	ip addr add "$(sub $h).1/24" dev "tpg${ID}$h"
	ip link set "tpg${ID}$h" up
	ip netns exec "$(ns $h)" ip addr add "$(sub $h).2/24" dev "tpg${ID}${h}x"
	ip netns exec "$(ns $h)" ip link set "tpg${ID}${h}x" up
	ip netns exec "$(ns $h)" ip link set lo up
done

# PostgreSQL in the root namespace, on both root-side addresses.
PG_LISTEN="$(sub a).1,$(sub b).1" PG_TRUST_NET="$NET.0.0/16" \
    sh "$ROOT/tests/pg/cluster.sh" start "$PGDIR" ||
    { echo "hosts: the cluster did not start"; exit 1; }
. "$PGDIR/env"
pg_sql() { sh "$ROOT/tests/pg/cluster.sh" psql "$PGDIR" -At -c "$1"; }
TESSERA_DB=$VAR/source.db "$BUILD/bin/tessera" demo >/dev/null 2>&1
TESSERA_DB=$VAR/source.db "$BUILD/bin/tessera" migrate-db --to "$PG_URL" \
    >/dev/null || { echo "hosts: migrate-db failed"; exit 1; }
pg_sql "UPDATE setting SET value = '0' WHERE key = 'booking_client_max';
    INSERT INTO setting(key, value) SELECT 'booking_client_max', '0'
    WHERE NOT EXISTS (SELECT 1 FROM setting WHERE key = 'booking_client_max')" >/dev/null

# The programs of each host, on TCP, reaching PostgreSQL over its link.
n=0
for p in $PROGS; do
	n=$((n + 1))
	for h in $HOSTS; do
		TESSERA_DB="postgresql://tessera@$(sub $h).1:$PG_PORT/tessera" \
		    ip netns exec "$(ns $h)" "$BUILD/cgi-bin/$p.fcgi" \
		    --listen "$(sub $h).2:$((9000 + n))" --workers 2 \
		    2>>"$VAR/log/$p-$h.log" &
		echo $! > "$VAR/run/$p-$h.pid"
	done
done

# Every program listening before nginx starts: a server it cannot
# reach is marked down for fail_timeout (10 s) and its pages answer 502.
n=0
for p in $PROGS; do
	n=$((n + 1))
	for h in $HOSTS; do
		i=0
		while curl -s -o /dev/null --max-time 1 \
		    "http://$(sub $h).2:$((9000 + n))/"; [ $? = 7 ]; do
			i=$((i + 1))
			[ $i -gt 100 ] && { echo "hosts: $p on $h did not listen"; exit 1; }
			sleep 0.1
		done
	done
done

# nginx: tessera's own configuration, each program's socket replaced by
# an upstream of the two hosts.
ups=""
n=0
for p in $PROGS; do
	n=$((n + 1))
	ups="$ups upstream tessera_$p { server $(sub a).2:$((9000 + n)); server $(sub b).2:$((9000 + n)); }"
done
sed -e "s|@USER@|user nobody nogroup;|" -e "s|@VAR@|$VAR|g" \
    -e "s|@ROOT@|$ROOT|g" -e "s|@PORT@|$PORT|g" \
    -e "s|@STATIC@|$ROOT/templates/static|g" -e "s|@NGTMP@|$VAR/nginx|g" \
    -e "s|^@L@|#|" -e "s|@EXTRA@||" \
    -e "s|unix:@SOCK@/\([a-z\$]*\)\.sock|tessera_\1|" \
    -e "s|^http {|http {$ups|" \
    "$ROOT/nginx/tessera.conf.in" > "$VAR/nginx/nginx.conf"
nginx -p "$VAR/nginx" -c "$VAR/nginx/nginx.conf" -e "$VAR/log/nginx-error.log" \
    2>>"$VAR/log/nginx-error.log" &
echo $! > "$VAR/run/nginx.pid"
i=0
for p in $PROGS; do
	until curl -sf -o /dev/null --max-time 2 "$BASE/healthz/$p"; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "hosts: $p did not answer"
			tail -n 5 "$VAR"/log/*.log
			exit 1
		fi
		sleep 0.1
	done
done

# Bound to the private address only: not on the host's loopback.
check "hosts not on loopback" [ "$(ip netns exec "$(ns a)" curl -s -o /dev/null \
    -w '%{http_code}' --max-time 2 http://127.0.0.1:9002/ || true)" = 000 ]

# Never every interface: the wildcard is refused, with the reason.
TESSERA_DB=$PG_URL "$BUILD/cgi-bin/booking.fcgi" --listen 0.0.0.0:9 \
    2>"$TMP/wild" >/dev/null
check "hosts wildcard refused" [ $? = 1 ]
check "hosts wildcard says why" grep -q "private address" "$TMP/wild"

# The catalogue from both hosts (nginx takes turns).
for k in 1 2; do
	expect_status "hosts courses $k" 200 "$BASE/courses"
done

echo "hosts: race.sh across two hosts"
. "$ROOT/tests/pg/race.sh"
for h in $HOSTS; do
	c=$(grep -c 'POST /book' "$VAR/log/booking-$h.log")
	echo "hosts: host $h served $c bookings"
	check "hosts $h served bookings" [ "$c" -gt 0 ]
done

# BENCH=1 (tests/pg/bench.sh): confirmed bookings/s through both hosts,
# on 40 runs of 1,000 places, as tests/bench/booking.sh measures one.
if [ "${BENCH:-0}" = 1 ]; then
	pg_sql "INSERT INTO course(slug, title, status)
	    VALUES ('bench-hosts', 'Bench', 'published');
	    INSERT INTO run(course_id, capacity, status)
	    SELECT (SELECT id FROM course WHERE slug = 'bench-hosts'), 1000,
	    'published' FROM generate_series(1, 40);
	    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
	    SELECT r.id, extract(epoch FROM now())::bigint + 172800,
	    extract(epoch FROM now())::bigint + 180000, (SELECT min(id) FROM venue)
	    FROM run AS r JOIN course AS c ON c.id = r.course_id
	    WHERE c.slug = 'bench-hosts'" >/dev/null
	first=$(pg_sql "SELECT min(r.id) FROM run r JOIN course c ON c.id = r.course_id WHERE c.slug = 'bench-hosts'")
	fetch -c "$TMP/bjar" -b "$TMP/bjar" "$BASE/book/$first"
	bc=$(csrf_of "$BODY")
	before=$(pg_sql "SELECT count(*) FROM booking WHERE status = 'confirmed'")
	BENCH_RUN_FIRST=$first BENCH_RUNS=40 BENCH_CSRF=$bc wrk -t2 \
	    -c"${BENCH_CONNS:-32}" -d"${BENCH_SECONDS:-10}s" \
	    -s "$ROOT/tests/bench/post.lua" "$BASE/book/$first" >/dev/null 2>&1
	after=$(pg_sql "SELECT count(*) FROM booking WHERE status = 'confirmed'")
	printf '%-52s %10s\n' "PostgreSQL, two hosts: confirmed bookings/s" \
	    "$(awk -v n=$((after - before)) -v s="${BENCH_SECONDS:-10}" 'BEGIN { printf "%.0f", n / s }')"
fi

cleanup
trap - EXIT INT TERM
if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$VAR"/log/*.log 2>/dev/null; then
	bad "sanitizers" "a program reported an error"
fi
echo "hosts: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ] && rm -rf "$TMP"
[ "$FAIL" -eq 0 ]
