# test_booking.sh: booking through nginx: the form and its errors, csrf,
# the booking page and its JSON, QR code and calendar, cancelling and
# promotion, runs that cannot be booked, and capacity under 200 parallel
# bookings. Sourced by run.sh ($BASE, $TMP, $TESSERA_DB, lib.sh).

BK=$TMP/booking
mkdir -p "$BK"

bk_sql() { db_sql "$@"; }
# The Location header of the last response.
bk_location() { tr -d '\r' < "$HDRS" | sed -n 's/^[Ll]ocation: //p' | head -n 1; }
# A run of a new published course: bk_run SLUG CAPACITY STATUS OFFSET...
# (a one-hour session starting OFFSET seconds from now for each OFFSET);
# prints the run id.
bk_run() {
	slug=$1; cap=$2; st=$3; shift 3
	sess=""
	for off in "$@"; do
		sess="$sess INSERT INTO session(run_id, starts_at, ends_at, venue_id)
		    VALUES ((SELECT max(id) FROM run),
		    $(date +%s) + $off,
		    $(date +%s) + $off + 3600,
		    (SELECT max(id) FROM venue WHERE online = 0));"
	done
	bk_sql "BEGIN;
	    INSERT INTO venue(name, address, access, online)
	    VALUES ('Test Hall', '2 Test Road', 'Step-free entrance', 0);
	    INSERT INTO course(slug, title, summary, status)
	    VALUES ('$slug', 'Test course $slug', 'For tests', 'published');
	    INSERT INTO run(course_id, capacity, status, online_details)
	    VALUES ((SELECT max(id) FROM course), $cap, '$st',
	    'Join at https://meet.example/$slug');
	    $sess
	    SELECT max(id) FROM run;
	    COMMIT;"
}
# bk_book JAR CSRF RUN EMAIL: POST a valid booking.
bk_book() {
	fetch -b "$1" --data-urlencode "csrf=$2" --data-urlencode "name=Test Person" \
	    --data-urlencode "email=$4" --data-urlencode "phone=07700 900999" \
	    --data-urlencode "needs=Secret support need" --data "consent=yes" \
	    "$BASE/book/$3"
}
# SHA-256 hex of a token: what the database holds instead of it.
bk_hash() { printf '%s' "$1" | sha256sum | cut -c1-64; }
# The check-in token of a manage token (written here independently of
# the C code): the first 130 bits of SHA-256("tessera check-in\0" ||
# token), base32.
bk_ckt() { printf 'tessera check-in\000%s' "$1" | sha256sum | cut -c1-34 | xxd -r -p | base32 | cut -c1-26; }
# The booking id of a manage token.
bk_id() { bk_sql "SELECT id FROM booking WHERE token_hash = '$(bk_hash "$1")'"; }
# The JSON status and waitlist position of a booking: "status pos".
bk_state() {
	curl -s --max-time 20 -H 'Accept: application/json' "$BASE/booking/$1" |
	    sed -n 's/.*"status":"\([a-z]*\)".*"waitlist_position":\([0-9a-z]*\).*/\1 \2/p'
}

# --- A run with two places: the form, errors, booking, the page ---------

DAY=86400
RA=$(bk_run http-book-a 2 published $DAY $((8 * DAY)) $((15 * DAY)))
bk_sql "UPDATE session SET status = 'cancelled' WHERE run_id = $RA AND
    starts_at = (SELECT max(starts_at) FROM session WHERE run_id = $RA);
    INSERT INTO venue(name, online) VALUES ('Online', 1);
    UPDATE session SET venue_id = (SELECT max(id) FROM venue)
    WHERE run_id = $RA AND starts_at = (SELECT starts_at FROM session
    WHERE run_id = $RA ORDER BY starts_at LIMIT 1 OFFSET 1);"
check "booking: fixture run" [ -n "$RA" ]

JA=$BK/jar-a
expect_status "book form" 200 -c "$JA" -b "$JA" "$BASE/book/$RA"
CA=$(csrf_of "$BODY")
check "book form csrf" [ -n "$CA" ]
body_has "book form title" "Test course http-book-a"
body_has "book form consent" 'name="consent"'
body_has "book form privacy link" 'href="#privacy-notice"'
body_has "book form privacy notice" 'id="privacy-notice"'
body_has "book form needs who sees" "Only the trainers of this course"
body_lacks "book form no password" 'type="password"'

# csrf: missing, wrong, or without the cookie: 403, nothing booked.
expect_status "book no csrf 403" 403 -b "$JA" --data "name=X&email=x%40example.org&consent=yes" "$BASE/book/$RA"
expect_status "book wrong csrf 403" 403 -b "$JA" --data "csrf=AAAAAAAAAAAAAAAAAAAAAAAAAA&name=X&email=x%40example.org&consent=yes" "$BASE/book/$RA"
expect_status "book no cookie 403" 403 --data "csrf=$CA&name=X&email=x%40example.org&consent=yes" "$BASE/book/$RA"
body_has "403 offers a way back" 'href="/courses"'
check "403 booked nothing" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id = $RA")" = 0 ]

# Invalid fields: 422, every typed value back, a summary linking to each.
expect_status "book invalid 422" 422 -b "$JA" --data-urlencode "csrf=$CA" \
    --data-urlencode "name=" --data-urlencode "email=not-an-email" \
    --data-urlencode "phone=call me <maybe>" \
    --data-urlencode "needs=I use a <wheelchair>" "$BASE/book/$RA"
body_has "422 summary" 'class="error-summary"'
body_has "422 links name" 'href="#name"'
body_has "422 links email" 'href="#email"'
body_has "422 links phone" 'href="#phone"'
body_has "422 links consent" 'href="#consent"'
body_has "422 consent message" "Tick the box to say you have read the privacy notice"
body_has "422 keeps email" 'value="not-an-email"'
body_has "422 keeps phone, escaped" 'value="call me &lt;maybe&gt;"'
body_has "422 keeps needs, escaped" 'I use a &lt;wheelchair&gt;</textarea>'
body_has "422 field id" 'id="email"'
body_has "422 title says error" "<title>Error: "
expect_status "book invalid email only" 422 -b "$JA" --data-urlencode "csrf=$CA" \
    --data-urlencode "name=Ada" --data-urlencode "email=ada@" --data "consent=yes" "$BASE/book/$RA"
body_has "422 keeps name" 'value="Ada"'
body_has "422 consent kept" ' checked'
# A name with a hidden right-to-left override (U+202E): refused, kindly.
expect_status "book bidi name 422" 422 -b "$JA" --data-urlencode "csrf=$CA" \
    --data-urlencode "name=$(printf 'Ada \342\200\256ecalevoL')" \
    --data-urlencode "email=ada@example.org" --data "consent=yes" "$BASE/book/$RA"
body_has "bidi message" "Please remove the hidden formatting characters from your name"
body_has "bidi links name" 'href="#name"'
check "422 booked nothing" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id = $RA")" = 0 ]

# A booking: 303 to its page.
bk_book "$JA" "$CA" "$RA" " Alice@Example.ORG "
check "book 303" [ "$STATUS" = 303 ]
LA=$(bk_location)
TA=${LA#/booking/}
check "book location" sh -c 'printf "%s" "$1" | grep -Eq "^/booking/[A-Z2-7]{26}$"' _ "$LA"
check "book learner normalised" [ "$(bk_sql "SELECT count(*) FROM learner WHERE email = 'alice@example.org'")" = 1 ]

# The same browser again (a double click): the same booking.
bk_book "$JA" "$CA" "$RA" "alice@example.org"
check "double click 303" [ "$STATUS" = 303 ]
check "double click same booking" [ "$(bk_location)" = "$LA" ]
# Another browser with the same email and name: a booking of its own,
# answered as any booking is, with nothing of Alice's; Alice's record
# and booking unchanged (the address's owner hears of it by mail).
bk_sql "UPDATE learner SET consent_at = 1000, created_at = 1000, phone = '0100' WHERE email = 'alice@example.org'"
JX=$BK/jar-x
fetch -c "$JX" -b "$JX" "$BASE/book/$RA"
CX=$(csrf_of "$BODY")
bk_book "$JX" "$CX" "$RA" "alice@example.org"
check "other browser 303" [ "$STATUS" = 303 ]
TX=$(bk_location); TX=${TX#/booking/}
check "other browser a booking of its own" [ -n "$TX" -a "$TX" != "$TA" ]
check "other browser two bookings" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id = $RA")" = 2 ]
check "existing learner unchanged" [ "$(bk_sql "SELECT name || '|' || phone || '|' || consent_at || '|' || created_at FROM learner WHERE id = (SELECT learner_id FROM booking WHERE id = $(bk_id "$TA"))")" = "Test Person|0100|1000|1000" ]
check "other browser confirmation queued" [ "$(bk_sql "SELECT count(*) FROM outbox WHERE kind = 'confirmed' AND rcpt = 'alice@example.org'")" = 2 ]
# The address's owner cancels what they did not book.
fetch -c "$JX" -b "$JX" "$BASE/booking/$TX/cancel"
expect_status "other browser cancelled" 303 -b "$JX" --data "csrf=$(csrf_of "$BODY")" "$BASE/booking/$TX/cancel"

expect_status "booking page" 200 "$BASE$LA"
body_has "booking confirmed" "Your place is confirmed."
body_has "booking key" "This page&#39;s address is your key to your booking: bookmark it."
body_has "booking anyone with link" "Anyone with the link can see and cancel this booking."
body_has "booking inline qr" "<svg "
body_has "booking code" "class=\"checkin-code\">$(bk_sql "SELECT code FROM booking WHERE token_hash = '$(bk_hash "$TA")'")<"
body_has "booking qr link" "/booking/$TA/qr.svg"
body_has "booking calendar link" "/booking/$TA/calendar.ics"
body_has "booking cancel link" "/booking/$TA/cancel"
body_has "booking cancel words" "Cancel my place"
body_has "booking course link" 'href="/courses/http-book-a"'
body_has "booking venue" "2 Test Road"
body_has "booking access" "Step-free entrance"
body_has "booking joining for confirmed" "meet.example/http-book-a"
body_has "booking cancelled session" "Cancelled: "
body_lacks "booking no needs" "Secret support need"
body_lacks "booking no phone" "07700 900999"
body_lacks "booking no email" "alice@example.org"
header_has "booking no-store" "^Cache-Control: no-store"
fetch -H 'Accept: application/json' "$BASE$LA"
body_has "json status" '"status":"confirmed"'
body_has "json position null" '"waitlist_position":null'
body_lacks "json no raw svg" '<svg'

fetch "$BASE$LA/qr.svg"
check "qr 200" [ "$STATUS" = 200 ]
header_has "qr type" "^Content-Type: image/svg\+xml"
body_has "qr svg" "<svg "
# Draw the SVG's module runs ("M x y h n v 1 h -n z") as a PGM and let
# zbar read it: the code holds the check-in address and nothing else.
bk_svg_pgm() {
	awk 'BEGIN { S = 4 } { svg = svg $0 }
	END {
		if (!match(svg, /viewBox="0 0 [0-9]+/)) exit 1
		dim = substr(svg, RSTART + 13, RLENGTH - 13) + 0
		if (!match(svg, / d="[^"]*"/)) exit 1
		n = split(substr(svg, RSTART + 4, RLENGTH - 5), runs, "z")
		for (i = 1; i <= n; i++) {
			if (!match(runs[i], /^M[0-9]+ [0-9]+h[0-9]+/)) continue
			split(substr(runs[i], 2), p, /[ h]/)
			for (x = p[1]; x < p[1] + p[3]; x++) dark[p[2], x] = 1
		}
		printf "P2\n%d %d\n255\n", dim * S, dim * S
		for (y = 0; y < dim * S; y++) {
			line = ""
			for (x = 0; x < dim * S; x++)
				line = line (((int(y / S), int(x / S)) in dark) ? "0 " : "255 ")
			print line
		}
	}' "$1"
}
bk_svg_pgm "$BODY" > "$BK/qr.pgm"
# The check-in token, not the booking's own: a phone that keeps the
# scanned code holds nothing that opens or cancels the booking.
check "qr decodes to the check-in address" [ "$(zbarimg --nodbus --raw -q "$BK/qr.pgm" 2>/dev/null)" = "${TESSERA_BASE_URL:-$BASE}/c/$(bk_ckt "$TA")" ]
fetch "$BASE$LA/calendar.ics"
check "ics 200" [ "$STATUS" = 200 ]
header_has "ics type" "^Content-Type: text/calendar; charset=utf-8"
header_has "ics attachment" '^Content-Disposition: attachment; filename="http-book-a.ics"'
body_has "ics begin" "BEGIN:VCALENDAR"
body_has "ics end" "END:VCALENDAR"
check "ics one event per session" [ "$(grep -c '^BEGIN:VEVENT' "$BODY")" = 3 ]
check "ics cancelled session" [ "$(grep -c '^STATUS:CANCELLED' "$BODY")" = 1 ]
check "ics crlf" [ "$(grep -c "$(printf '\r')\$" "$BODY")" -ge 10 ]
body_has "ics zone" "X-WR-TIMEZONE:"
body_has "ics url is the course page" "/courses/http-book-a"
body_lacks "ics carries no token" "$TA"

# Two more: Bob confirmed, Carol waitlisted as number 1.
JB=$BK/jar-b
fetch -c "$JB" -b "$JB" "$BASE/book/$RA"
CB=$(csrf_of "$BODY")
bk_book "$JB" "$CB" "$RA" "bob@example.org"
TB=$(bk_location); TB=${TB#/booking/}
fetch -b "$JB" "$BASE/book/$RA"
body_has "full run says waiting list" "Join the waiting list"
bk_book "$JB" "$CB" "$RA" "carol@example.org"
TC=$(bk_location); TC=${TC#/booking/}
check "carol waitlisted 1" [ "$(bk_state "$TC")" = "waitlisted 1" ]
expect_status "waitlisted page" 200 "$BASE/booking/$TC"
body_has "waitlisted number" "You are number 1 on the waiting list."
body_has "waitlisted leave words" "Leave the waiting list"
body_lacks "waitlisted no joining" "meet.example/http-book-a"

# Cancelling: a confirmation step, then POST; Carol moves up.
expect_status "cancel page" 200 -c "$JA" -b "$JA" "$BASE/booking/$TA/cancel"
body_has "cancel page asks" "Cancel your place?"
body_has "cancel page form" "action=\"/booking/$TA/cancel\""
CC=$(csrf_of "$BODY")
expect_status "cancel no csrf 403" 403 -b "$JA" -X POST "$BASE/booking/$TA/cancel"
check "cancel 403 changed nothing" [ "$(bk_state "$TA")" = "confirmed null" ]
expect_status "cancel 303" 303 -b "$JA" --data "csrf=$CC" "$BASE/booking/$TA/cancel"
check "cancel location" [ "$(bk_location)" = "/booking/$TA" ]
check "cancelled state" [ "$(bk_state "$TA")" = "cancelled null" ]
check "carol promoted" [ "$(bk_state "$TC")" = "confirmed null" ]
expect_status "cancel twice 303" 303 -b "$JA" --data "csrf=$CC" "$BASE/booking/$TA/cancel"
check "cancel twice still one promoted" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id = $RA AND status = 'confirmed'")" = 2 ]
expect_status "cancelled page" 200 "$BASE/booking/$TA"
body_has "cancelled says so" "This booking is cancelled."
body_lacks "cancelled no qr" "<svg"
expect_status "cancelled qr 404" 404 "$BASE/booking/$TA/qr.svg"
expect_status "cancelled cancel page" 200 "$BASE/booking/$TA/cancel"
body_has "cancelled cancel page" "already cancelled"
expect_status "promoted page" 200 "$BASE/booking/$TC"
body_has "promoted confirmed" "Your place is confirmed."

# Waiting is not a place: no door code, no calendar, and words that
# say what waiting means. (Carol is number 1 above, then promoted; Dee
# waits now.)
JD=$BK/jar-d
fetch -c "$JD" -b "$JD" "$BASE/book/$RA"
bk_book "$JD" "$(csrf_of "$BODY")" "$RA" "dee@example.org"
TD=$(bk_location); TD=${TD#/booking/}
check "dee waitlisted" [ "$(bk_state "$TD")" = "waitlisted 1" ]
expect_status "waiting page" 200 "$BASE/booking/$TD"
body_lacks "waiting no door" "At the door"
body_lacks "waiting no qr" "<svg"
body_lacks "waiting no code" "checkin-code"
body_lacks "waiting no calendar" "calendar.ics"
body_has "waiting says no place yet" "so you do not have a place yet"
body_has "waiting says we will email" "we will email you straight away"
body_has "waiting says mail sent" "We have sent a confirmation to the email address you gave"
body_lacks "waiting no address shown" "dee@example.org"
fetch -H 'Accept: application/json' "$BASE/booking/$TD"
body_has "waiting json code empty" '"code":""'
body_has "waiting json no qr" '"show_qr":false'
# No calendar entry for a place not had (a date in a calendar reads as
# a promise): 404, as for a token that is not a booking.
expect_status "waiting ics 404" 404 "$BASE/booking/$TD/calendar.ics"
expect_status "waiting qr 404" 404 "$BASE/booking/$TD/qr.svg"
check "waiting mail queued" [ "$(bk_sql "SELECT count(*) FROM outbox WHERE booking_id = $(bk_id "$TD") AND kind = 'waitlisted' AND detail = 'position=1'")" = 1 ]
# A cancelled booking says nothing of bookmarking or of joining.
expect_status "cancelled page words" 200 "$BASE/booking/$TA"
body_lacks "cancelled no bookmark" "bookmark"
body_lacks "cancelled no joining promise" "How to join will be shown"
body_lacks "cancelled no mail note" "We have sent a confirmation"

# An online course: no door, no QR code; the joining address a link,
# for a confirmed place only.
RO=$(bk_run http-book-online 1 published $DAY $((2 * DAY)))
bk_sql "INSERT INTO venue(name, online) VALUES ('Online', 1);
    UPDATE session SET venue_id = (SELECT max(id) FROM venue) WHERE run_id = $RO;"
JO=$BK/jar-o
fetch -c "$JO" -b "$JO" "$BASE/book/$RO"
CO=$(csrf_of "$BODY")
bk_book "$JO" "$CO" "$RO" "olu@example.org"
TO=$(bk_location); TO=${TO#/booking/}
expect_status "online page" 200 "$BASE/booking/$TO"
body_has "online confirmed" "Your place is confirmed."
body_lacks "online no door" "At the door"
body_lacks "online no qr words" "QR code"
body_lacks "online no svg" "<svg"
body_has "online joining is a link" 'href="https://meet.example/http-book-online"'
body_has "online calendar" "/booking/$TO/calendar.ics"
bk_book "$JO" "$CO" "$RO" "pat@example.org"
TP=$(bk_location); TP=${TP#/booking/}
expect_status "online waiting page" 200 "$BASE/booking/$TP"
body_lacks "online waiting no link" "meet.example"
body_has "online waiting words" "Please do not join the sessions unless your place is confirmed"
fetch -c "$JO" -b "$JO" "$BASE/booking/$TO/cancel"
expect_status "online cancel" 303 -b "$JO" --data "csrf=$(csrf_of "$BODY")" "$BASE/booking/$TO/cancel"
expect_status "online cancelled page" 200 "$BASE/booking/$TO"
body_has "online cancelled words" "you will not be sent the details to join it"
body_lacks "online cancelled no link" "meet.example"
body_lacks "online cancelled no bookmark" "bookmark"
check "online promotion mailed" [ "$(bk_sql "SELECT count(*) FROM outbox WHERE booking_id = $(bk_id "$TP") AND kind = 'promoted'")" = 1 ]
bk_sql "UPDATE run SET status = 'cancelled' WHERE id = $RO"
expect_status "online run cancelled page" 200 "$BASE/booking/$TP"
body_has "online run cancelled words" "the online sessions will not take place"
body_lacks "online run cancelled no link" "meet.example"

# Unknown and malformed tokens: the same plain 404, nothing revealed.
expect_status "unknown token 404" 404 "$BASE/booking/AAAAAAAAAAAAAAAAAAAAAAAAAA"
cp "$BODY" "$BK/404-unknown"
expect_status "malformed token 404" 404 "$BASE/booking/not-a-token"
check "404 bodies alike" cmp -s "$BODY" "$BK/404-unknown"
expect_status "unknown qr 404" 404 "$BASE/booking/AAAAAAAAAAAAAAAAAAAAAAAAAA/qr.svg"
expect_status "unknown ics 404" 404 "$BASE/booking/AAAAAAAAAAAAAAAAAAAAAAAAAA/calendar.ics"
expect_status "unknown cancel page 404" 404 "$BASE/booking/AAAAAAAAAAAAAAAAAAAAAAAAAA/cancel"
expect_status "unknown cancel 404" 404 -b "$JA" --data "csrf=$CC" "$BASE/booking/AAAAAAAAAAAAAAAAAAAAAAAAAA/cancel"
expect_status "lowercase token 404" 404 "$BASE/booking/$(printf '%s' "$TC" | tr 'A-Z' 'a-z')"
expect_status "unknown run 404" 404 "$BASE/book/99999999"
expect_status "bad run 404" 404 "$BASE/book/12abc"

# Runs that cannot be booked say why; a POST to one is refused (409).
RS=$(bk_run http-book-started 5 published -600)
RC=$(bk_run http-book-cancelled 5 cancelled $DAY)
RD=$(bk_run http-book-draft 5 draft $DAY)
expect_status "started run page" 200 "$BASE/book/$RS"
body_has "started says why" "already started"
body_lacks "started no form" 'name="email"'
bk_book "$JA" "$CA" "$RS" "dan@example.org"
check "started post 409" [ "$STATUS" = 409 ]
expect_status "cancelled run page" 200 "$BASE/book/$RC"
body_has "cancelled run says why" "The college has cancelled this course"
bk_book "$JA" "$CA" "$RC" "dan@example.org"
check "cancelled run post 409" [ "$STATUS" = 409 ]
expect_status "draft run page" 200 "$BASE/book/$RD"
body_has "draft says why" "not open for booking"
body_lacks "draft hides title" "http-book-draft"
bk_book "$JA" "$CA" "$RD" "dan@example.org"
check "draft post 409" [ "$STATUS" = 409 ]
check "closed runs booked nothing" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id IN ($RS, $RC, $RD)")" = 0 ]

# --- 200 parallel bookings for 10 places --------------------------------

RB=$(bk_run http-book-load 10 published $DAY)
JL=$BK/jar-load
fetch -c "$JL" -b "$JL" "$BASE/book/$RB"
CL=$(csrf_of "$BODY")
seq 1 200 | xargs -P 32 -I{} curl -s -o /dev/null --max-time 60 \
    -w '%{http_code} %{redirect_url}\n' -b "$JL" --data "csrf=$CL&name=Learner+{}&email=load{}%40example.org&consent=yes" \
    "$BASE/book/$RB" > "$BK/load-codes"
check "load 200 answers" [ "$(wc -l < "$BK/load-codes")" = 200 ]
check "load all 303" [ "$(grep -c '^303 ' "$BK/load-codes")" = 200 ]
check "load no 5xx" [ "$(grep -c '^5' "$BK/load-codes")" = 0 ]
check "load 10 confirmed" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id = $RB AND status = 'confirmed'")" = 10 ]
check "load 190 waitlisted" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id = $RB AND status = 'waitlisted'")" = 190 ]
check "load no duplicates" [ "$(bk_sql "SELECT count(DISTINCT learner_id) FROM booking WHERE run_id = $RB")" = 200 ]
check "load one mail each" [ "$(bk_sql "SELECT count(DISTINCT o.booking_id) || ' ' || count(*) FROM outbox AS o JOIN booking AS b ON b.id = o.booking_id WHERE b.run_id = $RB AND o.kind IN ('confirmed', 'waitlisted')")" = "200 200" ]
check "load 10 confirmation mails" [ "$(bk_sql "SELECT count(*) FROM outbox AS o JOIN booking AS b ON b.id = o.booking_id WHERE b.run_id = $RB AND o.kind = 'confirmed'")" = 10 ]
# Positions as the booking pages show them: 1..190, no gaps, no repeats.
# The links come from the answers (the database holds only hashes).
sed -n 's|^303 .*/booking/\([A-Z2-7]*\)$|\1|p' "$BK/load-codes" > "$BK/load-tokens"
check "load 200 links" [ "$(sort -u "$BK/load-tokens" | wc -l)" = 200 ]
mkdir -p "$BK/pos"
xargs -P 8 -I{} curl -s --max-time 20 -o "$BK/pos/{}" -H 'Accept: application/json' \
    "$BASE/booking/{}" < "$BK/load-tokens"
grep -l '"status":"waitlisted"' "$BK"/pos/* > "$BK/wait-files"
cat $(cat "$BK/wait-files") | sed 's/,/\n/g' | sed -n 's/^"waitlist_position":\([0-9]*\)$/\1/p' |
    sort -n > "$BK/positions"
seq 1 190 > "$BK/want-positions"
check "load positions 1..190" cmp -s "$BK/positions" "$BK/want-positions"

# Cancel three confirmed: the first three waiting, in order, move up.
for f in $(cat "$BK/wait-files"); do
	printf '%s %s\n' "$(sed -n 's/.*"waitlist_position":\([0-9]*\).*/\1/p' "$f")" "$(basename "$f")"
done | sort -n | sed -n '1,4s/^[0-9]* //p' > "$BK/first-waiting"
i=0
for t in $(grep -l '"status":"confirmed"' "$BK"/pos/* | head -n 3); do
	t=$(basename "$t")
	fetch -b "$JL" --data "csrf=$CL" "$BASE/booking/$t/cancel"
	[ "$STATUS" = 303 ] && i=$((i + 1))
done
check "load 3 cancels" [ "$i" = 3 ]
W1=$(sed -n 1p "$BK/first-waiting"); W2=$(sed -n 2p "$BK/first-waiting")
W3=$(sed -n 3p "$BK/first-waiting"); W4=$(sed -n 4p "$BK/first-waiting")
check "load first waiting promoted" [ "$(bk_state "$W1")" = "confirmed null" ]
check "load second waiting promoted" [ "$(bk_state "$W2")" = "confirmed null" ]
check "load third waiting promoted" [ "$(bk_state "$W3")" = "confirmed null" ]
check "load fourth now first" [ "$(bk_state "$W4")" = "waitlisted 1" ]
check "load still 10 confirmed" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id = $RB AND status = 'confirmed'")" = 10 ]
check "load promotions mailed" [ "$(bk_sql "SELECT count(*) FROM outbox AS o JOIN booking AS b ON b.id = o.booking_id WHERE b.run_id = $RB AND o.kind = 'promoted'")" = 3 ]
check "load cancellations mailed" [ "$(bk_sql "SELECT count(*) FROM outbox AS o JOIN booking AS b ON b.id = o.booking_id WHERE b.run_id = $RB AND o.kind = 'cancelled'")" = 3 ]

# Duplicates in parallel: one browser (20 clicks) and many browsers
# (one email each time): one booking each, never a 5xx.
seq 1 20 | xargs -P 20 -I{} curl -s -o /dev/null -D "$BK/dup-hdrs-{}" --max-time 60 \
    -w '%{http_code}\n' -b "$JL" --data "csrf=$CL&name=Dup&email=dup%40example.org&consent=yes" \
    "$BASE/book/$RB" > "$BK/dup-codes"
check "dup same browser all 303" [ "$(grep -c '^303$' "$BK/dup-codes")" = 20 ]
check "dup same browser one place" [ "$(cat "$BK"/dup-hdrs-* | tr -d '\r' | sed -n 's/^[Ll]ocation: //p' | sort -u | wc -l)" = 1 ]
check "dup same browser one booking" [ "$(bk_sql "SELECT count(*) FROM booking JOIN learner ON learner.id = learner_id WHERE learner.email = 'dup@example.org'")" = 1 ]
# Twenty browsers, one address and one name: twenty separate bookings
# (someone else's booking is never "you already have a place"), each
# answered alike, never a 5xx.
for a in A B C D; do for b in A B C D E; do echo "BROWSERBROWSERBROWSERBRO$a$b"; done; done |
    xargs -P 20 -I{} curl -s -o /dev/null --max-time 60 -w '%{http_code}\n' -b "csrf={}" \
    --data "csrf={}&name=Dup2&email=dup2%40example.org&consent=yes" \
    "$BASE/book/$RB" > "$BK/dup2-codes"
check "dup browsers 20 answers" [ "$(wc -l < "$BK/dup2-codes")" = 20 ]
check "dup browsers no 5xx" [ "$(grep -c '^5' "$BK/dup2-codes")" = 0 ]
check "dup browsers all 303" [ "$(grep -c '^303$' "$BK/dup2-codes")" = 20 ]
check "dup browsers twenty bookings" [ "$(bk_sql "SELECT count(*) || ' ' || count(DISTINCT learner_id) FROM booking JOIN learner ON learner.id = learner_id WHERE learner.email = 'dup2@example.org' AND learner.name = 'Dup2'")" = "20 20" ]

# --- The answer never depends on whether the address is known ----------

# A run with room for all; known@ has a place on it (and on another run).
RP=$(bk_run http-book-privacy 1000 published $DAY)
RQ=$(bk_run http-book-privacy-2 10 published $DAY)
bk_pw() { printf 'PRIVACY%019d' "$1" | tr '0-9' 'A-J'; }
bk_post_as() {	# browser (csrf) number, email, file prefix
	curl -s -o "$3.body" -D "$3.hdrs" --max-time 60 -w '%{time_total}\n' \
	    -b "csrf=$(bk_pw "$1")" --data "csrf=$(bk_pw "$1")" \
	    --data-urlencode "name=Known Person" --data-urlencode "email=$2" \
	    --data "consent=yes" "$BASE/book/$RP"
}
bk_post_as 1 known@example.org "$BK/known-first" > /dev/null
fetch -b "csrf=$(bk_pw 2)" --data "csrf=$(bk_pw 2)" --data-urlencode "name=Known Person" \
    --data-urlencode "email=known@example.org" --data "consent=yes" "$BASE/book/$RQ"
check "privacy: known has places" [ "$(bk_sql "SELECT count(*) FROM booking AS b JOIN learner AS l ON l.id = b.learner_id WHERE l.email = 'known@example.org'")" = 2 ]
# The answer with the headers' date and the link's token blanked.
bk_norm() { tr -d '\r' < "$1.hdrs" | grep -v '^Date:' | sed 's|/booking/[A-Z2-7]\{26\}|/booking/TOKEN|'; cat "$1.body"; }
rm -f "$BK/t-known" "$BK/t-new"
i=10
while [ $i -lt 30 ]; do
	# Interleaved, so that a drift in the machine's load hits both.
	bk_post_as $i known@example.org "$BK/a-known" >> "$BK/t-known"
	bk_post_as $((i + 100)) "new$i@example.org" "$BK/a-new" >> "$BK/t-new"
	[ $i = 10 ] && { bk_norm "$BK/a-known" > "$BK/n-known"; bk_norm "$BK/a-new" > "$BK/n-new"; }
	i=$((i + 1))
done
check "privacy: known address 303" grep -q '^HTTP/1.1 303' "$BK/n-known"
check "privacy: the two answers alike, byte for byte" cmp -s "$BK/n-known" "$BK/n-new"
check "privacy: 40 bookings made" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id = $RP")" = 41 ]
# The medians of 20 of each, within 30 % of the larger or 15 ms.
bk_median() { sort -n "$1" | sed -n '10p;11p' | awk '{ s += $1 } END { printf "%.4f", s / 2 }'; }
MK=$(bk_median "$BK/t-known"); MN=$(bk_median "$BK/t-new")
echo "  booking: median POST time, address known $MK s, new $MN s (20 each)"
check "privacy: times alike" awk -v a="$MK" -v b="$MN" 'BEGIN { d = a - b; if (d < 0) d = -d; m = a > b ? a : b; exit !(d <= 0.3 * m || d <= 0.015) }'
# A closed run answers alike for every address, before any look-up.
RZ=$(bk_run http-book-privacy-started 5 published -600)
bk_sql "INSERT INTO learner(email, name, created_at) VALUES ('known@example.org', 'Known Person', 1);
    INSERT INTO booking(run_id, learner_id, status, code, created_at, updated_at)
    VALUES ($RZ, (SELECT max(id) FROM learner), 'confirmed', 'ZZZZZZ', 1, 1);"
fetch -b "csrf=$(bk_pw 3)" --data "csrf=$(bk_pw 3)" --data-urlencode "name=Known Person" \
    --data-urlencode "email=known@example.org" --data "consent=yes" "$BASE/book/$RZ"
check "privacy: started run known 409" [ "$STATUS" = 409 ]
sed 's/name="csrf" value="[A-Z2-7]*"//' "$BODY" > "$BK/z-known"
fetch -b "csrf=$(bk_pw 3)" --data "csrf=$(bk_pw 3)" --data-urlencode "name=Known Person" \
    --data-urlencode "email=nobody@example.org" --data "consent=yes" "$BASE/book/$RZ"
sed 's/name="csrf" value="[A-Z2-7]*"//' "$BODY" > "$BK/z-new"
check "privacy: started run alike" cmp -s "$BK/z-known" "$BK/z-new"

# --- Two people, one address ----------------------------------------------

JH=$BK/jar-h
fetch -c "$JH" -b "$JH" "$BASE/book/$RQ"
CH=$(csrf_of "$BODY")
for who in "Ann Household" "Ben Household"; do
	fetch -b "$JH" --data-urlencode "csrf=$CH" --data-urlencode "name=$who" \
	    --data-urlencode "email=home@example.org" --data "consent=yes" "$BASE/book/$RQ"
	check "people: $who booked" [ "$STATUS" = 303 ]
done
check "people: both on the run under their own names" [ "$(bk_sql "SELECT l.name FROM booking AS b JOIN learner AS l ON l.id = b.learner_id WHERE b.run_id = $RQ AND b.status = 'confirmed' AND l.email = 'home@example.org' ORDER BY l.name" | paste -sd,)" = "Ann Household,Ben Household" ]
JJ=$BK/jar-jo
rm -f "$JJ"
fetch -c "$JJ" -b "$JJ" "$BASE/login"
fetch -c "$JJ" -b "$JJ" --data-urlencode "email=jo@demo.tessera.invalid" \
    --data-urlencode "password=admin-demo-2026" --data-urlencode "csrf=$(csrf_of "$BODY")" \
    --data-urlencode "next=/admin" "$BASE/login"
check "people: admin logged in" [ "$STATUS" = 303 ]
expect_status "people: learner search" 200 -b "$JJ" "$BASE/admin/learners?q=home%40example.org"
body_has "people: search finds Ann" "Ann Household"
body_has "people: search finds Ben" "Ben Household"
expect_status "people: search by name" 200 -b "$JJ" "$BASE/admin/learners?q=Ben+Household"
body_has "people: Ben by name" "Ben Household"
# Erasure by address covers every person with it.
bk_sql "INSERT INTO learner(email, name, created_at) VALUES ('other@example.org', 'Not Household', 1)"
check "people: erase by address" "$TESSERA_TOOL" erase --email home@example.org
check "people: both erased" [ "$(bk_sql "SELECT count(*) FROM learner WHERE email = 'home@example.org' OR name IN ('Ann Household', 'Ben Household')")" = 0 ]
check "people: others kept" [ "$(bk_sql "SELECT count(*) FROM learner WHERE email = 'other@example.org'")" = 1 ]

# --- Two credentials: the QR code's token checks in and opens nothing -------

RN=$(bk_run http-book-now 5 published 300)
JN=$BK/jar-n
fetch -c "$JN" -b "$JN" "$BASE/book/$RN"
CN=$(csrf_of "$BODY")
bk_book "$JN" "$CN" "$RN" "now@example.org"
TN=$(bk_location); TN=${TN#/booking/}
KN=$(bk_ckt "$TN")
expect_status "checkin token: not a booking page" 404 "$BASE/booking/$KN"
expect_status "checkin token: no cancel page" 404 "$BASE/booking/$KN/cancel"
expect_status "checkin token: cannot cancel" 404 -b "$JN" --data "csrf=$CN" "$BASE/booking/$KN/cancel"
check "checkin token: still confirmed" [ "$(bk_state "$TN")" = "confirmed null" ]
expect_status "checkin token: the learner's /c/ page" 200 "$BASE/c/$KN"
body_lacks "checkin token: /c/ has no booking link" "$TN"
expect_status "checkin token: staff page" 200 -b "$JJ" "$BASE/c/$KN"
CJ=$(csrf_of "$BODY")
expect_status "checkin token: checks in" 303 -b "$JJ" --data "csrf=$CJ" "$BASE/c/$KN"
check "checkin token: attendance recorded" [ "$(bk_sql "SELECT count(*) FROM attendance WHERE booking_id = $(bk_id "$TN")")" = 1 ]
expect_status "manage token: not a check-in code" 404 -b "$JJ" "$BASE/c/$TN"

# --- No plaintext link anywhere in the database's files -----------------

n=0
for t in "$TA" "$TC" "$TD" "$TN" "$KN" "$TO"; do
	if db_files_have "$t"; then n=$((n + 1)); fi
done
check "no token in the database files" [ "$n" = 0 ]
check "no plaintext token column" [ "$(bk_sql "SELECT count(*) FROM booking WHERE token IS NOT NULL")" = 0 ]
check "every booking sealed" [ "$(bk_sql "SELECT count(*) FROM booking WHERE token_hash IS NOT NULL AND length(token_sealed) <> 66")" = 0 ]
check "key file private" [ "$(stat -c %a "${TESSERA_KEY_FILE:-$TESSERA_DB.key}")" = 600 ]

# --- The per-client cap --------------------------------------------------

# Each client its own loopback address (127.0.0.0/8 is all loopback).
RK=$(bk_run http-book-cap 100 published $DAY)
bk_sql "INSERT INTO setting(key, value) VALUES ('booking_client_max', '6') ON CONFLICT(key) DO UPDATE SET value = excluded.value"
bk_cap() {	# source address, email, csrf number
	fetch --interface "$1" -b "csrf=$(bk_pw "$3")" --data "csrf=$(bk_pw "$3")" \
	    --data-urlencode "name=Cap Person" --data-urlencode "email=$2" \
	    --data "consent=yes" "$BASE/book/$RK"
}
i=0; ok6=0
while [ $i -lt 6 ]; do
	bk_cap 127.0.0.77 "cap$i@example.org" $((200 + i))
	[ "$STATUS" = 303 ] && ok6=$((ok6 + 1))
	i=$((i + 1))
done
check "cap: six bookings" [ "$ok6" = 6 ]
bk_cap 127.0.0.77 "cap0@example.org" 210
check "cap: the seventh 429" [ "$STATUS" = 429 ]
header_has "cap: retry-after" "^Retry-After: 3600"
body_has "cap: kind words" "You have booked several places in a short time. Please wait an hour, or contact the college"
cp "$BODY" "$BK/cap-known"
bk_cap 127.0.0.77 "never-seen@example.org" 211
check "cap: a new address 429 too" [ "$STATUS" = 429 ]
check "cap: answer depends on the client only" cmp -s "$BODY" "$BK/cap-known"
bk_cap 127.0.0.78 "cap0@example.org" 212
check "cap: another client unaffected" [ "$STATUS" = 303 ]
check "cap: nothing booked over the cap" [ "$(bk_sql "SELECT count(*) FROM booking WHERE run_id = $RK")" = 7 ]
check "cap: no address stored" [ "$(bk_sql "SELECT count(*) FROM booking_client WHERE key_hash LIKE '%127%'")" = 0 ]
bk_sql "INSERT INTO setting(key, value) VALUES ('booking_client_max', '0') ON CONFLICT(key) DO UPDATE SET value = excluded.value"
