/* Host tests for the kernel command-line parser (kernel/params.c). */
#include "unit.h"

#include <kernel/types.h>
#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/string.h>

/* Each handler keeps what it was last given. */
struct seen {
	int calls;
	bool null_val;
	char val[512];
};

static struct seen s_quiet, s_loglevel, s_init, s_root, s_dotted, s_dummy;

static void record(struct seen *s, const char *val)
{
	s->calls++;
	s->null_val = val == NULL;
	if (val)
		strlcpy(s->val, val, sizeof(s->val));
	else
		s->val[0] = '\0';
}

static int h_quiet(const char *val)
{
	record(&s_quiet, val);
	return val ? -EINVAL : 0; /* a flag: takes no value */
}

static int h_loglevel(const char *val)
{
	record(&s_loglevel, val);
	if (!val || !*val || val[1] || val[0] < '0' || val[0] > '7')
		return -EINVAL;
	return 0;
}

static int h_init(const char *val)
{
	record(&s_init, val);
	return 0;
}

static int h_root(const char *val)
{
	record(&s_root, val);
	return 0;
}

static int h_dotted(const char *val)
{
	record(&s_dotted, val);
	return 0;
}

/* The one entry in this program's kparams section, for parse_cmdline(). */
static int h_dummy(const char *val)
{
	record(&s_dummy, val);
	return val && strcmp(val, "no") == 0 ? -EINVAL : 0;
}
kernel_param("unit_test.dummy", h_dummy);

static const struct kernel_param table[] = {
	{ "quiet", h_quiet },
	{ "loglevel", h_loglevel },
	{ "init", h_init },
	{ "root", h_root },
	{ "mod.opt_name-x", h_dotted },
};

static int parse(const char *cmdline)
{
	return parse_cmdline_with(cmdline, table, table + ARRAY_SIZE(table));
}

static void reset(void)
{
	memset(&s_quiet, 0, sizeof(s_quiet));
	memset(&s_loglevel, 0, sizeof(s_loglevel));
	memset(&s_init, 0, sizeof(s_init));
	memset(&s_root, 0, sizeof(s_root));
	memset(&s_dotted, 0, sizeof(s_dotted));
	memset(&s_dummy, 0, sizeof(s_dummy));
	unit_last_log[0] = '\0';
	unit_log_count = 0;
}

static void test_known(void)
{
	reset();
	CHECK_EQ(parse("quiet loglevel=7 root=/dev/vda1"), 0);
	CHECK_EQ(s_quiet.calls, 1);
	CHECK(s_quiet.null_val);
	CHECK_EQ(s_loglevel.calls, 1);
	CHECK_STR(s_loglevel.val, "7");
	CHECK_STR(s_root.val, "/dev/vda1");
	CHECK_EQ(unit_log_count, 0);

	/* Names with '.', '_' and '-' are whole names. */
	reset();
	CHECK_EQ(parse("mod.opt_name-x=on"), 0);
	CHECK_EQ(s_dotted.calls, 1);
	CHECK_STR(s_dotted.val, "on");

	/* Every occurrence reaches the handler; the last one counts. */
	reset();
	CHECK_EQ(parse("loglevel=1 loglevel=4"), 0);
	CHECK_EQ(s_loglevel.calls, 2);
	CHECK_STR(s_loglevel.val, "4");
}

static void test_unknown(void)
{
	reset();
	CHECK_EQ(parse("foo=bar quiet"), 1);
	CHECK_STR(unit_last_log,
		  "cmdline: unknown command-line option 'foo' ignored\n");
	CHECK_EQ(s_quiet.calls, 1);

	/* Prefixes and case differences are different options. */
	reset();
	CHECK_EQ(parse("quie quiet2 Quiet mod.opt_name loglevel.x=1"), 5);
	CHECK_EQ(s_quiet.calls, 0);
	CHECK_EQ(unit_log_count, 5);
	CHECK_STR(unit_last_log,
		  "cmdline: unknown command-line option 'loglevel.x' ignored\n");

	/* An empty name is just another unknown option. */
	reset();
	CHECK_EQ(parse("=value"), 1);
	CHECK_STR(unit_last_log,
		  "cmdline: unknown command-line option '' ignored\n");
}

static void test_values(void)
{
	reset();
	CHECK_EQ(parse("root=UUID=1234=abcd"), 0);
	CHECK_STR(s_root.val, "UUID=1234=abcd");

	/* "name=" gives an empty value, not a missing one. */
	reset();
	CHECK_EQ(parse("init="), 0);
	CHECK_EQ(s_init.calls, 1);
	CHECK(!s_init.null_val);
	CHECK_STR(s_init.val, "");

	reset();
	CHECK_EQ(parse("init"), 0);
	CHECK(s_init.null_val);
}

static void test_quoting(void)
{
	reset();
	CHECK_EQ(parse("init=\"/bin/sh -c 'echo hi'\" quiet"), 0);
	CHECK_STR(s_init.val, "/bin/sh -c 'echo hi'");
	CHECK_EQ(s_quiet.calls, 1);

	/* The whole word quoted, a blank and '=' inside the value. */
	reset();
	CHECK_EQ(parse("\"root=/dev/disk by=label\"  loglevel=\"3\""), 0);
	CHECK_STR(s_root.val, "/dev/disk by=label");
	CHECK_STR(s_loglevel.val, "3");

	/* An empty quoted value. */
	reset();
	CHECK_EQ(parse("init=\"\""), 0);
	CHECK(!s_init.null_val);
	CHECK_STR(s_init.val, "");

	/* An unterminated quote runs to the end of the line. */
	reset();
	CHECK_EQ(parse("quiet init=\"/sbin/init  single"), 0);
	CHECK_STR(s_init.val, "/sbin/init  single");
	CHECK_EQ(s_quiet.calls, 1);
}

static void test_handler_errors(void)
{
	reset();
	CHECK_EQ(parse("loglevel=9 quiet=1 loglevel loglevel=3 nope"), 4);
	CHECK_EQ(s_loglevel.calls, 3);
	CHECK_STR(s_loglevel.val, "3");
	CHECK_EQ(unit_log_count, 4);
	CHECK_STR(unit_last_log,
		  "cmdline: unknown command-line option 'nope' ignored\n");

	reset();
	CHECK_EQ(parse("loglevel=bad"), 1);
	CHECK_STR(unit_last_log,
		  "cmdline: bad value for command-line option 'loglevel': 'bad'\n");

	/* A missing value is shown as empty. */
	reset();
	CHECK_EQ(parse("loglevel"), 1);
	CHECK_STR(unit_last_log,
		  "cmdline: bad value for command-line option 'loglevel': ''\n");
}

static void test_blanks(void)
{
	reset();
	CHECK_EQ(parse(""), 0);
	CHECK_EQ(parse("   \t\n  "), 0);
	CHECK_EQ(parse_cmdline_with(NULL, table, table + ARRAY_SIZE(table)), 0);
	CHECK_EQ(unit_log_count, 0);

	CHECK_EQ(parse("\t quiet\n\nloglevel=2\r\n"), 0);
	CHECK_EQ(s_quiet.calls, 1);
	CHECK_STR(s_loglevel.val, "2");

	/* An empty table knows nothing. */
	reset();
	CHECK_EQ(parse_cmdline_with("quiet a b", table, table), 3);
}

static void test_long_words(void)
{
	static char line[1200];
	size_t n;

	/* 255 characters is still a word: an unknown option. */
	reset();
	memset(line, 'a', 255);
	line[255] = '\0';
	CHECK_EQ(parse(line), 1);
	CHECK(strstr(unit_last_log, "unknown command-line option 'aaaa") != NULL);

	/* 256 is too long and skipped; what follows still counts. */
	reset();
	memset(line, 'b', 256);
	strcpy(line + 256, " quiet");
	CHECK_EQ(parse(line), 1);
	CHECK_EQ(s_quiet.calls, 1);
	CHECK_EQ(unit_log_count, 1);

	/* An overlong value of a known option never reaches the handler. */
	reset();
	strcpy(line, "init=");
	n = strlen(line);
	memset(line + n, 'c', 600);
	strcpy(line + n + 600, " loglevel=5");
	CHECK_EQ(parse(line), 1);
	CHECK_EQ(s_init.calls, 0);
	CHECK_STR(s_loglevel.val, "5");
	CHECK(strstr(unit_last_log, "longer than 255 characters") != NULL);
	CHECK(strlen(unit_last_log) < 120);
}

static void test_not_modified(void)
{
	static const char orig[] = "root=\"a b\" init=/x=y quiet foo";
	char copy[sizeof(orig)];

	memcpy(copy, orig, sizeof(orig));
	reset();
	CHECK_EQ(parse(copy), 1);
	CHECK(memcmp(copy, orig, sizeof(orig)) == 0);
}

static void test_find(void)
{
	const char *line = "console=ttyS0 quiet root=\"/dev/disk by\" "
			   "loglevelx=9 loglevel=3 loglevel=4 x.y_z-w=1";
	char val[16];

	reset();
	CHECK(cmdline_find(line, "console", val, sizeof(val)));
	CHECK_STR(val, "ttyS0");

	strcpy(val, "junk");
	CHECK(cmdline_find(line, "quiet", val, sizeof(val)));
	CHECK_STR(val, "");

	CHECK(cmdline_find(line, "root", val, sizeof(val)));
	CHECK_STR(val, "/dev/disk by");

	/* The last occurrence wins; "loglevelx" is another option. */
	CHECK(cmdline_find(line, "loglevel", val, sizeof(val)));
	CHECK_STR(val, "4");

	CHECK(cmdline_find(line, "x.y_z-w", val, sizeof(val)));
	CHECK_STR(val, "1");

	strcpy(val, "kept");
	CHECK(!cmdline_find(line, "init", val, sizeof(val)));
	CHECK(!cmdline_find(line, "console=ttyS0", val, sizeof(val)));
	CHECK(!cmdline_find(line, "con", val, sizeof(val)));
	CHECK(!cmdline_find("", "quiet", val, sizeof(val)));
	CHECK(!cmdline_find(NULL, "quiet", val, sizeof(val)));
	CHECK_STR(val, "kept");

	/* A small buffer gets a terminated prefix. */
	CHECK(cmdline_find(line, "console", val, 4));
	CHECK_STR(val, "tty");

	/* Only whether it is there. */
	CHECK(cmdline_find(line, "quiet", NULL, 0));
	CHECK_EQ(unit_log_count, 0);
}

static void test_section(void)
{
	reset();
	CHECK_EQ(parse_cmdline("unit_test.dummy=yes"), 0);
	CHECK_EQ(s_dummy.calls, 1);
	CHECK_STR(s_dummy.val, "yes");

	reset();
	CHECK_EQ(parse_cmdline("unit_test.dummy=no quiet"), 2);
	CHECK_EQ(s_dummy.calls, 1);
	CHECK_EQ(s_quiet.calls, 0); /* not in the section's table */
}

static const struct unit_case cases[] = {
	{ "known", test_known },
	{ "unknown", test_unknown },
	{ "values", test_values },
	{ "quoting", test_quoting },
	{ "handler_errors", test_handler_errors },
	{ "blanks", test_blanks },
	{ "long_words", test_long_words },
	{ "not_modified", test_not_modified },
	{ "find", test_find },
	{ "section", test_section },
};

UNIT_MAIN(cases)
