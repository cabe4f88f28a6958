#!/bin/sh
# layering.sh: keep the house standing (DESIGN.md, "Layout").
# Dependencies point one way, cgi-bin -> college -> kit, so this fails
# when
#   - a file in src/kit/ includes a college header;
#   - a file in src/college/ includes one of the kit's HTTP headers
#     (the request, the loop, routes, cookies, the page cache) or
#     libfcgi: the college knows nothing of HTTP;
#   - a file in src/college/, cgi-bin/ or src/*.c (the tessera tool)
#     includes an engine's header (<sqlite3.h>, <libpq-fe.h>, the kit's
#     db_sqlite.h, db_pg.h or db_driver.h) or calls an engine's C API
#     (sqlite3_*, PQ*): they speak the kit's database interface
#     (kit/db.h) only;
#   - the modules' includes form a cycle. A module is a .c file and its
#     .h (src/kit/http.c and http.h are "kit/http"); an edge is a quoted
#     #include of another module's header.
# Prints each breach with file:line and exits 1; quiet and 0 otherwise.
set -u
cd "$(dirname "$0")/.." || exit 1
HTTP_HEADERS='app|http|route|cookie|cache'
files=$(ls src/kit/*.[ch] src/college/*.[ch] cgi-bin/*.[ch] cgi-bin/*/*.[ch] \
    src/*.c 2>/dev/null)
# shellcheck disable=SC2086
awk -v http="$HTTP_HEADERS" \
    -v engine_scope='^(src/college/|cgi-bin/|src/[^/]*\\.c$)' '
function mod(file,   m) {
	m = file
	sub(/^src\//, "", m)
	sub(/\.[ch]$/, "", m)
	return m
}
# The module a quoted include in file names, or "" for a system header
# or a file outside the tree.
function target(file, inc,   dir, m) {
	dir = mod(file)
	sub(/\/[^\/]*$/, "", dir)
	if (dir == mod(file))
		dir = ""
	m = inc
	sub(/\.h$/, "", m)
	sub(/^\.\.\/\.\.\/cgi-bin\//, "cgi-bin/", m)
	# "../web.h" from cgi-bin/admin/ is cgi-bin/web.
	while (m ~ /^\.\.\// && dir ~ /\//) {
		sub(/^\.\.\//, "", m)
		sub(/\/[^\/]*$/, "", dir)
	}
	if (m !~ /\// || (dir ~ /^cgi-bin/ && m !~ /^(kit|college|cgi-bin)\//))
		m = (dir == "" ? "" : dir "/") m
	return m
}
function visit(n,   i, e) {
	state[n] = 1
	stack[++depth] = n
	for (i = 1; i <= nedge[n]; i++) {
		e = edge[n, i]
		if (state[e] == 1) {
			cyc = ""
			for (j = depth; j >= 1; j--) {
				cyc = stack[j] (cyc == "" ? "" : " -> ") cyc
				if (stack[j] == e)
					break
			}
			printf("layering: include cycle: %s -> %s\n", cyc, e)
			bad = 1
		} else if (state[e] == 0)
			visit(e)
	}
	depth--
	state[n] = 2
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	inc = $0
	sub(/^[^"]*"/, "", inc)
	sub(/".*$/, "", inc)
	file = FILENAME
	if (file ~ /^src\/kit\// && inc ~ /(^|\/)college\//) {
		printf("%s:%d: the kit includes a college header: %s\n",
		    file, FNR, inc)
		bad = 1
	}
	if (file ~ /^src\/college\// &&
	    (inc ~ ("^kit/(" http ")\\.h$") || inc ~ /fcgi/)) {
		printf("%s:%d: the college includes an HTTP header: %s\n",
		    file, FNR, inc)
		bad = 1
	}
	if (file ~ engine_scope && inc ~ /(^|\/)db_(sqlite|pg|driver)\.h$/) {
		printf("%s:%d: an engine header outside the kit: %s\n",
		    file, FNR, inc)
		bad = 1
	}
	from = mod(file)
	to = target(file, inc)
	if (to != "" && to != from && !((from, to) in seen)) {
		seen[from, to] = 1
		edge[from, ++nedge[from]] = to
		nodes[from] = 1
		nodes[to] = 1
	}
}
/^[ \t]*#[ \t]*include[ \t]*</ {
	if (FILENAME ~ /^src\/college\// && $0 ~ /fcgi/) {
		printf("%s:%d: the college includes libfcgi\n", FILENAME, FNR)
		bad = 1
	}
	if (FILENAME ~ engine_scope && $0 ~ /<(sqlite3|libpq-fe)\.h>/) {
		printf("%s:%d: an engine header outside the kit\n",
		    FILENAME, FNR)
		bad = 1
	}
}
FILENAME ~ engine_scope && /(^|[^A-Za-z0-9_])(sqlite3_[A-Za-z0-9_]+|PQ[a-z][A-Za-z0-9_]*)[ \t]*\(/ {
	printf("%s:%d: an engine call outside the kit\n", FILENAME, FNR)
	bad = 1
}
END {
	for (n in nodes)
		state[n] = 0
	for (n in nodes)
		if (state[n] == 0)
			visit(n)
	exit bad ? 1 : 0
}' $files
