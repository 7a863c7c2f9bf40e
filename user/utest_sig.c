/*
 * utest: signals (rt_sigaction, rt_sigprocmask, rt_sigreturn, kill,
 * thread and process queues, SIGCHLD, EINTR, faults, stop and continue),
 * time (clock_gettime, gettimeofday, nanosleep, interval timers) and the rest: uname, ids, arch_prctl,
 * set_tid_address, getrandom, prlimit64, unknown system calls.
 */
#include "utest.h"

#include <pthread.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

/* struct sigaction as the kernel takes it. */
struct ksigaction {
	unsigned long handler, flags, restorer, mask;
};

static volatile sig_atomic_t hits, done;
static volatile int last_sig, self_blocked, usr2_blocked;
static siginfo_t last_info;

static void on_info(int sig, siginfo_t *si, void *uc)
{
	sigset_t cur;

	(void)uc;
	hits++;
	last_sig = sig;
	last_info = *si;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	self_blocked = sigismember(&cur, sig);
	usr2_blocked = sigismember(&cur, SIGUSR2);
}

static void on_plain(int sig)
{
	(void)sig;
	hits++;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	OK(sigaction(sig, &sa, NULL));
}

static void handle_plain(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	OK(sigaction(sig, &sa, NULL));
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ------------------------------------------------------------ signals */

static void t_sigaction(void)
{
	struct sigaction sa, old;
	struct ksigaction k, kold;
	sigset_t cur;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	OK(sigaction(SIGUSR1, &sa, &old));
	CHECK(old.sa_handler == SIG_DFL);
	OK(kill(getpid(), SIGUSR1));
	/* The handler ran and returned (rt_sigreturn) before kill returned. */
	CHECK_EQ(hits, 1);
	CHECK_EQ(last_sig, SIGUSR1);
	CHECK_EQ(last_info.si_signo, SIGUSR1);
	CHECK_EQ(last_info.si_code, SI_USER);
	CHECK_EQ(last_info.si_pid, getpid());
	CHECK_EQ(last_info.si_uid, getuid());
	CHECK_EQ(self_blocked, 1);
	CHECK_EQ(usr2_blocked, 1);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2));
	OK(sigaction(SIGUSR1, NULL, &old));
	CHECK(old.sa_sigaction == on_info);
	CHECK(old.sa_flags & SA_SIGINFO);
	CHECK(sigismember(&old.sa_mask, SIGUSR2));
	OK(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &kold, 8));
	CHECK_EQ(kold.handler, (unsigned long)on_info);
	CHECK(kold.flags & SA_RESTORER);
	CHECK(kold.restorer != 0);
	CHECK_EQ(kold.mask, 1UL << (SIGUSR2 - 1));

	/* SA_RESETHAND | SA_NODEFER: once, unblocked, then back to default. */
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	OK(sigaction(SIGUSR1, &sa, NULL));
	OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(hits, 2);
	CHECK_EQ(self_blocked, 0);
	OK(sigaction(SIGUSR1, NULL, &old));
	CHECK(old.sa_handler == SIG_DFL);

	k = kold;
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGKILL, &k, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGSTOP, &k, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, 0, &k, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, 65, &k, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, &k, NULL, 4), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, BAD, NULL, 8), EFAULT);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, BAD, 8), EFAULT);
}

static void on_fp(int sig)
{
	volatile double d = sig;

	for (int i = 0; i < 20; i++)
		d = d * 1.5 + 0.25;
	hits++;
}

static void on_done(int sig)
{
	(void)sig;
	done = 1;
}

/* Signals that arrive at any instruction leave the registers as they were. */
static void t_sig_async(void)
{
	uint64_t x1 = 1, x2 = 1, start = now_ns(), iter = 0;
	double d1 = 1.0, d2 = 1.0;
	pid_t pid;

	handle_plain(SIGUSR1, on_fp, SA_RESTART);
	handle_plain(SIGUSR2, on_done, SA_RESTART);
	pid = xfork();
	if (pid == 0) {
		for (int i = 0; i < 50; i++) {
			kill(getppid(), SIGUSR1);
			sleep_ms(1);
		}
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	while (!done) {
		x1 = x1 * 6364136223846793005ULL + 1442695040888963407ULL;
		x2 = x2 * 6364136223846793005ULL + 1442695040888963407ULL;
		/* clang-format off */
		__asm__ volatile("" : "+r"(x2));
		d1 = d1 * 0.999999 + 1e-6;
		d2 = d2 * 0.999999 + 1e-6;
		__asm__ volatile("" : "+x"(d2));
		/* clang-format on */
		if (x1 != x2 || d1 != d2)
			fail("registers differ after %llu iterations (%d signals)",
			     (unsigned long long)iter, (int)hits);
		if ((++iter & 0xfffff) == 0 && now_ns() - start > 20000000000ull)
			fail("no SIGUSR2 from the child in 20 s (%d SIGUSR1)", (int)hits);
	}
	CHECK(hits >= 1);
	expect_exit(xwait(pid), 0);
}

static void t_sigprocmask(void)
{
	sigset_t s, old, pend, cur;
	unsigned long k = 1UL << (SIGUSR1 - 1), kold;
	pid_t pid;

	handle(SIGUSR1, on_info, 0);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	OK(sigprocmask(SIG_BLOCK, &s, &old));
	CHECK(!sigismember(&old, SIGUSR1));
	OK(kill(getpid(), SIGUSR1));
	OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(hits, 0);
	OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGUSR1));
	/* A child inherits the mask but not the pending signal. */
	pid = xfork();
	if (pid == 0) {
		OK(sigpending(&pend));
		CHECK(!sigismember(&pend, SIGUSR1));
		OK(sigprocmask(SIG_BLOCK, NULL, &cur));
		CHECK(sigismember(&cur, SIGUSR1));
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	/* Unblocking delivers it, once (standard signals do not queue). */
	OK(sigprocmask(SIG_UNBLOCK, &s, NULL));
	CHECK_EQ(hits, 1);
	OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGUSR1));

	/* SIGKILL and SIGSTOP cannot be blocked. */
	sigfillset(&s);
	OK(sigprocmask(SIG_SETMASK, &s, &old));
	OK(sigprocmask(SIG_SETMASK, &old, &cur));
	CHECK(!sigismember(&cur, SIGKILL) && !sigismember(&cur, SIGSTOP));
	CHECK(sigismember(&cur, SIGUSR1) && sigismember(&cur, SIGTERM));

	OK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &k, &kold, 8));
	OK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &kold, 8));
	CHECK_EQ(kold, k);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, 99, &k, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &k, NULL, 4), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD, NULL, 8), EFAULT);
}

static void t_kill(void)
{
	pid_t pid, dead = dead_pid();
	int p[2], q[2];
	char c = 0;

	OK(kill(getpid(), 0));
	CHECK_ERR(kill(dead, 0), ESRCH);
	CHECK_ERR(kill(dead, SIGTERM), ESRCH);
	CHECK_ERR(kill(-dead, SIGTERM), ESRCH);
	CHECK_ERR(kill(getpid(), 65), EINVAL);
	CHECK_ERR(kill(getpid(), -1), EINVAL);

	/* SIGTERM kills a child blocked in read. */
	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[1]);
		(void)read(p[0], &c, 1);
		_exit(0);
	}
	OK(kill(pid, SIGTERM));
	expect_signal(xwait(pid), SIGTERM);
	close(p[0]);
	close(p[1]);

	/* Ignored, it does nothing, not even interrupt the read. */
	OK(pipe(p));
	OK(pipe(q));
	pid = xfork();
	if (pid == 0) {
		signal(SIGTERM, SIG_IGN);
		CHECK_EQ(write(q[1], &c, 1), 1);
		_exit(read(p[0], &c, 1) == 1 ? 3 : 4);
	}
	CHECK_EQ(read(q[0], &c, 1), 1);
	OK(kill(pid, SIGTERM));
	sleep_ms(20);
	OK(kill(pid, 0));
	CHECK_EQ(write(p[1], &c, 1), 1);
	expect_exit(xwait(pid), 3);

	/* To a process group. */
	pid = xfork();
	if (pid == 0) {
		setpgid(0, 0);
		CHECK_EQ(write(q[1], &c, 1), 1);
		(void)read(p[0], &c, 1);
		_exit(0);
	}
	setpgid(pid, pid);
	CHECK_EQ(read(q[0], &c, 1), 1);
	OK(kill(-pid, SIGKILL));
	expect_signal(xwait(pid), SIGKILL);

	/* From a child to its parent. */
	handle(SIGUSR1, on_info, SA_RESTART);
	pid = xfork();
	if (pid == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	CHECK_EQ(hits, 1);
	CHECK_EQ(last_info.si_pid, pid);
}

static void t_sigchld(void)
{
	int p[2];
	char c;
	pid_t pid;

	handle(SIGCHLD, on_info, SA_RESTART);
	pid = xfork();
	if (pid == 0)
		_exit(5);
	expect_exit(xwait(pid), 5);
	CHECK_EQ(hits, 1);
	CHECK_EQ(last_sig, SIGCHLD);
	CHECK_EQ(last_info.si_signo, SIGCHLD);
	CHECK_EQ(last_info.si_pid, pid);
	CHECK_EQ(last_info.si_code, CLD_EXITED);
	CHECK_EQ(last_info.si_status, 5);

	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[1]);
		(void)read(p[0], &c, 1);
		_exit(0);
	}
	OK(kill(pid, SIGKILL));
	expect_signal(xwait(pid), SIGKILL);
	CHECK_EQ(hits, 2);
	CHECK_EQ(last_info.si_pid, pid);
	CHECK_EQ(last_info.si_code, CLD_KILLED);
	CHECK_EQ(last_info.si_status, SIGKILL);

	/* By default SIGCHLD is ignored: we live on. */
	signal(SIGCHLD, SIG_DFL);
	pid = xfork();
	if (pid == 0)
		_exit(0);
	expect_exit(xwait(pid), 0);
}

/* A blocked read or sleep ends with EINTR, unless SA_RESTART restarts it. */
/*
 * A signal for the thread (tkill, tgkill) and one for the process (kill)
 * are pending apart, as in Linux: the same standard signal sent both ways
 * is delivered twice, the thread's first, each with its own siginfo;
 * sent again the same way, it merges with its own kind.
 */
static void t_sig_queues(void)
{
	struct timespec zero = { 0, 0 };
	pid_t self = getpid();
	sigset_t set, pend;
	siginfo_t si;

	handle(SIGUSR1, on_info, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	OK(sigprocmask(SIG_BLOCK, &set, NULL));
	OK(kill(self, SIGUSR1));
	OK(syscall(SYS_tkill, self, SIGUSR1));
	OK(syscall(SYS_tgkill, self, self, SIGUSR1));
	OK(kill(self, SIGUSR1));
	CHECK_EQ(OK(sigtimedwait(&set, &si, &zero)), SIGUSR1);
	CHECK_EQ(si.si_code, SI_TKILL);
	CHECK_EQ(si.si_pid, self);
	OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGUSR1));
	CHECK_EQ(OK(sigtimedwait(&set, &si, &zero)), SIGUSR1);
	CHECK_EQ(si.si_code, SI_USER);
	CHECK_ERR(sigtimedwait(&set, &si, &zero), EAGAIN);

	/* Unblocked, both reach the handler. */
	OK(kill(self, SIGUSR1));
	OK(syscall(SYS_tkill, self, SIGUSR1));
	CHECK_EQ(hits, 0);
	OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	CHECK_EQ(hits, 2);
	CHECK_EQ(last_info.si_code, SI_USER);
}

static void t_sig_eintr(void)
{
	struct timespec ts = { 5, 0 }, rem = { 0, 0 };
	int p[2];
	char c = 'x';
	pid_t pid;

	OK(pipe(p));
	handle_plain(SIGUSR1, on_plain, 0);
	pid = xfork();
	if (pid == 0) {
		sleep_ms(100);
		kill(getppid(), SIGUSR1); /* read: EINTR */
		sleep_ms(100);
		kill(getppid(), SIGUSR1); /* read restarted */
		sleep_ms(100);
		CHECK_EQ(write(p[1], &c, 1), 1);
		sleep_ms(100);
		kill(getppid(), SIGUSR1); /* nanosleep: EINTR */
		_exit(0);
	}
	CHECK_ERR(read(p[0], &c, 1), EINTR);
	CHECK_EQ(hits, 1);
	handle_plain(SIGUSR1, on_plain, SA_RESTART);
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(hits, 2);
	CHECK_ERR(nanosleep(&ts, &rem), EINTR);
	CHECK_EQ(hits, 3);
	CHECK(rem.tv_sec < 5 && (rem.tv_sec > 0 || rem.tv_nsec > 0));
	expect_exit(xwait(pid), 0);
}

static char *volatile fault_page;
static volatile uintptr_t fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	last_sig = sig;
	fault_addr = (uintptr_t)si->si_addr;
	fault_code = si->si_code;
	/* Make the access work, then return to retry it. */
	if (si->si_code == SEGV_ACCERR)
		mprotect(fault_page, PAGE, PROT_READ | PROT_WRITE);
	else
		mmap(fault_page, PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static void segv_blocked(void *arg)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGSEGV);
	sigprocmask(SIG_BLOCK, &s, NULL);
	*(volatile int *)arg = 1;
}

static void segv_ignored(void *arg)
{
	signal(SIGSEGV, SIG_IGN);
	*(volatile int *)arg = 1;
}

static void t_sig_fault(void)
{
	volatile char *p = (void *)OK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	char *q = (void *)OK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));

	handle(SIGSEGV, on_segv, 0);
	fault_page = (char *)p;
	p[100] = 42;
	CHECK_EQ(hits, 1);
	CHECK_EQ(last_sig, SIGSEGV);
	CHECK_EQ(fault_addr, (uintptr_t)(p + 100));
	CHECK_EQ(fault_code, SEGV_ACCERR);
	CHECK_EQ(p[100], 42);

	OK(munmap(q, PAGE));
	fault_page = q;
	((volatile char *)q)[8] = 7;
	CHECK_EQ(hits, 2);
	CHECK_EQ(fault_addr, (uintptr_t)(q + 8));
	CHECK_EQ(fault_code, SEGV_MAPERR);
	CHECK_EQ(q[8], 7);

	/* A fault cannot be blocked or ignored away. */
	signal(SIGSEGV, SIG_DFL);
	expect_signal(run_child(segv_blocked, NULL), SIGSEGV);
	expect_signal(run_child(segv_ignored, NULL), SIGSEGV);
}

static void raise_sig(void *arg)
{
	kill(getpid(), (int)(intptr_t)arg);
}

static void raise_ignored(void *arg)
{
	signal((int)(intptr_t)arg, SIG_IGN);
	kill(getpid(), (int)(intptr_t)arg);
}

static void t_sig_default(void)
{
	int p[2], st;
	char c;
	pid_t pid;

	expect_signal(run_child(raise_sig, (void *)(intptr_t)SIGUSR1), SIGUSR1);
	expect_signal(run_child(raise_sig, (void *)(intptr_t)SIGTERM), SIGTERM);
	expect_signal(run_child(raise_sig, (void *)(intptr_t)SIGKILL), SIGKILL);
	expect_exit(run_child(raise_sig, (void *)(intptr_t)SIGCHLD), 0);
	expect_exit(run_child(raise_sig, (void *)(intptr_t)SIGWINCH), 0);
	expect_exit(run_child(raise_ignored, (void *)(intptr_t)SIGUSR1), 0);
	expect_exit(run_child(raise_ignored, (void *)(intptr_t)SIGINT), 0);

	/* Stop and continue, as wait4 reports them. */
	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) == 0 ? 0 : 1);
	}
	OK(kill(pid, SIGSTOP));
	CHECK_EQ(wait4(pid, &st, WUNTRACED, NULL), pid);
	CHECK(WIFSTOPPED(st));
	CHECK_EQ(WSTOPSIG(st), SIGSTOP);
	CHECK_EQ(wait4(pid, &st, WUNTRACED | WNOHANG, NULL), 0);
	OK(kill(pid, SIGCONT));
	CHECK_EQ(wait4(pid, &st, WCONTINUED, NULL), pid);
	CHECK(WIFCONTINUED(st));
	close(p[1]);
	expect_exit(xwait(pid), 0);
}

/* ------------------------------------------------------------ time */

static void t_clock_gettime(void)
{
	struct timespec a, b, r;
	uint64_t t0;

	OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a));
	for (int i = 0; i < 1000; i++) {
		OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b));
		CHECK(b.tv_nsec >= 0 && b.tv_nsec < 1000000000);
		CHECK(b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
		a = b;
	}
	t0 = now_ns();
	while (now_ns() == t0)
		;
	OK(syscall(SYS_clock_gettime, CLOCK_REALTIME, &r));
	CHECK(r.tv_sec > 1000000000); /* after 2001 */
	CHECK(r.tv_nsec >= 0 && r.tv_nsec < 1000000000);
	CHECK_ERR(syscall(SYS_clock_gettime, 12345, &a), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD), EFAULT);
}

static void t_gettimeofday(void)
{
	struct timeval tv, tv2;
	struct timespec r;

	OK(syscall(SYS_gettimeofday, &tv, NULL));
	OK(syscall(SYS_clock_gettime, CLOCK_REALTIME, &r));
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	CHECK(tv.tv_sec > 1000000000);
	CHECK(r.tv_sec - tv.tv_sec >= 0 && r.tv_sec - tv.tv_sec <= 2);
	sleep_ms(20);
	OK(syscall(SYS_gettimeofday, &tv2, NULL));
	CHECK((tv2.tv_sec - tv.tv_sec) * 1000000L + (tv2.tv_usec - tv.tv_usec) >= 20000);
	CHECK_ERR(syscall(SYS_gettimeofday, BAD, NULL), EFAULT);
}

static void t_nanosleep(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 }, zero = { 0, 0 };
	uint64_t t0 = now_ns(), dt;

	OK(syscall(SYS_nanosleep, &ts, NULL));
	dt = now_ns() - t0;
	if (dt < 50000000ull || dt > 5000000000ull)
		fail("slept %llu ns for 50 ms", (unsigned long long)dt);
	OK(syscall(SYS_nanosleep, &zero, NULL));
	ts.tv_nsec = 1000000000;
	CHECK_ERR(syscall(SYS_nanosleep, &ts, NULL), EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	CHECK_ERR(syscall(SYS_nanosleep, &ts, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_nanosleep, BAD, NULL), EFAULT);
}

/*
 * An interval timer ends with its process. A child that exits with one
 * running (SIGALRM blocked, so that the timer cannot kill it first) must
 * leave nothing behind that could fire into the next process, whose state
 * may well land where the dead one's was: that one would die of SIGALRM.
 */
static void t_itimer_exit(void)
{
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	pid_t pid;

	for (int i = 0; i < 8; i++) {
		pid = xfork();
		if (pid == 0) {
			sigset_t set;

			sigemptyset(&set);
			sigaddset(&set, SIGALRM);
			OK(sigprocmask(SIG_BLOCK, &set, NULL));
			OK(setitimer(ITIMER_REAL, &it, NULL));
			_exit(0);
		}
		expect_exit(xwait(pid), 0);
		pid = xfork();
		if (pid == 0) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };

			signal(SIGALRM, SIG_DFL);
			nanosleep(&ts, NULL);
			_exit(0);
		}
		expect_exit(xwait(pid), 0);
	}
}

/* ------------------------------------------------------------ misc */

static void t_uname(void)
{
	struct utsname u;

	OK(uname(&u));
	CHECK(u.sysname[0] != '\0');
	CHECK(u.release[0] != '\0');
	CHECK(u.nodename[0] != '\0');
	CHECK_STR(u.machine, "x86_64");
	CHECK_ERR(syscall(SYS_uname, BAD), EFAULT);
}

static void t_uids(void)
{
	struct stat st;

	CHECK_EQ(syscall(SYS_getuid), getuid());
	CHECK_EQ(syscall(SYS_geteuid), geteuid());
	CHECK_EQ(syscall(SYS_getgid), getgid());
	CHECK_EQ(syscall(SYS_getegid), getegid());
	CHECK_EQ(getuid(), geteuid()); /* not set-id */
	CHECK_EQ(getgid(), getegid());
	write_file("f", "", 0);
	OK(stat("f", &st));
	CHECK_EQ(st.st_uid, geteuid());
	CHECK_EQ(st.st_gid, getegid());
}

static unsigned long read_fs0(void)
{
	unsigned long v;

	/* clang-format off */
	__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	/* clang-format on */
	return v;
}

static unsigned long read_fs8(void)
{
	unsigned long v;

	/* clang-format off */
	__asm__ volatile("mov %%fs:8, %0" : "=r"(v));
	/* clang-format on */
	return v;
}

static void t_arch_prctl(void)
{
	static unsigned long block[16];
	unsigned long fs = 0, fs2 = 0;
	pid_t pid;

	OK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs));
	CHECK(fs != 0);
	CHECK_EQ(fs, (unsigned long)pthread_self()); /* what musl set */
	CHECK_EQ(read_fs0(), fs);		     /* musl's thread pointer points to itself */

	/*
	 * In a child: a new base, kept across a context switch. The block
	 * copies musl's thread structure up to the stack canary at fs:0x28,
	 * and only raw system calls run while it is in use.
	 */
	pid = xfork();
	if (pid == 0) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		memcpy(block, (void *)fs, 6 * sizeof(long));
		block[0] = (unsigned long)block;
		block[1] = 0x1234abcd;
		if (syscall(SYS_arch_prctl, ARCH_SET_FS, block) != 0)
			_exit(2);
		syscall(SYS_nanosleep, &ts, NULL);
		if (read_fs8() != 0x1234abcd)
			_exit(3);
		syscall(SYS_arch_prctl, ARCH_GET_FS, &fs2);
		if (fs2 != (unsigned long)block)
			_exit(4);
		syscall(SYS_arch_prctl, ARCH_SET_FS, fs);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	CHECK_EQ(read_fs0(), fs);
	CHECK_ERR(syscall(SYS_arch_prctl, 0x9999, &fs2), EINVAL);
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_GET_FS, BAD), EFAULT);
	CHECK_ERR(syscall(SYS_arch_prctl, ARCH_SET_FS, 0x8000000000000000UL), EPERM);
}

static void t_set_tid_address(void)
{
	static int word;
	pid_t pid;

	CHECK_EQ(syscall(SYS_set_tid_address, &word), getpid());
	pid = xfork();
	if (pid == 0) {
		CHECK_EQ(syscall(SYS_set_tid_address, &word), getpid());
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
}

static void t_getrandom(void)
{
	unsigned char a[64], b[64];
	int zeros = 0;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK_EQ(syscall(SYS_getrandom, a, sizeof(a), 0), sizeof(a));
	CHECK_EQ(syscall(SYS_getrandom, b, sizeof(b), GRND_NONBLOCK), sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	for (size_t i = 0; i < sizeof(a); i++)
		zeros += a[i] == 0;
	CHECK(zeros < 16);
	CHECK_EQ(syscall(SYS_getrandom, a, 0, 0), 0);
	CHECK_ERR(syscall(SYS_getrandom, a, sizeof(a), 0xff00), EINVAL);
	CHECK_ERR(syscall(SYS_getrandom, BAD, sizeof(a), 0), EFAULT);
}

static void t_prlimit64(void)
{
	struct rlimit r, lim;
	pid_t pid;

	OK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &r));
	CHECK(r.rlim_cur >= 3 && r.rlim_cur <= r.rlim_max);
	OK(syscall(SYS_prlimit64, getpid(), RLIMIT_STACK, NULL, &lim));
	CHECK(lim.rlim_cur > 0);
	OK(getrlimit(RLIMIT_NOFILE, &lim));
	CHECK_EQ(lim.rlim_cur, r.rlim_cur);

	/* Lowered, it is what open and dup obey. */
	pid = xfork();
	if (pid == 0) {
		struct rlimit n = { 10, r.rlim_max }, got;
		int fd, last = -1;

		OK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &n, NULL));
		OK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &got));
		CHECK_EQ(got.rlim_cur, 10);
		int src = OK(open("/dev/null", O_RDONLY));

		while ((fd = dup(src)) >= 0)
			last = fd;
		CHECK_EQ(errno, EMFILE);
		CHECK_EQ(last, 9);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);

	lim.rlim_cur = r.rlim_max;
	lim.rlim_max = r.rlim_cur;
	if (r.rlim_cur != r.rlim_max)
		CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, 999, NULL, &lim), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, dead_pid(), RLIMIT_NOFILE, NULL, &lim), ESRCH);
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, BAD), EFAULT);
}

static void t_enosys(void)
{
	CHECK_ERR(syscall(999), ENOSYS);
	CHECK_ERR(syscall(500), ENOSYS);
	CHECK_ERR(syscall(100000), ENOSYS);
	CHECK_ERR(syscall(-1L), ENOSYS);
	/* Still alive and well. */
	CHECK_EQ(syscall(SYS_getpid), getpid());
}

const struct utest sig_tests[] = {
	{ "sigaction", t_sigaction },
	{ "sig_async", t_sig_async },
	{ "sigprocmask", t_sigprocmask },
	{ "kill", t_kill },
	{ "sigchld", t_sigchld },
	{ "sig_queues", t_sig_queues },
	{ "sig_eintr", t_sig_eintr },
	{ "sig_fault", t_sig_fault },
	{ "sig_default", t_sig_default },
	{ "clock_gettime", t_clock_gettime },
	{ "gettimeofday", t_gettimeofday },
	{ "nanosleep", t_nanosleep },
	{ "itimer_exit", t_itimer_exit },
	{ "uname", t_uname },
	{ "uids", t_uids },
	{ "arch_prctl", t_arch_prctl },
	{ "set_tid_address", t_set_tid_address },
	{ "getrandom", t_getrandom },
	{ "prlimit64", t_prlimit64 },
	{ "enosys", t_enosys },
	{ NULL, NULL },
};
