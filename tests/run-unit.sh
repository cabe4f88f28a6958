#!/bin/sh
# run-unit.sh DIR TEST...: run each cmocka test binary from tests/unit
# (golden files are found relative to it) and sum up.
set -u
dir=$1; shift
pass=0; fail=0; failed=""
cd "$(dirname "$0")/unit" || exit 1
for t in "$@"; do
	if "../../$dir/$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed="$failed $t"
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "unit: failing:$failed"; exit 1; }
