# test_fcgi_records.sh: malformed FastCGI records written straight to a
# program's socket, past nginx: huge name and value lengths, truncated
# records, bad versions and roles, garbage. Under AddressSanitizer no
# program may report anything (run.sh reads the logs) or die, and after
# each record /healthz through nginx still answers. Then: only root and
# nginx's group can open the sockets.
#
# One record is known to kill a worker inside libfcgi itself (see
# "libfcgi" below); it is sent to a separate release build, and what is
# checked there is that the worker is replaced and service goes on.
# Sourced by run.sh ($BASE, $TMP, $ROOT, $TESSERA_VAR, $TESSERA_DB, lib.sh).

FX=$TMP/fcgi
mkdir -p "$FX"
FX_CAT=$TESSERA_VAR/run/catalogue.sock
FX_BOOK=$TESSERA_VAR/run/booking.sock

fx_deaths() {
	cat "$TESSERA_VAR"/log/*.log 2>/dev/null | grep -c 'killed by signal\|exited with'
}
FX_DEATHS0=$(fx_deaths)

# probe.py SOCKET CASE: write one crafted exchange, close the writing
# side, and print what came back: "status NNN" (an HTTP answer), "end N"
# (END_REQUEST with that protocol status and no answer), "mgmt T" (a
# management record of type T), "closed" (the program hung up), "silent"
# (nothing within 3 s).
cat > "$FX/probe.py" <<'EOF'
import os, socket, struct, sys, time

def rec(t, body, rid=1, ver=1, clen=None, pad=0):
    if clen is None:
        clen = len(body)
    return struct.pack(">BBHHBB", ver, t, rid, clen, pad, 0) + body + b"\0" * pad

def begin(rid=1, role=1, flags=0):
    return rec(1, struct.pack(">HB5x", role, flags), rid)

def ln(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)

def nv(n, v):
    return ln(len(n)) + ln(len(v)) + n + v

def params(d, rid=1):
    out = b""
    for i in range(0, len(d), 65535):
        out += rec(4, d[i:i + 65535], rid)
    return out + rec(4, b"", rid)

def stdin(d, rid=1):
    out = b""
    for i in range(0, len(d), 65535):
        out += rec(5, d[i:i + 65535], rid)
    return out + rec(5, b"", rid)

def request(env, body=b"", rid=1, flags=0):
    p = b"".join(nv(k, v) for k, v in env)
    return begin(rid, flags=flags) + params(p, rid) + stdin(body, rid)

GET = [(b"REQUEST_METHOD", b"GET"), (b"PATH_INFO", b"/healthz")]

def talk(path, chunks, wait=3.0):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(wait)
    s.connect(path)
    for c in chunks:
        if isinstance(c, float):
            time.sleep(c)
            continue
        try:
            s.sendall(c)
        except OSError:
            break
    # Then end of input, as a peer that goes away would leave it.
    try:
        s.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    out, silent = b"", False
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except socket.timeout:
        silent = True
    except OSError:
        pass
    s.close()
    return out, silent

def judge(out, silent):
    """What came back, in words."""
    stdout, results, i = b"", [], 0
    while i + 8 <= len(out):
        _, t, rid, clen, pad, _ = struct.unpack(">BBHHBB", out[i:i + 8])
        body = out[i + 8:i + 8 + clen]
        i += 8 + clen + pad
        if t == 6:
            stdout += body
        elif t == 3:
            results.append("end %d" % body[4])
        elif rid == 0:
            results.append("mgmt %d" % t)
    if stdout.startswith(b"Status: "):
        return "status " + stdout[8:11].decode()
    if results:
        return results[0]
    return "silent" if silent else "closed"

path, case = sys.argv[1], sys.argv[2]
big = b"A" * 6000
cases = {
    "ok": lambda: [request(GET)],
    # PARAMS whose 4-byte name length is 0x7fffffff, then data, then EOF.
    "name_len_max": lambda: [begin() + rec(4, b"\xff\xff\xff\xff\x00" + big), 0.2],
    # Both lengths 0x7fffffff: the CVE-2025-23016 record.
    "both_len_max": lambda: [begin() + rec(4, b"\xff\xff\xff\xff\xff\xff\xff\xff" + big), 0.2],
    # A name length just under 2 GB that is never sent.
    "name_len_2g": lambda: [begin() + rec(4, b"\xff\xff\xff\xf0\x00" + big), 0.2],
    "value_len_max": lambda: [begin() + rec(4, b"\x01\xff\xff\xff\xff" + b"A" + big), 0.2],
    "truncated_header": lambda: [begin()[:5]],
    "truncated_begin": lambda: [begin()[:12]],
    "truncated_params": lambda: [begin() + rec(4, nv(b"PATH_INFO", b"/healthz"))[:20]],
    "content_longer_than_sent": lambda: [begin() + rec(4, b"abc", clen=1000)],
    "content_longer_then_wait": lambda: [begin() + rec(4, b"abc", clen=1000), 1.0],
    "length_prefix_cut": lambda: [begin() + rec(4, b"\x80\x00")],
    "garbage": lambda: [os.urandom(4096)],
    "zeros": lambda: [b"\0" * 4096],
    "version_9": lambda: [rec(1, struct.pack(">HB5x", 1, 0), ver=9) + params(b"") + rec(5, b"")],
    "params_first": lambda: [params(nv(b"PATH_INFO", b"/healthz")) + rec(5, b"")],
    "stdin_first": lambda: [rec(5, b"x") + request(GET)],
    "begin_empty": lambda: [rec(1, b"") + params(b"") + rec(5, b"")],
    "role_filter": lambda: [begin(role=3) + params(nv(b"REQUEST_METHOD", b"GET") + nv(b"PATH_INFO", b"/healthz")) + rec(5, b"")],
    "role_authorizer": lambda: [begin(role=2) + params(nv(b"PATH_INFO", b"/healthz")) + rec(5, b"")],
    "role_zero": lambda: [begin(role=0) + params(b"") + rec(5, b"")],
    "role_unknown": lambda: [begin(role=7) + params(b"") + rec(5, b"")],
    "two_requests_at_once": lambda: [begin(1) + begin(2) + params(b"".join(nv(k, v) for k, v in GET), 1) + rec(5, b"", 1)],
    "get_values": lambda: [rec(9, nv(b"FCGI_MAX_CONNS", b"") + nv(b"FCGI_MPXS_CONNS", b""), rid=0) + request(GET)],
    "unknown_type": lambda: [rec(42, b"hello", rid=0) + request(GET)],
    "type_zero": lambda: [rec(0, b"x") + request(GET)],
    "abort_midway": lambda: [begin() + rec(4, nv(b"PATH_INFO", b"/healthz")) + rec(2, b"") + rec(4, b"") + rec(5, b"")],
    "padding_255": lambda: [begin() + rec(4, b"".join(nv(k, v) for k, v in GET), pad=255) + rec(4, b"", pad=255) + rec(5, b"", pad=255)],
    "nul_in_params": lambda: [request([(b"REQUEST_METHOD", b"GET"), (b"PATH_INFO", b"/healthz\0/x"), (b"HTTP_\0COOKIE", b"a=\0b"), (b"\0", b"\0")])],
    "invalid_utf8_path": lambda: [request([(b"REQUEST_METHOD", b"GET"), (b"PATH_INFO", b"/courses/\xc0\xaf")])],
    "control_in_path": lambda: [request([(b"REQUEST_METHOD", b"GET"), (b"PATH_INFO", b"/courses\r\nX: 1")])],
    "no_params": lambda: [request([])],
    "empty_names": lambda: [request([(b"", b""), (b"", b"x"), (b"=", b"=")] + GET)],
    "duplicate_params": lambda: [request(GET + [(b"PATH_INFO", b"/nope"), (b"REQUEST_METHOD", b"DELETE")])],
    "many_params": lambda: [request([(b"X%d" % i, b"v") for i in range(5000)] + GET)],
    "huge_cookie": lambda: [request(GET + [(b"HTTP_COOKIE", b"a=" + b"b" * 60000)])],
    "huge_query": lambda: [request(GET + [(b"QUERY_STRING", b"q=" + b"c" * 60000)])],
    "keep_conn_twice": lambda: [request(GET, flags=1) + request(GET, flags=1)],
    # A POST body: shorter than CONTENT_LENGTH, negative, huge.
    "body_short": lambda: [request([(b"REQUEST_METHOD", b"POST"), (b"PATH_INFO", b"/book/1"), (b"CONTENT_TYPE", b"application/x-www-form-urlencoded"), (b"CONTENT_LENGTH", b"100")], b"a=1")],
    "body_short_then_close": lambda: [begin() + params(b"".join(nv(k, v) for k, v in [(b"REQUEST_METHOD", b"POST"), (b"PATH_INFO", b"/book/1"), (b"CONTENT_TYPE", b"application/x-www-form-urlencoded"), (b"CONTENT_LENGTH", b"100")])) + rec(5, b"a=1"), 0.2],
    "length_negative": lambda: [request([(b"REQUEST_METHOD", b"POST"), (b"PATH_INFO", b"/book/1"), (b"CONTENT_LENGTH", b"-1")], b"a=1")],
    "length_huge": lambda: [request([(b"REQUEST_METHOD", b"POST"), (b"PATH_INFO", b"/book/1"), (b"CONTENT_LENGTH", b"99999999999999999999999")], b"a=1")],
    "length_junk": lambda: [request([(b"REQUEST_METHOD", b"POST"), (b"PATH_INFO", b"/book/1"), (b"CONTENT_LENGTH", b"1e3")], b"a=1")],
    "body_longer": lambda: [request([(b"REQUEST_METHOD", b"POST"), (b"PATH_INFO", b"/book/1"), (b"CONTENT_TYPE", b"application/x-www-form-urlencoded"), (b"CONTENT_LENGTH", b"3")], b"a=1" + b"z" * 70000)],
    # libfcgi: name + value + 2 past INT_MAX (see test_fcgi_records.sh).
    "sum_past_int_max": lambda: [begin() + rec(4, b"\xc0\x00\x00\x00\xc0\x00\x00\x00" + big), 0.2],
}
print(judge(*talk(path, cases[case]())))
EOF
# fx CASE [SOCKET]: the outcome of one case (see probe.py).
fx() { python3 "$FX/probe.py" "${2:-$FX_CAT}" "$1" 2>&1 | tail -n 1; }
# fx_expect NAME REGEX CASE [SOCKET]: the outcome matches, and after it
# nginx still gets an answer from the program.
fx_expect() {
	fx_out=$(fx "$3" "${4:-}")
	if printf '%s\n' "$fx_out" | grep -qxE "$2"; then ok "$1"
	else bad "$1" "outcome '$fx_out', wanted /$2/"; fi
	expect_status "$1: healthz after" 200 "$BASE/healthz"
	expect_status "$1: booking healthz after" 200 "$BASE/healthz/booking"
}

# A well-formed request first: the probe itself works.
fx_expect "well-formed request" 'status 200' ok
fx_expect "well-formed request to booking" 'status 200' ok "$FX_BOOK"

# Lengths that libfcgi refuses or whose bytes never come: the worker
# hangs up, or waits and gives up when the connection closes.
fx_expect "name length 0x7fffffff" 'closed|silent' name_len_max
fx_expect "name and value length 0x7fffffff (CVE-2025-23016)" 'closed|silent' both_len_max
fx_expect "name length near 2 GB, never sent" 'closed|silent' name_len_2g
fx_expect "value length 0x7fffffff" 'closed|silent' value_len_max

# Truncated records and garbage.
fx_expect "truncated header" 'closed|silent' truncated_header
fx_expect "truncated BEGIN_REQUEST" 'closed|silent' truncated_begin
fx_expect "truncated PARAMS" 'closed|silent' truncated_params
fx_expect "content length over what was sent" 'closed|silent' content_longer_than_sent
fx_expect "content length over, then a wait" 'closed|silent' content_longer_then_wait
fx_expect "length prefix cut short" 'closed|silent' length_prefix_cut
fx_expect "4 KB of random bytes" 'closed|silent|end [0-9]+|status 4[0-9][0-9]' garbage
fx_expect "4 KB of zeros" 'closed|silent|end [0-9]+' zeros
fx_expect "version 9" 'closed|silent|end [0-9]+|status [24][0-9][0-9]' version_9
fx_expect "PARAMS before BEGIN_REQUEST" 'closed|silent|end [0-9]+|status [24][0-9][0-9]' params_first
fx_expect "STDIN before BEGIN_REQUEST" 'closed|silent|end [0-9]+|status 200' stdin_first
fx_expect "empty BEGIN_REQUEST" 'closed|silent|end [0-9]+|status [24][0-9][0-9]' begin_empty

# Protocol corners libfcgi answers itself (FastCGI 1.0: roles 5.1,
# multiplexing 3.3, management records 4.1 and 4.2).
# A FILTER or AUTHORIZER request is refused with FCGI_END_REQUEST and
# FCGI_UNKNOWN_ROLE (section 5.5; libfcgi alone would serve it as a
# responder), and libfcgi hangs up on a role it does not know.
fx_expect "FILTER role refused: FCGI_UNKNOWN_ROLE" 'end 3' role_filter
fx_expect "AUTHORIZER role refused: FCGI_UNKNOWN_ROLE" 'end 3' role_authorizer
fx_expect "FILTER role to booking refused" 'end 3' role_filter "$FX_BOOK"
fx_expect "role 0 refused" 'closed|end 3' role_zero
fx_expect "role 7 refused" 'closed|end 3' role_unknown
fx_expect "second request on a connection" 'status 200|end 1' two_requests_at_once
fx_expect "GET_VALUES answered" 'mgmt 10|status 200' get_values
fx_expect "unknown management type" 'mgmt 11|status 200' unknown_type
fx_expect "record type 0" 'closed|silent|end [0-9]+|status 200' type_zero
fx_expect "ABORT_REQUEST midway" 'closed|silent|end [0-9]+|status [24][0-9][0-9]' abort_midway
fx_expect "padding 255" 'status 200' padding_255

# Parameters the kit must distrust.
fx_expect "NUL bytes in parameters" 'status 4[0-9][0-9]|status 200' nul_in_params
fx_expect "invalid UTF-8 path" 'status 400' invalid_utf8_path
fx_expect "CR/LF in the path" 'status 400' control_in_path
fx_expect "no parameters at all" 'status [24][0-9][0-9]' no_params
fx_expect "empty parameter names" 'status 200' empty_names
fx_expect "repeated parameters" 'status [24][0-9][0-9]' duplicate_params
fx_expect "5000 parameters" 'status 200' many_params
fx_expect "60 KB Cookie" 'status 200' huge_cookie
fx_expect "60 KB query string" 'status 414' huge_query
fx_expect "two requests on a kept connection" 'status 200' keep_conn_twice

# Bodies that do not match CONTENT_LENGTH.
fx_expect "body shorter than CONTENT_LENGTH" 'status 400' body_short "$FX_BOOK"
fx_expect "body short, then the peer goes" 'status 400|closed|silent' body_short_then_close "$FX_BOOK"
fx_expect "CONTENT_LENGTH -1" 'status 400' length_negative "$FX_BOOK"
fx_expect "CONTENT_LENGTH huge" 'status 413' length_huge "$FX_BOOK"
fx_expect "CONTENT_LENGTH 1e3" 'status 400' length_junk "$FX_BOOK"
fx_expect "body longer than CONTENT_LENGTH" 'status 4[0-9][0-9]' body_longer "$FX_BOOK"

check "no worker died on malformed records" [ "$(fx_deaths)" = "$FX_DEATHS0" ]

# libfcgi (Debian 2.4.2-2+deb12u1, ReadParams): a name and value length
# whose sum plus 2 passes INT_MAX (0x40000000 each) wraps negative, the
# malloc of that size fails, and libfcgi's own assert aborts the worker
# (under ASan: "requested allocation size exceeds maximum"). The code is
# the library's, not ours, so this record goes to a release build of its
# own, and what is checked is what we can promise: the master replaces
# the worker and the next request is served.
FX_REL=$ROOT/build/release/cgi-bin/catalogue.fcgi
if [ -x "$FX_REL" ]; then
	rm -f "$FX/rel.sock"
	"$FX_REL" --socket "$FX/rel.sock" --workers 1 2>"$FX/rel.log" &
	fx_rel=$!
	i=0
	until [ -S "$FX/rel.sock" ] || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
	check "release build answers" [ "$(fx ok "$FX/rel.sock")" = "status 200" ]
	fx_out=$(fx sum_past_int_max "$FX/rel.sock")
	# The master waits RESPAWN_MIN_S before it replaces a worker that
	# died young; give it a few seconds.
	i=0
	until [ "$(fx ok "$FX/rel.sock")" = "status 200" ] || [ $i -gt 10 ]; do
		sleep 0.5; i=$((i + 1))
	done
	check "libfcgi length overflow: service goes on" [ "$(fx ok "$FX/rel.sock")" = "status 200" ]
	if grep -q 'killed by signal' "$FX/rel.log"; then
		echo "  note: libfcgi aborted a worker on a PARAMS length overflow ($(grep -m1 -o 'Assertion.*' "$FX/rel.log" || echo "see $FX/rel.log")); it was replaced"
		check "libfcgi length overflow: worker replaced" grep -q 'starting another' "$FX/rel.log"
	fi
	kill "$fx_rel" 2>/dev/null
	wait "$fx_rel" 2>/dev/null
else
	echo "  note: no release build: the libfcgi overflow record was not sent"
fi

# --- Who may open the sockets --------------------------------------
# Mode 0660 and the group of nginx's workers: nginx (and root) can
# connect, any other user gets "Permission denied".
fx_group=$(sed -n 's/^user[ 	]\{1,\}[^ 	]\{1,\}[ 	]\{1,\}\([^ 	;]\{1,\}\);.*/\1/p' \
    "$TESSERA_VAR/nginx/nginx.conf" | head -n 1)
fx_user=$(sed -n 's/^user[ 	]\{1,\}\([^ 	;]\{1,\}\).*/\1/p' \
    "$TESSERA_VAR/nginx/nginx.conf" | head -n 1)
[ -n "$fx_group" ] || fx_group=$(id -gn)
for p in catalogue booking checkin admin; do
	check "socket $p: mode 660, group $fx_group" \
	    [ "$(stat -c '%a %G' "$TESSERA_VAR/run/$p.sock")" = "660 $fx_group" ]
done
# connect.py SOCKET: "connected", or the error's text.
cat > "$FX/connect.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1])
    print("connected")
except OSError as e:
    print(e.strerror)
EOF
chmod 0644 "$FX/connect.py"
chmod 0755 "$FX"
FX_PY=/usr/bin/python3
if [ "$(id -u)" -eq 0 ] && [ -n "$fx_user" ] && [ -x "$FX_PY" ]; then
	if ! id tessera_probe >/dev/null 2>&1; then
		useradd -M -N -s /usr/sbin/nologin tessera_probe 2>/dev/null ||
		    useradd -M -s /usr/sbin/nologin tessera_probe 2>/dev/null
	fi
	fx_as() { su -s /bin/sh "$1" -c "$FX_PY $FX/connect.py $2" 2>&1 | tail -n 1; }
	check "nginx's user ($fx_user) can connect" \
	    [ "$(fx_as "$fx_user" "$FX_CAT")" = connected ]
	if id tessera_probe >/dev/null 2>&1 &&
	    ! id -nG tessera_probe | tr ' ' '\n' | grep -qx "$fx_group"; then
		check "another user cannot connect" \
		    [ "$(fx_as tessera_probe "$FX_CAT")" = "Permission denied" ]
		# The socket's own mode is enough: with the run folder opened
		# to everyone for a moment, still no.
		fx_mode=$(stat -c %a "$TESSERA_VAR/run")
		chmod o+x "$TESSERA_VAR/run"
		for p in catalogue booking checkin admin; do
			check "another user cannot connect to $p (folder open)" \
			    [ "$(fx_as tessera_probe "$TESSERA_VAR/run/$p.sock")" = "Permission denied" ]
		done
		check "root can connect" \
		    [ "$("$FX_PY" "$FX/connect.py" "$FX_CAT")" = connected ]
		chmod "$fx_mode" "$TESSERA_VAR/run"
	else
		bad "another user cannot connect" "could not make a user outside $fx_group"
	fi
else
	echo "  note: not root (or no /usr/bin/python3): connect-as-another-user checks skipped"
fi
expect_status "healthz after the socket checks" 200 "$BASE/healthz"
