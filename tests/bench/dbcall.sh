#!/bin/sh
# dbcall.sh [N] [TREE]: instructions (valgrind --tool=callgrind) for N
# bookings and for N catalogue pages through the college functions
# (tests/bench/dbcall.c), on the release build of TREE (default: this
# tree, built here with make all). Instruction counts are steady where
# wall-clock times on a shared machine are not, so two trees (before
# and after a change) compare fairly. TREE must have been built
# (make all) already when it is not this one.
# Prints: dbcall: <tree> bookings <Ir per booking> catalogue <Ir per page>
set -eu
if ! command -v valgrind >/dev/null 2>&1; then
	echo "dbcall: needs valgrind (apt-get install valgrind)" >&2
	exit 1
fi
here=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-200}
TREE=$(cd "${2:-$here}" && pwd)
if [ "$TREE" = "$here" ]; then
	make -C "$here" --no-print-directory all >/dev/null
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
# shellcheck disable=SC2046
cc -std=c11 -D_GNU_SOURCE -O2 -g -I"$TREE/src" -o "$TMP/dbcall" \
    "$here/tests/bench/dbcall.c" "$TREE/build/release/libcollege.a" \
    "$TREE/build/release/libkit.a" \
    $(pkg-config --libs fcgi sqlite3 libqrencode libsodium zlib xlsxwriter) \
    -lunistring
# ir FUNCTION: the instructions counted inside FUNCTION (and its callees).
ir() {
	rm -f "$TMP"/bench.db* "$TMP/cg.out"
	valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" \
	    --toggle-collect="$1" "$TMP/dbcall" "$N" "$TMP" >/dev/null 2>&1
	sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$TMP/cg.out"
}
b=$(ir bench_bookings)
c=$(ir bench_catalogue)
echo "dbcall: $TREE bookings $((b / N)) catalogue $((c / N)) (Ir each, N=$N)"
