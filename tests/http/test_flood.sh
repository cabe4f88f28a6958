# test_flood.sh: nginx's per-client limits (issue 11, points 5 and 6),
# with the development configuration as `make start` writes it: the
# stack is restarted here with TESSERA_LIMITS=on (run.sh turns them off
# for the other files' load tests) and put back as it was at the end.
#
# - 400 concurrent connections from one client (127.0.0.1) to
#   /booking/TOKEN and /c/TOKEN, while a second client (127.0.0.2) gets
#   its pages: never a 502 (or any 5xx) for it, nor for the flood;
# - the flood is answered 429 with the small page and Retry-After;
# - nginx's error log grows by less than FL_LOG_MAX bytes and holds no
#   token, and no log holds a token after a 413, a flood and a
#   limit_req refusal;
# - booking and log-in POSTs have their own, tighter limits, which do
#   not touch another client.
# Sourced by run.sh ($BASE, $TMP, $ROOT, $TESSERA_VAR, lib.sh).

FL=$TMP/flood
mkdir -p "$FL"
FL_LOG_MAX=102400	# bytes the error log may grow by under the flood
FL_ELOG=$TESSERA_VAR/log/nginx-error.log
FL_LIMITS_WAS=${TESSERA_LIMITS:-on}

# fl_restart on|off [EXTRA]: the stack again, limits on or off, with
# extra server lines (stack.sh's TESSERA_EXTRA_NGINX).
fl_restart() {
	sh "$ROOT/tools/stack.sh" stop >/dev/null 2>&1
	TESSERA_LIMITS=$1 TESSERA_EXTRA_NGINX=${2:-} \
	    sh "$ROOT/tools/stack.sh" start >"$FL/start-$1.log" 2>&1
}
# For the client key: nginx also on [::1], and a page that answers the
# key the limits count by ($tessera_client, raw bytes).
FL_EXTRA="listen [::1]:$PORT; location = /_client { return 200 \"\$tessera_client\"; }"
# fl_status FROM [curl args] URL: the status only, from address FROM.
fl_status() {
	from=$1; shift
	curl -s -o /dev/null --max-time 20 --interface "$from" -w '%{http_code}' "$@" || echo 000
}
fl_size() { if [ -f "$1" ]; then wc -c < "$1"; else echo 0; fi; }

if ! fl_restart on "$FL_EXTRA"; then
	bad "flood: the stack starts with the limits on" "$(tail -5 "$FL/start-on.log")"
else
ok "flood: the stack starts with the limits on"

# Tokens of the right form that appear nowhere else: any of them in a
# log is a leak.
T1=FLOODBKAAAAAAAAAAAAAAAAAA2; T2=FLOODCKAAAAAAAAAAAAAAAAAA3
T3=FLOODOTHERBKAAAAAAAAAAAAA4; T4=FLOODOTHERCKAAAAAAAAAAAAA5
T5=FLOODTOOBIGAAAAAAAAAAAAAA6; T6=FLOODLIMITAAAAAAAAAAAAAAA7

log0=$(fl_size "$FL_ELOG")

# The flood: 400 connections at once, each asking again as soon as it
# is answered, for FL_SECONDS; statuses counted.
cat > "$FL/flood.py" <<'PYEOF'
import asyncio, sys, time, collections
port, secs, conns = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
paths = sys.argv[4:]
counts = collections.Counter()
async def one(i):
    path = paths[i % len(paths)]
    end = time.monotonic() + secs
    while time.monotonic() < end:
        try:
            r, w = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            counts["connect-failed"] += 1
            await asyncio.sleep(0.05)
            continue
        try:
            while time.monotonic() < end:
                w.write(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n")
                await w.drain()
                head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 30)
                status = head.split(b" ", 2)[1].decode()
                n = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        n = int(line.split(b":")[1])
                if n:
                    await asyncio.wait_for(r.readexactly(n), 30)
                counts[status] += 1
                if b"connection: close" in head.lower():
                    break
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError,
                asyncio.LimitOverrunError, ValueError, IndexError):
            counts["broken"] += 1
        finally:
            w.close()
async def main():
    await asyncio.gather(*(one(i) for i in range(conns)))
asyncio.run(main())
for k, v in sorted(counts.items()):
    print(k, v)
PYEOF
ulimit -n 4096 2>/dev/null || true
python3 "$FL/flood.py" "$PORT" 6 400 "/booking/$T1" "/c/$T2" > "$FL/flood.out" 2>"$FL/flood.err" &
FL_PID=$!
sleep 1
# Meanwhile another client, from another address, reads its pages.
: > "$FL/other"
i=0
while [ $i -lt 8 ]; do
	i=$((i + 1))
	echo "courses $(fl_status 127.0.0.2 "$BASE/courses")" >> "$FL/other"
	echo "booking $(fl_status 127.0.0.2 "$BASE/booking/$T3")" >> "$FL/other"
	echo "checkin $(fl_status 127.0.0.2 "$BASE/c/$T4")" >> "$FL/other"
	sleep 0.3
done
wait "$FL_PID"
log1=$(fl_size "$FL_ELOG")
echo "  flood: $(tr '\n' ' ' < "$FL/flood.out")(error log +$((log1 - log0)) bytes)"

check "flood: the flood ran" [ -s "$FL/flood.out" ]
check "flood: the other client's catalogue pages all 200" \
    [ "$(grep -c '^courses 200$' "$FL/other")" = 8 ]
check "flood: the other client's booking pages answered by the program (404: no such booking), never 5xx or 429" \
    [ "$(grep -c '^booking 404$' "$FL/other")" = 8 ]
if grep -qE '^checkin (5..|429|000)$' "$FL/other"; then
	bad "flood: the other client's check-in links answered" "$(grep checkin "$FL/other" | sort | uniq -c | tr '\n' ' ')"
else ok "flood: the other client's check-in links answered"; fi
if grep -qE '^5' "$FL/flood.out"; then
	bad "flood: no 5xx even for the flood" "$(tr '\n' ' ' < "$FL/flood.out")"
else ok "flood: no 5xx even for the flood"; fi
check "flood: the flood is refused with 429" grep -qE '^429 [0-9]+' "$FL/flood.out"
check "flood: the error log grew by less than $FL_LOG_MAX bytes ($((log1 - log0)))" \
    [ $((log1 - log0)) -lt $FL_LOG_MAX ]

# The key: an IPv4 client is its 4 bytes, an IPv6 client the first 8
# of its 16 (its /64), so every address of one home or office is one
# client. (Loopback has one IPv6 address, so ::1's /64 stands for all.)
check "flood: IPv4 client key is the address" \
    [ "$(curl -s --max-time 5 "http://127.0.0.1:$PORT/_client" | od -An -tx1 | tr -d ' \n')" = 7f000001 ]
if curl -s -g --max-time 5 -o "$FL/key6" "http://[::1]:$PORT/_client"; then
	check "flood: IPv6 client key is the /64" \
	    [ "$(od -An -tx1 < "$FL/key6" | tr -d ' \n')" = 0000000000000000 ]
else
	echo "  flood: no IPv6 loopback here: the /64 key is not checked"
fi

# A limit_req refusal from a fresh client, on the token zone: 80
# requests at once (sent one by one, a slow machine could stay under
# the rate).
mkdir -p "$FL/burst"
seq 1 80 | xargs -P 40 -I{} curl -s --max-time 20 --interface 127.0.0.4 \
    -D "$FL/burst/{}.h" -o "$FL/burst/{}.b" -w '%{http_code}\n' \
    "$BASE/booking/$T6" > "$FL/burst.codes"
n429=$(grep -c '^429$' "$FL/burst.codes")
check "flood: a burst on one booking page is limited ($n429 of 80 refused)" [ "$n429" -ge 10 ]
check "flood: the burst is otherwise answered by the program (404)" \
    [ "$(grep -vc -e '^429$' -e '^404$' "$FL/burst.codes")" = 0 ]
# The 429 page: small, its own words, when to come back.
HDRS=$(grep -l '^HTTP/1.1 429' "$FL"/burst/*.h | head -n 1)
BODY=${HDRS%.h}.b
check "flood: a 429 answer to look at" [ -n "$HDRS" ]
body_has "flood: the 429 page" "Please wait a minute"
header_has "flood: Retry-After" "^Retry-After: 60"
header_has "flood: the 429 page has the security headers" "^Content-Security-Policy: default-src 'none'"
header_has "flood: the 429 page is not stored" "^Cache-Control: no-store"

# A 413 on a token path.
head -c 100000 /dev/zero | tr '\0' 'a' > "$FL/big"
check "flood: 413 on a token path" \
    [ "$(fl_status 127.0.0.3 --data-binary @"$FL/big" "$BASE/booking/$T5/cancel")" = 413 ]

# Booking POSTs: five at once, then one each 10 s, per client.
n429=0; i=0
while [ $i -lt 8 ]; do
	i=$((i + 1))
	[ "$(fl_status 127.0.0.6 -X POST --data 'name=x' "$BASE/book/1")" = 429 ] && n429=$((n429 + 1))
done
check "flood: booking POSTs past the burst refused ($n429 of 8)" [ "$n429" -ge 2 ]
check "flood: the booking form itself is not limited by it" \
    [ "$(fl_status 127.0.0.6 "$BASE/book/1")" != 429 ]
check "flood: another client's booking POST is heard" \
    [ "$(fl_status 127.0.0.7 -X POST --data 'name=x' "$BASE/book/1")" != 429 ]
# Log-in POSTs: ten at once, then one each 6 s, per client.
n429=0; i=0
while [ $i -lt 14 ]; do
	i=$((i + 1))
	[ "$(fl_status 127.0.0.8 -X POST --data 'email=a@b.c&password=x' "$BASE/login")" = 429 ] && n429=$((n429 + 1))
done
check "flood: log-in POSTs past the burst refused ($n429 of 14)" [ "$n429" -ge 3 ]
check "flood: the log-in form still shows" [ "$(fl_status 127.0.0.8 "$BASE/login")" = 200 ]

# No token in any log, after the flood, the 413 and the limit_req.
for t in $T1 $T2 $T3 $T4 $T5 $T6; do
	if grep -rqF "$t" "$TESSERA_VAR/log"; then
		bad "flood: no token in any log ($t)" "$(grep -rlF "$t" "$TESSERA_VAR/log" | tr '\n' ' ')"
	else ok "flood: no token in any log ($t)"; fi
done
fi

# Back as run.sh started it.
if fl_restart "$FL_LIMITS_WAS"; then ok "flood: the stack restarts as before"
else bad "flood: the stack restarts as before" "$(tail -5 "$FL/start-$FL_LIMITS_WAS.log")"; fi
