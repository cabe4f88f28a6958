# test_journeys.sh: the three journeys as a new user meets them (issue
# 13): the staff header and where a log-in lands; dates that cannot be
# right; search without case or accents; the spreadsheet exports; the
# college's own settings; the office acting for a learner; and the
# smaller points. Sourced by run.sh ($BASE, $TMP, $TESSERA_DB, $BUILD,
# lib.sh); uses the demo college's accounts.

JY=$TMP/journeys
mkdir -p "$JY"
jy_location() { tr -d '\r' < "$HDRS" | sed -n 's/^[Ll]ocation: //p' | head -n 1; }
jy_sql() { db_sql "$@"; }
# jy_login JAR EMAIL PASSWORD [NEXT]: log in (no next= unless given);
# leaves the answer to the POST in STATUS and HDRS.
jy_login() {
	rm -f "$1"
	fetch -c "$1" -b "$1" "$BASE/login"
	c=$(csrf_of "$BODY")
	if [ -n "${4:-}" ]; then
		fetch -c "$1" -b "$1" --data-urlencode "email=$2" \
		    --data-urlencode "password=$3" --data-urlencode "csrf=$c" \
		    --data-urlencode "next=$4" "$BASE/login"
	else
		fetch -c "$1" -b "$1" --data-urlencode "email=$2" \
		    --data-urlencode "password=$3" --data-urlencode "csrf=$c" \
		    "$BASE/login"
	fi
}
# jy_post NAME WANT PATH [curl args]: POST as the admin with csrf.
jy_post() {
	name=$1; want=$2; path=$3; shift 3
	expect_status "$name" "$want" -b "$JYA" -c "$JYA" \
	    --data-urlencode "csrf=$JYA_CSRF" "$@" "$BASE$path"
}

# --- 1. The staff header, and where a log-in lands --------------------------

JYA=$JY/admin.jar
JYE=$JY/educator.jar
jy_login "$JYA" jo@demo.tessera.invalid admin-demo-2026
check "journeys: admin lands on /admin" [ "$STATUS" = 303 -a "$(jy_location)" = /admin ]
jy_login "$JYE" sam@demo.tessera.invalid peer-demo-2026
check "journeys: educator lands on /checkin" [ "$STATUS" = 303 -a "$(jy_location)" = /checkin ]
jy_login "$JY/next.jar" jo@demo.tessera.invalid admin-demo-2026 /admin/staff
check "journeys: admin with next= goes there" [ "$(jy_location)" = /admin/staff ]
# The public pages' "Staff area" link, for someone logged in.
expect_status "journeys: logged-in admin at /login goes to /admin" 303 -b "$JYA" "$BASE/login"
check "journeys: /login when logged in lands by role" [ "$(jy_location)" = /admin ]

expect_status "journeys: admin's check-in page" 200 -b "$JYA" "$BASE/checkin"
body_has "journeys: header names the admin" 'Logged in as <strong class="name">Jo'
body_has "journeys: header links the admin area" '<a href="/admin">Administration</a>'
body_has "journeys: header links check-in" '<a href="/checkin">Check-in</a>'
body_has "journeys: header log-out is a form" '<form method="post" action="/logout">'
body_lacks "journeys: no 'Staff area' link when logged in" 'Staff area'
expect_status "journeys: admin page" 200 -b "$JYA" "$BASE/admin"
body_has "journeys: admin page header" '<a href="/admin">Administration</a>'
JYA_CSRF=$(csrf_of "$BODY")
check "journeys: one log-out form on an admin page" [ "$(grep -c 'action="/logout"' "$BODY")" = 1 ]
expect_status "journeys: educator's check-in page" 200 -b "$JYE" "$BASE/checkin"
body_has "journeys: header names the educator" 'Logged in as <strong class="name">Sam'
body_lacks "journeys: no admin link for an educator" 'href="/admin"'
body_lacks "journeys: educator header: no 'Staff area' link" 'Staff area'
expect_status "journeys: a visitor's page" 200 "$BASE/courses"
body_has "journeys: visitors see 'Staff area'" '<a href="/login">Staff area</a>'
body_lacks "journeys: visitors see no log-out" 'action="/logout"'

# --- 8. Dates that cannot be right -----------------------------------------

expect_status "journeys: reversed range on /courses is 422" 422 "$BASE/courses?from=2030-03-10&to=2030-03-01"
body_has "journeys: reversed range says so" "The dates are the wrong way round"
body_has "journeys: reversed range keeps from" 'value="2030-03-10"'
body_has "journeys: reversed range keeps to" 'value="2030-03-01"'
body_lacks "journeys: reversed range does not say no courses" "No courses match"
expect_status "journeys: a one-day range is fine" 200 "$BASE/courses?from=2030-03-01&to=2030-03-01"

JYRUN=$(jy_sql "SELECT r.id FROM run r WHERE r.status = 'published' AND EXISTS (SELECT 1 FROM session s WHERE s.run_id = r.id AND s.starts_at > $(date +%s)) ORDER BY r.id LIMIT 1;")
JYVENUE=$(jy_sql "SELECT id FROM venue ORDER BY id LIMIT 1;")
JYLAST=$(date -u -d '1 year ago' +%Y-%m-%d)
JYSESSIONS=$(jy_sql "SELECT count(*) FROM session WHERE run_id = $JYRUN;")
jy_post "journeys: a session a year ago is refused" 422 "/admin/runs/$JYRUN/sessions" --data "date=$JYLAST" --data "start=10:00" --data "end=12:00" --data "venue=$JYVENUE"
body_has "journeys: past date message" "That date is in the past"
body_has "journeys: past date: box to record it offered" 'id="past"'
body_has "journeys: past date kept" "value=\"$JYLAST\""
body_lacks "journeys: past date not 'added'" "Session added"
check "journeys: no session was added" [ "$(jy_sql "SELECT count(*) FROM session WHERE run_id = $JYRUN;")" = "$JYSESSIONS" ]

# --- 13. Smaller points ------------------------------------------------------

# A session's day of the year in UTC, by engine.
if db_pg; then JY_MD="to_char(to_timestamp(starts_at) AT TIME ZONE 'UTC', 'MM-DD')"
else JY_MD="strftime('%m-%d', starts_at, 'unixepoch')"; fi
check "journeys: the demo has no session on Christmas Day or New Year's Day" \
    [ "$(jy_sql "SELECT count(*) FROM session WHERE $JY_MD IN ('12-25', '01-01');")" = 0 ]
check "journeys: the demo still has its sessions" \
    [ "$(jy_sql "SELECT count(*) FROM session;")" -gt 40 ]
JYOUT=$(TESSERA_DB=$JY/demo.db "$TESSERA_TOOL" demo 2>&1)
check "journeys: demo message has no '(under make run)'" sh -c "! printf '%s' \"\$1\" | grep -q 'under'" - "$JYOUT"
check "journeys: demo message names /admin" sh -c "printf '%s' \"\$1\" | grep -q '/admin'" - "$JYOUT"
check "journeys: demo loaded into a fresh file has no holiday sessions" \
    [ "$(TESSERA_TEST_ENGINE=sqlite TESSERA_DB=$JY/demo.db db_sql "SELECT count(*) FROM session WHERE strftime('%m-%d', starts_at, 'unixepoch') IN ('12-25', '01-01');")" = 0 ]
check "journeys: README says the admin area is /admin" grep -q '`/admin`' "$ROOT/README.md"
expect_status "journeys: reports page" 200 -b "$JYA" "$BASE/admin/reports?from=2026-01-05&to=2026-02-03"
body_has "journeys: reports dates in words" "Sessions from Monday 5 January 2026 to Tuesday 3 February 2026"
JYA_ID=$(jy_sql "SELECT id FROM \"user\" WHERE email = 'jo@demo.tessera.invalid';")
jy_post "journeys: an admin cannot disable their own account" 422 "/admin/staff/$JYA_ID/disable"
body_has "journeys: own account: a clear message" "You cannot disable your own account"
check "journeys: own account still enabled" [ "$(jy_sql "SELECT disabled FROM \"user\" WHERE id = $JYA_ID;")" = 0 ]

# --- 7. Searching names and courses -------------------------------------------

expect_status "journeys: course search 'anxious'" 200 "$BASE/courses?q=anxious"
body_has "journeys: 'anxious' finds the anxiety course" "Understanding anxiety"
body_lacks "journeys: 'anxious' finds something" "No courses match"
expect_status "journeys: course search without accents" 200 "$BASE/courses?q=ANXI%C3%89T%C3%89"
body_has "journeys: 'ANXIÉTÉ' finds the anxiety course" "Understanding anxiety"
expect_status "journeys: course search with FTS5 syntax" 200 "$BASE/courses?q=%22NEAR(%20*%20OR"
expect_status "journeys: course search of only punctuation" 200 "$BASE/courses?q=%25%25"
body_has "journeys: punctuation finds nothing" "No courses match"

# A course the office adds is found at once (the index is rebuilt with
# the change), and a course renamed is found by its new name only.
jy_post "journeys: office adds a course" 303 /admin/courses --data-urlencode "slug=journeys-kintsugi" \
    --data-urlencode "title=Kintsugi and mending" --data-urlencode "summary=Repairing with gold" --data "status=published"
JYC=$(jy_sql "SELECT id FROM course WHERE slug = 'journeys-kintsugi';")
# jy_indexed WORD: how many courses the search index finds WORD in
# (FTS5's course_fts on SQLite, the tsvector course.search on PostgreSQL).
if db_pg; then
	jy_indexed() { jy_sql "SELECT count(*) FROM course WHERE search @@ to_tsquery('english', '$1');"; }
else
	jy_indexed() { jy_sql "SELECT count(*) FROM course_fts WHERE course_fts MATCH '$1';"; }
fi
check "journeys: the new course is in the search index" \
    [ "$(jy_indexed kintsugi)" = 1 ]
jy_post "journeys: office renames it" 303 "/admin/courses/$JYC" --data-urlencode "slug=journeys-kintsugi" \
    --data-urlencode "title=Golden repair" --data-urlencode "summary=Mending with gold" --data "status=published"
check "journeys: the old name is gone from the index" \
    [ "$(jy_indexed kintsugi)" = 0 ]
check "journeys: the new name is in the index" \
    [ "$(jy_indexed golden)" = 1 ]

# Learners with accented names, booked through the form on a run that
# has not started, with places left; its first session's roster.
JYR=$(jy_sql "SELECT r.id FROM run r JOIN course c ON c.id = r.course_id WHERE r.status = 'published' AND c.status = 'published' AND (SELECT min(starts_at) FROM session s WHERE s.run_id = r.id) > $(date +%s) + 86400 ORDER BY r.capacity - (SELECT count(*) FROM booking b WHERE b.run_id = r.id AND b.status = 'confirmed') DESC, r.id LIMIT 1;")
JYS=$(jy_sql "SELECT min(id) FROM session WHERE run_id = $JYR AND status = 'scheduled';")
jy_book() {
	rm -f "$JY/learner.jar"
	fetch -c "$JY/learner.jar" -b "$JY/learner.jar" "$BASE/book/$JYR"
	c=$(csrf_of "$BODY")
	fetch -b "$JY/learner.jar" --data-urlencode "csrf=$c" --data-urlencode "name=$1" \
	    --data-urlencode "email=$2" --data "consent=yes" "$BASE/book/$JYR"
}
jy_book "Siân Evans" "sian.journeys@example.org"
check "journeys: Siân booked" [ "$STATUS" = 303 ]
jy_book "Gwen Llŵyd" "gwen.journeys@example.org"
jy_book "Ola Zażółć" "ola.journeys@example.org"
for pair in "sian:Siân Evans" "SIAN:Siân Evans" "llwyd:Gwen Llŵyd" "%C5%BB%C3%93%C5%81%C4%86:Ola Zażółć" "zazolc:Ola Zażółć"; do
	q=${pair%%:*}; jw=${pair#*:}
	expect_status "journeys: roster search '$q'" 200 -b "$JYA" "$BASE/checkin/session/$JYS?q=$q"
	body_has "journeys: roster '$q' finds $jw" "$jw"
	expect_status "journeys: learner search '$q'" 200 -b "$JYA" "$BASE/admin/learners?q=$q"
	body_has "journeys: learners '$q' finds $jw" "$jw"
done
expect_status "journeys: roster search for no one" 200 -b "$JYA" "$BASE/checkin/session/$JYS?q=nobodyhere"
body_lacks "journeys: roster search for no one lists no Siân" "Siân Evans"

# --- 10. Exports people open in a spreadsheet --------------------------------

# A run with check-ins, and a learner on it with a name Excel garbles.
JYX=$(jy_sql "SELECT b.run_id FROM attendance a JOIN booking b ON b.id = a.booking_id GROUP BY b.run_id ORDER BY count(*) DESC LIMIT 1;")
jy_sql "UPDATE learner SET name = 'Zażółć محمد 张伟' WHERE id = (SELECT b.learner_id FROM booking b JOIN attendance a ON a.booking_id = b.id WHERE b.run_id = $JYX LIMIT 1);"
expect_status "journeys: CSV for Excel" 200 -b "$JYA" "$BASE/admin/export/attendance.csv?run=$JYX&excel=1"
check "journeys: CSV for Excel starts with a byte-order mark" [ "$(head -c 3 "$BODY" | od -An -tx1 | tr -d ' ')" = efbbbf ]
check "journeys: CSV for Excel has the names in UTF-8" grep -q 'Zażółć محمد 张伟' "$BODY"
cp "$BODY" "$JY/excel.csv"
expect_status "journeys: plain CSV" 200 -b "$JYA" "$BASE/admin/export/attendance.csv?run=$JYX"
check "journeys: plain CSV has no byte-order mark" [ "$(head -c 16 "$BODY")" = session_date,ses ]
cp "$BODY" "$JY/plain.csv"
check "journeys: the Excel CSV is the plain CSV after its mark" sh -c 'tail -c +4 "$1" | cmp -s - "$2"' - "$JY/excel.csv" "$JY/plain.csv"
expect_status "journeys: xlsx export" 200 -b "$JYA" "$BASE/admin/export/attendance.xlsx?run=$JYX"
header_has "journeys: xlsx content type" "^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
header_has "journeys: xlsx disposition" "^Content-Disposition: attachment; filename=\"attendance-run-$JYX.xlsx\""
header_has "journeys: xlsx not stored" "^Cache-Control: no-store"
cp "$BODY" "$JY/attendance.xlsx"
# The workbook, opened with openpyxl, holds what the CSV holds, cell for
# cell (a CSV cell's formula guard, a leading quote, is not needed in a
# workbook, where text is never a formula).
# Debian's python3, where python3-openpyxl is (tools/deps.sh).
jy_same() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import csv, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
wb = openpyxl.load_workbook(sys.argv[2], read_only=True)
ws = wb.worksheets[0]
got = [["" if c is None else str(int(c)) if isinstance(c, float) and c.is_integer() else str(c) for c in r] for r in ws.iter_rows(values_only=True)]
got = [r + [""] * (len(rows[0]) - len(r)) for r in got]
if len(rows) < 2 or len(rows) != len(got):
    sys.exit("rows: csv %d, xlsx %d" % (len(rows), len(got)))
for i, (a, b) in enumerate(zip(rows, got)):
    a = [x[1:] if x[:1] == "'" and x[1:2] in "=+-@\t\r" else x for x in a]
    if a != b:
        sys.exit("row %d: %r != %r" % (i, a, b))
PY
}
check "journeys: xlsx has the CSV's columns and rows" jy_same "$JY/plain.csv" "$JY/attendance.xlsx"
expect_status "journeys: summary xlsx" 200 -b "$JYA" "$BASE/admin/export/summary.xlsx"
cp "$BODY" "$JY/summary.xlsx"
expect_status "journeys: summary csv" 200 -b "$JYA" "$BASE/admin/export/summary.csv"
cp "$BODY" "$JY/summary.csv"
check "journeys: summary xlsx matches its CSV" jy_same "$JY/summary.csv" "$JY/summary.xlsx"
expect_status "journeys: educator gets no xlsx" 403 -b "$JYE" "$BASE/admin/export/attendance.xlsx"
check "journeys: the xlsx export is audited" [ "$(jy_sql "SELECT count(*) FROM audit WHERE action = 'export.attendance.xlsx';")" -ge 1 ]
check "journeys: no workbook left in the temporary folder" sh -c '! ls /tmp/tessera-xlsx-* >/dev/null 2>&1'

expect_status "journeys: export of a run that does not exist" 422 -b "$JYA" "$BASE/admin/export/attendance.csv?run=987654"
body_has "journeys: unknown run: a clear message" "There is no run with that number"
header_has "journeys: unknown run: a page, not a CSV" "^Content-Type: text/html"
expect_status "journeys: xlsx of a course that does not exist" 422 -b "$JYA" "$BASE/admin/export/attendance.xlsx?course=no-such-course"
body_has "journeys: unknown course: a clear message" "There is no course with that web address name"
expect_status "journeys: summary of an unknown run" 422 -b "$JYA" "$BASE/admin/export/summary.csv?run=987654"
expect_status "journeys: export page names the Excel variant" 200 -b "$JYA" "$BASE/admin/export"
body_has "journeys: export page: CSV for Excel" "CSV for Excel on Windows"
body_has "journeys: export page: workbook" 'formaction="/admin/export/attendance.xlsx"'

# --- 11. The college's own settings -------------------------------------------

expect_status "journeys: settings page" 200 -b "$JYA" "$BASE/admin/settings"
body_has "journeys: settings: the college's name field" 'name="college_name" value="Riverside Recovery College"'
body_has "journeys: settings: time zone field" 'name="timezone" value="Europe/London"'
body_has "journeys: settings: privacy notice field" '<textarea id="privacy_notice" name="privacy_notice"'
jy_post "journeys: bad settings are refused" 422 /admin/settings/college \
    --data-urlencode "college_name=Hillside Recovery College" --data-urlencode "contact_email=not-an-email" \
    --data-urlencode "contact_phone=ring us" --data-urlencode "privacy_notice=We keep little." \
    --data-urlencode "timezone=Mars/Olympus" --data-urlencode "reminder_hours=500"
body_has "journeys: settings 422: email message" 'href="#contact_email"'
body_has "journeys: settings 422: phone message" "Enter a phone number"
body_has "journeys: settings 422: zone message" "Enter a time zone from the zone database"
body_has "journeys: settings 422: hours message" 'href="#reminder_hours"'
body_has "journeys: settings 422: values kept" 'value="Mars/Olympus"'
body_has "journeys: settings 422: name kept" 'value="Hillside Recovery College"'
body_has "journeys: settings 422: the header keeps the stored name" 'class="brand" href="/courses">Riverside Recovery College'
check "journeys: nothing saved from a refused form" [ "$(jy_sql "SELECT value FROM setting WHERE key = 'college_name';")" = "Riverside Recovery College" ]
jy_post "journeys: good settings saved" 303 /admin/settings/college \
    --data-urlencode "college_name=Hillside Recovery College" --data-urlencode "contact_email=Hello@Hillside.example.org" \
    --data-urlencode "contact_phone=0113 496 0999" --data-urlencode "privacy_notice=We keep only what we need." \
    --data-urlencode "timezone=Europe/Dublin" --data-urlencode "reminder_hours=48"
check "journeys: settings saved: 303 back" [ "$(jy_location)" = "/admin/settings?done=college" ]
check "journeys: name stored" [ "$(jy_sql "SELECT value FROM setting WHERE key = 'college_name';")" = "Hillside Recovery College" ]
check "journeys: email stored lowercased" [ "$(jy_sql "SELECT value FROM setting WHERE key = 'contact_email';")" = "hello@hillside.example.org" ]
check "journeys: zone stored" [ "$(jy_sql "SELECT value FROM setting WHERE key = 'timezone';")" = "Europe/Dublin" ]
check "journeys: hours stored" [ "$(jy_sql "SELECT value FROM setting WHERE key = 'reminder_hours';")" = 48 ]
check "journeys: settings change audited" [ "$(jy_sql "SELECT count(*) FROM audit WHERE action = 'setting.set';")" -ge 1 ]
expect_status "journeys: the new name is on the pages" 200 "$BASE/courses?journeys-name=1"
body_has "journeys: new name in the header" "Hillside Recovery College"
expect_status "journeys: settings without csrf" 403 -b "$JYA" --data-urlencode "college_name=X" "$BASE/admin/settings/college"

check "journeys: tessera set a good value" "$TESSERA_TOOL" set reminder_hours 72
check "journeys: tessera set stored it" [ "$(jy_sql "SELECT value FROM setting WHERE key = 'reminder_hours';")" = 72 ]
JYOUT=$("$TESSERA_TOOL" set reminder_hours 400 2>&1); JYRC=$?
check "journeys: tessera set a bad value fails" [ "$JYRC" = 1 ]
check "journeys: tessera set says why" sh -c "printf '%s' \"\$1\" | grep -q 'reminder_hours: '" - "$JYOUT"
check "journeys: the bad value was not stored" [ "$(jy_sql "SELECT value FROM setting WHERE key = 'reminder_hours';")" = 72 ]
JYOUT=$("$TESSERA_TOOL" set timezone Nowhere/Town 2>&1); JYRC=$?
check "journeys: tessera set an unknown zone fails" [ "$JYRC" = 1 ]
"$TESSERA_TOOL" set no_such_key 1 >/dev/null 2>&1; JYRC=$?
check "journeys: tessera set an unknown key is a usage error" [ "$JYRC" = 2 ]
check "journeys: tessera set the zone back" "$TESSERA_TOOL" set timezone Europe/London
check "journeys: tessera set the name back" "$TESSERA_TOOL" set college_name "Riverside Recovery College"

# --- 5. The office acts for a learner -------------------------------------------

# A course with two future runs of one place each, made here.
jy_sql "BEGIN;
    INSERT INTO course(slug, title, summary, status) VALUES ('journeys-office', 'Office test course', 'For tests', 'published');
    INSERT INTO run(course_id, capacity, status) VALUES ((SELECT id FROM course WHERE slug = 'journeys-office'), 1, 'published');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES ((SELECT max(id) FROM run),
        $(date +%s) + 10 * 86400, $(date +%s) + 10 * 86400 + 3600,
        (SELECT min(id) FROM venue WHERE online = 0));
    INSERT INTO run(course_id, capacity, status) VALUES ((SELECT id FROM course WHERE slug = 'journeys-office'), 1, 'published');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES ((SELECT max(id) FROM run),
        $(date +%s) + 20 * 86400, $(date +%s) + 20 * 86400 + 3600,
        (SELECT min(id) FROM venue WHERE online = 0));
    COMMIT;"
JOA=$(jy_sql "SELECT min(r.id) FROM run r JOIN course c ON c.id = r.course_id WHERE c.slug = 'journeys-office';")
JOB=$(jy_sql "SELECT max(r.id) FROM run r JOIN course c ON c.id = r.course_id WHERE c.slug = 'journeys-office';")

expect_status "journeys: run page before any booking" 200 -b "$JYA" "$BASE/admin/runs/$JOA"
body_has "journeys: run page: who is booked" "Who is booked"
body_has "journeys: run page: no one yet" "No one is booked yet"
body_has "journeys: run page: the office's booking form" "action=\"/admin/runs/$JOA/book\""

jy_post "journeys: office booking without consent" 422 "/admin/runs/$JOA/book" \
    --data-urlencode "book_name=Rhiannon Phone" --data-urlencode "book_email=rhiannon@example.org"
body_has "journeys: without consent: says so" "Read the privacy notice to them"
body_has "journeys: without consent: name kept" 'value="Rhiannon Phone"'
jy_post "journeys: office booking with a bad email" 422 "/admin/runs/$JOA/book" \
    --data-urlencode "book_name=Rhiannon Phone" --data-urlencode "book_email=rhiannon@" --data "book_consent=yes"
body_has "journeys: bad email: links to the field" 'href="#book_email"'
check "journeys: nothing booked from refused forms" [ "$(jy_sql "SELECT count(*) FROM booking WHERE run_id = $JOA;")" = 0 ]

jy_post "journeys: office books a place" 303 "/admin/runs/$JOA/book" \
    --data-urlencode "book_name=Rhiannon Phone" --data-urlencode "book_email=rhiannon@example.org" \
    --data-urlencode "book_phone=07700 900123" --data-urlencode "book_needs=Sits near the door" --data "book_consent=yes"
check "journeys: office booking: 303 to the run, booked" [ "$(jy_location)" = "/admin/runs/$JOA?done=booked" ]
JB1=$(jy_sql "SELECT b.id FROM booking b JOIN learner l ON l.id = b.learner_id WHERE b.run_id = $JOA AND l.name = 'Rhiannon Phone';")
check "journeys: office booking is confirmed" [ "$(jy_sql "SELECT status FROM booking WHERE id = $JB1;")" = confirmed ]
check "journeys: office booking is audited as the office's" [ "$(jy_sql "SELECT count(*) FROM audit WHERE action = 'booking.office' AND user_id = $JYA_ID;")" -ge 1 ]
check "journeys: office booking queues the confirmation" [ "$(jy_sql "SELECT count(*) FROM outbox WHERE booking_id = $JB1 AND kind = 'confirmed';")" = 1 ]
jy_post "journeys: office books a second person (full: waiting)" 303 "/admin/runs/$JOA/book" \
    --data-urlencode "book_name=Tomos Wait" --data-urlencode "book_email=tomos@example.org" --data "book_consent=yes"
check "journeys: second: on the waiting list" [ "$(jy_location)" = "/admin/runs/$JOA?done=booked-waiting" ]
JB2=$(jy_sql "SELECT b.id FROM booking b JOIN learner l ON l.id = b.learner_id WHERE b.run_id = $JOA AND l.name = 'Tomos Wait';")

expect_status "journeys: run page lists them" 200 -b "$JYA" "$BASE/admin/runs/$JOA?done=booked-waiting"
body_has "journeys: run page: the confirmed learner" "Rhiannon Phone"
body_has "journeys: run page: place confirmed" "Place confirmed"
body_has "journeys: run page: the waiting learner in order" "Waiting list, number 1"
check "journeys: run page: confirmed before waiting" sh -c 'grep -n "Rhiannon Phone\|Tomos Wait" "$1" | head -n 1 | grep -q Rhiannon' - "$BODY"
body_has "journeys: run page: the check-in code to read out" "$(jy_sql "SELECT code FROM booking WHERE id = $JB1;")"
body_lacks "journeys: run page: support needs are not shown" "Sits near the door"
body_has "journeys: run page: cancelling takes a second step" "Yes, cancel Rhiannon Phone's booking"
body_has "journeys: run page: move to the other run" "<option value=\"$JOB\">Run $JOB, starting"

jy_post "journeys: resend the confirmation" 303 "/admin/bookings/$JB1/resend"
check "journeys: resend: 303 to the run" [ "$(jy_location)" = "/admin/runs/$JOA?done=resent" ]
check "journeys: resend queues MAIL_RESEND" [ "$(jy_sql "SELECT count(*) FROM outbox WHERE booking_id = $JB1 AND kind = 'resend';")" = 1 ]
check "journeys: resend is audited" [ "$(jy_sql "SELECT count(*) FROM audit WHERE action = 'mail.resend' AND detail = 'booking $JB1';")" = 1 ]

jy_post "journeys: move the waiting learner to the other run" 303 "/admin/bookings/$JB2/move" --data "to_run=$JOB"
check "journeys: move: 303, a place there" [ "$(jy_location)" = "/admin/runs/$JOA?done=booking-moved" ]
check "journeys: move: the booking is on the other run" [ "$(jy_sql "SELECT run_id || ' ' || status FROM booking WHERE id = $JB2;")" = "$JOB confirmed" ]
check "journeys: move is audited" [ "$(jy_sql "SELECT count(*) FROM audit WHERE action = 'booking.move';")" -ge 1 ]
jy_post "journeys: move to a run of another course is refused" 422 "/admin/bookings/$JB1/move" --data "to_run=$JYR"
body_has "journeys: move refused: says why" "There is a problem"
check "journeys: refused move changed nothing" [ "$(jy_sql "SELECT run_id FROM booking WHERE id = $JB1;")" = "$JOA" ]

jy_post "journeys: cancel a booking for the learner" 303 "/admin/bookings/$JB1/cancel"
check "journeys: cancel: 303 to the run" [ "$(jy_location)" = "/admin/runs/$JOA?done=booking-cancelled" ]
check "journeys: cancel: cancelled" [ "$(jy_sql "SELECT status FROM booking WHERE id = $JB1;")" = cancelled ]
check "journeys: cancel is audited as the office's" [ "$(jy_sql "SELECT count(*) FROM audit WHERE action = 'booking.office_cancel' AND user_id = $JYA_ID;")" -ge 1 ]
jy_post "journeys: resend for a cancelled booking says why not" 422 "/admin/bookings/$JB1/resend"
body_has "journeys: resend refused: message" "Nothing was sent"

jy_post "journeys: a booking that does not exist" 404 "/admin/bookings/999999/cancel"
fetch -b "$JYE" -c "$JYE" "$BASE/checkin"
JYE_CSRF=$(csrf_of "$BODY")
check "journeys: the educator has a csrf token" [ -n "$JYE_CSRF" ]
expect_status "journeys: an educator cannot act for a learner" 403 -b "$JYE" -c "$JYE" --data-urlencode "csrf=$JYE_CSRF" "$BASE/admin/bookings/$JB2/cancel"
expect_status "journeys: office actions need csrf" 403 -b "$JYA" "$BASE/admin/bookings/$JB2/resend" -X POST
check "journeys: the refused actions changed nothing" [ "$(jy_sql "SELECT status FROM booking WHERE id = $JB2;")" = confirmed ]

# --- 13. The scanner without JavaScript says why there is no camera ---------

expect_status "journeys: scanner page" 200 -b "$JYA" "$BASE/checkin/session/$JYS/scan"
body_has "journeys: scanner: a noscript line" "<noscript><p class=\"notice\">The camera scanner needs JavaScript"
body_has "journeys: scanner: the header, not a second staff bar" 'Logged in as <strong class="name">Jo'
check "journeys: scanner: one log-out form" [ "$(grep -c 'action="/logout"' "$BODY")" = 1 ]

# --- 10. The command line's export refuses a filter naming nothing too ----------

"$TESSERA_TOOL" export attendance --run 987654 > "$JY/cli-none.csv" 2> "$JY/cli-none.err"; JYRC=$?
check "journeys: tessera export of an unknown run fails" [ "$JYRC" = 1 ]
check "journeys: tessera export of an unknown run says so" grep -q "there is no run 987654" "$JY/cli-none.err"
check "journeys: tessera export of an unknown run writes no file" [ ! -s "$JY/cli-none.csv" ]
"$TESSERA_TOOL" export summary --course no-such-course > /dev/null 2> "$JY/cli-none.err"; JYRC=$?
check "journeys: tessera export of an unknown course fails" [ "$JYRC" = 1 ]

# --- 11. A new time zone is used without a restart ------------------------------

expect_status "journeys: a run page in London time" 200 -b "$JYA" "$BASE/admin/runs/$JOA"
JYT1=$(grep -o '[0-9][0-9]:[0-9][0-9] to [0-9][0-9]:[0-9][0-9]' "$BODY" | head -n 1)
check "journeys: tessera set timezone Asia/Tokyo" "$TESSERA_TOOL" set timezone Asia/Tokyo
sleep 1.2
expect_status "journeys: the run page after the zone changed" 200 -b "$JYA" "$BASE/admin/runs/$JOA"
JYT2=$(grep -o '[0-9][0-9]:[0-9][0-9] to [0-9][0-9]:[0-9][0-9]' "$BODY" | head -n 1)
check "journeys: times follow the new zone without a restart ($JYT1, then $JYT2)" [ -n "$JYT1" -a -n "$JYT2" -a "$JYT1" != "$JYT2" ]
check "journeys: tessera set timezone back to London" "$TESSERA_TOOL" set timezone Europe/London
sleep 1.2
expect_status "journeys: the run page back in London" 200 -b "$JYA" "$BASE/admin/runs/$JOA"
check "journeys: times are London's again" grep -q "$JYT1" "$BODY"

# --- 7. A long search in letters that take several bytes each -----------------

JYQ=$(/usr/bin/python3 -c "import urllib.parse; print(urllib.parse.quote('ż' * 90))")
expect_status "journeys: a 90-letter search of two-byte letters is answered" 200 "$BASE/courses?q=$JYQ"
JYQ=$(/usr/bin/python3 -c "import urllib.parse; print(urllib.parse.quote('ż' * 101))")
expect_status "journeys: a 101-letter search is refused with a message" 422 "$BASE/courses?q=$JYQ"
JYQ=$(/usr/bin/python3 -c "import urllib.parse; print(urllib.parse.quote('ŵ' * 90))")
expect_status "journeys: a 90-letter learner search of two-byte letters is answered" 200 -b "$JYA" "$BASE/admin/learners?q=$JYQ"
expect_status "journeys: a 90-letter roster search of two-byte letters is answered" 200 -b "$JYA" "$BASE/checkin/session/$JYS?q=$JYQ"
