/*
 * hcount: hypercalls per operation, from the counters in /proc/pvops.
 * Each line is
 *
 *   hcount: NAME hypercalls H mmu M multicalls C entries E per N
 *
 * the increase of each counter over one run of the operation (N = 1), or
 * over N repetitions for the context switch. On a backend that makes no
 * hypercalls all counts are 0. Run it with lazymmu=on and lazymmu=off on
 * the kernel command line to see what batching saves (make bench, and the
 * Xen tests of make test).
 *
 *   mprotect_1024   mprotect(PROT_READ) of 1024 touched pages
 *   munmap_1024     munmap of 1024 touched pages
 *   fork_1000       fork of a process with 1000 touched pages, until the
 *                   child runs (its first switch loads and pins its tables;
 *                   it then waits on a pipe until it is counted)
 *   switch          one context switch (pipe ping-pong, N = 2000 switches)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL

struct counts {
	unsigned long hypercalls, mmu, multicalls, entries;
};

static int failures;

static int read_counts(struct counts *c)
{
	char buf[2048], *line;
	int fd = open("/proc/pvops", O_RDONLY);
	ssize_t n;

	memset(c, 0, sizeof(*c));
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		sscanf(line, "hypercalls: %lu", &c->hypercalls);
		sscanf(line, "mmu_hypercalls: %lu", &c->mmu);
		sscanf(line, "multicalls: %lu", &c->multicalls);
		sscanf(line, "multicall_entries: %lu", &c->entries);
	}
	return 0;
}

static void report(const char *name, const struct counts *a, const struct counts *b,
		   unsigned long per)
{
	printf("hcount: %s hypercalls %lu mmu %lu multicalls %lu entries %lu per %lu\n", name,
	       b->hypercalls - a->hypercalls, b->mmu - a->mmu, b->multicalls - a->multicalls,
	       b->entries - a->entries, per);
	fflush(stdout);
}

static void fail(const char *name, const char *what)
{
	printf("hcount: %s FAILED (%s: %s)\n", name, what, strerror(errno));
	fflush(stdout);
	failures++;
}

static char *touched(unsigned long pages)
{
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	for (unsigned long i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	return p;
}

static void h_mprotect_munmap(void)
{
	struct counts a, b;
	char *p = touched(1024);

	if (!p) {
		fail("mprotect_1024", "mmap");
		return;
	}
	read_counts(&a);
	if (mprotect(p, 1024 * PAGE, PROT_READ))
		fail("mprotect_1024", "mprotect");
	read_counts(&b);
	report("mprotect_1024", &a, &b, 1);

	read_counts(&a);
	if (munmap(p, 1024 * PAGE))
		fail("munmap_1024", "munmap");
	read_counts(&b);
	report("munmap_1024", &a, &b, 1);
}

static void h_fork(void)
{
	struct counts a, b;
	char *p = touched(1000), c;
	int go[2], up[2], st;
	pid_t pid;

	if (!p || pipe(go) || pipe(up)) {
		fail("fork_1000", "mmap or pipe");
		return;
	}
	read_counts(&a);
	pid = fork();
	if (pid == 0) {
		write(up[1], "u", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	if (pid > 0)
		read(up[0], &c, 1);
	read_counts(&b);
	if (pid < 0) {
		fail("fork_1000", "fork");
		return;
	}
	report("fork_1000", &a, &b, 1);
	write(go[1], "x", 1);
	waitpid(pid, &st, 0);
	close(go[0]);
	close(go[1]);
	close(up[0]);
	close(up[1]);
	munmap(p, 1000 * PAGE);
}

static void h_switch(void)
{
	const unsigned long rounds = 1000;
	struct counts a, b;
	int ping[2], pong[2], st;
	char c = 0;
	pid_t pid;

	if (pipe(ping) || pipe(pong)) {
		fail("switch", "pipe");
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			write(pong[1], &c, 1);
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	if (pid < 0) {
		fail("switch", "fork");
		return;
	}
	/* One round first, so that the child's first faults are not counted. */
	write(ping[1], &c, 1);
	read(pong[0], &c, 1);
	read_counts(&a);
	for (unsigned long i = 0; i < rounds; i++) {
		write(ping[1], &c, 1);
		read(pong[0], &c, 1);
	}
	read_counts(&b);
	report("switch", &a, &b, 2 * rounds);
	close(ping[1]);
	waitpid(pid, &st, 0);
	close(pong[0]);
}

int main(void)
{
	struct counts c;

	if (read_counts(&c)) {
		fail("setup", "/proc/pvops");
		return 1;
	}
	h_mprotect_munmap();
	h_fork();
	h_switch();
	system("grep hypercalls_by_number /proc/pvops");
	printf("hcount: done, %d failed\n", failures);
	return failures ? 1 : 0;
}
