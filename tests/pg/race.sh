# race.sh: sourced by tests/pg/run.sh with the stack up on PostgreSQL
# ($BASE, $TMP, $TESSERA_DB a URL, lib.sh, pg_sql). The same races the
# SQLite suite runs (tests/http/test_booking.sh), here on PostgreSQL:
# 200 parallel bookings for 10 places; exactly 10 confirmed, 190 on the
# waiting list in the order they were taken, one booking each; then 20
# parallel submissions of one person: one booking.

RX=$TMP/race
mkdir -p "$RX"

# A published run of CAPACITY places with one session tomorrow; prints
# its id. pg_run SLUG CAPACITY
pg_run() {
	pg_sql "INSERT INTO venue(name, address, access, online)
	    VALUES ('Race Hall', '3 Test Road', 'Step-free', 0);
	    INSERT INTO course(slug, title, summary, status)
	    VALUES ('$1', 'Race course $1', 'For tests', 'published');
	    INSERT INTO run(course_id, capacity, status)
	    VALUES ((SELECT max(id) FROM course), $2, 'published');
	    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
	    VALUES ((SELECT max(id) FROM run),
	    extract(epoch FROM now())::bigint + 86400,
	    extract(epoch FROM now())::bigint + 90000,
	    (SELECT max(id) FROM venue));
	    SELECT max(id) FROM run;" | tail -n 1
}

RB=$(pg_run "race-$$" 10)
check "race run made" [ -n "$RB" ]
JR=$RX/jar
fetch -c "$JR" -b "$JR" "$BASE/book/$RB"
check "race form 200" [ "$STATUS" = 200 ]
CR=$(csrf_of "$BODY")
seq 1 200 | xargs -P 32 -I{} curl -s -o /dev/null --max-time 60 \
    -w '%{http_code} %{redirect_url}\n' -b "$JR" \
    --data "csrf=$CR&name=Learner+{}&email=race{}%40example.org&consent=yes" \
    "$BASE/book/$RB" > "$RX/codes"
check "race 200 answers" [ "$(wc -l < "$RX/codes")" = 200 ]
check "race all 303" [ "$(grep -c '^303 ' "$RX/codes")" = 200 ]
check "race no 5xx" [ "$(grep -c '^5' "$RX/codes")" = 0 ]
check "race 10 confirmed" [ "$(pg_sql "SELECT count(*) FROM booking WHERE run_id = $RB AND status = 'confirmed'")" = 10 ]
check "race 190 waitlisted" [ "$(pg_sql "SELECT count(*) FROM booking WHERE run_id = $RB AND status = 'waitlisted'")" = 190 ]
check "race one booking each" [ "$(pg_sql "SELECT count(DISTINCT learner_id) FROM booking WHERE run_id = $RB")" = 200 ]
# The confirmed are the first ten taken: no later booking got a place
# while an earlier one waits.
check "race confirmed first" [ "$(pg_sql "SELECT count(*) FROM booking AS w JOIN booking AS c ON c.run_id = w.run_id WHERE w.run_id = $RB AND w.status = 'waitlisted' AND c.status = 'confirmed' AND c.queued_at > w.queued_at")" = 0 ]
check "race one mail each" [ "$(pg_sql "SELECT count(DISTINCT o.booking_id) || ' ' || count(*) FROM outbox AS o JOIN booking AS b ON b.id = o.booking_id WHERE b.run_id = $RB AND o.kind IN ('confirmed', 'waitlisted')")" = "200 200" ]
# Positions as the booking pages show them: 1..190, no gaps, no repeats.
sed -n 's|^303 .*/booking/\([A-Z2-7]*\)$|\1|p' "$RX/codes" > "$RX/tokens"
check "race 200 links" [ "$(sort -u "$RX/tokens" | wc -l)" = 200 ]
mkdir -p "$RX/pos"
xargs -P 8 -I{} curl -s --max-time 20 -o "$RX/pos/{}" \
    -H 'Accept: application/json' "$BASE/booking/{}" < "$RX/tokens"
cat "$RX"/pos/* | sed 's/,/\n/g' |
    sed -n 's/^"waitlist_position":\([0-9]*\)$/\1/p' | sort -n > "$RX/positions"
seq 1 190 > "$RX/want"
check "race positions 1..190" cmp -s "$RX/positions" "$RX/want"

# One person, twenty submissions at once: one booking.
RD=$(pg_run "race-dup-$$" 5)
fetch -c "$JR" -b "$JR" "$BASE/book/$RD"
CD=$(csrf_of "$BODY")
seq 1 20 | xargs -P 20 -I{} curl -s -o /dev/null --max-time 60 \
    -w '%{http_code}\n' -b "$JR" \
    --data "csrf=$CD&name=Same+Person&email=same%40example.org&consent=yes" \
    "$BASE/book/$RD" > "$RX/dup-codes"
check "dup no 5xx" [ "$(grep -c '^5' "$RX/dup-codes")" = 0 ]
check "dup one booking" [ "$(pg_sql "SELECT count(*) FROM booking WHERE run_id = $RD")" = 1 ]

