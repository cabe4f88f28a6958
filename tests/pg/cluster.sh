#!/bin/sh
# cluster.sh: a throwaway PostgreSQL for the tests, from Debian's
# PostgreSQL 15, in a temporary directory, removed afterwards.
#
#   cluster.sh start DIR [standby]   make DIR/primary (and DIR/standby, a
#                                    synchronous streaming replica), start
#                                    them, and write DIR/env (sourceable:
#                                    PG_PORT, PG_PORT2, PG_SOCK, PG_URL,
#                                    PG_URL_BOTH)
#   cluster.sh stop DIR              stop what runs there, remove DIR
#   cluster.sh kill DIR primary      SIGKILL the primary's postmaster
#   cluster.sh promote DIR           promote the standby
#   cluster.sh psql DIR [NODE] ...   psql on the primary (or NODE)
#
# PostgreSQL refuses to run as root, so the servers run as PG_USER
# (default nobody), which owns DIR. Connections: the Unix socket in
# DIR/sock and, when PG_LISTEN gives addresses ("127.0.0.1" or a private
# network's), TCP on those; both trust-authenticated, since the cluster
# holds only test data and lives as long as one test run. The
# superuser and the database are both "tessera".
#
# Environment: PG_BIN (/usr/lib/postgresql/15/bin), PG_USER (nobody),
# PG_LISTEN (none), PG_PORT (random free port), PG_TRUST_NET (CIDR
# trusted over TCP, 127.0.0.1/32 by default).
set -eu
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_USER=${PG_USER:-nobody}
PG_LISTEN=${PG_LISTEN:-}
PG_TRUST_NET=${PG_TRUST_NET:-127.0.0.1/32}

die() { echo "cluster: $*" >&2; exit 1; }
# as CMD...: run CMD as the cluster's owner, with a clean environment.
as() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid "$PG_USER" --regid "$(id -g "$PG_USER")" \
		    --clear-groups env -i PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"
	else
		"$@"
	fi
}
# A TCP port nothing listens on, from a random start below the
# kernel's ephemeral range (32768 and up), where a client connection
# of another test could hold the port and make the bind fail.
free_port() {
	p=$(( 10000 + $(od -An -N2 -tu2 /dev/urandom) % 10000 ))
	while ss -Htln "sport = :$p" 2>/dev/null | grep -q . ||
	    [ -e "$DIR/sock/.s.PGSQL.$p" ]; do
		p=$((p + 1))
	done
	echo "$p"
}
# conf NODE PORT: the settings every node shares.
conf() {
	cat >> "$DIR/$1/postgresql.conf" <<CONF
port = $2
listen_addresses = '$PG_LISTEN'
unix_socket_directories = '$DIR/sock'
fsync = on
synchronous_commit = on
wal_level = replica
max_wal_senders = 4
hot_standby = on
max_connections = 200
shared_buffers = 64MB
logging_collector = off
log_min_messages = warning
CONF
}
wait_ready() {	# NODE PORT
	i=0
	until "$PG_BIN/pg_isready" -q -h "$DIR/sock" -p "$2"; do
		i=$((i + 1))
		[ "$i" -gt 100 ] && die "$1 did not start (see $DIR/$1.log)"
		sleep 0.1
	done
}

cmd=${1:-}; DIR=${2:-}
[ -n "$cmd" ] && [ -n "$DIR" ] || die "usage: cluster.sh start|stop|kill|promote|psql DIR ..."
[ -x "$PG_BIN/initdb" ] || die "no $PG_BIN/initdb: apt-get install postgresql-15"

case $cmd in
start)
	[ -e "$DIR/primary" ] && die "$DIR already has a cluster"
	mkdir -p "$DIR/sock"
	chown -R "$PG_USER" "$DIR"
	chmod 0755 "$DIR" "$DIR/sock"
	as "$PG_BIN/initdb" -D "$DIR/primary" -U tessera -A trust \
	    -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
	    die "initdb failed (see $DIR/initdb.log)"
	PORT=${PG_PORT:-$(free_port)}
	conf primary "$PORT"
	cat >> "$DIR/primary/pg_hba.conf" <<HBA
host all all $PG_TRUST_NET trust
host replication all $PG_TRUST_NET trust
HBA
	PORT2=""
	as "$PG_BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" \
	    -w -t 30 start >/dev/null || die "primary did not start"
	wait_ready primary "$PORT"
	as "$PG_BIN/createdb" -h "$DIR/sock" -p "$PORT" -U tessera tessera
	if [ "${3:-}" = standby ]; then
		PORT2=$(free_port)
		[ "$PORT2" = "$PORT" ] && PORT2=$((PORT + 1))
		as "$PG_BIN/pg_basebackup" -h "$DIR/sock" -p "$PORT" -U tessera \
		    -D "$DIR/standby" -R -X stream -c fast \
		    -d "application_name=standby1" >/dev/null 2>&1 ||
		    die "pg_basebackup failed"
		conf standby "$PORT2"
		as "$PG_BIN/pg_ctl" -D "$DIR/standby" -l "$DIR/standby.log" \
		    -w -t 30 start >/dev/null || die "standby did not start"
		wait_ready standby "$PORT2"
		# Synchronous from now on: a commit returns once the standby
		# has its WAL (set only now, or the primary would wait for a
		# standby that does not exist yet).
		as "$PG_BIN/psql" -X -q -h "$DIR/sock" -p "$PORT" -U tessera \
		    -d tessera -c "ALTER SYSTEM SET synchronous_standby_names \
		    = 'standby1'" -c "SELECT pg_reload_conf()" >/dev/null
		# Wait until the primary counts it as its synchronous standby.
		i=0
		until [ "$(as "$PG_BIN/psql" -h "$DIR/sock" -p "$PORT" \
		    -U tessera -d tessera -Atc "SELECT sync_state FROM \
		    pg_stat_replication WHERE application_name = 'standby1'")" \
		    = sync ]; do
			i=$((i + 1))
			[ "$i" -gt 100 ] && die "the standby is not synchronous"
			sleep 0.1
		done
	fi
	# libpq URLs. Over the socket unless PG_LISTEN names an address.
	host=${PG_LISTEN%%,*}
	if [ -n "$host" ]; then
		url="postgresql://tessera@$host:$PORT/tessera"
		both="postgresql://tessera@$host:$PORT,$host:${PORT2:-$PORT}/tessera?target_session_attrs=read-write&connect_timeout=2"
	else
		enc=$(printf '%s' "$DIR/sock" | sed 's,/,%2F,g')
		url="postgresql://tessera@$enc:$PORT/tessera"
		both="postgresql://tessera@$enc:$PORT,$enc:${PORT2:-$PORT}/tessera?target_session_attrs=read-write&connect_timeout=2"
	fi
	cat > "$DIR/env" <<ENV
PG_PORT=$PORT
PG_PORT2=$PORT2
PG_SOCK=$DIR/sock
PG_URL='$url'
PG_URL_BOTH='$both'
ENV
	;;
stop)
	for n in standby primary; do
		[ -f "$DIR/$n/postmaster.pid" ] &&
		    as "$PG_BIN/pg_ctl" -D "$DIR/$n" -m immediate -w stop \
		    >/dev/null 2>&1 || true
	done
	case $DIR in /|"") die "refusing to remove '$DIR'";; esac
	rm -rf "$DIR"
	;;
kill)
	n=${3:-primary}
	[ -f "$DIR/$n/postmaster.pid" ] || die "$n is not running"
	kill -KILL "$(head -n 1 "$DIR/$n/postmaster.pid")"
	;;
promote)
	as "$PG_BIN/pg_ctl" -D "$DIR/standby" -w -t 30 promote >/dev/null ||
	    die "promote failed"
	;;
psql)
	n=primary
	case ${3:-} in primary|standby) n=$3; shift;; esac
	shift 2
	. "$DIR/env"
	p=$PG_PORT; [ "$n" = standby ] && p=$PG_PORT2
	as "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR/sock" -p "$p" \
	    -U tessera -d tessera "$@"
	;;
*)
	die "unknown command $cmd"
	;;
esac
