#!/bin/sh
# run.sh BUILD: start the whole stack (programs from BUILD, e.g.
# build/asan) behind real nginx on a free port with a fresh database,
# run every tests/http/test_*.sh against it, stop it, and fail if any
# test failed or any sanitizer reported anything.
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
export TESSERA_BIN=$BUILD/cgi-bin
export TESSERA_TOOL=$BUILD/bin/tessera
export WORKERS=${WORKERS:-2}
# nginx's per-client limits are off for the suite (its load and race
# tests are one client by design); test_flood.sh restarts the stack
# with them on and tests them.
export TESSERA_LIMITS=${TESSERA_LIMITS:-off}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
BASE=http://127.0.0.1:$PORT
export BASE TMP BUILD ROOT

. "$ROOT/tests/http/lib.sh"

cleanup() { sh "$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM

if ! sh "$ROOT/tools/stack.sh" start; then
	echo "http: the stack did not start"
	echo "http: 0 passed, 1 failed"
	exit 1
fi

# Every request of these tests comes from one loopback address: lift
# the per-client booking cap (booking_client_max, 0: none) for them.
# test_booking.sh sets it to test the cap itself, then puts this back.
sqlite3 -cmd ".timeout 10000" "$TESSERA_DB" \
    "INSERT OR REPLACE INTO setting(key, value) VALUES ('booking_client_max', '0')"

# HTTP_TESTS="booking checkin" runs only those files (while working).
for t in "$ROOT"/tests/http/test_*.sh; do
	if [ -n "${HTTP_TESTS:-}" ]; then
		n=$(basename "$t" .sh); n=${n#test_}
		case " $HTTP_TESTS " in *" $n "*) ;; *) continue;; esac
	fi
	echo "http: $(basename "$t")"
	. "$t"
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
