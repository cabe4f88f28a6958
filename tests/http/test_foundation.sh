# test_foundation.sh: the kit through real nginx: health, headers,
# limits, error pages, socket permissions, plain CGI.

# Every program answers /healthz through nginx.
for p in catalogue booking checkin admin; do
	expect_status "healthz $p" 200 "$BASE/healthz/$p"
	body_has "healthz $p body" "ok"
done
expect_status "healthz" 200 "$BASE/healthz"

# Security headers on a page and on an error page drawn by a program.
for url in "$BASE/healthz" "$BASE/no-such-page"; do
	fetch "$url"
	header_has "csp $url" "^Content-Security-Policy: default-src 'none'; script-src 'self';.*frame-ancestors 'none'"
	header_has "nosniff $url" "^X-Content-Type-Options: nosniff"
	header_has "referrer $url" "^Referrer-Policy: same-origin"
	header_has "charset $url" "^Content-Type: [a-z/]+; charset=utf-8"
done
expect_status "404 page" 404 "$BASE/courses/no/such/page"
expect_status "404 unknown prefix" 404 "$BASE/nope"
header_has "404 has csp" "^Content-Security-Policy:"

# 405 with Allow, as a page.
expect_status "405 on POST /healthz" 405 -X POST -d x=1 "$BASE/healthz"
expect_status "405 on DELETE /courses" 405 -X DELETE "$BASE/courses"
header_has "405 Allow" "^Allow: GET, HEAD$"

# Bodies over nginx's limit never reach a program: 413, with headers.
head -c 100000 /dev/zero | tr '\0' 'a' > "$TMP/big"
expect_status "413 oversized body" 413 -X POST --data-binary "@$TMP/big" \
    -H 'Content-Type: application/x-www-form-urlencoded' "$BASE/courses"
header_has "413 has csp" "^Content-Security-Policy:"

# httpoxy: a Proxy header is not passed on as HTTP_PROXY (the page
# still works; the programs never read HTTP_PROXY).
expect_status "Proxy header harmless" 200 -H 'Proxy: http://evil.example:1' "$BASE/healthz"

# Static files: served by nginx with long caching and the same headers.
expect_status "static css" 200 "$BASE/static/style.css"
header_has "static cached" "^Cache-Control: public, max-age=31536000, immutable"
header_has "static nosniff" "^X-Content-Type-Options: nosniff"
expect_status "static traversal" 404 "$BASE/static/../Makefile"
expect_status "static errors hidden" 404 "$BASE/static/errors/502.html"

# Sockets: mode 0660, not reachable by others.
for p in catalogue booking checkin admin; do
	mode=$(stat -c %a "$TESSERA_VAR/run/$p.sock")
	check "socket mode $p" [ "$mode" = 660 ]
done

# Several workers per program.
n=$(pgrep -f "catalogue.fcgi --socket $TESSERA_VAR/run/catalogue.sock" | wc -l)
check "catalogue has workers" [ "$n" -ge 3 ]

# The same binary as plain CGI: one request, from the environment.
out=$(env -i TESSERA_DB="$TESSERA_DB" ${TESSERA_KEY_FILE:+TESSERA_KEY_FILE=$TESSERA_KEY_FILE} REQUEST_METHOD=GET PATH_INFO=/healthz \
    QUERY_STRING= "$TESSERA_BIN/catalogue.fcgi" < /dev/null 2>/dev/null)
check "cgi status" sh -c 'printf "%s" "$1" | head -n 1 | grep -q "^Status: 200 OK"' _ "$out"
check "cgi body" sh -c 'printf "%s" "$1" | tail -n 1 | grep -qx ok' _ "$out"
out=$(env -i TESSERA_DB="$TESSERA_DB" ${TESSERA_KEY_FILE:+TESSERA_KEY_FILE=$TESSERA_KEY_FILE} REQUEST_METHOD=POST PATH_INFO=/healthz \
    CONTENT_LENGTH=-5 "$TESSERA_BIN/booking.fcgi" < /dev/null 2>/dev/null)
check "cgi 405 before body" sh -c 'printf "%s" "$1" | head -n 1 | grep -q "^Status: 405"' _ "$out"

# Least privilege (issue 14): started as root, each worker serves as an
# unprivileged user (--user, default nobody); only the master, which
# binds and respawns, keeps root. A --user that is root is refused.
if [ "$(id -u)" -eq 0 ]; then
	for p in catalogue booking checkin admin; do
		pids=$(pgrep -f "$p.fcgi --socket $TESSERA_VAR/run/$p.sock")
		root=0; other=0
		for pid in $pids; do
			u=$(ps -o user= -p "$pid" | tr -d ' ')
			if [ "$u" = root ]; then root=$((root + 1))
			else other=$((other + 1)); fi
		done
		check "$p workers not root" sh -c '[ "$1" -eq 1 ] && [ "$2" -ge 1 ]' \
		    _ "$root" "$other"
	done
	fetch "$BASE/courses"
	check "pages still served after the drop" [ "$STATUS" = 200 ]
	out=$(env -i TESSERA_DB="$TESSERA_DB" ${TESSERA_KEY_FILE:+TESSERA_KEY_FILE=$TESSERA_KEY_FILE} REQUEST_METHOD=GET \
	    PATH_INFO=/healthz "$TESSERA_BIN/catalogue.fcgi" --user root \
	    < /dev/null 2>&1)
	check "refuses to serve as root" sh -c \
	    'printf "%s" "$1" | grep -q "refusing to serve as root"' _ "$out"
fi
