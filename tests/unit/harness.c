/*
 * Runner and kernel stand-ins shared by every host unit test. A test
 * program runs every case, or with -k only the named ones (-l lists them):
 *	build/unit/test_mm -k split_merge
 */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

int unit_failed_checks;
char unit_last_log[1024];
int unit_log_count;

static void usage(const char *base)
{
	fprintf(stderr, "usage: %s [-l] [-k CASE]...\n", base);
	fprintf(stderr, "  -l       list the cases\n");
	fprintf(stderr, "  -k CASE  run only CASE: a case's exact name, or a glob pattern (fnmatch)\n");
	fprintf(stderr, "           over the names; several -k add up\n");
}

/*
 * Selects a case: exact names first, so "-k split" runs "split" even when
 * "split_merge" exists; a pattern that names no case exactly is a glob.
 */
static bool selected(const char *name, char **pats, int npats, const struct unit_case *cases,
		     size_t n)
{
	if (npats == 0)
		return true;
	for (int p = 0; p < npats; p++) {
		bool exact = false;

		for (size_t i = 0; i < n; i++)
			exact |= strcmp(cases[i].name, pats[p]) == 0;
		if (exact ? strcmp(name, pats[p]) == 0 : fnmatch(pats[p], name, 0) == 0)
			return true;
	}
	return false;
}

int unit_run(int argc, char **argv, const struct unit_case *cases, size_t n)
{
	const char *base = strrchr(argv[0], '/');
	char *pats[64];
	int npats = 0, passed = 0, failed = 0;
	bool list = false;

	base = base ? base + 1 : argv[0];
	for (int a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-l") == 0 || strcmp(argv[a], "--list") == 0) {
			list = true;
		} else if (strcmp(argv[a], "-k") == 0 && a + 1 < argc && npats < 64) {
			pats[npats++] = argv[++a];
		} else if (strncmp(argv[a], "-k", 2) == 0 && argv[a][2] && npats < 64) {
			pats[npats++] = argv[a] + 2;
		} else {
			usage(base);
			return 2;
		}
	}
	if (list) {
		for (size_t i = 0; i < n; i++)
			if (selected(cases[i].name, pats, npats, cases, n))
				printf("%s\n", cases[i].name);
		return 0;
	}
	/* Asking for a case that does not exist is a failure, never a silent pass. */
	for (int p = 0; p < npats; p++) {
		bool any = false;

		for (size_t i = 0; i < n; i++)
			any |= selected(cases[i].name, &pats[p], 1, cases, n);
		if (!any) {
			printf("%s: no case matches '%s' (%s -l lists them)\n", base, pats[p], argv[0]);
			failed++;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int before = unit_failed_checks;

		if (!selected(cases[i].name, pats, npats, cases, n))
			continue;
		cases[i].fn();
		if (unit_failed_checks == before) {
			passed++;
			printf("%s: %s: ok\n", base, cases[i].name);
		} else {
			failed++;
			printf("%s: %s: FAIL\n", base, cases[i].name);
		}
	}
	printf("%s: %d passed, %d failed\n", base, passed, failed);
	return failed ? 1 : 0;
}

/* printk() records the message (level prefix dropped) for tests to check. */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	va_start(ap, fmt);
	n = vsnprintf(unit_last_log, sizeof(unit_last_log), fmt, ap);
	va_end(ap);
	unit_log_count++;
	if (getenv("UNIT_VERBOSE"))
		fprintf(stderr, "  printk: %s", unit_last_log);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "panic: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}
