#!/bin/sh
# run.sh BUILD: tessera in a real browser. Installs what is missing
# (Debian's chromium; node and npm through tools/deps.sh; playwright-core
# and axe-core from npm at the versions in package-lock.json), starts
# the whole stack (programs from BUILD, e.g. build/asan) behind real
# nginx on a free port with a fresh demo college, runs run.mjs against
# it with Debian's chromium, stops it, and fails if any test failed or
# any sanitizer reported anything. Screenshots go to var/screenshots.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/browser
BUILD=$ROOT/${1:-build/asan}

setup_failed() {
	echo "browser: $1"
	echo "browser: 0 passed, 1 failed"
	exit 1
}

# nodejs and npm are checked by command in deps.sh (a nodejs from
# elsewhere may bundle npm and conflict with Debian's npm package).
# The fonts: the stylesheet's Arial and sans-serif, the same on every
# machine, so that screenshots and the 320 px check agree.
TESSERA_DEPS_EXTRA="chromium fonts-liberation fonts-dejavu-core poppler-utils qrencode" \
    sh "$ROOT/tools/deps.sh" ||
    setup_failed "could not install chromium, nodejs or npm"
command -v chromium >/dev/null 2>&1 || setup_failed "no chromium"
command -v sqlite3 >/dev/null 2>&1 || setup_failed "no sqlite3"

# The npm packages, exactly as locked; npm runs only when the lock
# changed since the last install, so later runs need no network.
STAMP=$HERE/node_modules/.tessera-package-lock.json
if ! cmp -s "$HERE/package-lock.json" "$STAMP" 2>/dev/null; then
	(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) ||
	    setup_failed "npm ci failed in tests/browser"
	cp "$HERE/package-lock.json" "$STAMP"
fi

TMP=$(mktemp -d /tmp/tessera-browser.XXXXXX)
chmod 0755 "$TMP"	# nginx's workers (nobody) must reach the sockets

# A free port: try a few at random.
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
# One browser books and logs in many times a minute: nginx's per-client
# limits (tested in tests/http/test_flood.sh) would refuse it.
export TESSERA_LIMITS=${TESSERA_LIMITS:-off}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
export BASE=http://127.0.0.1:$PORT
export SHOTS=$ROOT/var/screenshots
export BROWSER_TMP=$TMP/browser
mkdir -p "$SHOTS" "$BROWSER_TMP"
rm -f "$SHOTS"/*.png

cleanup() { sh "$ROOT/tools/stack.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM

if ! sh "$ROOT/tools/stack.sh" start </dev/null >"$TMP/stack.log" 2>&1; then
	cat "$TMP/stack.log"
	setup_failed "the stack did not start"
fi

# Every page of these tests comes from one loopback address: lift the
# per-client booking cap (booking_client_max, 0: none) for them.
sqlite3 -cmd ".timeout 10000" "$TESSERA_DB" \
    "INSERT OR REPLACE INTO setting(key, value) VALUES ('booking_client_max', '0')"
node "$HERE/run.mjs"
rc=$?

cleanup
trap - EXIT INT TERM
# Sanitizer reports from any worker fail the run.
if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP"/var/log/*.log 2>/dev/null; then
	grep -hE -A20 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$TMP"/var/log/*.log | head -60
	echo "browser: a program reported a sanitizer error (logs above)"
	echo "browser: 0 passed, 1 failed"
	rc=1
fi
[ "$rc" -eq 0 ] && rm -rf "$TMP"
[ "$rc" -eq 0 ]
