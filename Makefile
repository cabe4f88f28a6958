# tessera: one GNU Makefile.
#
#   make run     install what is missing, build, create the demo college,
#                serve http://127.0.0.1:$(PORT) in the foreground (Ctrl-C stops)
#   make start   the same in the background; make stop ends it
#   make test    -Werror build, AddressSanitizer+UBSan build, every test
#   make bench   benchmarks through nginx (not part of make test)
#   make fuzz    libFuzzer harnesses, FUZZ_SECONDS each
#
# Builds go to build/$(V): V=release (default) or V=asan.

PORT		?= 8080
TESSERA_DB	?= $(CURDIR)/var/tessera.db
WORKERS		?= 4
FUZZ_SECONDS	?= 60
V		?= release
B		 = build/$(V)

# libpq and libxlsxwriter are compiled against but not linked: they are
# loaded when used (src/kit/pq.h, src/college/export.c say why).
LINK_PKGS	 = fcgi sqlite3 libqrencode libsodium zlib libcurl
PKGS		 = $(LINK_PKGS) libpq xlsxwriter
PKG_CFLAGS	:= $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS	:= $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null || echo -lfcgi -lsqlite3 -lqrencode -lsodium -lz -lcurl)
PKG_LIBS	+= -ldl
# libunistring (kit/fold.c) has no pkg-config file in Debian.
PKG_LIBS	+= -lunistring

WARN		 = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wformat=2 \
		   -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wno-unused-parameter
CFLAGS_BASE	 = -std=c11 -D_GNU_SOURCE -DTESSERA_PG $(WARN) -Isrc $(PKG_CFLAGS) \
		   -DTESSERA_TEMPLATES='"$(CURDIR)/templates"' \
		   -DTESSERA_LOCALEDIR='"$(CURDIR)/build/locale"' -MMD -MP
ifeq ($(V),asan)
VFLAGS		 = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=all
VLDFLAGS	 = -fsanitize=address,undefined
else
VFLAGS		 = -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2
VLDFLAGS	 = -Wl,-z,relro,-z,now
endif
ALL_CFLAGS	 = $(CFLAGS_BASE) $(VFLAGS) $(CFLAGS)
# --as-needed: each program records only the libraries it calls (only
# the tool's mailer needs libcurl), so that no FastCGI process maps, and
# runs the constructors of, the rest.
ALL_LDFLAGS	 = $(VLDFLAGS) -Wl,--as-needed $(LDFLAGS)

KIT_SRC		 = $(wildcard src/kit/*.c)
COLLEGE_SRC	 = $(wildcard src/college/*.c)
SQL		 = $(sort $(wildcard sql/*.sql))
PROGS		 = $(filter-out web,$(patsubst cgi-bin/%.c,%,$(wildcard cgi-bin/*.c)))
# A program's handlers by resource, in cgi-bin/PROG/*.c, link into
# PROG.fcgi with its route table, cgi-bin/PROG.c.
prog_obj	 = $(patsubst cgi-bin/%.c,$(B)/cgi-bin/%.o,$(wildcard cgi-bin/$(1)/*.c))
UNIT		 = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

KIT_OBJ		 = $(patsubst src/%.c,$(B)/%.o,$(KIT_SRC))
COLLEGE_OBJ	 = $(patsubst src/%.c,$(B)/%.o,$(COLLEGE_SRC)) $(B)/college/sql_gen.o
LIBKIT		 = $(B)/libkit.a
LIBCOLLEGE	 = $(B)/libcollege.a
BINS		 = $(PROGS:%=$(B)/cgi-bin/%.fcgi) $(B)/bin/tessera
TEST_BINS	 = $(UNIT:%=$(B)/tests/%) $(B)/tests/hello.fcgi
# Translations: po/LANG.po compiled to build/locale/LANG/LC_MESSAGES/
# tessera.mo (one tree for both builds); make po refreshes them.
LANGS		 = $(patsubst po/%.po,%,$(wildcard po/*.po))
MO		 = $(LANGS:%=build/locale/%/LC_MESSAGES/tessera.mo)

.PHONY: po po-extract po-check layering all build tests deps run start stop test unit unit-pg unit-test http http-pg test-cluster bench-pg browser test-start bench fuzz fuzz-build fuzz-brief clean install static-js
.DEFAULT_GOAL := all

all: build static-js
	@mkdir -p bin
	@for p in $(PROGS); do cp -f $(B)/cgi-bin/$$p.fcgi cgi-bin/$$p.fcgi; done
	@cp -f $(B)/bin/tessera bin/tessera

build: $(BINS) $(MO)
tests: $(TEST_BINS)

deps:
	@sh tools/deps.sh

# The scanner's QR decoder for browsers without BarcodeDetector: the npm
# package jsqr, installed once under build/npm and copied beside scan.js
# (git-ignored). Once the file is there nothing is fetched, so builds
# work offline; delete it to fetch it again.
JSQR		 = templates/static/jsqr.js

static-js: $(JSQR)

$(JSQR):
	@mkdir -p build/npm
	npm install --no-save --no-audit --no-fund --no-package-lock \
	    --prefix build/npm jsqr@1
	cp build/npm/node_modules/jsqr/dist/jsQR.js $@.tmp
	mv $@.tmp $@

build/locale/%/LC_MESSAGES/tessera.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

# The messages of the C code (xgettext) and of the templates' TMPL_TRANS
# (tools/tmpl-xgettext.sh) into po/tessera.pot, and each po/LANG.po
# brought in step with it. Not part of the build: run it after changing
# a message, then translate what msgmerge marked.
POT		?= po/tessera.pot
POTDIR		?= build/po

po: po-extract
	for l in $(LANGS); do \
	    msgmerge --quiet --update --backup=none --no-wrap po/$$l.po $(POT); done

# The extraction alone, into $(POT) (tests/po-check.sh extracts afresh).
po-extract:
	@mkdir -p $(POTDIR)
	xgettext --force-po --from-code=UTF-8 --language=C --no-wrap --sort-by-file \
	    --keyword=_ --keyword=N_ --keyword=NC_:1c,2 \
	    --keyword=i18n_text:1c,2 --keyword=ngettext:1,2 \
	    --keyword=i18n_ntext:1c,2,3 --keyword=i18n_ntext:2,3 \
	    --keyword=role_phrase:2,3 --keyword=web_view:2 \
	    --keyword=web_form_view:2 --keyword=admin_view:3 \
	    --add-comments=TRANSLATORS: \
	    --package-name=tessera -o $(POTDIR)/c.pot \
	    src/kit/*.c src/college/*.c cgi-bin/*.c cgi-bin/*/*.c \
	    src/tessera.c
	sh tools/tmpl-xgettext.sh templates/*.html > $(POTDIR)/tmpl-all.pot
	msguniq --no-wrap -o $(POTDIR)/tmpl.pot $(POTDIR)/tmpl-all.pot
	msgcat --no-wrap --use-first -o $(POT) $(POTDIR)/c.pot $(POTDIR)/tmpl.pot

# Every marked message translated in every catalogue: part of make test.
po-check:
	@sh tests/po-check.sh

$(B)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/college/sql_gen.c: $(SQL) $(wildcard sql/pg/*.sql) tools/embed-sql.sh
	@mkdir -p $(@D)
	sh tools/embed-sql.sh $(SQL) > $@.tmp && mv $@.tmp $@

$(B)/college/sql_gen.o: $(B)/college/sql_gen.c
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(LIBKIT): $(KIT_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIBCOLLEGE): $(COLLEGE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# web.o, and the handlers in cgi-bin/PROG/.
$(B)/cgi-bin/%.o: cgi-bin/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Each program also depends on its handlers' objects (none for a program
# in one file); the link takes those of $^ that are in cgi-bin/PROG/.
$(foreach p,$(PROGS),$(eval $(B)/cgi-bin/$(p).fcgi: $(call prog_obj,$(p))))

$(B)/cgi-bin/%.fcgi: cgi-bin/%.c $(B)/cgi-bin/web.o $(LIBCOLLEGE) $(LIBKIT)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(filter $(B)/cgi-bin/$*/%.o,$^) \
	    $(B)/cgi-bin/web.o $(LIBCOLLEGE) $(LIBKIT) $(ALL_LDFLAGS) $(PKG_LIBS)

$(B)/bin/tessera: src/tessera.c $(LIBCOLLEGE) $(LIBKIT)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBCOLLEGE) $(LIBKIT) $(ALL_LDFLAGS) $(PKG_LIBS)

$(B)/tests/hello.fcgi: tests/hello.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(PKG_LIBS)

# The fixtures every unit test may use (tests/unit/fixture.h).
$(B)/tests/fixture.o: tests/unit/fixture.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(B)/tests/test_%: tests/unit/test_%.c $(B)/tests/fixture.o $(LIBCOLLEGE) $(LIBKIT)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< \
	    $(B)/tests/fixture.o $(LIBCOLLEGE) $(LIBKIT) \
	    $(ALL_LDFLAGS) $(PKG_LIBS) -lcmocka

# test_i18n reads the compiled catalogues.
$(B)/tests/test_i18n: $(MO)

# The programs' shared code (cgi-bin/web.c) has its own unit test.
$(B)/tests/test_web: tests/unit/test_web.c $(B)/cgi-bin/web.o $(B)/tests/fixture.o \
    $(LIBCOLLEGE) $(LIBKIT)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(B)/cgi-bin/web.o \
	    $(B)/tests/fixture.o $(LIBCOLLEGE) $(LIBKIT) \
	    $(ALL_LDFLAGS) $(PKG_LIBS) -lcmocka

# One unit test: make unit-test T=form (builds and runs test_form under ASan).
unit-test:
	@$(MAKE) --no-print-directory V=asan build/asan/tests/test_$(T)
	cd tests/unit && ../../build/asan/tests/test_$(T)

test: deps
	@$(MAKE) --no-print-directory V=release all
	@$(MAKE) --no-print-directory V=asan build tests
	@$(MAKE) --no-print-directory layering po-check unit unit-pg http http-pg test-cluster fuzz-brief test-start browser

# cgi-bin -> college -> kit, and no include cycle (tests/layering.sh).
layering:
	@sh tests/layering.sh && echo "layering: ok"

# What the README promises, end to end: make start, /healthz, make stop.
test-start: all
	@sh tests/http/make-start.sh

unit:
	@sh tests/run-unit.sh build/asan/tests $(UNIT)

# The same unit binaries on a throwaway PostgreSQL cluster
# (tests/pg/unit.sh): TESSERA_TEST_DB points the fixture at it.
unit-pg:
	@sh tests/pg/unit.sh build/asan/tests $(UNIT)

http:
	@sh tests/http/run.sh build/asan

# The same stack on a throwaway PostgreSQL cluster (tests/pg/run.sh):
# tessera migrate-db, then the booking races through nginx; then the
# whole end-to-end suite (tests/http/test_*.sh) on a cluster of its own.
# HTTP_TESTS picks files here too.
http-pg:
	@sh tests/pg/run.sh build/asan
	@TESSERA_TEST_ENGINE=pg sh tests/http/run.sh build/asan

# Two application hosts in network namespaces behind one nginx, sharing
# one PostgreSQL, racing (tests/pg/hosts.sh); then failover
# (tests/pg/failover.sh): primary and synchronous standby, the primary
# killed mid-stream, the standby promoted; zero lost bookings.
test-cluster:
	@sh tests/pg/hosts.sh build/asan
	@sh tests/pg/failover.sh build/asan

# Every kind of page and the learner's and educator's journeys in
# Debian's chromium (axe-core, keyboard, 320 px, page weight, the
# scanner with a fake camera); screenshots in var/screenshots.
browser: static-js
	@sh tests/browser/run.sh build/asan

run: deps all
	@sh tools/stack.sh run

start: deps all
	@sh tools/stack.sh start

stop:
	@sh tools/stack.sh stop

bench: deps all
	@sh tests/bench/run.sh

# PostgreSQL's figures (tests/pg/bench.sh): bookings/s with a synchronous
# standby, the catalogue ratio. Not part of make test.
bench-pg: deps all
	@sh tests/pg/bench.sh

fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# Every harness for a few seconds: part of make test.
fuzz-brief:
	@sh tests/fuzz/run.sh 5

# The harnesses (tests/fuzz/fuzz_*.c) are built with clang and libFuzzer,
# on the kit compiled for coverage under ASan and UBSan; tests/fuzz/run.sh
# installs clang and builds them with this target.
FUZZ_CC		?= clang
FUZZ_DIR	 = build/fuzz
FUZZ_NAMES	 = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS	 = -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
		   -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -Wall -Wextra -Wno-unused-parameter -Isrc $(PKG_CFLAGS) -MMD -MP
FUZZ_OBJ	 = $(patsubst src/kit/%.c,$(FUZZ_DIR)/kit/%.o,$(KIT_SRC))

fuzz-build: $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)

$(FUZZ_DIR)/kit/%.o: src/kit/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/libkit.a: $(FUZZ_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_DIR)/libkit.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_DIR)/libkit.a $(PKG_LIBS)

clean:
	rm -rf build bin $(PROGS:%=cgi-bin/%.fcgi)

export PORT TESSERA_DB WORKERS

-include $(shell find build -name '*.d' 2>/dev/null)
