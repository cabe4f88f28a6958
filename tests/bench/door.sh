# door.sh: sourced by run.sh. The door with no signal (issue 15), in
# Debian's chromium: the time from a tap to "saved" on a phone that is
# offline with its CPU slowed 4x (target p99 < 50 ms), and the time to
# send a backlog of 200 queued check-ins through nginx when the network
# returns (target < 2 s). tests/bench/door.mjs does the measuring; this
# makes a session on now with 200 learners for the demo educator, and
# installs chromium and the browser tests' npm packages if missing. Uses
# run.sh's $ROOT, $TESSERA_DB, $BASE and row.
#
# Also runs alone, against a stack already started (make start, or the
# browser tests' run.sh): BASE=http://127.0.0.1:PORT TESSERA_DB=FILE sh
# tests/bench/door.sh, printing the same rows.
if ! command -v row >/dev/null 2>&1; then
	ROOT=$(cd "$(dirname "$0")/../.." && pwd)
	row() { printf '%-44s %14s %16s %s\n' "$1" "$2" "$3" "$4"; }
	lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
	yes() { if "$@"; then echo yes; else echo NO; fi; }
fi
DOOR_N=200
TESSERA_DEPS_EXTRA="chromium fonts-liberation" sh "$ROOT/tools/deps.sh" >&2
if ! cmp -s "$ROOT/tests/browser/package-lock.json" \
    "$ROOT/tests/browser/node_modules/.tessera-package-lock.json" 2>/dev/null; then
	(cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund --loglevel=error >&2) &&
	    cp "$ROOT/tests/browser/package-lock.json" \
	    "$ROOT/tests/browser/node_modules/.tessera-package-lock.json"
fi

door_now=$(date +%s)
door_tag=bench-door-$door_now
echo "bench: door fixture ($DOOR_N learners on one session)" >&2
sqlite3 "$TESSERA_DB" <<SQL >/dev/null
PRAGMA busy_timeout = 5000;
BEGIN IMMEDIATE;
INSERT INTO course(slug, title, summary, status)
    VALUES ('$door_tag', 'Door benchmark', 'For make bench.', 'published');
INSERT INTO run(course_id, capacity, status)
    VALUES ((SELECT id FROM course WHERE slug = '$door_tag'), 1000, 'published');
INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    VALUES ((SELECT max(id) FROM run), $door_now - 600, $door_now + 4 * 3600,
    (SELECT min(id) FROM venue));
INSERT INTO facilitator(run_id, user_id, role)
    SELECT (SELECT max(id) FROM run), id, 'peer' FROM user
    WHERE email = 'sam@demo.tessera.invalid';
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < $DOOR_N)
INSERT INTO learner(email, name, created_at)
    SELECT '$door_tag-' || n || '@example.org', 'Door Bench ' || n, $door_now FROM k;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < $DOOR_N)
INSERT INTO booking(run_id, learner_id, status, code, created_at, updated_at)
    SELECT (SELECT max(id) FROM run), l.id, 'confirmed', 'D' || printf('%05d', k.n),
    $door_now, $door_now
    FROM k JOIN learner AS l ON l.email = '$door_tag-' || k.n || '@example.org';
COMMIT;
SQL
door_session=$(sqlite3 "$TESSERA_DB" "SELECT s.id FROM session s JOIN run r ON r.id = s.run_id JOIN course c ON c.id = r.course_id WHERE c.slug = '$door_tag'")

echo "bench: door (chromium, offline, CPU 4x slower)" >&2
door_err=$(mktemp /tmp/tessera-door-bench.XXXXXX)
set -- $(BASE=$BASE DOOR_SESSION=$door_session DOOR_BACKLOG=$DOOR_N \
    DOOR_EMAIL=sam@demo.tessera.invalid DOOR_PASSWORD=peer-demo-2026 \
    node "$ROOT/tests/bench/door.mjs" 2>"$door_err" | tail -n 1)
# A run that measured nothing says why.
[ -n "${1:-}" ] || sed -n 1,12p "$door_err" >&2
rm -f "$door_err"
door_sent=$(sqlite3 "$TESSERA_DB" "SELECT count(*) FROM attendance WHERE session_id = $door_session")
row "door: bare IndexedDB write, CPU 4x: p50 ms" "${5:-none}" "(floor)" ""
row "door: bare IndexedDB write, CPU 4x: p99 ms" "${6:-none}" "(floor)" ""
row "door: tap to saved, offline, CPU 4x: p50 ms" "${1:-none}" "" ""
row "door: tap to saved, offline, CPU 4x: p99 ms" "${2:-none}" "< 50" "$(yes lt "${2:-999}" 50)"
row "door: $DOOR_N queued check-ins sent: ms" "${3:-none}" "< 2000" "$(yes lt "${3:-99999}" 2000)"
row "door: check-ins recorded of $DOOR_N queued" "$door_sent" "$DOOR_N" "$(yes [ "$door_sent" = "$DOOR_N" ])"
