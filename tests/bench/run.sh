#!/bin/sh
# run.sh: every benchmark, through real nginx, against a hello-world
# libfcgi responder measured in the same run; prints one table of each
# figure, its target (DESIGN.md) and whether it is met.
#
# Environment: BENCH_SECONDS (10), BENCH_CONNS (32), WORKERS (4),
# BENCH_ONLY (the parts to run, by name, e.g. "booking rss"; all when
# unset): hello catalogue booking checkin export mail door i18n rss pages.
set -u
# only PART: whether BENCH_ONLY asks for this part.
only() {
	[ -z "${BENCH_ONLY:-}" ] && return 0
	case " $BENCH_ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-32}
TESSERA_DEPS_EXTRA=wrk sh "$ROOT/tools/deps.sh"
make -s -C "$ROOT" build/release/tests/hello.fcgi >/dev/null

TMP=$(mktemp -d /tmp/tessera-bench.XXXXXX)
chmod 0755 "$TMP"
for i in 1 2 3 4 5 6 7 8 9 10; do
	PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
	curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || break
done
export PORT TESSERA_VAR=$TMP/var TESSERA_DB=$TMP/var/tessera.db
export WORKERS=${WORKERS:-4}
# wrk is one client: nginx's per-client limits would measure themselves.
export TESSERA_LIMITS=off
BASE=http://127.0.0.1:$PORT
RUN=$TMP/var/run
mkdir -p "$RUN"
# The baseline gets its own socket, route and as many workers.
export TESSERA_EXTRA_NGINX="location = /_hello { include $ROOT/nginx/fastcgi.conf; fastcgi_pass unix:$RUN/hello.sock; }"

cleanup() {
	[ -f "$RUN/hello.pid" ] && kill "$(cat "$RUN/hello.pid")" 2>/dev/null
	sh "$ROOT/tools/stack.sh" stop >/dev/null 2>&1
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

sh "$ROOT/tools/stack.sh" start || exit 1
# wrk is one client, too, for the booking cap (booking_client_max, 0:
# none): lift it, as the end-to-end tests do.
sqlite3 -cmd ".timeout 10000" "$TESSERA_DB" \
    "INSERT OR REPLACE INTO setting(key, value) VALUES ('booking_client_max', '0')"
# The stack's own mailer (Maildir, fsync per message) would compete with
# the programs for the cores; mail has its own rows (mail.sh).
kill -TERM "$(cat "$RUN/mail.pid")" 2>/dev/null
"$ROOT/build/release/tests/hello.fcgi" "$RUN/hello.sock" "$WORKERS" &
echo $! > "$RUN/hello.pid"
sleep 0.3
[ "$(id -u)" -eq 0 ] && chgrp nogroup "$RUN/hello.sock" && chmod 0660 "$RUN/hello.sock"

# wrk URL [script]: prints "RPS P99MS NON2XX"
bench() {
	url=$1; shift
	out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@" "$url" 2>&1)
	rps=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ { print $2 }')
	p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {
		v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000;
		printf "%.2f", v }')
	bad=$(printf '%s\n' "$out" | awk '/Non-2xx or 3xx responses:/ { print $NF }')
	echo "${rps:-0} ${p99:-0} ${bad:-0}"
}

RESULTS=$TMP/results
: > "$RESULTS"
# row NAME VALUE TARGET MET
row() { printf '%-44s %14s %16s %s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
yes() { if "$@"; then echo yes; else echo NO; fi; }

echo "bench: warming up" >&2
wrk -t2 -c"$CONNS" -d2s "$BASE/_hello" >/dev/null 2>&1
wrk -t2 -c"$CONNS" -d2s -H 'Accept-Encoding: gzip' "$BASE/courses" >/dev/null 2>&1
H_RPS=0

# Requests as a browser sends them: it always takes gzip.
BROWSER="Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
GZIP="Accept-Encoding: gzip, deflate, br"

if only hello || only catalogue; then
echo "bench: hello-world baseline" >&2
set -- $(bench "$BASE/_hello" -H "$BROWSER" -H "$GZIP"); H_RPS=$1; H_P99=$2
row "hello-world libfcgi: requests/s" "$H_RPS" "(baseline)" ""
row "hello-world libfcgi: p99 ms" "$H_P99" "" ""
fi

# The catalogue: the list with a filter, as a learner's browser asks.
if only catalogue; then
NRUNS=$(sqlite3 "$TESSERA_DB" "SELECT count(*) FROM run WHERE status = 'published'")
LIST="$BASE/courses?mode=in-person&page=1"
echo "bench: catalogue ($NRUNS published runs)" >&2
set -- $(bench "$LIST" -H "$BROWSER" -H "$GZIP"); C_RPS=$1; C_P99=$2; C_BAD=$3
RATIO=$(awk -v a="$C_RPS" -v b="$H_RPS" 'BEGIN { printf "%.2f", b ? a / b : 0 }')
row "catalogue list: requests/s" "$C_RPS" "" ""
row "catalogue list: ratio to hello-world" "$RATIO" ">= 0.70" "$(yes ge "$RATIO" 0.7)"
row "catalogue list: p99 ms (32 conns)" "$C_P99" "< 10" "$(yes lt "$C_P99" 10)"
row "catalogue list: non-2xx responses" "$C_BAD" "0" "$(yes [ "$C_BAD" = 0 ])"
# The same without gzip (a client that does not take it: 20 KB a page).
set -- $(bench "$LIST" -H "$BROWSER")
row "catalogue list, no gzip: ratio" "$(awk -v a="$1" -v b="$H_RPS" 'BEGIN { printf "%.2f", b ? a / b : 0 }')" "(for reference)" ""
set -- $(bench "$BASE/courses/understanding-anxiety" -H "$BROWSER" -H "$GZIP")
row "course page: requests/s" "$1" "" ""
fi

# Booking POSTs: distinct learners over many runs of 1,000 places.
# Each area's benchmark, as its part of the system exists.
for part in booking checkin export mail door i18n; do
	if only "$part" && [ -f "$ROOT/tests/bench/$part.sh" ]; then
		. "$ROOT/tests/bench/$part.sh"
	fi
done

# Resident memory of each program's workers after the load.
only rss &&
for p in catalogue booking checkin admin; do
	rss=$(for pid in $(pgrep -f "$p.fcgi --socket $RUN/$p.sock"); do
		awk '/^VmRSS:/ { print $2 }' /proc/$pid/status; done | sort -n | tail -n 1)
	mb=$(awk -v k="${rss:-0}" 'BEGIN { printf "%.1f", k / 1024 }')
	row "$p: largest worker RSS MB" "$mb" "< 8" "$(yes lt "$mb" 8)"
done

# Page weight over the wire (gzip), before images.
only pages &&
for path in /courses /courses/understanding-anxiety; do
	bytes=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$BASE$path")
	row "page bytes $path (gzip)" "$bytes" "< 30720" "$(yes [ "$bytes" -lt 30720 ])"
done

echo
printf '%-44s %14s %16s %s\n' "benchmark" "measured" "target" "met"
cat "$RESULTS"
