/*
 * Host unit tests: kernel .c files compiled into a host program with ASan
 * and UBSan. A test file ends with
 *
 *	static const struct unit_case cases[] = { { "name", fn }, ... };
 *	UNIT_MAIN(cases)
 *
 * Each case prints one line; the last line is "<prog>: N passed, N failed".
 * The program takes -k CASE (run only that case; a glob selects several)
 * and -l (list the cases): see harness.c.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_case {
	const char *name;
	void (*fn)(void);
};

extern int unit_failed_checks;

#define CHECK(cond)                                                    \
	do {                                                           \
		if (!(cond)) {                                         \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", \
				__FILE__, __LINE__, #cond);            \
			unit_failed_checks++;                          \
		}                                                      \
	} while (0)

#define CHECK_EQ(a, b)                                                       \
	do {                                                                 \
		long long __a = (long long)(a), __b = (long long)(b);        \
		if (__a != __b) {                                            \
			fprintf(stderr, "  %s:%d: %s == %s: %lld != %lld\n", \
				__FILE__, __LINE__, #a, #b, __a, __b);       \
			unit_failed_checks++;                                \
		}                                                            \
	} while (0)

#define CHECK_STR(a, b)                                                          \
	do {                                                                     \
		const char *__a = (a), *__b = (b);                               \
		if (!__a || !__b || __builtin_strcmp(__a, __b) != 0) {           \
			fprintf(stderr, "  %s:%d: %s == %s: \"%s\" != \"%s\"\n", \
				__FILE__, __LINE__, #a, #b,                      \
				__a ? __a : "(null)", __b ? __b : "(null)");     \
			unit_failed_checks++;                                    \
		}                                                                \
	} while (0)

int unit_run(int argc, char **argv, const struct unit_case *cases, size_t n);

#define UNIT_MAIN(cases)                                             \
	int main(int argc, char **argv)                              \
	{                                                            \
		return unit_run(argc, argv, cases,                   \
				sizeof(cases) / sizeof((cases)[0])); \
	}

/* The last message the code under test printed through printk(). */
extern char unit_last_log[1024];
extern int unit_log_count;

#endif
