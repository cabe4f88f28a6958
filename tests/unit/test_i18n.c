/*
 * test_i18n.c: languages (src/kit/i18n.c): Accept-Language, the offered
 * list, {name} patterns, and gettext switched per request with the
 * real catalogues of build/locale (the Makefile builds them first).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "kit/arena.h"
#include "kit/i18n.h"

#ifndef TESSERA_LOCALEDIR
#define TESSERA_LOCALEDIR "../../build/locale"
#endif

static void
test_i18n_negotiate_cases(void **state)
{
	static const struct {
		const char	*accept;
		const char	*want;
	} cases[] = {
		{ NULL, "en" },
		{ "", "en" },
		{ "nl", "nl" },
		{ "NL-be", "nl" },
		{ "cy-GB,cy;q=0.9,en;q=0.8", "cy" },
		{ "fr, de;q=0.9", "en" },		/* none offered: default */
		{ "fr, es;q=0.5", "es" },
		{ "nl;q=0.2, es;q=0.9", "es" },		/* quality, not order */
		{ "nl;q=0.5, es;q=0.5", "nl" },		/* a tie: the first */
		{ "es;q=0, nl;q=0.1", "nl" },		/* q=0 refuses */
		{ "es;q=0", "en" },
		{ "*", "en" },
		{ "fr, *;q=0.5, cy;q=0.4", "en" },	/* "*" is the default */
		{ "english, nlx, n", "en" },		/* no such languages */
		{ "es;q=2", "en" },			/* unreadable quality */
		{ "es;q=0.x5", "en" },
		{ "es;foo=1", "en" },
		{ ",,, ;q=1, es ; q=0.7", "es" },
		{ "es;q=1.000", "es" },
	};
	char	 out[I18N_TAG_MAX + 1];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		i18n_negotiate(cases[i].accept, "en, nl,es ,cy", "en", out,
		    sizeof(out));
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("\"%s\": %s, wanted %s", cases[i].accept ?
			    cases[i].accept : "(none)", out, cases[i].want);
	}
	/* The default is the college's, and a bad one is English. */
	assert_string_equal(i18n_negotiate("fr", "en,nl", "nl", out,
	    sizeof(out)), "nl");
	assert_string_equal(i18n_negotiate("fr", "en,nl", "../x", out,
	    sizeof(out)), "en");
	/* Not offered is not chosen, whatever the header says. */
	assert_string_equal(i18n_negotiate("cy", "en,nl", "en", out,
	    sizeof(out)), "en");
}

static void
test_i18n_offered_and_tags(void **state)
{
	(void)state;
	assert_true(i18n_tag_ok("nl"));
	assert_true(i18n_tag_ok("fil"));
	assert_false(i18n_tag_ok("NL"));
	assert_false(i18n_tag_ok("n"));
	assert_false(i18n_tag_ok("nl-BE"));
	assert_false(i18n_tag_ok("../../x"));
	assert_false(i18n_tag_ok(""));
	assert_false(i18n_tag_ok(NULL));
	assert_true(i18n_offered("en,nl,es,cy", "cy"));
	assert_true(i18n_offered(" en , nl ", "nl"));
	assert_false(i18n_offered("en,nl", "n"));
	assert_false(i18n_offered("en,nlx", "nl"));
	assert_false(i18n_offered("en,nl", "es"));
	assert_false(i18n_offered(NULL, "en"));
	assert_string_equal(i18n_name("cy"), "Cymraeg");
	assert_string_equal(i18n_name("nl"), "Nederlands");
	assert_string_equal(i18n_name("zz"), "zz");
}

static void
test_i18n_fill_cases(void **state)
{
	static const char *const names[2] = { "a", "bb" };
	const char	*values[2] = { "X", "<y>" };
	char		 buf[16];

	(void)state;
	assert_int_equal(i18n_fill(buf, sizeof(buf), "{bb} and {a}", names,
	    values, 2), 9);
	assert_string_equal(buf, "<y> and X");
	/* Unknown names, lone braces and printf's % as they stand. */
	assert_int_equal(i18n_fill(buf, sizeof(buf), "{c}{%s}{", names,
	    values, 2), 8);
	assert_string_equal(buf, "{c}{%s}{");
	/* Too long: cut, terminated, the length wanted returned. */
	assert_int_equal(i18n_fill(buf, 8, "{a}{a}{a}{a}{a}{a}{a}{a}{a}",
	    names, values, 2), 9);
	assert_string_equal(buf, "XXXXXXX");
	assert_int_equal(i18n_fill(buf, sizeof(buf), "{a}", names, values, 0),
	    3);
	assert_string_equal(buf, "{a}");
}

/*
 * i18n_say(): the fill into an arena string that outlives the caller's
 * stack, whatever its length; a result larger than an arena may hold
 * is NULL, not cut, and the arena still serves afterwards.
 */
static void
test_i18n_say_cases(void **state)
{
	static const char *const names[2] = { "first", "second" };
	const char	*values[2] = { "one", "{second} and {" };
	const char	*big[1], *s;
	struct arena	*a;
	char		*huge, pattern[7 * 61 + 1];
	size_t		 i, hlen = ARENA_MAX / 60;

	(void)state;
	assert_non_null(a = arena_new());
	/* A translator's order, not the msgid's. */
	assert_non_null(s = i18n_say(a, "{second}, then {first}", names,
	    values, 2));
	assert_string_equal(s, "{second} and {, then one");
	/* A value with braces in it is not filled again. */
	assert_non_null(s = i18n_say(a, "[{second}]", names, values, 2));
	assert_string_equal(s, "[{second} and {]");
	/* Longer than any stack buffer the callers used to have. */
	assert_non_null(huge = malloc(hlen + 1));
	memset(huge, 'x', hlen);
	huge[hlen] = '\0';
	big[0] = huge;
	assert_non_null(s = i18n_say(a, "<{first}>", names, big, 1));
	assert_int_equal(strlen(s), hlen + 2);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[hlen + 1], '>');
	/* Too long for an arena: ARENA_MAX / 60 sixty-one times over. */
	for (i = 0; i < 61; i++)
		memcpy(pattern + 7 * i, "{first}", 7);
	pattern[7 * 61] = '\0';
	assert_null(i18n_say(a, pattern, names, big, 1));
	/* The arena is not spoilt by the refusal. */
	arena_reset(a);
	assert_non_null(s = i18n_say(a, "{first}", names, values, 2));
	assert_string_equal(s, "one");
	/* One name: a NULL value fills nothing, another name stays. */
	assert_non_null(s = i18n_say1(a, "{x}-{y}", "x", "1"));
	assert_string_equal(s, "1-{y}");
	assert_non_null(s = i18n_say1(a, "[{x}]", "x", NULL));
	assert_string_equal(s, "[]");
	free(huge);
	arena_free(a);
}

/* Before i18n_init() (no catalogues): English only, said so. Runs
 * first (cmocka keeps the order). */
static void
test_i18n_use_before_init(void **state)
{
	(void)state;
	assert_int_equal(i18n_use("nl"), -1);
	assert_string_equal(i18n_current(), "en");
	assert_int_equal(i18n_use("en"), 0);
	assert_string_equal(_("Book a place"), "Book a place");
}

/*
 * The language of one process switched back and forth, as one worker
 * serves requests in turn: each lookup in the language just chosen,
 * never one cached from the request before.
 */
static void
test_i18n_use_switches(void **state)
{
	const char	*dir = getenv("TESSERA_LOCALEDIR");
	int		 round;

	(void)state;
	assert_int_equal(i18n_init(dir != NULL ? dir : TESSERA_LOCALEDIR), 0);
	assert_string_equal(i18n_current(), "en");
	assert_string_equal(_("Book a place"), "Book a place");
	for (round = 0; round < 3; round++) {
		assert_int_equal(i18n_use("nl"), 0);
		assert_string_equal(_("Book a place"), "Een plek boeken");
		assert_string_equal(i18n_text("month", "May"), "mei");
		assert_string_equal(i18n_ntext(NULL, "{n} place left",
		    "{n} places left", 2), "Nog {n} plekken vrij");
		assert_int_equal(i18n_use("cy"), 0);
		assert_string_equal(_("Book a place"), "Archebu lle");
		assert_string_equal(i18n_text("month", "May"), "Mai");
		/* Welsh's six forms: 2 has its own (soft mutation). */
		assert_string_equal(i18n_ntext(NULL, "{n} place left",
		    "{n} places left", 2), "{n} le ar ôl");
		assert_string_equal(i18n_ntext(NULL, "{n} place left",
		    "{n} places left", 5), "{n} lle ar ôl");
		assert_int_equal(i18n_use("es"), 0);
		assert_string_equal(_("Book a place"), "Reservar una plaza");
		assert_string_equal(i18n_text("weekday", "Tuesday"), "martes");
		assert_int_equal(i18n_use("en"), 0);
		assert_string_equal(_("Book a place"), "Book a place");
		assert_string_equal(i18n_text("month", "May"), "May");
	}
	/* A language with no catalogue, or not a tag: the English. */
	assert_int_equal(i18n_use("fi"), 0);
	assert_string_equal(_("Book a place"), "Book a place");
	assert_int_equal(i18n_use("../nl"), -1);
	assert_string_equal(i18n_current(), "fi");
	/* A message no catalogue has comes back as it is. */
	assert_int_equal(i18n_use("nl"), 0);
	assert_string_equal(_("No such message here"), "No such message here");
	assert_string_equal(i18n_text("nothing", "May"), "May");
	assert_int_equal(i18n_use("en"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_i18n_use_before_init),
		cmocka_unit_test(test_i18n_negotiate_cases),
		cmocka_unit_test(test_i18n_offered_and_tags),
		cmocka_unit_test(test_i18n_fill_cases),
		cmocka_unit_test(test_i18n_say_cases),
		cmocka_unit_test(test_i18n_use_switches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
