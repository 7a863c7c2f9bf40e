/*
 * Kernel command-line options. Each option is declared where it is used:
 *
 *	static int parse_loglevel(const char *val) { ... }
 *	kernel_param("loglevel", parse_loglevel);
 *
 * The handler gets the text after '=' (NULL when there is none) and returns
 * 0, or a negative errno to have the option reported as bad.
 */
#ifndef KERNEL_PARAMS_H
#define KERNEL_PARAMS_H

#include <kernel/compiler.h>
#include <kernel/types.h>

struct kernel_param {
	const char *name;
	int (*handler)(const char *val);
};

#define kernel_param(pname, fn)                       \
	static const struct kernel_param __param_##fn \
		__section("kparams") __used __aligned(8) = { pname, fn }

/*
 * Walks a command line: words separated by blanks, "name" or "name=value",
 * a value may be double-quoted to hold blanks. Known options go to their
 * handler; unknown ones and handler failures are reported with pr_warn and
 * counted. Returns the number of options that were not accepted.
 * The command line is not modified.
 */
int parse_cmdline(const char *cmdline);

/* The same walk over an explicit table (used by unit tests). */
int parse_cmdline_with(const char *cmdline, const struct kernel_param *start,
		       const struct kernel_param *end);

/* Finds "name" or "name=value" in cmdline; copies the value (or "") into val. */
bool cmdline_find(const char *cmdline, const char *name, char *val, size_t size);

#endif
