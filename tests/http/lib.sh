# lib.sh: helpers for the end-to-end tests through nginx. Sourced by
# run.sh; each test_*.sh uses $BASE and these functions.

# ok NAME: record a pass.  bad NAME WHY: record a failure.
ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "  FAIL: $1: $2"; }

# check NAME COMMAND...: passes when COMMAND succeeds.
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else bad "$name" "$*"; fi
}

# fetch [curl args] URL: sets STATUS, BODY (file), HDRS (file).
fetch() {
	HDRS=$TMP/hdrs; BODY=$TMP/body
	STATUS=$(curl -s -o "$BODY" -D "$HDRS" -w '%{http_code}' \
	    --max-time 20 "$@") || STATUS=000
}

# expect_status NAME WANT [curl args] URL
expect_status() {
	name=$1; want=$2; shift 2
	fetch "$@"
	if [ "$STATUS" = "$want" ]; then ok "$name"
	else bad "$name" "status $STATUS, wanted $want"; fi
}

# body_has NAME TEXT: the last body contains TEXT (fixed string).
body_has() {
	if grep -qF -- "$2" "$BODY"; then ok "$1"
	else bad "$1" "body lacks '$2'"; fi
}
body_lacks() {
	if grep -qF -- "$2" "$BODY"; then bad "$1" "body has '$2'"
	else ok "$1"; fi
}
# header_has NAME REGEX: a header line of the last response matches.
header_has() {
	if tr -d '\r' < "$HDRS" | grep -qiE -- "$2"; then ok "$1"
	else bad "$1" "no header matching '$2'"; fi
}

# csrf_of FILE: the csrf value in a page's hidden field.
csrf_of() {
	sed -n 's/.*name="csrf" value="\([A-Z2-7]*\)".*/\1/p' "$1" | head -n 1
}
