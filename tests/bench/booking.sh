# booking.sh: sourced by run.sh. Booking POSTs through nginx: each one
# a new learner confirmed on one of 40 runs of 1,000 places (so every
# request is a real write: BEGIN IMMEDIATE, learner, booking, COMMIT,
# with synchronous=FULL), and its p99.
NB=40
sqlite3 "$TESSERA_DB" <<SQL >/dev/null
PRAGMA busy_timeout = 5000;
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO course(slug, title, summary, status)
    VALUES ('bench-course', 'Benchmark course', 'For make bench.', 'published');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NB)
INSERT INTO run(course_id, capacity, status)
    SELECT (SELECT id FROM course WHERE slug = 'bench-course'), 1000, 'published' FROM n;
INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    SELECT r.id, unixepoch('now', '+2 days'), unixepoch('now', '+2 days', '+2 hours'),
        (SELECT min(id) FROM venue)
    FROM run AS r JOIN course AS c ON c.id = r.course_id
    WHERE c.slug = 'bench-course';
COMMIT;
SQL
first=$(sqlite3 "$TESSERA_DB" "SELECT min(r.id) FROM run r JOIN course c ON c.id = r.course_id WHERE c.slug = 'bench-course'")
jar=$TMP/bench.jar
curl -s -c "$jar" -o "$TMP/book.html" "$BASE/book/$first"
csrf=$(sed -n 's/.*name="csrf" value="\([A-Z2-7]*\)".*/\1/p' "$TMP/book.html" | head -n 1)
if [ -z "$csrf" ]; then
	row "booking POST: bookings/s" "-" ">= 1000" "NO (no booking form)"
else
	before=$(sqlite3 "$TESSERA_DB" "SELECT count(*) FROM booking WHERE status = 'confirmed'")
	echo "bench: booking POSTs" >&2
	set -- $(BENCH_RUN_FIRST=$first BENCH_RUNS=$NB BENCH_CSRF=$csrf \
	    bench "$BASE/book/$first" -s "$ROOT/tests/bench/post.lua")
	B_P99=$2; B_BAD=$3
	after=$(sqlite3 "$TESSERA_DB" "SELECT count(*) FROM booking WHERE status = 'confirmed'")
	B_RATE=$(awk -v n=$((after - before)) -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')
	row "booking POST: confirmed bookings/s" "$B_RATE" ">= 1000" "$(yes ge "$B_RATE" 1000)"
	row "booking POST: p99 ms" "$B_P99" "" ""
	row "booking POST: non-2xx/3xx responses" "$B_BAD" "0" "$(yes [ "$B_BAD" = 0 ])"
fi
