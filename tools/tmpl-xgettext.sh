#!/bin/sh
# tools/tmpl-xgettext.sh: the messages of the templates' <TMPL_TRANS>
# tags as a PO template on standard output, for msgcat to join with
# what xgettext finds in the C sources (make po).
#
#   sh tools/tmpl-xgettext.sh templates/*.html
#
# The msgid is the tag's body with each run of white space made one
# space and trimmed, as src/kit/tmpl.c reads it; plural="..." gives
# msgid_plural and context="..." msgctxt. The kit refuses at load any
# body holding '<' or '&', so the first "</TMPL_TRANS>" ends it.
set -eu
printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
for f in "$@"; do
	awk -v file="$f" '
	function squeeze(s) {
		gsub(/[ \t\r\n]+/, " ", s)
		sub(/^ /, "", s)
		sub(/ $/, "", s)
		return s
	}
	function po(s) {
		gsub(/\\/, "\\\\", s)
		gsub(/"/, "\\\"", s)
		return "\"" s "\""
	}
	function attr(tag, name,    v) {
		if (!match(tag, "[ \t\r\n]" name "[ \t]*=[ \t]*\"[^\"]*\""))
			return ""
		v = substr(tag, RSTART, RLENGTH)
		sub(/^[^"]*"/, "", v)
		sub(/"$/, "", v)
		return v
	}
	{ text = text $0 "\n" }
	END {
		line = 1
		while (match(text, /<TMPL_TRANS[^>]*>/)) {
			pre = substr(text, 1, RSTART - 1)
			tag = substr(text, RSTART, RLENGTH)
			line += gsub(/\n/, "\n", pre)
			text = substr(text, RSTART + RLENGTH)
			if (!match(text, /<\/TMPL_TRANS>/))
				break
			body = substr(text, 1, RSTART - 1)
			text = substr(text, RSTART + RLENGTH)
			printf "#: %s:%d\n", file, line
			line += gsub(/\n/, "\n", tag) + gsub(/\n/, "\n", body)
			ctx = attr(tag, "context")
			plural = attr(tag, "plural")
			if (ctx != "")
				printf "msgctxt %s\n", po(ctx)
			printf "msgid %s\n", po(squeeze(body))
			if (plural != "") {
				printf "msgid_plural %s\n", po(squeeze(plural))
				printf "msgstr[0] \"\"\nmsgstr[1] \"\"\n\n"
			} else
				printf "msgstr \"\"\n\n"
		}
	}' "$f"
done
