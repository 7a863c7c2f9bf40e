/*
 * utest: processes and memory: fork (copy-on-write), execve, exit, wait4,
 * ids, sessions and groups, brk, mmap, munmap, mprotect, demand paging,
 * segmentation faults.
 */
#include "utest.h"

#include <elf.h>
#include <sched.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/time.h>

extern char _start[];

/* ------------------------------------------------------------ fork */

static void t_fork(void)
{
	pid_t parent = getpid(), pid;
	long v[2];
	int p[2];

	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		v[0] = getpid();
		v[1] = getppid();
		CHECK_EQ(write(p[1], v, sizeof(v)), sizeof(v));
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK(pid != parent);
	close(p[1]);
	CHECK_EQ(read(p[0], v, sizeof(v)), sizeof(v));
	CHECK_EQ(v[0], pid);
	CHECK_EQ(v[1], parent);
	CHECK_EQ(read(p[0], v, sizeof(v)), 0);
	expect_exit(xwait(pid), 0);
	CHECK_EQ(getpid(), parent);
}

static int cow_global = 100;

static void cow_check(int g, int s, int sv, const unsigned char *heap, unsigned char hv,
		      const unsigned char *anon, unsigned char av)
{
	CHECK_EQ(g, cow_global);
	CHECK_EQ(s, sv);
	for (size_t i = 0; i < 16 * PAGE; i += 509)
		CHECK_EQ(heap[i], hv);
	for (size_t i = 0; i < 4 * PAGE; i += 257)
		CHECK_EQ(anon[i], av);
}

static void t_fork_cow(void)
{
	volatile int stackv = 200;
	unsigned char *heap = malloc(16 * PAGE), c = 0;
	unsigned char *anon = (void *)OK(mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
					      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	int p2c[2], c2p[2];
	pid_t pid;

	CHECK(heap != NULL);
	memset(heap, 0x11, 16 * PAGE);
	memset(anon, 0x22, 4 * PAGE);
	OK(pipe(p2c));
	OK(pipe(c2p));
	pid = xfork();
	if (pid == 0) {
		cow_check(100, stackv, 200, heap, 0x11, anon, 0x22);
		cow_global = 101;
		stackv = 201;
		memset(heap, 0x33, 16 * PAGE);
		memset(anon, 0x44, 4 * PAGE);
		CHECK_EQ(write(c2p[1], &c, 1), 1);
		CHECK_EQ(read(p2c[0], &c, 1), 1);
		/* The parent has written its copies by now. */
		cow_check(101, stackv, 201, heap, 0x33, anon, 0x44);
		_exit(0);
	}
	CHECK_EQ(read(c2p[0], &c, 1), 1);
	cow_check(100, stackv, 200, heap, 0x11, anon, 0x22);
	cow_global = 102;
	stackv = 202;
	memset(heap, 0x55, 16 * PAGE);
	memset(anon, 0x66, 4 * PAGE);
	CHECK_EQ(write(p2c[1], &c, 1), 1);
	expect_exit(xwait(pid), 0);
	cow_check(102, stackv, 202, heap, 0x55, anon, 0x66);
}

static void t_fork_many(void)
{
	enum { N = 40 };
	pid_t pids[N];
	int seen[N] = { 0 }, st;

	for (int i = 0; i < N; i++) {
		pids[i] = xfork();
		if (pids[i] == 0)
			_exit(i + 1);
	}
	for (int n = 0; n < N; n++) {
		pid_t r = OK(wait4(-1, &st, 0, NULL));
		int i;

		for (i = 0; i < N && pids[i] != r; i++)
			;
		CHECK(i < N);
		expect_exit(st, i + 1);
		CHECK_EQ(seen[i]++, 0);
	}
	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD);
}

/* ------------------------------------------------------------ execve */

/* utest --exec-check A B: prints what arrived, for t_execve to compare. */
int exec_check(int argc, char **argv, char **envp)
{
	unsigned long pagesz = 0, entry = 0, phdr = 0, phnum = 0, phent = 0, rnd = 0;
	char out[1024], bad[128] = "";
	struct sigaction sa;
	struct itimerval it;
	struct rlimit lim;
	sigset_t mask;
	stack_t ss;
	size_t n = 0;
	int i, loads = 0;
	unsigned long *aux;

	n += snprintf(out + n, sizeof(out) - n, "pid=%d argc=%d argv=", (int)getpid(), argc);
	for (i = 1; i < argc; i++)
		n += snprintf(out + n, sizeof(out) - n, "[%s]", argv[i]);
	n += snprintf(out + n, sizeof(out) - n, " env=");
	for (i = 0; envp[i]; i++)
		n += snprintf(out + n, sizeof(out) - n, "[%s]", envp[i]);
	n += snprintf(out + n, sizeof(out) - n, " fd5=%s fd6=%s",
		      fcntl(5, F_GETFD) >= 0 ? "open" : "closed",
		      fcntl(6, F_GETFD) >= 0 ? "open" : "closed");
	sigaction(SIGUSR1, NULL, &sa);
	n += snprintf(out + n, sizeof(out) - n, " usr1=%s",
		      sa.sa_handler == SIG_DFL ? "dfl" : "not-dfl");
	sigaction(SIGUSR2, NULL, &sa);
	n += snprintf(out + n, sizeof(out) - n, " usr2=%s",
		      sa.sa_handler == SIG_IGN ? "ign" : "not-ign");
	sigprocmask(SIG_BLOCK, NULL, &mask);
	n += snprintf(out + n, sizeof(out) - n, " hup=%s",
		      sigismember(&mask, SIGHUP) ? "blocked" : "unblocked");
	sigpending(&mask);
	n += snprintf(out + n, sizeof(out) - n, ",%s",
		      sigismember(&mask, SIGHUP) ? "pending" : "not-pending");
	sigaltstack(NULL, &ss);
	n += snprintf(out + n, sizeof(out) - n, " altstack=%s",
		      ss.ss_flags == SS_DISABLE ? "off" : "on");
	getrlimit(RLIMIT_NOFILE, &lim);
	n += snprintf(out + n, sizeof(out) - n, " nofile=%llu", (unsigned long long)lim.rlim_cur);
	getitimer(ITIMER_REAL, &it);
	n += snprintf(out + n, sizeof(out) - n, " alarm=%s",
		      it.it_value.tv_sec || it.it_value.tv_usec ? "on" : "off");

	/* The auxiliary vector follows envp's NULL. */
	for (aux = (unsigned long *)(envp + i + 1); aux[0] != AT_NULL; aux += 2) {
		switch (aux[0]) {
		/* clang-format off */
		case AT_PAGESZ: pagesz = aux[1]; break;
		case AT_ENTRY: entry = aux[1]; break;
		case AT_PHDR: phdr = aux[1]; break;
		case AT_PHNUM: phnum = aux[1]; break;
		case AT_PHENT: phent = aux[1]; break;
		case AT_RANDOM: rnd = aux[1]; break;
			/* clang-format on */
		}
	}
	if (pagesz != 4096)
		strcat(bad, "pagesz,");
	if (entry != (unsigned long)_start)
		strcat(bad, "entry,");
	if (phent != sizeof(Elf64_Phdr))
		strcat(bad, "phent,");
	if (phdr && phnum > 0 && phnum < 64)
		for (unsigned long k = 0; k < phnum; k++)
			loads += ((Elf64_Phdr *)phdr)[k].p_type == PT_LOAD;
	if (!loads)
		strcat(bad, "phdr,");
	if (!rnd)
		strcat(bad, "random,");
	if (getauxval(AT_PAGESZ) != 4096)
		strcat(bad, "getauxval,");
	if (bad[0])
		bad[strlen(bad) - 1] = '\0';
	n += snprintf(out + n, sizeof(out) - n, " aux=%s%s%s\n", bad[0] ? "bad(" : "ok",
		      bad, bad[0] ? ")" : "");
	return write(1, out, strlen(out)) == (ssize_t)strlen(out) ? 0 : 3;
}

static void ignore_sig(int sig)
{
	(void)sig;
}

static void t_execve(void)
{
	char *args[] = { (char *)utest_self, "--exec-check", "hello world", "x", NULL };
	char *envs[] = { "UTEST_A=1", "UTEST_B=two", NULL };
	char got[1024] = "", want[1024];
	ssize_t n, len = 0;
	int p[2];
	pid_t pid;

	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		int fd = OK(open("/dev/null", O_RDONLY));
		struct sigaction sa = { .sa_handler = ignore_sig, .sa_flags = SA_ONSTACK };
		static char altstack[16384];
		stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
		struct rlimit lim;
		sigset_t set;

		OK(dup2(fd, 5));
		OK(dup2(fd, 6));
		OK(fcntl(6, F_SETFD, FD_CLOEXEC));
		OK(dup2(p[1], 1));
		close(p[0]);
		close(p[1]);
		OK(sigaction(SIGUSR1, &sa, NULL));
		signal(SIGUSR2, SIG_IGN);
		sigemptyset(&set);
		sigaddset(&set, SIGHUP);
		sigprocmask(SIG_BLOCK, &set, NULL);
		/* Pending, limits and the timer survive execve; the alternate stack does not. */
		OK(kill(getpid(), SIGHUP));
		OK(sigaltstack(&ss, NULL));
		OK(getrlimit(RLIMIT_NOFILE, &lim));
		lim.rlim_cur = 21;
		OK(setrlimit(RLIMIT_NOFILE, &lim));
		alarm(100);
		execve(utest_self, args, envs);
		fail("execve %s: %s", utest_self, errname(errno));
	}
	close(p[1]);
	while (len < (ssize_t)sizeof(got) - 1 && (n = read(p[0], got + len, sizeof(got) - 1 - len)) > 0)
		len += n;
	got[len] = '\0';
	expect_exit(xwait(pid), 0);
	snprintf(want, sizeof(want),
		 "pid=%d argc=4 argv=[--exec-check][hello world][x] env=[UTEST_A=1][UTEST_B=two] "
		 "fd5=open fd6=closed usr1=dfl usr2=ign hup=blocked,pending altstack=off "
		 /* clang-format off */
		 "nofile=21 alarm=on aux=ok\n", (int)pid);
	/* clang-format on */
	CHECK_STR(got, want);
}

static void t_execve_errors(void)
{
	static const char elfish[64] = "\177ELF";
	char *args[] = { "x", NULL }, *envs[] = { NULL };

	CHECK_ERR(execve("/nonexistent/prog", args, envs), ENOENT);
	CHECK_ERR(execve("missing", args, envs), ENOENT);
	write_file("text", "this is not an ELF file\n", 24);
	OK(chmod("text", 0755));
	CHECK_ERR(execve("text", args, envs), ENOEXEC);
	write_file("badelf", elfish, sizeof(elfish));
	OK(chmod("badelf", 0755));
	CHECK_ERR(execve("badelf", args, envs), ENOEXEC);
	OK(mkdir("dir", 0755));
	CHECK_ERR(execve("dir", args, envs), EACCES);
	CHECK_ERR(execve("text/x", args, envs), ENOTDIR);
	CHECK_ERR(syscall(SYS_execve, BAD, args, envs), EFAULT);
	CHECK_ERR(syscall(SYS_execve, utest_self, BAD, envs), EFAULT);
}

/*
 * What fork copies: the calling thread's mask and alternate stack, the
 * process's actions and resource limits. Pending signals and the interval
 * timer stay with the parent, and from then on each has its own limits.
 */
static void t_fork_inherit(void)
{
	static char altstack[16384];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) }, got;
	struct sigaction sa = { .sa_handler = ignore_sig }, gsa;
	struct rlimit lim, glim;
	struct itimerval it;
	sigset_t set, cur, pend;
	pid_t pid;

	OK(sigaltstack(&ss, NULL));
	OK(getrlimit(RLIMIT_NOFILE, &lim));
	lim.rlim_cur = 17;
	OK(setrlimit(RLIMIT_NOFILE, &lim));
	OK(sigaction(SIGUSR1, &sa, NULL));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	OK(sigprocmask(SIG_BLOCK, &set, NULL));
	OK(kill(getpid(), SIGUSR2));
	OK(getitimer(ITIMER_REAL, &it));
	CHECK(it.it_value.tv_sec > 0); /* the harness's alarm() */
	pid = xfork();
	if (pid == 0) {
		OK(sigaltstack(NULL, &got));
		CHECK(got.ss_sp == altstack && got.ss_size == sizeof(altstack) && got.ss_flags == 0);
		OK(getrlimit(RLIMIT_NOFILE, &glim));
		CHECK_EQ(glim.rlim_cur, 17);
		CHECK_EQ(glim.rlim_max, lim.rlim_max);
		OK(sigaction(SIGUSR1, NULL, &gsa));
		CHECK(gsa.sa_handler == ignore_sig);
		OK(sigprocmask(SIG_BLOCK, NULL, &cur));
		CHECK(sigismember(&cur, SIGUSR2));
		OK(sigpending(&pend));
		CHECK(!sigismember(&pend, SIGUSR2));
		OK(getitimer(ITIMER_REAL, &it));
		CHECK(!it.it_value.tv_sec && !it.it_value.tv_usec);
		/* The child's own limits now: the parent keeps its 17. */
		glim.rlim_cur = 12;
		OK(setrlimit(RLIMIT_NOFILE, &glim));
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	OK(getrlimit(RLIMIT_NOFILE, &glim));
	CHECK_EQ(glim.rlim_cur, 17);
	OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGUSR2));
}

/* ------------------------------------------------------------ exit, wait4 */

static void t_exit(void)
{
	pid_t pid;

	pid = xfork();
	if (pid == 0)
		syscall(SYS_exit_group, 7);
	expect_exit(xwait(pid), 7);
	pid = xfork();
	if (pid == 0)
		syscall(SYS_exit, 3);
	expect_exit(xwait(pid), 3);
	pid = xfork();
	if (pid == 0)
		syscall(SYS_exit_group, 256 + 5);
	expect_exit(xwait(pid), 5);
}

static void t_wait4(void)
{
	struct rusage ru;
	int st, p[2];
	char c;
	pid_t pid;

	pid = xfork();
	if (pid == 0)
		_exit(42);
	CHECK_EQ(wait4(pid, &st, 0, &ru), pid);
	CHECK_EQ(st, 42 << 8);
	CHECK(WIFEXITED(st) && !WIFSIGNALED(st) && !WIFSTOPPED(st));
	CHECK_EQ(WEXITSTATUS(st), 42);

	pid = xfork();
	if (pid == 0) {
		kill(getpid(), SIGTERM);
		_exit(1);
	}
	CHECK_EQ(wait4(pid, &st, 0, NULL), pid);
	CHECK_EQ(st, SIGTERM);
	CHECK(WIFSIGNALED(st) && !WIFEXITED(st));
	CHECK_EQ(WTERMSIG(st), SIGTERM);

	/* WNOHANG while the child runs, then a blocking wait. */
	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) == 0 ? 9 : 8);
	}
	close(p[0]);
	CHECK_EQ(wait4(pid, &st, WNOHANG, NULL), 0);
	CHECK_EQ(wait4(-1, &st, WNOHANG, NULL), 0);
	close(p[1]);
	CHECK_EQ(wait4(-1, &st, 0, NULL), pid);
	expect_exit(st, 9);

	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(wait4(getpid(), &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(dead_pid(), &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, 0x40000, NULL), EINVAL);

	pid = xfork();
	if (pid == 0)
		_exit(0);
	CHECK_ERR(wait4(pid, BAD, 0, NULL), EFAULT);
}

/* wait4(0) and wait4(-pgid) choose children by process group. */
static void t_wait4_pgrp(void)
{
	int st, p[2];
	char c;
	pid_t pid;

	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		setpgid(0, 0);
		close(p[1]);
		_exit(read(p[0], &c, 1) == 0 ? 4 : 5);
	}
	close(p[0]);
	setpgid(pid, pid); /* either side may win the race */
	CHECK_EQ(getpgid(pid), pid);
	CHECK_ERR(wait4(0, &st, WNOHANG, NULL), ECHILD);
	CHECK_EQ(wait4(-pid, &st, WNOHANG, NULL), 0);
	close(p[1]);
	CHECK_EQ(wait4(-pid, &st, 0, NULL), pid);
	expect_exit(st, 4);

	pid = xfork();
	if (pid == 0)
		_exit(6);
	CHECK_EQ(wait4(0, &st, 0, NULL), pid);
	expect_exit(st, 6);
}

/* ------------------------------------------------------------ ids */

/* The state letter in /proc/PID/stat, or 0. */
char proc_state(pid_t pid)
{
	char path[32], buf[256], *r;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	r = strrchr(buf, ')');
	return r && r[1] == ' ' ? r[2] : 0;
}

/*
 * A group whose only member so far is a zombie can still be joined, and
 * outlives it: a shell running "printf abc | dd" puts dd into printf's
 * group after printf may have exited, then reaps printf, then makes the
 * group the terminal's foreground.
 */
static void t_zombie_group(void)
{
	pid_t a, b;
	int p[2];
	char c = 0;
	int i;

	a = xfork();
	if (a == 0) {
		setpgid(0, 0);
		_exit(0);
	}
	setpgid(a, a); /* either side may win the race */
	for (i = 0; i < 100000 && proc_state(a) != 'Z'; i++)
		sched_yield();
	CHECK_EQ(proc_state(a), 'Z');
	OK(pipe(p));
	b = xfork();
	if (b == 0) {
		close(p[1]);
		CHECK_EQ(read(p[0], &c, 1), 0);
		CHECK_EQ(getpgid(0), a);
		_exit(0);
	}
	close(p[0]);
	OK(setpgid(b, a));
	CHECK_EQ(getpgid(b), a);
	expect_exit(xwait(a), 0);
	CHECK_EQ(getpgid(b), a);
	CHECK_EQ(kill(-a, 0), 0);
	close(p[1]);
	expect_exit(xwait(b), 0);
	CHECK_ERR(kill(-a, 0), ESRCH);
}

static void t_ids(void)
{
	pid_t me = getpid(), dead = dead_pid(), pid;
	int p[2], q[2];
	char c = 0;

	CHECK_EQ(syscall(SYS_getpid), me);
	CHECK_EQ(getpgid(0), getpgid(me));
	CHECK_EQ(getpgid(0), getpgrp());
	CHECK_EQ(getsid(0), getsid(me));
	CHECK(getsid(0) > 0);
	CHECK_ERR(getpgid(dead), ESRCH);
	CHECK_ERR(getsid(dead), ESRCH);
	CHECK_ERR(setpgid(0, -1), EINVAL);
	CHECK_ERR(setpgid(dead, dead), ESRCH);

	/* A child makes its own group, stays in the session, cannot setsid. */
	pid = xfork();
	if (pid == 0) {
		pid_t sid = getsid(0);

		OK(setpgid(0, 0));
		CHECK_EQ(getpgid(0), getpid());
		CHECK_EQ(getsid(0), sid);
		CHECK_ERR(setsid(), EPERM);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);

	/* A child makes its own session; the parent cannot move it. */
	OK(pipe(p));
	OK(pipe(q));
	pid = xfork();
	if (pid == 0) {
		CHECK_EQ(setsid(), getpid());
		CHECK_EQ(getsid(0), getpid());
		CHECK_EQ(getpgid(0), getpid());
		CHECK_ERR(setpgid(0, 0), EPERM);
		CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
		CHECK_EQ(write(q[1], &c, 1), 1);
		CHECK_EQ(read(p[0], &c, 1), 1);
		_exit(0);
	}
	CHECK_EQ(read(q[0], &c, 1), 1);
	CHECK_EQ(getsid(pid), pid);
	CHECK_ERR(setpgid(pid, pid), EPERM);
	CHECK_EQ(write(p[1], &c, 1), 1);
	expect_exit(xwait(pid), 0);
	t_zombie_group();
}

/* ------------------------------------------------------------ memory */

static void touch_write(void *addr)
{
	*(volatile char *)addr = 1;
}

static void touch_read(void *addr)
{
	(void)*(volatile char *)addr;
}

static void t_brk(void)
{
	unsigned long cur = syscall(SYS_brk, 0), base, top;

	CHECK(cur != 0);
	base = (cur + PAGE - 1) & ~(PAGE - 1);
	top = base + 20 * PAGE + 123;
	CHECK_EQ(syscall(SYS_brk, top), top);
	CHECK_EQ(syscall(SYS_brk, 0), top);
	for (unsigned long a = cur; a < top; a += 97)
		CHECK_EQ(*(volatile unsigned char *)a, 0);
	memset((void *)cur, 0x5a, top - cur);
	CHECK_EQ(*(unsigned char *)(top - 1), 0x5a);
	/* Shrink: the pages above are gone. */
	CHECK_EQ(syscall(SYS_brk, base + PAGE), base + PAGE);
	expect_signal(run_child(touch_write, (void *)(base + 2 * PAGE)), SIGSEGV);
	CHECK_EQ(*(unsigned char *)base, 0x5a);
	/* Grow again: fresh zero pages. */
	CHECK_EQ(syscall(SYS_brk, base + 4 * PAGE), base + 4 * PAGE);
	CHECK_EQ(*(unsigned char *)(base + 2 * PAGE), 0);
	CHECK_EQ(*(unsigned char *)(base + 4 * PAGE - 1), 0);
	/* Impossible requests leave it where it is. */
	CHECK_EQ(syscall(SYS_brk, 4096), base + 4 * PAGE);
	CHECK_EQ(syscall(SYS_brk, 1UL << 48), base + 4 * PAGE);
	CHECK_EQ(syscall(SYS_brk, cur), cur);
}

static void t_mmap_anon(void)
{
	unsigned char *p, *q;

	p = (void *)OK(mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	q = (void *)OK(mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	CHECK_EQ((uintptr_t)p % PAGE, 0);
	CHECK(q + 3 * PAGE <= p || p + 5 * PAGE <= q);
	for (size_t i = 0; i < 5 * PAGE; i++)
		CHECK_EQ(p[i], 0);
	for (size_t i = 0; i < 5 * PAGE; i++)
		p[i] = (unsigned char)(i * 7);
	memset(q, 0xee, 3 * PAGE);
	for (size_t i = 0; i < 5 * PAGE; i++)
		CHECK_EQ(p[i], (unsigned char)(i * 7));
	OK(munmap(p, 5 * PAGE));
	OK(munmap(q, 3 * PAGE));
	expect_signal(run_child(touch_read, p), SIGSEGV);

	CHECK_ERR(syscall(SYS_mmap, NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, 55, 0), EBADF);
}

static void t_mmap_fixed(void)
{
	unsigned char *p, *q, *fixed = (unsigned char *)0x200000000UL;

	p = (void *)OK(mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	memset(p, 0xaa, 4 * PAGE);
	q = (void *)OK(mmap(p + PAGE, PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	CHECK(q == p + PAGE);
	CHECK_EQ(p[PAGE - 1], 0xaa);
	CHECK_EQ(p[PAGE], 0);
	CHECK_EQ(p[2 * PAGE - 1], 0);
	CHECK_EQ(p[2 * PAGE], 0xaa);
	CHECK_ERR(syscall(SYS_mmap, p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	OK(munmap(p, 4 * PAGE));

	q = (void *)OK(mmap(fixed, 2 * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	CHECK(q == fixed);
	fixed[0] = 1;
	fixed[2 * PAGE - 1] = 2;
	CHECK_EQ(fixed[0] + fixed[2 * PAGE - 1], 3);
	OK(munmap(fixed, 2 * PAGE));
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 31 + (i >> 12));
}

static void t_mmap_file(void)
{
	size_t size = 3 * PAGE + 100;
	unsigned char *buf = malloc(size), *m, *m2, b;
	int fd;

	CHECK(buf != NULL);
	for (size_t i = 0; i < size; i++)
		buf[i] = pattern(i);
	write_file("f", buf, size);
	fd = OK(open("f", O_RDWR));
	m = (void *)OK(mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0));
	for (size_t i = 0; i < size; i++)
		CHECK_EQ(m[i], pattern(i));
	for (size_t i = size; i < 4 * PAGE; i++)
		CHECK_EQ(m[i], 0);
	m2 = (void *)OK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 2 * PAGE));
	for (size_t i = 0; i < PAGE; i++)
		CHECK_EQ(m2[i], pattern(2 * PAGE + i));
	/* Private: writes stay out of the file. */
	m[0] = (unsigned char)~pattern(0);
	m[2 * PAGE] = 0;
	CHECK_EQ(pread(fd, &b, 1, 0), 1);
	CHECK_EQ(b, pattern(0));
	CHECK_EQ(m2[0], pattern(2 * PAGE));
	OK(close(fd));
	CHECK_EQ(m[1], pattern(1)); /* survives the close */

	CHECK_ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0), EBADF);
	fd = OK(open("f", O_RDONLY));
	CHECK_ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
	close(fd);
	fd = OK(open("f", O_WRONLY));
	CHECK_ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0), EACCES);
	close(fd);
	OK(munmap(m, 4 * PAGE));
	OK(munmap(m2, PAGE));
}

static void t_munmap(void)
{
	unsigned char *p = (void *)OK(mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));

	memset(p, 0x77, 8 * PAGE);
	OK(munmap(p + 2 * PAGE, 2 * PAGE));
	CHECK_EQ(p[2 * PAGE - 1], 0x77);
	CHECK_EQ(p[4 * PAGE], 0x77);
	expect_signal(run_child(touch_read, p + 2 * PAGE), SIGSEGV);
	expect_signal(run_child(touch_write, p + 4 * PAGE - 1), SIGSEGV);
	OK(munmap(p + 2 * PAGE, 2 * PAGE)); /* nothing there: fine */
	CHECK_ERR(munmap(p + 1, PAGE), EINVAL);
	CHECK_ERR(munmap(p, 0), EINVAL);
	OK(munmap(p, 8 * PAGE));
	expect_signal(run_child(touch_read, p), SIGSEGV);
}

static void t_mprotect(void)
{
	unsigned char *p = (void *)OK(mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));

	memset(p, 0x31, 4 * PAGE);
	OK(mprotect(p, 2 * PAGE, PROT_READ));
	CHECK_EQ(p[0], 0x31);
	expect_signal(run_child(touch_write, p), SIGSEGV);
	expect_signal(run_child(touch_write, p + 2 * PAGE - 1), SIGSEGV);
	expect_exit(run_child(touch_write, p + 2 * PAGE), 0);
	OK(mprotect(p, PAGE, PROT_NONE));
	expect_signal(run_child(touch_read, p), SIGSEGV);
	expect_exit(run_child(touch_read, p + PAGE), 0);
	OK(mprotect(p, 4 * PAGE, PROT_READ | PROT_WRITE));
	CHECK_EQ(p[0], 0x31);
	p[0] = 0x32;
	CHECK_EQ(p[0], 0x32);
	CHECK_ERR(syscall(SYS_mprotect, p + 1, PAGE, PROT_READ), EINVAL);
	OK(munmap(p + 2 * PAGE, 2 * PAGE));
	CHECK_ERR(mprotect(p, 4 * PAGE, PROT_READ), ENOMEM);
	OK(munmap(p, 2 * PAGE));
}

static void t_demand_paging(void)
{
	size_t size = 32UL << 20, pages = size / PAGE;
	unsigned long *p = (void *)OK(mmap(NULL, size, PROT_READ | PROT_WRITE,
					   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));

	for (size_t i = 0; i < pages; i += 2)
		p[i * PAGE / sizeof(long) + (i & 7)] = i * 2654435761UL;
	for (size_t i = 0; i < pages; i++)
		CHECK_EQ(p[i * PAGE / sizeof(long) + (i & 7)], (i & 1) ? 0 : i * 2654435761UL);
	OK(munmap(p, size));
}

static void jump_to(void *addr)
{
	((void (*)(void))addr)();
}

static void t_segv(void)
{
	static const char rodata[] = "constant";
	void *volatile null = NULL;
	void *data = (void *)OK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));

	memset(data, 0xc3, PAGE); /* ret, in case the page runs */
	expect_signal(run_child(touch_write, null), SIGSEGV);
	expect_signal(run_child(touch_read, null), SIGSEGV);
	expect_signal(run_child(touch_read, (void *)0xffffffff80000000UL), SIGSEGV);
	expect_signal(run_child(touch_write, (void *)0x100000000000UL), SIGSEGV);
	expect_signal(run_child(touch_write, (void *)rodata), SIGSEGV);
	expect_signal(run_child(touch_write, (void *)t_segv), SIGSEGV);
	expect_signal(run_child(jump_to, data), SIGSEGV);
}

const struct utest proc_tests[] = {
	{ "fork", t_fork },
	{ "fork_cow", t_fork_cow },
	{ "fork_many", t_fork_many },
	{ "execve", t_execve },
	{ "execve_errors", t_execve_errors },
	{ "fork_inherit", t_fork_inherit },
	{ "exit", t_exit },
	{ "wait4", t_wait4 },
	{ "wait4_pgrp", t_wait4_pgrp },
	{ "ids", t_ids },
	{ "brk", t_brk },
	{ "mmap_anon", t_mmap_anon },
	{ "mmap_fixed", t_mmap_fixed },
	{ "mmap_file", t_mmap_file },
	{ "munmap", t_munmap },
	{ "mprotect", t_mprotect },
	{ "demand_paging", t_demand_paging },
	{ "segv", t_segv },
	{ NULL, NULL },
};
