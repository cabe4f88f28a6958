# test_mail.sh: the mailer (`tessera mail`) against real SMTP servers on
# loopback (tests/http/smtpd.py, aiosmtpd): one that stores, one that
# answers 4xx first, one that answers 5xx, two that drop the connection
# (part-way through DATA, and after it before the reply), one that never
# answers, one with STARTTLS and AUTH; the Maildir and sendmail
# transports; every message parsed strictly (tests/http/mailcheck.py);
# a 200-way booking race; and a mailer killed every 0.2 s while 500
# bookings are made. Sourced by run.sh ($BASE, $TMP, $TESSERA_DB, lib.sh).

ML=$TMP/mail
mkdir -p "$ML"
PY=/usr/bin/python3
ML_HERE=$ROOT/tests/http

# Links in messages, and the Message-ID's host (127.0.0.1).
export TESSERA_BASE_URL=$BASE

ml_sql() { db_sql "$@"; }

# The stack's own mailer (Maildir) would take these tests' rows: stop it
# now, start it again at the end.
ml_stack_mailer_stop() {
	pidf=$TESSERA_VAR/run/mail.pid
	[ -f "$pidf" ] || return 0
	kill -TERM "$(cat "$pidf")" 2>/dev/null
	i=0
	while kill -0 "$(cat "$pidf")" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
ml_stack_mailer_stop

# ml_server NAME MODE [FAILS]: start a server; its folder is $ML/NAME,
# its port in $ML/NAME/port.
ml_server() {
	"$PY" "$ML_HERE/smtpd.py" "$2" "$ML/$1" "${3:-1}" 2>>"$ML/$1.log" &
	echo $! > "$ML/$1.pid"
	i=0
	while [ ! -s "$ML/$1/port" ] && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
}
ml_url() { echo "smtp://127.0.0.1:$(cat "$ML/$1/port")"; }
ml_server_stop() { kill -TERM "$(cat "$ML/$1.pid")" 2>/dev/null; }

# ml_mail [VAR=value...]: one `tessera mail --once` with the settings
# given; its log appended to $ML/mailer.log.
ml_mail() {
	env "$@" "$TESSERA_TOOL" mail --once 2>>"$ML/mailer.log"
}

# A course with a non-ASCII title, a run with one session in a week, and
# one booking on it made through nginx; rows are then queued to any
# address about that booking (the address is the row's, not the
# learner's). Bookings made here may queue their own rows too.
DAY=86400
ML_RUN=$(ml_sql "BEGIN;
    INSERT INTO venue(name, address, access, online)
    VALUES ('Salle Étoile', '3 Rue de la Paix', 'Step-free', 0);
    INSERT INTO course(slug, title, summary, status)
    VALUES ('mail-cafe', 'Café conversations — première étape',
    'For mail tests', 'published');
    INSERT INTO run(course_id, capacity, status)
    VALUES ((SELECT max(id) FROM course), 1000, 'published');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    VALUES ((SELECT max(id) FROM run),
    $(date +%s) + 7 * $DAY,
    $(date +%s) + 7 * $DAY + 5400,
    (SELECT max(id) FROM venue));
    SELECT max(id) FROM run;
    COMMIT;")
MJ=$ML/jar
fetch -c "$MJ" -b "$MJ" "$BASE/book/$ML_RUN"
MC=$(csrf_of "$BODY")
fetch -b "$MJ" --data-urlencode "csrf=$MC" --data-urlencode "name=Mail Person" \
    --data-urlencode "email=mail-owner@example.org" --data "consent=yes" \
    --data-urlencode "needs=Private support need" "$BASE/book/$ML_RUN"
ML_BOOKING=$(ml_sql "SELECT b.id FROM booking b JOIN learner l ON l.id = b.learner_id
    WHERE b.run_id = $ML_RUN AND l.email = 'mail-owner@example.org'")
check "mail: fixture booking" [ -n "$ML_BOOKING" ]
# What the booking itself queued is not these tests' business here.
ml_sql "UPDATE outbox SET state = 'sent' WHERE booking_id = $ML_BOOKING"

# ml_queue KIND RCPT [DETAIL] [CREATED]: queue a row about the booking;
# prints its msgid.
ml_queue() {
	mid="T$(od -An -N10 -tx1 /dev/urandom | tr -d ' \n')"
	ml_sql "INSERT INTO outbox(kind, booking_id, rcpt, detail, msgid,
	    created_at, due_at) VALUES ('$1', $ML_BOOKING, '$2', '${3:-}',
	    '$mid', ${4:-$(date +%s)}, 0)"
	echo "$mid"
}
# ml_field MSGID COLUMN
ml_field() { ml_sql "SELECT $2 FROM outbox WHERE msgid = '$1'"; }
# ml_count NAME MSGID: how many times server NAME stored it.
ml_count() { cat "$ML/$1/index" 2>/dev/null | grep -c " <$2@"; }
# ml_parses FILE...: mailcheck.py (LF line ends) passes them all.
ml_parses() { "$PY" "$ML_HERE/mailcheck.py" "$@" > /dev/null; }
# ml_like MSGID COLUMN PATTERN: the column matches the grep pattern.
ml_like() { ml_field "$1" "$2" | grep -q -- "$3"; }

NOW=$(date +%s)

# --- A server that stores: headers, parts, encoded subject, same bytes --

ml_server store store
M1=$(ml_queue confirmed "first@example.org")
M2=$(ml_queue resend "second@example.org")
M3=$(ml_queue confirmed "third@example.org")
ml_mail TESSERA_SMTP="$(ml_url store)"
check "mail: --once exits 0" [ $? -eq 0 ]
# (It sends whatever else was due too, such as the demo's reminders.)
check "mail: three stored" [ "$(grep -c -e " <$M1@" -e " <$M2@" -e " <$M3@" "$ML/store/index")" = 3 ]
check "mail: one connection for all" [ "$(wc -l < "$ML/store/connections")" = 1 ]
for m in $M1 $M2 $M3; do
	check "mail: $m sent" [ "$(ml_field "$m" "state || ' ' || attempts || ' ' || CASE WHEN body IS NOT NULL THEN 1 ELSE 0 END || ' ' || CASE WHEN sent_at > 0 THEN 1 ELSE 0 END")" = "sent 1 1 1" ]
	check "mail: $m once" [ "$(ml_count store "$m")" = 1 ]
done
"$PY" "$ML_HERE/mailcheck.py" --crlf "$ML"/store/msg/*.eml > "$ML/store.check" 2>"$ML/store.check.err"
check "mail: strict parse (SMTP)" [ $? -eq 0 ]
[ -s "$ML/store.check.err" ] && cat "$ML/store.check.err"
check "mail: To is the row's address" grep -q "^first@example.org <$M1@127.0.0.1> " "$ML/store.check"
check "mail: subject decoded" grep -q "^first@example.org .*Café conversations — première étape" "$ML/store.check"
f1=$ML/store/msg/$(grep " <$M1@" "$ML/store/index" | cut -d' ' -f1).eml
check "mail: subject as RFC 2047 words" grep -q "^Subject: =?UTF-8?B?" "$f1"
check "mail: Message-ID from the row and TESSERA_BASE_URL's host" grep -q "^Message-ID: <$M1@127.0.0.1>" "$f1"
check "mail: confirmation carries a calendar" grep -q "^Content-Type: text/calendar; charset=UTF-8;" "$f1"
# The stored copy is sealed: the link a message carries is in no file
# of the database.
ML_TOK=$("$PY" -c 'import email, email.policy, re, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
t = re.search(r"/booking/([A-Z2-7]{26})", m.get_body(("plain",)).get_content())
print(t.group(1) if t else "")' "$f1")
check "mail: the message carries the link" [ -n "$ML_TOK" ]
check "mail: the link is in no database file" db_files_lack "$ML_TOK"
check "mail: no support needs" sh -c "! grep -qi 'Private support need' '$ML'/store/msg/*.eml"
check "mail: no address in the log" sh -c "! grep -q '@' '$ML/mailer.log'"
# A second send (as after a crash before 'sent' was recorded) is the
# same bytes with the same Message-ID.
ml_sql "UPDATE outbox SET state = 'queued', due_at = 0 WHERE msgid = '$M1'"
ml_mail TESSERA_SMTP="$(ml_url store)"
check "mail: resent once more" [ "$(ml_count store "$M1")" = 2 ]
f1b=$ML/store/msg/$(grep " <$M1@" "$ML/store/index" | tail -n 1 | cut -d' ' -f1).eml
check "mail: resend is byte for byte the same" cmp -s "$f1" "$f1b"

# A waiting-list message for a booking that has a place by now says
# nothing true: dropped, not sent, and not shown as a failure.
M0=$(ml_queue waitlisted "mail-owner@example.org" "position=2")
ml_mail TESSERA_SMTP="$(ml_url store)"
check "mail: no longer true: dropped" [ "$(ml_field "$M0" "state || ' ' || attempts || ' ' || last_error")" = "dropped 0 nothing to send" ]
check "mail: dropped is not sent" [ "$(ml_count store "$M0")" = 0 ]
MA=$ML/jo
fetch -c "$MA" -b "$MA" "$BASE/login"
fetch -c "$MA" -b "$MA" --data-urlencode "email=jo@demo.tessera.invalid" \
    --data-urlencode "password=admin-demo-2026" --data-urlencode "csrf=$(csrf_of "$BODY")" \
    --data-urlencode "next=/admin" "$BASE/login"
ML_LEARNER=$(ml_sql "SELECT learner_id FROM booking WHERE id = $ML_BOOKING")
expect_status "mail: the office's view of the learner" 200 -b "$MA" "$BASE/admin/learners/$ML_LEARNER"
body_has "mail: dropped shown as such" "Not sent, as it no longer applied"
body_lacks "mail: not as a failure" "We could not email this learner"

# --- 4xx twice, then accepted: delivered once, waits doubling -----------

ml_server temp tempfail 2
M4=$(ml_queue confirmed "temp@example.org")
ml_mail TESSERA_NOW=$NOW TESSERA_SMTP="$(ml_url temp)"
check "mail: 4xx is temporary" [ "$(ml_field "$M4" "state || ' ' || attempts || ' ' || (due_at - $NOW)")" = "queued 1 60" ]
check "mail: 4xx reply kept" [ "$(ml_field "$M4" last_error)" = "451 4.3.0 Try again later, please" ]
ml_mail TESSERA_NOW=$((NOW + 30)) TESSERA_SMTP="$(ml_url temp)"
check "mail: not before it is due" [ "$(ml_field "$M4" attempts)" = 1 ]
ml_mail TESSERA_NOW=$((NOW + 60)) TESSERA_SMTP="$(ml_url temp)"
check "mail: second wait doubles" [ "$(ml_field "$M4" "state || ' ' || attempts || ' ' || (due_at - $NOW)")" = "queued 2 180" ]
ml_mail TESSERA_NOW=$((NOW + 180)) TESSERA_SMTP="$(ml_url temp)"
check "mail: 4xx then accepted" [ "$(ml_field "$M4" "state || ' ' || attempts")" = "sent 3" ]
check "mail: 4xx delivered once" [ "$(ml_count temp "$M4")" = 1 ]
# Past 48 hours since it was queued, a temporary failure gives up.
M5=$(ml_queue confirmed "old@example.org" "" $((NOW - 48 * 3600 - 1)))
ml_mail TESSERA_NOW=$NOW TESSERA_SMTP="$(ml_url temp)"
check "mail: gives up after 48 hours" [ "$(ml_field "$M5" state)" = failed ]
check "mail: says why" ml_like "$M5" last_error '^gave up after 48 hours: 451'

# --- 5xx: failed at once with the reply ---------------------------------

ml_server perm permfail
M6=$(ml_queue confirmed "nobody@example.org")
ml_mail TESSERA_SMTP="$(ml_url perm)"
check "mail: 5xx is permanent" [ "$(ml_field "$M6" "state || ' ' || attempts")" = "failed 1" ]
check "mail: 5xx reply kept" [ "$(ml_field "$M6" last_error)" = "550 5.1.1 No such mailbox here" ]

# --- Dropped at the end of DATA: retried and delivered ------------------

ml_server drop drop 1
M7=$(ml_queue confirmed "drop@example.org")
ml_mail TESSERA_NOW=$NOW TESSERA_SMTP="$(ml_url drop)"
check "mail: drop is temporary" [ "$(ml_field "$M7" "state || ' ' || attempts")" = "queued 1" ]
check "mail: drop was seen" grep -q "dropped <$M7@" "$ML/drop/attempts"
ml_mail TESSERA_NOW=$((NOW + 60)) TESSERA_SMTP="$(ml_url drop)"
check "mail: drop then delivered" [ "$(ml_field "$M7" state)" = sent ]
check "mail: drop delivered once" [ "$(ml_count drop "$M7")" = 1 ]

# And dropped part-way through the message's bytes.
ml_server dropmid dropmid 1
M16=$(ml_queue confirmed "dropmid@example.org")
ml_mail TESSERA_NOW=$NOW TESSERA_SMTP="$(ml_url dropmid)"
check "mail: drop mid-DATA is temporary" [ "$(ml_field "$M16" "state || ' ' || attempts")" = "queued 1" ]
check "mail: the drop mid-DATA happened" grep -q "^dropmid dropped" "$ML/dropmid/attempts"
ml_mail TESSERA_NOW=$((NOW + 60)) TESSERA_SMTP="$(ml_url dropmid)"
check "mail: drop mid-DATA then delivered" [ "$(ml_field "$M16" state)" = sent ]
check "mail: drop mid-DATA delivered once" [ "$(ml_count dropmid "$M16")" = 1 ]

# --- A server that never answers: a timeout, and bookings go on ---------

ml_server silent silent
M8=$(ml_queue confirmed "silent@example.org")
t0=$(date +%s)
ml_mail TESSERA_NOW=$NOW TESSERA_SMTP_TIMEOUT=2 TESSERA_SMTP="$(ml_url silent)"
t1=$(date +%s)
check "mail: silent server times out" [ "$(ml_field "$M8" "state || ' ' || attempts")" = "queued 1" ]
check "mail: within the timeout" [ $((t1 - t0)) -le 6 ]
check "mail: timeout reply" ml_like "$M8" last_error '[Tt]ime'
# While a mailer waits on it (long timeout), bookings are as quick.
ml_sql "UPDATE outbox SET due_at = 0 WHERE msgid = '$M8'"
env TESSERA_SMTP="$(ml_url silent)" "$TESSERA_TOOL" mail 2>>"$ML/mailer.log" &
ML_SILENT=$!
sleep 1
t0=$(date +%s%N)
fetch -b "$MJ" --data-urlencode "csrf=$MC" --data-urlencode "name=Quick Person" \
    --data-urlencode "email=quick@example.org" --data "consent=yes" "$BASE/book/$ML_RUN"
t1=$(date +%s%N)
check "mail: booking while the server hangs" [ "$STATUS" = 303 ]
check "mail: booking not held up (<2 s)" [ $(((t1 - t0) / 1000000)) -lt 2000 ]
# SIGTERM cuts the hung attempt short: the mailer ends within seconds.
t0=$(date +%s)
kill -TERM $ML_SILENT; wait $ML_SILENT 2>/dev/null
ML_RC=$?
t1=$(date +%s)
check "mail: SIGTERM ends a hung attempt" [ $((t1 - t0)) -le 5 ]
check "mail: and exits 0" [ $ML_RC -eq 0 ]
check "mail: the hung message stays queued" [ "$(ml_field "$M8" state)" = queued ]
ml_sql "UPDATE outbox SET state = 'sent' WHERE msgid = '$M8' OR rcpt = 'quick@example.org'"

# --- Maildir -------------------------------------------------------------

M9=$(ml_queue confirmed "maildir@example.org")
ml_mail TESSERA_SMTP= TESSERA_MAILDIR="$ML/maildir"
check "mail: Maildir sent" [ "$(ml_field "$M9" state)" = sent ]
check "mail: Maildir one file in new/" [ "$(ls "$ML/maildir/new" | wc -l)" = 1 ]
check "mail: Maildir tmp/ empty" [ "$(ls "$ML/maildir/tmp" | wc -l)" = 0 ]
check "mail: Maildir cur/ made" [ -d "$ML/maildir/cur" ]
check "mail: Maildir file parses" ml_parses "$ML"/maildir/new/*

# --- sendmail (a fake on PATH stands for the local MTA) -----------------

mkdir -p "$ML/bin" "$ML/sendmail"
cat > "$ML/bin/sendmail" <<'EOF'
#!/bin/sh
n=$(ls "$FAKE_OUT" | wc -l)
echo "$*" > "$FAKE_OUT/args"
cat > "$FAKE_OUT/msg$n.eml"
exit "${FAKE_EXIT:-0}"
EOF
chmod 0755 "$ML/bin/sendmail"
M10=$(ml_queue confirmed "sendmail@example.org")
ml_mail TESSERA_SMTP=sendmail PATH="$ML/bin:$PATH" FAKE_OUT="$ML/sendmail"
check "mail: sendmail sent" [ "$(ml_field "$M10" state)" = sent ]
check "mail: sendmail -t -oi" [ "$(cat "$ML/sendmail/args")" = "-t -oi" ]
check "mail: sendmail input parses" ml_parses "$ML"/sendmail/msg*.eml
M11=$(ml_queue confirmed "sendmail2@example.org")
ml_mail TESSERA_SMTP=sendmail PATH="$ML/bin:$PATH" FAKE_OUT="$ML/sendmail" FAKE_EXIT=75
check "mail: sendmail 75 is temporary" [ "$(ml_field "$M11" "state || ' ' || last_error")" = "queued sendmail exited 75" ]
ml_sql "UPDATE outbox SET due_at = 0 WHERE msgid = '$M11'"
ml_mail TESSERA_SMTP=sendmail PATH="$ML/bin:$PATH" FAKE_OUT="$ML/sendmail" FAKE_EXIT=67
check "mail: sendmail 67 is permanent" [ "$(ml_field "$M11" "state || ' ' || last_error")" = "failed sendmail exited 67" ]

# --- Credentials never go out in the clear ------------------------------

M12=$(ml_queue confirmed "auth@example.org")
ml_mail TESSERA_SMTP="$(ml_url store)" TESSERA_SMTP_USER=college TESSERA_SMTP_PASSWORD=secret-pw
check "mail: no STARTTLS, no password sent" [ "$(ml_field "$M12" "state || ' ' || attempts")" = "queued 1" ]
check "mail: not delivered in the clear" [ "$(ml_count store "$M12")" = 0 ]
check "mail: password not logged" sh -c "! grep -q secret-pw '$ML/mailer.log'"
ml_sql "UPDATE outbox SET state = 'sent' WHERE msgid = '$M12'"
# A server that offers STARTTLS (a certificate made here, trusted
# through TESSERA_SMTP_CA) and takes AUTH only under TLS: the password
# from a file, the message after TLS and AUTH.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$ML/key.pem" \
    -out "$ML/cert.pem" 2>/dev/null
"$PY" "$ML_HERE/smtpd.py" tls "$ML/tls" "$ML/cert.pem" "$ML/key.pem" college 'pass word' 2>>"$ML/tls.log" &
echo $! > "$ML/tls.pid"
i=0; while [ ! -s "$ML/tls/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
printf 'pass word\n' > "$ML/pwfile"
M13=$(ml_queue confirmed "tls@example.org")
ml_mail TESSERA_SMTP="$(ml_url tls)" TESSERA_SMTP_CA="$ML/cert.pem" \
    TESSERA_SMTP_USER=college TESSERA_SMTP_PASSWORD_FILE="$ML/pwfile"
check "mail: STARTTLS and AUTH, then sent" [ "$(ml_field "$M13" state)" = sent ]
check "mail: the server saw TLS and the user" grep -q "^tls tls=True auth=college <$M13@" "$ML/tls/attempts"
check "mail: AUTH only under TLS" sh -c "! grep -q ' False ' '$ML/tls/auth'"
M14=$(ml_queue confirmed "tls2@example.org")
ml_mail TESSERA_SMTP="$(ml_url tls)" TESSERA_SMTP_CA="$ML/cert.pem" \
    TESSERA_SMTP_USER=college TESSERA_SMTP_PASSWORD=wrong
check "mail: a refused log-in is temporary" [ "$(ml_field "$M14" "state || ' ' || substr(last_error, 1, 3)")" = "queued 535" ]
ml_sql "UPDATE outbox SET state = 'sent' WHERE msgid = '$M14'"
# Without the CA, the certificate is not trusted: nothing is sent.
M15=$(ml_queue confirmed "tls3@example.org")
ml_mail TESSERA_SMTP="$(ml_url tls)" TESSERA_SMTP_USER=college TESSERA_SMTP_PASSWORD_FILE="$ML/pwfile"
check "mail: an untrusted certificate is temporary" [ "$(ml_field "$M15" "state || ' ' || attempts")" = "queued 1" ]
check "mail: and no password went to it" [ "$(grep -c . "$ML/tls/auth")" = 2 ]
ml_sql "UPDATE outbox SET state = 'sent' WHERE msgid = '$M15'"
check "mail: no password in the log" sh -c "! grep -q 'pass word' '$ML/mailer.log'"
ml_mail TESSERA_SMTP="ftp://127.0.0.1/"
check "mail: a bad TESSERA_SMTP fails" [ $? -eq 1 ]
ml_mail TESSERA_DB="$ML/nowhere/none.db"
check "mail: no database: exit 1" [ $? -eq 1 ]
ml_mail TESSERA_BASE_URL=
check "mail: no TESSERA_BASE_URL (links): exit 1" [ $? -eq 1 ]

# --- A 200-way booking race on 10 places --------------------------------

ml_server race store
ML_RR=$(ml_sql "BEGIN;
    INSERT INTO course(slug, title, summary, status)
    VALUES ('mail-race', 'Mail race', 'For mail tests', 'published');
    INSERT INTO run(course_id, capacity, status)
    VALUES ((SELECT max(id) FROM course), 10, 'published');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    VALUES ((SELECT max(id) FROM run),
    $(date +%s) + 9 * $DAY,
    $(date +%s) + 9 * $DAY + 3600,
    (SELECT max(id) FROM venue));
    SELECT max(id) FROM run;
    COMMIT;")
# A booking made ten days ago on a session that starts tomorrow: the
# running mailer queues its reminder (every minute, and at once when it
# starts) and sends it, with the one-click unsubscribe headers.
ML_REMIND=$(ml_sql "BEGIN;
    INSERT INTO course(slug, title, summary, status)
    VALUES ('mail-remind', 'Mail reminder', 'For mail tests', 'published');
    INSERT INTO run(course_id, capacity, status)
    VALUES ((SELECT max(id) FROM course), 10, 'published');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    VALUES ((SELECT max(id) FROM run),
    $(date +%s) + $DAY,
    $(date +%s) + $DAY + 3600,
    (SELECT max(id) FROM venue));
    SELECT max(id) FROM run;
    COMMIT;")
fetch -b "$MJ" --data-urlencode "csrf=$MC" --data-urlencode "name=Remind Person" \
    --data-urlencode "email=remind@example.org" --data "consent=yes" "$BASE/book/$ML_REMIND"
ml_sql "UPDATE booking SET created_at = created_at - 10 * $DAY WHERE run_id = $ML_REMIND"
env TESSERA_SMTP="$(ml_url race)" "$TESSERA_TOOL" mail 2>>"$ML/mailer.log" &
ML_RACER=$!
i=0
until [ "$(ml_sql "SELECT count(*) FROM outbox WHERE rcpt = 'remind@example.org' AND kind = 'reminder' AND state = 'sent'")" = 1 ] || [ $i -ge 100 ]; do
	sleep 0.1; i=$((i + 1))
done
check "mail: the running mailer queues and sends a reminder" [ "$(ml_sql "SELECT count(*) FROM outbox WHERE rcpt = 'remind@example.org' AND kind = 'reminder' AND state = 'sent'")" = 1 ]
ML_RMID=$(ml_sql "SELECT msgid FROM outbox WHERE rcpt = 'remind@example.org' AND kind = 'reminder'")
ML_RFILE=$ML/race/msg/$(grep " <$ML_RMID@" "$ML/race/index" | cut -d' ' -f1).eml
check "mail: the reminder offers one-click unsubscribe" grep -q "^List-Unsubscribe-Post: List-Unsubscribe=One-Click" "$ML_RFILE"
check "mail: the reminder parses" ml_parses --crlf "$ML_RFILE"
# Running, it sends a booking's mail within seconds of the commit.
sleep 1
t0=$(date +%s%N)
fetch -b "$MJ" --data-urlencode "csrf=$MC" --data-urlencode "name=Prompt Person" \
    --data-urlencode "email=prompt@example.org" --data "consent=yes" "$BASE/book/$ML_RUN"
i=0
until grep -q " prompt@example.org " "$ML/race/index" 2>/dev/null || [ $i -ge 200 ]; do
	sleep 0.05; i=$((i + 1))
done
t1=$(date +%s%N)
check "mail: sent within 5 s of the booking" [ $(((t1 - t0) / 1000000)) -lt 5000 ]
# One mailer at a time: a --once beside it leaves the work to it.
"$TESSERA_TOOL" mail --once 2>"$ML/second.log"
check "mail: a second mailer exits 0" [ $? -eq 0 ]
check "mail: and says why" grep -q "another mailer is running" "$ML/second.log"
seq 1 200 | xargs -P 32 -I{} curl -s -o /dev/null --max-time 60 \
    -w '%{http_code}\n' -b "$MJ" --data "csrf=$MC&name=Racer+{}&email=race{}%40example.org&consent=yes" \
    "$BASE/book/$ML_RR" > "$ML/race-codes"
check "mail race: 200 booked" [ "$(grep -c '^303$' "$ML/race-codes")" = 200 ]
# Wait (at most 60 s) for the mailer to send them all.
i=0
while [ "$(ml_sql "SELECT count(*) FROM outbox WHERE rcpt LIKE 'race%@example.org' AND state = 'queued'")" != 0 ] && [ $i -lt 600 ]; do
	sleep 0.1; i=$((i + 1))
done
kill -TERM $ML_RACER; wait $ML_RACER 2>/dev/null
check "mail: SIGTERM ends the mailer cleanly" [ $? -eq 0 ]
check "mail race: 200 queued" [ "$(ml_sql "SELECT count(*) FROM outbox WHERE rcpt LIKE 'race%@example.org'")" = 200 ]
check "mail race: all sent" [ "$(ml_sql "SELECT count(*) FROM outbox WHERE rcpt LIKE 'race%@example.org' AND state = 'sent'")" = 200 ]
# What arrived, by address and Message-ID, against who got a place.
grep ' race[0-9]*@example.org ' "$ML/race/index" | cut -d' ' -f2,3 | sort > "$ML/race-got"
ml_sql "SELECT o.rcpt || ' <' || o.msgid || '@127.0.0.1>' FROM outbox o
    JOIN booking b ON b.id = o.booking_id JOIN learner l ON l.id = b.learner_id
    WHERE b.run_id = $ML_RR AND o.rcpt = l.email AND
    ((o.kind = 'confirmed' AND b.status = 'confirmed') OR
     (o.kind = 'waitlisted' AND b.status = 'waitlisted'))" | sort > "$ML/race-want"
check "mail race: each to the right address, none twice" cmp -s "$ML/race-got" "$ML/race-want"
check "mail race: 10 confirmations" [ "$(ml_sql "SELECT count(*) FROM outbox o JOIN booking b ON b.id = o.booking_id WHERE b.run_id = $ML_RR AND o.kind = 'confirmed'")" = 10 ]
check "mail race: 190 waiting-list" [ "$(ml_sql "SELECT count(*) FROM outbox o JOIN booking b ON b.id = o.booking_id WHERE b.run_id = $ML_RR AND o.kind = 'waitlisted'")" = 190 ]
check "mail race: 200 distinct addresses" [ "$(cut -d' ' -f1 "$ML/race-got" | sort -u | wc -l)" = 200 ]
"$PY" "$ML_HERE/mailcheck.py" --crlf "$ML"/race/msg/*.eml > /dev/null 2>"$ML/race.check.err"
check "mail race: every message parses" [ $? -eq 0 ]

# --- SIGKILL the mailer every 0.2 s while 500 bookings are made ---------

ml_server kill store
ML_KR=$(ml_sql "BEGIN;
    INSERT INTO course(slug, title, summary, status)
    VALUES ('mail-kill', 'Mail kill', 'For mail tests', 'published');
    INSERT INTO run(course_id, capacity, status)
    VALUES ((SELECT max(id) FROM course), 250, 'published');
    INSERT INTO session(run_id, starts_at, ends_at, venue_id)
    VALUES ((SELECT max(id) FROM run),
    $(date +%s) + 10 * $DAY,
    $(date +%s) + 10 * $DAY + 3600,
    (SELECT max(id) FROM venue));
    SELECT max(id) FROM run;
    COMMIT;")
(
	while [ ! -f "$ML/kill-stop" ]; do
		env TESSERA_SMTP="$(ml_url kill)" "$TESSERA_TOOL" mail 2>>"$ML/kill.log" &
		p=$!
		sleep 0.2
		kill -KILL $p 2>/dev/null
		wait $p 2>/dev/null
		echo x >> "$ML/kills"
	done
) &
ML_KILLER=$!
seq 1 500 | xargs -P 16 -I{} curl -s -o /dev/null --max-time 60 \
    -w '%{http_code}\n' -b "$MJ" --data "csrf=$MC&name=Killed+{}&email=kill{}%40example.org&consent=yes" \
    "$BASE/book/$ML_KR" > "$ML/kill-codes"
touch "$ML/kill-stop"
wait $ML_KILLER
check "mail kill: 500 booked" [ "$(grep -c '^303$' "$ML/kill-codes")" = 500 ]
# One mailer left in peace sends whatever is left.
ml_mail TESSERA_SMTP="$(ml_url kill)"
check "mail kill: nothing left queued" [ "$(ml_sql "SELECT count(*) FROM outbox WHERE rcpt LIKE 'kill%@example.org' AND state <> 'sent'")" = 0 ]
ml_sql "SELECT '<' || msgid || '@127.0.0.1>' FROM outbox WHERE rcpt LIKE 'kill%@example.org'" | sort > "$ML/kill-want"
cut -d' ' -f3 "$ML/kill/index" | sort -u > "$ML/kill-got"
check "mail kill: 500 queued" [ "$(wc -l < "$ML/kill-want")" = 500 ]
check "mail kill: every message arrived" cmp -s "$ML/kill-want" "$ML/kill-got"
ML_DUPS=$(( $(wc -l < "$ML/kill/index") - $(wc -l < "$ML/kill-got") ))
echo "  mail kill: $(wc -l < "$ML/kills") kills, $(wc -l < "$ML/kill/index") arrived for 500 messages, $ML_DUPS duplicates (same Message-ID)"

# --- Leave the stack as it was ------------------------------------------

for s in store temp perm drop dropmid silent race kill tls; do ml_server_stop $s; done
"$TESSERA_TOOL" mail 2>>"$TESSERA_VAR/log/mail.log" &
echo $! > "$TESSERA_VAR/run/mail.pid"
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$ML/mailer.log" "$ML/kill.log" 2>/dev/null; then
	grep -hE -A20 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$ML/mailer.log" "$ML/kill.log" | head -40
	bad "mail: sanitizers" "the mailer reported an error"
fi
