/*
 * In-kernel self-tests: a table of named tests, chosen on the command line
 * (selftest=all, or selftest=name1,name2). Each prints one line; the
 * summary comes last, and the verdict goes to machine_exit().
 *
 *	static int test_foo(void) { ...; return 0; }	(or -errno / 1 on failure)
 *	DEFINE_SELFTEST(foo, test_foo, 0);
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <kernel/types.h>

/* Ends the boot on purpose (a crash, a reboot): runs only when named, never with "all". */
#define SELFTEST_ENDS_BOOT 1

struct selftest {
	const char *name;
	int (*fn)(void);
	unsigned int flags;
};

#define DEFINE_SELFTEST(tname, tfn, tflags)             \
	static const struct selftest __selftest_##tname \
		__section("selftests") __used __aligned(8) = { #tname, tfn, tflags }

/* Reports a failed expectation and makes the enclosing test fail. */
#define EXPECT(cond)                                                                         \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			pr_err("selftest: %s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
			return 1;                                                            \
		}                                                                            \
	} while (0)

#ifdef CONFIG_SELFTESTS
/*
 * Runs the boot-ending tests named by selftest= right away, for entries
 * that stop before the scheduler exists (the early Xen PV boot).
 */
void selftests_run_early(void);
/* True when the command line asked for self-tests. */
bool selftests_requested(void);
/* Runs them and ends the boot with the verdict. */
__noreturn void selftests_run(void);
#else
/* clang-format off */
static inline bool selftests_requested(void) { return false; }
/* clang-format on */
static inline void selftests_run_early(void) { }
static inline void selftests_run(void) { }
#endif

#endif
