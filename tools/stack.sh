#!/bin/sh
# stack.sh run|start|stop: tessera's programs and nginx, for development.
#
#   run    start everything and stay in the foreground; Ctrl-C stops it all
#   start  start everything in the background; return once every
#          program answers /healthz through nginx
#   stop   stop what start started
#
# Environment: PORT (8080), TESSERA_DB (var/tessera.db), WORKERS (4),
# TESSERA_BIN (folder of the *.fcgi, default cgi-bin), TESSERA_VAR (var),
# TESSERA_EXTRA_NGINX (extra server-level nginx lines, for benchmarks),
# TESSERA_LIMITS (on: nginx's per-client limits; off for load tests that
# are one client by design),
# and the mailer's: TESSERA_SMTP (unset: a Maildir, TESSERA_MAILDIR,
# default "mail" beside the database) and the rest in the README.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR=${TESSERA_VAR:-$ROOT/var}
BIN=${TESSERA_BIN:-$ROOT/cgi-bin}
TOOL=${TESSERA_TOOL:-$ROOT/bin/tessera}
PORT=${PORT:-8080}
WORKERS=${WORKERS:-4}
TESSERA_DB=${TESSERA_DB:-$VAR/tessera.db}
PROGS="catalogue booking checkin admin"
RUN=$VAR/run
LOG=$VAR/log
export TESSERA_DB
export TESSERA_BASE_URL=${TESSERA_BASE_URL:-http://127.0.0.1:$PORT}

say() { echo "tessera: $*" >&2; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_all() {
	for name in nginx mail $PROGS; do
		pidf=$RUN/$name.pid
		[ -f "$pidf" ] || continue
		pid=$(cat "$pidf")
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
			i=0
			while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
				sleep 0.1; i=$((i + 1))
			done
			kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
		fi
		rm -f "$pidf"
	done
	rm -f "$RUN"/*.sock
	# The readable copy made for a private checkout (share_dir).
	if [ -f "$RUN/share" ]; then
		share=$(cat "$RUN/share")
		case $share in /tmp/tessera-share.*) rm -rf "$share";; esac
		rm -f "$RUN/share"
	fi
}

# nobody_can TEST PATH: whether nginx's workers (user nobody) pass
# test(1) TEST on PATH (e.g. -r a file, -x a folder on the way).
nobody_can() {
	runuser -u nobody -- test "$1" "$2" 2>/dev/null
}

# A checkout in a folder other users cannot enter (/root/tessera, a
# home of mode 0700): nginx's workers run as nobody and could neither
# read templates/static (every page would lose its stylesheet, /static/*
# would answer 403) nor reach the sockets under var/run. Rather than
# run nginx's workers as root, serve a copy of the static files and
# put the sockets and nginx's temporary files in a folder they can
# enter, made here and removed by stop. Sets STATIC, SOCK and NGTMP.
share_dir() {
	STATIC=$ROOT/templates/static
	SOCK=$RUN
	NGTMP=$VAR/nginx
	[ "$(id -u)" -eq 0 ] || return 0
	if ! command -v runuser >/dev/null; then
		say "runuser (util-linux) is missing: run 'make deps'"
		exit 1
	fi
	if nobody_can -r "$STATIC/style.css" && nobody_can -x "$RUN" &&
	    nobody_can -x "$NGTMP"; then
		return 0
	fi
	share=$(mktemp -d /tmp/tessera-share.XXXXXX)
	echo "$share" > "$RUN/share"
	chmod 0755 "$share"
	cp -R "$STATIC" "$share/static"
	chmod -R a+rX "$share/static"
	mkdir -p "$share/run" "$share/nginx"
	STATIC=$share/static
	SOCK=$share/run
	NGTMP=$share/nginx
	say "nginx's workers (user nobody) cannot enter $ROOT, so its static files are served from a copy in $share (restart to see changes to templates/static) and the sockets are there too"
}

start_all() {
	for name in nginx mail $PROGS; do
		if alive "$RUN/$name.pid"; then
			say "already running (var/run/$name.pid); run 'make stop' first"
			exit 1
		fi
	done
	command -v curl >/dev/null || { say "curl is missing: run 'make deps'"; exit 1; }
	if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" 2>/dev/null; then
		say "port $PORT is in use: choose another with PORT="
		exit 1
	fi
	mkdir -p "$VAR" "$RUN" "$LOG" "$VAR/nginx" "$(dirname "$TESSERA_DB")"

	# The database: created with the demo college the first time.
	if [ ! -f "$TESSERA_DB" ]; then
		say "creating $TESSERA_DB with the demo college"
		"$TOOL" demo >&2
	else
		"$TOOL" init >&2
	fi

	# Sockets: mode 0660, group of nginx's workers. nginx started by
	# root runs its workers as nobody:nogroup; started by anyone else
	# they run as that user, whose primary group owns the sockets.
	share_dir
	mkdir -p "$NGTMP"
	if [ "$(id -u)" -eq 0 ]; then
		group=nogroup
		user_line="user nobody nogroup;"
		chgrp "$group" "$SOCK"
		chmod 0750 "$SOCK"
	else
		group=$(id -gn)
		user_line=""
		chmod 0700 "$SOCK"
	fi

	for p in $PROGS; do
		"$BIN/$p.fcgi" --socket "$SOCK/$p.sock" --group "$group" \
		    --workers "$WORKERS" 2>>"$LOG/$p.log" &
		echo $! > "$RUN/$p.pid"
	done

	# The mailer: delivers the outbox (a Maildir unless TESSERA_SMTP).
	"$TOOL" mail 2>>"$LOG/mail.log" &
	echo $! > "$RUN/mail.pid"

	# The per-client limits (lines marked @L@) unless TESSERA_LIMITS=off.
	case ${TESSERA_LIMITS:-on} in
	on) limits="";;
	off) limits="#";;
	*) say "TESSERA_LIMITS is on or off"; exit 1;;
	esac
	sed -e "s|@USER@|$user_line|" -e "s|@VAR@|$VAR|g" \
	    -e "s|@ROOT@|$ROOT|g" -e "s|@PORT@|$PORT|g" \
	    -e "s|@STATIC@|$STATIC|g" -e "s|@SOCK@|$SOCK|g" \
	    -e "s|@NGTMP@|$NGTMP|g" -e "s|^@L@|$limits|" \
	    "$ROOT/nginx/tessera.conf.in" > "$VAR/nginx/nginx.conf.tmp"
	# Extra lines (benchmarks) go in verbatim.
	if [ -n "${TESSERA_EXTRA_NGINX:-}" ]; then
		printf '%s\n' "$TESSERA_EXTRA_NGINX" > "$VAR/nginx/extra.conf"
		sed -i "s|@EXTRA@|include $VAR/nginx/extra.conf;|" "$VAR/nginx/nginx.conf.tmp"
	else
		sed -i "s|@EXTRA@||" "$VAR/nginx/nginx.conf.tmp"
	fi
	mv "$VAR/nginx/nginx.conf.tmp" "$VAR/nginx/nginx.conf"
	nginx -p "$VAR/nginx" -c "$VAR/nginx/nginx.conf" -e "$LOG/nginx-error.log" 2>>"$LOG/nginx-error.log" &
	# nginx writes the same pid there itself (daemon off).
	echo $! > "$RUN/nginx.pid"

	i=0
	for p in $PROGS; do
		until curl -sf -o /dev/null --max-time 2 \
		    "http://127.0.0.1:$PORT/healthz/$p"; do
			i=$((i + 1))
			if [ $i -gt 100 ]; then
				say "$p did not answer /healthz; see $LOG/$p.log and $LOG/nginx-error.log"
				tail -n 5 "$LOG/$p.log" "$LOG/nginx-error.log" >&2 || true
				stop_all
				exit 1
			fi
			sleep 0.1
		done
	done
	if ! alive "$RUN/mail.pid"; then
		say "the mailer did not start; see $LOG/mail.log"
		tail -n 5 "$LOG/mail.log" >&2 || true
		stop_all
		exit 1
	fi
}

case "${1:-}" in
start)
	start_all
	say "running at http://127.0.0.1:$PORT/ (logs in var/log; 'make stop' to stop)"
	say "staff log in at http://127.0.0.1:$PORT/login; administrators then work in /admin"
	;;
run)
	trap 'stop_all; say "stopped"; exit 0' INT TERM
	start_all
	if [ -n "${TESSERA_SMTP:-}" ]; then
		MAIL_WHERE="sent by the mailer as TESSERA_SMTP says (log: $LOG/mail.log)"
	else
		MAIL_WHERE="${TESSERA_MAILDIR:-$(dirname "$TESSERA_DB")/mail}/new (one file a message)"
	fi
	cat >&2 <<EOT

  tessera is running at http://127.0.0.1:$PORT/

  Learners:  http://127.0.0.1:$PORT/courses  (no account needed)
  Staff:     http://127.0.0.1:$PORT/login    (demo accounts only; the
             college office is http://127.0.0.1:$PORT/admin)
     peer educator      sam@demo.tessera.invalid    peer-demo-2026
     clinical educator  alex@demo.tessera.invalid   clinic-demo-2026
     administrator      jo@demo.tessera.invalid     admin-demo-2026

  Database: $TESSERA_DB   Logs: $LOG
  Mail:     $MAIL_WHERE
  Press Ctrl-C to stop.

EOT
	while alive "$RUN/nginx.pid"; do sleep 1; done
	stop_all
	;;
stop)
	stop_all
	say "stopped"
	;;
*)
	echo "usage: stack.sh run|start|stop" >&2
	exit 2
	;;
esac
