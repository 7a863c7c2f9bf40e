/*
 * utest: more of the file system calls: select and pselect6, statfs,
 * named pipes, pipe sizes and packet mode, RLIMIT_FSIZE, O_PATH.
 * Record locks, leases and F_SETOWN are in utest_locks.c.
 *
 * Where a process must be asleep in a call before the test goes on, it
 * says so through a pipe first and the test then waits until /proc shows
 * it sleeping: nothing here depends on how long anything takes.
 */
#include "utest.h"

#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/uio.h>
#include <sys/vfs.h>

#define TMPFS_MAGIC	 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define PIPEFS_MAGIC	 0x50495045

/* ------------------------------------------------------------ helpers */

void wait_sleeping(pid_t pid)
{
	for (long i = 0; i < 1000000; i++) {
		if (proc_state(pid) == 'S')
			return;
		sched_yield();
	}
	fail("process %d never went to sleep", (int)pid);
}

static void ignore_sig(int sig)
{
	(void)sig;
}

void catch_without_restart(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn ? fn : ignore_sig;
	OK(sigaction(sig, &sa, NULL));
}

/* ------------------------------------------------------------ select, pselect6 */

static long sys_select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	return syscall(SYS_select, n, r, w, e, tv);
}

static void t_select(void)
{
	fd_set r, w, e;
	struct timeval tv = { 0, 0 };
	int p[2], q[2], ready[2];
	char c;
	pid_t pid;

	OK(pipe(p));
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	FD_SET(p[0], &e);
	/* Empty: only the write end is ready, and each set says so on its own. */
	CHECK_EQ(sys_select(p[1] + 1, &r, &w, &e, &tv), 1);
	CHECK(!FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w) && !FD_ISSET(p[0], &e));
	CHECK_EQ(write(p[1], "x", 1), 1);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	CHECK_EQ(sys_select(p[1] + 1, &r, &w, NULL, &tv), 2);
	CHECK(FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w));
	CHECK_EQ(read(p[0], &c, 1), 1);

	/* A timeout that runs out: nothing, the sets emptied, no time left. */
	FD_SET(p[0], &r);
	tv = (struct timeval){ 0, 20000 };
	CHECK_EQ(sys_select(p[0] + 1, &r, NULL, NULL, &tv), 0);
	CHECK(!FD_ISSET(p[0], &r));
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0);
	/* Ready at once: the time left is written back. */
	FD_SET(p[1], &w);
	tv = (struct timeval){ 100, 0 };
	CHECK_EQ(sys_select(p[1] + 1, NULL, &w, NULL, &tv), 1);
	CHECK(tv.tv_sec >= 90 && tv.tv_sec <= 100 && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	/* Microseconds past a second are carried, not refused. */
	tv = (struct timeval){ 0, 2500000 };
	CHECK_EQ(sys_select(p[1] + 1, NULL, &w, NULL, &tv), 1);
	/* The C library's select. */
	FD_SET(p[1], &w);
	CHECK_EQ(select(p[1] + 1, NULL, &w, NULL, NULL), 1);

	/* Hung up: readable. */
	OK(close(p[1]));
	FD_SET(p[0], &r);
	tv = (struct timeval){ 0, 0 };
	CHECK_EQ(sys_select(p[0] + 1, &r, NULL, NULL, &tv), 1);
	CHECK(FD_ISSET(p[0], &r));

	/* A closed descriptor in a set; bad counts, times and pointers. */
	FD_ZERO(&r);
	FD_SET(p[1], &r);
	CHECK_ERR(sys_select(p[1] + 1, &r, NULL, NULL, &tv), EBADF);
	CHECK_ERR(sys_select(-1, NULL, NULL, NULL, &tv), EINVAL);
	tv = (struct timeval){ -1, 0 };
	CHECK_ERR(sys_select(1, NULL, NULL, NULL, &tv), EINVAL);
	tv = (struct timeval){ 0, -1 };
	CHECK_ERR(sys_select(1, NULL, NULL, NULL, &tv), EINVAL);
	tv = (struct timeval){ 0, 0 };
	CHECK_ERR(sys_select(p[0] + 1, BAD, NULL, NULL, &tv), EFAULT);
	CHECK_ERR(sys_select(p[0] + 1, NULL, NULL, NULL, BAD), EFAULT);

	/* A signal with a handler ends a wait with EINTR. */
	OK(pipe(q));
	OK(pipe(ready));
	pid = xfork();
	if (pid == 0) {
		fd_set rr;

		catch_without_restart(SIGUSR1, NULL);
		FD_ZERO(&rr);
		FD_SET(q[0], &rr);
		CHECK_EQ(write(ready[1], "r", 1), 1);
		CHECK_ERR(sys_select(q[0] + 1, &rr, NULL, NULL, NULL), EINTR);
		_exit(0);
	}
	CHECK_EQ(read(ready[0], &c, 1), 1);
	wait_sleeping(pid);
	OK(kill(pid, SIGUSR1));
	expect_exit(xwait(pid), 0);
}

static volatile sig_atomic_t usr1_seen;

static void count_usr1(int sig)
{
	(void)sig;
	usr1_seen++;
}

struct sigset_argpack {
	const sigset_t *ss;
	size_t ss_len;
};

static void t_pselect6(void)
{
	struct sigset_argpack pack;
	struct timespec ts = { 5, 0 };
	sigset_t block, empty, now;
	fd_set r;
	int p[2];

	OK(pipe(p));
	catch_without_restart(SIGUSR1, count_usr1);
	sigemptyset(&empty);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	OK(sigprocmask(SIG_BLOCK, &block, NULL));
	OK(raise(SIGUSR1));
	CHECK_EQ(usr1_seen, 0);
	/* The wait's mask lets the pending signal in at once, atomically: EINTR, then the old mask. */
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	pack = (struct sigset_argpack){ &empty, 8 };
	CHECK_ERR(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &pack), EINTR);
	CHECK_EQ(usr1_seen, 1);
	OK(sigprocmask(SIG_BLOCK, NULL, &now));
	CHECK(sigismember(&now, SIGUSR1));

	/* No mask (either way); the time left is written back. */
	FD_SET(p[0], &r);
	ts = (struct timespec){ 0, 10000000 };
	CHECK_EQ(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, NULL), 0);
	CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0);
	pack = (struct sigset_argpack){ NULL, 8 };
	CHECK_EQ(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &pack), 0);
	CHECK_EQ(write(p[1], "x", 1), 1);
	FD_SET(p[0], &r);
	CHECK_EQ(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, NULL, NULL), 1);
	CHECK(FD_ISSET(p[0], &r));
	CHECK_EQ(pselect(p[0] + 1, &r, NULL, NULL, NULL, &block), 1);

	/* Errors: a mask of the wrong size, unnormalised nanoseconds, bad pointers. */
	pack = (struct sigset_argpack){ &empty, 4 };
	CHECK_ERR(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &pack), EINVAL);
	ts = (struct timespec){ 0, 1000000000 };
	CHECK_ERR(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, NULL), EINVAL);
	ts = (struct timespec){ 0, 0 };
	CHECK_ERR(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, BAD), EFAULT);
	pack = (struct sigset_argpack){ BAD, 8 };
	CHECK_ERR(syscall(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &pack), EFAULT);
	CHECK_ERR(syscall(SYS_pselect6, -1, NULL, NULL, NULL, &ts, NULL), EINVAL);
	CHECK_EQ(usr1_seen, 1);
}

/* ------------------------------------------------------------ statfs */

/* The pvkernel keeps every file in its RAM file system; elsewhere, what "." is on. */
static long scratch_fs_type(void)
{
	struct statfs s;

	if (access("/proc/pvops", F_OK) == 0)
		return TMPFS_MAGIC;
	OK(statfs(".", &s));
	return s.f_type;
}

static void t_statfs(void)
{
	long fs = scratch_fs_type();
	struct statfs s;
	int fd, p[2];

	OK(statfs(".", &s));
	CHECK_EQ(s.f_type, fs);
	CHECK_EQ(s.f_bsize, 4096);
	CHECK_EQ(s.f_frsize, 4096);
	CHECK_EQ(s.f_namelen, 255);
	CHECK(s.f_blocks > 0 && s.f_bfree > 0 && s.f_bfree <= s.f_blocks);
	CHECK(s.f_bavail <= s.f_bfree);
	CHECK(s.f_flags & 0x20); /* ST_VALID */
	write_file("f", "x", 1);
	OK(statfs("f", &s));
	CHECK_EQ(s.f_type, fs);
	if (access("/proc/pvops", F_OK) == 0) {
		OK(statfs("/", &s));
		CHECK_EQ(s.f_type, TMPFS_MAGIC);
		OK(statfs("/dev/null", &s));
		CHECK_EQ(s.f_type, TMPFS_MAGIC);
	}
	OK(statfs("/proc", &s));
	CHECK_EQ(s.f_type, PROC_SUPER_MAGIC);
	OK(statfs("/proc/self/stat", &s));
	CHECK_EQ(s.f_type, PROC_SUPER_MAGIC);
	CHECK_EQ(s.f_namelen, 255);

	fd = OK(open("f", O_RDONLY));
	OK(fstatfs(fd, &s));
	CHECK_EQ(s.f_type, fs);
	close(fd);
	OK(pipe(p));
	OK(fstatfs(p[0], &s));
	CHECK_EQ(s.f_type, PIPEFS_MAGIC);

	CHECK_ERR(statfs("missing", &s), ENOENT);
	CHECK_ERR(statfs("f/x", &s), ENOTDIR);
	CHECK_ERR(statfs(BAD, &s), EFAULT);
	CHECK_ERR(syscall(SYS_statfs, "/", BAD), EFAULT);
	CHECK_ERR(fstatfs(99, &s), EBADF);
	CHECK_ERR(syscall(SYS_fstatfs, p[0], BAD), EFAULT);
}

/* ------------------------------------------------------------ named pipes */

static void t_fifo(void)
{
	struct pollfd pfd;
	char buf[16], c;
	int r, w, rw, sync[2];
	struct stat st;
	pid_t pid;

	OK(mkfifo("ff", 0644));
	OK(stat("ff", &st));
	CHECK(S_ISFIFO(st.st_mode));
	/* No reader: a writer that will not wait gets ENXIO. */
	CHECK_ERR(open("ff", O_WRONLY | O_NONBLOCK), ENXIO);
	/* A reader that will not wait opens at once: no writer, end of file. */
	r = OK(open("ff", O_RDONLY | O_NONBLOCK));
	CHECK_EQ(read(r, buf, sizeof(buf)), 0);
	w = OK(open("ff", O_WRONLY | O_NONBLOCK));
	CHECK_EQ(write(w, "abc", 3), 3);
	CHECK_EQ(read(r, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "abc", 3));
	CHECK_ERR(read(r, buf, 1), EAGAIN);
	CHECK_ERR(lseek(r, 0, SEEK_SET), ESPIPE);
	OK(close(w));
	CHECK_EQ(read(r, buf, sizeof(buf)), 0);
	/* The reader gone: EPIPE (SIGPIPE ignored). */
	signal(SIGPIPE, SIG_IGN);
	w = OK(open("ff", O_WRONLY | O_NONBLOCK));
	OK(close(r));
	CHECK_ERR(write(w, "x", 1), EPIPE);
	OK(close(w));
	/* O_RDWR never waits, and is both ends. */
	rw = OK(open("ff", O_RDWR));
	CHECK_EQ(write(rw, "xy", 2), 2);
	CHECK_EQ(read(rw, buf, sizeof(buf)), 2);
	OK(close(rw));
	/* What was in it when the last end closed is gone. */
	rw = OK(open("ff", O_RDWR | O_NONBLOCK));
	CHECK_EQ(write(rw, "lost", 4), 4);
	OK(close(rw));
	rw = OK(open("ff", O_RDWR | O_NONBLOCK));
	CHECK_ERR(read(rw, buf, sizeof(buf)), EAGAIN);
	OK(close(rw));

	/* A reader sees a hang-up only once a writer has come and gone since it opened. */
	r = OK(open("ff", O_RDONLY | O_NONBLOCK));
	pfd = (struct pollfd){ r, POLLIN, 0 };
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	OK(close(OK(open("ff", O_WRONLY | O_NONBLOCK))));
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLHUP);
	OK(close(r));

	/* A reader waits for a writer. */
	OK(pipe(sync));
	pid = xfork();
	if (pid == 0) {
		CHECK_EQ(write(sync[1], "r", 1), 1);
		r = OK(open("ff", O_RDONLY));
		CHECK_EQ(read(r, buf, sizeof(buf)), 5);
		CHECK(!memcmp(buf, "hello", 5));
		CHECK_EQ(read(r, buf, sizeof(buf)), 0);
		_exit(0);
	}
	CHECK_EQ(read(sync[0], &c, 1), 1);
	wait_sleeping(pid);
	w = OK(open("ff", O_WRONLY));
	CHECK_EQ(write(w, "hello", 5), 5);
	OK(close(w));
	expect_exit(xwait(pid), 0);

	/* A writer waits for a reader. */
	pid = xfork();
	if (pid == 0) {
		CHECK_EQ(write(sync[1], "w", 1), 1);
		w = OK(open("ff", O_WRONLY));
		CHECK_EQ(write(w, "data", 4), 4);
		_exit(0);
	}
	CHECK_EQ(read(sync[0], &c, 1), 1);
	wait_sleeping(pid);
	r = OK(open("ff", O_RDONLY));
	expect_exit(xwait(pid), 0);
	CHECK_EQ(read(r, buf, sizeof(buf)), 4);
	CHECK(!memcmp(buf, "data", 4));
	CHECK_EQ(read(r, buf, sizeof(buf)), 0);
	OK(close(r));

	/* A signal with a handler ends the wait with EINTR and leaves no end behind. */
	pid = xfork();
	if (pid == 0) {
		catch_without_restart(SIGUSR1, NULL);
		CHECK_EQ(write(sync[1], "w", 1), 1);
		CHECK_ERR(open("ff", O_WRONLY), EINTR);
		_exit(0);
	}
	CHECK_EQ(read(sync[0], &c, 1), 1);
	wait_sleeping(pid);
	OK(kill(pid, SIGUSR1));
	expect_exit(xwait(pid), 0);
	CHECK_ERR(open("ff", O_WRONLY | O_NONBLOCK), ENXIO);
	/* Not something to run: exec refuses it rather than wait for a writer. */
	OK(chmod("ff", 0755));
	CHECK_ERR(execl("ff", "ff", (char *)NULL), EACCES);
	OK(unlink("ff"));
}

/* ------------------------------------------------------------ pipe sizes, packets */

/*
 * Whether we hold CAP_SYS_RESOURCE: CapEff in /proc/self/status where
 * there is one (root in a container may lack it), else root.
 */
static int may_exceed_pipe_max(void)
{
	char buf[2048], *cap;
	unsigned long long eff;

	read_file("/proc/self/status", buf, sizeof(buf));
	cap = strstr(buf, "CapEff:");
	if (!cap)
		return geteuid() == 0;
	eff = strtoull(cap + 7, NULL, 16);
	return (eff >> 24) & 1; /* CAP_SYS_RESOURCE */
}

static void t_pipe_size(void)
{
	static char big[3 * 4096], back[3 * 4096];
	int p[2], fd;
	pid_t pid;

	OK(pipe(p));
	CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), 65536);
	/* Rounded up to a power of two of pages, at least one, shared by both ends. */
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 5000), 8192);
	CHECK_EQ(fcntl(p[0], F_GETPIPE_SZ), 8192);
	CHECK_EQ(fcntl(p[1], F_SETPIPE_SZ, 0), 4096);
	/* The capacity is what it says. */
	OK(fcntl(p[1], F_SETFL, O_NONBLOCK));
	CHECK_EQ(write(p[1], big, 8192), 4096);
	CHECK_ERR(write(p[1], "x", 1), EAGAIN);
	CHECK_EQ(read(p[0], back, sizeof(back)), 4096);
	/* Not below what it holds; what it holds stays in order. */
	CHECK_EQ(fcntl(p[0], F_SETPIPE_SZ, 65536), 65536);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	CHECK_EQ(write(p[1], big, sizeof(big)), sizeof(big));
	CHECK_ERR(fcntl(p[0], F_SETPIPE_SZ, 8192), EBUSY);
	CHECK_EQ(fcntl(p[0], F_SETPIPE_SZ, 16384), 16384);
	CHECK_EQ(read(p[0], back, sizeof(back)), sizeof(back));
	CHECK(!memcmp(big, back, sizeof(big)));
	/* Too big to be a size at all; not a pipe. */
	CHECK_ERR(fcntl(p[0], F_SETPIPE_SZ, 0x80000001U), EINVAL);
	CHECK_ERR(fcntl(p[0], F_SETPIPE_SZ, -1), EINVAL);
	fd = OK(open("f", O_RDWR | O_CREAT, 0644));
	CHECK_ERR(fcntl(fd, F_GETPIPE_SZ), EBADF);
	CHECK_ERR(fcntl(fd, F_SETPIPE_SZ, 4096), EBADF);
	/* Past pipe-max-size (1 MiB) only with privilege (CAP_SYS_RESOURCE), else EPERM. */
	if (may_exceed_pipe_max())
		CHECK_EQ(fcntl(p[0], F_SETPIPE_SZ, 2 << 20), 2 << 20);
	else
		CHECK_ERR(fcntl(p[0], F_SETPIPE_SZ, 2 << 20), EPERM);
	pid = xfork();
	if (pid == 0) {
		int q[2];

		OK(pipe(q));
		/* A kernel where every process is root cannot drop privileges: nothing to check. */
		if (setuid(65534) < 0)
			_exit(0);
		CHECK_EQ(fcntl(q[0], F_SETPIPE_SZ, 1 << 20), 1 << 20);
		CHECK_ERR(fcntl(q[0], F_SETPIPE_SZ, 2 << 20), EPERM);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
}

static void t_pipe_packet(void)
{
	static char big[5000];
	char buf[8192];
	int p[2];

	OK(pipe2(p, O_DIRECT | O_NONBLOCK));
	/* Packets are the writer's doing: only the write end says O_DIRECT, as on Linux. */
	CHECK_EQ(fcntl(p[0], F_GETFL) & (O_DIRECT | O_NONBLOCK), O_NONBLOCK);
	CHECK_EQ(fcntl(p[1], F_GETFL) & (O_DIRECT | O_NONBLOCK), O_DIRECT | O_NONBLOCK);
	/* Each write is a packet; a read returns one, and what does not fit is dropped. */
	CHECK_EQ(write(p[1], "abc", 3), 3);
	CHECK_EQ(write(p[1], "defgh", 5), 5);
	memset(big, 'b', sizeof(big));
	CHECK_EQ(write(p[1], big, sizeof(big)), sizeof(big)); /* two packets: 4096 + 904 */
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "abc", 3));
	CHECK_EQ(read(p[0], buf, 2), 2);
	CHECK(!memcmp(buf, "de", 2));
	CHECK_EQ(read(p[0], buf, 100), 100);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 904);
	CHECK_ERR(read(p[0], buf, sizeof(buf)), EAGAIN);
	/* A packet takes a page of its own: the default 16 pages hold 16. */
	for (int i = 0; i < 16; i++)
		CHECK_EQ(write(p[1], "p", 1), 1);
	CHECK_ERR(write(p[1], "p", 1), EAGAIN);
	for (int i = 0; i < 16; i++)
		CHECK_EQ(read(p[0], buf, sizeof(buf)), 1);
	OK(close(p[0]));
	OK(close(p[1]));
	CHECK_ERR(pipe2(p, 0x10), EINVAL);
}

/*
 * A read from a pipe returns what the pipe had, however many buffers it
 * was given: filling the first buffer must not make it wait for more.
 */
static void t_pipe_readv(void)
{
	static char big[65536], back[2 * 65536];
	char a[10], b[10];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int p[2];

	OK(pipe(p));
	CHECK_EQ(write(p[1], "0123456789", 10), 10);
	CHECK_EQ(readv(p[0], iov, 2), 10);
	CHECK(!memcmp(a, "0123456789", 10));
	/* A whole pipe's worth read into a buffer twice as large. */
	CHECK_EQ(write(p[1], big, sizeof(big)), sizeof(big));
	CHECK_EQ(read(p[0], back, sizeof(back)), sizeof(big));
}

/* ------------------------------------------------------------ RLIMIT_FSIZE */

static void set_fsize(rlim_t n)
{
	struct rlimit rl = { n, n };

	OK(setrlimit(RLIMIT_FSIZE, &rl));
}

static void fsize_kills(void *arg)
{
	static char buf[1000];
	int fd = OK(open("k", O_WRONLY | O_CREAT | O_TRUNC, 0644));

	(void)arg;
	set_fsize(1000);
	CHECK_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
	if (write(fd, "x", 1) < 0) {
		/* Nothing: SIGXFSZ should have ended the process first. */
	}
	fail("a write past RLIMIT_FSIZE returned");
}

static volatile sig_atomic_t xfsz_seen;

static void count_xfsz(int sig)
{
	(void)sig;
	xfsz_seen++;
}

static void fsize_refused(void *arg)
{
	static char buf[1500];
	struct iovec iov[2] = { { buf, 600 }, { buf, 600 } };
	int fd, fd2, p[2];

	(void)arg;
	signal(SIGXFSZ, SIG_IGN);
	set_fsize(1000);
	fd = OK(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));
	/* A write across the limit is cut at it; one at it fails. */
	CHECK_EQ(write(fd, buf, 1500), 1000);
	CHECK_ERR(write(fd, "x", 1), EFBIG);
	CHECK_EQ(pwrite(fd, buf, 10, 995), 5);
	CHECK_ERR(pwrite(fd, buf, 1, 1000), EFBIG);
	fd2 = OK(open("f", O_WRONLY | O_APPEND));
	CHECK_ERR(write(fd2, "x", 1), EFBIG);
	/* Growing past it by truncation fails too; up to it or shrinking does not. */
	CHECK_ERR(ftruncate(fd, 2000), EFBIG);
	CHECK_ERR(truncate("f", 1001), EFBIG);
	OK(ftruncate(fd, 500));
	OK(truncate("f", 1000));
	fd = OK(open("g", O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(writev(fd, iov, 2), 1000);
	/* Only regular files have a size to limit. */
	fd = OK(open("/dev/null", O_WRONLY));
	CHECK_EQ(write(fd, buf, 1500), 1500);
	OK(pipe(p));
	CHECK_EQ(write(p[1], buf, 1500), 1500);

	/* A handler runs, and the write still fails. */
	catch_without_restart(SIGXFSZ, count_xfsz);
	fd = OK(open("f", O_WRONLY));
	OK(lseek(fd, 1000, SEEK_SET));
	CHECK_ERR(write(fd, "x", 1), EFBIG);
	CHECK_EQ(xfsz_seen, 1);
}

static void t_rlimit_fsize(void)
{
	expect_signal(run_child(fsize_kills, NULL), SIGXFSZ);
	expect_exit(run_child(fsize_refused, NULL), 0);
}

/* ------------------------------------------------------------ O_PATH */

static void t_o_path(void)
{
	char buf[64], cwd[256];
	struct stat st;
	struct statfs sf;
	int fd, d, dfd, f, ff;

	write_file("f", "data", 4);
	OK(mkdir("d", 0755));
	write_file("d/g", "gg", 2);
	OK(symlink("f", "l"));
	OK(mkfifo("ff", 0644));

	fd = OK(open("f", O_PATH));
	/* No I/O and nothing that needs the file open: EBADF. */
	CHECK_ERR(read(fd, buf, 1), EBADF);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK_ERR(pread(fd, buf, 1, 0), EBADF);
	CHECK_ERR(syscall(SYS_fchmod, fd, 0600), EBADF);
	CHECK_ERR(syscall(SYS_fchown, fd, 0, 0), EBADF);
	CHECK_ERR(ioctl(fd, FIOCLEX), EBADF);
	CHECK_ERR(lseek(fd, 0, SEEK_SET), EBADF);
	CHECK_ERR(fsync(fd), EBADF);
	CHECK_ERR(ftruncate(fd, 0), EBADF);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EBADF);
	CHECK_ERR(fcntl(fd, F_SETFL, O_NONBLOCK), EBADF);
	CHECK_ERR(fcntl(fd, F_GETPIPE_SZ), EBADF);
	/* What works on the name: fstat, fstatfs, dup, descriptor flags, F_GETFL, AT_EMPTY_PATH. */
	OK(syscall(SYS_fstat, fd, &st));
	CHECK(S_ISREG(st.st_mode) && st.st_size == 4);
	OK(fstatat(fd, "", &st, AT_EMPTY_PATH));
	CHECK_EQ(st.st_size, 4);
	OK(fstatfs(fd, &sf));
	CHECK_EQ(sf.f_type, scratch_fs_type());
	CHECK_EQ(fcntl(fd, F_GETFL) & (O_PATH | O_ACCMODE), O_PATH);
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	OK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	d = OK(dup(fd));
	CHECK_ERR(read(d, buf, 1), EBADF);
	OK(close(d));
	d = OK(fcntl(fd, F_DUPFD_CLOEXEC, 0));
	OK(close(d));
	OK(close(fd));

	/* A directory: a dirfd for *at(), fchdir, but no listing. */
	dfd = OK(open("d", O_PATH | O_DIRECTORY));
	f = OK(openat(dfd, "g", O_RDONLY));
	CHECK_EQ(read(f, buf, sizeof(buf)), 2);
	OK(close(f));
	OK(fstatat(dfd, "g", &st, 0));
	CHECK_EQ(st.st_size, 2);
	CHECK_ERR(syscall(SYS_getdents64, dfd, buf, sizeof(buf)), EBADF);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	OK(syscall(SYS_fchdir, dfd));
	CHECK_EQ(read_file("g", buf, sizeof(buf)), 2);
	OK(chdir(cwd));
	OK(close(dfd));
	CHECK_ERR(open("f", O_PATH | O_DIRECTORY), ENOTDIR);

	/* A FIFO is not opened (no wait for a writer), a symlink with O_NOFOLLOW is itself. */
	ff = OK(open("ff", O_PATH));
	CHECK_ERR(read(ff, buf, 1), EBADF);
	OK(close(ff));
	fd = OK(open("l", O_PATH | O_NOFOLLOW));
	OK(syscall(SYS_fstat, fd, &st));
	CHECK(S_ISLNK(st.st_mode));
	OK(close(fd));
	fd = OK(open("l", O_PATH));
	OK(syscall(SYS_fstat, fd, &st));
	CHECK(S_ISREG(st.st_mode));
	OK(close(fd));
}

const struct utest fs2_tests[] = {
	{ "select", t_select },
	{ "pselect6", t_pselect6 },
	{ "statfs", t_statfs },
	{ "fifo", t_fifo },
	{ "pipe_size", t_pipe_size },
	{ "pipe_packet", t_pipe_packet },
	{ "pipe_readv", t_pipe_readv },
	{ "rlimit_fsize", t_rlimit_fsize },
	{ "o_path", t_o_path },
	{ NULL, NULL },
};
