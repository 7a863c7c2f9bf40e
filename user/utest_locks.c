/*
 * utest: fcntl's record locks (POSIX and OFD), F_SETLKW's waits, leases
 * and the owner of a file's signals (F_SETOWN, F_SETOWN_EX).
 *
 * A lock held by the test is looked at from a child with F_GETLK, since
 * a process never conflicts with its own POSIX locks.
 */
#include "utest.h"

/* A struct flock for [start, start + len), len 0 meaning to the end. */
static struct flock lk(short type, short whence, off_t start, off_t len)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = whence;
	fl.l_start = start;
	fl.l_len = len;
	return fl;
}

static int setlk(int fd, short type, off_t start, off_t len)
{
	struct flock fl = lk(type, SEEK_SET, start, len);

	return fcntl(fd, F_SETLK, &fl);
}

/* F_GETLK for an exclusive lock on [start, start + len): what stands in its way. */
static struct flock getlk(int fd, off_t start, off_t len)
{
	struct flock fl = lk(F_WRLCK, SEEK_SET, start, len);

	OK(fcntl(fd, F_GETLK, &fl));
	return fl;
}

struct expect_lock {
	int fd;
	off_t start, len;	  /* the range asked about */
	short type;		  /* what F_GETLK must say, F_UNLCK for nothing */
	off_t got_start, got_len; /* where the lock in the way is */
	pid_t pid;
};

static void check_lock(void *arg)
{
	const struct expect_lock *e = arg;
	struct flock fl = getlk(e->fd, e->start, e->len);

	CHECK_EQ(fl.l_type, e->type);
	if (e->type == F_UNLCK)
		return;
	CHECK_EQ(fl.l_whence, SEEK_SET);
	CHECK_EQ(fl.l_start, e->got_start);
	CHECK_EQ(fl.l_len, e->got_len);
	CHECK_EQ(fl.l_pid, e->pid);
}

/* From another process: F_GETLK on [start, start + len) finds type at [gs, gs + gl). */
static void seen_from_child(int fd, off_t start, off_t len, short type, off_t gs, off_t gl)
{
	struct expect_lock e = { fd, start, len, type, gs, gl, getpid() };

	expect_exit(run_child(check_lock, &e), 0);
}

static void try_shared(void *arg)
{
	int fd = *(int *)arg;

	CHECK_ERR(setlk(fd, F_RDLCK, 15, 1), EAGAIN);
	OK(setlk(fd, F_RDLCK, 30, 10));
}

static void t_posix_locks(void)
{
	static char data[100];
	struct flock fl;
	int fd, ro, wo, fd2;
	pid_t pid;

	fd = OK(open("f", O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(fd, data, sizeof(data)), sizeof(data));
	OK(setlk(fd, F_WRLCK, 10, 20));
	/* Never in one's own way. */
	fl = getlk(fd, 0, 0);
	CHECK_EQ(fl.l_type, F_UNLCK);
	seen_from_child(fd, 0, 0, F_WRLCK, 10, 20);
	seen_from_child(fd, 0, 10, F_UNLCK, 0, 0);
	expect_exit(run_child(try_shared, &fd), 0);

	/* A lock over others of its owner replaces them; unlocking a middle splits one. */
	OK(setlk(fd, F_WRLCK, 0, 100));
	OK(setlk(fd, F_UNLCK, 40, 20));
	seen_from_child(fd, 40, 20, F_UNLCK, 0, 0);
	seen_from_child(fd, 0, 100, F_WRLCK, 0, 40);
	seen_from_child(fd, 50, 100, F_WRLCK, 60, 40);
	/* Of another kind it stays apart; of the same kind neighbours merge. */
	OK(setlk(fd, F_RDLCK, 40, 20));
	seen_from_child(fd, 40, 1, F_RDLCK, 40, 20);
	OK(setlk(fd, F_WRLCK, 40, 20));
	seen_from_child(fd, 50, 1, F_WRLCK, 0, 100);

	/* Length 0 is to the end, negative lengths go backwards, SEEK_CUR and SEEK_END count. */
	OK(setlk(fd, F_UNLCK, 0, 0));
	seen_from_child(fd, 0, 0, F_UNLCK, 0, 0);
	OK(lseek(fd, 50, SEEK_SET));
	fl = lk(F_WRLCK, SEEK_CUR, -10, 0);
	OK(fcntl(fd, F_SETLK, &fl));
	seen_from_child(fd, 1000, 1, F_WRLCK, 40, 0);
	OK(setlk(fd, F_UNLCK, 0, 0));
	fl = lk(F_WRLCK, SEEK_END, 0, -10);
	OK(fcntl(fd, F_SETLK, &fl));
	seen_from_child(fd, 0, 0, F_WRLCK, 90, 10);
	OK(setlk(fd, F_UNLCK, 0, 0));

	/* Bad requests. */
	fl = lk(7, SEEK_SET, 0, 1);
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EINVAL);
	fl = lk(F_WRLCK, 5, 0, 1);
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EINVAL);
	CHECK_ERR(setlk(fd, F_WRLCK, -1, 1), EINVAL);
	CHECK_ERR(setlk(fd, F_WRLCK, 5, -10), EINVAL);
	CHECK_ERR(setlk(fd, F_WRLCK, INT64_MAX, 2), EOVERFLOW);
	fl = lk(F_UNLCK, SEEK_SET, 0, 1);
	CHECK_ERR(fcntl(fd, F_GETLK, &fl), EINVAL);
	CHECK_ERR(fcntl(fd, F_SETLK, BAD), EFAULT);
	CHECK_ERR(fcntl(fd, F_GETLK, BAD), EFAULT);
	CHECK_ERR(setlk(99, F_WRLCK, 0, 1), EBADF);
	ro = OK(open("f", O_RDONLY));
	wo = OK(open("f", O_WRONLY));
	CHECK_ERR(setlk(ro, F_WRLCK, 0, 1), EBADF);
	CHECK_ERR(setlk(wo, F_RDLCK, 0, 1), EBADF);
	OK(setlk(ro, F_RDLCK, 0, 1));
	OK(setlk(wo, F_WRLCK, 5, 1));
	/* Closing any descriptor of the file drops all the process's locks on it. */
	fd2 = OK(open("f", O_RDONLY));
	OK(setlk(fd, F_WRLCK, 10, 10));
	seen_from_child(fd, 10, 1, F_WRLCK, 10, 10);
	OK(close(fd2));
	seen_from_child(fd, 0, 0, F_UNLCK, 0, 0);

	/* A child's locks are its own (not the parent's) and go when it exits. */
	pid = xfork();
	if (pid == 0) {
		OK(setlk(fd, F_WRLCK, 0, 10));
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	OK(setlk(fd, F_WRLCK, 0, 10));
}

/* ------------------------------------------------------------ F_SETLKW */

static void t_setlkw(void)
{
	int fd, ready[2], r;
	struct flock fl;
	char c;
	pid_t pid;

	fd = OK(open("f", O_RDWR | O_CREAT, 0644));
	OK(pipe(ready));
	/* A waiter gets the lock once it is free. */
	OK(setlk(fd, F_WRLCK, 0, 10));
	pid = xfork();
	if (pid == 0) {
		struct flock w = lk(F_WRLCK, SEEK_SET, 5, 1);

		CHECK_EQ(write(ready[1], "r", 1), 1);
		OK(fcntl(fd, F_SETLKW, &w));
		_exit(0);
	}
	CHECK_EQ(read(ready[0], &c, 1), 1);
	wait_sleeping(pid);
	OK(setlk(fd, F_UNLCK, 0, 10));
	expect_exit(xwait(pid), 0);

	/* A signal with a handler ends the wait with EINTR. */
	OK(setlk(fd, F_WRLCK, 0, 10));
	pid = xfork();
	if (pid == 0) {
		struct flock w = lk(F_RDLCK, SEEK_SET, 0, 1);

		catch_without_restart(SIGUSR1, NULL);
		CHECK_EQ(write(ready[1], "r", 1), 1);
		CHECK_ERR(fcntl(fd, F_SETLKW, &w), EINTR);
		_exit(0);
	}
	CHECK_EQ(read(ready[0], &c, 1), 1);
	wait_sleeping(pid);
	OK(kill(pid, SIGUSR1));
	expect_exit(xwait(pid), 0);

	/* Each holding what the other waits for: the second to wait gets EDEADLK. */
	pid = xfork();
	if (pid == 0) {
		struct flock w = lk(F_WRLCK, SEEK_SET, 0, 1);

		OK(setlk(fd, F_WRLCK, 20, 1));
		CHECK_EQ(write(ready[1], "r", 1), 1);
		OK(fcntl(fd, F_SETLKW, &w));
		_exit(0);
	}
	CHECK_EQ(read(ready[0], &c, 1), 1);
	wait_sleeping(pid);
	fl = lk(F_WRLCK, SEEK_SET, 20, 1);
	r = fcntl(fd, F_SETLKW, &fl);
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EDEADLK);
	OK(setlk(fd, F_UNLCK, 0, 0));
	expect_exit(xwait(pid), 0);
	OK(setlk(fd, F_WRLCK, 20, 1));
}

/* ------------------------------------------------------------ OFD locks */

static void t_ofd_locks(void)
{
	int a, b, d;
	struct flock fl = lk(F_WRLCK, SEEK_SET, 0, 10);

	a = OK(open("f", O_RDWR | O_CREAT, 0644));
	b = OK(open("f", O_RDWR));
	/* Owned by the open file: two of them conflict, even in one process. */
	OK(fcntl(a, F_OFD_SETLK, &fl));
	CHECK_ERR(fcntl(b, F_OFD_SETLK, &fl), EAGAIN);
	fl = lk(F_RDLCK, SEEK_SET, 5, 1);
	OK(fcntl(b, F_OFD_GETLK, &fl));
	CHECK_EQ(fl.l_type, F_WRLCK);
	CHECK_EQ(fl.l_start, 0);
	CHECK_EQ(fl.l_len, 10);
	CHECK_EQ(fl.l_pid, -1);
	/* A POSIX lock of the same process is another owner too. */
	CHECK_ERR(setlk(b, F_WRLCK, 0, 1), EAGAIN);
	fl = lk(F_WRLCK, SEEK_SET, 0, 10);
	fl.l_pid = 1;
	CHECK_ERR(fcntl(b, F_OFD_SETLK, &fl), EINVAL);
	/* Closing a duplicate keeps it; the last descriptor of the open file takes it. */
	d = OK(dup(a));
	OK(close(d));
	fl = lk(F_WRLCK, SEEK_SET, 0, 10);
	CHECK_ERR(fcntl(b, F_OFD_SETLK, &fl), EAGAIN);
	OK(close(a));
	OK(fcntl(b, F_OFD_SETLKW, &fl));
	OK(close(b));
}

/* ------------------------------------------------------------ leases */

static volatile sig_atomic_t sigio_seen;

static void count_sigio(int sig)
{
	(void)sig;
	sigio_seen++;
}

static void t_lease(void)
{
	sigset_t io, old;
	int fd, w, r, d, p[2];
	pid_t pid;

	write_file("f", "x", 1);
	fd = OK(open("f", O_RDONLY));
	CHECK_EQ(fcntl(fd, F_GETLEASE), F_UNLCK);
	OK(fcntl(fd, F_SETLEASE, F_RDLCK));
	CHECK_EQ(fcntl(fd, F_GETLEASE), F_RDLCK);
	/* The taker becomes the owner its break notice goes to. */
	CHECK_EQ(syscall(SYS_fcntl, fd, F_GETOWN), getpid());
	/* Other readers do not disturb a read lease; a write lease needs the file to itself. */
	r = OK(open("f", O_RDONLY));
	CHECK_ERR(fcntl(fd, F_SETLEASE, F_WRLCK), EAGAIN);
	OK(close(r));
	OK(fcntl(fd, F_SETLEASE, F_WRLCK));
	CHECK_EQ(fcntl(fd, F_GETLEASE), F_WRLCK);
	OK(fcntl(fd, F_SETLEASE, F_UNLCK));
	CHECK_EQ(fcntl(fd, F_GETLEASE), F_UNLCK);
	CHECK_ERR(fcntl(fd, F_SETLEASE, F_UNLCK), EAGAIN);
	/* No read lease while the file is open for writing. */
	w = OK(open("f", O_WRONLY));
	CHECK_ERR(fcntl(fd, F_SETLEASE, F_RDLCK), EAGAIN);
	CHECK_ERR(fcntl(w, F_SETLEASE, F_RDLCK), EAGAIN);
	OK(close(w));
	CHECK_ERR(fcntl(fd, F_SETLEASE, 7), EINVAL);
	d = OK(open(".", O_RDONLY));
	CHECK_ERR(fcntl(d, F_SETLEASE, F_RDLCK), EINVAL);
	OK(pipe(p));
	CHECK_ERR(fcntl(p[0], F_SETLEASE, F_RDLCK), EINVAL);

	/* An open for writing breaks a read lease: SIGIO, and O_NONBLOCK does not wait. */
	catch_without_restart(SIGIO, count_sigio);
	OK(fcntl(fd, F_SETLEASE, F_RDLCK));
	CHECK_ERR(open("f", O_WRONLY | O_NONBLOCK), EAGAIN);
	CHECK_EQ(sigio_seen, 1);
	CHECK_EQ(fcntl(fd, F_GETLEASE), F_UNLCK); /* what it must become */
	OK(fcntl(fd, F_SETLEASE, F_UNLCK));
	w = OK(open("f", O_WRONLY | O_NONBLOCK));
	OK(close(w));
	/* A reader breaks a write lease only down to a read lease. */
	OK(fcntl(fd, F_SETLEASE, F_WRLCK));
	CHECK_ERR(open("f", O_RDONLY | O_NONBLOCK), EAGAIN);
	CHECK_EQ(sigio_seen, 2);
	CHECK_EQ(fcntl(fd, F_GETLEASE), F_RDLCK);
	OK(fcntl(fd, F_SETLEASE, F_RDLCK));
	r = OK(open("f", O_RDONLY | O_NONBLOCK));
	OK(close(r));
	CHECK_EQ(sigio_seen, 2);

	/* A blocking opener waits until the holder gives way. */
	sigemptyset(&io);
	sigaddset(&io, SIGIO);
	OK(sigprocmask(SIG_BLOCK, &io, &old));
	pid = xfork();
	if (pid == 0) {
		w = OK(open("f", O_WRONLY));
		_exit(0);
	}
	while (sigio_seen < 3)
		sigsuspend(&old);
	CHECK_EQ(fcntl(fd, F_GETLEASE), F_UNLCK);
	OK(fcntl(fd, F_SETLEASE, F_UNLCK));
	expect_exit(xwait(pid), 0);
	/* Closing the file ends its lease. */
	OK(fcntl(fd, F_SETLEASE, F_RDLCK));
	OK(close(fd));
	w = OK(open("f", O_WRONLY | O_NONBLOCK));
	OK(close(w));
	CHECK_EQ(sigio_seen, 3);
}

/* ------------------------------------------------------------ F_SETOWN */

static void t_fcntl_owner(void)
{
	struct f_owner_ex o;
	int fd = OK(open("/dev/null", O_RDONLY)), d;

	/* Raw: the C library reads F_GETOWN through F_GETOWN_EX. */
	CHECK_EQ(syscall(SYS_fcntl, fd, F_GETOWN), 0);
	OK(fcntl(fd, F_GETOWN_EX, &o));
	CHECK_EQ(o.pid, 0);
	OK(fcntl(fd, F_SETOWN, getpid()));
	CHECK_EQ(syscall(SYS_fcntl, fd, F_GETOWN), getpid());
	OK(fcntl(fd, F_GETOWN_EX, &o));
	CHECK_EQ(o.type, F_OWNER_PID);
	CHECK_EQ(o.pid, getpid());
	/* A negative number is a process group. */
	OK(fcntl(fd, F_SETOWN, -getpgrp()));
	/* The raw call's -pgid would read as an error: the C library's goes through F_GETOWN_EX. */
	CHECK_EQ(fcntl(fd, F_GETOWN), -getpgrp());
	OK(fcntl(fd, F_GETOWN_EX, &o));
	CHECK_EQ(o.type, F_OWNER_PGRP);
	CHECK_EQ(o.pid, getpgrp());
	o = (struct f_owner_ex){ F_OWNER_TID, gettid() };
	OK(fcntl(fd, F_SETOWN_EX, &o));
	memset(&o, 0xff, sizeof(o));
	OK(fcntl(fd, F_GETOWN_EX, &o));
	CHECK_EQ(o.type, F_OWNER_TID);
	CHECK_EQ(o.pid, gettid());
	/* The open file holds it: a duplicate sees it. */
	d = OK(dup(fd));
	OK(fcntl(d, F_GETOWN_EX, &o));
	CHECK_EQ(o.pid, gettid());
	OK(fcntl(fd, F_SETOWN, 0));
	CHECK_EQ(syscall(SYS_fcntl, d, F_GETOWN), 0);
	/* Nobody by that number; a bad type; a bad pointer. */
	CHECK_ERR(fcntl(fd, F_SETOWN, dead_pid()), ESRCH);
	o = (struct f_owner_ex){ F_OWNER_PID, dead_pid() };
	CHECK_ERR(fcntl(fd, F_SETOWN_EX, &o), ESRCH);
	o = (struct f_owner_ex){ 7, getpid() };
	CHECK_ERR(fcntl(fd, F_SETOWN_EX, &o), EINVAL);
	CHECK_ERR(fcntl(fd, F_SETOWN_EX, BAD), EFAULT);
	CHECK_ERR(fcntl(fd, F_GETOWN_EX, BAD), EFAULT);
}

const struct utest lock_tests[] = {
	{ "posix_locks", t_posix_locks },
	{ "setlkw", t_setlkw },
	{ "ofd_locks", t_ofd_locks },
	{ "lease", t_lease },
	{ "fcntl_owner", t_fcntl_owner },
	{ NULL, NULL },
};
