# mail.sh: sourced by run.sh. The mailer (`tessera mail`): messages per
# second delivered to a loopback SMTP server (aiosmtpd, keeping nothing)
# over one connection, composing each message on the way; and booking
# POSTs per second while a mailer waits on an SMTP server that never
# answers, against the same without a mailer.
PY=/usr/bin/python3
NM=2000
MB=$TMP/mailbench
mkdir -p "$MB"
export TESSERA_BASE_URL=$BASE
# mb_server NAME MODE: start tests/http/smtpd.py; port in $MB/NAME/port.
mb_server() {
	"$PY" "$ROOT/tests/http/smtpd.py" "$2" "$MB/$1" 2>>"$MB/$1.log" &
	echo $! > "$MB/$1.pid"
	i=0
	while [ ! -s "$MB/$1/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
mb_sql() { sqlite3 -cmd ".timeout 10000" "$TESSERA_DB" "$@"; }
# Every booking here comes from one address: no per-client cap.
mb_sql "INSERT OR REPLACE INTO setting(key, value) VALUES ('booking_client_max', '0')"

# 1. NM queued messages, each about a booking made through the web (one
# with a sealed link: the check-in bench's rows have none, and a message
# without its link is dropped, not sent), sent by one --once.
mb_server sink sink
mb_sql "UPDATE outbox SET state = 'sent' WHERE state = 'queued';
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NM)
    INSERT INTO outbox(kind, booking_id, rcpt, msgid, created_at, due_at)
    SELECT 'confirmed', (SELECT max(id) FROM booking WHERE status = 'confirmed'
        AND token_sealed IS NOT NULL),
        'bench' || i || '@example.org', 'BENCH' || i, unixepoch(), 0 FROM n;"
echo "bench: mail to a loopback SMTP server" >&2
# The mailer's own CPU time too (GNU time, where installed): on a
# shared machine the wall-clock rate says as much about the neighbours.
TIMER=""
[ -x /usr/bin/time ] && TIMER="/usr/bin/time -f %U+%S -o $MB/cpu"
t0=$(date +%s%N)
TESSERA_SMTP="smtp://127.0.0.1:$(cat "$MB/sink/port")" $TIMER "$ROOT/bin/tessera" mail --once 2>"$MB/once.log"
t1=$(date +%s%N)
sent=$(mb_sql "SELECT count(*) FROM outbox WHERE msgid LIKE 'BENCH%' AND state = 'sent'")
conns=$(wc -l < "$MB/sink/connections")
M_RATE=$(awk -v n="$sent" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", ns ? n / (ns / 1e9) : 0 }')
row "mail: messages/s to SMTP (one connection)" "$M_RATE" ">= 200" "$(yes ge "$M_RATE" 200)"
if [ -s "$MB/cpu" ]; then
	cpu=$(awk -v n="$sent" -F+ '{ printf "%.2f", n ? ($1 + $2) * 1000 / n : 0 }' "$MB/cpu")
	row "mail: mailer CPU ms per message" "$cpu" "(for reference)" ""
fi
row "mail: delivered, connections" "$sent/$NM, $conns" "$NM, 1" "$(yes test "$sent" = "$NM" -a "$conns" = 1)"

# 2. Booking POSTs without and with a mailer stuck on a silent server,
# each measure on its own 40 fresh runs of 1,000 places.
mb_runs() {
	mb_sql "BEGIN IMMEDIATE;
	    INSERT OR IGNORE INTO course(slug, title, summary, status)
	    VALUES ('bench-mail', 'Benchmark mail', 'For make bench.', 'published');
	    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
	    INSERT INTO run(course_id, capacity, status)
	    SELECT (SELECT id FROM course WHERE slug = 'bench-mail'), 1000, 'published' FROM n;
	    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
	    SELECT r.id, unixepoch('now', '+2 days'), unixepoch('now', '+2 days', '+2 hours'),
	        (SELECT min(id) FROM venue)
	    FROM run AS r WHERE r.course_id = (SELECT id FROM course WHERE slug = 'bench-mail')
	    AND NOT EXISTS (SELECT 1 FROM session AS s WHERE s.run_id = r.id);
	    SELECT max(id) - 39 FROM run;
	    COMMIT;"
}
# mb_book: confirmed bookings/s on 40 new runs.
mb_book() {
	first=$(mb_runs)
	curl -s -c "$MB/jar" -o "$MB/book.html" "$BASE/book/$first"
	csrf=$(sed -n 's/.*name="csrf" value="\([A-Z2-7]*\)".*/\1/p' "$MB/book.html" | head -n 1)
	before=$(mb_sql "SELECT count(*) FROM booking WHERE status = 'confirmed'")
	BENCH_RUN_FIRST=$first BENCH_RUNS=40 BENCH_CSRF=$csrf \
	    bench "$BASE/book/$first" -s "$ROOT/tests/bench/post.lua" > /dev/null
	after=$(mb_sql "SELECT count(*) FROM booking WHERE status = 'confirmed'")
	awk -v n=$((after - before)) -v s="$SECS" 'BEGIN { printf "%.0f", n / s }'
}
# In the order without, with, with, without, so that a database growing
# and a machine busy with other work weigh on both sides alike.
echo "bench: bookings without and with a mailer on a silent server" >&2
A1=$(mb_book)
mb_server silent silent
TESSERA_SMTP="smtp://127.0.0.1:$(cat "$MB/silent/port")" "$ROOT/bin/tessera" mail 2>"$MB/daemon.log" &
MB_DAEMON=$!
sleep 1
B1=$(mb_book)
B2=$(mb_book)
kill -TERM $MB_DAEMON 2>/dev/null; wait $MB_DAEMON 2>/dev/null
A2=$(mb_book)
NO_MAIL=$(awk -v a="$A1" -v b="$A2" 'BEGIN { printf "%.0f", (a + b) / 2 }')
WITH_MAIL=$(awk -v a="$B1" -v b="$B2" 'BEGIN { printf "%.0f", (a + b) / 2 }')
MR=$(awk -v a="$WITH_MAIL" -v b="$NO_MAIL" 'BEGIN { printf "%.2f", b ? a / b : 0 }')
row "bookings/s, no mailer" "$NO_MAIL ($A1, $A2)" "" ""
row "bookings/s, mailer on a silent server" "$WITH_MAIL ($B1, $B2)" "" ""
row "  ratio (with / without)" "$MR" ">= 0.90" "$(yes ge "$MR" 0.9)"
for s in sink silent; do kill -TERM "$(cat "$MB/$s.pid")" 2>/dev/null; done
