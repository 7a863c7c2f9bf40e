/*
 * utest: the harness. usage: utest [NAME...] runs all tests, or the named
 * ones; utest --exec-check ..., utest --exec-ids and utest --rseq-exec
 * are the helper modes the execve tests run.
 *
 * Each test runs in a forked child, with a scratch directory of its own
 * as cwd. The child reports a failure or skip reason through a pipe at
 * descriptor RESFD (close-on-exec) and exits 1 (fail) or 77 (skip).
 */
#include "utest.h"

#include <dirent.h>
#include <stdarg.h>
#include <time.h>

#define RESFD	     60 /* below the kernel's 64 descriptors */
#define EXIT_SKIP    77
#define TEST_TIMEOUT 60 /* seconds, via alarm() in the child */

const char *utest_self = "/usr/bin/utest";

static void report(char kind, const char *fmt, va_list ap)
{
	char buf[480];
	int n;

	buf[0] = kind;
	n = vsnprintf(buf + 1, sizeof(buf) - 2, fmt, ap);
	if (n < 0)
		n = 0;
	if (n > (int)sizeof(buf) - 3)
		n = sizeof(buf) - 3;
	buf[1 + n] = '\n';
	if (write(RESFD, buf, n + 2) < 0) {
		/* The test closed the result pipe: the exit status still tells. */
	}
}

void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report('F', fmt, ap);
	va_end(ap);
	_exit(1);
}

void skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report('S', fmt, ap);
	va_end(ap);
	_exit(EXIT_SKIP);
}

#define E(x) [x] = #x
static const char *const errnames[] = {
	/* clang-format off */
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR),
	E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(EFBIG),
	E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(EDOM),
	E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY),
	E(ELOOP), E(EOVERFLOW), E(ENOTSUP), E(ETIMEDOUT),
	E(EADDRNOTAVAIL), E(ENETUNREACH), E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT),
	E(EAFNOSUPPORT), E(ENOBUFS), E(EMSGSIZE), E(ELIBBAD),
	/* clang-format on */
};
#undef E

const char *errname(int e)
{
	static char buf[24];

	if (e == 0)
		return "no errno";
	if (e > 0 && e < (int)(sizeof(errnames) / sizeof(errnames[0])) && errnames[e])
		return errnames[e];
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

static const char *const signames[32] = {
	/* clang-format off */
	"0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
	"SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
	"SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
	"SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
	"SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
	/* clang-format on */
	"SIGSYS",
};

const char *signame(int sig)
{
	static char buf[24];

	if (sig > 0 && sig < 32)
		return signames[sig];
	snprintf(buf, sizeof(buf), "signal %d", sig);
	return buf;
}

static void describe(int st, char *buf, size_t n)
{
	if (WIFEXITED(st))
		snprintf(buf, n, "exited with %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, n, "killed by %s%s", signame(WTERMSIG(st)),
			 WTERMSIG(st) == SIGALRM ? " (timeout)" : "");
	else
		snprintf(buf, n, "status %#x", st);
}

pid_t xfork(void)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		fail("fork: %s", errname(errno));
	return pid;
}

int xwait(pid_t pid)
{
	int st = 0;
	pid_t r;

	do
		r = wait4(pid, &st, 0, NULL);
	while (r < 0 && errno == EINTR);
	if (r != pid)
		fail("wait4(%d) returned %d (%s)", pid, r, r < 0 ? errname(errno) : "");
	return st;
}

void expect_exit_(int st, int code, const char *what, int line)
{
	char d[64];

	if (!WIFEXITED(st) || WEXITSTATUS(st) != code) {
		describe(st, d, sizeof(d));
		fail("line %d: %s: child %s, expected exit %d", line, what, d, code);
	}
}

void expect_signal_(int st, int sig, const char *what, int line)
{
	char d[64];

	if (!WIFSIGNALED(st) || WTERMSIG(st) != sig) {
		describe(st, d, sizeof(d));
		fail("line %d: %s: child %s, expected to be killed by %s", line, what, d,
		     signame(sig));
	}
}

int run_child(void (*fn)(void *), void *arg)
{
	pid_t pid = xfork();

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	return xwait(pid);
}

pid_t dead_pid(void)
{
	pid_t pid = xfork();

	if (pid == 0)
		_exit(0);
	xwait(pid);
	return pid;
}

void write_file(const char *path, const void *data, size_t n)
{
	int fd = OK(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));

	CHECK_EQ(write(fd, data, n), n);
	OK(close(fd));
}

size_t read_file(const char *path, char *buf, size_t size)
{
	int fd = OK(open(path, O_RDONLY));
	size_t got = 0;
	ssize_t r;

	while (got < size - 1 && (r = read(fd, buf + got, size - 1 - got)) > 0)
		got += r;
	buf[got] = '\0';
	close(fd);
	return got;
}

int lowest_free(void)
{
	int fd = OK(open("/dev/null", O_RDONLY));

	close(fd);
	return fd;
}

void *bad_ptr(void)
{
	return (void *)1;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int pvkernel(void)
{
	return access("/proc/pvops", F_OK) == 0;
}

/* Removes path and everything below it (best effort). */
static void rm_rf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[512];

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d) {
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rm_rf(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/* clang-format off */
enum result { PASS, FAIL, SKIP };
/* clang-format on */

static enum result run_one(const struct utest *t, const char *scratch)
{
	char dir[256], msg[1024], why[1200], d[64];
	int p[2], st = 0;
	ssize_t n, got = 0;
	pid_t pid;
	char *s;

	snprintf(dir, sizeof(dir), "%s/%s", scratch, t->name);
	if (mkdir(dir, 0755) < 0 || pipe(p) < 0) {
		printf("utest: %s: FAIL (harness: %s)\n", t->name, strerror(errno));
		return FAIL;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		printf("utest: %s: FAIL (harness: fork: %s)\n", t->name, strerror(errno));
		close(p[0]);
		close(p[1]);
		return FAIL;
	}
	if (pid == 0) {
		close(p[0]);
		if (dup2(p[1], RESFD) != RESFD || fcntl(RESFD, F_SETFD, FD_CLOEXEC) < 0 ||
		    chdir(dir) < 0)
			_exit(2);
		close(p[1]);
		alarm(TEST_TIMEOUT);
		t->fn();
		_exit(0);
	}
	close(p[1]);
	while (wait4(pid, &st, 0, NULL) < 0) {
		if (errno != EINTR) {
			printf("utest: %s: FAIL (harness: wait4: %s)\n", t->name, strerror(errno));
			close(p[0]);
			return FAIL;
		}
	}
	/* A lingering grandchild may hold the pipe: take what is there. */
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	while (got < (ssize_t)sizeof(msg) - 1 &&
	       (n = read(p[0], msg + got, sizeof(msg) - 1 - got)) > 0)
		got += n;
	close(p[0]);
	msg[got] = '\0';

	if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_SKIP && msg[0] == 'S') {
		msg[strcspn(msg, "\n")] = '\0';
		printf("utest: %s: ok (skipped: %s)\n", t->name, msg + 1);
		return SKIP;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && msg[0] != 'F' && !strstr(msg, "\nF")) {
		printf("utest: %s: ok\n", t->name);
		return PASS;
	}
	/* Join the reasons (one per line, each starting with F or S). */
	why[0] = '\0';
	for (s = strtok(msg, "\n"); s; s = strtok(NULL, "\n")) {
		if (why[0])
			strncat(why, "; ", sizeof(why) - strlen(why) - 1);
		strncat(why, s + 1, sizeof(why) - strlen(why) - 1);
	}
	if (!why[0] || !WIFEXITED(st) || WEXITSTATUS(st) != 1) {
		describe(st, d, sizeof(d));
		if (why[0])
			strncat(why, "; ", sizeof(why) - strlen(why) - 1);
		strncat(why, d, sizeof(why) - strlen(why) - 1);
	}
	printf("utest: %s: FAIL (%s)\n", t->name, why);
	return FAIL;
}

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	static const struct utest *const tables[] = { proc_tests, fs_tests, fs2_tests, lock_tests,
						      dev_tests, sig_tests, mm_tests, mm2_tests, sys_tests,
						      net_tests, netlink_tests, cred_tests, priv_tests, res_tests,
						      statx_tests, rseq_tests, exec_tests, pty_tests,
						      unix_tests, fdkinds_tests, thread_tests, xendev_tests, gnt_tests, xenbus_dev_tests, xstate_tests,
						      debian_tests, procfs_tests };
	const size_t ntables = sizeof(tables) / sizeof(tables[0]);
	int counts[3] = { 0, 0, 0 }, total = 0;
	char scratch[64];

	if (argc >= 2 && !strcmp(argv[1], "--exec-check"))
		return exec_check(argc, argv, envp);
	if (argc >= 2 && !strcmp(argv[1], "--exec-ids"))
		return exec_ids();
	if (argc >= 2 && !strcmp(argv[1], "--rseq-exec"))
		return rseq_exec_check();
	/* A script's interpreter in the exec tests: whatever the arguments. */
	if (getenv("UTEST_PRINT_ARGS"))
		return print_args(argc, argv);

	setvbuf(stdout, NULL, _IOLBF, 0);
	umask(022); /* the tests check modes of what they create */
	/* Absolute: the tests run in other directories. */
	if (argv[0] && argv[0][0] == '/') {
		utest_self = argv[0];
	} else if (argv[0] && strchr(argv[0], '/')) {
		static char self[512];
		char cwd[400];

		if (getcwd(cwd, sizeof(cwd))) {
			snprintf(self, sizeof(self), "%s/%s", cwd, argv[0]);
			utest_self = self;
		}
	}

	snprintf(scratch, sizeof(scratch), "/tmp/utest.%d", (int)getpid());
	rm_rf(scratch);
	if (mkdir(scratch, 0755) < 0) {
		printf("utest: cannot create %s: %s\nutest: 0 passed, 1 failed, 0 skipped\n",
		       scratch, strerror(errno));
		return 1;
	}
	for (size_t t = 0; t < ntables; t++)
		for (const struct utest *u = tables[t]; u->name; u++)
			total += wanted(u->name, argc, argv);
	if (total == 0) {
		printf("utest: no such test; the tests are:");
		for (size_t t = 0; t < ntables; t++)
			for (const struct utest *u = tables[t]; u->name; u++)
				printf(" %s", u->name);
		printf("\n");
		rm_rf(scratch);
		return 2;
	}
	printf("utest: %d tests, scratch directory %s\n", total, scratch);

	for (size_t t = 0; t < ntables; t++)
		for (const struct utest *u = tables[t]; u->name; u++)
			if (wanted(u->name, argc, argv))
				counts[run_one(u, scratch)]++;

	/* Reap anything a test left behind. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	rm_rf(scratch);
	printf("utest: %d passed, %d failed, %d skipped\n", counts[PASS], counts[FAIL],
	       counts[SKIP]);
	return counts[FAIL] ? 1 : 0;
}
