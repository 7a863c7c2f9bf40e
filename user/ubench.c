/*
 * ubench: lmbench-style microbenchmarks of the system-call paths. Each
 * prints "ubench: NAME VALUE ticks/op", the rdtsc delta averaged over its
 * iterations (under QEMU -icount the TSC counts instructions). The
 * iteration counts aim at 10^6-10^7 instructions per benchmark.
 *
 * usage: ubench [NAME...]     (all benchmarks, or the named ones)
 *        ubench --exit-immediately   (what fork_exec_wait and exec_static run)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL

static const char *self = "/usr/bin/ubench";
/* Debian's dynamically linked true (glibc, ld.so), unless the initramfs was built with DEBIAN=n. */
static const char debian_true[] = "/debian/bin/true";
static int failures;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	/* clang-format off */
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	/* clang-format on */
	return ((uint64_t)hi << 32) | lo;
}

static void report(const char *name, uint64_t ticks, unsigned long ops)
{
	printf("ubench: %s %llu ticks/op\n", name, (unsigned long long)((ticks + ops / 2) / ops));
	fflush(stdout);
}

/* A benchmark that cannot run says why; ubench then exits 1. */
static int broken(const char *name, const char *what)
{
	printf("ubench: %s FAILED (%s: %s)\n", name, what, strerror(errno));
	fflush(stdout);
	failures++;
	return -1;
}

static void b_null_syscall(const char *name)
{
	const unsigned long n = 20000;
	uint64_t t;

	syscall(SYS_getppid);
	t = rdtsc();
	for (unsigned long i = 0; i < n; i++)
		syscall(SYS_getppid);
	report(name, rdtsc() - t, n);
}

static void b_devnull(const char *name, int do_write)
{
	const unsigned long n = 20000;
	int fd = open("/dev/null", O_RDWR);
	char c = 'x';
	uint64_t t;

	if (fd < 0) {
		broken(name, "open /dev/null");
		return;
	}
	if ((do_write ? write(fd, &c, 1) : read(fd, &c, 1)) < 0) {
		broken(name, do_write ? "write" : "read");
		close(fd);
		return;
	}
	t = rdtsc();
	if (do_write)
		for (unsigned long i = 0; i < n; i++)
			(void)!write(fd, &c, 1);
	else
		for (unsigned long i = 0; i < n; i++)
			(void)!read(fd, &c, 1);
	report(name, rdtsc() - t, n);
	close(fd);
}

static void b_read_devnull(const char *name)
{
	b_devnull(name, 0);
}

static void b_write_devnull(const char *name)
{
	b_devnull(name, 1);
}

/* fork, the child exits (or execs prog and exits 0), the parent waits. */
static int fork_once(const char *prog)
{
	extern char **environ;
	char *argv[] = { (char *)prog, "--exit-immediately", NULL };
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (prog)
			execve(prog, argv, environ);
		_exit(prog ? 127 : 0);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		errno = prog ? ENOEXEC : ECHILD;
		return -1;
	}
	return 0;
}

/* n rounds of fork_once(prog) (NULL: no exec), after one to warm up. */
static void b_fork(const char *name, const char *prog, unsigned long n)
{
	uint64_t t;

	fflush(stdout);
	if (fork_once(prog) < 0) {
		broken(name, prog ? "fork+execve" : "fork");
		return;
	}
	t = rdtsc();
	for (unsigned long i = 0; i < n; i++)
		if (fork_once(prog) < 0) {
			broken(name, "fork");
			return;
		}
	report(name, rdtsc() - t, n);
}

static void b_fork_exit_wait(const char *name)
{
	b_fork(name, NULL, 50);
}

static void b_fork_exec_wait(const char *name)
{
	b_fork(name, self, 20);
}

/*
 * exec of a static program against a dynamically linked one, fork and
 * wait included: the static one is this program (musl, exits at once),
 * the dynamic one Debian's true (ld.so maps and relocates glibc first;
 * it ignores the argument). The difference is the cost of dynamic
 * linking. Without Debian's programs the dynamic row is left out.
 */
static void b_exec_static(const char *name)
{
	b_fork(name, self, 10);
}

static void b_exec_dynamic(const char *name)
{
	if (access(debian_true, X_OK)) {
		printf("ubench: %s skipped (no %s: initramfs built with DEBIAN=n)\n", name, debian_true);
		return;
	}
	b_fork(name, debian_true, 10);
}

/* Closes a, and b unless it is the same descriptor (a socket serves both ways). */
static void close_pair(int a, int b)
{
	close(a);
	if (b != a)
		close(b);
}

/*
 * One byte there and back between two processes, per round trip: the
 * parent writes pw and reads pr, the child reads cr and writes cw.
 */
static void pingpong(const char *name, int pr, int pw, int cr, int cw)
{
	const unsigned long n = 2000;
	char c = 'p';
	uint64_t t;
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		broken(name, "fork");
		close_pair(pr, pw);
		close_pair(cr, cw);
		return;
	}
	if (pid == 0) {
		close_pair(pr, pw);
		while (read(cr, &c, 1) == 1)
			if (write(cw, &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close_pair(cr, cw);
	/* One warm-up round. */
	if (write(pw, &c, 1) != 1 || read(pr, &c, 1) != 1) {
		broken(name, "ping");
		close_pair(pr, pw);
		waitpid(pid, &st, 0);
		return;
	}
	t = rdtsc();
	for (unsigned long i = 0; i < n; i++)
		if (write(pw, &c, 1) != 1 || read(pr, &c, 1) != 1) {
			broken(name, "ping");
			break;
		}
	t = rdtsc() - t;
	close_pair(pr, pw);
	waitpid(pid, &st, 0);
	report(name, t, n);
}

static void b_pipe_pingpong(const char *name)
{
	int ab[2], ba[2];

	if (pipe(ab) < 0 || pipe(ba) < 0) {
		broken(name, "pipe");
		return;
	}
	pingpong(name, ba[0], ab[1], ab[0], ba[1]);
}

/* The same over an AF_UNIX stream socket pair: one descriptor each, both ways. */
static void b_unix_pingpong(const char *name)
{
	int s[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) < 0) {
		broken(name, "socketpair");
		return;
	}
	pingpong(name, s[0], s[0], s[1], s[1]);
}

/*
 * clock_gettime(CLOCK_MONOTONIC) through the system call itself. musl
 * would call a vDSO's instead if the auxiliary vector had AT_SYSINFO_EHDR;
 * the kernel gives none, and the raw call keeps this row the system call
 * should one appear.
 */
static void b_clock_gettime(const char *name)
{
	const unsigned long n = 20000;
	struct timespec ts;
	uint64_t t;

	if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts) < 0) {
		broken(name, "clock_gettime");
		return;
	}
	t = rdtsc();
	for (unsigned long i = 0; i < n; i++)
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	report(name, rdtsc() - t, n);
}

static void *thread_nop(void *arg)
{
	return arg;
}

/* pthread_create of a thread that returns at once, and its join. */
static void b_thread_create_join(const char *name)
{
	const unsigned long n = 200;
	pthread_t t;
	uint64_t c;

	if (pthread_create(&t, NULL, thread_nop, NULL) || pthread_join(t, NULL)) {
		broken(name, "pthread_create");
		return;
	}
	c = rdtsc();
	for (unsigned long i = 0; i < n; i++)
		if (pthread_create(&t, NULL, thread_nop, NULL) || pthread_join(t, NULL)) {
			broken(name, "pthread_create");
			return;
		}
	report(name, rdtsc() - c, n);
}

/*
 * Two threads pass a turn through one futex word: each waits for its
 * value and wakes the other, per round trip.
 */
static volatile int turn;

static void pass_turn(int to)
{
	turn = to;
	syscall(SYS_futex, &turn, 1 | 128, 1, NULL, NULL, 0); /* FUTEX_WAKE_PRIVATE */
}

static void wait_turn(int mine)
{
	int v;

	while ((v = turn) != mine)
		syscall(SYS_futex, &turn, 0 | 128, v, NULL, NULL, 0); /* FUTEX_WAIT_PRIVATE */
}

static const unsigned long futex_rounds = 2000;

static void *futex_partner(void *arg)
{
	for (unsigned long i = 0; i <= futex_rounds; i++) {
		wait_turn(1);
		pass_turn(0);
	}
	return arg;
}

static void b_futex_pingpong(const char *name)
{
	pthread_t t;
	uint64_t c = 0;

	turn = 0;
	if (pthread_create(&t, NULL, futex_partner, NULL)) {
		broken(name, "pthread_create");
		return;
	}
	/* Round 0 warms up. */
	for (unsigned long i = 0; i <= futex_rounds; i++) {
		if (i == 1)
			c = rdtsc();
		pass_turn(1);
		wait_turn(0);
	}
	c = rdtsc() - c;
	pthread_join(t, NULL);
	report(name, c, futex_rounds);
}

/* A write fault on fresh anonymous memory, per page. */
static void b_page_fault(const char *name)
{
	const unsigned long pages = 1024, rounds = 4;
	uint64_t total = 0, t;

	for (unsigned long r = 0; r < rounds; r++) {
		char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			broken(name, "mmap");
			return;
		}
		t = rdtsc();
		for (unsigned long i = 0; i < pages; i++)
			((volatile char *)p)[i * PAGE] = 1;
		total += rdtsc() - t;
		munmap(p, pages * PAGE);
	}
	report(name, total, pages * rounds);
}

static void b_mmap_munmap(const char *name)
{
	const unsigned long n = 1000;
	uint64_t t;

	t = rdtsc();
	for (unsigned long i = 0; i < n; i++) {
		void *p = mmap(NULL, 64 * 1024, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || munmap(p, 64 * 1024) < 0) {
			broken(name, "mmap/munmap");
			return;
		}
	}
	report(name, rdtsc() - t, n);
}

/* mprotect over 256 populated pages, alternating read-only and read-write. */
static void b_mprotect(const char *name)
{
	const unsigned long n = 300, len = 256 * PAGE;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t;

	if (p == MAP_FAILED) {
		broken(name, "mmap");
		return;
	}
	memset(p, 1, len);
	t = rdtsc();
	for (unsigned long i = 0; i < n; i++)
		if (mprotect(p, len, (i & 1) ? PROT_READ | PROT_WRITE : PROT_READ) < 0) {
			broken(name, "mprotect");
			munmap(p, len);
			return;
		}
	report(name, rdtsc() - t, n);
	munmap(p, len);
}

static const struct {
	const char *name;
	void (*fn)(const char *name);
} benches[] = {
	{ "null_syscall", b_null_syscall },
	{ "read_devnull", b_read_devnull },
	{ "write_devnull", b_write_devnull },
	{ "fork_exit_wait", b_fork_exit_wait },
	{ "fork_exec_wait", b_fork_exec_wait },
	{ "pipe_pingpong", b_pipe_pingpong },
	{ "page_fault", b_page_fault },
	{ "mmap_munmap_64k", b_mmap_munmap },
	{ "mprotect_256p", b_mprotect },
	{ "thread_create_join", b_thread_create_join },
	{ "futex_pingpong", b_futex_pingpong },
	{ "unix_pingpong", b_unix_pingpong },
	{ "clock_gettime", b_clock_gettime },
	{ "exec_static", b_exec_static },
	{ "exec_dynamic", b_exec_dynamic },
};

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--exit-immediately"))
		_exit(0);
	if (argv[0] && strchr(argv[0], '/'))
		self = argv[0];
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++) {
		int want = argc < 2;

		for (int a = 1; a < argc; a++)
			want |= !strcmp(argv[a], benches[i].name);
		if (want)
			benches[i].fn(benches[i].name);
	}
	printf("ubench: done\n");
	return failures ? 1 : 0;
}
