#!/bin/sh
# po-check.sh: every marked message is translated in every catalogue.
#
# The messages are extracted afresh from the sources (make po's
# commands, into a scratch directory), so a TMPL_TRANS or _() added
# without running make po fails here too. Then, for each po/LANG.po:
# msgfmt --check --statistics must report every message translated,
# with none fuzzy or untranslated; msgcmp must find each extracted
# msgid in it; and each translation must keep exactly the {names} of
# its English (a lost {n} would print the wrong thing, an invented one
# would show braces).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

make --no-print-directory -s po-extract POT="$TMP/tessera.pot" \
    POTDIR="$TMP" >/dev/null
n=$(grep -c '^msgid ' "$TMP/tessera.pot")
n=$((n - 1))
[ "$n" -gt 0 ] || { echo "po-check: no messages extracted"; exit 1; }
set -- po/*.po
[ -e "$1" ] || { echo "po-check: no catalogues in po/"; exit 1; }

for po in "$@"; do
	lang=$(basename "$po" .po)
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) ||
	    { echo "po-check: $lang: msgfmt --check: $stats"; fail=1; continue; }
	case "$stats" in
	*fuzzy*|*untranslated*)
		echo "po-check: $lang: $stats"; fail=1;;
	esac
	if ! out=$(msgcmp "$po" "$TMP/tessera.pot" 2>&1); then
		echo "po-check: $lang lacks messages:"; echo "$out" | head -20
		fail=1
	fi
	# The {names} of each msgid and msgstr, compared (msgexec runs
	# the command once per message with the msgid in MSGEXEC_MSGID).
	if ! out=$(msgexec -i "$po" sh -c '
	    [ -n "$MSGEXEC_MSGID" ] || exit 0
	    want=$(printf "%s" "$MSGEXEC_MSGID" | grep -o "{[A-Za-z0-9_]*}" | sort -u)
	    got=$(cat | grep -o "{[A-Za-z0-9_]*}" | sort -u)
	    # A plural form may leave out the number ("Dim lleoedd").
	    [ -n "$MSGEXEC_MSGID_PLURAL" ] && [ -z "$got" ] && exit 0
	    [ "$want" = "$got" ] && exit 0
	    echo "  $MSGEXEC_MSGID: has {$got}, wants {$want}" | tr "\n" " "
	    echo; exit 1' 2>&1); then
		echo "po-check: $lang: placeholders differ:"; echo "$out"
		fail=1
	fi
	echo "po-check: $lang: $stats ($n extracted)"
done
exit $fail
