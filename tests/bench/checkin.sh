# checkin.sh: sourced by run.sh. QR check-in, scan to recorded: POSTs
# to the scanner's JSON endpoint (POST /checkin/scan) through nginx as a
# logged-in educator, each one a different booking's code, so that every
# request is a real check-in (session, access, booking, INSERT ... ON
# CONFLICT, nonce, COMMIT with synchronous=FULL, the running count), and
# its p99. Uses run.sh's $TESSERA_DB, $BASE, $TMP, $SECS, bench and row.
#
# Concurrency: BENCH_CHECKIN_CONNS (2), not run.sh's 32. Every scan is a
# committed write, and SQLite commits one at a time, each with an fsync
# (synchronous=FULL): 32 scans at once wait in line behind 31 fsyncs,
# which measures the disk, not the check-in. A door has one or two
# scanning phones. The program's own time per scan (from its log: parse,
# session, access, the transaction, the answer) is reported too.
CK_RUNS=500		# runs, each with a session on now
CK_EACH=50		# confirmed bookings per run (a large session)
CK_N=$((CK_RUNS * CK_EACH))
ck_now=$(date +%s)
ck_start=$((ck_now - 600))
ck_midnight=$(TZ=Europe/London date -d 'today 00:00' +%s)
[ "$ck_start" -le "$ck_midnight" ] && ck_start=$((ck_midnight + 1))

echo "bench: check-in fixture ($CK_N bookings)" >&2
# The check-in tokens the scans send ("BENCH" and k in letters, as
# scan.lua writes them), with the SHA-256 the database keeps of each.
python3 - "$CK_N" > "$TMP/ck-hash.csv" <<'PY'
import hashlib, sys
for k in range(1, int(sys.argv[1]) + 1):
    t = "BENCH" + "".join(chr(65 + int(d)) for d in "%021d" % k)
    print("B%05d,%s,%s" % (k, hashlib.sha256(t.encode()).hexdigest(),
        hashlib.sha256(("manage" + t).encode()).hexdigest()))
PY
sqlite3 "$TESSERA_DB" <<SQL >/dev/null
PRAGMA busy_timeout = 5000;
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO course(slug, title, summary, status)
    VALUES ('bench-checkin', 'Check-in benchmark', 'For make bench.', 'published');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CK_RUNS)
INSERT INTO run(course_id, capacity, status)
    SELECT (SELECT id FROM course WHERE slug = 'bench-checkin'), 1000, 'published' FROM n;
CREATE TEMP TABLE ck_run AS
    SELECT r.id AS id, row_number() OVER (ORDER BY r.id) - 1 AS i
    FROM run AS r JOIN course AS c ON c.id = r.course_id
    WHERE c.slug = 'bench-checkin';
INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    SELECT id, $ck_start, $ck_now + 4 * 3600, (SELECT min(id) FROM venue)
    FROM temp.ck_run ORDER BY i;
INSERT INTO facilitator(run_id, user_id, role)
    SELECT r.id, u.id, 'peer' FROM temp.ck_run AS r
    JOIN user AS u ON u.email = 'sam@demo.tessera.invalid';
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < $CK_N)
INSERT INTO learner(email, name, created_at)
    SELECT 'bench-ck-' || n || '@example.org', 'Bench Learner ' || n, $ck_now FROM k;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < $CK_N)
INSERT INTO booking(run_id, learner_id, status, code, created_at, updated_at)
    SELECT r.id, l.id, 'confirmed', 'B' || printf('%05d', k.n), $ck_now, $ck_now
    FROM k JOIN temp.ck_run AS r ON r.i = (k.n - 1) / $CK_EACH
    JOIN learner AS l ON l.email = 'bench-ck-' || k.n || '@example.org';
-- Each booking's check-in credential, as the QR code carries it: the
-- database holds only its SHA-256 (sql/006), made here by python3.
CREATE TEMP TABLE ck_hash(code TEXT PRIMARY KEY, ch TEXT, th TEXT);
.import --csv $TMP/ck-hash.csv ck_hash
UPDATE booking SET checkin_hash = (SELECT ch FROM temp.ck_hash AS h
    WHERE h.code = booking.code), token_hash = (SELECT th FROM temp.ck_hash AS h
    WHERE h.code = booking.code)
    WHERE run_id IN (SELECT id FROM temp.ck_run);
COMMIT;
SQL
ck_first=$(sqlite3 "$TESSERA_DB" "SELECT min(s.id) FROM session s JOIN run r ON r.id = s.run_id JOIN course c ON c.id = r.course_id WHERE c.slug = 'bench-checkin'")

# Log in as the demo educator: the session and csrf cookies.
ck_jar=$TMP/bench-checkin.jar
curl -s -c "$ck_jar" -b "$ck_jar" -o /dev/null "$BASE/login"
ck_csrf=$(awk '$6 == "csrf" { v = $7 } END { print v }' "$ck_jar")
curl -s -c "$ck_jar" -b "$ck_jar" -o /dev/null --data-urlencode "csrf=$ck_csrf" \
    --data-urlencode "email=sam@demo.tessera.invalid" \
    --data-urlencode "password=peer-demo-2026" "$BASE/login"
ck_sid=$(awk '$6 == "sid" { v = $7 } END { print v }' "$ck_jar")

# The wrk script: thread t scans the bookings of its own half in turn,
# each at its session, with a nonce of its own.
cat > "$TMP/scan.lua" <<'LUA'
local first = tonumber(os.getenv("CK_FIRST"))
local each = tonumber(os.getenv("CK_EACH"))
local total = tonumber(os.getenv("CK_N"))
local cookie = "csrf=" .. os.getenv("CK_CSRF") .. "; sid=" .. os.getenv("CK_SID")
local csrf = os.getenv("CK_CSRF")
local half = math.floor(total / 2)
local made = 0
local n = 0

-- tid is a global, set in each thread's own state by setup().
function setup(thread)
	made = made + 1
	thread:set("tid", made)
end

function request()
	local k = ((tid - 1) * half + n) % total + 1
	n = n + 1
	local token = "BENCH" .. string.format("%021d", k):gsub("%d",
	    function(d) return string.char(65 + tonumber(d)) end)
	local session = first + math.floor((k - 1) / each)
	local body = "csrf=" .. csrf .. "&session=" .. session ..
	    "&text=" .. token .. "&nonce=bench-" .. tid .. "-" ..
	    string.format("%012d", n)
	return wrk.format("POST", "/checkin/scan", {
		["Content-Type"] = "application/x-www-form-urlencoded",
		["Accept"] = "application/json",
		["Cookie"] = cookie,
	}, body)
end
LUA

if [ -z "$ck_sid" ] || [ -z "$ck_first" ]; then
	row "QR check-in: p99 ms" "-" "< 10" "NO (no log-in or fixture)"
else
	ck_conns=$CONNS
	CONNS=${BENCH_CHECKIN_CONNS:-2}
	echo "bench: QR check-in scans ($CONNS connections)" >&2
	ck_log=$TESSERA_VAR/log/checkin.log
	ck_lines=$(wc -l < "$ck_log")
	ck_before=$(sqlite3 "$TESSERA_DB" "SELECT count(*) FROM attendance")
	set -- $(CK_FIRST=$ck_first CK_EACH=$CK_EACH CK_N=$CK_N CK_CSRF=$ck_csrf \
	    CK_SID=$ck_sid bench "$BASE/checkin/scan" -s "$TMP/scan.lua")
	ck_rps=$1; ck_p99=$2; ck_bad=$3
	ck_after=$(sqlite3 "$TESSERA_DB" "SELECT count(*) FROM attendance")
	# The program's log line per request ends in its time: "3.2ms".
	ck_prog=$(tail -n +$((ck_lines + 1)) "$ck_log" |
	    awk '$3 == "/checkin/scan" { sub("ms", "", $5); print $5 }' |
	    sort -n | awk '{ v[NR] = $1 } END {
		i = int(NR * 0.99); if (i < 1) i = NR; printf "%.2f", v[i] }')
	row "QR check-in: connections" "$CONNS" "" ""
	CONNS=$ck_conns
	ck_rate=$(awk -v n=$((ck_after - ck_before)) -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')
	row "QR check-in: scans/s" "$ck_rps" "" ""
	row "QR check-in: recorded/s" "$ck_rate" "" ""
	row "QR check-in (scan -> recorded): p99 ms" "$ck_p99" "< 10" "$(yes lt "$ck_p99" 10)"
	row "QR check-in: p99 ms in the program" "${ck_prog:-0}" "" ""
	row "QR check-in: non-2xx/3xx responses" "$ck_bad" "0" "$(yes [ "$ck_bad" = 0 ])"
fi
