# test_nginx_prod.sh: nginx/production.conf.example, as written, in a
# real nginx in front of the running programs (issue 11, point 9): every
# path, the app's and nginx's own (static files, error pages, the 429
# page, unknown paths, the plain-http redirect), carries the security
# headers, and the file is valid. Its paths are moved to this checkout
# and its ports to free ones; nothing else is changed. Sourced by run.sh
# ($TMP, $ROOT, $TESSERA_VAR, lib.sh).

NP=$TMP/nginx-prod
mkdir -p "$NP/logs" "$NP/tmp"
chmod 0755 "$NP"
np_port() {
	for i in 1 2 3 4 5 6 7 8 9 10; do
		p=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 12000 ))
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" || break
	done
	echo "$p"
}
NP_TLS=$(np_port)
NP_HTTP=$(np_port)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=college.example.org" \
    -keyout "$NP/key.pem" -out "$NP/cert.pem" >/dev/null 2>&1
# The sockets as stack.sh made them (a private checkout's share folder,
# or var/run).
NP_SOCK=$TESSERA_VAR/run
[ -f "$TESSERA_VAR/run/share" ] && NP_SOCK=$(cat "$TESSERA_VAR/run/share")/run
sed -e "s|/usr/local/share/tessera/templates/|$ROOT/templates/|g" \
    -e "s|/usr/local/share/tessera/nginx/|$ROOT/nginx/|g" \
    -e "s|/run/tessera/|$NP_SOCK/|g" \
    -e "s|/var/log/nginx/|$NP/logs/|g" \
    -e "s|/etc/letsencrypt/live/college.example.org/fullchain.pem|$NP/cert.pem|" \
    -e "s|/etc/letsencrypt/live/college.example.org/privkey.pem|$NP/key.pem|" \
    -e "s|listen		443 ssl http2;|listen		127.0.0.1:$NP_TLS ssl http2;|" \
    -e "s|listen		80;|listen		127.0.0.1:$NP_HTTP;|" \
    -e "/listen		\\[::\\]/d" \
    "$ROOT/nginx/production.conf.example" > "$NP/site.conf"
np_user=""
[ "$(id -u)" -eq 0 ] && np_user="user nobody nogroup;"
cat > "$NP/nginx.conf" <<EOF
$np_user
worker_processes 1;
pid $NP/nginx.pid;
error_log $NP/logs/main-error.log warn;
daemon off;
events { worker_connections 256; }
http {
	types { text/html html; text/css css; text/javascript js; }
	default_type application/octet-stream;
	client_body_temp_path $NP/tmp/body;
	fastcgi_temp_path $NP/tmp/fastcgi;
	proxy_temp_path $NP/tmp/proxy;
	uwsgi_temp_path $NP/tmp/uwsgi;
	scgi_temp_path $NP/tmp/scgi;
	include $NP/site.conf;
}
EOF
if nginx -t -p "$NP" -c "$NP/nginx.conf" -e "$NP/logs/main-error.log" >"$NP/t.out" 2>&1; then
	ok "prod: the example is valid nginx"
	nginx -p "$NP" -c "$NP/nginx.conf" -e "$NP/logs/main-error.log" 2>>"$NP/logs/main-error.log" &
	NP_PID=$!
	i=0
	while ! curl -sk -o /dev/null --max-time 1 "https://127.0.0.1:$NP_TLS/healthz" && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	NPB="https://127.0.0.1:$NP_TLS"
	# np_headers NAME WANT [curl args] URL: the status, and the headers
	# every answer must carry.
	np_headers() {
		name=$1; want=$2; shift 2
		fetch -k "$@"
		if [ "$STATUS" = "$want" ]; then ok "prod: $name $want"
		else bad "prod: $name $want" "status $STATUS"; fi
		header_has "prod: $name has CSP" "^Content-Security-Policy: default-src 'none'"
		header_has "prod: $name has nosniff" "^X-Content-Type-Options: nosniff"
		header_has "prod: $name has frame DENY" "^X-Frame-Options: DENY"
		header_has "prod: $name has HSTS" "^Strict-Transport-Security: max-age="
	}
	np_headers "front page" 200 "$NPB/"
	np_headers "courses" 200 "$NPB/courses"
	np_headers "stylesheet" 200 "$NPB/static/style.css"
	np_headers "missing static file" 404 "$NPB/static/none.css"
	np_headers "error pages not served as files" 404 "$NPB/static/errors/502.html"
	np_headers "unknown path" 404 "$NPB/index.html"
	np_headers "unknown path 2" 404 "$NPB/robots.txt"
	np_headers "favicon" 204 "$NPB/favicon.ico"
	head -c 100000 /dev/zero | tr '\0' 'a' > "$NP/big"
	np_headers "too large (nginx's 413 page)" 413 --data-binary @"$NP/big" "$NPB/book/1"
	np_headers "too large over HTTP/1.1" 413 --http1.1 --data-binary @"$NP/big" "$NPB/book/1"
	body_has "prod: the 413 page over HTTP/1.1" "Error 413"
	np_i=0; np_last=0
	while [ $np_i -lt 12 ]; do
		np_i=$((np_i + 1))
		np_last=$(curl -sk -o /dev/null -w '%{http_code}' -X POST --data 'name=x' "$NPB/book/1")
	done
	check "prod: booking POSTs limited" [ "$np_last" = 429 ]
	np_headers "the 429 page" 429 -X POST --data 'name=x' "$NPB/book/1"
	header_has "prod: 429 Retry-After" "^Retry-After: 60"
	fetch "http://127.0.0.1:$NP_HTTP/courses"
	check "prod: plain http redirects" [ "$STATUS" = 301 ]
	header_has "prod: the redirect has CSP" "^Content-Security-Policy: default-src 'none'"
	kill "$NP_PID" 2>/dev/null; wait "$NP_PID" 2>/dev/null
else
	bad "prod: the example is valid nginx" "$(cat "$NP/t.out")"
fi
