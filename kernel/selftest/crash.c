/*
 * Tests that end the boot on purpose, run only when named: the harness
 * checks that the panic names the function that faulted and its callers.
 */
#include <asm/paravirt.h>
#include <kernel/power.h>
#include <kernel/selftest.h>

extern const char _text[];

/*
 * Hides the address from the compiler (which would refuse a constant
 * bad pointer). Being a real call, it also makes each test a non-leaf
 * function with a frame of its own, which GCC omits for leaf functions
 * even under -fno-omit-frame-pointer.
 */
static __noinline volatile unsigned long *opaque(unsigned long addr)
{
	/* clang-format off */
	__asm__("" : "+r"(addr));
	/* clang-format on */
	return (volatile unsigned long *)addr;
}

/* Canonical, in the kernel half, and never mapped: a page fault. */
static __noinline int selftest_write_bad_pointer(void)
{
	*opaque(0xffffdead00000000UL) = 1;
	return 1;
}

static __noinline int selftest_read_null(void)
{
	return (int)*opaque(8);
}

/* Kernel text is read-only even for ring 0 (CR0.WP). */
static __noinline int selftest_write_text(void)
{
	*opaque((unsigned long)_text) = 0x90;
	return 1;
}

DEFINE_SELFTEST(bad_pointer, selftest_write_bad_pointer, SELFTEST_ENDS_BOOT);
DEFINE_SELFTEST(null_pointer, selftest_read_null, SELFTEST_ENDS_BOOT);
DEFINE_SELFTEST(write_text, selftest_write_text, SELFTEST_ENDS_BOOT);

static int selftest_reboot(void)
{
	machine_reboot();
}
DEFINE_SELFTEST(reboot, selftest_reboot, SELFTEST_ENDS_BOOT);

/* With pvtest=missing, cpu.wbinvd has no implementation. */
static __noinline int selftest_missing_op(void)
{
	wbinvd();
	return 1;
}
DEFINE_SELFTEST(missing_op, selftest_missing_op, SELFTEST_ENDS_BOOT);
