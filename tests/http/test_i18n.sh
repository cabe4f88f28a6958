# test_i18n.sh: languages through nginx: each page type in Dutch,
# Spanish and Welsh (Accept-Language), with <html lang>, and no English
# sentence of the catalogue left on it; the chooser and its cookie;
# quality values; languages alternating on the same workers; JSON the
# same in every language. Sourced by run.sh ($BASE, $TMP, $TESSERA_DB,
# lib.sh).

IL=$TMP/i18n
mkdir -p "$IL"
il_sql() { db_sql "$@"; }
il_location() { tr -d '\r' < "$HDRS" | sed -n 's/^[Ll]ocation: //p' | head -n 1; }

# The English sentences: every msgid of po/tessera.pot cut at its
# {names}, each piece of three words or more (shorter ones, "Online",
# may be the same word in another language).
sed -n 's/^msgid "\(.*\)"$/\1/p' "$ROOT/po/tessera.pot" |
    sed 's/\\"/"/g; s/{[A-Za-z0-9_]*}/\n/g' |
    sed 's/^[ ,.:;]*//; s/[ ]*$//' |
    awk 'NF >= 3' | sort -u > "$IL/english"
check "english sentences found" [ "$(wc -l < "$IL/english")" -gt 100 ]

# il_text FILE: the page's words on one line, tags gone, entities read.
il_text() {
	tr '\n' ' ' < "$1" | sed 's/<[^>]*>/ /g; s/&#39;/'"'"'/g; s/&quot;/"/g;
	    s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g; s/  */ /g'
}
# il_page NAME LANG URL [curl args]: the page in LANG has lang="LANG"
# and no English sentence.
il_page() {
	il_n=$1; il_l=$2; il_u=$3; shift 3
	fetch -H "Accept-Language: $il_l" "$@" "$il_u"
	check "$il_n $il_l status" sh -c '[ "$1" -ge 200 ] && [ "$1" -lt 500 ]' _ "$STATUS"
	body_has "$il_n $il_l html lang" "<html lang=\"$il_l\">"
	il_text "$BODY" > "$IL/text"
	if grep -F -o -f "$IL/english" "$IL/text" > "$IL/left"; then
		bad "$il_n $il_l no English" "$(head -3 "$IL/left" | tr '\n' '|')"
	else
		ok "$il_n $il_l no English"
	fi
}

# A booking to show its pages (made in English: the language of the
# pages is the reader's, each time).
RUN=$(il_sql "SELECT r.id FROM run r JOIN course c ON c.id = r.course_id
    WHERE c.slug = 'understanding-anxiety' AND r.status = 'published'
    ORDER BY r.id LIMIT 1")
JAR=$IL/jar
fetch -c "$JAR" "$BASE/book/$RUN"
CS=$(csrf_of "$BODY")
fetch -b "$JAR" --data-urlencode "csrf=$CS" --data-urlencode "name=Iolo Morgan" \
    --data-urlencode "email=iolo@example.org" --data "consent=yes" "$BASE/book/$RUN"
check "i18n booking made" [ "$STATUS" = 303 ]
TOKEN=$(il_location); TOKEN=${TOKEN#/booking/}

# The check-in token of a booking link (as test_booking.sh's bk_ckt):
# what the learner's QR code opens, at /c/.
il_ckt() { printf 'tessera check-in\000%s' "$1" | sha256sum | cut -c1-34 | xxd -r -p | base32 | cut -c1-26; }
CKT=$(il_ckt "$TOKEN")

for lang in nl es cy; do
	il_page "check-in code" $lang "$BASE/c/$CKT"
	il_page "courses" $lang "$BASE/courses"
	il_page "course" $lang "$BASE/courses/understanding-anxiety"
	il_page "book" $lang "$BASE/book/$RUN"
	il_page "booking" $lang "$BASE/booking/$TOKEN"
	il_page "cancel" $lang "$BASE/booking/$TOKEN/cancel"
	il_page "lost" $lang "$BASE/booking/lost"
	il_page "404" $lang "$BASE/courses/no-such-course"
	il_page "search empty" $lang "$BASE/courses?q=zzzznothing"
	il_page "search errors" $lang "$BASE/courses?from=2026-12-31&to=2026-01-01&page=0"
	il_page "book errors" $lang "$BASE/book/$RUN" -b "$JAR" \
	    --data-urlencode "csrf=$CS" --data-urlencode "name=" \
	    --data-urlencode "email=nia@" --data-urlencode "phone=ring me"
	check "book errors $lang 422" [ "$STATUS" = 422 ]
	il_page "lost errors" $lang "$BASE/booking/lost" -b "$JAR" \
	    --data-urlencode "csrf=$CS" --data-urlencode "email=x"
done
fetch -H "Accept-Language: nl" -b "$JAR" --data-urlencode "csrf=$CS" \
    --data-urlencode "name=" --data-urlencode "email=ada@example.org" "$BASE/book/$RUN"
body_has "nl field message" "Vul je naam in"
body_has "nl consent message" "Vink het vakje aan"
fetch -H "Accept-Language: cy" -b "$JAR" --data-urlencode "csrf=$CS" \
    --data-urlencode "name=$(printf 'Ada \342\200\256ecalevoL')" --data-urlencode "email=ada@example.org" \
    --data "consent=yes" "$BASE/book/$RUN"
body_has "cy hidden characters message" "Tynnwch y nodau fformatio cudd o eich enw"
fetch -H "Accept-Language: es" "$BASE/courses?from=2026-12-31&to=2026-01-01"
body_has "es dates message" "Las fechas están al revés"

# The kit's own error pages (an unknown address, a form that expired).
fetch -H "Accept-Language: es" "$BASE/no-such-page"
body_has "es 404 page" "No hemos encontrado esa página"
body_has "es 404 title" "<title>Página no encontrada"
fetch -H "Accept-Language: cy" --data "x=1" "$BASE/booking/lost"
check "cy expired form 403" [ "$STATUS" = 403 ]
body_has "cy expired form words" "ffurflen hon wedi dod i ben"
il_page "expired" cy "$BASE/booking/lost" --data "x=1"
il_page "405" nl "$BASE/courses" -X DELETE

# What each language says, in its own words and dates.
fetch -H "Accept-Language: nl" "$BASE/courses/understanding-anxiety"
body_has "nl words" "Een plek boeken"
check "nl month names" grep -Eq "(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) [0-9]+ (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) 20" "$BODY"
check "nl times" grep -Eq "[0-9]{2}:[0-9]{2} tot [0-9]{2}:[0-9]{2}" "$BODY"
fetch -H "Accept-Language: es" "$BASE/courses/understanding-anxiety"
check "es date order" grep -Eq "(lunes|martes|miércoles|jueves|viernes|sábado|domingo), [0-9]+ de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de 20" "$BODY"
fetch -H "Accept-Language: cy" "$BASE/courses"
body_has "cy words" "Archebu lle"
check "cy day names" grep -Eq "Dydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul) [0-9]+ (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) 20" "$BODY"
check "cy plural count" grep -Eq "[0-9]+ d?dyddiad cwrs wedi" "$BODY"
fetch "$BASE/courses"
body_has "no header: English" '<html lang="en">'
header_has "vary on language" "^Vary: Accept-Language, Cookie"
fetch "$BASE/courses"
header_has "vary on language, cached" "^Vary: Accept-Language, Cookie"
body_has "english words" "Book a place"

# Course texts: one in Dutch; the others fall back to the default
# language's, saying so, with lang on that text.
il_sql "INSERT INTO course_text(course_id, lang, title, summary, description)
    SELECT id, 'nl', 'Angst begrijpen', 'Wat angst is en wat helpt.',
    'Een cursus over angst, in het Nederlands.' FROM course
    WHERE slug = 'understanding-anxiety'"
fetch -H "Accept-Language: nl" "$BASE/courses/understanding-anxiety"
body_has "nl course title" "Angst begrijpen</h1>"
body_has "nl course description" "Een cursus over angst, in het Nederlands."
body_has "nl page title" "<title>Angst begrijpen"
body_lacks "nl no fallback note" "beschreven in het"
body_lacks "nl no English lang" '<h1 lang='
fetch -H "Accept-Language: nl" "$BASE/courses?q=anxiety"
body_has "nl list title" '>Angst begrijpen</a>'
fetch -H "Accept-Language: es" "$BASE/courses/understanding-anxiety"
body_has "es fallback note" "La descripción de este curso está en inglés."
body_has "es fallback lang" '<h1 lang="en">Understanding anxiety</h1>'
fetch -H "Accept-Language: cy" "$BASE/courses"
body_has "cy list fallback" "Wedi’i ddisgrifio yn Saesneg."
fetch "$BASE/courses/understanding-anxiety"
body_has "en own text" "<h1>Understanding anxiety</h1>"
body_lacks "en no note" "This course is described in"

# The language a booking is made in is kept, and its mail is queued in
# it.
fetch -H "Accept-Language: cy" -c "$IL/cyjar" "$BASE/book/$RUN"
CS=$(csrf_of "$BODY")
fetch -H "Accept-Language: cy" -b "$IL/cyjar" --data-urlencode "csrf=$CS" \
    --data-urlencode "name=Nia Jones" --data-urlencode "email=nia@example.org" \
    --data "consent=yes" "$BASE/book/$RUN"
check "cy booking made" [ "$STATUS" = 303 ]
check "cy booking lang" [ "$(il_sql "SELECT b.lang FROM booking AS b JOIN learner AS l
    ON l.id = b.learner_id WHERE l.email = 'nia@example.org'")" = cy ]
check "cy booking mail lang" [ "$(il_sql "SELECT DISTINCT o.lang FROM outbox AS o
    JOIN booking AS b ON b.id = o.booking_id JOIN learner AS l ON l.id = b.learner_id
    WHERE l.email = 'nia@example.org'" | paste -sd,)" = cy ]
check "en booking lang" [ "$(il_sql "SELECT coalesce(b.lang, 'none') FROM booking AS b
    JOIN learner AS l ON l.id = b.learner_id WHERE l.email = 'iolo@example.org'")" = en ]

# The mailer (the stack's, into its Maildir) writes each in its
# booking's language: Nia's confirmation in Welsh, Iolo's in English.
IL_MAILDIR=${TESSERA_MAILDIR:-$(dirname "$TESSERA_DB")/mail}
il_mail_of() {
	i=0
	while [ $i -lt 40 ]; do
		f=$(grep -l "^To:.*$1" "$IL_MAILDIR"/new/* 2>/dev/null | head -n 1)
		[ -n "$f" ] && { echo "$f"; return 0; }
		sleep 0.25; i=$((i + 1))
	done
	return 1
}
if NIA_MAIL=$(il_mail_of nia@example.org); then
	ok "cy mail sent"
	check "cy mail words" grep -q "Diolch am archebu" "$NIA_MAIL"
	check "cy mail html lang" grep -Eq '<html lang=(3D)?"cy">' "$NIA_MAIL"
	check "cy mail date" grep -Eq "Dydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul)" "$NIA_MAIL"
	check "cy mail not English" sh -c '! grep -q "Thank you for booking" "$1"' _ "$NIA_MAIL"
else
	bad "cy mail sent" "no message to nia@example.org in $IL_MAILDIR/new"
fi
if IOLO_MAIL=$(il_mail_of iolo@example.org); then
	check "en mail words" grep -q "Thank you for booking" "$IOLO_MAIL"
	check "en mail html lang" grep -Eq '<html lang=(3D)?"en">' "$IOLO_MAIL"
else
	bad "en mail sent" "no message to iolo@example.org in $IL_MAILDIR/new"
fi

# Quality values and regional tags.
fetch -H "Accept-Language: nl;q=0.2, es;q=0.9" "$BASE/courses"
body_has "q-values choose es" '<html lang="es">'
fetch -H "Accept-Language: nl-BE" "$BASE/courses"
body_has "nl-BE is nl" '<html lang="nl">'
fetch -H "Accept-Language: fr, de;q=0.8" "$BASE/courses"
body_has "unoffered: default" '<html lang="en">'
fetch -H "Accept-Language: cy;q=0, es;q=0.1" "$BASE/courses"
body_has "q=0 refuses" '<html lang="es">'

# The chooser: a link per language, in its own words, with lang and
# hreflang, on every page; /lang/LANG remembers it in a cookie.
fetch -H "Accept-Language: nl" "$BASE/booking/lost"
body_has "chooser cy link" 'href="/lang/cy?next=%2Fbooking%2Flost" lang="cy" hreflang="cy">Cymraeg</a>'
body_has "chooser es link" 'lang="es" hreflang="es">Español</a>'
body_has "chooser current" '<span lang="nl" aria-current="true">Nederlands</span>'
expect_status "chooser 303" 303 -c "$IL/c" "$BASE/lang/cy?next=/courses%3Fq%3Danxiety"
check "chooser back" [ "$(il_location)" = "/courses?q=anxiety" ]
header_has "chooser cookie" "^Set-Cookie: lang=cy;.*Max-Age=31536000"
fetch -b "$IL/c" -H "Accept-Language: nl" "$BASE/courses"
body_has "cookie beats header" '<html lang="cy">'
fetch -b "$IL/c" "$BASE/booking/$TOKEN"
body_has "cookie on booking pages" '<html lang="cy">'
expect_status "chooser bad next" 303 "$BASE/lang/es?next=//evil.example/"
check "chooser bad next home" [ "$(il_location)" = "/courses" ]
expect_status "chooser unoffered" 404 "$BASE/lang/fr?next=/courses"
expect_status "chooser not a tag" 404 "$BASE/lang/..%2Fx"
fetch -b "lang=fr" -H "Accept-Language: es" "$BASE/courses"
body_has "unoffered cookie ignored" '<html lang="es">'

# The college chooses what it offers and its default.
check "tessera set languages" "$TESSERA_TOOL" set languages "EN, cy"
check "tessera set default_language" "$TESSERA_TOOL" set default_language cy
check "languages stored" [ "$(il_sql "SELECT value FROM setting WHERE key = 'languages'")" = "en,cy" ]
check "tessera set bad languages" sh -c '! "$1" set languages "en,english" 2>/dev/null' _ "$TESSERA_TOOL"
# Each process reads the language settings at most once a second.
sleep 1.2
fetch -H "Accept-Language: nl" "$BASE/courses"
body_has "not offered: college default" '<html lang="cy">'
body_lacks "chooser only offered" 'hreflang="nl"'
expect_status "chooser nl not offered" 404 "$BASE/lang/nl"
il_sql "DELETE FROM setting WHERE key IN ('languages', 'default_language')"
sleep 1.2

# Languages alternating on the same few workers: every answer in the
# language asked for, none cached from the one before.
i=0; wrong=0
while [ $i -lt 24 ]; do
	for lang in nl es cy en; do
		curl -s --max-time 20 -H "Accept-Language: $lang" \
		    "$BASE/courses/understanding-anxiety" > "$IL/alt"
		grep -q "<html lang=\"$lang\">" "$IL/alt" || wrong=$((wrong + 1))
		case $lang in
		nl) grep -q "Een plek boeken" "$IL/alt" || wrong=$((wrong + 1));;
		es) grep -q "Reservar una plaza" "$IL/alt" || wrong=$((wrong + 1));;
		cy) grep -q "Archebu lle" "$IL/alt" || wrong=$((wrong + 1));;
		en) grep -q "Book a place" "$IL/alt" || wrong=$((wrong + 1));;
		esac
	done
	i=$((i + 4))
done
check "alternating languages" [ "$wrong" = 0 ]

# JSON is for programs: the same bytes whatever the language.
for url in /courses /courses/understanding-anxiety "/booking/$TOKEN"; do
	curl -s --max-time 20 -H 'Accept: application/json' "$BASE$url" > "$IL/en.json"
	for lang in nl es cy; do
		curl -s --max-time 20 -H 'Accept: application/json' \
		    -H "Accept-Language: $lang" -b "lang=$lang" "$BASE$url" > "$IL/$lang.json"
		check "json $url $lang same" cmp -s "$IL/en.json" "$IL/$lang.json"
	done
done
check "json not empty" [ -s "$IL/en.json" ]

# The office writes a course in the other languages: a section per
# offered language but the college's own, saved all at once; a summary
# without its title is refused (422, kept as typed).
AJ=$IL/admin.jar
fetch -c "$AJ" -b "$AJ" "$BASE/login"
fetch -c "$AJ" -b "$AJ" --data-urlencode "email=jo@demo.tessera.invalid" \
    --data-urlencode "password=admin-demo-2026" --data-urlencode "csrf=$(csrf_of "$BODY")" \
    --data-urlencode "next=/admin" "$BASE/login"
check "i18n admin login" [ "$STATUS" = 303 ]
CID=$(il_sql "SELECT id FROM course WHERE slug = 'understanding-anxiety'")
fetch -b "$AJ" -c "$AJ" "$BASE/admin/courses/$CID"
ACS=$(csrf_of "$BODY")
body_has "admin nl section" 'id="title_nl" name="title_nl" lang="nl" value="Angst begrijpen"'
body_has "admin cy section" 'id="title_cy" name="title_cy" lang="cy" value=""'
body_has "admin es section" '<legend><span lang="es">Español</span> (es)</legend>'
body_lacks "admin no en section" 'name="title_en"'
expect_status "admin texts refused" 422 -b "$AJ" --data-urlencode "csrf=$ACS" \
    --data-urlencode "title_cy=" --data-urlencode "summary_cy=Cwrs am bryder." \
    --data-urlencode "title_nl=Angst begrijpen" --data-urlencode "title_es=" "$BASE/admin/courses/$CID/texts"
body_has "admin texts error linked" 'href="#title_cy"'
body_has "admin texts kept" 'Cwrs am bryder.</textarea>'
check "admin texts refused stored nothing" [ "$(il_sql "SELECT count(*) FROM course_text WHERE lang = 'cy'")" = 0 ]
expect_status "admin texts saved" 303 -b "$AJ" --data-urlencode "csrf=$ACS" \
    --data-urlencode "title_cy=Deall gorbryder" --data-urlencode "summary_cy=Cwrs am bryder." \
    --data-urlencode "title_nl=" --data-urlencode "title_es=Entender la ansiedad" "$BASE/admin/courses/$CID/texts"
check "admin texts stored" [ "$(il_sql "SELECT lang || ':' || title FROM course_text WHERE course_id = $CID ORDER BY lang" | paste -sd'|')" = "cy:Deall gorbryder|es:Entender la ansiedad" ]
fetch -H "Accept-Language: cy" "$BASE/courses/understanding-anxiety"
body_has "cy course text shown" "<h1>Deall gorbryder</h1>"
fetch -H "Accept-Language: nl" "$BASE/courses/understanding-anxiety"
body_has "nl text removed: fallback" '<h1 lang="en">Understanding anxiety</h1>'
fetch -b "$AJ" -H "Accept-Language: cy" "$BASE/admin/courses/$CID"
body_has "admin page stays English" '<html lang="en">'
body_lacks "admin page no chooser" 'hreflang="cy"'
expect_status "admin texts without session or csrf" 403 --data "title_cy=x" "$BASE/admin/courses/$CID/texts"
