# test_checkin.sh: staff log-in and check-in through nginx: the log-in
# form, csrf, next=, cookies and hashed session ids, log-out, both
# timeouts, the throttle (per account and client, per client, the
# device cookie that keeps the real user's way in); the sessions list,
# the roster (taps, undo, codes, search, absent, support needs and their
# audit), /c/{token} for learners and staff, the scanner page and its
# JSON endpoint (nonces, two scans at once), every refusal (wrong day,
# cancelled, waiting list, unknown code, another educator's session).
# Sourced by run.sh ($BASE, $TMP, $TESSERA_DB, $TESSERA_TOOL, lib.sh).

CK=$TMP/checkin
mkdir -p "$CK"

ck_sql() { db_sql "$@"; }
ck_location() { tr -d '\r' < "$HDRS" | sed -n 's/^[Ll]ocation: //p' | head -n 1; }
# ck_sid JAR: the session cookie's value in a curl cookie jar.
ck_sid() { awk '$6 == "sid" { v = $7 } END { print v }' "$1"; }
# ck_csrf JAR: the csrf cookie of JAR (the log-in page sets one), which
# every form's csrf field repeats.
ck_csrf() {
	curl -s --max-time 20 -c "$1" -b "$1" -o /dev/null "$BASE/login"
	awk '$6 == "csrf" { v = $7 } END { print v }' "$1"
}
# ck_login JAR EMAIL PASSWORD [NEXT]: POST the log-in form (STATUS etc.).
ck_login() {
	c=$(ck_csrf "$1")
	fetch -c "$1" -b "$1" --data-urlencode "csrf=$c" --data-urlencode "email=$2" \
	    --data-urlencode "password=$3" --data-urlencode "next=${4:-/checkin}" \
	    "$BASE/login"
}
# ck_scan JAR CSRF SESSION TEXT NONCE: one JSON scan, body in $BODY.
ck_scan() {
	fetch -b "$1" -H 'Accept: application/json' --data-urlencode "csrf=$2" \
	    --data-urlencode "session=$3" --data-urlencode "text=$4" \
	    --data-urlencode "nonce=$5" "$BASE/checkin/scan"
}
# ck_json KEY: a string or number member of the last (flat) JSON body.
ck_json() {
	sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" "$BODY" | head -n 1
}

SAM=sam@demo.tessera.invalid
SAMPW=peer-demo-2026
NOW=$(date +%s)
# Today's session starts ten minutes ago, but never before today began
# in the college's zone (a test run just after midnight).
MIDNIGHT=$(TZ=Europe/London date -d 'today 00:00' +%s)
START=$((NOW - 600))
[ "$START" -le "$MIDNIGHT" ] && START=$((MIDNIGHT + 1))

# Run A (Sam): a session on now and one next week; run B (Sam): only a
# session in three days. Bookings with known tokens and codes.
ck_sql "BEGIN;
INSERT INTO venue(name, address, online) VALUES ('Check-in Hall', '3 Test Road', 0);
INSERT INTO course(slug, title, status) VALUES ('http-checkin-a', 'Check-in course A', 'published');
INSERT INTO run(course_id, capacity, status) VALUES ((SELECT max(id) FROM course), 20, 'published');
INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES
 ((SELECT max(id) FROM run), $START, $NOW + 3600, (SELECT max(id) FROM venue)),
 ((SELECT max(id) FROM run), $NOW + 7 * 86400, $NOW + 7 * 86400 + 3600, (SELECT max(id) FROM venue));
INSERT INTO facilitator(run_id, user_id, role) SELECT max(r.id), u.id, 'peer'
 FROM run AS r, \"user\" AS u WHERE u.email = '$SAM' GROUP BY u.id;
INSERT INTO course(slug, title, status) VALUES ('http-checkin-b', 'Check-in course B', 'published');
INSERT INTO run(course_id, capacity, status) VALUES ((SELECT max(id) FROM course), 20, 'published');
INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES
 ((SELECT max(id) FROM run), $NOW + 3 * 86400, $NOW + 3 * 86400 + 3600, (SELECT max(id) FROM venue));
INSERT INTO facilitator(run_id, user_id, role) SELECT max(r.id), u.id, 'peer'
 FROM run AS r, \"user\" AS u WHERE u.email = '$SAM' GROUP BY u.id;
INSERT INTO learner(email, name, created_at) VALUES
 ('ck-a@example.org', 'Ana Checkin', $NOW), ('ck-b@example.org', 'Ben Checkin', $NOW),
 ('ck-c@example.org', 'Cleo Checkin', $NOW), ('ck-d@example.org', 'Dan Checkin', $NOW),
 ('ck-e@example.org', 'Eve Checkin', $NOW), ('ck-w@example.org', 'Wyn Waiting', $NOW),
 ('ck-x@example.org', 'Xia Cancelled', $NOW), ('ck-f@example.org', 'Fin Later', $NOW);
WITH v(slug, email, status, token, code, needs) AS (VALUES
  ('http-checkin-a', 'ck-a@example.org', 'confirmed', 'HTTPCKAAAAAAAAAAAAAAAAAAAA', 'HCKAAA', 'Secret support need: a quiet seat'),
  ('http-checkin-a', 'ck-b@example.org', 'confirmed', 'HTTPCKBAAAAAAAAAAAAAAAAAAA', 'HCKBBB', ''),
  ('http-checkin-a', 'ck-c@example.org', 'confirmed', 'HTTPCKCAAAAAAAAAAAAAAAAAAA', 'HCKCCC', ''),
  ('http-checkin-a', 'ck-d@example.org', 'confirmed', 'HTTPCKDAAAAAAAAAAAAAAAAAAA', 'HCKDDD', ''),
  ('http-checkin-a', 'ck-e@example.org', 'confirmed', 'HTTPCKEAAAAAAAAAAAAAAAAAAA', 'HCKEEE', ''),
  ('http-checkin-a', 'ck-w@example.org', 'waitlisted', 'HTTPCKWAAAAAAAAAAAAAAAAAAA', 'HCKWWW', ''),
  ('http-checkin-a', 'ck-x@example.org', 'cancelled', 'HTTPCKXAAAAAAAAAAAAAAAAAAA', 'HCKXXX', ''),
  ('http-checkin-b', 'ck-f@example.org', 'confirmed', 'HTTPCKFAAAAAAAAAAAAAAAAAAA', 'HCKFFF', ''))
INSERT INTO booking(run_id, learner_id, status, token, code, needs, created_at, updated_at)
 SELECT r.id, l.id, v.status, v.token, v.code, v.needs, $NOW, $NOW
 FROM v JOIN course AS c ON c.slug = v.slug JOIN run AS r ON r.course_id = c.id
 JOIN learner AS l ON l.email = v.email;
COMMIT;" 2>"$CK/fixture.err" || sed -n 1,5p "$CK/fixture.err"
SA=$(ck_sql "SELECT s.id FROM session s JOIN run r ON r.id = s.run_id JOIN course c ON c.id = r.course_id WHERE c.slug = 'http-checkin-a' ORDER BY s.starts_at LIMIT 1")
SA2=$(ck_sql "SELECT s.id FROM session s JOIN run r ON r.id = s.run_id JOIN course c ON c.id = r.course_id WHERE c.slug = 'http-checkin-a' ORDER BY s.starts_at DESC LIMIT 1")
SB=$(ck_sql "SELECT s.id FROM session s JOIN run r ON r.id = s.run_id JOIN course c ON c.id = r.course_id WHERE c.slug = 'http-checkin-b'")
# The rows above hold plaintext links, as bookings from before sql/006
# do: `tessera init` hashes them. The QR code then holds the check-in
# token (ckt), derived here independently of the C code; a booking is
# found by its link's hash.
"$TESSERA_TOOL" init >/dev/null
ckt() { printf 'tessera check-in\000%s' "$1" | sha256sum | cut -c1-34 | xxd -r -p | base32 | cut -c1-26; }
ckh() { printf '%s' "$1" | sha256sum | cut -c1-64; }
bid() { ck_sql "SELECT id FROM booking WHERE token_hash = '$(ckh "$1")'"; }
BA=$(bid HTTPCKAAAAAAAAAAAAAAAAAAAA); BB=$(bid HTTPCKBAAAAAAAAAAAAAAAAAAA)
BC=$(bid HTTPCKCAAAAAAAAAAAAAAAAAAA); BD=$(bid HTTPCKDAAAAAAAAAAAAAAAAAAA)
BE=$(bid HTTPCKEAAAAAAAAAAAAAAAAAAA); BW=$(bid HTTPCKWAAAAAAAAAAAAAAAAAAA)
check "checkin: fixture" [ -n "$SA" -a -n "$SB" -a -n "$BE" -a -n "$BW" ]
records() { ck_sql "SELECT count(*) FROM attendance WHERE booking_id = $1 AND session_id = $2"; }

# --- Logging in ----------------------------------------------------------

J=$CK/sam
expect_status "login form" 200 -c "$J" -b "$J" "$BASE/login"
body_has "login form email" 'name="email"'
body_has "login form password" 'type="password"'
body_has "login form next (none: by role)" 'name="next" value=""'
body_has "login form csrf" 'name="csrf"'
header_has "login no-store" "^Cache-Control: no-store"

expect_status "checkin needs login" 303 "$BASE/checkin"
check "checkin to login" [ "$(ck_location)" = "/login?next=%2Fcheckin" ]
expect_status "roster needs login" 303 "$BASE/checkin/session/$SA?q=ana"
check "roster to login, back after" [ "$(ck_location)" = "/login?next=%2Fcheckin%2Fsession%2F$SA%3Fq%3Dana" ]

# Wrong password and unknown account: one answer, no session.
ck_login "$J" "$SAM" "not-the-password"
check "wrong password 422" [ "$STATUS" = 422 ]
body_has "wrong password message" "The email address or the password is not right"
body_lacks "wrong password not echoed" "not-the-password"
check "wrong password no session" [ -z "$(ck_sid "$J")" ]
cp "$BODY" "$CK/wrong.html"
ck_login "$J" "nobody@demo.tessera.invalid" "not-the-password"
check "unknown account 422" [ "$STATUS" = 422 ]
body_has "unknown account same message" "The email address or the password is not right"
ck_login "$J" "$SAM" ""
check "empty password 422" [ "$STATUS" = 422 ]
body_has "empty password summary" 'href="#password"'

# csrf: a log-in without it is refused.
expect_status "login without csrf 403" 403 -b "$J" --data-urlencode "email=$SAM" \
    --data-urlencode "password=$SAMPW" "$BASE/login"

# A good log-in: 303 to next, a new HttpOnly cookie, stored hashed.
ck_login "$J" "$SAM" "$SAMPW" "/checkin"
check "login 303" [ "$STATUS" = 303 ]
check "login to next" [ "$(ck_location)" = "/checkin" ]
header_has "session cookie" "^Set-Cookie: sid=[A-Z2-7]{26}; Path=/; HttpOnly; SameSite=Lax"
SID=$(ck_sid "$J")
check "session id 26 base32" sh -c 'printf "%s" "$1" | grep -Eqx "[A-Z2-7]{26}"' _ "$SID"
HASH=$(printf '%s' "$SID" | sha256sum | cut -d ' ' -f 1)
check "session stored hashed" [ "$(ck_sql "SELECT count(*) FROM auth_session WHERE id_hash = '$HASH'")" = 1 ]
check "session id not stored" [ "$(ck_sql "SELECT count(*) FROM auth_session WHERE id_hash = '$SID'")" = 0 ]
# A second log-in gives a new id and ends the old one.
ck_login "$J" "$SAM" "$SAMPW"
SID2=$(ck_sid "$J")
check "new id at login" [ -n "$SID2" -a "$SID2" != "$SID" ]
check "old session ended" [ "$(ck_sql "SELECT count(*) FROM auth_session WHERE id_hash = '$HASH'")" = 0 ]

# next= only ever leads back into the site.
for n in //evil.example/x https://evil.example/ '/\evil.example' 'javascript:alert(1)' ''; do
	ck_login "$CK/next" "$SAM" "$SAMPW" "$n"
	check "next '$n' refused" [ "$(ck_location)" = "/checkin" ]
done
ck_login "$CK/next" "$SAM" "$SAMPW" "/c/HTTPCKAAAAAAAAAAAAAAAAAAAA"
check "next local kept" [ "$(ck_location)" = "/c/HTTPCKAAAAAAAAAAAAAAAAAAAA" ]
expect_status "login page when logged in" 303 -b "$J" "$BASE/login?next=/checkin/session/$SA"
check "login page goes on" [ "$(ck_location)" = "/checkin/session/$SA" ]

# --- The sessions list and the roster -------------------------------------

expect_status "checkin list" 200 -b "$J" "$BASE/checkin"
header_has "checkin no-store" "^Cache-Control: no-store"
body_has "checkin today" "Today: "
body_has "checkin course" "Check-in course A"
body_has "checkin counts" "Checked in <strong>0</strong> of <strong>5</strong> booked"
body_has "checkin later course" "Check-in course B"
body_has "checkin logout form" 'action="/logout"'
expect_status "checkin json" 200 -b "$J" -H 'Accept: application/json' "$BASE/checkin"
body_has "checkin json days" '"days":['

expect_status "roster" 200 -b "$J" "$BASE/checkin/session/$SA"
CS=$(csrf_of "$BODY")
check "roster csrf" [ -n "$CS" ]
body_has "roster learner" "Ana Checkin"
body_has "roster counts" "Checked in <strong>0</strong> of <strong>5</strong> booked"
body_lacks "roster no waitlisted" "Wyn Waiting"
body_lacks "roster no cancelled" "Xia Cancelled"
body_lacks "roster needs hidden" "Secret support need"
body_has "roster needs button" "Show support needs"
body_has "roster scanner link" "/checkin/session/$SA/scan"
expect_status "roster search" 200 -b "$J" "$BASE/checkin/session/$SA?q=cleo"
body_has "roster search finds" "Cleo Checkin"
body_lacks "roster search filters" "Ben Checkin"
expect_status "roster unknown session" 404 -b "$J" "$BASE/checkin/session/999999"
expect_status "roster bad id" 404 -b "$J" "$BASE/checkin/session/x1"

# Support needs: only on request, with csrf, and each showing audited.
A0=$(ck_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal'")
expect_status "needs without csrf 403" 403 -b "$J" --data "booking=$BA" "$BASE/checkin/session/$SA/needs"
expect_status "needs shown" 200 -b "$J" --data "csrf=$CS&booking=$BA" "$BASE/checkin/session/$SA/needs"
body_has "needs text" "Secret support need: a quiet seat"
check "needs audited" [ "$(ck_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal'")" = $((A0 + 1)) ]
check "needs audit names booking" [ "$(ck_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal' AND detail = 'booking $BA, session $SA'")" -ge 1 ]
expect_status "needs other run 404" 404 -b "$J" --data "csrf=$CS&booking=$(bid HTTPCKFAAAAAAAAAAAAAAAAAAA)" "$BASE/checkin/session/$SA/needs"

# Taps: present, late, undo; csrf required.
expect_status "mark without csrf 403" 403 -b "$J" --data "booking=$BB&status=present" "$BASE/checkin/session/$SA/mark"
expect_status "mark present" 303 -b "$J" --data "csrf=$CS&booking=$BB&status=present&q=ben" "$BASE/checkin/session/$SA/mark"
check "mark back to row" [ "$(ck_location)" = "/checkin/session/$SA?q=ben&m=$BB#b$BB" ]
check "mark recorded" [ "$(ck_sql "SELECT status || ' ' || method FROM attendance WHERE booking_id = $BB AND session_id = $SA")" = "present tap" ]
expect_status "mark late" 303 -b "$J" --data "csrf=$CS&booking=$BB&status=late" "$BASE/checkin/session/$SA/mark"
check "mark changed" [ "$(ck_sql "SELECT status FROM attendance WHERE booking_id = $BB AND session_id = $SA")" = late ]
expect_status "roster after tap" 200 -b "$J" "$BASE/checkin/session/$SA?m=$BB"
body_has "roster shows late" 'status status-late'
body_has "roster marks row" 'learner learner-marked'
expect_status "undo" 303 -b "$J" --data "csrf=$CS&booking=$BB&status=undo" "$BASE/checkin/session/$SA/mark"
check "undo deleted" [ "$(records "$BB" "$SA")" = 0 ]
expect_status "mark waitlisted 404" 404 -b "$J" --data "csrf=$CS&booking=$BW&status=present" "$BASE/checkin/session/$SA/mark"
expect_status "mark bad status 400" 400 -b "$J" --data "csrf=$CS&booking=$BB&status=here" "$BASE/checkin/session/$SA/mark"

# The short code, typed on the roster.
expect_status "code empty 422" 422 -b "$J" --data "csrf=$CS&code=" "$BASE/checkin/session/$SA/code"
body_has "code empty summary" 'href="#code"'
expect_status "code" 303 -b "$J" --data "csrf=$CS&code=hck-ccc" "$BASE/checkin/session/$SA/code"
check "code result" [ "$(ck_location)" = "/checkin/session/$SA?r=checked_in&b=$BC#result" ]
check "code recorded" [ "$(ck_sql "SELECT method FROM attendance WHERE booking_id = $BC AND session_id = $SA")" = code ]
expect_status "code result page" 200 -b "$J" "$BASE/checkin/session/$SA?r=checked_in&b=$BC"
body_has "code result words" "Cleo Checkin: checked in at"
body_has "code result colour" "result result-ok"
expect_status "code again" 303 -b "$J" --data "csrf=$CS&code=HCKCCC" "$BASE/checkin/session/$SA/code"
fetch -b "$J" "$BASE$(ck_location | sed 's/#.*//')"
body_has "code already words" "Cleo Checkin: already checked in at"
body_has "code already by" "by Sam Peer"
check "code once" [ "$(records "$BC" "$SA")" = 1 ]
expect_status "code unknown" 303 -b "$J" --data "csrf=$CS&code=ZZZZZZ" "$BASE/checkin/session/$SA/code"
fetch -b "$J" "$BASE$(ck_location | sed 's/#.*//')"
body_has "code unknown words" "Not on your sessions"
body_has "code unknown colour" "result result-bad"
expect_status "code waitlisted" 303 -b "$J" --data "csrf=$CS&code=HCKWWW" "$BASE/checkin/session/$SA/code"
fetch -b "$J" "$BASE$(ck_location | sed 's/#.*//')"
body_has "code waitlisted words" "On the waiting list, not confirmed"

# --- /c/{token}: what the QR code holds --------------------------------------

TA=$(ckt HTTPCKAAAAAAAAAAAAAAAAAAAA)
expect_status "c learner page" 200 "$BASE/c/$TA"
# The check-in token opens nothing: no link to the booking from it.
body_lacks "c learner no booking link" "href=\"/booking/HTTPCK"
body_has "c learner staff link" "href=\"/login?next=/c/$TA\""
body_lacks "c learner no name" "Ana"
expect_status "c token is not a booking link" 404 "$BASE/booking/$TA"
expect_status "c post logged out" 303 -b "$CK/nobody" -c "$CK/nobody" --data "csrf=$(ck_csrf "$CK/nobody")" "$BASE/c/$TA"
check "c post logged out to login" [ "$(ck_location)" = "/login?next=/c/$TA" ]
expect_status "c unknown logged out" 404 "$BASE/c/ZZZZZZZZZZZZZZZZZZZZZZZZZZ"
expect_status "c malformed" 404 -b "$J" "$BASE/c/not-a-token"

expect_status "c staff page" 200 -b "$J" "$BASE/c/$TA"
body_has "c staff first name" "Check in Ana"
body_has "c staff course" "Check-in course A"
body_has "c staff button" "action=\"/c/$TA\""
check "c page records nothing" [ "$(records "$BA" "$SA")" = 0 ]
expect_status "c post without csrf 403" 403 -b "$J" --data "x=1" "$BASE/c/$TA"
expect_status "c post" 303 -b "$J" --data "csrf=$CS" "$BASE/c/$TA"
check "c post result" [ "$(ck_location)" = "/c/$TA?r=checked_in" ]
check "c recorded as qr" [ "$(ck_sql "SELECT method FROM attendance WHERE booking_id = $BA AND session_id = $SA")" = qr ]
expect_status "c checked in" 200 -b "$J" "$BASE/c/$TA?r=checked_in"
body_has "c checked in words" "Ana Checkin: checked in at"
body_has "c checked in colour" "result result-ok"
expect_status "c post again" 303 -b "$J" --data "csrf=$CS" "$BASE/c/$TA"
check "c again to plain page" [ "$(ck_location)" = "/c/$TA" ]
fetch -b "$J" "$BASE/c/$TA"
body_has "c already words" "Ana Checkin: already checked in at"
body_has "c already by" "by Sam Peer"
body_has "c already colour" "result result-warn"
check "c once" [ "$(records "$BA" "$SA")" = 1 ]
expect_status "c cancelled" 200 -b "$J" "$BASE/c/$(ckt HTTPCKXAAAAAAAAAAAAAAAAAAA)"
body_has "c cancelled words" "Booking cancelled"
body_has "c cancelled colour" "result result-bad"
expect_status "c waitlisted" 200 -b "$J" "$BASE/c/$(ckt HTTPCKWAAAAAAAAAAAAAAAAAAA)"
body_has "c waitlisted words" "On the waiting list, not confirmed"
expect_status "c wrong day" 200 -b "$J" "$BASE/c/$(ckt HTTPCKFAAAAAAAAAAAAAAAAAAA)"
body_has "c wrong day words" "No session of this course today"
body_has "c wrong day dates" "This course's sessions"
expect_status "c unknown" 404 -b "$J" "$BASE/c/ZZZZZZZZZZZZZZZZZZZZZZZZZZ"
body_has "c unknown words" "Not on your sessions"
check "c refusals record nothing" [ "$(ck_sql "SELECT count(*) FROM attendance a JOIN booking b ON b.id = a.booking_id WHERE b.token_hash IN ('$(ckh HTTPCKXAAAAAAAAAAAAAAAAAAA)', '$(ckh HTTPCKWAAAAAAAAAAAAAAAAAAA)', '$(ckh HTTPCKFAAAAAAAAAAAAAAAAAAA)')")" = 0 ]

# --- The scanner and its JSON endpoint -----------------------------------------

expect_status "scan page" 200 -b "$J" "$BASE/checkin/session/$SA/scan"
header_has "scan camera allowed" "^Permissions-Policy: camera=\(self\)"
body_has "scan script versioned" 'src="/static/scan.js?v='
body_has "scan decoder versioned" 'data-jsqr="/static/jsqr.js?v='
body_has "scan code form" "action=\"/checkin/session/$SA/code\""
body_lacks "scan no inline script" "<script>"
expect_status "roster camera off" 200 -b "$J" "$BASE/checkin/session/$SA"
header_has "roster camera denied" "^Permissions-Policy: camera=\(\)"
expect_status "scan.js served" 200 "$BASE/static/scan.js"
expect_status "jsqr served" 200 "$BASE/static/jsqr.js"
body_has "jsqr is jsQR" "jsQR"

TD=$(ckt HTTPCKDAAAAAAAAAAAAAAAAAAA)
ck_scan "$J" "$CS" "$SA" "$BASE/c/$TD" "nonce-aaaaaaaaaaaaa1"
check "scan 200" [ "$STATUS" = 200 ]
header_has "scan json" "^Content-Type: application/json"
check "scan checked in" [ "$(ck_json result)" = checked_in ]
check "scan tone" [ "$(ck_json tone)" = ok ]
body_has "scan message" '"message":"Dan Checkin: checked in at'
check "scan count" [ "$(ck_json checked_in)" = 3 ]
# A retry of that request (same nonce): the same answer, no new record.
ck_scan "$J" "$CS" "$SA" "$BASE/c/$TD" "nonce-aaaaaaaaaaaaa1"
check "scan retry same answer" [ "$(ck_json result)" = checked_in ]
body_has "scan retry flagged" '"replay":true'
# A second scan: already, with the first time and educator.
ck_scan "$J" "$CS" "$SA" "$BASE/c/$TD" "nonce-aaaaaaaaaaaaa2"
check "scan again already" [ "$(ck_json result)" = already ]
body_has "scan already by" "by Sam Peer"
check "scan one record" [ "$(records "$BD" "$SA")" = 1 ]
# Refusals, in words.
ck_scan "$J" "$CS" "$SA" "$BASE/c/$(ckt HTTPCKXAAAAAAAAAAAAAAAAAAA)" "nonce-aaaaaaaaaaaaa3"
check "scan cancelled" [ "$(ck_json result)" = cancelled ]
ck_scan "$J" "$CS" "$SA" "$(ckt HTTPCKWAAAAAAAAAAAAAAAAAAA)" "nonce-aaaaaaaaaaaaa4"
check "scan waitlisted" [ "$(ck_json result)" = waitlisted ]
ck_scan "$J" "$CS" "$SA" "$BASE/c/ZZZZZZZZZZZZZZZZZZZZZZZZZZ" "nonce-aaaaaaaaaaaaa5"
check "scan unknown" [ "$(ck_json result)" = unknown ]
check "scan unknown bad tone" [ "$(ck_json tone)" = bad ]
ck_scan "$J" "$CS" "$SA" "$BASE/c/$(ckt HTTPCKFAAAAAAAAAAAAAAAAAAA)" "nonce-aaaaaaaaaaaaa6"
check "scan other course" [ "$(ck_json result)" = other_course ]
# The wrong day: a scanner open on a session that is not today.
ck_scan "$J" "$CS" "$SB" "$BASE/c/$(ckt HTTPCKFAAAAAAAAAAAAAAAAAAA)" "nonce-aaaaaaaaaaaaa7"
check "scan wrong day" [ "$(ck_json result)" = not_today ]
body_has "scan wrong day dates" "Its sessions:"
ck_scan "$J" "$CS" "$SA2" "$BASE/c/$(ckt HTTPCKEAAAAAAAAAAAAAAAAAAA)" "nonce-aaaaaaaaaaaaa8"
check "scan next week's session" [ "$(ck_json result)" = not_today ]
# A typed code in the scanner's field.
ck_scan "$J" "$CS" "$SA" "hck eee" "nonce-aaaaaaaaaaaaa9"
check "scan typed code" [ "$(ck_json result)" = checked_in ]
check "scan typed code method" [ "$(ck_sql "SELECT method FROM attendance WHERE booking_id = $BE AND session_id = $SA")" = code ]
check "scan refusals record nothing" [ "$(ck_sql "SELECT count(*) FROM attendance a JOIN booking b ON b.id = a.booking_id WHERE b.token_hash IN ('$(ckh HTTPCKXAAAAAAAAAAAAAAAAAAA)', '$(ckh HTTPCKWAAAAAAAAAAAAAAAAAAA)', '$(ckh HTTPCKFAAAAAAAAAAAAAAAAAAA)')")" = 0 ]
# Malformed requests.
ck_scan "$J" "$CS" "$SA" "$BASE/c/$TD" "short"
check "scan bad nonce 422" [ "$STATUS" = 422 ]
expect_status "scan without csrf 403" 403 -b "$J" --data "session=$SA&text=$TD&nonce=nonce-aaaaaaaaaaaa10" "$BASE/checkin/scan"
expect_status "scan logged out 401" 401 -b "$CK/nobody" -c "$CK/nobody" --data "csrf=$(ck_csrf "$CK/nobody")&session=$SA&text=$TD&nonce=nonce-aaaaaaaaaaaa11" "$BASE/checkin/scan"
body_has "scan logged out json" '"result":"login"'

# Two scans of one code at the same moment: exactly one record; the
# other answer is "already".
ck_sql "DELETE FROM attendance WHERE booking_id = $BB AND session_id = $SA"
for i in 1 2; do
	curl -s --max-time 20 -b "$J" -H 'Accept: application/json' \
	    --data-urlencode "csrf=$CS" --data-urlencode "session=$SA" \
	    --data-urlencode "text=$BASE/c/$(ckt HTTPCKBAAAAAAAAAAAAAAAAAAA)" \
	    --data-urlencode "nonce=race-$i-aaaaaaaaaaaaaa" \
	    -o "$CK/race$i.json" "$BASE/checkin/scan" &
	eval "RACE$i=\$!"
done
wait "$RACE1" "$RACE2"
R=$(for f in "$CK/race1.json" "$CK/race2.json"; do
	sed -n 's/.*"result":"\([a-z_]*\)".*/\1/p' "$f"; echo; done | grep . | sort | tr '\n' ' ')
check "race: one checked in, one already ($R)" [ "$R" = "already checked_in " ]
check "race: one record" [ "$(records "$BB" "$SA")" = 1 ]

# Everyone not checked in, absent; then the counts.
expect_status "absent without csrf 403" 403 -b "$J" --data "x=1" "$BASE/checkin/session/$SA/absent"
ck_sql "DELETE FROM attendance WHERE booking_id = $BE AND session_id = $SA"
expect_status "absent rest" 303 -b "$J" --data "csrf=$CS" "$BASE/checkin/session/$SA/absent"
check "absent rest count" [ "$(ck_location)" = "/checkin/session/$SA?absent=1#counts" ]
check "absent rest recorded" [ "$(ck_sql "SELECT status FROM attendance WHERE booking_id = $BE AND session_id = $SA")" = absent ]
check "absent rest left the rest" [ "$(ck_sql "SELECT count(*) FROM attendance WHERE session_id = $SA AND status = 'absent'")" = 1 ]

# --- Another educator, and an admin -------------------------------------------

printf 'second-educator-2026\n' | "$TESSERA_TOOL" user add --role educator \
    --email pat.second@example.org --name "Pat Second" >/dev/null 2>&1
J2=$CK/pat
ck_login "$J2" pat.second@example.org second-educator-2026
check "second educator logs in" [ "$STATUS" = 303 ]
expect_status "second: own list" 200 -b "$J2" "$BASE/checkin"
body_lacks "second: not Sam's sessions" "Check-in course A"
C2=$(csrf_of "$BODY")
expect_status "second: roster 403" 403 -b "$J2" "$BASE/checkin/session/$SA"
body_lacks "second: roster shows nobody" "Ana Checkin"
expect_status "second: scanner 403" 403 -b "$J2" "$BASE/checkin/session/$SA/scan"
ck_scan "$J2" "$C2" "$SA" "$BASE/c/$(ckt HTTPCKCAAAAAAAAAAAAAAAAAAA)" "nonce-pat-aaaaaaaaaa1"
check "second: scan 403" [ "$STATUS" = 403 ]
check "second: scan forbidden" [ "$(ck_json result)" = forbidden ]
body_lacks "second: scan no name" "Cleo"
# A code of a run Pat does not run answers as a code no booking has
# (issue 11 point 9): same status, same words, no course title.
expect_status "second: c page 404" 404 -b "$J2" "$BASE/c/$(ckt HTTPCKEAAAAAAAAAAAAAAAAAAA)"
body_lacks "second: c page no name" "Eve Checkin"
body_lacks "second: c page no course" "Check-in course A"
body_has "second: c page as unknown" "Not on your sessions: no booking on your sessions has this code."
cp "$BODY" "$CK/foreign.html"
fetch -b "$J2" "$BASE/c/ZZZZZZZZZZZZZZZZZZZZZZZZZZ"
check "second: foreign same as unknown" cmp -s "$BODY" "$CK/foreign.html"
N0=$(ck_sql "SELECT count(*) FROM attendance WHERE session_id = $SA")
expect_status "second: c post 404" 404 -b "$J2" --data "csrf=$C2" "$BASE/c/$(ckt HTTPCKEAAAAAAAAAAAAAAAAAAA)"
body_lacks "second: c post no course" "Check-in course A"
expect_status "second: mark 403" 403 -b "$J2" --data "csrf=$C2&booking=$BC&status=absent" "$BASE/checkin/session/$SA/mark"
expect_status "second: code 403" 403 -b "$J2" --data "csrf=$C2&code=HCKCCC" "$BASE/checkin/session/$SA/code"
expect_status "second: absent 403" 403 -b "$J2" --data "csrf=$C2" "$BASE/checkin/session/$SA/absent"
A1=$(ck_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal'")
expect_status "second: needs 403" 403 -b "$J2" --data "csrf=$C2&booking=$BA" "$BASE/checkin/session/$SA/needs"
body_lacks "second: needs not shown" "Secret support need"
check "second: nothing audited" [ "$(ck_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal'")" = "$A1" ]
check "second: nothing changed" [ "$(ck_sql "SELECT count(*) FROM attendance WHERE session_id = $SA")" = "$N0" ]

JA=$CK/jo
ck_login "$JA" jo@demo.tessera.invalid admin-demo-2026
expect_status "admin: roster" 200 -b "$JA" "$BASE/checkin/session/$SA"
body_has "admin: sees learners" "Ana Checkin"
expect_status "admin: list has all" 200 -b "$JA" "$BASE/checkin"
body_has "admin: list course A" "Check-in course A"

# --- The door with no signal: today's lists, the queue, paper ---------------

# Run D (Sam), a session on now: four confirmed learners, one waitlisted.
ck_sql "BEGIN;
INSERT INTO course(slug, title, status) VALUES ('http-door', 'Door course', 'published');
INSERT INTO run(course_id, capacity, status) VALUES ((SELECT max(id) FROM course), 20, 'published');
INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES
 ((SELECT max(id) FROM run), $START, $NOW + 3600, (SELECT max(id) FROM venue));
INSERT INTO facilitator(run_id, user_id, role) SELECT max(r.id), u.id, 'peer'
 FROM run AS r, \"user\" AS u WHERE u.email = '$SAM' GROUP BY u.id;
INSERT INTO course(slug, title, status) VALUES ('http-door-x', 'Door course no one runs', 'published');
INSERT INTO run(course_id, capacity, status) VALUES ((SELECT max(id) FROM course), 20, 'published');
INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES
 ((SELECT max(id) FROM run), $START, $NOW + 3600, (SELECT max(id) FROM venue));
INSERT INTO learner(email, name, created_at) VALUES
 ('door-a@example.org', 'Dora Door', $NOW), ('door-b@example.org', 'Dev Door', $NOW),
 ('door-c@example.org', 'Dina Door', $NOW), ('door-d@example.org', 'Dax Door', $NOW),
 ('door-w@example.org', 'Dot Waiting', $NOW);
WITH v(email, status, token, code, needs) AS (VALUES
  ('door-a@example.org', 'confirmed', 'HTTPDRAAAAAAAAAAAAAAAAAAAA', 'HDRAAA', 'Door secret need: step-free'),
  ('door-b@example.org', 'confirmed', 'HTTPDRBAAAAAAAAAAAAAAAAAAA', 'HDRBBB', ''),
  ('door-c@example.org', 'confirmed', 'HTTPDRCAAAAAAAAAAAAAAAAAAA', 'HDRCCC', ''),
  ('door-d@example.org', 'confirmed', 'HTTPDRDAAAAAAAAAAAAAAAAAAA', 'HDRDDD', ''),
  ('door-w@example.org', 'waitlisted', 'HTTPDRWAAAAAAAAAAAAAAAAAAA', 'HDRWWW', ''))
INSERT INTO booking(run_id, learner_id, status, token, code, needs, created_at, updated_at)
 SELECT (SELECT r.id FROM run r JOIN course c ON c.id = r.course_id WHERE c.slug = 'http-door'), l.id, v.status, v.token, v.code, v.needs, $NOW, $NOW
 FROM v JOIN learner AS l ON l.email = v.email;
COMMIT;" 2>"$CK/door.err" || sed -n 1,5p "$CK/door.err"
"$TESSERA_TOOL" init >/dev/null	# the links hashed, as above
SD=$(ck_sql "SELECT s.id FROM session s JOIN run r ON r.id = s.run_id JOIN course c ON c.id = r.course_id WHERE c.slug = 'http-door'")
DA=$(bid HTTPDRAAAAAAAAAAAAAAAAAAAA); DB=$(bid HTTPDRBAAAAAAAAAAAAAAAAAAA)
DC=$(bid HTTPDRCAAAAAAAAAAAAAAAAAAA); DD=$(bid HTTPDRDAAAAAAAAAAAAAAAAAAA)
DW=$(bid HTTPDRWAAAAAAAAAAAAAAAAAAA)
# A session on now that Sam does not run.
SX=$(ck_sql "SELECT s.id FROM session s JOIN run r ON r.id = s.run_id JOIN course c ON c.id = r.course_id WHERE c.slug = 'http-door-x'")
check "door: fixture" [ -n "$SD" -a -n "$DD" -a -n "$DW" -a -n "$SX" ]
# ck_sync JAR CSRF ITEMS: POST /checkin/sync (items: lines), body in $BODY.
ck_sync() {
	fetch -b "$1" -H 'Accept: application/json' --data-urlencode "csrf=$2" \
	    --data-urlencode "items=$3" "$BASE/checkin/sync"
}
# ck_result I KEY: KEY of the result with index I in the last sync body.
ck_result() {
	tr '{' '\n' < "$BODY" | grep "\"index\":$1," | \
	    sed -n "s/.*\"$2\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" | head -n 1
}
at_of() { ck_sql "SELECT at FROM attendance WHERE booking_id = $1 AND session_id = $SD"; }
by_of() { ck_sql "SELECT u.email FROM attendance a JOIN \"user\" u ON u.id = a.by_user WHERE a.booking_id = $1 AND a.session_id = $SD"; }

# Today's lists, for the phone to keep: the check-in hash, never needs,
# contact details or the token itself.
expect_status "today needs login" 401 "$BASE/checkin/today.json"
expect_status "today" 200 -b "$J" "$BASE/checkin/today.json"
header_has "today json" "^Content-Type: application/json"
header_has "today no-store" "^Cache-Control: no-store"
body_has "today names" '"name":"Dora Door"'
body_has "today codes" '"code":"HDRAAA"'
body_has "today hash" "\"hash\":\"$(ckh "$(ckt HTTPDRAAAAAAAAAAAAAAAAAAAA)")\""
body_lacks "today no needs" "Door secret need"
body_lacks "today no email" "door-a@example.org"
body_lacks "today no token" "HTTPDRAAAAAAAAAAAAAAAAAAAA"
body_lacks "today no check-in token" "$(ckt HTTPDRAAAAAAAAAAAAAAAAAAAA)"
body_lacks "today no waitlisted" "Dot Waiting"
body_lacks "today only own runs" "\"id\":$SX,"
expect_status "today second educator" 200 -b "$J2" "$BASE/checkin/today.json"
body_lacks "today second: not Sam's" "Dora Door"

# The queue sent when the network is back: the same nonce twice in one
# batch, a foreign session, a learner of another run, a waitlisted one,
# a line that cannot be read.
T0=$((NOW - 120))
ck_sync "$J" "$CS" "door-nonce-000000000a1 $SD $DA present qr $T0
door-nonce-000000000a1 $SD $DA present qr $T0
door-nonce-000000000b1 $SD $DB late tap $((NOW - 60))
door-nonce-000000000x1 $SX $DA present qr $T0
door-nonce-000000000x2 $SD $BA present qr $T0
door-nonce-000000000x3 $SD $DW present tap $T0
door-nonce-000000000x4 $SD $DA present paper $T0
not a queued item at all"
check "sync 200" [ "$STATUS" = 200 ]
header_has "sync json" "^Content-Type: application/json"
check "sync first" [ "$(ck_result 0 result)" = checked_in ]
check "sync duplicate replayed" [ "$(ck_result 1 result)" = checked_in ]
body_has "sync duplicate flagged" '"replay":true'
check "sync late" [ "$(ck_result 2 result)" = checked_in ]
check "sync late status" [ "$(ck_result 2 status)" = late ]
check "sync foreign session" [ "$(ck_result 3 result)" = forbidden ]
check "sync other run" [ "$(ck_result 4 result)" = unknown ]
check "sync waitlisted" [ "$(ck_result 5 result)" = unknown ]
check "sync paper refused" [ "$(ck_result 6 result)" = invalid ]
check "sync unreadable" [ "$(ck_result 7 result)" = invalid ]
body_has "sync names learner" '"message":"Dora Door: checked in at'
body_lacks "sync other run no name" "Ana Checkin"
check "sync one record" [ "$(records "$DA" "$SD")" = 1 ]
check "sync phone time kept" [ "$(at_of "$DA")" = "$T0" ]
check "sync nothing foreign" [ "$(records "$DA" "$SX")" = 0 ]
check "sync nothing for others" [ "$(records "$BA" "$SD")" = 0 ]
check "sync nonces once" [ "$(ck_sql "SELECT count(*) FROM scan_nonce WHERE nonce = 'door-nonce-000000000a1'")" = 1 ]
# The same batch again (the phone lost the answer): nothing doubles.
ck_sync "$J" "$CS" "door-nonce-000000000a1 $SD $DA present qr $T0
door-nonce-000000000b1 $SD $DB late tap $((NOW - 60))"
check "sync resent replayed" [ "$(ck_result 0 result)" = checked_in ]
check "sync resent still one" [ "$(ck_sql "SELECT count(*) FROM attendance WHERE session_id = $SD")" = 2 ]

# Out of order: Jo checks Dina in online now; Sam's phone, offline, had
# scanned her five minutes ago. The earlier stays, and is Sam's.
CJ=$(csrf_of "$(fetch -b "$JA" "$BASE/checkin/session/$SD"; echo "$BODY")")
ck_scan "$JA" "$CJ" "$SD" "$BASE/c/$(ckt HTTPDRCAAAAAAAAAAAAAAAAAAA)" "door-jo-nonce-0000001"
check "online first" [ "$(ck_json result)" = checked_in ]
ck_sync "$J" "$CS" "door-nonce-000000000c1 $SD $DC present qr $((NOW - 300))"
check "earlier wins" [ "$(ck_result 0 result)" = checked_in ]
check "earlier time kept" [ "$(at_of "$DC")" = "$((NOW - 300))" ]
check "earlier educator kept" [ "$(by_of "$DC")" = "$SAM" ]
# The other way: Jo online first, Sam's phone clock in the future is
# held to now: Jo's earlier check-in stays, and Sam is told.
ck_scan "$JA" "$CJ" "$SD" "$BASE/c/$(ckt HTTPDRDAAAAAAAAAAAAAAAAAAA)" "door-jo-nonce-0000002"
ck_sync "$J" "$CS" "door-nonce-000000000d1 $SD $DD present code $((NOW + 86400))"
check "later answered already" [ "$(ck_result 0 result)" = already ]
body_has "later told who" "Dax Door: already checked in at"
body_has "later told by whom" "by Jo Admin."
check "later kept Jo" [ "$(by_of "$DD")" = jo@demo.tessera.invalid ]
check "future clock held" [ "$(at_of "$DD")" -le "$(date +%s)" ]
# A phone clock a year slow is held to an hour before the start.
ck_sync "$J" "$CS" "door-nonce-000000000b2 $SD $DB undo tap $((NOW - 60))
door-nonce-000000000b3 $SD $DB present tap $((NOW - 31536000))"
check "slow clock held" [ "$(at_of "$DB")" = "$((START - 3600))" ]
# Everyone else absent, through the queue.
ck_sync "$J" "$CS" "door-nonce-000000000r1 $SD 0 rest tap $NOW"
check "rest" [ "$(ck_result 0 result)" = rest ]
check "rest none left" [ "$(ck_sql "SELECT count(*) FROM booking b WHERE b.run_id = (SELECT run_id FROM session WHERE id = $SD) AND b.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.booking_id = b.id AND a.session_id = $SD)")" = 0 ]

# Hostile queues: 4xx, never 5xx, nothing recorded.
N0=$(ck_sql "SELECT count(*) FROM attendance")
ck_sync "$J" "$CS" ""
check "sync empty 422" [ "$STATUS" = 422 ]
check "sync empty says" [ "$(ck_json result)" = invalid ]
ck_sync "$J" "$CS" "$(i=0; while [ $i -le 100 ]; do echo "door-nonce-many-$(printf %05d $i) $SD $DA present qr $NOW"; i=$((i + 1)); done)"
check "sync too many 422" [ "$STATUS" = 422 ]
check "sync too many took none" [ "$(ck_sql "SELECT count(*) FROM scan_nonce WHERE nonce LIKE 'door-nonce-many-%'")" = 0 ]
ck_sync "$J" "" "door-nonce-000000000z1 $SD $DA present qr $NOW"
check "sync without csrf 403" [ "$STATUS" = 403 ]
ck_sync "$CK/nobody" "$(ck_csrf "$CK/nobody")" "door-nonce-000000000z2 $SD $DA present qr $NOW"
check "sync logged out 401" [ "$STATUS" = 401 ]
fetch -b "$J" -H 'Content-Type: application/json' -H 'Accept: application/json' \
    --data '{"items":[{"nonce":"x"}],"csrf":"'"$CS"'"}' "$BASE/checkin/sync"
check "sync json body 4xx" [ "$STATUS" -ge 400 -a "$STATUS" -lt 500 ]
for bad in '[' '{"items":' '%00%ff%fe' 'items=%FF%FE%00' "items=$(head -c 3000 /dev/zero | tr '\0' 'A')" \
    "items=door-nonce-000000000z3%20$SD%20$DA%20present%20qr%20$NOW%0A%0A%0A" \
    "items=door-nonce-000000000z4%20-1%20$DA%20present%20qr%20$NOW" \
    "items=door-nonce-000000000z5%20$SD%20$DA%20present%20qr%20999999999999999999999" \
    "items=%22%3E%3Cscript%3E%20$SD%20$DA%20present%20qr%20$NOW"; do
	fetch -b "$J" -H 'Accept: application/json' --data "csrf=$CS&$bad" "$BASE/checkin/sync"
	check "sync hostile <500: $bad" [ "$STATUS" -ge 200 -a "$STATUS" -lt 500 ]
	body_lacks "sync hostile not echoed" "<script>"
done
check "sync hostile recorded nothing" [ "$(ck_sql "SELECT count(*) FROM attendance")" = "$N0" ]

# The support needs reveal is a POST only (issue 11 point 8).
A1=$(ck_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal'")
expect_status "needs by GET 405" 405 -b "$J" "$BASE/checkin/session/$SD/needs?booking=$DA"
header_has "needs allows POST" "^Allow: POST"
body_lacks "needs GET shows nothing" "Door secret need"
check "needs GET audits nothing" [ "$(ck_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal'")" = "$A1" ]
expect_status "needs POST without csrf 403" 403 -b "$J" --data "booking=$DA" "$BASE/checkin/session/$SD/needs"
check "needs no csrf audits nothing" [ "$(ck_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal'")" = "$A1" ]

# The sign-in sheet: every name and code, never needs; the run's trainers
# and the office only.
expect_status "sheet" 200 -b "$J" "$BASE/checkin/session/$SD/sheet"
for n in "Dora Door" "Dev Door" "Dina Door" "Dax Door" HDRAAA HDRDDD; do body_has "sheet has $n" "$n"; done
body_lacks "sheet no needs" "Door secret need"
body_lacks "sheet no waitlisted" "Dot Waiting"
body_lacks "sheet no email" "door-a@example.org"
body_has "sheet signature column" "Signature"
expect_status "sheet second educator 403" 403 -b "$J2" "$BASE/checkin/session/$SD/sheet"
body_lacks "sheet second no names" "Dora Door"
expect_status "sheet logged out" 303 "$BASE/checkin/session/$SD/sheet"
expect_status "sheet admin" 200 -b "$JA" "$BASE/checkin/session/$SD/sheet"

# Typing the ticks back in: the office only, method paper, audited. Dev
# is present already (left as is), Dina's record goes.
expect_status "paper educator 403" 403 -b "$J" "$BASE/checkin/session/$SD/paper"
expect_status "paper page" 200 -b "$JA" "$BASE/checkin/session/$SD/paper"
body_has "paper radios" "name=\"b$DA\" value=\"present\""
body_lacks "paper no needs" "Door secret need"
P0=$(ck_sql "SELECT count(*) FROM audit WHERE action = 'attendance.paper'")
expect_status "paper post" 303 -b "$JA" --data "csrf=$CJ&b$DA=late&b$DB=present&b$DC=none" "$BASE/checkin/session/$SD/paper"
check "paper to page" [ "$(ck_location)" = "/checkin/session/$SD/paper?saved=2#saved" ]
check "paper method" [ "$(ck_sql "SELECT method || ' ' || status FROM attendance WHERE booking_id = $DA AND session_id = $SD")" = "paper late" ]
check "paper none removes" [ "$(records "$DC" "$SD")" = 0 ]
check "paper audited" [ "$(ck_sql "SELECT count(*) FROM audit WHERE action = 'attendance.paper'")" = "$((P0 + 1))" ]
expect_status "paper saved page" 200 -b "$JA" "$BASE/checkin/session/$SD/paper?saved=2"
body_has "paper saved words" "Saved from the paper sheet: 2 changed."
expect_status "paper bad value 400" 400 -b "$JA" --data "csrf=$CJ&b$DA=maybe" "$BASE/checkin/session/$SD/paper"
expect_status "paper foreign booking 400" 400 -b "$JA" --data "csrf=$CJ&b$BA=present" "$BASE/checkin/session/$SD/paper"
expect_status "paper foreign among good 400" 400 -b "$JA" --data "csrf=$CJ&b$DB=absent&b$BA=present" "$BASE/checkin/session/$SD/paper"
expect_status "paper twice 400" 400 -b "$JA" --data "csrf=$CJ&b$DB=absent&b$DB=present" "$BASE/checkin/session/$SD/paper"
expect_status "paper nothing ticked" 303 -b "$JA" --data "csrf=$CJ" "$BASE/checkin/session/$SD/paper"
check "paper nothing changed" [ "$(ck_location)" = "/checkin/session/$SD/paper?saved=0#saved" ]
expect_status "paper educator post 403" 403 -b "$J" --data "csrf=$CS&b$DA=absent" "$BASE/checkin/session/$SD/paper"
check "paper refusals changed nothing" [ "$(ck_sql "SELECT status FROM attendance WHERE booking_id = $DA AND session_id = $SD")" = late ]
check "paper refusals left Dev" [ "$(ck_sql "SELECT status FROM attendance WHERE booking_id = $DB AND session_id = $SD")" = present ]

# Installable and offline: the manifest, the icons, the service worker.
expect_status "roster for manifest" 200 -b "$J" "$BASE/checkin/session/$SD"
body_has "roster links manifest" 'rel="manifest" href="/static/manifest.webmanifest"'
body_has "roster door script" 'src="/static/door.js?v='
body_has "roster sheet link" "href=\"/checkin/session/$SD/sheet\""
header_has "csp allows the manifest" "^Content-Security-Policy: .*manifest-src 'self'"
expect_status "manifest" 200 "$BASE/static/manifest.webmanifest"
body_has "manifest start" '"start_url": "/checkin"'
expect_status "icon 192" 200 "$BASE/static/icon-192.png"
expect_status "icon 512" 200 "$BASE/static/icon-512.png"
expect_status "service worker" 200 "$BASE/checkin/sw.js"
header_has "service worker is script" "^Content-Type: text/javascript"
header_has "service worker revalidated" "^Cache-Control: no-cache"
body_has "service worker syncs" "door-sync"
expect_status "door.js" 200 "$BASE/static/door.js"

# --- Log-out and the timeouts ---------------------------------------------------

SID=$(ck_sid "$J")
expect_status "logout without csrf 403" 403 -b "$J" --data "x=1" "$BASE/logout"
expect_status "logout" 303 -b "$J" -c "$J" --data "csrf=$CS" "$BASE/logout"
check "logout to login" [ "$(ck_location)" = "/login?out=1" ]
header_has "logout clears cookie" "^Set-Cookie: sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
header_has "logout clears the phone" '^Clear-Site-Data: "cache", "storage"'

HASH=$(printf '%s' "$SID" | sha256sum | cut -d ' ' -f 1)
check "logout deletes session" [ "$(ck_sql "SELECT count(*) FROM auth_session WHERE id_hash = '$HASH'")" = 0 ]
expect_status "old cookie refused" 303 -H "Cookie: sid=$SID" "$BASE/checkin"
expect_status "logged out notice" 200 "$BASE/login?out=1"
body_has "logged out words" "You have logged out."

# Idle: no request for more than 8 hours.
ck_login "$J" "$SAM" "$SAMPW"
HASH=$(printf '%s' "$(ck_sid "$J")" | sha256sum | cut -d ' ' -f 1)
expect_status "fresh session" 200 -b "$J" "$BASE/checkin"
ck_sql "UPDATE auth_session SET seen_at = seen_at - 7 * 3600, created_at = created_at - 7 * 3600 WHERE id_hash = '$HASH'"
expect_status "7 hours idle is fine" 200 -b "$J" "$BASE/checkin"
ck_sql "UPDATE auth_session SET seen_at = seen_at - 8 * 3600 - 5 WHERE id_hash = '$HASH'"
expect_status "8 hours idle ends it" 303 -b "$J" "$BASE/checkin"
check "idle to login" [ "$(ck_location)" = "/login?next=%2Fcheckin&ended=1" ]
check "idle session deleted" [ "$(ck_sql "SELECT count(*) FROM auth_session WHERE id_hash = '$HASH'")" = 0 ]
expect_status "idle notice" 200 "$BASE/login?next=%2Fcheckin&ended=1"
body_has "idle words" "logged out after a time without use"
# Absolute: busy, yet more than 24 hours since log-in.
ck_login "$J" "$SAM" "$SAMPW"
HASH=$(printf '%s' "$(ck_sid "$J")" | sha256sum | cut -d ' ' -f 1)
ck_sql "UPDATE auth_session SET created_at = created_at - 23 * 3600 WHERE id_hash = '$HASH'"
expect_status "23 hours old is fine" 200 -b "$J" "$BASE/checkin"
ck_sql "UPDATE auth_session SET created_at = created_at - 3600 - 5 WHERE id_hash = '$HASH'"
expect_status "24 hours old ends it" 303 -b "$J" "$BASE/checkin"
ck_scan "$J" "$CS" "$SA" "$TD" "nonce-after-aaaaaaaa1"
check "scan after timeout 401" [ "$STATUS" = 401 ]

# --- The throttle ----------------------------------------------------------------
# Issue 11, point 4: a stranger must not lock out the real user. Waits
# grow per (account, client) pair and per client; a browser that has
# logged in before keeps its way in (its device cookie).

# `tessera user add` keeps the admin page's rule (issue 11, point 9).
printf 'x\n' | "$TESSERA_TOOL" user add --role educator \
    --email short@example.org --name "Short Password" >/dev/null 2>"$CK/short.err"
check "user add: a one-character password refused" [ $? = 2 ]
check "user add: says the limits" grep -q "Password must be 10 to 128 characters" "$CK/short.err"
check "user add: no account made" [ "$(ck_sql "SELECT count(*) FROM \"user\" WHERE email = 'short@example.org'")" = 0 ]
printf 'throttle-me-2026\n' | "$TESSERA_TOOL" user add --role educator \
    --email throttle@example.org --name "Throttle Test" >/dev/null 2>&1
check "user add: a long enough password is fine" [ $? = 0 ]
# ck_login_from ADDR JAR EMAIL PASSWORD: ck_login from another source
# address on loopback (nginx sees it as REMOTE_ADDR).
ck_login_from() {
	curl -s --max-time 20 --interface "$1" -c "$2" -b "$2" -o /dev/null "$BASE/login"
	c=$(awk '$6 == "csrf" { v = $7 } END { print v }' "$2")
	fetch --interface "$1" -c "$2" -b "$2" --data-urlencode "csrf=$c" \
	    --data-urlencode "email=$3" --data-urlencode "password=$4" \
	    --data-urlencode "next=/checkin" "$BASE/login"
}
# The real user's phone logged in last week: it holds a device cookie.
JD=$CK/throttle-device
ck_login "$JD" throttle@example.org throttle-me-2026
check "throttle: the phone logs in" [ "$STATUS" = 303 ]
check "throttle: the phone gets a device cookie" \
    [ -n "$(awk '$6 == "device" { v = $7 } END { print v }' "$JD")" ]
header_has "throttle: device cookie strict and http-only" \
    "^Set-Cookie: device=[A-Z2-7]{26}; Path=/; HttpOnly; SameSite=Strict"
DEVID=$(awk '$6 == "device" { v = $7 } END { print v }' "$JD")
check "throttle: the device id is stored hashed" \
    [ "$(ck_sql "SELECT count(*) FROM login_device WHERE id_hash = '$(printf '%s' "$DEVID" | sha256sum | cut -d ' ' -f 1)'")" = 1 ]
check "throttle: the device id is not stored as it is" \
    [ "$(ck_sql "SELECT count(*) FROM login_device WHERE id_hash = '$DEVID'")" = 0 ]
# A stranger from the same address: 50 wrong passwords.
JT=$CK/throttle
n422=0; n429=0
i=0
while [ $i -lt 50 ]; do
	i=$((i + 1))
	ck_login "$JT" throttle@example.org "guess-$i"
	case $STATUS in 422) n422=$((n422 + 1));; 429) n429=$((n429 + 1));; esac
done
check "throttle: five guesses heard" [ "$n422" = 5 ]
check "throttle: the other 45 refused unheard (the attacker is slowed)" [ "$n429" = 45 ]
ck_login "$JT" throttle@example.org throttle-me-2026
check "throttle: the attacker's right password is not heard either" [ "$STATUS" = 429 ]
body_has "throttle: words" "Too many attempts. Try again in 1 minute."
header_has "throttle: Retry-After" "^Retry-After: [0-9]+"
check "throttle: no session" [ -z "$(ck_sid "$JT")" ]
# The real user's phone, from the same address, gets in at once.
ck_login "$JD" throttle@example.org throttle-me-2026
check "throttle: the phone that logged in before is not locked out" [ "$STATUS" = 303 ]
check "throttle: the phone has a session" [ -n "$(ck_sid "$JD")" ]
# So does another client, with no device cookie at all.
ck_login_from 127.0.0.2 "$CK/throttle-other" throttle@example.org throttle-me-2026
check "throttle: another client is not locked out" [ "$STATUS" = 303 ]
# Other accounts from the attacker's address are fine.
ck_login "$CK/jo2" jo@demo.tessera.invalid admin-demo-2026
check "throttle: other account fine" [ "$STATUS" = 303 ]
# The wait ends a minute after the newest failure: heard again.
ck_sql "UPDATE login_failure SET at = at - 60 WHERE key = 'pair:throttle@example.org|127.0.0.1'"
ck_login "$JT" throttle@example.org throttle-me-2026
check "throttle: heard again after the wait" [ "$STATUS" = 303 ]
# Audited, with no password.
check "throttle: failed log-ins audited" \
    [ "$(ck_sql "SELECT count(*) FROM audit WHERE action = 'login.failed' AND detail LIKE 'account %, from 127.0.0.1'")" -ge 5 ]
check "throttle: log-ins audited" \
    [ "$(ck_sql "SELECT count(*) FROM audit WHERE action = 'login' AND detail LIKE 'from 127.0.0.%'")" -ge 3 ]
check "throttle: no password in the audit log" \
    [ "$(ck_sql "SELECT count(*) FROM audit WHERE detail LIKE '%guess-%' OR detail LIKE '%throttle-me%'")" = 0 ]
# Per client: thirty failures from here, whatever the accounts, slow
# this client down, but not the phone that logged in before.
ck_sql "INSERT INTO login_failure(key, at) SELECT 'client:127.0.0.1', $(date +%s) FROM (WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 30) SELECT i FROM k) AS n"
ck_login "$CK/jo3" jo@demo.tessera.invalid admin-demo-2026
check "throttle: client 429" [ "$STATUS" = 429 ]
ck_login "$JD" throttle@example.org throttle-me-2026
check "throttle: the known phone still gets in" [ "$STATUS" = 303 ]
ck_sql "DELETE FROM login_failure WHERE key = 'client:127.0.0.1'"
ck_login "$CK/jo3" jo@demo.tessera.invalid admin-demo-2026
check "throttle: client heard again" [ "$STATUS" = 303 ]

# Never a password, token or session id in the program's log.
check "log has no password" sh -c '! grep -q -e "$1" -e "$2" "$3"' _ "$SAMPW" "throttle-me" "$TESSERA_VAR/log/checkin.log"
check "log has no token" sh -c '! grep -q "HTTPCK" "$1"' _ "$TESSERA_VAR/log/checkin.log"
check "log has no session id" sh -c '! grep -q "$1" "$2"' _ "$SID" "$TESSERA_VAR/log/checkin.log"
