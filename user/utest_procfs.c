/*
 * utest: what /proc shows of a process's descriptors, program and
 * threads: /proc/PID/fd (a link per descriptor, named as Linux names
 * each kind of file, that opens the file itself, a pipe included),
 * fdinfo, exe (the program, not ld.so), task/TID and /proc/thread-self,
 * and the names that are no descriptor or thread.
 */
#include "utest.h"

#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>

#define DEB  "/debian/bin/"
#define LDSO "/lib64/ld-linux-x86-64.so.2"

/* readlink of path, NUL-terminated; fails the test on an error. */
static void link_of(const char *path, char *buf, size_t size)
{
	ssize_t n = readlink(path, buf, size - 1);

	if (n < 0)
		fail("readlink %s: %s", path, errname(errno));
	buf[n] = '\0';
}

static void fd_link(int fd, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	link_of(path, buf, size);
}

/* "kind:[INO]" for the inode fd is on (pipes and sockets). */
static void ino_name(const char *kind, int fd, char *buf, size_t size)
{
	struct stat st;

	OK(fstat(fd, &st));
	snprintf(buf, size, "%s:[%llu]", kind, (unsigned long long)st.st_ino);
}

/* The listing of /proc/self/fd is exactly the descriptors F_GETFD knows. */
static void t_procfs_fd_list(void)
{
	int p[2], s[2], seen[256] = { 0 }, nseen = 0, dfd;
	struct dirent *d;
	DIR *dir;

	OK(pipe(p));
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
	OK(open("f", O_CREAT | O_RDWR, 0644));
	OK(eventfd(0, 0));
	/* A gap: what is closed is not listed. */
	close(OK(open(".", O_RDONLY)));
	OK(dup2(p[0], 40));
	dir = opendir("/proc/self/fd");
	CHECK(dir != NULL);
	dfd = dirfd(dir);
	while ((d = readdir(dir))) {
		int fd;

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		CHECK_EQ(d->d_type, DT_LNK);
		fd = atoi(d->d_name);
		CHECK(fd >= 0 && fd < 256);
		if (seen[fd]++)
			fail("fd %d listed twice", fd);
		nseen++;
	}
	closedir(dir);
	for (int fd = 0; fd < 256; fd++) {
		int open_now = fd == dfd || fcntl(fd, F_GETFD) >= 0;

		if (open_now != seen[fd])
			fail("fd %d: open %d, listed %d", fd, open_now, seen[fd]);
	}
	CHECK(seen[40] && seen[p[1]] && seen[s[0]] && seen[s[1]]);
	CHECK(nseen >= 8);
}

/* readlink names each kind of file as Linux does. */
static void t_procfs_fd_links(void)
{
	char cwd[256], want[512], got[512];
	sigset_t mask;
	int fd, p[2], s[2];
	struct stat st;

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	fd = OK(open("file", O_CREAT | O_RDWR, 0644));
	snprintf(want, sizeof(want), "%s/file", cwd);
	fd_link(fd, got, sizeof(got));
	CHECK_STR(got, want);
	/* The name after a rename in the same directory. */
	OK(rename("file", "renamed"));
	snprintf(want, sizeof(want), "%s/renamed", cwd);
	fd_link(fd, got, sizeof(got));
	CHECK_STR(got, want);
	/* Through a symlink: the file's own name. */
	OK(symlink("renamed", "sym"));
	fd = OK(open("sym", O_RDONLY));
	fd_link(fd, got, sizeof(got));
	CHECK_STR(got, want);

	OK(mkdir("d", 0755));
	fd = OK(open("d", O_RDONLY | O_DIRECTORY));
	snprintf(want, sizeof(want), "%s/d", cwd);
	fd_link(fd, got, sizeof(got));
	CHECK_STR(got, want);
	fd = OK(open("/", O_RDONLY));
	fd_link(fd, got, sizeof(got));
	CHECK_STR(got, "/");
	fd = OK(open("/dev/null", O_RDWR));
	fd_link(fd, got, sizeof(got));
	CHECK_STR(got, "/dev/null");

	OK(pipe(p));
	ino_name("pipe", p[0], want, sizeof(want));
	fd_link(p[1], got, sizeof(got));
	CHECK_STR(got, want);
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
	ino_name("socket", s[0], want, sizeof(want));
	fd_link(s[0], got, sizeof(got));
	CHECK_STR(got, want);

	fd_link(OK(eventfd(0, 0)), got, sizeof(got));
	CHECK_STR(got, "anon_inode:[eventfd]");
	fd_link(OK(epoll_create1(0)), got, sizeof(got));
	CHECK_STR(got, "anon_inode:[eventpoll]");
	fd_link(OK(timerfd_create(CLOCK_MONOTONIC, 0)), got, sizeof(got));
	CHECK_STR(got, "anon_inode:[timerfd]");
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	fd_link(OK(signalfd(-1, &mask, 0)), got, sizeof(got));
	CHECK_STR(got, "anon_inode:[signalfd]");
	fd_link(OK(memfd_create("pfs", 0)), got, sizeof(got));
	CHECK_STR(got, "/memfd:pfs (deleted)");

	/* The link itself is a link; stat follows it to the file. */
	snprintf(want, sizeof(want), "/proc/self/fd/%d", p[0]);
	OK(lstat(want, &st));
	CHECK(S_ISLNK(st.st_mode));
	OK(stat(want, &st));
	CHECK(S_ISFIFO(st.st_mode));
	/* A short buffer gets the start, as readlink(2) says. */
	CHECK_EQ(readlink(want, got, 4), 4);
	CHECK(!memcmp(got, "pipe", 4));
}

/* Opening a link opens the file itself: a new open file of a regular file, the same pipe. */
static void t_procfs_fd_reopen(void)
{
	char path[64], buf[16];
	struct stat a, b;
	int fd, again, p[2];

	fd = OK(open("data", O_CREAT | O_RDWR, 0644));
	CHECK_EQ(write(fd, "hello", 5), 5);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	again = OK(open(path, O_RDONLY));
	/* A new open file: its own position, at 0. */
	CHECK_EQ(read(again, buf, sizeof(buf)), 5);
	CHECK(!memcmp(buf, "hello", 5));
	OK(fstat(fd, &a));
	OK(fstat(again, &b));
	CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	/* Its link names the same file. */
	close(fd);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", again);
	{
		char cwd[256], want[400], got[400];

		CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
		snprintf(want, sizeof(want), "%s/data", cwd);
		fd_link(again, got, sizeof(got));
		CHECK_STR(got, want);
	}

	OK(pipe(p));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]);
	fd = OK(open(path, O_WRONLY));
	CHECK_EQ(write(fd, "x", 1), 1);
	close(fd);
	CHECK_EQ(read(p[0], buf, 1), 1);
	CHECK_EQ(buf[0], 'x');

	/* A directory's link leads into it. */
	OK(mkdir("sub", 0755));
	write_file("sub/inner", "in", 2);
	fd = OK(open("sub", O_RDONLY | O_DIRECTORY));
	snprintf(path, sizeof(path), "/proc/self/fd/%d/inner", fd);
	CHECK_EQ(read_file(path, buf, sizeof(buf)), 2);
}

/* fdinfo: the position and the flags. */
static void t_procfs_fdinfo(void)
{
	char path[64], buf[256];
	int fd = OK(open("f", O_CREAT | O_RDWR | O_APPEND | O_CLOEXEC, 0644));
	unsigned int flags;
	char *fl;

	write_file("f", "0123456789", 10);
	OK(lseek(fd, 7, SEEK_SET));
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	read_file(path, buf, sizeof(buf));
	CHECK(!strncmp(buf, "pos:\t7\n", 7));
	fl = strstr(buf, "flags:\t");
	CHECK(fl != NULL);
	flags = strtoul(fl + 7, NULL, 8);
	CHECK_EQ(flags & (O_ACCMODE | O_APPEND | O_CLOEXEC), O_RDWR | O_APPEND | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", 999);
	CHECK_ERR(open(path, O_RDONLY), ENOENT);
}

/* exe: this program; a child's too; a static program has no interpreter to confuse it with. */
static void t_procfs_exe(void)
{
	char got[512], path[64];
	struct stat a, b;
	pid_t pid;
	int st;

	if (!utest_self)
		skip("the program's path is not known");
	link_of("/proc/self/exe", got, sizeof(got));
	CHECK_STR(got, utest_self);
	OK(stat("/proc/self/exe", &a));
	OK(stat(utest_self, &b));
	CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	pid = xfork();
	if (pid == 0) {
		char mine[512];
		ssize_t n = readlink("/proc/self/exe", mine, sizeof(mine) - 1);

		_exit(n > 0 && (mine[n] = 0, !strcmp(mine, utest_self)) ? 0 : 1);
	}
	st = xwait(pid);
	expect_exit(st, 0);
	snprintf(path, sizeof(path), "/proc/%d/exe", getpid());
	link_of(path, got, sizeof(got));
	CHECK_STR(got, utest_self);
}

/* A dynamically linked Debian program's exe is the program, not ld.so. */
static void t_procfs_exe_dynamic(void)
{
	char path[64], got[512];
	int p[2], st, tries;
	pid_t pid;

	if (access(DEB "cat", X_OK) || access(LDSO, X_OK))
		skip("no Debian programs in " DEB " (initramfs built with DEBIAN=n?)");
	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		dup2(p[0], 0);
		close(p[1]);
		execl(DEB "cat", "cat", (char *)NULL);
		_exit(127);
	}
	close(p[0]);
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	/* Until the child has exec'd (its link stops naming this program). */
	for (tries = 0; tries < 2000; tries++) {
		link_of(path, got, sizeof(got));
		if (strcmp(got, utest_self ? utest_self : ""))
			break;
		usleep(1000);
	}
	CHECK_STR(got, DEB "cat");
	close(p[1]);
	st = xwait(pid);
	expect_exit(st, 0);
}

/* ---------------------------------------------------------------- task/ */

#define NWORKERS 3

static volatile int task_release;
static volatile pid_t task_tids[NWORKERS];
static char thread_self[NWORKERS][64];

static void *task_worker(void *arg)
{
	long i = (long)arg;
	ssize_t n = readlink("/proc/thread-self", thread_self[i], sizeof(thread_self[i]) - 1);

	if (n > 0)
		thread_self[i][n] = '\0';
	task_tids[i] = (pid_t)syscall(SYS_gettid);
	while (!task_release)
		usleep(1000);
	return NULL;
}

/* The tids in /proc/self/task, sorted, into tids; how many. */
static int list_tasks(pid_t *tids, int max)
{
	struct dirent *d;
	int n = 0;
	DIR *dir = opendir("/proc/self/task");

	if (!dir)
		fail("opendir /proc/self/task: %s", errname(errno));
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		CHECK_EQ(d->d_type, DT_DIR);
		CHECK(n < max);
		tids[n++] = atoi(d->d_name);
	}
	closedir(dir);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && tids[j - 1] > tids[j]; j--) {
			pid_t t = tids[j];

			tids[j] = tids[j - 1];
			tids[j - 1] = t;
		}
	return n;
}

/* The tids of a process that started 3 threads: exactly those, each with its own files. */
static void t_procfs_task(void)
{
	pid_t want[NWORKERS + 1], got[16];
	pthread_t t[NWORKERS];
	char path[96], buf[512], expect[64];
	int n;

	n = list_tasks(got, 16);
	CHECK_EQ(n, 1);
	CHECK_EQ(got[0], getpid());
	for (long i = 0; i < NWORKERS; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, task_worker, (void *)i), 0);
	for (int i = 0; i < NWORKERS; i++)
		while (!task_tids[i])
			sched_yield();
	want[0] = getpid();
	for (int i = 0; i < NWORKERS; i++)
		want[i + 1] = task_tids[i];
	n = list_tasks(got, 16);
	CHECK_EQ(n, NWORKERS + 1);
	for (int i = 0; i <= NWORKERS; i++) {
		int found = 0;

		for (int j = 0; j < n; j++)
			found |= got[j] == want[i];
		if (!found)
			fail("tid %d not in /proc/self/task", want[i]);
	}
	for (int i = 0; i < NWORKERS; i++) {
		snprintf(expect, sizeof(expect), "%d/task/%d", getpid(), task_tids[i]);
		CHECK_STR(thread_self[i], expect);
		snprintf(path, sizeof(path), "/proc/self/task/%d/stat", task_tids[i]);
		read_file(path, buf, sizeof(buf));
		CHECK_EQ(atoi(buf), task_tids[i]);
		snprintf(path, sizeof(path), "/proc/self/task/%d/status", task_tids[i]);
		read_file(path, buf, sizeof(buf));
		snprintf(expect, sizeof(expect), "\nPid:\t%d\n", task_tids[i]);
		CHECK(strstr(buf, expect) != NULL);
		snprintf(expect, sizeof(expect), "Tgid:\t%d\n", getpid());
		CHECK(strstr(buf, expect) != NULL);
		snprintf(path, sizeof(path), "/proc/self/task/%d/comm", task_tids[i]);
		CHECK(read_file(path, buf, sizeof(buf)) > 1);
		/* ".." of a thread's directory is task/. */
		snprintf(path, sizeof(path), "/proc/self/task/%d/../%d/comm", task_tids[i], getpid());
		CHECK(read_file(path, buf, sizeof(buf)) > 1);
	}
	task_release = 1;
	for (int i = 0; i < NWORKERS; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);
	n = list_tasks(got, 16);
	CHECK_EQ(n, 1);
	snprintf(path, sizeof(path), "/proc/self/task/%d", task_tids[0]);
	CHECK_ERR(access(path, F_OK), ENOENT);
}

/* Names that are no descriptor or thread: ENOENT, never a crash. */
static void t_procfs_bad(void)
{
	char buf[64], path[64];
	pid_t other;
	int st;

	CHECK_ERR(readlink("/proc/self/fd/99999", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(readlink("/proc/self/fd/abc", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(readlink("/proc/self/fd/-1", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(readlink("/proc/self/fd/01", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(readlink("/proc/self/fd/4294967296", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(open("/proc/self/fd/99999", O_RDONLY), ENOENT);
	CHECK_ERR(open("/proc/self/fdinfo/x", O_RDONLY), ENOENT);
	CHECK_ERR(access("/proc/self/task/abc", F_OK), ENOENT);
	CHECK_ERR(access("/proc/self/task/0", F_OK), ENOENT);
	if (getpid() != 1)
		CHECK_ERR(access("/proc/self/task/1", F_OK), ENOENT);
	CHECK_ERR(readlink("/proc/self/exe", BAD, 16), EFAULT);
	/* Raw: musl's readlink() turns a size of 0 into a 1-byte buffer of its own. */
	CHECK_ERR(syscall(SYS_readlink, "/proc/self/fd/0", buf, 0), EINVAL);
	/* A closed descriptor's link is gone, even through a directory opened before. */
	OK(dup2(0, 50));
	snprintf(path, sizeof(path), "/proc/%d/fd", getpid());
	{
		int dfd = OK(open(path, O_RDONLY | O_DIRECTORY));

		close(50);
		CHECK_ERR(readlinkat(dfd, "50", buf, sizeof(buf)), ENOENT);
		close(dfd);
	}
	/* Another user's descriptors and program are not to be seen. */
	if (geteuid() != 0)
		return;
	other = getpid();
	pid_t pid = xfork();

	if (pid == 0) {
		become(NOBODY, NOGROUP);
		snprintf(path, sizeof(path), "/proc/%d/fd/0", other);
		if (readlink(path, buf, sizeof(buf)) >= 0)
			_exit(1);
		snprintf(path, sizeof(path), "/proc/%d/exe", other);
		if (readlink(path, buf, sizeof(buf)) >= 0)
			_exit(2);
		_exit(0);
	}
	st = xwait(pid);
	expect_exit(st, 0);
}

const struct utest procfs_tests[] = {
	{ "procfs_fd_list", t_procfs_fd_list },
	{ "procfs_fd_links", t_procfs_fd_links },
	{ "procfs_fd_reopen", t_procfs_fd_reopen },
	{ "procfs_fdinfo", t_procfs_fdinfo },
	{ "procfs_exe", t_procfs_exe },
	{ "procfs_exe_dynamic", t_procfs_exe_dynamic },
	{ "procfs_task", t_procfs_task },
	{ "procfs_bad", t_procfs_bad },
	{ NULL, NULL },
};
