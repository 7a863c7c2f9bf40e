/*
 * Kinds of files beyond the plain ones, as daemons and glibc use them:
 * epoll (epoll(7)), eventfd, timerfd, signalfd, flock, close_range,
 * memfd_create, and the kernel log (syslog(2), /dev/kmsg).
 */
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/sysmacros.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "utest.h"

static int ep_wait(int ep, struct epoll_event *ev, int max, int ms)
{
	return (int)syscall(SYS_epoll_wait, ep, ev, max, ms);
}

static void t_epoll_basic(void)
{
	int ep = OK(epoll_create1(EPOLL_CLOEXEC)), p[2], reg;
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL }, out[4];
	char c;

	CHECK_EQ(fcntl(ep, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(syscall(SYS_epoll_create, 0), EINVAL);
	CHECK_ERR(epoll_create1(1), EINVAL);
	OK(pipe(p));
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev), ENOENT);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), ENOENT);
	CHECK_ERR(epoll_ctl(ep, 99, p[0], &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	CHECK_ERR(epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev), EBADF);
	CHECK_ERR(epoll_ctl(999, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], BAD), EFAULT);
	reg = OK(open("f", O_CREAT | O_RDWR, 0600));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, reg, &ev), EPERM);
	/* Nothing ready: a zero timeout returns at once, a short one after it. */
	CHECK_EQ(ep_wait(ep, out, 4, 0), 0);
	uint64_t t0 = now_ns();
	CHECK_EQ(ep_wait(ep, out, 4, 50), 0);
	CHECK(now_ns() - t0 >= 45000000ULL);
	CHECK_ERR(ep_wait(ep, out, 0, 0), EINVAL);
	CHECK_ERR(ep_wait(ep, out, -1, 0), EINVAL);
	CHECK_ERR(ep_wait(p[0], out, 4, 0), EINVAL);
	CHECK_ERR(ep_wait(999, out, 4, 0), EBADF);
	OK(write(p[1], "x", 1));
	CHECK_ERR(ep_wait(ep, BAD, 4, 0), EFAULT);
	/* Level-triggered: reported again until read. */
	CHECK_EQ(ep_wait(ep, out, 4, -1), 1);
	CHECK_EQ(out[0].events, EPOLLIN);
	CHECK(out[0].data.u64 == 0x1122334455667788ULL);
	CHECK_EQ(ep_wait(ep, out, 4, 0), 1);
	OK(read(p[0], &c, 1));
	CHECK_EQ(ep_wait(ep, out, 4, 0), 0);
	/* MOD to the write end's events; DEL. */
	ev.events = EPOLLOUT;
	ev.data.fd = 7;
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev));
	CHECK_EQ(ep_wait(ep, out, 4, 0), 1);
	CHECK_EQ(out[0].events, EPOLLOUT);
	CHECK_EQ(out[0].data.fd, 7);
	OK(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL));
	CHECK_EQ(ep_wait(ep, out, 4, 0), 0);
	/* EPOLLHUP is reported without being asked for. */
	ev.events = 0;
	OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	close(p[1]);
	CHECK_EQ(ep_wait(ep, out, 4, 0), 1);
	CHECK_EQ(out[0].events, EPOLLHUP);
	/* Closing the last descriptor of the file takes it out of the set. */
	close(p[0]);
	CHECK_EQ(ep_wait(ep, out, 4, 0), 0);
	OK(pipe(p));
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	int d = OK(dup(p[0]));
	close(p[0]);
	/* Still open through the dup: still in the set under its old number. */
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, d, BAD), EFAULT);
	close(d);
	close(p[1]);
	close(ep);
}

static void t_epoll_edge(void)
{
	int ep = OK(epoll_create1(0)), p[2];
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET }, out[2];
	char buf[8];

	OK(pipe(p));
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	OK(write(p[1], "a", 1));
	CHECK_EQ(ep_wait(ep, out, 2, 0), 1);
	/* Edge-triggered: not again until something new arrives. */
	CHECK_EQ(ep_wait(ep, out, 2, 0), 0);
	OK(write(p[1], "b", 1));
	CHECK_EQ(ep_wait(ep, out, 2, 0), 1);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 2);
	CHECK_EQ(ep_wait(ep, out, 2, 0), 0);
	/* One-shot: once, then quiet until MOD arms it again. */
	ev.events = EPOLLIN | EPOLLONESHOT;
	OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	OK(write(p[1], "c", 1));
	CHECK_EQ(ep_wait(ep, out, 2, 0), 1);
	CHECK_EQ(ep_wait(ep, out, 2, 0), 0);
	OK(write(p[1], "d", 1));
	CHECK_EQ(ep_wait(ep, out, 2, 0), 0);
	OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK_EQ(ep_wait(ep, out, 2, 0), 1);
	/* maxevents bounds what one call returns. */
	ev.events = EPOLLOUT;
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev));
	ev.events = EPOLLIN;
	OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK_EQ(ep_wait(ep, out, 1, 0), 1);
	CHECK_EQ(ep_wait(ep, out, 2, 0), 2);
}

static void t_epoll_nested(void)
{
	int a = OK(epoll_create1(0)), b = OK(epoll_create1(0)), p[2];
	struct epoll_event ev = { .events = EPOLLIN }, out[2];
	struct pollfd pfd = { .fd = a, .events = POLLIN };

	OK(pipe(p));
	OK(epoll_ctl(b, EPOLL_CTL_ADD, p[0], &ev));
	OK(epoll_ctl(a, EPOLL_CTL_ADD, b, &ev));
	CHECK_ERR(epoll_ctl(b, EPOLL_CTL_ADD, a, &ev), ELOOP);
	/* An epoll file is itself pollable: readable when its set has events. */
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	CHECK_EQ(ep_wait(a, out, 2, 0), 0);
	OK(write(p[1], "x", 1));
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLIN);
	CHECK_EQ(ep_wait(a, out, 2, 0), 1);
	CHECK_EQ(out[0].events, EPOLLIN);
}

static void nop_handler(int sig)
{
	(void)sig;
}

static void t_epoll_wait_block(void)
{
	int ep = OK(epoll_create1(0)), p[2];
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 5 }, out[2];
	struct timespec ts = { 0, 30000000 };
	sigset_t mask, old;
	pid_t pid;

	OK(pipe(p));
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	pid = xfork();
	if (pid == 0) {
		usleep(50000);
		write(p[1], "x", 1);
		_exit(0);
	}
	CHECK_EQ(ep_wait(ep, out, 2, 5000), 1);
	CHECK_EQ(out[0].data.u32, 5);
	expect_exit(xwait(pid), 0);
	char c;
	OK(read(p[0], &c, 1));
	/* epoll_pwait2's timespec timeout, and its errors. */
	CHECK_EQ(syscall(SYS_epoll_pwait2, ep, out, 2, &ts, NULL, 8), 0);
	ts.tv_nsec = -1;
	CHECK_ERR(syscall(SYS_epoll_pwait2, ep, out, 2, &ts, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_epoll_pwait, ep, out, 2, 0, &mask, 4), EINVAL);
	/* A signal ends the wait with EINTR; epoll_pwait's mask lets it in. */
	catch_without_restart(SIGUSR1, nop_handler);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, &old);
	pid = xfork();
	if (pid == 0) {
		usleep(50000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigemptyset(&mask);
	CHECK_ERR(syscall(SYS_epoll_pwait, ep, out, 2, 5000, &mask, 8), EINTR);
	expect_exit(xwait(pid), 0);
}

static void t_eventfd(void)
{
	int fd = OK(eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC)), sem;
	struct pollfd pfd = { .events = POLLIN | POLLOUT };
	uint64_t v = 0;
	pid_t pid;

	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK_ERR(syscall(SYS_eventfd2, 0, 0x10), EINVAL);
	CHECK_ERR(read(fd, &v, 4), EINVAL);
	CHECK_ERR(write(fd, &v, 7), EINVAL);
	CHECK_EQ(read(fd, &v, 8), 8);
	CHECK_EQ(v, 3);
	CHECK_ERR(read(fd, &v, 8), EAGAIN);
	v = 5;
	OK(write(fd, &v, 8));
	OK(write(fd, &v, 8));
	CHECK_EQ(read(fd, &v, 16), 8);
	CHECK_EQ(v, 10);
	v = ~0ULL;
	CHECK_ERR(write(fd, &v, 8), EINVAL);
	/* Full at 2^64 - 2: a non-blocking write that would pass it is EAGAIN. */
	v = ~0ULL - 1;
	OK(write(fd, &v, 8));
	pfd.fd = fd;
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLIN);
	v = 1;
	CHECK_ERR(write(fd, &v, 8), EAGAIN);
	close(fd);
	/* A semaphore: one at a time; a blocking read waits for a write. */
	sem = OK(eventfd(2, EFD_SEMAPHORE));
	CHECK_EQ(read(sem, &v, 8), 8);
	CHECK_EQ(v, 1);
	CHECK_EQ(read(sem, &v, 8), 8);
	CHECK_EQ(v, 1);
	pid = xfork();
	if (pid == 0) {
		uint64_t one = 1;

		usleep(30000);
		write(sem, &one, 8);
		_exit(0);
	}
	CHECK_EQ(read(sem, &v, 8), 8);
	CHECK_EQ(v, 1);
	expect_exit(xwait(pid), 0);
	CHECK_EQ(syscall(SYS_eventfd, 7) >= 0, 1);
}

static void t_timerfd(void)
{
	int fd = OK(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)), bfd;
	struct itimerspec its = { { 0, 0 }, { 0, 20000000 } }, cur;
	struct timespec now;
	uint64_t ticks;

	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(timerfd_create(99, 0), EINVAL);
	CHECK_ERR(timerfd_create(CLOCK_MONOTONIC, 0x10), EINVAL);
	CHECK_ERR(timerfd_settime(fd, 0x10, &its, NULL), EINVAL);
	CHECK_ERR(timerfd_settime(999, 0, &its, NULL), EBADF);
	CHECK_ERR(timerfd_settime(0, 0, &its, NULL), EINVAL);
	CHECK_ERR(timerfd_settime(fd, 0, BAD, NULL), EFAULT);
	CHECK_ERR(timerfd_gettime(fd, BAD), EFAULT);
	/* Disarmed: nothing to read. */
	CHECK_ERR(read(fd, &ticks, 8), EAGAIN);
	OK(timerfd_gettime(fd, &cur));
	CHECK_EQ(cur.it_value.tv_sec + cur.it_value.tv_nsec, 0);
	its.it_value.tv_nsec = 1000000000;
	CHECK_ERR(timerfd_settime(fd, 0, &its, NULL), EINVAL);
	its.it_value.tv_nsec = 20000000;
	OK(timerfd_settime(fd, 0, &its, NULL));
	OK(timerfd_gettime(fd, &cur));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
	      cur.it_value.tv_nsec <= 20000000);
	CHECK_ERR(read(fd, &ticks, 4), EINVAL);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	CHECK_EQ(poll(&pfd, 1, 2000), 1);
	CHECK_EQ(read(fd, &ticks, 8), 8);
	CHECK_EQ(ticks, 1);
	CHECK_ERR(read(fd, &ticks, 8), EAGAIN);
	/* An interval: the count of expirations since the last read. */
	its.it_interval.tv_nsec = 10000000;
	its.it_value.tv_nsec = 10000000;
	uint64_t start = now_ns();
	OK(timerfd_settime(fd, 0, &its, &cur));
	usleep(55000);
	CHECK_EQ(read(fd, &ticks, 8), 8);
	/* At least the 5 in 55 ms, at most as many as the time it took allows. */
	CHECK(ticks >= 5 && ticks <= (now_ns() - start) / 10000000 + 1);
	OK(timerfd_gettime(fd, &cur));
	CHECK_EQ(cur.it_interval.tv_nsec, 10000000);
	/* Absolute on CLOCK_REALTIME, already past: expires at once; blocking read. */
	bfd = OK(timerfd_create(CLOCK_REALTIME, 0));
	clock_gettime(CLOCK_REALTIME, &now);
	struct itimerspec abs = { { 0, 0 }, { now.tv_sec - 1, 0 } };
	OK(timerfd_settime(bfd, TFD_TIMER_ABSTIME, &abs, NULL));
	CHECK_EQ(read(bfd, &ticks, 8), 8);
	CHECK_EQ(ticks, 1);
	int boot = OK(timerfd_create(CLOCK_BOOTTIME, 0));
	clock_gettime(CLOCK_MONOTONIC, &now);
	abs.it_value.tv_sec = now.tv_sec;
	abs.it_value.tv_nsec = now.tv_nsec;
	abs.it_value.tv_nsec += 30000000;
	if (abs.it_value.tv_nsec >= 1000000000) {
		abs.it_value.tv_sec++;
		abs.it_value.tv_nsec -= 1000000000;
	}
	uint64_t t0 = now_ns();
	OK(timerfd_settime(boot, TFD_TIMER_ABSTIME, &abs, NULL));
	CHECK_EQ(read(boot, &ticks, 8), 8);
	CHECK(now_ns() - t0 >= 25000000ULL);
}

static void t_signalfd(void)
{
	struct signalfd_siginfo si[2];
	sigset_t mask;
	int fd;
	struct pollfd pfd = { .events = POLLIN };
	pid_t pid;

	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGUSR2);
	OK(sigprocmask(SIG_BLOCK, &mask, NULL));
	fd = OK(signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC));
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(syscall(SYS_signalfd4, -1, &mask, 4, 0), EINVAL);
	CHECK_ERR(syscall(SYS_signalfd4, -1, &mask, 8, 0x10), EINVAL);
	CHECK_ERR(syscall(SYS_signalfd4, -1, BAD, 8, 0), EFAULT);
	CHECK_ERR(syscall(SYS_signalfd4, 0, &mask, 8, 0), EINVAL);
	CHECK_ERR(syscall(SYS_signalfd4, 999, &mask, 8, 0), EBADF);
	CHECK_ERR(read(fd, si, sizeof(si[0])), EAGAIN);
	CHECK_ERR(read(fd, si, 100), EINVAL);
	pfd.fd = fd;
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	OK(kill(getpid(), SIGUSR1));
	OK(kill(getpid(), SIGUSR2));
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(read(fd, si, sizeof(si)), 2 * (long)sizeof(si[0]));
	CHECK_EQ(si[0].ssi_signo, SIGUSR1);
	CHECK_EQ(si[0].ssi_pid, getpid());
	CHECK_EQ(si[0].ssi_code, SI_USER);
	CHECK_EQ(si[1].ssi_signo, SIGUSR2);
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	/* A signal from another process wakes a poller and a blocking reader. */
	pid = xfork();
	if (pid == 0) {
		usleep(30000);
		kill(getppid(), SIGUSR2);
		usleep(30000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK_EQ(read(fd, si, sizeof(si)), (long)sizeof(si[0]));
	CHECK_EQ(si[0].ssi_signo, SIGUSR2);
	CHECK_EQ(si[0].ssi_pid, pid);
	/* Changing the mask of the same descriptor; a blocking read. */
	sigdelset(&mask, SIGUSR2);
	CHECK_EQ(signalfd(fd, &mask, 0), fd);
	OK(fcntl(fd, F_SETFL, 0));
	CHECK_EQ(read(fd, si, sizeof(si)), (long)sizeof(si[0]));
	CHECK_EQ(si[0].ssi_signo, SIGUSR1);
	expect_exit(xwait(pid), 0);
	/* In an epoll set. */
	int ep = OK(epoll_create1(0));
	struct epoll_event ev = { .events = EPOLLIN }, out;
	OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
	CHECK_EQ(ep_wait(ep, &out, 1, 0), 0);
	OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(ep_wait(ep, &out, 1, 1000), 1);
}

static void t_flock(void)
{
	int a = OK(open("lk", O_CREAT | O_RDWR, 0600)), b = OK(open("lk", O_RDWR)), d;
	pid_t pid;

	CHECK_ERR(flock(999, LOCK_SH), EBADF);
	CHECK_ERR(flock(a, 0), EINVAL);
	CHECK_ERR(flock(a, LOCK_SH | LOCK_EX), EINVAL);
	OK(flock(a, LOCK_SH));
	OK(flock(b, LOCK_SH | LOCK_NB));
	CHECK_ERR(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	OK(flock(a, LOCK_UN));
	OK(flock(b, LOCK_EX | LOCK_NB));
	CHECK_ERR(flock(a, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	/* A dup shares the lock; it goes with the open file's last close. */
	d = OK(dup(b));
	close(b);
	CHECK_ERR(flock(a, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	close(d);
	OK(flock(a, LOCK_EX | LOCK_NB));
	/* Independent of fcntl record locks. */
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	OK(fcntl(a, F_SETLK, &fl));
	/* A child blocks until the holder lets go; a signal interrupts a waiter. */
	pid = xfork();
	if (pid == 0) {
		int c = open("lk", O_RDWR);

		if (flock(c, LOCK_EX) != 0)
			_exit(2);
		_exit(0);
	}
	wait_sleeping(pid);
	OK(flock(a, LOCK_UN));
	expect_exit(xwait(pid), 0);
	OK(flock(a, LOCK_EX));
	catch_without_restart(SIGUSR1, nop_handler);
	pid = xfork();
	if (pid == 0) {
		int c = open("lk", O_RDWR);

		_exit(flock(c, LOCK_EX) == -1 && errno == EINTR ? 0 : 3);
	}
	wait_sleeping(pid);
	OK(kill(pid, SIGUSR1));
	expect_exit(xwait(pid), 0);
}

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static void t_close_range(void)
{
	int base = OK(dup2(0, 40));

	OK(dup2(0, 41));
	OK(dup2(0, 43));
	OK(dup2(0, 100));
	CHECK_ERR(syscall(SYS_close_range, 10, 5, 0), EINVAL);
	CHECK_ERR(syscall(SYS_close_range, 40, 50, 0x1), EINVAL);
	OK(syscall(SYS_close_range, 41, 43, CLOSE_RANGE_CLOEXEC));
	CHECK_EQ(fcntl(41, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(43, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(40, F_GETFD), 0);
	OK(syscall(SYS_close_range, 41, ~0U, CLOSE_RANGE_UNSHARE));
	CHECK_EQ(fcntl(base, F_GETFD), 0);
	CHECK_ERR(fcntl(41, F_GETFD), EBADF);
	CHECK_ERR(fcntl(43, F_GETFD), EBADF);
	CHECK_ERR(fcntl(100, F_GETFD), EBADF);
	/* Nothing open in the range is fine. */
	OK(syscall(SYS_close_range, 200, 300, 0));
}

static void *unshare_and_close(void *arg)
{
	long fd = (long)arg;

	if (syscall(SYS_close_range, fd, fd, CLOSE_RANGE_UNSHARE) != 0)
		return (void *)1;
	return fcntl((int)fd, F_GETFD) == -1 && errno == EBADF ? NULL : (void *)2;
}

/* A thread that unshares its table closes its own copy: the other threads' descriptor stays. */
static void t_close_range_unshare(void)
{
	int fd = OK(dup2(0, 45));
	pthread_t t;
	void *rc;

	CHECK_EQ(pthread_create(&t, NULL, unshare_and_close, (void *)(long)fd), 0);
	CHECK_EQ(pthread_join(t, &rc), 0);
	CHECK_EQ((long)rc, 0);
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	OK(close(fd));
}

#ifndef F_ADD_SEALS
#define F_ADD_SEALS   1033
#define F_GET_SEALS   1034
#define F_SEAL_SEAL   0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW   0x0004
#define F_SEAL_WRITE  0x0008
#endif

static void t_memfd(void)
{
	int fd = OK(syscall(SYS_memfd_create, "buf", 1 /* MFD_CLOEXEC */)), sealed;
	char name[300], buf[8];
	struct stat st;
	void *p;

	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(syscall(SYS_memfd_create, "x", 0x100), EINVAL);
	CHECK_ERR(syscall(SYS_memfd_create, BAD, 0), EFAULT);
	memset(name, 'n', sizeof(name));
	name[sizeof(name) - 1] = 0;
	CHECK_ERR(syscall(SYS_memfd_create, name, 0), EINVAL);
	OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(write(fd, "hello", 5), 5);
	OK(ftruncate(fd, PAGE));
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK(!memcmp(p, "hello", 5));
	memcpy(p, "HE", 2);
	CHECK_EQ(pread(fd, buf, 5, 0), 5);
	CHECK(!memcmp(buf, "HEllo", 5));
	munmap(p, PAGE);
	/* Without MFD_ALLOW_SEALING, F_SEAL_SEAL is there from the start. */
	CHECK_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SEAL);
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EPERM);
	CHECK_ERR(fcntl(0, F_GET_SEALS), EINVAL);
	sealed = OK(syscall(SYS_memfd_create, "sealed", 2 /* MFD_ALLOW_SEALING */));
	CHECK_EQ(fcntl(sealed, F_GET_SEALS), 0);
	CHECK_EQ(write(sealed, "abcd", 4), 4);
	CHECK_ERR(fcntl(sealed, F_ADD_SEALS, 0x1000), EINVAL);
	OK(fcntl(sealed, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW));
	CHECK_ERR(ftruncate(sealed, 2), EPERM);
	CHECK_ERR(ftruncate(sealed, 8), EPERM);
	CHECK_ERR(write(sealed, "more", 4), EPERM);
	CHECK_EQ(pwrite(sealed, "AB", 2, 0), 2);
	OK(fcntl(sealed, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SEAL));
	CHECK_ERR(pwrite(sealed, "AB", 2, 0), EPERM);
	CHECK_ERR(fcntl(sealed, F_ADD_SEALS, F_SEAL_SHRINK), EPERM);
	CHECK_EQ(fcntl(sealed, F_GET_SEALS), F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
	CHECK_EQ(pread(sealed, buf, 8, 0), 4);
	CHECK(!memcmp(buf, "ABcd", 4));
}

/* syslog(2)'s actions (klogctl). */
#define SYSLOG_ACTION_READ	    2
#define SYSLOG_ACTION_READ_ALL	    3
#define SYSLOG_ACTION_CLEAR	    5
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD   9
#define SYSLOG_ACTION_SIZE_BUFFER   10

static void t_syslog(void)
{
	static char buf[256 * 1024];
	long size = OK(syscall(SYS_syslog, SYSLOG_ACTION_SIZE_BUFFER, NULL, 0)), n;
	int fd;

	if (!pvkernel())
		skip("the host's log has other lines");
	CHECK(size > 0);
	CHECK_ERR(syscall(SYS_syslog, 99, NULL, 0), EINVAL);
	CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, NULL, 10), EINVAL);
	CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, -1), EINVAL);
	CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, BAD, 4096), EFAULT);
	CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 9), EINVAL);
	CHECK_EQ(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, 0), 0);
	n = OK(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, sizeof(buf) - 1));
	buf[n] = 0;
	/* "<6>[    0.123456] vfs: root file system ready..." */
	CHECK(n > 0 && buf[0] == '<' && buf[n - 1] == '\n');
	CHECK(strstr(buf, "root file system ready") != NULL);
	CHECK(strstr(buf, ">[") != NULL);
	/* A small buffer gets the newest whole lines. */
	fd = OK(open("/dev/kmsg", O_WRONLY));
	CHECK_EQ(write(fd, "<3>utest syslog marker", 22), 22);
	n = OK(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, 100));
	buf[n] = 0;
	CHECK(n > 0 && n <= 100);
	CHECK(strstr(buf, "<11>") && strstr(buf, "] utest syslog marker\n"));
	CHECK(OK(syscall(SYS_syslog, SYSLOG_ACTION_SIZE_UNREAD, NULL, 0)) >= 0);
	/* Unprivileged: READ_ALL and SIZE_BUFFER only. */
	become(NOBODY, NOGROUP);
	OK(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, 64));
	OK(syscall(SYS_syslog, SYSLOG_ACTION_SIZE_BUFFER, NULL, 0));
	CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_CLEAR, NULL, 0), EPERM);
	CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_READ, buf, 64), EPERM);
	CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_SIZE_UNREAD, NULL, 0), EPERM);
	CHECK_ERR(syscall(SYS_syslog, SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 7), EPERM);
}

static void t_kmsg(void)
{
	char rec[2048];
	unsigned int prio;
	unsigned long long seq, seq2, us;
	struct stat st;
	int fd, w;
	long n;

	if (!pvkernel())
		skip("the host's /dev/kmsg has other records");
	OK(stat("/dev/kmsg", &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(major(st.st_rdev), 1);
	CHECK_EQ(minor(st.st_rdev), 11);
	fd = OK(open("/dev/kmsg", O_RDONLY | O_NONBLOCK));
	/* The first record: "prio,seq,usecs,flags;text\n". */
	n = OK(read(fd, rec, sizeof(rec) - 1));
	rec[n] = 0;
	CHECK_EQ(sscanf(rec, "%u,%llu,%llu,", &prio, &seq, &us), 3);
	CHECK(strchr(rec, ';') && rec[n - 1] == '\n');
	CHECK_ERR(read(fd, rec, 5), EINVAL);
	/* To the end: nothing more; a write shows up as the next record. */
	CHECK_EQ(lseek(fd, 0, SEEK_END), 0);
	CHECK_ERR(read(fd, rec, sizeof(rec)), EAGAIN);
	CHECK_ERR(lseek(fd, 1, SEEK_SET), ESPIPE);
	CHECK_ERR(lseek(fd, 0, SEEK_CUR), EINVAL);
	w = OK(open("/dev/kmsg", O_WRONLY));
	CHECK_EQ(write(w, "<4>utest: kmsg\tline", 19), 19);
	CHECK_EQ(write(w, "plain", 5), 5);
	n = OK(read(fd, rec, sizeof(rec) - 1));
	rec[n] = 0;
	CHECK_EQ(sscanf(rec, "%u,%llu,", &prio, &seq2), 2);
	CHECK_EQ(prio, 12); /* LOG_USER, LOG_WARNING */
	CHECK(seq2 > seq);
	CHECK(strstr(rec, ",-;utest: kmsg\\x09line\n") != NULL);
	n = OK(read(fd, rec, sizeof(rec) - 1));
	rec[n] = 0;
	CHECK_EQ(sscanf(rec, "%u,%llu,", &prio, &seq), 2);
	CHECK_EQ(prio, 13); /* LOG_USER, LOG_NOTICE */
	CHECK_EQ(seq, seq2 + 1);
	CHECK(strstr(rec, ";plain\n") != NULL);
	/* From the start again. */
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	n = OK(read(fd, rec, sizeof(rec) - 1));
	OK(lseek(fd, 0, SEEK_DATA));
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	/* A reader that falls behind the oldest record gets EPIPE once. */
	OK(lseek(fd, 0, SEEK_SET));
	for (int i = 0; i < 2100; i++)
		write(w, "utest: filler line to overwrite the oldest records", 50);
	CHECK_ERR(read(fd, rec, sizeof(rec)), EPIPE);
	OK(read(fd, rec, sizeof(rec)));
}

/* What glibc and daemons read about themselves: the name prctl sets, the CPU lists. */
static void t_prctl_name(void)
{
	char name[32] = { 0 }, buf[512];

	OK(prctl(PR_SET_NAME, "utest-name-that-is-long", 0, 0, 0));
	OK(prctl(PR_GET_NAME, name, 0, 0, 0));
	/* Cut to 15 bytes and a NUL, as Linux's TASK_COMM_LEN. */
	CHECK_STR(name, "utest-name-that");
	read_file("/proc/self/comm", buf, sizeof(buf));
	CHECK_STR(buf, "utest-name-that\n");
	read_file("/proc/self/stat", buf, sizeof(buf));
	CHECK(strstr(buf, " (utest-name-that) ") != NULL);
	read_file("/proc/self/status", buf, sizeof(buf));
	CHECK(strstr(buf, "Name:\tutest-name-that\n") != NULL);
	CHECK_ERR(prctl(PR_SET_NAME, BAD, 0, 0, 0), EFAULT);
	if (!pvkernel())
		return;
	read_file("/sys/devices/system/cpu/online", buf, sizeof(buf));
	CHECK_STR(buf, "0\n");
	read_file("/sys/devices/system/cpu/possible", buf, sizeof(buf));
	CHECK_STR(buf, "0\n");
}

const struct utest fdkinds_tests[] = {
	{ "epoll_basic", t_epoll_basic },
	{ "epoll_edge", t_epoll_edge },
	{ "epoll_nested", t_epoll_nested },
	{ "epoll_wait_block", t_epoll_wait_block },
	{ "eventfd", t_eventfd },
	{ "timerfd", t_timerfd },
	{ "signalfd", t_signalfd },
	{ "flock", t_flock },
	{ "close_range", t_close_range },
	{ "close_range_unshare", t_close_range_unshare },
	{ "memfd", t_memfd },
	{ "syslog", t_syslog },
	{ "kmsg", t_kmsg },
	{ "prctl_name", t_prctl_name },
	{ NULL, NULL },
};
