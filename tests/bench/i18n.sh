# i18n.sh: the catalogue in another language (issue 17). Sourced by
# run.sh after the English catalogue ($LIST, $C_RPS, $BROWSER, $GZIP):
# the same list asked for in Welsh (its plural forms, its dates, the
# course texts' fallback) must serve within 5 % of English.
echo "bench: catalogue in Welsh" >&2
set -- $(bench "$LIST" -H "$BROWSER" -H "$GZIP" -H "Accept-Language: cy")
L_RPS=$1; L_BAD=$3
L_REL=$(awk -v a="$L_RPS" -v b="$C_RPS" 'BEGIN { printf "%.3f", b ? a / b : 0 }')
row "catalogue list in cy: requests/s" "$L_RPS" "" ""
row "catalogue list in cy: ratio to English" "$L_REL" ">= 0.95" "$(yes ge "$L_REL" 0.95)"
row "catalogue list in cy: non-2xx responses" "$L_BAD" "0" "$(yes [ "$L_BAD" = 0 ])"
