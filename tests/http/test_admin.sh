# test_admin.sh: the college office through nginx: who may come in,
# the exports (headers, exact columns, what was checked in, filters,
# formula injection, the audit log), the management forms (422 with
# values kept, 303 after success, capacity below the confirmed refused,
# a cancelled run on the learner's page), learners (find, needs shown
# and audited, subject-access JSON, erasure: counts kept, email gone
# from the database file and its log), and 100,000 rows streamed with
# the admin workers' memory watched. Sourced by run.sh ($BASE, $TMP,
# $TESSERA_DB, $TESSERA_VAR, $BUILD, lib.sh).
#
# Fixture sessions are in the past and fixture runs end as drafts or
# cancelled, so the catalogue the later tests see is the demo's.

AD=$TMP/admin
mkdir -p "$AD"
AD_HEADER='session_date,session_start,session_end,course,run,venue,learner_name,learner_email,booking_status,attendance,checked_in_at,checked_in_by,method'
AD_SUMMARY='course,run,first_session_date,sessions,places,confirmed,waitlisted,sessions_held,attendances,mean_attendance_rate_pct,co_delivered'

# Fixtures are written with secure_delete on, as the programs write:
# erasure is checked on the file's bytes.
ad_sql() { db_sql "$@"; }
# A booking token (26 characters of A-Z) from a prefix and a row id.
# SQLite has char() and substr(x, -n), PostgreSQL chr() and right(x, n).
if db_pg; then
	AD_TOK="right('AAAAAAAAAAAAAAAAAAA' || chr((65 + id % 26)::int) || chr((65 + id / 26 % 26)::int) || chr((65 + id / 676 % 26)::int), 19)"
	AD_CODE="right('000000' || id, 6)"
else
	AD_TOK="substr('AAAAAAAAAAAAAAAAAAA' || char(65 + id % 26) || char(65 + id / 26 % 26) || char(65 + id / 676 % 26), -19)"
	AD_CODE="substr('000000' || id, -6)"
fi
ad_location() { tr -d '\r' < "$HDRS" | sed -n 's/^[Ll]ocation: //p' | head -n 1; }
# ad_login JAR EMAIL PASSWORD: a staff session in JAR.
ad_login() {
	rm -f "$1"
	fetch -c "$1" -b "$1" "$BASE/login"
	c=$(csrf_of "$BODY")
	fetch -c "$1" -b "$1" --data-urlencode "email=$2" \
	    --data-urlencode "password=$3" --data-urlencode "csrf=$c" \
	    --data-urlencode "next=/admin" "$BASE/login"
	[ "$STATUS" = 303 ]
}
# ad_post NAME WANT PATH [curl args]: POST with the admin's csrf.
ad_post() {
	name=$1; want=$2; path=$3; shift 3
	expect_status "$name" "$want" -b "$JO" -c "$JO" \
	    --data-urlencode "csrf=$JO_CSRF" "$@" "$BASE$path"
}
# The first line of the last body, without its CR.
ad_first() { head -n 1 "$BODY" | tr -d '\r'; }
# "pid kB" for each admin.fcgi process (the master and its workers).
ad_rss() {
	for pid in $(pgrep -f "admin.fcgi --socket $TESSERA_VAR/run/admin.sock"); do
		echo "$pid $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)"
	done
}
# Times text occurs in a file's bytes.
ad_bytes() {
	if [ -f "$2" ]; then grep -c -a -F -- "$1" "$2"; else echo 0; fi
}

# --- Who may come in --------------------------------------------------------

expect_status "admin: anonymous is sent to log in" 303 "$BASE/admin"
check "admin: back to /admin after" [ "$(ad_location)" = "/login?next=%2Fadmin" ]
expect_status "admin: anonymous export is sent to log in" 303 "$BASE/admin/export/attendance.csv?run=1"
check "admin: export comes back with its query" [ "$(ad_location)" = "/login?next=%2Fadmin%2Fexport%2Fattendance.csv%3Frun%3D1" ]
expect_status "admin: anonymous POST refused" 403 -X POST "$BASE/admin/learners/1/erase"

JO=$AD/jo.jar
SAM=$AD/sam.jar
check "admin: admin logs in" ad_login "$JO" jo@demo.tessera.invalid admin-demo-2026
check "admin: educator logs in" ad_login "$SAM" sam@demo.tessera.invalid peer-demo-2026

expect_status "admin: educator 403" 403 -b "$SAM" "$BASE/admin"
expect_status "admin: educator export 403" 403 -b "$SAM" "$BASE/admin/export/attendance.csv"
body_lacks "admin: educator gets no CSV" "session_date,"
expect_status "admin: educator summary 403" 403 -b "$SAM" "$BASE/admin/export/summary.csv"
SAM_CSRF=$(awk '$6 == "csrf" { v = $7 } END { print v }' "$SAM")
expect_status "admin: educator learner JSON 403" 403 -b "$SAM" --data-urlencode "csrf=$SAM_CSRF" "$BASE/admin/learners/1/export.json"

expect_status "admin: dashboard" 200 -b "$JO" "$BASE/admin"
body_has "admin: dashboard title" "College office"
body_has "admin: dashboard two weeks" "The next two weeks"
JO_CSRF=$(csrf_of "$BODY")
check "admin: csrf field" [ -n "$JO_CSRF" ]
for p in /admin/export /admin/reports /admin/audit /admin/learners \
    /admin/venues /admin/courses /admin/runs /admin/staff /admin/settings; do
	expect_status "admin: page $p" 200 -b "$JO" "$BASE$p"
done
expect_status "admin: reports draw charts" 200 -b "$JO" "$BASE/admin/reports"
body_has "admin: reports SVG" '<svg class="chart"'
body_lacks "admin: reports no script" "<script"
# Months are the college's (Europe/London): a session at 23:30 UTC on
# 31 July 2026 is at 00:30 on 1 August in London, and counts in August.
AD_MT=$(date -u -d '2026-07-31 23:30:00' +%s)
AD_MR=$(ad_sql "BEGIN;
    INSERT INTO course(slug, title) VALUES ('http-admin-month', 'Admin month course');
    INSERT INTO run(course_id, capacity, status) VALUES ((SELECT max(id) FROM course), 5, 'published');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    VALUES ((SELECT max(id) FROM run), $AD_MT, $AD_MT + 3600, (SELECT min(id) FROM venue));
    SELECT max(id) FROM run;
    COMMIT;")
expect_status "admin: reports by month" 200 -b "$JO" "$BASE/admin/reports?from=2026-08-01&to=2026-08-01"
body_has "admin: the month is the college's" "<td>August 2026</td>"
body_lacks "admin: not the month in UTC" "<td>July 2026</td>"
ad_sql "UPDATE run SET status = 'draft' WHERE id = $AD_MR"
expect_status "admin: POST without csrf 403" 403 -b "$JO" --data "name=X" "$BASE/admin/venues"

# --- Exports match what was checked in ---------------------------------------

# A past run of a draft course: three confirmed learners (one with a
# hostile name), one waitlisted; two sessions a week apart.
NOW=$(date +%s)
T1=$((NOW - 20 * 86400))
T2=$((NOW - 13 * 86400))
RX=$(ad_sql "BEGIN;
    INSERT INTO venue(name) VALUES ('Admin Test Hall, Room 1');
    INSERT INTO course(slug, title) VALUES ('http-admin-x', 'Admin export course');
    INSERT INTO run(course_id, capacity, status) VALUES ((SELECT max(id) FROM course), 10, 'draft');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES
      ((SELECT max(id) FROM run), $T1, $T1 + 7200, (SELECT max(id) FROM venue)),
      ((SELECT max(id) FROM run), $T2, $T2 + 7200, (SELECT max(id) FROM venue));
    INSERT INTO learner(email, name, phone, consent_at, created_at) VALUES
      ('adx-a@example.org', 'Adx Able', '', 1, 1),
      ('adx-b@example.org', '=HYPERLINK(\"http://evil\")', '', 1, 1),
      ('adx-c@example.org', 'Adx Cole', '', 1, 1),
      ('adx-w@example.org', 'Adx Wait', '', 1, 1);
    INSERT INTO booking(run_id, learner_id, status, token, code, created_at, updated_at)
      SELECT (SELECT max(id) FROM run), id,
        CASE email WHEN 'adx-w@example.org' THEN 'waitlisted' ELSE 'confirmed' END,
        'HTTPADX' || $AD_TOK, $AD_CODE, 1, 1
      FROM learner WHERE email LIKE 'adx-%';
    SELECT max(id) FROM run;
    COMMIT;")
SAM_ID=$(ad_sql "SELECT id FROM \"user\" WHERE email = 'sam@demo.tessera.invalid'")
ad_sql "INSERT INTO attendance(booking_id, session_id, status, at, by_user, method)
    SELECT b.id, s.id,
      CASE l.email WHEN 'adx-a@example.org' THEN 'present' WHEN 'adx-b@example.org' THEN 'late' ELSE 'absent' END,
      s.starts_at + 60, $SAM_ID,
      CASE l.email WHEN 'adx-a@example.org' THEN 'qr' WHEN 'adx-b@example.org' THEN 'code' ELSE 'tap' END
    FROM booking b JOIN learner l ON l.id = b.learner_id
    JOIN session s ON s.run_id = b.run_id AND s.starts_at = $T1
    WHERE b.run_id = $RX AND b.status = 'confirmed'"
check "admin: export fixture" [ -n "$RX" ]

expect_status "admin: attendance export" 200 -b "$JO" "$BASE/admin/export/attendance.csv?run=$RX"
cp "$BODY" "$AD/run.csv"
check "admin: CSV header exact" [ "$(ad_first)" = "$AD_HEADER" ]
header_has "admin: CSV type" '^Content-Type: text/csv; charset=utf-8'
header_has "admin: CSV attachment" '^Content-Disposition: attachment; filename="attendance-run-'"$RX"'\.csv"$'
header_has "admin: CSV no-store" '^Cache-Control: no-store$'
check "admin: CSV lines end in CRLF" [ "$(grep -c "$(printf '\r')\$" "$AD/run.csv")" = 7 ]
# One row per confirmed booking per session: 3 x 2, no waiting list.
check "admin: CSV row count" [ "$(($(wc -l < "$AD/run.csv") - 1))" = 6 ]
check "admin: CSV no waitlisted" [ "$(grep -c 'adx-w@' "$AD/run.csv")" = 0 ]
# Each check-in as recorded, by whom and how; the second session has none.
check "admin: CSV present by qr" [ "$(grep -c ',Adx Able,adx-a@example.org,confirmed,present,[0-9T:+-]*,Sam Peer,qr' "$AD/run.csv")" = 1 ]
check "admin: CSV late by code" [ "$(grep -c ',adx-b@example.org,confirmed,late,[0-9T:+-]*,Sam Peer,code' "$AD/run.csv")" = 1 ]
check "admin: CSV absent by tap" [ "$(grep -c ',Adx Cole,adx-c@example.org,confirmed,absent,[0-9T:+-]*,Sam Peer,tap' "$AD/run.csv")" = 1 ]
check "admin: CSV not recorded" [ "$(grep -c ',confirmed,,,,' "$AD/run.csv")" = 3 ]
check "admin: CSV formula neutralised" grep -qF ",\"'=HYPERLINK(\"\"http://evil\"\")\",adx-b@" "$AD/run.csv"
check "admin: CSV venue quoted" grep -qF ',Admin export course,'"$RX"',"Admin Test Hall, Room 1",' "$AD/run.csv"
# The same counts as the database holds.
N_REC=$(ad_sql "SELECT count(*) FROM attendance a JOIN booking b ON b.id = a.booking_id WHERE b.run_id = $RX")
check "admin: CSV records match the database" [ "$(grep -cE ',(present|late|absent|excused),' "$AD/run.csv")" = "$N_REC" ]
# The date and times are the college's (Europe/London).
D1=$(TZ=Europe/London date -d "@$T1" +%Y-%m-%d,%H:%M)
check "admin: CSV local date and time" grep -q "^$D1," "$AD/run.csv"

# Filters: a date range picks one session; a course slug; bad input 422.
D2=$(TZ=Europe/London date -d "@$T2" +%Y-%m-%d)
expect_status "admin: export one day" 200 -b "$JO" "$BASE/admin/export/attendance.csv?from=$D2&to=$D2&course=http-admin-x&run=$RX"
check "admin: export one day rows" [ "$(($(wc -l < "$BODY") - 1))" = 3 ]
header_has "admin: filtered file name" "filename=\"attendance-from-$D2-to-$D2-http-admin-x-run-$RX\\.csv\""
expect_status "admin: export bad date 422" 422 -b "$JO" "$BASE/admin/export/attendance.csv?from=2026-02-30&run=$RX"
body_has "admin: export 422 summary" 'class="error-summary"'
body_has "admin: export 422 keeps the value" 'value="2026-02-30"'
expect_status "admin: export bad slug 422" 422 -b "$JO" "$BASE/admin/export/attendance.csv?course=a%22b"
expect_status "admin: export HEAD" 200 -I -b "$JO" "$BASE/admin/export/attendance.csv?run=$RX"

expect_status "admin: summary export" 200 -b "$JO" "$BASE/admin/export/summary.csv?run=$RX"
check "admin: summary header exact" [ "$(ad_first)" = "$AD_SUMMARY" ]
header_has "admin: summary attachment" "filename=\"summary-run-$RX\\.csv\""
body_lacks "admin: summary is anonymous" "@example.org"
# A draft run is not in the summary (published runs only).
check "admin: summary of a draft run is empty" [ "$(wc -l < "$BODY")" = 1 ]

# Every export is in the audit log: who, which filters.
JO_ID=$(ad_sql "SELECT id FROM \"user\" WHERE email = 'jo@demo.tessera.invalid'")
check "admin: export audited" [ "$(ad_sql "SELECT count(*) FROM audit WHERE action = 'export.attendance' AND user_id = $JO_ID AND detail = 'from any to any course any run $RX'")" -ge 1 ]
check "admin: summary audited" [ "$(ad_sql "SELECT count(*) FROM audit WHERE action = 'export.summary' AND user_id = $JO_ID")" -ge 1 ]
expect_status "admin: audit page filtered" 200 -b "$JO" "$BASE/admin/audit?action=export&user=$JO_ID"
body_has "admin: audit shows exports" "export.attendance"
body_lacks "admin: audit filter leaves others out" "demo.load"

# --- Management forms ----------------------------------------------------------

ad_post "admin: venue invalid 422" 422 /admin/venues --data-urlencode "name=" --data-urlencode "address=1 Kept Street"
body_has "admin: venue 422 summary" 'href="#name"'
body_has "admin: venue 422 keeps address" "1 Kept Street"
ad_post "admin: venue added" 303 /admin/venues --data-urlencode "name=HTTP Venue" --data-urlencode "address=2 New Street" --data "online=1"
check "admin: venue 303 to list" [ "$(ad_location)" = "/admin/venues?done=saved" ]
VX=$(ad_sql "SELECT id FROM venue WHERE name = 'HTTP Venue' AND online = 1")
check "admin: venue stored" [ -n "$VX" ]
ad_post "admin: venue changed" 303 "/admin/venues/$VX" --data-urlencode "name=HTTP Venue 2" --data-urlencode "access=Lift"
check "admin: venue change stored" [ "$(ad_sql "SELECT name || '/' || access || '/' || online FROM venue WHERE id = $VX")" = "HTTP Venue 2/Lift/0" ]

ad_post "admin: course bad slug 422" 422 /admin/courses --data-urlencode "slug=Bad Slug" --data-urlencode "title=Kept Title" --data "status=draft"
body_has "admin: course 422 keeps title" 'value="Kept Title"'
body_has "admin: course 422 links slug" 'href="#slug"'
ad_post "admin: course taken slug 422" 422 /admin/courses --data-urlencode "slug=http-admin-x" --data-urlencode "title=Dup" --data "status=draft"
body_has "admin: course taken message" "Another course has this web address name"
ad_post "admin: course added" 303 /admin/courses --data-urlencode "slug=http-admin-new" --data-urlencode "title=HTTP New Course" --data "status=published"
CX=$(ad_sql "SELECT id FROM course WHERE slug = 'http-admin-new' AND status = 'published'")
check "admin: course stored" [ -n "$CX" ]
check "admin: course 303 to its page" [ "$(ad_location)" = "/admin/courses/$CX?done=saved" ]

ad_post "admin: run invalid 422" 422 /admin/runs --data "course=$CX" --data "capacity=0"
body_has "admin: run 422 keeps capacity" 'value="0"'
ad_post "admin: run added" 303 /admin/runs --data "course=$CX" --data "capacity=3"
RN=$(ad_sql "SELECT max(id) FROM run WHERE course_id = $CX AND status = 'draft'")
check "admin: run 303 to it" [ "$(ad_location)" = "/admin/runs/$RN?done=added" ]
ad_post "admin: publish without sessions 422" 422 "/admin/runs/$RN/status" --data "status=published"
body_has "admin: publish needs a session" "Add at least one session"
ad_post "admin: session end before start 422" 422 "/admin/runs/$RN/sessions" --data "date=2020-01-06" --data "start=10:00" --data "end=09:00" --data "venue=$VX"
body_has "admin: session 422 keeps date" 'value="2020-01-06"'
body_has "admin: session 422 links end" 'href="#end"'
ad_post "admin: session added" 303 "/admin/runs/$RN/sessions" --data "date=2020-01-06" --data "start=10:00" --data "end=12:00" --data "venue=$VX" --data "past=1"
SX=$(ad_sql "SELECT id FROM session WHERE run_id = $RN")
check "admin: session stored" [ "$(ad_sql "SELECT ends_at - starts_at FROM session WHERE id = $SX")" = 7200 ]
ad_post "admin: session moved" 303 "/admin/sessions/$SX" --data "date=2020-01-07" --data "start=14:00" --data "end=15:30" --data "venue=$VX" --data "past=1"
check "admin: session move stored" [ "$(ad_sql "SELECT ends_at - starts_at FROM session WHERE id = $SX")" = 5400 ]
check "admin: session move 303 to run" [ "$(ad_location)" = "/admin/runs/$RN?done=moved" ]
# Issue 11, point 11 (b, c): a date that is not one stays visible (as
# text: type="date" would blank it); the clock-change hours in words.
ad_post "admin: session bad date 422" 422 "/admin/runs/$RN/sessions" --data "date=2026-13-45" --data "start=10:00" --data "end=11:00" --data "venue=$VX"
body_has "admin: bad date kept as text" '<input type="text" id="date" name="date" value="2026-13-45"'
body_has "admin: bad date hint" 'Write the date as year-month-day'
ad_post "admin: session in the skipped hour 422" 422 "/admin/runs/$RN/sessions" --data "date=2026-03-29" --data "start=01:30" --data "end=03:00" --data "venue=$VX" --data "past=1"
body_has "admin: skipped hour said in words" "01:30 does not exist on 29 March 2026 because the clocks go forward; choose a time from 02:00"
body_lacks "admin: not the old words" "End time must be after the start time"
ad_post "admin: session in the doubled hour" 303 "/admin/runs/$RN/sessions" --data "date=2026-10-25" --data "start=01:30" --data "end=02:30" --data "venue=$VX" --data "past=1"
check "admin: 01:30 to 02:30 on the autumn night is one hour" \
    [ "$(ad_sql "SELECT ends_at - starts_at FROM session WHERE run_id = $RN AND starts_at = $(date -u -d '2026-10-25 01:30:00' +%s)")" = 3600 ]
ad_sql "DELETE FROM session WHERE run_id = $RN AND starts_at >= $(date -u -d '2026-01-01' +%s)"
ad_post "admin: run published" 303 "/admin/runs/$RN/status" --data "status=published"
check "admin: run published stored" [ "$(ad_sql "SELECT status FROM run WHERE id = $RN")" = published ]
ad_post "admin: facilitator added" 303 "/admin/runs/$RN/facilitators" --data "user=$SAM_ID" --data "role=peer"
check "admin: facilitator stored" [ "$(ad_sql "SELECT role FROM facilitator WHERE run_id = $RN AND user_id = $SAM_ID")" = peer ]
ad_post "admin: facilitator bad role 422" 422 "/admin/runs/$RN/facilitators" --data "user=$SAM_ID" --data "role=boss"

# Capacity below the confirmed bookings is refused, with the number.
ad_sql "INSERT INTO learner(email, name, created_at) VALUES ('adn-1@example.org', 'Adn One', 1), ('adn-2@example.org', 'Adn Two', 1);
    INSERT INTO booking(run_id, learner_id, status, token, code, created_at, updated_at)
    SELECT $RN, id, 'confirmed', 'HTTPADN' || $AD_TOK, $AD_CODE, 1, 1
    FROM learner WHERE email LIKE 'adn-%';"
ad_post "admin: capacity below confirmed 422" 422 "/admin/runs/$RN" --data "capacity=1"
body_has "admin: capacity message" "fewer than the 2 already confirmed"
body_has "admin: capacity keeps value" 'value="1"'
check "admin: capacity unchanged" [ "$(ad_sql "SELECT capacity FROM run WHERE id = $RN")" = 3 ]
ad_post "admin: capacity raised" 303 "/admin/runs/$RN" --data "capacity=5"
check "admin: capacity stored" [ "$(ad_sql "SELECT capacity FROM run WHERE id = $RN")" = 5 ]
ad_post "admin: unpublish with bookings 422" 422 "/admin/runs/$RN/status" --data "status=draft"

# Cancelling takes a ticked box; then the learner's booking page says so.
ad_post "admin: cancel unconfirmed 422" 422 "/admin/runs/$RN/status" --data "status=cancelled"
body_has "admin: cancel asks to confirm" 'href="#confirm"'
ad_post "admin: run cancelled" 303 "/admin/runs/$RN/status" --data "status=cancelled" --data "confirm=1"
check "admin: run cancel stored" [ "$(ad_sql "SELECT status FROM run WHERE id = $RN")" = cancelled ]
# The rows above hold plaintext links, as bookings from before sql/006
# do: `tessera init` hashes them, and a link is then known only from
# the formula that made it.
"$TESSERA_TOOL" init >/dev/null
AD_TOKL=$(printf '%s' "$AD_TOK" | sed 's/\bid\b/learner_id/g')
TOKN=$(ad_sql "SELECT 'HTTPADN' || $AD_TOKL FROM booking WHERE run_id = $RN LIMIT 1")
expect_status "admin: learner's page after cancel" 200 "$BASE/booking/$TOKN"
body_has "admin: learner sees the cancellation" "The college has cancelled this course"
ad_post "admin: session of cancelled run 422" 422 "/admin/runs/$RN/sessions" --data "date=2020-01-08" --data "start=10:00" --data "end=11:00" --data "venue=$VX" --data "past=1"
check "admin: changes audited" [ "$(ad_sql "SELECT count(*) FROM audit WHERE user_id = $JO_ID AND action IN ('venue.add', 'venue.edit', 'course.add', 'run.add', 'session.add', 'session.move', 'run.publish', 'facilitator.set', 'run.edit', 'run.cancel')")" -ge 10 ]

# Staff accounts.
ad_post "admin: staff short password 422" 422 /admin/staff --data-urlencode "name=Kim Staff" --data-urlencode "email=kim@example.org" --data "role=educator" --data-urlencode "password=short"
body_has "admin: staff 422 keeps name" 'value="Kim Staff"'
body_lacks "admin: staff 422 no password back" 'value="short"'
ad_post "admin: staff added" 303 /admin/staff --data-urlencode "name=Kim Staff" --data-urlencode "email=kim@example.org" --data "role=educator" --data-urlencode "password=a long enough password"
KIM=$(ad_sql "SELECT id FROM \"user\" WHERE email = 'kim@example.org'")
check "admin: staff stored hashed" [ "$(ad_sql "SELECT count(*) FROM \"user\" WHERE id = $KIM AND pwhash LIKE '\$argon2id\$%'")" = 1 ]
ad_post "admin: staff duplicate 422" 422 /admin/staff --data-urlencode "name=Kim Again" --data-urlencode "email=KIM@example.org" --data "role=educator" --data-urlencode "password=a long enough password"
ad_post "admin: staff disabled" 303 "/admin/staff/$KIM/disable"
check "admin: staff disable stored" [ "$(ad_sql "SELECT disabled FROM \"user\" WHERE id = $KIM")" = 1 ]
ad_post "admin: disable yourself 422" 422 "/admin/staff/$JO_ID/disable"
ad_post "admin: staff enabled" 303 "/admin/staff/$KIM/enable"
ad_post "admin: password short 422" 422 "/admin/staff/$KIM/password" --data-urlencode "password=tiny"
ad_post "admin: password set" 303 "/admin/staff/$KIM/password" --data-urlencode "password=another long password"
check "admin: new password works" ad_login "$AD/kim.jar" kim@example.org "another long password"
expect_status "admin: new educator 403" 403 -b "$AD/kim.jar" "$BASE/admin"

# Retention setting.
ad_post "admin: retention invalid 422" 422 /admin/settings --data "months=0"
body_has "admin: retention 422 keeps value" 'value="0"'
ad_post "admin: retention saved" 303 /admin/settings --data "months=36"
check "admin: retention stored" [ "$(ad_sql "SELECT value FROM setting WHERE key = 'retention_months'")" = 36 ]

# --- Learners and erasure -----------------------------------------------------

LA=$(ad_sql "SELECT id FROM learner WHERE email = 'adx-a@example.org'")
TOKA=$(ad_sql "SELECT 'HTTPADX' || $AD_TOKL FROM booking WHERE learner_id = $LA")
expect_status "admin: booking link works before erasure" 200 "$BASE/booking/$TOKA"
ad_sql "UPDATE booking SET needs = 'HTTP-NEEDS-4417 hearing loop' WHERE learner_id = $LA"
expect_status "admin: find learner" 200 -b "$JO" "$BASE/admin/learners?q=adx-a"
body_has "admin: found learner" "/admin/learners/$LA"
expect_status "admin: learner page" 200 -b "$JO" "$BASE/admin/learners/$LA"
body_lacks "admin: needs hidden" "HTTP-NEEDS-4417"
A0=$(ad_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal' AND detail = 'learner $LA'")
expect_status "admin: needs shown" 200 -b "$JO" "$BASE/admin/learners/$LA?show=needs"
body_has "admin: needs text" "HTTP-NEEDS-4417"
check "admin: needs audited" [ "$(ad_sql "SELECT count(*) FROM audit WHERE action = 'needs.reveal' AND detail = 'learner $LA' AND user_id = $JO_ID")" = $((A0 + 1)) ]
# A link on another website to the record: nothing shown, nothing
# audited, a page that asks first (issue 11, point 8).
V0=$(ad_sql "SELECT count(*) FROM audit WHERE action IN ('learner.view', 'needs.reveal') AND detail = 'learner $LA'")
expect_status "admin: record from another site asks first" 200 -b "$JO" -H "Sec-Fetch-Site: cross-site" "$BASE/admin/learners/$LA?show=needs"
body_has "admin: asks first" "Open this learner's record?"
body_lacks "admin: nothing of the record from another site" "adx-a@example.org"
body_lacks "admin: no needs from another site" "HTTP-NEEDS-4417"
check "admin: nothing audited from another site" [ "$(ad_sql "SELECT count(*) FROM audit WHERE action IN ('learner.view', 'needs.reveal') AND detail = 'learner $LA'")" = "$V0" ]
expect_status "admin: record from our own pages" 200 -b "$JO" -H "Sec-Fetch-Site: same-origin" "$BASE/admin/learners/$LA"
body_has "admin: the record from our own pages" "adx-a@example.org"
check "admin: learner view audited" [ "$(ad_sql "SELECT count(*) FROM audit WHERE action = 'learner.view' AND detail = 'learner $LA' AND user_id = $JO_ID")" -ge 2 ]
# The subject-access download is a POST with csrf (issue 11, point 8): a
# cross-site link cannot make it, nor write its audit line.
body_has "admin: export is a form" "<form method=\"post\" action=\"/admin/learners/$LA/export.json\">"
X0=$(ad_sql "SELECT count(*) FROM audit WHERE action = 'learner.export'")
expect_status "admin: export by GET 405" 405 -b "$JO" "$BASE/admin/learners/$LA/export.json"
header_has "admin: export 405 Allow" "^Allow: POST"
expect_status "admin: export without csrf 403" 403 -b "$JO" -X POST "$BASE/admin/learners/$LA/export.json"
expect_status "admin: export cross-site 403" 403 -b "$JO" -H "Origin: https://evil.example" -H "Sec-Fetch-Site: cross-site" --data-urlencode "csrf=$JO_CSRF" "$BASE/admin/learners/$LA/export.json"
check "admin: refused exports not audited" [ "$(ad_sql "SELECT count(*) FROM audit WHERE action = 'learner.export'")" = "$X0" ]
ad_post "admin: subject access JSON" 200 "/admin/learners/$LA/export.json"
check "admin: the export audited" [ "$(ad_sql "SELECT count(*) FROM audit WHERE action = 'learner.export'")" = $((X0 + 1)) ]
header_has "admin: JSON type" '^Content-Type: application/json'
header_has "admin: JSON attachment" "filename=\"learner-$LA\\.json\""
body_has "admin: JSON email" '"email":"adx-a@example.org"'
body_has "admin: JSON needs" "HTTP-NEEDS-4417"
body_has "admin: JSON attendance" '"method":"qr"'

# Erasure: counts before, the email in the files before (so the check
# can fail), erase, counts after, the email nowhere in the files.
EMAIL=adx-a@example.org
ad_counts() { ad_sql "SELECT (SELECT count(*) FROM booking), (SELECT count(*) FROM attendance), (SELECT count(*) FROM booking WHERE status = 'confirmed'), (SELECT count(*) FROM learner)"; }
C0=$(ad_counts)
ad_sql "UPDATE run SET status = 'published' WHERE id = $RX"
fetch -b "$JO" "$BASE/admin/export/summary.csv?run=$RX"
cp "$BODY" "$AD/summary-before.csv"
check "admin: summary before has the run" [ "$(wc -l < "$AD/summary-before.csv")" = 2 ]
db_pg || check "admin: the email is in the files before erasure" db_files_have "$EMAIL"
ad_post "admin: erase unconfirmed 422" 422 "/admin/learners/$LA/erase"
body_has "admin: erase asks to confirm" 'href="#confirm"'
ad_post "admin: learner erased" 303 "/admin/learners/$LA/erase" --data "confirm=1"
check "admin: erase 303 to the page" [ "$(ad_location)" = "/admin/learners/$LA?done=erased" ]
check "admin: counts unchanged" [ "$(ad_counts)" = "$C0" ]
fetch -b "$JO" "$BASE/admin/export/summary.csv?run=$RX"
check "admin: summary unchanged" cmp -s "$BODY" "$AD/summary-before.csv"
fetch -b "$JO" "$BASE/admin/export/attendance.csv?run=$RX"
check "admin: export still has the rows" [ "$(($(wc -l < "$BODY") - 1))" = 6 ]
body_has "admin: export shows the erased learner" ",Erased learner,,confirmed,present,"
body_lacks "admin: export lacks the email" "$EMAIL"
if db_pg; then
	db_skip "admin: erased email and needs not in the files" "SQLite's secure_delete and WAL checkpoint; PostgreSQL keeps old row versions until VACUUM and its WAL until recycled (the rows themselves are checked above and below)"
	check "admin: erased email not in the learner table" [ "$(ad_sql "SELECT count(*) FROM learner WHERE email = '$EMAIL'")" = 0 ]
	check "admin: erased needs not in the bookings" [ "$(ad_sql "SELECT count(*) FROM booking WHERE needs LIKE '%HTTP-NEEDS-4417%'")" = 0 ]
else
	check "admin: erased email not in the database file" [ "$(ad_bytes "$EMAIL" "$TESSERA_DB")" = 0 ]
	check "admin: erased email not in the WAL" [ "$(ad_bytes "$EMAIL" "$TESSERA_DB-wal")" = 0 ]
	check "admin: erased needs not in the files" [ "$(( $(ad_bytes HTTP-NEEDS-4417 "$TESSERA_DB") + $(ad_bytes HTTP-NEEDS-4417 "$TESSERA_DB-wal") ))" = 0 ]
fi
check "admin: erasure audited" [ "$(ad_sql "SELECT count(*) FROM audit WHERE action = 'learner.erase' AND user_id = $JO_ID AND detail = 'learner $LA'")" = 1 ]
expect_status "admin: erased learner's page" 200 -b "$JO" "$BASE/admin/learners/$LA"
body_has "admin: page says erased" "personal details were erased"
expect_status "admin: erased booking link is dead" 404 "$BASE/booking/$TOKA"
ad_sql "UPDATE run SET status = 'draft' WHERE id = $RX"

# The command line does the same.
LC=$(ad_sql "SELECT id FROM learner WHERE email = 'adx-c@example.org'")
ad_cli() { "$BUILD/bin/tessera" "$@" > "$AD/cli.out" 2>&1; }
check "admin: tessera erase --email" ad_cli erase --email ADX-C@example.org
check "admin: tessera erased" [ "$(ad_sql "SELECT name FROM learner WHERE id = $LC")" = "Erased learner" ]
"$BUILD/bin/tessera" export attendance --course http-admin-x > "$AD/cli.csv" 2>/dev/null
check "admin: tessera export header" [ "$(head -n 1 "$AD/cli.csv" | tr -d '\r')" = "$AD_HEADER" ]
check "admin: tessera export rows" [ "$(($(wc -l < "$AD/cli.csv") - 1))" = 6 ]

# --- 100,000 rows, streamed ------------------------------------------------------

# 1,000 learners on a draft run of 100 past sessions.
RB=$(ad_sql "BEGIN;
    INSERT INTO course(slug, title) VALUES ('http-admin-big', 'Admin big export');
    INSERT INTO run(course_id, capacity, status) VALUES ((SELECT max(id) FROM course), 1000, 'draft');
    WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < 99)
    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    SELECT (SELECT max(id) FROM run), $NOW - 400 * 86400 + i * 86400,
      $NOW - 400 * 86400 + i * 86400 + 3600, (SELECT max(id) FROM venue WHERE online = 0) FROM k;
    WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 1000)
    INSERT INTO learner(email, name, created_at)
    SELECT 'big' || i || '@example.org', 'Big Learner ' || i, 1 FROM k;
    INSERT INTO booking(run_id, learner_id, status, token, code, created_at, updated_at)
    SELECT (SELECT max(id) FROM run), id, 'confirmed',
      'HTTPBIG' || $AD_TOK, $AD_CODE, 1, 1
    FROM learner WHERE email LIKE 'big%@example.org';
    SELECT max(id) FROM run;
    COMMIT;")
check "admin: big fixture" [ "$(ad_sql "SELECT count(*) FROM booking WHERE run_id = $RB")" = 1000 ]
# Warm up every worker on a small export, then measure.
for i in 1 2 3 4; do curl -s -o /dev/null -b "$JO" "$BASE/admin/export/attendance.csv?run=$RX"; done
ad_rss > "$AD/rss0"
T0=$(date +%s%N)
curl -s --max-time 120 -b "$JO" -o "$AD/big.csv" "$BASE/admin/export/attendance.csv?run=$RB"
T1=$(date +%s%N)
ad_rss > "$AD/rss1"
check "admin: 100,000 rows exported" [ "$(wc -l < "$AD/big.csv")" = 100001 ]
check "admin: 100,000-row export complete" [ "$(tail -c 2 "$AD/big.csv" | od -An -c | tr -d ' ')" = '\r\n' ]
# The largest process after, and the most any one grew.
R1=$(awk '{ print $2 }' "$AD/rss1" | sort -n | tail -n 1)
GROWTH=$(awk 'NR == FNR { before[$1] = $2; next }
    ($1 in before) && $2 - before[$1] > g { g = $2 - before[$1] }
    END { print g + 0 }' "$AD/rss0" "$AD/rss1")
echo "  admin: 100,000 rows in $(( (T1 - T0) / 1000000 )) ms; largest admin process ${R1:-?} kB, grew at most ${GROWTH} kB"
check "admin: worker RSS measured" [ -n "$R1" -a "$(wc -l < "$AD/rss1")" -ge 2 ]
R1=${R1:-999999}
# Flat memory: no process grows by the export's size (~12 MB of CSV);
# SQLite's page cache may fill (at most 2 MB, the default cache_size).
# Without the sanitizers each stays under 8 MB; their runtime adds a
# fixed overhead, so there only the growth is bounded.
case "$BUILD" in
*asan*)	check "admin: export memory flat (growth < 4 MB)" [ "$GROWTH" -lt 4096 ] ;;
*)	check "admin: export memory flat (growth < 3 MB)" [ "$GROWTH" -lt 3072 ]
	check "admin: admin workers under 8 MB" [ "$R1" -lt 8192 ] ;;
esac
# The big fixture goes again, so the tests after see a small college.
ad_sql "BEGIN;
    DELETE FROM booking WHERE run_id = $RB;
    DELETE FROM session WHERE run_id = $RB;
    DELETE FROM learner WHERE email LIKE 'big%@example.org';
    DELETE FROM run WHERE id = $RB;
    DELETE FROM course WHERE slug = 'http-admin-big';
    COMMIT;"

# Retention: `tessera erase --older-than` erases a learner not seen for
# longer than the months given (the row stays, the details go) and
# keeps one enrolled today.
ad_sql "INSERT INTO learner(email, name, created_at) VALUES
    ('adx-old@example.org', 'Adx Old', 1),
    ('adx-new@example.org', 'Adx New', $(date +%s))"
check "admin: erase --older-than runs" sh -c '"$1" erase --older-than 36 > "$2" 2>&1' _ "$TESSERA_TOOL" "$AD/older.out"
check "admin: the long-unseen learner erased" [ "$(ad_sql "SELECT count(*) FROM learner WHERE email = 'adx-old@example.org' OR name = 'Adx Old'")" = 0 ]
check "admin: a learner of today kept" [ "$(ad_sql "SELECT count(*) FROM learner WHERE email = 'adx-new@example.org' AND erased_at IS NULL")" = 1 ]
