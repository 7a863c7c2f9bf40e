/*
 * utest: pipes, terminal ioctls, /dev and /proc.
 */
#include "utest.h"

#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>

/* ------------------------------------------------------------ pipes */

static void t_pipe(void)
{
	int lo = lowest_free(), p[2];
	char buf[8];
	struct stat st;

	OK(pipe(p));
	CHECK_EQ(p[0], lo);
	CHECK_EQ(p[1], lo + 1);
	OK(fstat(p[0], &st));
	CHECK(S_ISFIFO(st.st_mode));
	CHECK_EQ(write(p[1], "abc", 3), 3);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "abc", 3));
	CHECK_ERR(write(p[0], "x", 1), EBADF);
	CHECK_ERR(read(p[1], buf, 1), EBADF);
	CHECK_EQ(write(p[1], "de", 2), 2);
	OK(close(p[1]));
	/* Data first, then EOF. */
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 2);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);
	close(p[0]);
	CHECK_ERR(pipe(BAD), EFAULT);
}

static void write_to_closed_pipe(void *arg)
{
	(void)arg;
	int p[2];

	OK(pipe(p));
	close(p[0]);
	(void)write(p[1], "x", 1);
	fail("write to a pipe without a reader returned");
}

static void t_pipe_epipe(void)
{
	int p[2];

	/* Default action: SIGPIPE kills. */
	expect_signal(run_child(write_to_closed_pipe, NULL), SIGPIPE);
	/* Ignored: EPIPE. */
	signal(SIGPIPE, SIG_IGN);
	OK(pipe(p));
	close(p[0]);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	close(p[1]);
}

static void t_pipe2(void)
{
	int p[2];
	char c;

	OK(pipe2(p, O_CLOEXEC));
	CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
	close(p[0]);
	close(p[1]);
	OK(pipe2(p, O_NONBLOCK));
	CHECK_EQ(fcntl(p[0], F_GETFD), 0);
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	CHECK_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	/* Fill it: a non-blocking write stops with EAGAIN. */
	{
		static char chunk[4096];
		long total = 0;
		ssize_t n;

		while ((n = write(p[1], chunk, sizeof(chunk))) > 0)
			total += n;
		CHECK_ERR(write(p[1], chunk, sizeof(chunk)), EAGAIN);
		CHECK(total >= 4096);
	}
	close(p[0]);
	close(p[1]);
	CHECK_ERR(pipe2(p, 0x10), EINVAL);
	CHECK_ERR(pipe2(BAD, 0), EFAULT);
}

static void t_pipe_big(void)
{
	size_t size = 256 * 1024, got = 0;
	unsigned char *buf = malloc(size);
	unsigned long sum = 0, want = 0;
	int p[2];
	ssize_t n;
	pid_t pid;

	CHECK(buf != NULL);
	for (size_t i = 0; i < size; i++) {
		buf[i] = (unsigned char)(i * 13 + (i >> 8));
		want += buf[i] * (i % 251 + 1);
	}
	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[0]);
		/* One write much bigger than the pipe: it blocks until read. */
		CHECK_EQ(write(p[1], buf, size), size);
		_exit(0);
	}
	close(p[1]);
	memset(buf, 0, size);
	while ((n = read(p[0], buf + got, got + 7777 <= size ? 7777 : size - got)) > 0)
		got += n;
	CHECK_EQ(got, size);
	for (size_t i = 0; i < size; i++)
		sum += buf[i] * (i % 251 + 1);
	CHECK_EQ(sum, want);
	expect_exit(xwait(pid), 0);
}

/* ------------------------------------------------------------ ioctl */

/*
 * Terminal ioctls on the console (or, where it cannot be opened, on our
 * controlling terminal). TIOCGPGRP answers only on the controlling
 * terminal: that is /dev/tty when we have one, and under the pvkernel,
 * where init makes it so, the console itself.
 */
static void t_ioctl_tty(void)
{
	struct termios t, t2, t3;
	struct winsize ws;
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	int ctty = open("/dev/tty", O_RDWR | O_NOCTTY);
	int pvkernel = access("/proc/pvops", F_OK) == 0;
	pid_t pg;

	if (pvkernel) {
		CHECK(fd >= 0);
		CHECK(ctty >= 0);
	}
	if (fd < 0)
		fd = ctty;
	if (fd < 0)
		skip("neither /dev/console nor /dev/tty can be opened");
	OK(ioctl(fd, TCGETS, &t));
	t2 = t;
	t2.c_lflag ^= ECHO;
	t2.c_cc[VMIN] = 1;
	OK(ioctl(fd, TCSETS, &t2));
	OK(ioctl(fd, TCGETS, &t3));
	CHECK_EQ(t3.c_lflag, t2.c_lflag);
	CHECK_EQ(t3.c_iflag, t.c_iflag);
	CHECK_EQ(t3.c_oflag, t.c_oflag);
	CHECK_EQ(t3.c_cflag, t.c_cflag);
	OK(ioctl(fd, TCSETS, &t));
	OK(ioctl(fd, TCGETS, &t3));
	CHECK_EQ(t3.c_lflag, t.c_lflag);
	OK(ioctl(fd, TIOCGWINSZ, &ws));
	CHECK_ERR(ioctl(fd, TCGETS, BAD), EFAULT);
	CHECK_ERR(ioctl(fd, TIOCGWINSZ, BAD), EFAULT);
	if (ctty >= 0) {
		OK(ioctl(ctty, TIOCGPGRP, &pg));
		CHECK_EQ(pg, getpgrp()); /* we run in the foreground */
		CHECK_EQ(tcgetpgrp(ctty), pg);
	}
	if (pvkernel) {
		OK(ioctl(fd, TIOCGPGRP, &pg));
		CHECK_EQ(pg, getpgrp());
	}
	close(fd);
}

static void t_ioctl_notty(void)
{
	struct termios t;
	struct winsize ws;
	int p[2], fd;

	OK(pipe(p));
	CHECK_ERR(ioctl(p[0], TCGETS, &t), ENOTTY);
	CHECK_ERR(ioctl(p[1], TIOCGWINSZ, &ws), ENOTTY);
	write_file("f", "x", 1);
	fd = OK(open("f", O_RDONLY));
	CHECK_ERR(ioctl(fd, TCGETS, &t), ENOTTY);
	close(fd);
	fd = OK(open("/dev/null", O_RDWR));
	CHECK_ERR(ioctl(fd, TCGETS, &t), ENOTTY);
	CHECK(!isatty(fd));
	close(fd);
	CHECK_ERR(ioctl(99, TCGETS, &t), EBADF);
}

/* ------------------------------------------------------------ /dev, /proc */

static void t_dev_null(void)
{
	char buf[100];
	struct stat st;
	int fd = OK(open("/dev/null", O_RDWR));

	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	OK(fstat(fd, &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(major(st.st_rdev), 1);
	CHECK_EQ(minor(st.st_rdev), 3);
	close(fd);
}

static void t_dev_zero(void)
{
	char buf[5000];
	struct stat st;
	int fd = OK(open("/dev/zero", O_RDWR));

	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK_EQ(buf[i], 0);
	CHECK_EQ(write(fd, buf, 123), 123);
	OK(fstat(fd, &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(major(st.st_rdev), 1);
	CHECK_EQ(minor(st.st_rdev), 5);
	close(fd);
}

static void check_proc_self(void *arg)
{
	char buf[32], want[32];

	(void)arg;
	memset(buf, 0, sizeof(buf));
	CHECK(readlink("/proc/self", buf, sizeof(buf) - 1) > 0);
	snprintf(want, sizeof(want), "%d", (int)getpid());
	CHECK_STR(buf, want);
}

static void t_proc_self(void)
{
	check_proc_self(NULL);
	expect_exit(run_child(check_proc_self, NULL), 0);
}

static long meminfo_field(const char *text, const char *name)
{
	const char *p = strstr(text, name);
	long v;

	if (!p || sscanf(p + strlen(name), " %ld kB", &v) != 1)
		fail("/proc/meminfo has no \"%s N kB\" line", name);
	return v;
}

static void t_proc_meminfo(void)
{
	char buf[4096];
	long total, fr;

	CHECK(read_file("/proc/meminfo", buf, sizeof(buf)) > 0);
	total = meminfo_field(buf, "MemTotal:");
	fr = meminfo_field(buf, "MemFree:");
	CHECK(total > 0);
	CHECK(fr > 0);
	CHECK(fr <= total);
}

static void t_proc_uptime(void)
{
	char buf[128];
	double up1, idle, up2;
	struct timespec ts = { 0, 30 * 1000 * 1000 };

	read_file("/proc/uptime", buf, sizeof(buf));
	CHECK_EQ(sscanf(buf, "%lf %lf", &up1, &idle), 2);
	CHECK(up1 > 0);
	nanosleep(&ts, NULL);
	read_file("/proc/uptime", buf, sizeof(buf));
	CHECK_EQ(sscanf(buf, "%lf", &up2), 1);
	CHECK(up2 > up1);
}

static void t_proc_pvops(void)
{
	char buf[8192];

	if (access("/proc/pvops", F_OK) < 0 && errno == ENOENT)
		skip("no /proc/pvops: not the pvkernel");
	CHECK(read_file("/proc/pvops", buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, "sites") != NULL);
}

/*
 * A block device reads into and writes from the caller's own buffer (no
 * kernel copy between): an untouched buffer, paged in during the driver's
 * copy, gets the same bytes as a touched one; a bad or read-only buffer
 * is EFAULT, and a write from a bad one writes nothing. Needs a disk:
 * /dev/xvda in a Xen domU; skipped elsewhere.
 */
static void t_blkdev_user_buffer(void)
{
	static char a[65536];
	char *b, *ro, sector[512], again[512];
	int fd = open("/dev/xvda", O_RDWR);

	if (fd < 0)
		skip("no /dev/xvda: not a Xen domU with a disk");
	b = mmap(NULL, sizeof(a), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(b != MAP_FAILED && ro != MAP_FAILED);
	memset(a, 0x5a, sizeof(a));
	CHECK_EQ(pread(fd, a, sizeof(a), 4096), (ssize_t)sizeof(a));
	CHECK_EQ(pread(fd, b, sizeof(a), 4096), (ssize_t)sizeof(a));
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	/* Inside sectors, into an odd address. */
	CHECK_EQ(pread(fd, b + 1, 1000, 4096 + 7), 1000);
	CHECK(memcmp(b + 1, a + 7, 1000) == 0);
	CHECK_ERR(pread(fd, (void *)8, 4096, 0), EFAULT);
	CHECK_ERR(pread(fd, ro, 4096, 0), EFAULT);
	CHECK_EQ(pread(fd, sector, sizeof(sector), 0), (ssize_t)sizeof(sector));
	CHECK_ERR(pwrite(fd, (void *)8, 4096, 0), EFAULT);
	CHECK_ERR(pwrite(fd, (void *)8, 100, 10), EFAULT);
	CHECK_EQ(pread(fd, again, sizeof(again), 0), (ssize_t)sizeof(again));
	CHECK(memcmp(sector, again, sizeof(sector)) == 0);
	munmap(b, sizeof(a));
	munmap(ro, 4096);
	close(fd);
}

const struct utest dev_tests[] = {
	{ "blkdev_user_buffer", t_blkdev_user_buffer },
	{ "pipe", t_pipe },
	{ "pipe_epipe", t_pipe_epipe },
	{ "pipe2", t_pipe2 },
	{ "pipe_big", t_pipe_big },
	{ "ioctl_tty", t_ioctl_tty },
	{ "ioctl_notty", t_ioctl_notty },
	{ "dev_null", t_dev_null },
	{ "dev_zero", t_dev_zero },
	{ "proc_self", t_proc_self },
	{ "proc_meminfo", t_proc_meminfo },
	{ "proc_uptime", t_proc_uptime },
	{ "proc_pvops", t_proc_pvops },
	{ NULL, NULL },
};
