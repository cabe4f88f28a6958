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
# TESSERA_EXTRA_NGINX (extra server-level nginx lines, for benchmarks).
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
	for name in nginx $PROGS; do
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
}

start_all() {
	for name in nginx $PROGS; do
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
	if [ "$(id -u)" -eq 0 ]; then
		group=nogroup
		user_line="user nobody nogroup;"
		chgrp "$group" "$RUN"
		chmod 0750 "$RUN"
	else
		group=$(id -gn)
		user_line=""
		chmod 0700 "$RUN"
	fi

	for p in $PROGS; do
		"$BIN/$p.fcgi" --socket "$RUN/$p.sock" --group "$group" \
		    --workers "$WORKERS" 2>>"$LOG/$p.log" &
		echo $! > "$RUN/$p.pid"
	done

	sed -e "s|@USER@|$user_line|" -e "s|@VAR@|$VAR|g" \
	    -e "s|@ROOT@|$ROOT|g" -e "s|@PORT@|$PORT|g" \
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
	cat >&2 <<EOT

  tessera is running at http://127.0.0.1:$PORT/

  Learners:  http://127.0.0.1:$PORT/courses  (no account needed)
  Staff:     http://127.0.0.1:$PORT/login    (demo accounts only; the
             college office is http://127.0.0.1:$PORT/admin)
     peer educator      sam@demo.tessera.invalid    peer-demo-2026
     clinical educator  alex@demo.tessera.invalid   clinic-demo-2026
     administrator      jo@demo.tessera.invalid     admin-demo-2026

  Database: $TESSERA_DB   Logs: $LOG
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
