# test_erase.sh: `tessera erase` while another process reads the
# database (issue 11, point 3). A reader's open transaction keeps the
# old pages in the write-ahead log; the command must not say "erased"
# while the email can still be read in tessera.db-wal, must wait for
# the reader (up to learner.h's LEARNER_CHECKPOINT_WAIT_MS, 10 s), and
# must say plainly, with exit status 75, when it could not finish, and
# leave the erasure queued for `tessera erase --pending`; the admin
# page says "recorded but not yet complete" then. Sourced by
# run.sh ($TMP, $TESSERA_DB, $TESSERA_TOOL, lib.sh).

ER=$TMP/erase
mkdir -p "$ER"
er_sql() { db_sql "$@"; }
# er_learner EMAIL: a learner as a booking writes one (left in the log).
er_learner() {
	er_sql "INSERT INTO learner(email, name, phone, consent_at, created_at)
	    VALUES ('$1', 'Erasure Tester', '07700 900999', 1, 1)"
}
# er_reader SECONDS: another process in a read transaction, in the
# background (its pid in ER_PID), begun before the erasure.
er_reader() {
	python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN")
c.execute("SELECT count(*) FROM learner").fetchone()
open(sys.argv[3], "w").close()
time.sleep(float(sys.argv[2]))
c.execute("COMMIT")
' "$TESSERA_DB" "$1" "$ER/reading" &
	ER_PID=$!
	i=0
	while [ ! -e "$ER/reading" ] && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	rm -f "$ER/reading"
}
# er_in FILE TEXT: 0 when FILE's bytes hold TEXT.
er_in() { [ -f "$1" ] && grep -qaF -- "$2" "$1"; }

# 1. A reader lets go after 4 s: no success before, success after.
E1=wal-reader-1@example.org
er_learner "$E1"
check "erase: the new learner is in the log" er_in "$TESSERA_DB-wal" "$E1"
er_reader 4
"$TESSERA_TOOL" erase --email "$E1" >"$ER/out1" 2>"$ER/err1" &
ER_CMD=$!
sleep 2
if kill -0 "$ER_CMD" 2>/dev/null; then ok "erase: waits for the reader"
else bad "erase: waits for the reader" "it returned while the reader held the log: $(cat "$ER/out1" "$ER/err1")"; fi
if grep -q "erased" "$ER/out1"; then
	if er_in "$TESSERA_DB-wal" "$E1"; then
		bad "erase: no success claimed while the email is in the log" "$(cat "$ER/out1")"
	else ok "erase: no success claimed while the email is in the log"; fi
else ok "erase: no success claimed while the email is in the log"; fi
wait "$ER_CMD"; rc=$?
wait "$ER_PID"
check "erase: exit 0 once the reader is done" [ "$rc" = 0 ]
check "erase: says erased" grep -q "erased learner" "$ER/out1"
if er_in "$TESSERA_DB-wal" "$E1" || er_in "$TESSERA_DB" "$E1"; then
	bad "erase: the email is gone from the database and its log" "still there"
else ok "erase: the email is gone from the database and its log"; fi

# 2. A reader that holds on past the wait: not complete, said plainly,
# queued; --pending completes it once the reader is gone.
E2=wal-reader-2@example.org
er_learner "$E2"
L2=$(er_sql "SELECT id FROM learner WHERE email = '$E2'")
er_reader 30
"$TESSERA_TOOL" erase --email "$E2" >"$ER/out2" 2>"$ER/err2"; rc=$?
check "erase: exit 75 when a reader held the log" [ "$rc" = 75 ]
check "erase: says it is not complete" grep -q "NOT COMPLETE" "$ER/err2"
check "erase: says what to do" grep -q "tessera erase --pending" "$ER/err2"
check "erase: no success on standard output" [ ! -s "$ER/out2" ]
check "erase: the email is still readable, so success was right not to be said" \
    er_in "$TESSERA_DB-wal" "$E2"
check "erase: queued" [ "$(er_sql "SELECT count(*) FROM pending_erasure WHERE learner_id = $L2")" = 1 ]
check "erase: the database row is erased already" \
    [ "$(er_sql "SELECT count(*) FROM learner WHERE email = '$E2'")" = 0 ]
kill "$ER_PID" 2>/dev/null; wait "$ER_PID" 2>/dev/null
"$TESSERA_TOOL" erase --pending >"$ER/out3" 2>"$ER/err3"; rc=$?
check "erase --pending: exit 0 once the reader is gone" [ "$rc" = 0 ]
check "erase --pending: says complete" grep -q "complete" "$ER/out3"
check "erase --pending: the queue is empty" \
    [ "$(er_sql 'SELECT count(*) FROM pending_erasure')" = 0 ]
if er_in "$TESSERA_DB-wal" "$E2" || er_in "$TESSERA_DB" "$E2"; then
	bad "erase --pending: the email is gone from the database and its log" "still there"
else ok "erase --pending: the email is gone from the database and its log"; fi

# 3. The admin page's erasure with a reader holding on: the page says
# the erasure is recorded but not yet complete, not "Erased".
E3=wal-reader-3@example.org
er_learner "$E3"
L3=$(er_sql "SELECT id FROM learner WHERE email = '$E3'")
ERJ=$ER/jo.jar
fetch -c "$ERJ" -b "$ERJ" "$BASE/login"
ERC=$(csrf_of "$BODY")
fetch -c "$ERJ" -b "$ERJ" --data-urlencode "email=jo@demo.tessera.invalid" \
    --data-urlencode "password=admin-demo-2026" --data-urlencode "csrf=$ERC" \
    --data-urlencode "next=/admin" "$BASE/login"
check "erase (admin): logged in" [ "$STATUS" = 303 ]
er_reader 30
fetch -b "$ERJ" -c "$ERJ" --data-urlencode "csrf=$ERC" --data "confirm=1" \
    "$BASE/admin/learners/$L3/erase"
check "erase (admin): 303 after the wait" [ "$STATUS" = 303 ]
check "erase (admin): sent back saying not complete" \
    sh -c "tr -d '\r' < '$HDRS' | grep -q '^[Ll]ocation: /admin/learners/$L3?done=erase-pending'"
fetch -b "$ERJ" "$BASE/admin/learners/$L3?done=erase-pending"
body_has "erase (admin): the page says recorded but not yet complete" "The erasure is recorded but not yet complete"
body_lacks "erase (admin): the page does not say Erased." "Erased. The learner's personal details are gone"
check "erase (admin): queued" [ "$(er_sql "SELECT count(*) FROM pending_erasure WHERE learner_id = $L3")" = 1 ]
kill "$ER_PID" 2>/dev/null; wait "$ER_PID" 2>/dev/null
"$TESSERA_TOOL" erase --pending >/dev/null 2>&1
check "erase (admin): --pending completes it" [ "$(er_sql 'SELECT count(*) FROM pending_erasure')" = 0 ]
if er_in "$TESSERA_DB-wal" "$E3" || er_in "$TESSERA_DB" "$E3"; then
	bad "erase (admin): the email is gone once complete" "still there"
else ok "erase (admin): the email is gone once complete"; fi
