# test_catalogue.sh: the prospectus through nginx, on the demo college.

expect_status "courses list" 200 "$BASE/courses"
body_has "list has a course" 'href="/courses/understanding-anxiety"'
body_has "list has places text" "left"
body_has "list has skip link" 'href="#main"'
header_has "list cacheable" "^Cache-Control: public, max-age=10"
expect_status "front page" 200 "$BASE/"
body_has "front page lists courses" "/courses/"

# Filters: search, topic, mode, dates; an empty result says so.
expect_status "search" 200 "$BASE/courses?q=anxiety"
body_has "search finds anxiety" "Understanding anxiety"
body_lacks "search leaves out sleep" "/courses/sleep-and-wellbeing\""
expect_status "search nothing" 200 "$BASE/courses?q=zzzznothing"
body_has "empty says so" "Clear filters"
expect_status "mode online" 200 -H 'Accept: application/json' "$BASE/courses?mode=online"
check "online runs only" sh -c "grep -o '\"mode\":\"[a-z ]*\"' '$BODY' | sort -u | grep -qx '\"mode\":\"online\"'"
# A page past the end shows the last page (the count is asked for).
expect_status "page past the end" 200 "$BASE/courses?page=999"
body_has "page past the end lists courses" 'href="/courses/'
body_lacks "page past the end not empty" "Clear filters"
expect_status "bad date re-shown" 422 "$BASE/courses?from=2026-13-45"
body_has "bad date value kept" 'value="2026-13-45"'
body_has "bad date error summary" 'href="#from"'

# JSON: every run has id, capacity and seats_left; sessions on the course.
expect_status "list json" 200 -H 'Accept: application/json' "$BASE/courses"
header_has "json type" "^Content-Type: application/json; charset=utf-8"
check "json has runs fields" sh -c "grep -q '\"runs\":\[{\"id\":[0-9]*,\"capacity\":[0-9]*' '$BODY' && grep -q '\"seats_left\":' '$BODY'"
check "json has no private vars" sh -c "! grep -q '_css' '$BODY'"
expect_status "course json" 200 -H 'Accept: application/json' "$BASE/courses/understanding-anxiety"
check "course json sessions" sh -c "grep -q '\"sessions\":\[{\"id\":[0-9]*,\"start\":\"20[0-9-]*T[0-9:]*[+-][0-9:]*\",\"end\":' '$BODY'"

# Detail, and the 404s.
expect_status "course page" 200 "$BASE/courses/understanding-anxiety"
body_has "course title" "Understanding anxiety"
body_has "course book link" 'href="/book/'
body_has "session times" '<time datetime="20'
expect_status "unknown course" 404 "$BASE/courses/no-such-course"
body_has "404 in words" "could not find"
expect_status "draft course hidden" 404 "$BASE/courses/$(db_sql "SELECT slug FROM course WHERE status = 'draft' LIMIT 1")"
expect_status "odd slug" 404 "$BASE/courses/%3Cscript%3E"

# The cache follows the database: a change shows at once.
db_sql "UPDATE course SET title = 'Understanding anxiety together' WHERE slug = 'understanding-anxiety'"
sleep 0.2	# a worker rechecks the database at most every 0.1 s
expect_status "course after change" 200 "$BASE/courses/understanding-anxiety"
body_has "change visible" "Understanding anxiety together"
db_sql "UPDATE course SET title = 'Understanding anxiety' WHERE slug = 'understanding-anxiety'"

# Issue 11, point 11 (b): a from= that is not a date stays visible as
# typed (a type="date" field would be blanked by the browser), with its
# message and a hint; a real date keeps the date picker.
expect_status "courses bad from 422" 422 "$BASE/courses?from=2026-13-45"
body_has "courses bad from kept as text" '<input type="text" id="from" name="from" value="2026-13-45"'
body_has "courses bad from hint" 'Write the date as year-month-day'
body_has "courses bad from described" 'aria-describedby="from-error from-hint"'
expect_status "courses good from" 200 "$BASE/courses?from=2026-04-01"
body_has "courses good from is a date field" '<input type="date" id="from" name="from" value="2026-04-01"'
