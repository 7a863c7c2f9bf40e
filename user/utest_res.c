/*
 * utest: resources. The descriptor table as RLIMIT_NOFILE sizes it, CPU
 * time (times, getrusage, wait4's rusage) and the CPU-time clocks, and
 * the errors Linux gives for clock ids.
 *
 * CPU-time checks never wait for a figure to be "about right": they spin
 * until the kernel reports the time used (failing after a generous bound
 * of wall time), and compare readings taken in a known order.
 */
#include "utest.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#define MS 1000000ULL

/* Linux's clock ids for a process's and a thread's CPU time (pid 0: the caller). */
#define PROC_CLOCK(pid)	  ((clockid_t)((~(unsigned int)(pid)) << 3 | 2))
#define THREAD_CLOCK(pid) ((clockid_t)((~(unsigned int)(pid)) << 3 | 6))
#define FD_CLOCK(fd)	  ((clockid_t)((~(unsigned int)(fd)) << 3 | 3))

static uint64_t clock_of(clockid_t id)
{
	struct timespec ts;

	OK(syscall(SYS_clock_gettime, id, &ts));
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000ULL + (uint64_t)tv.tv_usec * 1000;
}

static void usage(int who, uint64_t *u, uint64_t *s)
{
	struct rusage ru;

	OK(getrusage(who, &ru));
	*u = tv_ns(ru.ru_utime);
	*s = tv_ns(ru.ru_stime);
}

/* Spins until this process has used ns more user time; fails after 20 s of wall time. */
static void spin_user(uint64_t ns)
{
	uint64_t u0, s0, u, s, start = now_ns();
	volatile unsigned long x = 0;

	usage(RUSAGE_SELF, &u0, &s0);
	do {
		for (int i = 0; i < 100000; i++)
			x++;
		usage(RUSAGE_SELF, &u, &s);
		if (now_ns() - start > 20000 * MS)
			fail("user time did not advance: %llu ns in 20 s", (unsigned long long)(u - u0));
	} while (u - u0 < ns);
}

static long raw_nanosleep(clockid_t id, int flags, struct timespec *ts, struct timespec *rem)
{
	return syscall(SYS_clock_nanosleep, id, flags, ts, rem);
}

/* ------------------------------------------------------------ descriptors */

static void t_fd_table(void)
{
	static char mine[1024];
	struct rlimit lim, big;
	int fd = OK(open("/dev/null", O_RDONLY)), n, last = -1, p[2];
	char c;
	pid_t pid;

	/* The pvkernel starts where Linux starts init; a Linux host's limits are its own. */
	OK(getrlimit(RLIMIT_NOFILE, &lim));
	if (access("/proc/pvops", F_OK) == 0) {
		CHECK_EQ(lim.rlim_cur, 1024);
		CHECK_EQ(lim.rlim_max, 4096);
	} else {
		lim.rlim_cur = 1024;
		OK(setrlimit(RLIMIT_NOFILE, &lim));
	}
	CHECK_EQ(fcntl(fd, F_DUPFD, 100), 100);
	CHECK_EQ(fcntl(fd, F_DUPFD_CLOEXEC, 100), 101);
	CHECK_EQ(fcntl(101, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(dup2(fd, 1023), 1023);
	CHECK_ERR(dup2(fd, 1024), EBADF);
	CHECK_ERR(dup3(fd, 1024, 0), EBADF);
	CHECK_ERR(fcntl(fd, F_DUPFD, 1024), EINVAL);
	CHECK_ERR(fcntl(1024, F_GETFD), EBADF);
	CHECK_ERR(close(1024), EBADF);

	/* Everything below the limit fills up, then EMFILE. */
	while ((n = dup(fd)) >= 0) {
		mine[n] = 1;
		last = n;
	}
	CHECK_EQ(errno, EMFILE);
	CHECK_EQ(last, 1022);
	CHECK_ERR(open("/dev/null", O_RDONLY), EMFILE);
	for (n = 0; n < 1024; n++)
		if (mine[n])
			OK(close(n));

	/* A raised limit: the table grows further, and a child gets all of it. */
	big = (struct rlimit){ 4096, 4096 };
	OK(setrlimit(RLIMIT_NOFILE, &big));
	CHECK_EQ(dup2(fd, 4095), 4095);
	CHECK_ERR(dup2(fd, 4096), EBADF);
	OK(fcntl(4095, F_SETFD, FD_CLOEXEC));
	pid = xfork();
	if (pid == 0) {
		CHECK_EQ(fcntl(4095, F_GETFD), FD_CLOEXEC);
		CHECK_EQ(fcntl(1023, F_GETFD), 0);
		OK(close(4095));
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	CHECK_EQ(fcntl(4095, F_GETFD), FD_CLOEXEC);

	/* Root raises the hard limit, up to 1048576 and no further. */
	big.rlim_max = 8192;
	OK(setrlimit(RLIMIT_NOFILE, &big));
	big.rlim_max = 1048577;
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &big), EPERM);
	big.rlim_max = 1048576;
	OK(setrlimit(RLIMIT_NOFILE, &big));

	/* Lowered below what is open: those stay, new ones obey. */
	big.rlim_cur = 10;
	OK(setrlimit(RLIMIT_NOFILE, &big));
	CHECK_EQ(fcntl(4095, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(dup2(4095, 9), 9);
	CHECK_ERR(fcntl(fd, F_DUPFD, 10), EINVAL);
	CHECK_ERR(dup2(fd, 10), EBADF);
	OK(close(4095));

	/* Another process's limits, through prlimit64. */
	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[1]);
		CHECK_EQ(read(p[0], &c, 1), 1);
		OK(getrlimit(RLIMIT_NOFILE, &big));
		CHECK_EQ(big.rlim_cur, 20);
		CHECK_EQ(big.rlim_max, 30);
		_exit(0);
	}
	close(p[0]);
	OK(syscall(SYS_prlimit64, pid, RLIMIT_NOFILE, NULL, &big));
	CHECK_EQ(big.rlim_cur, 10);
	big = (struct rlimit){ 20, 30 };
	OK(syscall(SYS_prlimit64, pid, RLIMIT_NOFILE, &big, &lim));
	CHECK_EQ(lim.rlim_cur, 10);
	CHECK_EQ(write(p[1], "g", 1), 1);
	expect_exit(xwait(pid), 0);
}

/* ------------------------------------------------------------ CPU time */

static void t_cputime_self(void)
{
	struct timespec ts = { 0, 50 * MS };
	uint64_t c0, c1, w0, w1, u0, s0, u1, s1, u, s, t, prev, start;
	struct tms tm;

	/* Sleeping is no CPU time. */
	c0 = clock_of(CLOCK_PROCESS_CPUTIME_ID);
	OK(nanosleep(&ts, NULL));
	c1 = clock_of(CLOCK_PROCESS_CPUTIME_ID);
	if (c1 - c0 >= 25 * MS)
		fail("a 50 ms sleep cost %llu ns of CPU time", (unsigned long long)(c1 - c0));

	/* Spinning is user time, which the clocks include; never more than the time passed. */
	w0 = now_ns();
	c0 = clock_of(CLOCK_PROCESS_CPUTIME_ID);
	usage(RUSAGE_SELF, &u0, &s0);
	spin_user(30 * MS);
	usage(RUSAGE_SELF, &u1, &s1);
	c1 = clock_of(CLOCK_PROCESS_CPUTIME_ID);
	w1 = now_ns();
	CHECK(u1 - u0 >= 30 * MS);
	CHECK(c1 >= u1 + s1);
	CHECK(c1 - c0 <= w1 - w0);

	/* One thread: its clock and usage are the process's. */
	t = clock_of(CLOCK_THREAD_CPUTIME_ID);
	CHECK(t >= c1);
	CHECK(clock_of(CLOCK_PROCESS_CPUTIME_ID) >= t);
	usage(RUSAGE_THREAD, &u, &s);
	CHECK(u >= u1 && s >= s1);

	/* System calls are system time. */
	start = now_ns();
	do {
		for (int i = 0; i < 1000; i++)
			syscall(SYS_getppid);
		usage(RUSAGE_SELF, &u, &s);
		if (now_ns() - start > 20000 * MS)
			fail("system time did not advance: %llu ns in 20 s",
			     (unsigned long long)(s - s1));
	} while (s - s1 < 10 * MS);

	/* times() in 100 Hz ticks. */
	CHECK(times(&tm) != (clock_t)-1);
	CHECK(tm.tms_utime >= 3);
	CHECK(tm.tms_stime >= 1);

	/* The clock never goes back. */
	prev = 0;
	for (int i = 0; i < 1000; i++) {
		t = clock_of(CLOCK_PROCESS_CPUTIME_ID);
		CHECK(t >= prev);
		prev = t;
	}
}

static void t_cputime_children(void)
{
	uint64_t u0, s0, u, s;
	struct rusage ru;
	struct tms tm;
	pid_t pid;
	int st;

	usage(RUSAGE_CHILDREN, &u0, &s0);
	pid = xfork();
	if (pid == 0) {
		pid_t g = xfork();

		if (g == 0) {
			spin_user(20 * MS);
			_exit(0);
		}
		expect_exit(xwait(g), 0);
		spin_user(20 * MS);
		_exit(0);
	}
	OK(wait4(pid, &st, 0, &ru));
	expect_exit(st, 0);
	/* wait4 reports the child's time with its own reaped child's. */
	CHECK(tv_ns(ru.ru_utime) >= 40 * MS);
	usage(RUSAGE_CHILDREN, &u, &s);
	CHECK(u - u0 >= tv_ns(ru.ru_utime));
	CHECK(times(&tm) != (clock_t)-1);
	CHECK(tm.tms_cutime >= 4);
}

/* ------------------------------------------------------------ CPU-time clocks */

static void on_alarm(int sig)
{
	(void)sig;
}

static void t_cpu_clocks(void)
{
	pid_t self = getpid(), dead = dead_pid(), pid;
	struct timespec ts, rem;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	uint64_t before, after;
	clockid_t cid;

	/* The caller's clocks by pid, as clock_getcpuclockid() makes them. */
	before = clock_of(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(clock_of(PROC_CLOCK(self)) >= before);
	CHECK(clock_of(PROC_CLOCK(0)) >= before);
	CHECK(clock_of(THREAD_CLOCK(self)) > 0);
	CHECK_EQ(clock_getcpuclockid(self, &cid), 0);
	CHECK_EQ(cid, PROC_CLOCK(self));
	OK(syscall(SYS_clock_getres, PROC_CLOCK(self), &ts));
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 1);
	CHECK_ERR(syscall(SYS_clock_gettime, PROC_CLOCK(dead), &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_getres, PROC_CLOCK(dead), &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, PROC_CLOCK(self) | 3, &ts), EINVAL);

	/*
	 * A busy child's clock: readable, and slept on until it reaches a
	 * point, though the child never makes a system call.
	 */
	pid = xfork();
	if (pid == 0)
		for (volatile unsigned long x = 0;; x++)
			;
	CHECK_ERR(syscall(SYS_clock_gettime, THREAD_CLOCK(pid), &ts), EINVAL);
	before = clock_of(PROC_CLOCK(pid));
	ts = (struct timespec){ 0, 20 * MS };
	OK(raw_nanosleep(PROC_CLOCK(pid), 0, &ts, NULL));
	after = clock_of(PROC_CLOCK(pid));
	CHECK(after - before >= 20 * MS);
	after += 10 * MS;
	ts = (struct timespec){ after / 1000000000ULL, after % 1000000000ULL };
	OK(raw_nanosleep(PROC_CLOCK(pid), TIMER_ABSTIME, &ts, NULL));
	CHECK(clock_of(PROC_CLOCK(pid)) >= after);
	OK(kill(pid, SIGKILL));
	expect_signal(xwait(pid), SIGKILL);

	/* Its own clock: a point passed returns at once ... */
	ts = (struct timespec){ 0, 0 };
	OK(raw_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &ts, NULL));
	OK(raw_nanosleep(PROC_CLOCK(0), TIMER_ABSTIME, &ts, NULL));
	/* ... any other waits for a signal: sleeping, its one thread uses no CPU time. */
	OK(sigaction(SIGALRM, &sa, NULL));
	OK(setitimer(ITIMER_REAL, &it, NULL));
	ts = (struct timespec){ 10, 0 };
	CHECK_ERR(raw_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &ts, &rem), EINTR);
	CHECK(rem.tv_sec >= 9);
	alarm(60); /* the harness's timeout, which the interval timer replaced */
}

static void t_clock_errors(void)
{
	struct timespec ts = { 0, 1000 }, big = { 0, 2000000000 };
	pid_t self = getpid(), dead = dead_pid();

	/* clock_nanosleep: clocks that exist but cannot be slept on. */
	CHECK_ERR(raw_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL), EOPNOTSUPP);
	CHECK_ERR(raw_nanosleep(CLOCK_MONOTONIC_RAW, 0, &ts, NULL), EOPNOTSUPP);
	CHECK_ERR(raw_nanosleep(CLOCK_REALTIME_COARSE, 0, &ts, NULL), EOPNOTSUPP);
	CHECK_ERR(raw_nanosleep(CLOCK_MONOTONIC_COARSE, 0, &ts, NULL), EOPNOTSUPP);
	CHECK_ERR(raw_nanosleep(FD_CLOCK(3), 0, &ts, NULL), EOPNOTSUPP);
	CHECK_ERR(raw_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, BAD, NULL), EOPNOTSUPP);
	/* ... clocks that do not exist ... */
	CHECK_ERR(raw_nanosleep(10, 0, &ts, NULL), EINVAL);
	CHECK_ERR(raw_nanosleep(12, 0, BAD, NULL), EINVAL);
	CHECK_ERR(raw_nanosleep(PROC_CLOCK(dead), 0, &ts, NULL), EINVAL);
	/* ... a thread's own clock, which cannot advance while it sleeps ... */
	CHECK_ERR(raw_nanosleep(THREAD_CLOCK(0), 0, &ts, NULL), EINVAL);
	CHECK_ERR(raw_nanosleep(THREAD_CLOCK(self), 0, &ts, NULL), EINVAL);
	/* ... and the errors of the request itself. */
	CHECK_ERR(raw_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, BAD, NULL), EFAULT);
	CHECK_ERR(raw_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &big, NULL), EINVAL);
	CHECK_ERR(raw_nanosleep(CLOCK_REALTIME_ALARM, 2, &ts, NULL), EINVAL);
	OK(raw_nanosleep(CLOCK_BOOTTIME_ALARM, 0, &ts, NULL)); /* root may */

	/* clock_gettime and clock_getres: ids of no clock. */
	CHECK_ERR(syscall(SYS_clock_gettime, 10, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_getres, 12, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, FD_CLOCK(3), &ts), EINVAL);
	OK(syscall(SYS_clock_getres, CLOCK_THREAD_CPUTIME_ID, &ts));

	/* clock_settime: only the wall clock is a settable one; CPU clocks are known but fixed. */
	OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
	CHECK_ERR(syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_settime, CLOCK_PROCESS_CPUTIME_ID, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_settime, 100, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_settime, PROC_CLOCK(self), &ts), EPERM);
	CHECK_ERR(syscall(SYS_clock_settime, PROC_CLOCK(dead), &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_settime, CLOCK_REALTIME, BAD), EFAULT);
	CHECK_ERR(syscall(SYS_clock_settime, CLOCK_REALTIME, &big), EINVAL);
}

const struct utest res_tests[] = {
	{ "fd_table", t_fd_table },
	{ "cputime_self", t_cputime_self },
	{ "cputime_children", t_cputime_children },
	{ "cpu_clocks", t_cpu_clocks },
	{ "clock_errors", t_clock_errors },
	{ NULL, NULL },
};
