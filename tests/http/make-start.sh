#!/bin/sh
# make-start.sh: the README's promise, literally: `make start` on a free
# port brings the stack up with the demo college, /healthz answers
# through nginx, and `make stop` leaves nothing running.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d /tmp/tessera-start.XXXXXX)
chmod 0755 "$TMP"
for i in 1 2 3 4 5 6 7 8 9 10; do
	PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
	curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" || break
done
export TESSERA_VAR=$TMP/var
pass=0; fail=0
t() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "  FAIL: $*"; fi; }

make -s -C "$ROOT" start PORT="$PORT" TESSERA_DB="$TMP/var/college.db" >"$TMP/start.log" 2>&1
t [ $? -eq 0 ]
t [ "$(curl -s --max-time 5 "http://127.0.0.1:$PORT/healthz")" = ok ]
t [ -s "$TMP/var/college.db" ]
# Its message says where to log in and where the office is, and nothing
# about another command (issue 13).
t grep -q "/login" "$TMP/start.log"
t grep -q "/admin" "$TMP/start.log"
t sh -c "! grep -q 'under .make run' '$TMP/start.log'"
t sh -c "curl -s --max-time 5 'http://127.0.0.1:$PORT/courses' | grep -q '<html'"
# The mailer runs beside the programs and delivers into the Maildir
# beside the database (the demo's mail, with no setup).
t [ -s "$TMP/var/run/mail.pid" ]
t kill -0 "$(cat "$TMP/var/run/mail.pid")"
mailpid=$(cat "$TMP/var/run/mail.pid")
t [ -d "$TMP/var/mail/new" ]
# A second start refuses while the first runs.
make -s -C "$ROOT" start PORT="$PORT" TESSERA_DB="$TMP/var/college.db" >/dev/null 2>&1
t [ $? -ne 0 ]
make -s -C "$ROOT" stop >"$TMP/stop.log" 2>&1
t [ $? -eq 0 ]
t [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/healthz")" = 000 ]
t sh -c "! kill -0 $mailpid 2>/dev/null"
left=$(pgrep -f "$TMP/var" | wc -l)
t [ "$left" -eq 0 ]
t [ -z "$(ls "$TMP/var/run/"*.sock 2>/dev/null)" ]

# A broken template stops a program at start-up, naming file and line.
mkdir -p "$TMP/tmpl"
cp "$ROOT"/templates/*.html "$TMP/tmpl/"
printf 'ok\n<TMPL_IF name="x">\nnever closed\n' > "$TMP/tmpl/broken.html"
msg=$(TESSERA_TEMPLATES=$TMP/tmpl TESSERA_DB=$TMP/var/college.db \
    "$ROOT/cgi-bin/catalogue.fcgi" --check 2>&1)
t [ $? -eq 1 ]
t sh -c "printf '%s' '$msg' | grep -q 'broken.html:2:'"
# A database that cannot be opened stops it too.
TESSERA_DB=$TMP/nowhere/x.db "$ROOT/cgi-bin/catalogue.fcgi" --check >/dev/null 2>&1
t [ $? -eq 1 ]

# A checkout in a folder other users cannot enter (issue 11, point 10):
# cloned into a 0700 folder and started as root, nginx's workers run as
# nobody; the stylesheet and /static/* must still be served (the stack
# serves a readable copy, tools/stack.sh share_dir). The clone is this
# tree's last commit, with the binaries just built (make -o all: not
# built again).
if [ "$(id -u)" -eq 0 ]; then
	PRIV=$(mktemp -d /tmp/tessera-private.XXXXXX)
	chmod 0700 "$PRIV"
	git clone -q "$ROOT" "$PRIV/tessera"
	mkdir -p "$PRIV/tessera/bin"
	cp "$ROOT/bin/tessera" "$PRIV/tessera/bin/"
	cp "$ROOT"/cgi-bin/*.fcgi "$PRIV/tessera/cgi-bin/"
	[ -f "$ROOT/templates/static/jsqr.js" ] &&
	    cp "$ROOT/templates/static/jsqr.js" "$PRIV/tessera/templates/static/"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		PPORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PPORT/" || break
	done
	env -u TESSERA_VAR make -s -C "$PRIV/tessera" -o all start \
	    PORT="$PPORT" TESSERA_DB="$PRIV/tessera/var/tessera.db" \
	    >"$TMP/private-start.log" 2>&1
	t [ $? -eq 0 ]
	t [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PPORT/static/style.css")" = 200 ]
	t sh -c "curl -s --max-time 5 'http://127.0.0.1:$PPORT/static/style.css' | grep -q 'font'"
	t [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PPORT/courses")" = 200 ]
	t grep -q "cannot enter" "$TMP/private-start.log"
	share=$(cat "$PRIV/tessera/var/run/share" 2>/dev/null)
	env -u TESSERA_VAR make -s -C "$PRIV/tessera" stop >>"$TMP/private-start.log" 2>&1
	t [ $? -eq 0 ]
	t [ -n "$share" ] && t [ ! -e "$share" ]
	[ "$fail" -eq 0 ] || cat "$TMP/private-start.log"
	rm -rf "$PRIV"
else
	echo "make-start: not root: the private-checkout test needs root (skipped)"
fi

[ "$fail" -eq 0 ] || { cat "$TMP/start.log" "$TMP/stop.log"; }
echo "make-start: $pass passed, $fail failed"
rm -rf "$TMP"
[ "$fail" -eq 0 ]
