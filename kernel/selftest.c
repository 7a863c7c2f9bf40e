/*
 * The self-test runner: picks tests from the selftest= option, runs each
 * in turn, prints one line per test and the summary, checks that the
 * whole run leaked no pages, and ends the boot with the verdict.
 */
#define pr_fmt(fmt) "selftest: " fmt

#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/params.h>
#include <kernel/power.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/string.h>

extern const struct selftest __start_selftests[], __stop_selftests[];

static char wanted[256];

static int parse_selftest(const char *val)
{
	if (!val || !*val)
		return -EINVAL;
	strlcpy(wanted, val, sizeof(wanted));
	return 0;
}
kernel_param("selftest", parse_selftest);

bool selftests_requested(void)
{
	return wanted[0] != '\0';
}

/* Is name in the comma-separated list? */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, name, n))
			return true;
		p += len + (end ? 1 : 0);
	}
	return false;
}

static const struct selftest *find(const char *name, size_t len)
{
	for (const struct selftest *t = __start_selftests; t < __stop_selftests; t++)
		if (strlen(t->name) == len && !strncmp(t->name, name, len))
			return t;
	return NULL;
}

void selftests_run_early(void)
{
	for (const struct selftest *t = __start_selftests; t < __stop_selftests; t++) {
		if ((t->flags & SELFTEST_ENDS_BOOT) && listed(wanted, t->name)) {
			pr_info("%s: running early\n", t->name);
			t->fn();
		}
	}
}

void selftests_run(void)
{
	bool all = listed(wanted, "all");
	int passed = 0, failed = 0;
	u64 free_before;

	kmalloc_shrink();
	free_before = nr_free_pages();

	/* Names that match no test are failures, not silence. */
	for (const char *p = wanted; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len && !(len == 3 && !strncmp(p, "all", 3)) && !find(p, len)) {
			pr_err("no test named '%.*s'\n", (int)len, p);
			failed++;
		}
		p += len + (end ? 1 : 0);
	}

	for (const struct selftest *t = __start_selftests; t < __stop_selftests; t++) {
		int rc;

		if (!(all && !(t->flags & SELFTEST_ENDS_BOOT)) && !listed(wanted, t->name))
			continue;
		pr_info("%s: running\n", t->name);
		rc = t->fn();
		if (rc == 0) {
			passed++;
			pr_info("%s: PASS\n", t->name);
		} else {
			failed++;
			pr_info("%s: FAIL (%d)\n", t->name, rc);
		}
	}

	yield(); /* lets exited test threads be reaped */
	kmalloc_shrink();
	if (nr_free_pages() < free_before) {
		pr_err("leak check: %lld pages not returned by the tests\n",
		       (long long)(free_before - nr_free_pages()));
		failed++;
	} else if (nr_free_pages() > free_before) {
		/* Not a leak: other threads (a domU's xenbus) freed memory meanwhile. */
		pr_info("leak check: %lld more pages free than before (freed by other threads)\n",
			(long long)(nr_free_pages() - free_before));
	} else {
		pr_info("leak check: free pages %llu before and after\n",
			(unsigned long long)free_before);
	}
	pr_info("summary: %d passed, %d failed\n", passed, failed);
	machine_exit(failed ? EXIT_FAIL : EXIT_PASS);
}
