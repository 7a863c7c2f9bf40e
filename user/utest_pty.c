/*
 * Pseudo-terminals: /dev/ptmx and /dev/pts, as Linux has them (pty(7),
 * pts(4)). The master is driven by hand the way xenconsoled and
 * openpty() drive it: posix_openpt, grantpt, unlockpt, ptsname, then the
 * slave's settings through TCSETS, and data both ways with poll.
 */
#include <dirent.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <termios.h>

#include "utest.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER 0x5441
#endif
#define DEVPTS_SUPER_MAGIC 0x1cd1
#define TTY_GID		   5

/* A new pair, unlocked; *slave opened (without becoming our terminal) unless slave is NULL. */
static int open_pair(int *slave, char *name, size_t size)
{
	int m = OK(posix_openpt(O_RDWR | O_NOCTTY));
	char *n;

	OK(grantpt(m));
	OK(unlockpt(m));
	n = ptsname(m);
	CHECK(n != NULL);
	CHECK(!strncmp(n, "/dev/pts/", 9));
	if (name)
		snprintf(name, size, "%s", n);
	if (slave)
		*slave = OK(open(n, O_RDWR | O_NOCTTY));
	return m;
}

static int pty_number(int master)
{
	unsigned int n;

	OK(ioctl(master, TIOCGPTN, &n));
	return (int)n;
}

/* Exactly n bytes from fd, each within 5 s. */
static void read_exact(int fd, char *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (OK(poll(&p, 1, 5000)) == 0)
			fail("read_exact: %zu of %zu bytes, then nothing for 5 s", done, n);
		r = OK(read(fd, buf + done, n - done));
		if (r == 0)
			fail("read_exact: end of file after %zu of %zu bytes", done, n);
		done += r;
	}
}

static void expect_read(int fd, const char *want)
{
	size_t n = strlen(want);
	char buf[256];

	CHECK(n < sizeof(buf));
	read_exact(fd, buf, n);
	buf[n] = '\0';
	if (memcmp(buf, want, n))
		fail("read \"%s\", expected \"%s\"", buf, want);
}

/* Nothing more to read within ms. */
static void expect_quiet(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	CHECK_EQ(OK(poll(&p, 1, ms)), 0);
}

static void t_pty_open(void)
{
	char name[64], want[64];
	struct stat st, st2;
	int m, s, peer, lock, n;

	m = OK(posix_openpt(O_RDWR | O_NOCTTY));
	n = pty_number(m);
	snprintf(want, sizeof(want), "/dev/pts/%d", n);
	CHECK_STR(ptsname(m), want);
	OK(ioctl(m, TIOCGPTLCK, &lock));
	CHECK_EQ(lock, 1);
	/* Locked until unlockpt(). */
	CHECK_ERR(open(want, O_RDWR | O_NOCTTY), EIO);
	OK(grantpt(m));
	OK(unlockpt(m));
	OK(ioctl(m, TIOCGPTLCK, &lock));
	CHECK_EQ(lock, 0);
	/* Input written before the slave opens waits for it (xenconsoled and telnetd race so). */
	CHECK_EQ(OK(write(m, "early\n", 6)), 6);
	snprintf(name, sizeof(name), "%s", ptsname(m));
	s = OK(open(name, O_RDWR | O_NOCTTY));
	expect_read(s, "early\n");
	expect_read(m, "early\r\n");
	CHECK(isatty(m) && isatty(s));
	OK(stat(name, &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(major(st.st_rdev), 136);
	CHECK_EQ(minor(st.st_rdev), n);
	CHECK_EQ(st.st_uid, getuid());
	if (pvkernel()) {
		/* The boot mounts it as Debian does: gid=5,mode=620. */
		CHECK_EQ(st.st_mode & 07777, 0620);
		CHECK_EQ(st.st_gid, TTY_GID);
	}
	/* TIOCGPTPEER opens the same slave. */
	peer = OK(ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	OK(fstat(peer, &st2));
	CHECK_EQ(st2.st_rdev, st.st_rdev);
	/* Master-only ioctls, and bad pointers. */
	CHECK_ERR(ioctl(s, TIOCGPTN, &n), ENOTTY);
	CHECK_ERR(ioctl(m, TIOCGPTN, BAD), EFAULT);
	CHECK_ERR(ioctl(m, TIOCSPTLCK, BAD), EFAULT);
	CHECK_ERR(ioctl(m, 0x54ff, &n), ENOTTY);
	n = OK(open("/dev/null", O_RDWR));
	CHECK_ERR(ioctl(n, TIOCGPTN, &lock), ENOTTY);
	close(n);
	close(peer);
	close(s);
	close(m);
}

/* Canonical mode: a line reaches the slave at its newline; echo and ONLCR come back. */
static void t_pty_canon(void)
{
	int s, m = open_pair(&s, NULL, 0);
	struct termios tio;
	char buf[64];

	OK(tcgetattr(s, &tio));
	CHECK(tio.c_lflag & ICANON);
	CHECK(tio.c_lflag & ECHO);
	CHECK(tio.c_oflag & ONLCR);
	CHECK_EQ(OK(write(m, "hello", 5)), 5);
	expect_read(m, "hello");
	OK(fcntl(s, F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN);
	CHECK_EQ(OK(write(m, "\x7fo\n", 3)), 3); /* erase, retype, end the line */
	expect_read(m, "\b \bo\r\n");
	CHECK_EQ(OK(read(s, buf, sizeof(buf))), 6);
	CHECK(!memcmp(buf, "hello\n", 6));
	CHECK_EQ(OK(write(s, "out\nx", 5)), 5);
	expect_read(m, "out\r\nx");
	expect_quiet(m, 100);
	/* The master sees and sets the slave's settings. */
	OK(tcgetattr(m, &tio));
	CHECK(tio.c_lflag & ICANON);
	tio.c_lflag &= ~ECHO;
	OK(tcsetattr(m, TCSANOW, &tio));
	OK(tcgetattr(s, &tio));
	CHECK(!(tio.c_lflag & ECHO));
	CHECK_EQ(OK(write(m, "quiet\n", 6)), 6);
	expect_quiet(m, 100);
	close(s);
	close(m);
}

/* cfmakeraw on the slave, as xenconsoled does: every byte value passes unchanged both ways. */
static void t_pty_raw(void)
{
	int s, m = open_pair(&s, NULL, 0);
	struct termios tio;
	char out[256], in[256];

	OK(tcgetattr(s, &tio));
	cfmakeraw(&tio);
	OK(tcsetattr(s, TCSANOW, &tio));
	for (int i = 0; i < 256; i++)
		out[i] = (char)i;
	CHECK_EQ(OK(write(m, out, sizeof(out))), 256);
	read_exact(s, in, sizeof(in));
	CHECK(!memcmp(in, out, sizeof(in)));
	expect_quiet(m, 50); /* no echo */
	CHECK_EQ(OK(write(s, out, sizeof(out))), 256);
	read_exact(m, in, sizeof(in));
	CHECK(!memcmp(in, out, sizeof(in)));
	close(s);
	close(m);
}

static volatile sig_atomic_t got_sig;

static void on_sig(int sig)
{
	got_sig = sig;
}

/*
 * A child that leads a session of its own with the slave as its
 * controlling terminal; it says 'r' on ready[1] once it is, and exits
 * with what check() returns once sig arrived (1 if it never does).
 */
static pid_t ctty_child(const char *name, int master, int sig, int ready[2], int (*check)(int s))
{
	pid_t pid = xfork();

	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_sig };
		int s;

		close(master);
		close(ready[0]);
		sigaction(sig, &sa, NULL);
		if (setsid() < 0)
			_exit(10);
		s = open(name, O_RDWR); /* no O_NOCTTY: it becomes our terminal */
		if (s < 0)
			_exit(11);
		if (tcgetpgrp(s) != getpid() || tcgetsid(s) != getpid())
			_exit(12);
		if (write(ready[1], "r", 1) != 1)
			_exit(13);
		for (int i = 0; i < 500 && !got_sig; i++)
			usleep(10000);
		_exit(got_sig == sig ? check(s) : 1);
	}
	close(ready[1]);
	return pid;
}

static void wait_ready(int ready[2])
{
	char c;

	CHECK_EQ(OK(read(ready[0], &c, 1)), 1);
	close(ready[0]);
}

static int check_nothing(int s)
{
	(void)s;
	return 0;
}

/* ^C written to the master interrupts the slave's foreground group. */
static void t_pty_isig(void)
{
	char name[64];
	int ready[2], m = open_pair(NULL, name, sizeof(name));
	pid_t pid, sid;

	OK(pipe(ready));
	pid = ctty_child(name, m, SIGINT, ready, check_nothing);
	wait_ready(ready);
	/* The master answers for the slave's session and foreground. */
	OK(ioctl(m, TIOCGSID, &sid));
	CHECK_EQ(sid, pid);
	CHECK_EQ(OK(write(m, "\x03", 1)), 1);
	expect_exit(xwait(pid), 0);
	expect_read(m, "^C");
	close(m);
}

static int check_winsize(int s)
{
	struct winsize ws;

	if (ioctl(s, TIOCGWINSZ, &ws) < 0)
		return 20;
	return ws.ws_row == 33 && ws.ws_col == 101 ? 0 : 21;
}

/* A new window size set on the master: SIGWINCH in the slave's foreground. */
static void t_pty_winsize(void)
{
	struct winsize ws = { .ws_row = 33, .ws_col = 101 }, got;
	char name[64];
	int ready[2], m = open_pair(NULL, name, sizeof(name));
	pid_t pid;

	OK(pipe(ready));
	pid = ctty_child(name, m, SIGWINCH, ready, check_winsize);
	wait_ready(ready);
	OK(ioctl(m, TIOCSWINSZ, &ws));
	expect_exit(xwait(pid), 0);
	OK(ioctl(m, TIOCGWINSZ, &got));
	CHECK_EQ(got.ws_row, 33);
	CHECK_EQ(got.ws_col, 101);
	CHECK_ERR(ioctl(m, TIOCSWINSZ, BAD), EFAULT);
	close(m);
}

/*
 * After a hang-up: end of file, here after the line that was typed
 * (Linux drops it and says end of file at once); writes fail with EIO.
 */
static int check_hungup(int s)
{
	char buf[16];
	ssize_t r = read(s, buf, sizeof(buf));

	if (r != 0 && (r != 4 || memcmp(buf, "abc\n", 4)))
		return 30;
	if (r && read(s, buf, sizeof(buf)) != 0)
		return 31;
	if (write(s, "x", 1) != -1 || errno != EIO)
		return 32;
	return 0;
}

/* The master closes: the slave's session leader gets SIGHUP, its reads end. */
static void t_pty_hangup(void)
{
	char name[64];
	int ready[2], m = open_pair(NULL, name, sizeof(name));
	struct stat st;
	pid_t pid;

	OK(pipe(ready));
	pid = ctty_child(name, m, SIGHUP, ready, check_hungup);
	wait_ready(ready);
	CHECK_EQ(OK(write(m, "abc\n", 4)), 4);
	expect_read(m, "abc\r\n");
	close(m);
	expect_exit(xwait(pid), 0);
	CHECK_ERR(stat(name, &st), ENOENT);
}

/*
 * /dev/tty in a session whose terminal is a pty: the slave itself, even
 * with no slave descriptor left; /proc/self/stat names it as 136:N.
 */
static void t_pty_devtty(void)
{
	char name[64];
	int m = open_pair(NULL, name, sizeof(name)), n = pty_number(m);
	pid_t pid = xfork();

	if (pid == 0) {
		char stat[512], *p;
		int s, t, tty_nr = -1;

		close(m);
		if (setsid() < 0)
			_exit(10);
		s = open(name, O_RDWR);
		if (s < 0)
			_exit(11);
		close(s);
		t = open("/dev/tty", O_RDWR);
		if (t < 0)
			_exit(12);
		if (write(t, "via tty\n", 8) != 8)
			_exit(13);
		read_file("/proc/self/stat", stat, sizeof(stat));
		p = strrchr(stat, ')');
		if (!p || sscanf(p + 2, "%*c %*d %*d %*d %d", &tty_nr) != 1)
			_exit(14);
		_exit(tty_nr == (int)makedev(136, n) ? 0 : 15);
	}
	expect_exit(xwait(pid), 0);
	expect_read(m, "via tty\r\n");
	close(m);
}

/* The slave closes: the master reads what is left, then EIO, and polls POLLHUP. */
static void t_pty_slave_close(void)
{
	int s, m = open_pair(&s, NULL, 0);
	struct pollfd p = { .fd = m, .events = POLLIN | POLLOUT };
	char buf[16];

	OK(poll(&p, 1, 0));
	CHECK_EQ(p.revents & (POLLIN | POLLHUP), 0);
	CHECK_EQ(OK(write(s, "bye\n", 4)), 4);
	OK(poll(&p, 1, 1000));
	CHECK(p.revents & POLLIN);
	close(s);
	p.events = POLLIN;
	OK(poll(&p, 1, 1000));
	CHECK(p.revents & POLLHUP);
	expect_read(m, "bye\r\n");
	CHECK_ERR(read(m, buf, sizeof(buf)), EIO);
	OK(poll(&p, 1, 1000));
	CHECK(p.revents & POLLHUP);
	close(m);
}

/* Bounded both ways: a non-blocking writer meets EAGAIN, and goes on once the reader reads. */
static void t_pty_full(void)
{
	int s, m = open_pair(&s, NULL, 0);
	struct termios tio;
	char buf[4096];
	long total = 0;
	ssize_t r;

	OK(tcgetattr(s, &tio));
	cfmakeraw(&tio);
	OK(tcsetattr(s, TCSANOW, &tio));
	memset(buf, 'x', sizeof(buf));
	OK(fcntl(m, F_SETFL, O_RDWR | O_NONBLOCK));
	OK(fcntl(s, F_SETFL, O_RDWR | O_NONBLOCK));
	while ((r = write(m, buf, sizeof(buf))) > 0 && total < (1L << 22))
		total += r;
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EAGAIN);
	CHECK(total > 0);
	CHECK(OK(read(s, buf, sizeof(buf))) > 0);
	CHECK(OK(write(m, "y", 1)) == 1);
	total = 0;
	while ((r = write(s, buf, sizeof(buf))) > 0 && total < (1L << 22))
		total += r;
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EAGAIN);
	CHECK(total > 0);
	CHECK(OK(read(m, buf, sizeof(buf))) > 0);
	CHECK(OK(write(s, "y", 1)) == 1);
	close(s);
	close(m);
}

/* A master blocked on a full slave ring goes on when the slave flushes its input. */
static void t_pty_flush_unblocks(void)
{
	int s, m = open_pair(&s, NULL, 0), status = 0;
	struct termios tio;
	pid_t pid;

	OK(tcgetattr(s, &tio));
	cfmakeraw(&tio);
	OK(tcsetattr(s, TCSANOW, &tio));
	pid = xfork();
	if (pid == 0) {
		static char big[256 * 1024];

		memset(big, 'z', sizeof(big));
		_exit(write(m, big, sizeof(big)) == (ssize_t)sizeof(big) ? 0 : 1);
	}
	for (int i = 0; i < 3000; i++) {
		if (OK(waitpid(pid, &status, WNOHANG)) == pid)
			break;
		OK(tcflush(s, TCIFLUSH));
		usleep(2000);
	}
	if (waitpid(pid, &status, WNOHANG) == 0) {
		kill(pid, SIGKILL);
		xwait(pid);
		fail("the master's writer stayed blocked through the slave's flushes");
	}
	expect_exit(status, 0);
	close(s);
	close(m);
}

static int listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	CHECK(d != NULL);
	while ((e = readdir(d)))
		found |= !strcmp(e->d_name, name);
	closedir(d);
	return found;
}

/* /dev/pts lists a pair while it is open; its number comes back once both sides closed. */
static void t_pty_reuse(void)
{
	int s, m = open_pair(&s, NULL, 0), m2, n = pty_number(m);
	char num[16];

	snprintf(num, sizeof(num), "%d", n);
	CHECK(listed("/dev/pts", num));
	CHECK(listed("/dev/pts", "ptmx"));
	close(m);
	CHECK(!listed("/dev/pts", num));
	/* The slave still holds the pair: its number is not free yet. */
	m2 = OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK(pty_number(m2) != n);
	close(m2);
	close(s);
	m = OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_EQ(pty_number(m), n);
	close(m);
}

/* mount -t devpts, with Linux's options; /proc/mounts and /proc/filesystems list it. */
static void t_pty_mount(void)
{
	char text[8192], line[512], cwd[256];
	struct statfs sf;
	struct stat st;
	int m;

	read_file("/proc/filesystems", text, sizeof(text));
	CHECK(strstr(text, "nodev\tdevpts\n") != NULL);
	read_file("/proc/mounts", text, sizeof(text));
	CHECK(strstr(text, "devpts /dev/pts devpts rw") != NULL);
	OK(statfs("/dev/pts", &sf));
	CHECK_EQ(sf.f_type, DEVPTS_SUPER_MAGIC);
	OK(mkdir("pts", 0755));
	if (mount("devpts", "pts", "devpts", 0, "bogus=1") == 0)
		fail("mount with bogus=1 succeeded");
	if (errno == EPERM)
		skip("mount refused: not root here");
	CHECK_EQ(errno, EINVAL);
	OK(mount("devpts", "pts", "devpts", MS_NOSUID | MS_NOEXEC,
		 "newinstance,gid=5,mode=620,ptmxmode=000"));
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	snprintf(line, sizeof(line), "devpts %s/pts devpts rw,nosuid,noexec", cwd);
	read_file("/proc/mounts", text, sizeof(text));
	CHECK(strstr(text, line) != NULL);
	CHECK(strstr(text, "mode=620,ptmxmode=000") != NULL);
	OK(stat("pts/ptmx", &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(st.st_rdev, makedev(5, 2));
	CHECK_EQ(st.st_mode & 07777, 0);
	/* Root opens it despite mode 0000; the pair shows in this mount. */
	m = OK(open("pts/ptmx", O_RDWR | O_NOCTTY));
	snprintf(line, sizeof(line), "%d", pty_number(m));
	CHECK(listed("pts", line));
	close(m);
	OK(umount("pts"));
	read_file("/proc/mounts", text, sizeof(text));
	CHECK(strstr(text, "devpts /dev/pts devpts rw") != NULL);
}

const struct utest pty_tests[] = {
	{ "pty_open", t_pty_open },
	{ "pty_canon", t_pty_canon },
	{ "pty_raw", t_pty_raw },
	{ "pty_isig", t_pty_isig },
	{ "pty_winsize", t_pty_winsize },
	{ "pty_hangup", t_pty_hangup },
	{ "pty_devtty", t_pty_devtty },
	{ "pty_slave_close", t_pty_slave_close },
	{ "pty_full", t_pty_full },
	{ "pty_flush_unblocks", t_pty_flush_unblocks },
	{ "pty_reuse", t_pty_reuse },
	{ "pty_mount", t_pty_mount },
	{ NULL, NULL },
};
