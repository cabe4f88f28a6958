#!/bin/sh
# run.sh SECONDS: build every libFuzzer harness (tests/fuzz/fuzz_*.c) and
# run each for SECONDS on a copy of its seed corpus (tests/fuzz/corpus/NAME),
# so that a run never grows the repository. Prints the executions of each
# harness; a crash, a broken invariant, a leak or a timeout fails the run,
# and the input that did it is kept in build/fuzz/artifacts/. To replay
# one: build/fuzz/fuzz_NAME build/fuzz/artifacts/NAME-crash-...; a fixed
# crash's input belongs in tests/fuzz/corpus/NAME/ as a regression seed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${1:-60}
OUT=build/fuzz
ART=$OUT/artifacts
PASS=0; FAIL=0

case $SECS in
''|*[!0-9]*) echo "usage: $0 SECONDS" >&2; exit 2 ;;
esac
cd "$ROOT" || exit 1

# clang and its libFuzzer runtime are needed only here.
if ! TESSERA_DEPS_EXTRA="clang libclang-rt-14-dev" sh tools/deps.sh; then
	echo "fuzz: could not install clang"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
mkdir -p "$ART"
if ! make --no-print-directory fuzz-build >"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log"
	echo "fuzz: the harnesses did not build"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
WORK=$(mktemp -d /tmp/tessera-fuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM

# Leaks count as failures; UBSan stops at the first report (the kit is
# built with -fno-sanitize-recover=all) so libFuzzer keeps the input.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export ASAN_OPTIONS

printf '%-12s %12s %8s %6s  %s\n' harness executions exec/s corpus result
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	short=${name#fuzz_}
	bin=$OUT/$name
	corpus=$WORK/$short
	log=$WORK/$short.log
	mkdir -p "$corpus"
	if [ -d "tests/fuzz/corpus/$short" ]; then
		cp tests/fuzz/corpus/"$short"/* "$corpus"/ 2>/dev/null
	fi
	dict=""
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	# -timeout: one input taking over 10 s is a hang;
	# -rss_limit_mb: the kit's arena cap is 64 MB, so 1 GB means a leak.
	"$bin" -max_total_time="$SECS" -print_final_stats=1 -timeout=10 \
	    -rss_limit_mb=1024 -artifact_prefix="$ART/$short-" $dict \
	    "$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	units=$(ls "$corpus" | wc -l)
	if [ "$rc" -eq 0 ] && [ -n "$execs" ]; then
		result=ok
		PASS=$((PASS + 1))
	else
		result="FAILED (exit $rc)"
		FAIL=$((FAIL + 1))
	fi
	printf '%-12s %12s %8s %6s  %s\n' "$short" "${execs:-?}" "${rate:-?}" \
	    "$units" "$result"
	if [ "$result" != ok ]; then
		grep -E -A30 'ERROR:|invariant failed|runtime error|SUMMARY|Test unit written' \
		    "$log" | head -n 60 | sed 's/^/    /'
	fi
done
echo "fuzz: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
