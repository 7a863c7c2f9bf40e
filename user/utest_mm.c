/*
 * utest: memory shared between processes and with files (MAP_SHARED,
 * msync, SIGBUS past the end of a file, futexes in it), madvise, the
 * limit on the number of mappings, and the order in which mmap checks
 * its arguments.
 */
#include "utest.h"

#include <sched.h>

#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#define MADV_KEEPONFORK 19
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#define MAP_SYNC_FLAG 0x80000
#define FUTEX_WAIT    0
#define FUTEX_WAKE    1 /* MAP_SYNC: only for DAX files, so never valid here */

#define RW (PROT_READ | PROT_WRITE)

static void touch_write(void *addr)
{
	*(volatile char *)addr = 1;
}

static void touch_read(void *addr)
{
	(void)*(volatile char *)addr;
}

/* A child that exits with the byte at addr: what the child sees there. */
static void exit_with_byte(void *addr)
{
	_exit(*(volatile unsigned char *)addr);
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 13 + (i >> 12) + 1);
}

static void make_file(const char *path, size_t size)
{
	unsigned char *buf = malloc(size);

	CHECK(buf != NULL);
	for (size_t i = 0; i < size; i++)
		buf[i] = pattern(i);
	write_file(path, buf, size);
	free(buf);
}

static void xread(int fd, void *buf, size_t n)
{
	CHECK_EQ(read(fd, buf, n), (long long)n);
}

/* ------------------------------------------------------------ MAP_SHARED */

static void t_mmap_shared_anon(void)
{
	volatile unsigned char *p = (void *)OK(mmap(NULL, 3 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	int to_child[2], to_parent[2];
	char c;
	pid_t pid;

	CHECK_EQ(p[0], 0);
	p[0] = 1; /* a page both have before the fork */
	OK(pipe(to_child));
	OK(pipe(to_parent));
	pid = xfork();
	if (pid == 0) {
		if (p[0] != 1)
			_exit(10);
		p[1] = 3;    /* into the page the parent touched */
		p[PAGE] = 2; /* a page the child touches first */
		if (write(to_parent[1], "x", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(11);
		/* The parent's stores after the fork. */
		_exit(p[2 * PAGE] == 4 && p[2] == 5 ? 0 : 12);
	}
	xread(to_parent[0], &c, 1);
	CHECK_EQ(p[1], 3);
	CHECK_EQ(p[PAGE], 2);
	p[2 * PAGE] = 4;
	p[2] = 5;
	CHECK_EQ(write(to_child[1], "y", 1), 1);
	expect_exit(xwait(pid), 0);
	/* The child's pages stay with the parent after it is gone. */
	CHECK_EQ(p[PAGE], 2);
	OK(munmap((void *)p, 3 * PAGE));

	/*
	 * The pages go back with the last mapping: mapping and filling twice
	 * the machine's memory, 256 KiB at a time, must not run out.
	 */
	for (int i = 0; i < 2048; i++) {
		unsigned char *q = (void *)OK(mmap(NULL, 64 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0));

		for (size_t off = 0; off < 64 * PAGE; off += PAGE)
			q[off] = (unsigned char)i;
		CHECK_EQ(q[63 * PAGE], (unsigned char)i);
		OK(munmap(q, 64 * PAGE));
	}
}

static void t_mmap_shared_file(void)
{
	size_t size = 2 * PAGE + 100;
	volatile unsigned char *m, *m2;
	unsigned char b;
	int fd, fd2;
	pid_t pid;

	make_file("f", size);
	fd = OK(open("f", O_RDWR));
	m = (void *)OK(mmap(NULL, 3 * PAGE, RW, MAP_SHARED, fd, 0));
	for (size_t i = 0; i < size; i++)
		CHECK_EQ(m[i], pattern(i));
	/* The last page's tail, past the end of the file, reads as zeros. */
	CHECK_EQ(m[size], 0);
	CHECK_EQ(m[3 * PAGE - 1], 0);

	/* Stores reach read(), write()s reach the mapping. */
	m[10] = 'A';
	CHECK_EQ(pread(fd, &b, 1, 10), 1);
	CHECK_EQ(b, 'A');
	CHECK_EQ(pwrite(fd, "B", 1, PAGE + 5), 1);
	CHECK_EQ(m[PAGE + 5], 'B');

	/* A second mapping, read-only through another descriptor, of the second page. */
	fd2 = OK(open("f", O_RDONLY));
	m2 = (void *)OK(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd2, PAGE));
	CHECK_EQ(m2[5], 'B');
	m[PAGE + 6] = 'C';
	CHECK_EQ(m2[6], 'C');

	/* A child's stores through the inherited mapping are the parent's too. */
	pid = xfork();
	if (pid == 0) {
		m[20] = 'D';
		m[PAGE + 7] = 'E';
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	CHECK_EQ(m[20], 'D');
	CHECK_EQ(m2[7], 'E');
	CHECK_EQ(pread(fd2, &b, 1, 20), 1);
	CHECK_EQ(b, 'D');

	/* The mapping outlives the descriptors. */
	OK(close(fd));
	m[30] = 'F';
	CHECK_EQ(pread(fd2, &b, 1, 30), 1);
	CHECK_EQ(b, 'F');
	OK(munmap((void *)m, 3 * PAGE));
	CHECK_EQ(m2[6], 'C');
	OK(munmap((void *)m2, PAGE));
	OK(close(fd2));
	/* The file kept every store. */
	fd = OK(open("f", O_RDONLY));
	CHECK_EQ(pread(fd, &b, 1, PAGE + 7), 1);
	CHECK_EQ(b, 'E');
	close(fd);
}

static int trunc_fd;

/* Maps page 1 in, has the file cut to 10 bytes, touches page 1 again. */
static void truncate_under_own_mapping(void *addr)
{
	volatile unsigned char *m = addr;

	if (m[PAGE] != 9 || ftruncate(trunc_fd, 10) != 0)
		_exit(20);
	(void)m[PAGE]; /* SIGBUS */
	_exit(21);
}

static void t_mmap_shared_sigbus(void)
{
	volatile unsigned char *m;
	int to_child[2], to_parent[2];
	unsigned char b;
	char c;
	pid_t pid;

	make_file("f", 100);
	trunc_fd = OK(open("f", O_RDWR));
	m = (void *)OK(mmap(NULL, 3 * PAGE, RW, MAP_SHARED, trunc_fd, 0));
	m[PAGE - 1] = 1; /* the page holding the end of the file is whole */
	expect_signal(run_child(touch_read, (void *)(m + PAGE)), SIGBUS);
	expect_signal(run_child(touch_write, (void *)(m + 2 * PAGE + 7)), SIGBUS);

	/* Grown, the file has the page: zeros, and stores reach the file. */
	OK(ftruncate(trunc_fd, 2 * PAGE));
	CHECK_EQ(m[PAGE], 0);
	m[PAGE] = 9;
	CHECK_EQ(pread(trunc_fd, &b, 1, PAGE), 1);
	CHECK_EQ(b, 9);
	expect_signal(run_child(touch_read, (void *)(m + 2 * PAGE)), SIGBUS);

	/* Cut back under a mapping that has the page: its next access is SIGBUS. */
	expect_signal(run_child(truncate_under_own_mapping, (void *)m), SIGBUS);
	CHECK_EQ(pread(trunc_fd, &b, 1, PAGE), 0);
	OK(ftruncate(trunc_fd, 2 * PAGE));
	m[PAGE] = 9;
	/* ... and so is another process's, cut by this one. */
	OK(pipe(to_child));
	OK(pipe(to_parent));
	pid = xfork();
	if (pid == 0) {
		if (m[PAGE] != 9 || write(to_parent[1], "x", 1) != 1 ||
		    read(to_child[0], &c, 1) != 1)
			_exit(30);
		(void)m[PAGE]; /* SIGBUS */
		_exit(31);
	}
	xread(to_parent[0], &c, 1);
	OK(ftruncate(trunc_fd, 10));
	CHECK_EQ(write(to_child[1], "y", 1), 1);
	expect_signal(xwait(pid), SIGBUS);
	/* What is left is intact, and the cut page's tail reads as zeros, as in Linux. */
	CHECK_EQ(m[0], pattern(0));
	CHECK_EQ(m[9], pattern(9));
	CHECK_EQ(m[50], 0);
	OK(munmap((void *)m, 3 * PAGE));
	close(trunc_fd);
}

/* A private mapping, too, is bounded by the file as it is when touched. */
static void t_mmap_private_sigbus(void)
{
	volatile unsigned char *m;
	int fd;

	make_file("f", 100);
	fd = OK(open("f", O_RDWR));
	m = (void *)OK(mmap(NULL, 2 * PAGE, RW, MAP_PRIVATE, fd, 0));
	CHECK_EQ(m[99], pattern(99));
	CHECK_EQ(m[100], 0);
	expect_signal(run_child(touch_read, (void *)(m + PAGE)), SIGBUS);
	/* Grown after the mmap: the new bytes are there at the first touch. */
	CHECK_EQ(pwrite(fd, "xy", 2, PAGE + 1), 2);
	CHECK_EQ(m[PAGE + 1], 'x');
	CHECK_EQ(m[PAGE + 2], 'y');
	m[PAGE] = 7; /* private: the file does not see it */
	CHECK_EQ(pread(fd, (void *)&m[PAGE + 3], 1, PAGE), 1);
	CHECK_EQ(m[PAGE + 3], 0);
	OK(munmap((void *)m, 2 * PAGE));
	close(fd);
}

static void t_mmap_shared_parts(void)
{
	volatile unsigned char *p = (void *)OK(mmap(NULL, 4 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	pid_t pid;

	for (int i = 0; i < 4; i++)
		p[i * PAGE] = (unsigned char)(i + 1);
	OK(mprotect((void *)(p + PAGE), PAGE, PROT_READ));
	expect_signal(run_child(touch_write, (void *)(p + PAGE)), SIGSEGV);
	CHECK_EQ(p[PAGE], 2);
	OK(mprotect((void *)(p + PAGE), PAGE, PROT_NONE));
	expect_signal(run_child(touch_read, (void *)(p + PAGE)), SIGSEGV);
	OK(mprotect((void *)(p + PAGE), PAGE, RW));
	CHECK_EQ(p[PAGE], 2);
	p[PAGE] = 20;
	OK(munmap((void *)(p + 2 * PAGE), PAGE));
	expect_signal(run_child(touch_read, (void *)(p + 2 * PAGE)), SIGSEGV);

	/* What is left is still shared with a child, not copied on its writes. */
	pid = xfork();
	if (pid == 0) {
		p[0] = 10;
		p[PAGE] = 21;
		p[3 * PAGE] = 40;
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	CHECK_EQ(p[0], 10);
	CHECK_EQ(p[PAGE], 21);
	CHECK_EQ(p[3 * PAGE], 40);
	/* Private memory beside it stays copy-on-write. */
	unsigned char *priv = (void *)OK(mmap(NULL, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	priv[0] = 1;
	pid = xfork();
	if (pid == 0) {
		priv[0] = 2;
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	CHECK_EQ(priv[0], 1);
	OK(munmap(priv, PAGE));
	OK(munmap((void *)p, 4 * PAGE));
}

static void t_msync(void)
{
	unsigned char *m, b;
	int fd;

	/* Any mapping may be synced; private anonymous memory has nothing to do. */
	m = (void *)OK(mmap(NULL, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	OK(msync(m, PAGE, MS_SYNC));
	OK(munmap(m, PAGE));
	make_file("f", 2 * PAGE);
	fd = OK(open("f", O_RDWR));
	m = (void *)OK(mmap(NULL, 2 * PAGE, RW, MAP_SHARED, fd, 0));
	m[0] = 'Z';
	OK(msync(m, 2 * PAGE, MS_SYNC));
	CHECK_EQ(pread(fd, &b, 1, 0), 1);
	CHECK_EQ(b, 'Z');
	OK(msync(m, 2 * PAGE, MS_ASYNC));
	OK(msync(m, PAGE, MS_INVALIDATE));
	OK(msync(m, 100, MS_SYNC | MS_INVALIDATE));
	OK(msync(m, 0, MS_SYNC));
	CHECK_ERR(msync(m, PAGE, MS_SYNC | MS_ASYNC), EINVAL);
	CHECK_ERR(msync(m, PAGE, 8), EINVAL);
	CHECK_ERR(msync(m + 1, PAGE, MS_SYNC), EINVAL);
	OK(munmap(m + PAGE, PAGE));
	CHECK_ERR(msync(m, 2 * PAGE, MS_SYNC), ENOMEM);
	CHECK_ERR(msync(m + PAGE, PAGE, MS_ASYNC), ENOMEM);
	OK(msync(m, PAGE, MS_SYNC));
	OK(munmap(m, PAGE));
	close(fd);
}

/*
 * Wakes the futex at w until the one waiter there is woken: the waiter
 * goes to sleep some time after the fork, and until then there is no one
 * to wake. Bounded, so a wake that can never reach it fails the test.
 */
static void wake_one(volatile int *w)
{
	for (int i = 0; i < 100000; i++) {
		long n = syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);

		if (n == 1)
			return;
		CHECK_EQ(n, 0);
		sched_yield();
	}
	fail("no waiter was woken at %p", (void *)w);
}

static void t_futex_shared(void)
{
	volatile int *w = (void *)OK(mmap(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	volatile int *f, *f2;
	pid_t pid;
	int fd;

	/* Parent and child meet on a word of shared anonymous memory. */
	pid = xfork();
	if (pid == 0)
		_exit(syscall(SYS_futex, w, FUTEX_WAIT, 0, NULL, NULL, 0) == 0 ? 0 : 10);
	wake_one(w);
	expect_exit(xwait(pid), 0);

	/* And on a word of a file, mapped at another address in the child. */
	make_file("f", PAGE);
	fd = OK(open("f", O_RDWR));
	f = (void *)OK(mmap(NULL, PAGE, RW, MAP_SHARED, fd, 0));
	f[2] = 0;
	pid = xfork();
	if (pid == 0) {
		f2 = mmap(NULL, PAGE, RW, MAP_SHARED, fd, 0);
		if (f2 == MAP_FAILED || f2 == f)
			_exit(11);
		_exit(syscall(SYS_futex, &f2[2], FUTEX_WAIT, 0, NULL, NULL, 0) == 0 ? 0 : 12);
	}
	wake_one(&f[2]);
	expect_exit(xwait(pid), 0);
	OK(munmap((void *)f, PAGE));
	OK(munmap((void *)w, PAGE));
	close(fd);
}

/* ------------------------------------------------------------ madvise */

static void t_madvise_dontneed(void)
{
	unsigned char *a, *m, *s;
	pid_t pid;
	int fd;

	/* Private anonymous: the pages go; zeros come back. */
	a = (void *)OK(mmap(NULL, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	memset(a, 0x5a, 2 * PAGE);
	OK(madvise(a, 2 * PAGE, MADV_DONTNEED));
	CHECK_EQ(a[0], 0);
	CHECK_EQ(a[PAGE + 1], 0);
	a[0] = 1;
	CHECK_EQ(a[0], 1);

	/* Shared by fork, copy-on-write: the child drops its view, the parent keeps its data. */
	a[PAGE] = 7;
	pid = xfork();
	if (pid == 0) {
		if (madvise(a, 2 * PAGE, MADV_DONTNEED) != 0)
			_exit(10);
		_exit(a[0] == 0 && a[PAGE] == 0 ? 0 : 11);
	}
	expect_exit(xwait(pid), 0);
	CHECK_EQ(a[0], 1);
	CHECK_EQ(a[PAGE], 7);
	OK(munmap(a, 2 * PAGE));

	/* Private file mapping: the file's bytes come back, not the private copy. */
	make_file("f", PAGE);
	fd = OK(open("f", O_RDONLY));
	m = (void *)OK(mmap(NULL, PAGE, RW, MAP_PRIVATE, fd, 0));
	m[3] = (unsigned char)~pattern(3);
	OK(madvise(m, PAGE, MADV_DONTNEED));
	CHECK_EQ(m[3], pattern(3));
	OK(munmap(m, PAGE));
	close(fd);

	/* Shared memory keeps its data: the next touch finds the same page. */
	s = (void *)OK(mmap(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	s[0] = 42;
	OK(madvise(s, PAGE, MADV_DONTNEED));
	CHECK_EQ(s[0], 42);
	OK(munmap(s, PAGE));
	fd = OK(open("f", O_RDWR));
	s = (void *)OK(mmap(NULL, PAGE, RW, MAP_SHARED, fd, 0));
	s[5] = 'q';
	OK(madvise(s, PAGE, MADV_DONTNEED));
	CHECK_EQ(s[5], 'q');
	OK(munmap(s, PAGE));
	close(fd);

	/* MADV_FREE: private anonymous memory only, which it may drop. */
	a = (void *)OK(mmap(NULL, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	OK(madvise(a, PAGE, MADV_FREE));
	s = (void *)OK(mmap(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	CHECK_ERR(madvise(s, PAGE, MADV_FREE), EINVAL);
	OK(munmap(a, PAGE));
	OK(munmap(s, PAGE));
}

static void t_madvise_fork(void)
{
	unsigned char *d = (void *)OK(mmap(NULL, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	unsigned char *w = (void *)OK(mmap(NULL, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	unsigned char *s;
	int fd;

	/* MADV_DONTFORK: the child has nothing there; MADV_DOFORK undoes it. */
	d[0] = 1;
	d[PAGE] = 2;
	OK(madvise(d, PAGE, MADV_DONTFORK));
	expect_signal(run_child(touch_read, d), SIGSEGV);
	expect_exit(run_child(exit_with_byte, d + PAGE), 2);
	OK(madvise(d, PAGE, MADV_DOFORK));
	expect_exit(run_child(exit_with_byte, d), 1);

	/* MADV_WIPEONFORK: the child finds zeros, and may use the memory; the parent keeps its data. */
	w[0] = 3;
	w[PAGE] = 4;
	OK(madvise(w, 2 * PAGE, MADV_WIPEONFORK));
	expect_exit(run_child(exit_with_byte, w), 0);
	expect_exit(run_child(exit_with_byte, w + PAGE), 0);
	expect_exit(run_child(touch_write, w), 0);
	CHECK_EQ(w[0], 3);
	OK(madvise(w, PAGE, MADV_KEEPONFORK));
	expect_exit(run_child(exit_with_byte, w), 3);
	expect_exit(run_child(exit_with_byte, w + PAGE), 0);

	/* Wiping is for private anonymous memory only. */
	s = (void *)OK(mmap(NULL, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	CHECK_ERR(madvise(s, PAGE, MADV_WIPEONFORK), EINVAL);
	OK(munmap(s, PAGE));
	make_file("f", PAGE);
	fd = OK(open("f", O_RDONLY));
	s = (void *)OK(mmap(NULL, PAGE, RW, MAP_PRIVATE, fd, 0));
	CHECK_ERR(madvise(s, PAGE, MADV_WIPEONFORK), EINVAL);
	OK(madvise(s, PAGE, MADV_DONTFORK)); /* that one applies to any mapping */
	expect_signal(run_child(touch_read, s), SIGSEGV);
	OK(munmap(s, PAGE));
	close(fd);
	OK(munmap(d, 2 * PAGE));
	OK(munmap(w, 2 * PAGE));
}

static void t_madvise_args(void)
{
	unsigned char *p = (void *)OK(mmap(NULL, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));

	CHECK_ERR(madvise(p, PAGE, 5), EINVAL); /* no such advice */
	CHECK_ERR(madvise(p, PAGE, 12345), EINVAL);
	CHECK_ERR(madvise(p + 1, PAGE, MADV_NORMAL), EINVAL);
	CHECK_ERR(madvise(p, -PAGE, MADV_NORMAL), EINVAL); /* wraps around */
	OK(madvise(p, 0, MADV_DONTNEED));
	OK(madvise(p, 2 * PAGE, MADV_NORMAL));
	OK(madvise(p, 2 * PAGE, MADV_RANDOM));
	OK(madvise(p, 2 * PAGE, MADV_SEQUENTIAL));
	OK(madvise(p, 2 * PAGE, MADV_WILLNEED));
	OK(munmap(p + PAGE, PAGE));
	CHECK_ERR(madvise(p + PAGE, PAGE, MADV_NORMAL), ENOMEM);
	CHECK_ERR(madvise(p, 2 * PAGE, MADV_WILLNEED), ENOMEM);
	/* The mapped part still takes the advice. */
	p[0] = 5;
	CHECK_ERR(madvise(p, 2 * PAGE, MADV_DONTNEED), ENOMEM);
	CHECK_EQ(p[0], 0);
	OK(munmap(p, PAGE));
}

/* ------------------------------------------------------------ limits and checks */

/*
 * Linux's vm.max_map_count, 65530 by default: splitting one mapping page
 * by page finds it, and at it mprotect, munmap and madvise that would
 * split further fail. The loop goes from the top down, so that the part
 * still being split stays near the bottom of the list of mappings.
 */
static void t_max_map_count(void)
{
	const size_t pairs = 33000;
	size_t done = 0, i;
	char *p, *q[3];
	int e = 0, fails = 0;

	p = (void *)OK(mmap(NULL, (2 * pairs + 1) * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	for (i = pairs; i-- > 0; done++) {
		if (mprotect(p + (2 * i + 1) * PAGE, PAGE, RW) != 0) {
			e = errno;
			break;
		}
	}
	CHECK_EQ(e, ENOMEM);
	if (done < 32000 || done > 32765)
		fail("%zu splits before ENOMEM, expected just under 32765", done);
	/* At the limit: no hole in the middle of a mapping, no split by madvise. */
	CHECK_ERR(munmap(p + PAGE, PAGE), ENOMEM);
	CHECK_ERR(madvise(p + PAGE, PAGE, MADV_DONTFORK), EAGAIN);
	/* New mappings: one past the limit at most, as Linux's mmap counts. */
	for (int k = 0; k < 3; k++) {
		/* Each unlike the one before, so that none can join another. */
		q[k] = mmap(NULL, PAGE, k == 1 ? PROT_EXEC : PROT_READ | PROT_EXEC,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (q[k] == MAP_FAILED) {
			CHECK_EQ(errno, ENOMEM);
			fails++;
		}
	}
	CHECK(fails >= 1);
	for (int k = 0; k < 3; k++)
		if (q[k] != MAP_FAILED)
			OK(munmap(q[k], PAGE));
	/* Unmapping a whole mapping at the top of what was split is fine. */
	OK(munmap(p + (2 * pairs - 1) * PAGE, PAGE));
	OK(munmap(p, (2 * pairs + 1) * PAGE));
	/* Room again. */
	p = (void *)OK(mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	OK(mprotect(p + PAGE, PAGE, RW));
	OK(munmap(p, 3 * PAGE));
}

/*
 * mmap's errors come in Linux's order: the offset's alignment, the
 * descriptor (EBADF), the length, then the mapping type, the access the
 * descriptor allows (EACCES) and whether the file can be mapped (ENODEV).
 */
static void t_mmap_check_order(void)
{
	int wr, rd, rw, pfd[2], dir, null;
	void *m;

	CHECK_ERR(syscall(SYS_mmap, NULL, 0, PROT_READ, MAP_PRIVATE, 55, 0), EBADF);
	CHECK_ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, 0, 55, 0), EBADF);
	CHECK_ERR(syscall(SYS_mmap, NULL, PAGE, PROT_READ, MAP_PRIVATE, 55, 1), EINVAL);

	make_file("f", PAGE);
	wr = OK(open("f", O_WRONLY));
	/* LTP's mmap06 cases: a write-only descriptor. */
	CHECK_ERR(mmap(NULL, 0, RW, MAP_SHARED, wr, 0), EINVAL);
	CHECK_ERR(mmap(NULL, PAGE, RW, 0, wr, 0), EINVAL);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, wr, 0), EACCES);
	CHECK_ERR(mmap(NULL, PAGE, PROT_WRITE, MAP_SHARED, wr, 0), EACCES);
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, wr, 0), EACCES);

	/* A read-only descriptor: private writable mappings yes, shared ones never. */
	rd = OK(open("f", O_RDONLY));
	CHECK_ERR(mmap(NULL, PAGE, RW, MAP_SHARED, rd, 0), EACCES);
	m = (void *)OK(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, rd, 0));
	CHECK_ERR(mprotect(m, PAGE, RW), EACCES);
	OK(munmap(m, PAGE));
	m = (void *)OK(mmap(NULL, PAGE, RW, MAP_PRIVATE, rd, 0));
	OK(munmap(m, PAGE));

	/* MAP_SHARED_VALIDATE knows its flags. */
	rw = OK(open("f", O_RDWR));
	m = (void *)OK(mmap(NULL, PAGE, RW, MAP_SHARED_VALIDATE, rw, 0));
	OK(munmap(m, PAGE));
	CHECK_ERR(mmap(NULL, PAGE, RW, MAP_SHARED_VALIDATE | MAP_SYNC_FLAG, rw, 0), EOPNOTSUPP);

	/* What cannot be mapped. */
	OK(pipe(pfd));
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, pfd[0], 0), ENODEV);
	dir = OK(open(".", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, dir, 0), ENODEV);
	null = OK(open("/dev/null", O_RDWR));
	CHECK_ERR(mmap(NULL, PAGE, RW, MAP_SHARED, null, 0), ENODEV);

	/* mprotect: a misaligned start is wrong even for an empty range. */
	CHECK_ERR(syscall(SYS_mprotect, (char *)m + 1, 0, PROT_READ), EINVAL);
	OK(syscall(SYS_mprotect, m, 0, PROT_READ));
}

/* mincore: touched anonymous pages and a file's pages are in memory; holes are ENOMEM. */
static void t_mincore(void)
{
	unsigned char vec[4];
	char *a, *f;
	int fd;

	a = (char *)OK(mmap(NULL, 4 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	a[PAGE] = 1;
	a[3 * PAGE] = 1;
	OK(mincore(a, 4 * PAGE, vec));
	CHECK(vec[0] == 0 && vec[1] == 1 && vec[2] == 0 && vec[3] == 1);
	OK(mincore(a, PAGE + 1, vec)); /* the length is rounded up */
	CHECK((vec[0] & 1) == 0 && (vec[1] & 1) == 1);
	CHECK_ERR(mincore(a + 1, PAGE, vec), EINVAL);
	CHECK_ERR(mincore(a, PAGE, BAD), EFAULT);
	OK(munmap(a + 2 * PAGE, PAGE));
	CHECK_ERR(mincore(a, 4 * PAGE, vec), ENOMEM);
	OK(munmap(a, 4 * PAGE));

	fd = OK(open("f", O_RDWR | O_CREAT, 0600));
	write_file("f", "data", 4);
	f = (char *)OK(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0));
	OK(mincore(f, PAGE, vec));
	CHECK(vec[0] & 1);
	OK(munmap(f, PAGE));
	close(fd);
}

const struct utest mm_tests[] = {
	{ "mmap_shared_anon", t_mmap_shared_anon },
	{ "mmap_shared_file", t_mmap_shared_file },
	{ "mmap_shared_sigbus", t_mmap_shared_sigbus },
	{ "mmap_shared_parts", t_mmap_shared_parts },
	{ "mmap_private_sigbus", t_mmap_private_sigbus },
	{ "msync", t_msync },
	{ "futex_shared", t_futex_shared },
	{ "madvise_dontneed", t_madvise_dontneed },
	{ "madvise_fork", t_madvise_fork },
	{ "madvise_args", t_madvise_args },
	{ "max_map_count", t_max_map_count },
	{ "mmap_check_order", t_mmap_check_order },
	{ "mincore", t_mincore },
	{ NULL, NULL },
};
