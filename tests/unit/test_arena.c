/* test_arena.c: the per-request arena and growable buffers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kit/arena.h"
#include "kit/buf.h"

static void
test_arena_alloc_aligned_and_zeroed(void **state)
{
	struct arena	*a = arena_new();
	size_t		 i;
	char		*p;

	(void)state;
	assert_non_null(a);
	for (i = 1; i < 100; i++) {
		p = arena_alloc(a, i);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		assert_true(p[i - 1] == 0);
		memset(p, 0xAA, i);
	}
	arena_free(a);
}

static void
test_arena_large_and_reset(void **state)
{
	struct arena	*a = arena_new();
	char		*p;

	(void)state;
	p = arena_alloc(a, ARENA_BLOCK * 3);	/* bigger than a block */
	assert_non_null(p);
	memset(p, 1, ARENA_BLOCK * 3);
	assert_true(arena_used(a) >= ARENA_BLOCK * 3);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_non_null(arena_alloc(a, 10));
	arena_free(a);
}

static void
test_arena_limits(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_null(arena_alloc(a, ARENA_MAX + 1));
	assert_null(arena_alloc(a, SIZE_MAX));
	assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
	assert_null(arena_strndup(a, "x", SIZE_MAX));
	arena_free(a);
}

static void
test_arena_printf(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(arena_printf(a, "%s-%d", "run", 42), "run-42");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	arena_free(a);
}

static void
test_buf_grows(void **state)
{
	struct arena	*a = arena_new();
	struct buf	 b;
	struct sink	 s;
	int		 i;

	(void)state;
	buf_init(&b, a);
	assert_string_equal(b.data, "");
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%03d,", i), 0);
	assert_int_equal(b.len, 4000);
	assert_memory_equal(b.data + 3996, "999,", 4);
	assert_int_equal(b.data[b.len], '\0');
	s = sink_buf(&b);
	assert_int_equal(sink_puts(&s, "end"), 0);
	assert_string_equal(b.data + 4000, "end");
	assert_false(buf_failed(&b));
	arena_free(a);
}

static void
test_buf_failure_sticks(void **state)
{
	struct arena	*a = arena_new();
	struct buf	 b;

	(void)state;
	buf_init(&b, a);
	assert_int_equal(buf_puts(&b, "keep"), 0);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 2), -1);
	assert_true(buf_failed(&b));
	assert_int_equal(buf_puts(&b, "more"), -1);
	assert_string_equal(b.data, "keep");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_aligned_and_zeroed),
		cmocka_unit_test(test_arena_large_and_reset),
		cmocka_unit_test(test_arena_limits),
		cmocka_unit_test(test_arena_printf),
		cmocka_unit_test(test_buf_grows),
		cmocka_unit_test(test_buf_failure_sticks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
