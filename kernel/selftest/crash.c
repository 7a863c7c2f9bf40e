/*
 * Tests that end the boot on purpose, run only when named: the harness
 * checks that the panic names the function that faulted.
 */
#include <kernel/selftest.h>

/* Hides the constant from the compiler, which would refuse to dereference it. */
static volatile unsigned long *opaque(unsigned long addr)
{
	__asm__("" : "+r"(addr));
	return (volatile unsigned long *)addr;
}

/* noinline keeps each function's own frame in the backtrace. */
static __noinline int selftest_write_bad_pointer(void)
{
	*opaque(0xdead000000000000UL) = 1;
	return 1;
}

static __noinline int selftest_read_null(void)
{
	return (int)*opaque(8);
}

DEFINE_SELFTEST(bad_pointer, selftest_write_bad_pointer, SELFTEST_CRASH);
DEFINE_SELFTEST(null_pointer, selftest_read_null, SELFTEST_CRASH);
