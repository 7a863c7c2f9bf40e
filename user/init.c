/*
 * /sbin/init, PID 1 of the pvkernel. It starts with no open descriptors,
 * opens /dev/console as 0, 1 and 2, makes a session with the console as
 * its controlling terminal and runs, according to argv[1] (the words after
 * "--" on the kernel command line):
 *
 *   shell [ARGS]     (the default) /bin/sh /etc/init.d/rcS ARGS first if
 *                    the initramfs has one (the dom0's setup,
 *                    user/dom0/rcS), then /bin/sh on the console, started
 *                    again when it exits
 *   test             /usr/bin/utest, then /bin/sh /etc/bbtest.sh; exits 0
 *                    if both passed, 1 otherwise
 *   utest [NAMES]    /usr/bin/utest NAMES (only the tests named); its status
 *   bench            /usr/bin/ubench; exits with its status
 *   hcount           /usr/bin/hcount (hypercalls per operation); its status
 *   udpecho [ARGS]   /usr/bin/udpecho ARGS (the UDP echo server); its status
 *   domubench [ARGS] /bin/sh /etc/domubench.sh ARGS (make bench's domU
 *                    figures), then power-off by reboot(2). The time of day
 *                    read first thing in main() is printed first: how long
 *                    the guest took to reach user space. The same binary is
 *                    /init of the Linux guest it is compared with
 *                    (scripts/xen/bench-domu.sh), which is why it powers off
 *                    itself: Linux panics when init exits.
 *
 * Each program runs in a process group of its own in the foreground of the
 * terminal. init reaps every child, its own and orphans alike.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int have_tty;

static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("init: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static void describe(int st, char *buf, size_t n)
{
	if (WIFEXITED(st))
		snprintf(buf, n, "exited with status %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, n, "was killed by signal %d (%s)", WTERMSIG(st),
			 strsignal(WTERMSIG(st)));
	else
		snprintf(buf, n, "ended with wait status %#x", st);
}

static void setup_console(void)
{
	int fd;

	/* Descriptors 0-2 are normally absent; keep them if they are not. */
	if (fcntl(0, F_GETFD) < 0 && errno == EBADF) {
		fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			for (int i = 0; i < 3; i++)
				if (fd != i)
					dup2(fd, i);
			if (fd > 2)
				close(fd);
		}
	}
	/* Fails with EPERM if we lead a process group already: fine. */
	setsid();
	if (ioctl(0, TIOCSCTTY, 0) == 0) {
		have_tty = 1;
	} else {
		int e = errno;

		/* Already ours (as when the kernel made it so)? */
		have_tty = isatty(0) && tcgetpgrp(0) == getpgrp();
		if (!have_tty)
			say("warning: no controlling terminal (TIOCSCTTY: %s); no job control",
			    strerror(e));
	}
}

static const int job_signals[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP };

static void set_job_signals(void (*disp)(int))
{
	for (size_t i = 0; i < sizeof(job_signals) / sizeof(job_signals[0]); i++)
		signal(job_signals[i], disp);
}

/*
 * Runs path in a new process group in the foreground, waits for it
 * (reaping any other child that ends meanwhile) and returns its wait
 * status, or -1 if it could not be started.
 */
static int run(const char *path, char *const argv[])
{
	extern char **environ;
	sigset_t none;
	pid_t pid, r;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		say("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		if (have_tty)
			tcsetpgrp(0, getpid()); /* SIGTTOU is still ignored here */
		set_job_signals(SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execve(path, argv, environ);
		say("cannot run %s: %s", path, strerror(errno));
		_exit(127);
	}
	/* Both sides set the group and the foreground, whichever runs first. */
	setpgid(pid, pid);
	if (have_tty)
		tcsetpgrp(0, pid);
	for (;;) {
		r = wait4(-1, &st, 0, NULL);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			say("wait4: %s", strerror(errno));
			st = -1;
			break;
		}
		/* r > 0: an orphan we inherited; reaped. */
	}
	if (have_tty)
		tcsetpgrp(0, getpgrp());
	return st;
}

/* Runs path and says whether it exited with status 0. */
static int run_ok(const char *path, char *const argv[])
{
	char d[96];
	int st = run(path, argv);

	if (st == -1)
		return 0;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 1;
	describe(st, d, sizeof(d));
	say("%s %s", path, d);
	return 0;
}

static void reap_all(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static int mode_test(void)
{
	char *utest_argv[] = { "/usr/bin/utest", NULL };
	char *bbtest_argv[] = { "sh", "/etc/bbtest.sh", NULL };
	int u, b;

	say("mode test: /usr/bin/utest, then /bin/sh /etc/bbtest.sh");
	u = run_ok("/usr/bin/utest", utest_argv);
	b = run_ok("/bin/sh", bbtest_argv);
	reap_all();
	say("tests: utest %s, bbtest %s", u ? "passed" : "FAILED", b ? "passed" : "FAILED");
	return u && b ? 0 : 1;
}

/* Runs one program (with args, NULL-terminated) to completion; init's status is the program's. */
static int mode_program(const char *path, char **args)
{
	char *argv[8] = { (char *)path };
	char d[96];
	int st, n = 1;

	while (args && *args && n < 7)
		argv[n++] = *args++;
	argv[n] = NULL;
	say("mode %s: %s", strrchr(path, '/') + 1, path);
	st = run(path, argv);
	reap_all();
	if (st == -1)
		return 1;
	describe(st, d, sizeof(d));
	say("%s %s", strrchr(path, '/') + 1, d);
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
}

/* start: CLOCK_REALTIME and CLOCK_MONOTONIC as main() began. */
static int mode_domubench(char **args, const struct timespec start[2])
{
	char *argv[10] = { "sh", "/etc/domubench.sh" };
	char d[96];
	int st, n = 2;

	say("domubench: started at realtime_ns %llu monotonic_ns %llu",
	    (unsigned long long)start[0].tv_sec * 1000000000ull + (unsigned long long)start[0].tv_nsec,
	    (unsigned long long)start[1].tv_sec * 1000000000ull + (unsigned long long)start[1].tv_nsec);
	while (args && *args && n < 9)
		argv[n++] = *args++;
	argv[n] = NULL;
	st = run("/bin/sh", argv);
	reap_all();
	if (st == -1)
		snprintf(d, sizeof(d), "could not be started");
	else
		describe(st, d, sizeof(d));
	say("domubench: /etc/domubench.sh %s; powering off", d);
	sync();
	reboot(RB_POWER_OFF);
	say("reboot(RB_POWER_OFF): %s", strerror(errno));
	return 1;
}

/* The boot script, busybox init's name for it; most initramfs images have none. */
#define RC_SCRIPT "/etc/init.d/rcS"

static void run_rc(char **args)
{
	char *argv[10] = { "sh", RC_SCRIPT };
	char d[96];
	int st, n = 2;

	if (access(RC_SCRIPT, R_OK) < 0)
		return;
	while (args && *args && n < 9)
		argv[n++] = *args++;
	argv[n] = NULL;
	say("running " RC_SCRIPT);
	st = run("/bin/sh", argv);
	if (st == -1)
		snprintf(d, sizeof(d), "could not be started");
	else
		describe(st, d, sizeof(d));
	say(RC_SCRIPT " %s", d);
}

static void mode_shell(char **args)
{
	char *argv[] = { "sh", NULL };
	struct timespec t0, t1, pause = { 1, 0 };
	char d[96];
	int st;

	run_rc(args);
	say("pvkernel user space; /bin/sh on the console (it restarts when it exits)");
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st = run("/bin/sh", argv);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (st == -1)
			snprintf(d, sizeof(d), "could not be started");
		else
			describe(st, d, sizeof(d));
		say("/bin/sh %s; starting it again", d);
		/* Do not spin if it dies at once. */
		if (t1.tv_sec - t0.tv_sec < 1)
			nanosleep(&pause, NULL);
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "shell";
	struct timespec start[2];

	/*
	 * Before anything else: the end of "xl create to init" (domubench),
	 * and the kernel's own time since it booted.
	 */
	clock_gettime(CLOCK_REALTIME, &start[0]);
	clock_gettime(CLOCK_MONOTONIC, &start[1]);
	setup_console();
	set_job_signals(SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (chdir("/") < 0)
		say("chdir /: %s", strerror(errno));
	/* Debian's order: its programs, where an initramfs has them, before busybox's. */
	setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
	setenv("HOME", "/", 1);
	setenv("TERM", "vt100", 1);

	if (!strcmp(mode, "test"))
		return mode_test();
	if (!strcmp(mode, "utest"))
		return mode_program("/usr/bin/utest", argv + 2);
	if (!strcmp(mode, "bench"))
		return mode_program("/usr/bin/ubench", NULL);
	if (!strcmp(mode, "hcount"))
		return mode_program("/usr/bin/hcount", NULL);
	if (!strcmp(mode, "udpecho"))
		return mode_program("/usr/bin/udpecho", argv + 2);
	if (!strcmp(mode, "domubench"))
		return mode_domubench(argv + 2, start);
	if (!strcmp(mode, "shell")) {
		mode_shell(argc > 1 ? argv + 2 : NULL);
		return 0;
	}
	say("unknown mode \"%s\" (shell, test, utest, bench, hcount, udpecho or domubench); starting the shell",
	    mode);
	mode_shell(NULL);
	return 0;
}
