# test_lost.sh: "lost your link?" and the reminders' one-click stop,
# through nginx: a known and an unknown address get the same status,
# the same body and about the same time, and both are queued; the
# per-address limit gives the same answer again, the per-client limit a
# 429 (another client is not limited); csrf everywhere but on the RFC
# 8058 one-click POST, which turns reminders off and does nothing else.
# Sourced by run.sh ($BASE, $TMP, $TESSERA_DB, lib.sh).

LO=$TMP/lost
mkdir -p "$LO"

lo_sql() { db_sql "$@"; }
lo_location() { tr -d '\r' < "$HDRS" | sed -n 's/^[Ll]ocation: //p' | head -n 1; }

# A learner with a confirmed place on a run a week away; prints the
# booking's id.
LB=$(lo_sql "BEGIN;
    INSERT INTO venue(name, address, online) VALUES ('Lost Hall', '3 Road', 0);
    INSERT INTO course(slug, title, status)
    VALUES ('http-lost', 'Finding your way', 'published');
    INSERT INTO run(course_id, capacity, status)
    VALUES ((SELECT max(id) FROM course), 5, 'published');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    VALUES ((SELECT max(id) FROM run),
    $(date +%s) + 7 * 86400,
    $(date +%s) + 7 * 86400 + 3600,
    (SELECT max(id) FROM venue));
    INSERT INTO learner(email, name, created_at)
    VALUES ('known.lost@example.org', 'Known', 0);
    INSERT INTO booking(run_id, learner_id, status, token, code, needs,
    created_at, updated_at)
    VALUES ((SELECT max(id) FROM run), (SELECT max(id) FROM learner), 'confirmed',
    'LOSTTOKENAAAAAAAAAAAAAAAAA', 'LCODE1', 'Secret need', 0, 0);
    SELECT max(id) FROM booking;
    COMMIT;")
check "lost: fixture booking" [ -n "$LB" ]
# The fixture's link is plaintext, as bookings from before sql/006 were:
# `tessera init` hashes and seals it as the programs keep links now.
"$TESSERA_TOOL" init >/dev/null

# --- The form --------------------------------------------------------

fetch -c "$LO/jar" "$BASE/booking/lost"
check "lost: GET 200" [ "$STATUS" = 200 ]
body_has "lost: form posts to itself" 'action="/booking/lost"'
body_has "lost: email field" 'name="email"'
LC=$(csrf_of "$BODY")
check "lost: csrf in the form" [ -n "$LC" ]

expect_status "lost: POST without csrf is refused" 403 -b "$LO/jar" \
    --data-urlencode "email=known.lost@example.org" "$BASE/booking/lost"
expect_status "lost: malformed address is 422" 422 -b "$LO/jar" \
    --data-urlencode "csrf=$LC" --data-urlencode "email=not an address" \
    "$BASE/booking/lost"
body_has "lost: 422 says what to fix" 'Error:'
body_has "lost: 422 keeps what was typed" 'value="not an address"'
body_has "lost: 422 summary links to the field" 'href="#email"'

# --- Known and unknown: same status, same body, about the same time --

# lo_post EMAIL: POST the form, following nothing; sets STATUS, BODY.
lo_post() {
	fetch -b "$LO/jar" --data-urlencode "csrf=$LC" \
	    --data-urlencode "email=$1" "$BASE/booking/lost"
}
lo_post "known.lost@example.org"
K_STATUS=$STATUS; K_LOC=$(lo_location); cp "$BODY" "$LO/known.body"
lo_post "Unknown.Lost@example.org"
U_STATUS=$STATUS; U_LOC=$(lo_location); cp "$BODY" "$LO/unknown.body"
check "lost: known address answers 303" [ "$K_STATUS" = 303 ]
check "lost: unknown address answers the same status" [ "$U_STATUS" = "$K_STATUS" ]
check "lost: both go to the same page" [ "$K_LOC" = "/booking/lost/sent" ] &&
    check "lost: same location" [ "$U_LOC" = "$K_LOC" ]
check "lost: same body" cmp -s "$LO/known.body" "$LO/unknown.body"
check "lost: one lost message queued for the known address" \
    [ "$(lo_sql "SELECT count(*) FROM outbox WHERE kind = 'lost' AND
    rcpt = 'known.lost@example.org' AND booking_id IS NULL")" = 1 ]
check "lost: one queued for the unknown address too (normalised)" \
    [ "$(lo_sql "SELECT count(*) FROM outbox WHERE kind = 'lost' AND
    rcpt = 'unknown.lost@example.org'")" = 1 ]
check "lost: addresses are not stored in the limits table" \
    [ "$(lo_sql "SELECT count(*) FROM lost_request WHERE key LIKE '%lost@%'
    OR key LIKE '%127.0.0%'")" = 0 ]

fetch "$BASE/booking/lost/sent"
check "lost: sent page 200" [ "$STATUS" = 200 ]
body_has "lost: sent page says check your email" 'Check your email'

# Time: the median of eleven of each, interleaved so that a change in
# the machine's load (other work shares its two cores) falls on both,
# each pair from a client of its own (so no client limit is reached
# here). Both do the same work, so only noise may tell them apart; the
# margin is half the slower, or 30 ms, far below what a look-up that
# differed (a second query, a hash, a mail server) would add under load.
lo_time() {
	curl -s -o /dev/null --interface "$2" -b "$LO/jar" \
	    -w '%{time_total}\n' --max-time 20 --data-urlencode "csrf=$LC" \
	    --data-urlencode "email=$1" "$BASE/booking/lost"
}
lo_median() { sort -n | sed -n 6p; }
for i in 1 2 3 4 5 6 7 8 9 10 11; do
	lo_sql "INSERT INTO learner(email, name, created_at)
	    VALUES ('timing.known$i@example.org', 'T', 0)" >/dev/null
done
: > "$LO/tk"; : > "$LO/tu"
for i in 1 2 3 4 5 6 7 8 9 10 11; do
	# Which goes first alternates too.
	if [ $((i % 2)) = 1 ]; then
		lo_time "timing.known$i@example.org" "127.0.1.$i" >> "$LO/tk"
		lo_time "timing.nobody$i@example.org" "127.0.1.$i" >> "$LO/tu"
	else
		lo_time "timing.nobody$i@example.org" "127.0.1.$i" >> "$LO/tu"
		lo_time "timing.known$i@example.org" "127.0.1.$i" >> "$LO/tk"
	fi
done
KT=$(lo_median < "$LO/tk")
UT=$(lo_median < "$LO/tu")
echo "  lost: median time known ${KT}s, unknown ${UT}s"
check "lost: known and unknown take about the same time" awk -v a="$KT" \
    -v b="$UT" 'BEGIN { d = a - b; if (d < 0) d = -d;
    m = (a > b ? a : b) * 0.5; if (m < 0.03) m = 0.03; exit !(d <= m) }'

# --- The per-address limit: the same answer, no more mail --------------

for i in 1 2 3; do lo_post "known.lost@example.org"; done
check "lost: over the address's limit still answers 303" [ "$STATUS" = 303 ]
check "lost: over the address's limit, the same page" \
    [ "$(lo_location)" = "/booking/lost/sent" ]
check "lost: over the address's limit, the same body" \
    cmp -s "$BODY" "$LO/known.body"
check "lost: at most 3 lost messages an hour for one address" \
    [ "$(lo_sql "SELECT count(*) FROM outbox WHERE kind = 'lost' AND
    rcpt = 'known.lost@example.org'")" = 3 ]

# --- The per-client limit: 429 for this client only --------------------

i=0; LIMITED=""
while [ $i -lt 30 ]; do
	lo_post "client$i@example.org"
	if [ "$STATUS" = 429 ]; then LIMITED=yes; break; fi
	i=$((i + 1))
done
check "lost: a client asking too often gets 429" [ "$LIMITED" = yes ]
body_has "lost: 429 says to wait" 'Please wait a little'
body_has "lost: 429 keeps the form" 'name="email"'
fetch --interface 127.0.0.2 -b "$LO/jar" --data-urlencode "csrf=$LC" \
    --data-urlencode "email=other.client@example.org" "$BASE/booking/lost"
check "lost: another client is not limited" [ "$STATUS" = 303 ]

# --- Linked from the pages -------------------------------------------

fetch "$BASE/courses"
body_has "lost: linked from the catalogue" 'href="/booking/lost"'
fetch "$BASE/booking/LOSTTOKENAAAAAAAAAAAAAAAAA"
body_has "lost: linked from the booking page" 'href="/booking/lost"'

# --- Reminders: one-click stop, and on again ----------------------------

# The stop key as mail.c makes it: the booking id, "-", and the first 16
# bytes of HMAC-SHA-256 of "reminders:ID" under the mail key, in base32
# without padding; the mail key is HMAC-SHA-256 of "tessera mail v1"
# under the key file's 32 bytes (booking_subkey). Nothing of it is in
# the database.
check "lost: no mail key in the database" [ "$(lo_sql "SELECT count(*) FROM
    setting WHERE key LIKE '%key%'")" = 0 ]
RKEY=$(node -e '
const c = require("crypto"), fs = require("fs");
const sub = c.createHmac("sha256", fs.readFileSync(process.argv[1]))
    .update("tessera mail v1").digest();
const mac = c.createHmac("sha256", sub)
    .update("reminders:" + process.argv[2]).digest().subarray(0, 16);
const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
let bits = 0, v = 0, o = "";
for (const b of mac) {
	v = ((v << 8) | b) & 0xffff; bits += 8;
	while (bits >= 5) { o += A[(v >> (bits - 5)) & 31]; bits -= 5; }
}
if (bits > 0) o += A[(v << (5 - bits)) & 31];
console.log(process.argv[2] + "-" + o);' "${TESSERA_KEY_FILE:-$TESSERA_DB.key}" "$LB")
check "lost: reminder key made" [ -n "$RKEY" ]
lo_rem() { lo_sql "SELECT l.reminders FROM learner AS l JOIN booking AS b
    ON b.learner_id = l.id WHERE b.id = $LB"; }

fetch -c "$LO/jar2" "$BASE/booking/$RKEY/reminders"
check "reminders: GET 200" [ "$STATUS" = 200 ]
body_has "reminders: offers to stop" 'Stop reminders'
RC=$(csrf_of "$BODY")

# RFC 8058: a mail provider POSTs with no cookie and no csrf.
expect_status "reminders: one-click POST without csrf works" 200 \
    --data "List-Unsubscribe=One-Click" "$BASE/booking/$RKEY/reminders"
check "reminders: stopped" [ "$(lo_rem)" = 0 ]
body_has "reminders: page says they are stopped" 'Reminders are stopped'
body_has "reminders: offers to start again" 'Start reminders again'
expect_status "reminders: one-click with another body is refused" 400 \
    --data "List-Unsubscribe=Yes" "$BASE/booking/$RKEY/reminders"
expect_status "reminders: a forged key is 404" 404 \
    --data "List-Unsubscribe=One-Click" \
    "$BASE/booking/${LB}-AAAAAAAAAAAAAAAAAAAAAAAAAA/reminders"
expect_status "reminders: the booking token is not a stop key" 404 \
    --data "List-Unsubscribe=One-Click" \
    "$BASE/booking/LOSTTOKENAAAAAAAAAAAAAAAAA/reminders"

# Turning them on again is an ordinary form: csrf needed.
expect_status "reminders: start without csrf is refused" 403 \
    --data "x=1" "$BASE/booking/$RKEY/reminders/on"
check "reminders: still stopped" [ "$(lo_rem)" = 0 ]
expect_status "reminders: start with csrf" 303 -b "$LO/jar2" \
    --data-urlencode "csrf=$RC" "$BASE/booking/$RKEY/reminders/on"
check "reminders: on again" [ "$(lo_rem)" = 1 ]

# Nothing else is exempt: cancelling a booking without csrf is refused.
expect_status "csrf: cancel without csrf still refused" 403 \
    --data "List-Unsubscribe=One-Click" \
    "$BASE/booking/LOSTTOKENAAAAAAAAAAAAAAAAA/cancel"
check "csrf: the booking is not cancelled" [ "$(lo_sql "SELECT status FROM
    booking WHERE id = $LB")" = confirmed ]
expect_status "csrf: lost form without csrf still refused" 403 \
    --data "List-Unsubscribe=One-Click" --data "email=a@example.org" \
    "$BASE/booking/lost"

# --- Mail content never lands in the logs ---------------------------------

check "logs: no address from the lost form in the logs" \
    sh -c "! grep -rqs 'known.lost@example.org' '$TESSERA_VAR/log'"

# --- The office's view of a learner's mail ---------------------------------

LJ=$LO/jo
rm -f "$LJ"
fetch -c "$LJ" -b "$LJ" "$BASE/login"
c=$(csrf_of "$BODY")
fetch -c "$LJ" -b "$LJ" --data-urlencode "email=jo@demo.tessera.invalid" \
    --data-urlencode "password=admin-demo-2026" --data-urlencode "csrf=$c" \
    --data-urlencode "next=/admin" "$BASE/login"
check "office: admin logged in" [ "$STATUS" = 303 ]
LL=$(lo_sql "SELECT learner_id FROM booking WHERE id = $LB")
# What the mailer would have recorded: one sent, one refused for good.
lo_sql "INSERT INTO outbox(kind, booking_id, rcpt, msgid, created_at, due_at,
    state, sent_at, body) VALUES ('confirmed', $LB, 'known.lost@example.org',
    'LOSTMSGID1', 1000, 1000, 'sent', 1001, 'SECRET MESSAGE WORDS');
    INSERT INTO outbox(kind, booking_id, rcpt, msgid, created_at, due_at,
    state, attempts, last_error, body) VALUES ('reminder', $LB,
    'known.lost@example.org', 'LOSTMSGID2', 2000, 2000, 'failed', 1,
    '550 5.1.1 No such user here', 'SECRET MESSAGE WORDS');"
fetch -b "$LJ" "$BASE/admin/learners/$LL"
check "office: learner page 200" [ "$STATUS" = 200 ]
body_has "office: what was sent" 'Place confirmed'
body_has "office: reminder listed" 'Reminder'
body_has "office: failure said plainly" 'We could not email this learner.'
body_has "office: the server's reply" '550 5.1.1 No such user here'
body_lacks "office: never the message's words" 'SECRET MESSAGE WORDS'
body_has "office: a resend button" "action=\"/admin/learners/$LL/resend\""
OC=$(csrf_of "$BODY")
fetch -b "$LJ" "$BASE/admin"
body_has "office: dashboard counts the unreachable" 'Learners we could not email (1)'
body_has "office: dashboard links to the learner" "href=\"/admin/learners/$LL\""

expect_status "office: resend without csrf refused" 403 -b "$LJ" \
    --data "booking=$LB" "$BASE/admin/learners/$LL/resend"
expect_status "office: resend" 303 -b "$LJ" --data-urlencode "csrf=$OC" \
    --data "booking=$LB" "$BASE/admin/learners/$LL/resend"
check "office: resend queued once" [ "$(lo_sql "SELECT count(*) FROM outbox
    WHERE kind = 'resend' AND booking_id = $LB")" = 1 ]
check "office: resend audited" [ "$(lo_sql "SELECT count(*) FROM audit
    WHERE action = 'mail.resend' AND detail = 'booking $LB'")" = 1 ]
expect_status "office: another learner's booking is 404" 404 -b "$LJ" \
    --data-urlencode "csrf=$OC" --data "booking=$LB" \
    "$BASE/admin/learners/$((LL + 100000))/resend"
expect_status "office: a malformed booking is 400" 400 -b "$LJ" \
    --data-urlencode "csrf=$OC" --data "booking=x" \
    "$BASE/admin/learners/$LL/resend"

# --- What to bring, said in reminders ---------------------------------------

LR=$(lo_sql "SELECT run_id FROM booking WHERE id = $LB")
fetch -b "$LJ" "$BASE/admin/runs/$LR"
body_has "bring: the run page has the form" "action=\"/admin/runs/$LR/bring\""
BC=$(csrf_of "$BODY")
LONG=$(head -c 600 /dev/zero | tr '\0' 'x')
expect_status "bring: too long is 422" 422 -b "$LJ" --data-urlencode "csrf=$BC" \
    --data-urlencode "bring=$LONG" "$BASE/admin/runs/$LR/bring"
body_has "bring: 422 says what to fix" 'id="bring-error"'
body_has "bring: 422 keeps what was typed" "$LONG</textarea>"
expect_status "bring: saved" 303 -b "$LJ" --data-urlencode "csrf=$BC" \
    --data-urlencode "bring=A notebook & a drink" "$BASE/admin/runs/$LR/bring"
check "bring: stored" [ "$(lo_sql "SELECT bring FROM run WHERE id = $LR")" = \
    "A notebook & a drink" ]
fetch -b "$LJ" "$BASE/admin/runs/$LR"
body_has "bring: shown again, escaped" 'A notebook &amp; a drink</textarea>'
expect_status "bring: without csrf refused" 403 -b "$LJ" \
    --data-urlencode "bring=x" "$BASE/admin/runs/$LR/bring"
