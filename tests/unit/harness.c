/* Runner and kernel stand-ins shared by every host unit test. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

int unit_failed_checks;
char unit_last_log[1024];
int unit_log_count;

int unit_run(const char *prog, const struct unit_case *cases, size_t n)
{
	const char *base = strrchr(prog, '/');
	int passed = 0, failed = 0;

	base = base ? base + 1 : prog;
	for (size_t i = 0; i < n; i++) {
		int before = unit_failed_checks;

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
