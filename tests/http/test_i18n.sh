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
# The college's own language stays among those offered: refused both
# ways, saying what to do, and nothing is changed.
"$TESSERA_TOOL" set default_language nl > "$IL/set.out" 2>&1
check "tessera set unoffered default refused" [ $? -ne 0 ]
check "tessera set unoffered default says why" grep -q "must be one of the languages offered (en,cy)" "$IL/set.out"
"$TESSERA_TOOL" set languages "en, nl" > "$IL/set.out" 2>&1
check "tessera set list without default refused" [ $? -ne 0 ]
check "tessera set list without default says why" grep -q "Keep cy, the college's own language" "$IL/set.out"
check "languages unchanged" [ "$(il_sql "SELECT value FROM setting WHERE key = 'languages'") $(il_sql "SELECT value FROM setting WHERE key = 'default_language'")" = "en,cy cy" ]
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
# The search finds a course by the words of its texts in every
# language, and follows an edit of them: Welsh "gorbryder" finds the
# course; once the Welsh title is changed, the old word finds nothing
# and the new one does.
fetch -H "Accept-Language: cy" "$BASE/courses?q=gorbryder"
body_has "cy search finds the Welsh title" 'href="/courses/understanding-anxiety"'
fetch -H "Accept-Language: es" "$BASE/courses?q=entender+ansiedad"
body_has "es search finds the Spanish title" 'href="/courses/understanding-anxiety"'
fetch "$BASE/courses?q=anxiety"
body_has "en search still finds the college's own title" 'href="/courses/understanding-anxiety"'
fetch -b "$AJ" -c "$AJ" "$BASE/admin/courses/$CID"
ACS=$(csrf_of "$BODY")
expect_status "admin texts edited" 303 -b "$AJ" --data-urlencode "csrf=$ACS" \
    --data-urlencode "title_cy=Deall pryderon" --data-urlencode "summary_cy=Cwrs am bryder." \
    --data-urlencode "title_nl=" --data-urlencode "title_es=Entender la ansiedad" "$BASE/admin/courses/$CID/texts"
fetch -H "Accept-Language: cy" "$BASE/courses?q=gorbryder"
body_lacks "cy search old word gone" 'href="/courses/understanding-anxiety"'
fetch -H "Accept-Language: cy" "$BASE/courses?q=pryderon"
body_has "cy search new word found" 'href="/courses/understanding-anxiety"'
fetch -b "$AJ" -H "Accept-Language: cy" "$BASE/admin/courses/$CID"
body_has "admin page follows the reader" '<html lang="cy">'
body_has "admin page has the chooser" 'hreflang="nl"'
# The door's pages (the check-in list, scanner, paper and printed
# sheets, what a QR code opens for staff) and the log-in page, with its
# 422, in each language; their JSON stays English.
DSID=$(il_sql "SELECT s.id FROM session AS s WHERE s.run_id = $RUN
    AND s.status = 'scheduled' ORDER BY s.starts_at LIMIT 1")
LJ=$IL/login.jar
for lang in nl es cy; do
	il_page "sessions" $lang "$BASE/checkin" -b "$AJ"
	il_page "roster" $lang "$BASE/checkin/session/$DSID" -b "$AJ"
	il_page "scan" $lang "$BASE/checkin/session/$DSID/scan" -b "$AJ"
	il_page "paper" $lang "$BASE/checkin/session/$DSID/paper" -b "$AJ"
	il_page "sheet" $lang "$BASE/checkin/session/$DSID/sheet" -b "$AJ"
	il_page "staff check-in code" $lang "$BASE/c/$CKT" -b "$AJ"
	il_page "login" $lang "$BASE/login"
	fetch -c "$LJ" -b "$LJ" -H "Accept-Language: $lang" "$BASE/login"
	LCS=$(csrf_of "$BODY")
	il_page "login errors" $lang "$BASE/login" -b "$LJ" \
	    --data-urlencode "csrf=$LCS" --data-urlencode "email=" --data-urlencode "password="
	check "login errors $lang 422" [ "$STATUS" = 422 ]
done
fetch -H "Accept-Language: cy" -b "$AJ" "$BASE/checkin/session/$DSID/sheet"
body_has "cy sheet heading" "<h1>Taflen gofrestru: "
body_has "cy sheet columns" '<th scope="col">Enw</th><th scope="col">Cod</th>'
body_has "cy sheet signature" "Llofnod:"
fetch -H "Accept-Language: nl" -b "$AJ" "$BASE/checkin/session/$DSID"
body_has "nl roster status" ">Niet aangemeld</span>"
body_has "nl roster door words" '<li data-w="offline">Offline: aanmeldingen worden op deze telefoon bewaard</li>'
fetch -H "Accept-Language: es" -b "$LJ" --data-urlencode "csrf=$LCS" \
    --data-urlencode "email=nadie@example.org" --data-urlencode "password=" "$BASE/login"
body_has "es login password message" "Escribe tu contraseña"
fetch -H "Accept-Language: cy" -b "$AJ" "$BASE/c/$CKT"
check "cy staff c page" grep -Eq "<h1>(Cofrestru Iolo|Methu cofrestru|Wedi cofrestru)" "$BODY"
curl -s --max-time 20 -b "$AJ" "$BASE/checkin/today.json" > "$IL/today-en.json"
curl -s --max-time 20 -b "$AJ" -H "Accept-Language: cy" "$BASE/checkin/today.json" > "$IL/today-cy.json"
check "door json same in cy" cmp -s "$IL/today-en.json" "$IL/today-cy.json"
# A scan and a sync answer the same JSON in every language (the page's
# script says them in its words): a code of a session not today (its
# dates as machine times for the script), a code no one has, a line
# that cannot be read.
fetch -b "$AJ" "$BASE/checkin/session/$DSID"
DCS=$(csrf_of "$BODY")
for lang in en cy; do
	curl -s --max-time 20 -b "$AJ" -H 'Accept: application/json' -H "Accept-Language: $lang" \
	    --data-urlencode "csrf=$DCS" --data "session=$DSID" --data-urlencode "text=$BASE/c/$CKT" \
	    --data "nonce=il-scan-a-$lang-aaaaaaaaaa" "$BASE/checkin/scan" > "$IL/scan-$lang.json"
	curl -s --max-time 20 -b "$AJ" -H 'Accept: application/json' -H "Accept-Language: $lang" \
	    --data-urlencode "csrf=$DCS" --data "session=$DSID" --data "text=ZZZZZZZZ" \
	    --data "nonce=il-scan-b-$lang-aaaaaaaaaa" "$BASE/checkin/scan" >> "$IL/scan-$lang.json"
	curl -s --max-time 20 -b "$AJ" -H 'Accept: application/json' -H "Accept-Language: $lang" \
	    --data-urlencode "csrf=$DCS" --data-urlencode "items=not a check-in" \
	    "$BASE/checkin/sync" | sed 's/"server_time":[0-9]*//' > "$IL/sync-$lang.json"
done
check "door scan json not today" grep -q '"result":"not_today"' "$IL/scan-en.json"
check "door scan json dates for the script" grep -Eq '"starts_iso":"20[0-9-]{8}T[0-9:]{8}[-+][0-9:]{5}"' "$IL/scan-en.json"
check "door scan json unknown" grep -q '"result":"unknown"' "$IL/scan-en.json"
check "door scan json says when the recorder has no name" grep -q '"by_unnamed":false' "$IL/scan-en.json"
check "door scan json same in cy" cmp -s "$IL/scan-en.json" "$IL/scan-cy.json"
check "door sync json invalid" grep -q '"result":"invalid"' "$IL/sync-en.json"
check "door sync json same in cy" cmp -s "$IL/sync-en.json" "$IL/sync-cy.json"
# The page has its own words for every answer the scripts may meet.
fetch -H "Accept-Language: cy" -b "$AJ" "$BASE/checkin/session/$DSID/scan"
for w in r_not_today r_not_today_dates r_forbidden r_forbidden_session r_unknown \
    s_already s_marked s_saved s_changed s_changed_again s_invalid s_sent by_unnamed; do
	check "cy door word $w" grep -q "data-w=\"$w\">[^<]" "$BODY"
done
body_has "cy door word not today" "Does dim sesiwn o&#39;r cwrs hwn heddiw. Ei sesiynau: {sessionlist}."
body_has "cy door word forbidden session" 'data-w="r_forbidden_session">Nid yw&#39;r sesiwn hon yn un o&#39;ch rhai chi.<'
body_has "cy door word marked" 'data-w="s_marked">{who}: wedi&#39;i farcio fel {mark}.<'
body_has "cy door word staff" 'data-w="by_unnamed">aelod o staff<'

# The settings page refuses a default that is not offered (422, the
# message by the field, nothing stored).
fetch -b "$AJ" -c "$AJ" "$BASE/admin/settings"
SCS=$(csrf_of "$BODY")
expect_status "admin settings unoffered default 422" 422 -b "$AJ" \
    --data-urlencode "csrf=$SCS" --data-urlencode "college_name=Demo College" \
    --data-urlencode "privacy_notice=We keep only what we need." \
    --data-urlencode "timezone=Europe/London" --data-urlencode "reminder_hours=24" \
    --data-urlencode "languages=en,nl" --data-urlencode "default_language=cy" \
    "$BASE/admin/settings/college"
body_has "admin settings unoffered default message" "must be one of the languages offered (en,nl)"
check "admin settings unoffered default stored nothing" [ "$(il_sql "SELECT count(*) FROM setting WHERE key IN ('languages', 'default_language')")" = 0 ]
expect_status "admin texts without session or csrf" 403 --data "title_cy=x" "$BASE/admin/courses/$CID/texts"

# The office's pages are in the reader's language too: each page type,
# logged in, in Dutch, Spanish and Welsh, with no English sentence of
# the catalogue left on it; a refused form (422) with its messages.
SID=$(il_sql "SELECT id FROM session WHERE run_id = $RUN ORDER BY id LIMIT 1")
VID=$(il_sql "SELECT id FROM venue ORDER BY id LIMIT 1")
LID=$(il_sql "SELECT id FROM learner WHERE email = 'iolo@example.org'")
STAFF=$(il_sql "SELECT id FROM user WHERE email = 'jo@demo.tessera.invalid'")
fetch -b "$AJ" -c "$AJ" "$BASE/admin/courses"
ACS=$(csrf_of "$BODY")
for lang in nl es cy; do
	il_page "admin dashboard" $lang "$BASE/admin" -b "$AJ"
	il_page "admin courses" $lang "$BASE/admin/courses" -b "$AJ"
	il_page "admin course" $lang "$BASE/admin/courses/$CID" -b "$AJ"
	il_page "admin runs" $lang "$BASE/admin/runs?past=1" -b "$AJ"
	il_page "admin run" $lang "$BASE/admin/runs/$RUN" -b "$AJ"
	il_page "admin session" $lang "$BASE/admin/sessions/$SID" -b "$AJ"
	il_page "admin venues" $lang "$BASE/admin/venues" -b "$AJ"
	il_page "admin venue" $lang "$BASE/admin/venues/$VID" -b "$AJ"
	il_page "admin learners" $lang "$BASE/admin/learners?q=iolo" -b "$AJ"
	il_page "admin learner" $lang "$BASE/admin/learners/$LID" -b "$AJ"
	il_page "admin learner asks first" $lang "$BASE/admin/learners/$LID?show=needs" -b "$AJ" \
	    -H "Sec-Fetch-Site: cross-site"
	il_page "admin settings" $lang "$BASE/admin/settings" -b "$AJ"
	il_page "admin staff" $lang "$BASE/admin/staff" -b "$AJ"
	il_page "admin password" $lang "$BASE/admin/staff/$STAFF/password" -b "$AJ"
	il_page "admin reports" $lang "$BASE/admin/reports" -b "$AJ"
	il_page "admin audit" $lang "$BASE/admin/audit" -b "$AJ"
	il_page "admin export" $lang "$BASE/admin/export" -b "$AJ"
	il_page "admin export errors" $lang "$BASE/admin/export?from=2026-12-31&to=2026-01-01&run=x" -b "$AJ"
	il_page "admin course errors" $lang "$BASE/admin/courses" -b "$AJ" \
	    --data-urlencode "csrf=$ACS" --data-urlencode "title=" \
	    --data-urlencode "slug=Not A Slug" --data "status=published"
	check "admin course errors $lang 422" [ "$STATUS" = 422 ]
	il_page "admin settings errors" $lang "$BASE/admin/settings/college" -b "$AJ" \
	    --data-urlencode "csrf=$ACS" --data-urlencode "college_name=" \
	    --data-urlencode "timezone=Mars/Olympus" --data-urlencode "languages=en,english"
	check "admin settings errors $lang 422" [ "$STATUS" = 422 ]
done
# Their own words, dates and messages in each language.
fetch -b "$AJ" -H "Accept-Language: nl" "$BASE/admin"
body_has "admin nl words" "De komende twee weken"
fetch -b "$AJ" -H "Accept-Language: cy" "$BASE/admin"
check "admin cy date" grep -Eq "Dydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul) [0-9]+ (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) 20" "$BODY"
fetch -b "$AJ" -H "Accept-Language: es" --data-urlencode "csrf=$ACS" \
    --data-urlencode "timezone=Mars/Olympus" "$BASE/admin/settings/college"
body_has "admin es settings message" "Escribe una zona horaria de la base de datos de zonas"
fetch -b "$AJ" -H "Accept-Language: es" "$BASE/admin/reports?from=2020-01-01&to=2030-12-31"
check "admin es month names" grep -Eq "(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de 20[0-9][0-9]" "$BODY"
fetch -b "$AJ" -H "Accept-Language: nl" "$BASE/admin/learners/$LID"
body_has "admin nl mail kind" "Plek bevestigd"
check "admin nl mail time" grep -Eq "20[0-9][0-9] om [0-9][0-9]:[0-9][0-9]" "$BODY"
body_has "admin nl booking status" ">bevestigd"
fetch -b "$AJ" -H "Accept-Language: es" "$BASE/admin/reports?from=2020-01-01&to=2030-12-31"
check "admin es rate" grep -Eq "[0-9],[0-9] %" "$BODY"
fetch -b "$AJ" -c "$AJ" -H "Accept-Language: cy" "$BASE/admin/courses"
body_has "admin cy nav" ">Cyrsiau</a>"
body_has "admin cy lang" '<html lang="cy">'
# The office's own messages: what a redirect says was done, a field's
# message, the password rule, a run's facilitators.
fetch -b "$AJ" -H "Accept-Language: nl" "$BASE/admin/courses/$CID?done=saved"
body_has "admin nl done text" "Je wijzigingen zijn opgeslagen."
fetch -b "$AJ" -H "Accept-Language: nl" --data-urlencode "csrf=$ACS" \
    --data-urlencode "title=Angst" --data-urlencode "slug=Bad_Slug" \
    --data "status=draft" "$BASE/admin/courses"
check "admin nl course 422" [ "$STATUS" = 422 ]
body_has "admin nl slug message" "De naam in het webadres mag alleen kleine letters"
fetch -b "$AJ" -H "Accept-Language: es" --data-urlencode "csrf=$ACS" \
    --data-urlencode "name=Kim Staff" --data-urlencode "email=kim.i18n@example.org" \
    --data "role=educator" --data-urlencode "password=short" "$BASE/admin/staff"
check "admin es staff 422" [ "$STATUS" = 422 ]
body_has "admin es password rule" "La contraseña debe tener de 10 a 128 caracteres"
fetch -b "$AJ" -H "Accept-Language: cy" "$BASE/admin/runs/$RUN"
body_has "admin cy move options" "Cyfres "
body_has "admin cy facilitator role" "Hyfforddwr"

# The chooser on an office page comes back to it, and its cookie is
# what the office's pages follow (over Accept-Language).
fetch -b "$AJ" -H "Accept-Language: nl" "$BASE/admin/runs"
body_has "admin chooser link" 'href="/lang/cy?next=%2Fadmin%2Fruns" lang="cy" hreflang="cy">Cymraeg</a>'
expect_status "admin chooser 303" 303 -c "$IL/ac" "$BASE/lang/cy?next=/admin/runs"
check "admin chooser back" [ "$(il_location)" = "/admin/runs" ]
fetch -b "$AJ" -b "$IL/ac" -H "Accept-Language: nl" "$BASE/admin/runs"
check "admin with session and lang cookies" [ "$STATUS" = 200 ]
body_has "admin cookie beats header" '<html lang="cy">'
# Files for programs are the same in every language: a learner's
# everything-held JSON and the attendance CSV.
for lang in en nl es cy; do
	curl -s --max-time 20 -b "$AJ" -H "Accept-Language: $lang" --data-urlencode "csrf=$ACS" \
	    "$BASE/admin/learners/$LID/export.json" | sed 's/"exported_at":"[^"]*"//' > "$IL/held-$lang.json"
	curl -s --max-time 20 -b "$AJ" -H "Accept-Language: $lang" \
	    "$BASE/admin/export/attendance.csv?run=$RUN" > "$IL/att-$lang.csv"
done
check "admin held JSON not empty" grep -q '"email":"iolo@example.org"' "$IL/held-en.json"
check "admin attendance CSV has its header" grep -q '^session_date,' "$IL/att-en.csv"
for lang in nl es cy; do
	check "admin held JSON $lang same" cmp -s "$IL/held-en.json" "$IL/held-$lang.json"
	check "admin attendance CSV $lang same" cmp -s "$IL/att-en.csv" "$IL/att-$lang.csv"
done
# English pages are as they were.
fetch -b "$AJ" "$BASE/admin"
body_has "admin en lang" '<html lang="en">'
body_has "admin en words" "The next two weeks"

# The booking page's calendar is in the booking's language, as its
# mailed calendar is, whoever downloads it: a session's access notes
# ("Mynediad: ..." in DESCRIPTION) and an online session's LOCATION
# ("Ar-lein: ..."), parsed strictly (python3-icalendar).
S1=$(il_sql "SELECT id FROM session WHERE run_id = $RUN ORDER BY starts_at, id LIMIT 1")
S2=$(il_sql "SELECT id FROM session WHERE run_id = $RUN ORDER BY starts_at, id LIMIT 1 OFFSET 1")
V1=$(il_sql "SELECT venue_id FROM session WHERE id = $S1")
V2=$(il_sql "SELECT venue_id FROM session WHERE id = $S2")
A1=$(il_sql "SELECT access FROM venue WHERE id = $V1")
il_sql "INSERT INTO venue(name, online) VALUES ('Ystafell Zoom', 1)"
VO=$(il_sql "SELECT max(id) FROM venue WHERE online = 1")
il_sql "UPDATE venue SET access = 'Step-free door' WHERE id = $V1"
il_sql "UPDATE session SET venue_id = $VO WHERE id = $S2"
# Room for one more, so that the booking is confirmed (a waiting place
# has no calendar).
il_sql "UPDATE run SET capacity = capacity + 1 WHERE id = $RUN"
CJ=$IL/cy-jar
fetch -c "$CJ" -b "$CJ" -H "Accept-Language: cy" "$BASE/book/$RUN"
fetch -b "$CJ" -H "Accept-Language: cy" --data-urlencode "csrf=$(csrf_of "$BODY")" \
    --data-urlencode "name=Nia Hughes" --data-urlencode "email=nia.calendar@example.org" \
    --data "consent=yes" "$BASE/book/$RUN"
check "cy calendar booking made" [ "$STATUS" = 303 ]
CT=$(il_location); CT=${CT#/booking/}
check "cy calendar booking's language kept" [ "$(il_sql "SELECT lang FROM booking WHERE id = (SELECT max(id) FROM booking)")" = cy ]
# il_ics FILE: each event's LOCATION and DESCRIPTION, one line each,
# after a strict parse (unfolded, unescaped); fails if it does not parse.
il_ics() {
	/usr/bin/python3 -c '
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
for e in cal.walk("VEVENT"):
    print("LOCATION=%s" % e.get("LOCATION", ""))
    print("DESCRIPTION=%s" % e.get("DESCRIPTION", ""))
    print("SUMMARY=%s" % e.get("SUMMARY", ""))
' "$1"
}
fetch "$BASE/booking/$CT/calendar.ics"
check "cy calendar 200" [ "$STATUS" = 200 ]
check "cy calendar parses" il_ics "$BODY"
il_ics "$BODY" > "$IL/cy.ics.txt"
check "cy calendar access in Welsh" grep -qx "DESCRIPTION=Mynediad: Step-free door" "$IL/cy.ics.txt"
check "cy calendar online place in Welsh" grep -qx "LOCATION=Ar-lein: Ystafell Zoom" "$IL/cy.ics.txt"
check "cy calendar no English" sh -c '! grep -Eq "=(Access|Online)" "$1"' _ "$IL/cy.ics.txt"
# An English booking's calendar stays English for a Welsh reader.
fetch -H "Accept-Language: cy" -b "$IL/ac" "$BASE/booking/$TOKEN/calendar.ics"
check "en calendar 200" [ "$STATUS" = 200 ]
il_ics "$BODY" > "$IL/en.ics.txt"
check "en calendar access in English" grep -qx "DESCRIPTION=Access: Step-free door" "$IL/en.ics.txt"
check "en calendar online place in English" grep -qx "LOCATION=Online: Ystafell Zoom" "$IL/en.ics.txt"
il_sql "UPDATE session SET venue_id = $V2 WHERE id = $S2"
il_sql "UPDATE venue SET access = '$(printf '%s' "$A1" | sed "s/'/''/g")' WHERE id = $V1"

# Why a course cannot be booked is said in the reader's language (these
# sentences were not in the catalogue, so no page check could see them).
il_sql "UPDATE run SET status = 'cancelled' WHERE id = $RUN"
il_page "book cancelled run" cy "$BASE/book/$RUN"
body_has "cy book cancelled words" "Mae&#39;r coleg wedi canslo&#39;r cwrs hwn"
il_page "book cancelled run" nl "$BASE/book/$RUN"
body_has "nl book cancelled words" "Het college heeft deze cursus geannuleerd"
il_sql "UPDATE run SET status = 'published' WHERE id = $RUN"

# A facilitator's role on the booking page (two words: too short for
# the page check's English sentences) is the reader's too.
fetch -H "Accept-Language: cy" "$BASE/booking/$TOKEN"
body_has "cy booking facilitator role" "Hyfforddwr cymheiriaid"
body_lacks "cy booking no English role" "Peer trainer"
