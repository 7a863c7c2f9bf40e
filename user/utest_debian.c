/*
 * Debian's user space on our kernel: bash running coreutils, findutils,
 * grep, sed, gawk, tar, gzip and xz over a tree of files
 * (/etc/debtools.sh), and python3 with threads, a queue, a UNIX socket
 * pair and subprocess (/etc/debpython.py). What they print is compared
 * whole with what the same Debian programs print on Linux, so any tool
 * that misbehaves fails the test. The initramfs carries them unless it
 * was built with DEBIAN=n (scripts/fetch-debian.sh, DEBIAN_PKGS).
 */
#include "utest.h"

#define DEB "/debian/bin/"
/* Seconds, for each test, instead of utest's usual bound. */
#define DEB_TIMEOUT 400

static char *const deb_env[] = { "PATH=" DEB, "HOME=/root", "LC_ALL=C", NULL };

static void need(const char *prog)
{
	if (access(prog, X_OK))
		skip("no %s (initramfs built with DEBIAN=n, or without it in DEBIAN_PKGS?)", prog);
}

/* Fails with the first line where got and want differ. */
static void expect_lines(const char *got, const char *want)
{
	int line = 1;

	while (*got && *got == *want) {
		if (*got == '\n')
			line++;
		got++;
		want++;
	}
	if (!*got && !*want)
		return;
	while (line > 1 && got[-1] != '\n') {
		got--;
		want--;
	}
	fail("line %d: \"%.*s\", expected \"%.*s\"", line, (int)strcspn(got, "\n"), got,
	     (int)strcspn(want, "\n"), want);
}

static void t_deb_tools(void)
{
	static char out[8192];
	static const char want[] =
		"files: 7 ./a/b/empty-file ./c/zeros\n"
		"sizes: 12 100000 65536 2048 \n"
		"stat: regular file 644 8893 src/a/b/numbers\n"
		"ls: -rw-r--r-- root root 21 lines.txt\n"
		"sort: line 3,line 2,line 1,2000,1999,1998,\n"
		"gawk: 2001000 285 2000\n"
		"grep: 542 1900 2000 \n"
		"sed: L3 L1 L2 \n"
		"find: src/a/one.txt src/c/lines.txt 5 dirs, src/a/b/empty-file src/empty \n"
		"xargs: 2 3 \n"
		"date: 2023-11-14T22:13:20 Tue 318 now>2020: yes\n"
		"dd: 33c9c531cb3ee2fd\n"
		"sha256: 4a1e67f2fe1d1cc7 7e1af1476129a3d9 \n"
		"compressed: ok\n"
		"tar+gzip: identical\n"
		"tar+xz: identical\n"
		"listing: ./ ./a/ ./a/b/ ./a/b/empty-file ./a/b/numbers ./a/one.txt ./big ./c/ "
		"./c/lines.txt ./c/random.bin ./c/zeros ./empty/ \n"
		"listings: identical\n"
		"streams: hello world \n"
		"sums: 31e845fcb47eb6d8\n"
		"trap: exit 0\n";

	need(DEB "bash");
	need(DEB "gawk");
	need(DEB "xz");
	/* About 80 dynamically linked programs: a minute in QEMU without KVM, more under Xen. */
	alarm(DEB_TIMEOUT);
	expect_exit(run_capture(DEB "bash", (char *[]){ "bash", "/etc/debtools.sh", NULL }, deb_env,
				out, sizeof(out)),
		    0);
	expect_lines(out, want);
}

static void t_deb_python(void)
{
	static char out[4096];
	static const char want[] = "counter 800000\n"
				   "queue 2001000 2\n"
				   "socketpair AF_UNIX 100000 True\n"
				   "subprocess 0 hello from echo\n"
				   "subprocess 3 got 42\n"
				   "threads 1 3.11.2\n";

	need(DEB "python3");
	/* 800,000 locked increments: a minute in QEMU without KVM, more under Xen. */
	alarm(DEB_TIMEOUT);
	expect_exit(run_capture(DEB "python3", (char *[]){ "python3", "/etc/debpython.py", NULL },
				deb_env, out, sizeof(out)),
		    0);
	expect_lines(out, want);
}

const struct utest debian_tests[] = {
	{ "deb_tools", t_deb_tools },
	{ "deb_python", t_deb_python },
	{ NULL, NULL },
};
