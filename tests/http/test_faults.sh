# test_faults.sh: booking workers killed with SIGKILL at random moments
# during a stream of bookings. Afterwards the database passes
# PRAGMA integrity_check, no booking is half-written (a learner without
# the booking made with it, a row without its token or code), every
# booking answered with 303 is there under its token, a killed worker is
# replaced, and nginx failed only requests that were in flight (a 502,
# at most one per kill).
# Sourced by run.sh ($BASE, $TMP, $TESSERA_VAR, $TESSERA_DB, lib.sh).

FT=$TMP/faults
mkdir -p "$FT"
rm -f "$FT"/out.* "$FT"/kills "$FT"/stop
FT_CLIENTS=4		# parallel clients
FT_EACH=100		# bookings per client
FT_CAP=250		# places: the rest go on the waiting list
FT_KILLS_MAX=30		# kills at most, one every 0.1 to 0.4 s

ft_sql() { db_sql "$@"; }
ft_master=$(cat "$TESSERA_VAR/run/booking.pid" 2>/dev/null)
ft_workers() { pgrep -P "$ft_master" | wc -l; }
ft_killed() { grep -c 'booking: worker [0-9]* killed by signal 9' "$TESSERA_VAR/log/booking.log"; }

# A run of its own, open for booking, with one session next month.
ft_now=$(date +%s)
FT_RUN=$(ft_sql "BEGIN;
INSERT INTO venue(name, address, online) VALUES ('Fault Hall', '1 Test Road', 0);
INSERT INTO course(slug, title, status) VALUES ('http-faults-$ft_now', 'Faults course', 'published');
INSERT INTO run(course_id, capacity, status) VALUES ((SELECT max(id) FROM course), $FT_CAP, 'published');
INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES
 ((SELECT max(id) FROM run), $ft_now + 30 * 86400, $ft_now + 30 * 86400 + 3600,
 (SELECT max(id) FROM venue));
SELECT max(id) FROM run;
COMMIT;")
check "faults: fixture run" [ -n "$FT_RUN" ]
check "faults: booking master running" [ -n "$ft_master" ]
check "faults: booking form" sh -c 'curl -s -o /dev/null -w "%{http_code}" "$1" | grep -qx 200' _ "$BASE/book/$FT_RUN"
ft_killed0=$(ft_killed)

# ft_client NAME [COUNT]: COUNT (FT_EACH) bookings, one after another,
# from one browser; one line each in out.NAME: "email status token"
# (token "-" unless the answer was a 303).
ft_client() {
	ft_jar=$FT/jar.$1
	curl -s --max-time 20 -c "$ft_jar" -b "$ft_jar" -o "$FT/form.$1" \
	    "$BASE/book/$FT_RUN"
	ft_c=$(csrf_of "$FT/form.$1")
	ft_k=0
	while [ $ft_k -lt "${2:-$FT_EACH}" ]; do
		ft_e="fault-$ft_now-$1-$ft_k@example.org"
		ft_o=$(curl -s --max-time 60 -b "$ft_jar" -o /dev/null \
		    -w '%{http_code} %{redirect_url}' --data-urlencode "csrf=$ft_c" \
		    --data-urlencode "name=Fault Test $1 $ft_k" \
		    --data-urlencode "email=$ft_e" --data "consent=yes" \
		    "$BASE/book/$FT_RUN") || ft_o="000 -"
		ft_t=${ft_o##*/}
		[ "${ft_o%% *}" = 303 ] || ft_t=-
		echo "$ft_e ${ft_o%% *} $ft_t"
		ft_k=$((ft_k + 1))
	done > "$FT/out.$1"
}

# ft_killer: SIGKILL a random booking worker every 0.1 to 0.4 s while
# the clients run; the pid of each worker hit, one a line.
ft_killer() {
	ft_n=0
	while [ ! -f "$FT/stop" ] && [ $ft_n -lt "$FT_KILLS_MAX" ]; do
		ft_r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		sleep "0.$((1 + ft_r % 4))"
		ft_ps=$(pgrep -P "$ft_master")
		ft_cnt=$(printf '%s\n' $ft_ps | grep -c .)
		[ "$ft_cnt" -gt 0 ] || continue
		ft_pick=$(printf '%s\n' $ft_ps | sed -n "$((1 + ft_r % ft_cnt))p")
		if kill -KILL "$ft_pick" 2>/dev/null; then
			echo "$ft_pick"
			ft_n=$((ft_n + 1))
		fi
	done > "$FT/kills"
}

rm -f "$FT/stop"
ft_killer &
ft_kpid=$!
ft_pids=""
i=0
while [ $i -lt $FT_CLIENTS ]; do
	ft_client $i &
	ft_pids="$ft_pids $!"
	i=$((i + 1))
done
wait $ft_pids
touch "$FT/stop"
wait "$ft_kpid"
cat "$FT"/out.* > "$FT/all"
# A zombie not yet reaped takes a second SIGKILL too: count workers.
ft_kills=$(sort -u "$FT/kills" | grep -c .)
ft_sent=$(grep -c . "$FT/all")
ft_303=$(grep -c ' 303 ' "$FT/all")
ft_other=$((ft_sent - ft_303))
echo "  faults: $ft_sent bookings sent, $ft_303 answered 303, $ft_other failed, $ft_kills workers killed"
check "faults: every booking sent" [ "$ft_sent" -eq $((FT_CLIENTS * FT_EACH)) ]
check "faults: some workers were killed" [ "$ft_kills" -gt 0 ]

# nginx fails only what was in flight: a 502, at most one per kill.
check "faults: failures are 502 only" sh -c '! grep -v " 303 " "$1" | grep -qv " 502 "' _ "$FT/all"
check "faults: at most one failure per kill" [ "$ft_other" -le "$ft_kills" ]

# The database.
if db_pg; then
	db_skip "faults: integrity_check, foreign_key_check" "SQLite's own checks of its file; PostgreSQL enforces foreign keys on every write and its crash safety is its WAL's (the half-written checks below run on both)"
else
	check "faults: integrity_check ok" [ "$(ft_sql 'PRAGMA integrity_check;')" = ok ]
	check "faults: foreign keys hold" [ -z "$(ft_sql 'PRAGMA foreign_key_check;')" ]
fi
# Every 303 is a booking of this run, under its token (stored as its
# SHA-256), for its email.
grep ' 303 ' "$FT/all" | while read -r ft_e ft_c ft_t ft_rest; do
	printf '%s|%s\n' "$(printf '%s' "$ft_t" | sha256sum | cut -c1-64)" "$ft_e"
done | sort > "$FT/want"
ft_sql "SELECT b.token_hash || '|' || l.email FROM booking AS b
    JOIN learner AS l ON l.id = b.learner_id
    WHERE b.run_id = $FT_RUN;" | sort > "$FT/have"
check "faults: every 303 booking is there" \
    sh -c '[ -z "$(comm -23 "$1" "$2")" ]' _ "$FT/want" "$FT/have"
# A request cut off after its commit leaves a booking whose learner saw
# a 502: that is allowed (booking again finds it), and counted here.
ft_lost=0
for ft_e in $(grep ' 502 ' "$FT/all" | cut -d' ' -f1); do
	grep -q "|$ft_e\$" "$FT/have" && ft_lost=$((ft_lost + 1))
done
echo "  faults: $ft_lost of the $ft_other failed requests had booked before the kill"
# No half-written booking: each learner made by the stream has its
# booking, and each booking row is whole.
check "faults: no learner without a booking" [ "$(ft_sql "SELECT count(*)
    FROM learner WHERE email LIKE 'fault-$ft_now-%@example.org' AND id NOT IN
    (SELECT learner_id FROM booking WHERE run_id = $FT_RUN);")" = 0 ]
check "faults: every booking row whole" [ "$(ft_sql "SELECT count(*)
    FROM booking WHERE run_id = $FT_RUN AND (length(token) != 26 OR
    code = '' OR created_at <= 0 OR status NOT IN ('confirmed', 'waitlisted'));")" = 0 ]
check "faults: no more bookings than sent" \
    [ "$(ft_sql "SELECT count(*) FROM booking WHERE run_id = $FT_RUN;")" -le "$ft_sent" ]
check "faults: places not oversold" [ "$(ft_sql "SELECT count(*) FROM booking
    WHERE run_id = $FT_RUN AND status = 'confirmed';")" -le "$FT_CAP" ]

# Each killed worker was seen dying and replaced (the master waits a
# second before it replaces a worker that died young).
i=0
until [ "$(ft_workers)" -eq "${WORKERS:-2}" ] || [ $i -gt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
check "faults: workers replaced" [ "$(ft_workers)" -eq "${WORKERS:-2}" ]
check "faults: the master saw each kill" [ $(($(ft_killed) - ft_killed0)) -eq "$ft_kills" ]
expect_status "faults: healthz after" 200 "$BASE/healthz/booking"
ft_client after 3
check "faults: booking after the storm" sh -c '! grep -qv " 303 " "$1"' _ "$FT/out.after"
