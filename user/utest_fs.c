/*
 * utest: files and descriptors: open/openat/close, read/write and their
 * vector and positional forms, lseek, the stat family, getdents64,
 * directories, rename, cwd, dup, fcntl.
 */
#include "utest.h"

#include <dirent.h>
#include <sys/uio.h>

/* ------------------------------------------------------------ open */

static void t_open_close(void)
{
	char longname[300], buf[16];
	int lo = lowest_free(), fd;
	struct stat st;

	CHECK_ERR(open("missing", O_RDONLY), ENOENT);
	CHECK_ERR(open("nodir/x", O_RDWR | O_CREAT, 0644), ENOENT);
	CHECK_ERR(open("", O_RDONLY), ENOENT);
	CHECK_ERR(open(BAD, O_RDONLY), EFAULT);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CHECK_ERR(open(longname, O_RDWR | O_CREAT, 0644), ENAMETOOLONG);

	fd = OK(open("f", O_RDWR | O_CREAT | O_EXCL, 0600));
	CHECK_EQ(fd, lo);
	CHECK_ERR(open("f", O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
	OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0600);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_uid, geteuid());
	CHECK_EQ(st.st_gid, getegid());
	CHECK_EQ(write(fd, "12345", 5), 5);
	OK(close(fd));
	CHECK_ERR(close(fd), EBADF);
	CHECK_ERR(close(-1), EBADF);
	CHECK_ERR(close(1000), EBADF);

	/* O_APPEND writes at the end wherever the offset is. */
	fd = OK(open("f", O_WRONLY | O_APPEND));
	OK(lseek(fd, 0, SEEK_SET));
	CHECK_EQ(write(fd, "67", 2), 2);
	close(fd);
	CHECK_EQ(read_file("f", buf, sizeof(buf)), 7);
	CHECK_STR(buf, "1234567");
	/* O_TRUNC empties it. */
	fd = OK(open("f", O_RDWR | O_TRUNC));
	OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	close(fd);

	CHECK_ERR(open("f/", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("f/x", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	OK(mkdir("d", 0755));
	CHECK_ERR(open("d", O_WRONLY), EISDIR);
	CHECK_ERR(open("d", O_RDWR), EISDIR);
	fd = OK(open("d", O_RDONLY | O_DIRECTORY));
	CHECK_EQ(fd, lo);
	close(fd);
}

static void t_openat(void)
{
	int dfd, fd, ffd;
	struct stat st;

	OK(mkdir("d", 0755));
	dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
	fd = OK(openat(dfd, "f", O_WRONLY | O_CREAT | O_EXCL, 0644));
	CHECK_EQ(write(fd, "abc", 3), 3);
	close(fd);
	OK(stat("d/f", &st));
	CHECK_EQ(st.st_size, 3);
	fd = OK(openat(AT_FDCWD, "d/../d/f", O_RDONLY));
	close(fd);
	fd = OK(openat(dfd, "/dev/null", O_RDONLY)); /* absolute: dirfd unused */
	close(fd);
	fd = OK(syscall(SYS_openat, dfd, "f", O_RDONLY, 0));
	close(fd);
	CHECK_ERR(openat(dfd, "missing", O_RDONLY), ENOENT);
	CHECK_ERR(openat(77, "f", O_RDONLY), EBADF);
	ffd = OK(open("d/f", O_RDONLY));
	CHECK_ERR(openat(ffd, "x", O_RDONLY), ENOTDIR);
	close(ffd);
	close(dfd);
}

/* ------------------------------------------------------------ read, write */

static void t_read_write(void)
{
	size_t big = 100000;
	unsigned char *b = malloc(big), *r = malloc(big);
	char buf[32];
	int fd, ro, wo, dfd;
	size_t got = 0;
	ssize_t n;

	CHECK(b && r);
	fd = OK(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(write(fd, "hello world", 11), 11);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	OK(lseek(fd, 0, SEEK_SET));
	CHECK_EQ(read(fd, buf, 5), 5);
	CHECK(!memcmp(buf, "hello", 5));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 6);
	CHECK(!memcmp(buf, " world", 6));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(read(fd, buf, 0), 0);
	CHECK_EQ(write(fd, buf, 0), 0);

	for (size_t i = 0; i < big; i++)
		b[i] = (unsigned char)(i ^ (i >> 9));
	CHECK_EQ(write(fd, b, big), big);
	OK(lseek(fd, 11, SEEK_SET));
	while (got < big && (n = read(fd, r + got, 4093)) > 0)
		got += n;
	CHECK_EQ(got, big);
	CHECK(!memcmp(b, r, big));

	OK(lseek(fd, 0, SEEK_SET));
	CHECK_ERR(read(fd, BAD, 10), EFAULT);
	CHECK_ERR(write(fd, BAD, 10), EFAULT);
	CHECK_ERR(read(99, buf, 1), EBADF);
	CHECK_ERR(write(99, buf, 1), EBADF);
	ro = OK(open("f", O_RDONLY));
	wo = OK(open("f", O_WRONLY));
	CHECK_ERR(write(ro, "x", 1), EBADF);
	CHECK_ERR(read(wo, buf, 1), EBADF);
	OK(mkdir("d", 0755));
	dfd = OK(open("d", O_RDONLY));
	CHECK_ERR(read(dfd, buf, 1), EISDIR);
	close(ro);
	close(wo);
	close(dfd);
	close(fd);
}

static void t_readv_writev(void)
{
	char a[3], b[10], c = 'z';
	struct iovec w[3] = { { "ab", 2 }, { "", 0 }, { "cdef", 4 } };
	struct iovec r[3] = { { a, 3 }, { b, 10 }, { &c, 1 } };
	int fd = OK(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644));

	CHECK_EQ(writev(fd, w, 3), 6);
	OK(lseek(fd, 0, SEEK_SET));
	CHECK_EQ(readv(fd, r, 3), 6);
	CHECK(!memcmp(a, "abc", 3));
	CHECK(!memcmp(b, "def", 3));
	CHECK_EQ(c, 'z');
	CHECK_EQ(readv(fd, r, 3), 0);
	CHECK_ERR(writev(fd, w, -1), EINVAL);
	CHECK_ERR(readv(fd, BAD, 2), EFAULT);
	CHECK_ERR(writev(99, w, 3), EBADF);
	close(fd);
}

static void t_pread_pwrite(void)
{
	char buf[8];
	int fd = OK(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644)), p[2];
	struct stat st;

	CHECK_EQ(pwrite(fd, "WXYZ", 4, 100), 4);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);
	OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 104);
	CHECK_EQ(pread(fd, buf, 8, 98), 6);
	CHECK(!memcmp(buf, "\0\0WXYZ", 6));
	CHECK_EQ(pread(fd, buf, 8, 200), 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);
	CHECK_EQ(syscall(SYS_pread64, fd, buf, 4, 100), 4);
	CHECK_EQ(syscall(SYS_pwrite64, fd, "ab", 2, 0), 2);
	CHECK_EQ(read(fd, buf, 3), 3);
	CHECK(!memcmp(buf, "ab\0", 3));
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	CHECK_ERR(pwrite(fd, buf, 1, -1), EINVAL);
	OK(pipe(p));
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	CHECK_ERR(pwrite(p[1], buf, 1, 0), ESPIPE);
	close(fd);
}

static void t_lseek(void)
{
	char buf[32];
	int fd = OK(open("f", O_RDWR | O_CREAT | O_TRUNC, 0644)), p[2];

	CHECK_EQ(write(fd, "abcdefghij", 10), 10);
	CHECK_EQ(lseek(fd, 3, SEEK_SET), 3);
	CHECK_EQ(read(fd, buf, 2), 2);
	CHECK(!memcmp(buf, "de", 2));
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
	CHECK_EQ(lseek(fd, -1, SEEK_CUR), 4);
	CHECK_EQ(lseek(fd, -2, SEEK_END), 8);
	CHECK_EQ(lseek(fd, 0, SEEK_END), 10);
	CHECK_ERR(lseek(fd, -100, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, -11, SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, 0, 7), EINVAL);
	CHECK_ERR(lseek(99, 0, SEEK_SET), EBADF);
	/* Past the end, a write leaves a hole that reads as zeros. */
	CHECK_EQ(lseek(fd, 20, SEEK_SET), 20);
	CHECK_EQ(write(fd, "Z", 1), 1);
	CHECK_EQ(lseek(fd, 0, SEEK_END), 21);
	CHECK_EQ(pread(fd, buf, 32, 0), 21);
	CHECK(!memcmp(buf, "abcdefghij\0\0\0\0\0\0\0\0\0\0Z", 21));
	OK(pipe(p));
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	close(fd);
}

/* ------------------------------------------------------------ stat */

static void t_stat(void)
{
	struct stat st, st2, st3;
	int fd;

	write_file("f", "0123456789", 10);
	write_file("g", "x", 1);
	OK(stat("f", &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, 10);
	CHECK_EQ(st.st_nlink, 1);
	fd = OK(open("f", O_RDONLY));
	OK(fstat(fd, &st2));
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(st2.st_dev, st.st_dev);
	CHECK_EQ(st2.st_size, 10);
	OK(stat("g", &st3));
	CHECK(st3.st_ino != st.st_ino);
	OK(stat(".", &st));
	CHECK(S_ISDIR(st.st_mode));
	OK(stat("/", &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_ERR(stat("missing", &st), ENOENT);
	CHECK_ERR(stat("f/x", &st), ENOTDIR);
	CHECK_ERR(stat("", &st), ENOENT);
	CHECK_ERR(stat(BAD, &st), EFAULT);
	CHECK_ERR(syscall(SYS_stat, "f", BAD), EFAULT);
	CHECK_ERR(fstat(99, &st), EBADF);
	CHECK_ERR(syscall(SYS_fstat, fd, BAD), EFAULT);
	close(fd);
}

static void t_lstat_fstatat(void)
{
	struct stat st, lst;
	char target[256];
	ssize_t n;
	int dfd;

	OK(lstat("/bin/sh", &lst));
	CHECK(S_ISLNK(lst.st_mode));
	n = OK(readlink("/bin/sh", target, sizeof(target)));
	CHECK(n > 0);
	CHECK_EQ(lst.st_size, n);
	OK(stat("/bin/sh", &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK(st.st_ino != lst.st_ino);
	OK(syscall(SYS_newfstatat, AT_FDCWD, "/bin/sh", &st, AT_SYMLINK_NOFOLLOW));
	CHECK(S_ISLNK(st.st_mode));
	OK(syscall(SYS_newfstatat, AT_FDCWD, "/bin/sh", &st, 0));
	CHECK(S_ISREG(st.st_mode));

	write_file("f", "abc", 3);
	OK(lstat("f", &lst));
	CHECK(S_ISREG(lst.st_mode));
	CHECK_ERR(readlink("f", target, sizeof(target)), EINVAL);
	CHECK_ERR(lstat("missing", &lst), ENOENT);
	dfd = OK(open(".", O_RDONLY | O_DIRECTORY));
	OK(syscall(SYS_newfstatat, dfd, "f", &st, 0));
	CHECK_EQ(st.st_size, 3);
	CHECK_EQ(st.st_ino, lst.st_ino);
	CHECK_ERR(syscall(SYS_newfstatat, dfd, "missing", &st, 0), ENOENT);
	CHECK_ERR(syscall(SYS_newfstatat, 99, "f", &st, 0), EBADF);
	CHECK_ERR(syscall(SYS_newfstatat, dfd, "f", &st, 0x12340000), EINVAL);
	close(dfd);
}

/* ------------------------------------------------------------ directories */

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static void t_getdents64(void)
{
	static const char *const names[] = { ".", "..", "a", "bb", "ccc" };
	int seen[5] = { 0 }, fd, total = 0;
	char buf[4096];
	struct stat st;
	long n;

	OK(mkdir("d", 0755));
	write_file("d/a", "1", 1);
	OK(mkdir("d/bb", 0755));
	write_file("d/ccc", "", 0);
	OK(stat("d/a", &st));
	fd = OK(open("d", O_RDONLY | O_DIRECTORY));
	/* A buffer with room for one entry at a time. */
	while ((n = OK(syscall(SYS_getdents64, fd, buf, 40))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *e = (void *)(buf + off);
			int i;

			CHECK(e->d_reclen >= 20 && e->d_reclen % 8 == 0);
			for (i = 0; i < 5 && strcmp(e->d_name, names[i]); i++)
				;
			if (i == 5)
				fail("unexpected entry \"%s\"", e->d_name);
			CHECK_EQ(seen[i]++, 0);
			if (i == 2) {
				CHECK_EQ(e->d_ino, st.st_ino);
				CHECK_EQ(e->d_type, DT_REG);
			}
			if (i == 3)
				CHECK_EQ(e->d_type, DT_DIR);
			off += e->d_reclen;
			total++;
		}
	}
	CHECK_EQ(total, 5);
	CHECK_EQ(syscall(SYS_getdents64, fd, buf, sizeof(buf)), 0);
	close(fd);
	fd = OK(open("d", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, 8), EINVAL);
	CHECK_ERR(syscall(SYS_getdents64, fd, BAD, sizeof(buf)), EFAULT);
	CHECK_ERR(syscall(SYS_getdents64, 99, buf, sizeof(buf)), EBADF);
	close(fd);
	fd = OK(open("d/a", O_RDONLY));
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), ENOTDIR);
	close(fd);
}

static void t_readdir(void)
{
	DIR *d;
	struct dirent *e;
	int n = 0, mask = 0;

	OK(mkdir("d", 0755));
	for (int i = 0; i < 30; i++) {
		char name[16];

		snprintf(name, sizeof(name), "d/file%02d", i);
		write_file(name, name, strlen(name));
	}
	d = opendir("d");
	CHECK(d != NULL);
	while ((e = readdir(d)) != NULL) {
		int i;

		n++;
		if (sscanf(e->d_name, "file%d", &i) == 1 && i >= 0 && i < 30)
			mask ^= 1 << i;
	}
	closedir(d);
	CHECK_EQ(n, 32);
	CHECK_EQ(mask, (1 << 30) - 1);
	CHECK(opendir("missing") == NULL && errno == ENOENT);
}

static void t_mkdir_rmdir(void)
{
	struct stat st;

	OK(mkdir("d", 0755));
	OK(stat("d", &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(st.st_mode & 0777, 0755);
	CHECK_ERR(mkdir("d", 0755), EEXIST);
	CHECK_ERR(mkdir("nodir/d", 0755), ENOENT);
	CHECK_ERR(mkdir(BAD, 0755), EFAULT);
	OK(mkdir("d/e", 0700));
	write_file("f", "", 0);
	CHECK_ERR(mkdir("f", 0755), EEXIST);
	CHECK_ERR(mkdir("f/g", 0755), ENOTDIR);
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_ERR(rmdir("f"), ENOTDIR);
	CHECK_ERR(rmdir("missing"), ENOENT);
	OK(rmdir("d/e"));
	CHECK_ERR(stat("d/e", &st), ENOENT);
	OK(rmdir("d"));
	CHECK_ERR(stat("d", &st), ENOENT);
}

static void t_unlink(void)
{
	char buf[8];
	struct stat st;
	int fd;

	write_file("f", "data", 4);
	fd = OK(open("f", O_RDONLY));
	OK(unlink("f"));
	CHECK_ERR(stat("f", &st), ENOENT);
	CHECK_ERR(unlink("f"), ENOENT);
	/* The open file lives on. */
	CHECK_EQ(read(fd, buf, sizeof(buf)), 4);
	CHECK(!memcmp(buf, "data", 4));
	close(fd);
	OK(mkdir("d", 0755));
	CHECK_ERR(unlink("d"), EISDIR);
	CHECK_ERR(unlink("missing/f"), ENOENT);
	CHECK_ERR(unlink(BAD), EFAULT);
	/* The name can be used again. */
	write_file("f", "new", 3);
	CHECK_EQ(read_file("f", buf, sizeof(buf)), 3);
}

static void t_rename(void)
{
	char buf[16];
	struct stat st;

	write_file("a", "AAA", 3);
	write_file("b", "B", 1);
	OK(rename("a", "c"));
	CHECK_ERR(stat("a", &st), ENOENT);
	CHECK_EQ(read_file("c", buf, sizeof(buf)), 3);
	CHECK_STR(buf, "AAA");
	OK(rename("c", "b")); /* replaces */
	CHECK_EQ(read_file("b", buf, sizeof(buf)), 3);
	CHECK_ERR(stat("c", &st), ENOENT);
	OK(rename("b", "b"));
	CHECK_ERR(rename("missing", "x"), ENOENT);
	OK(mkdir("d", 0755));
	OK(mkdir("e", 0755));
	write_file("e/f", "", 0);
	OK(rename("b", "d/b"));
	CHECK_EQ(read_file("d/b", buf, sizeof(buf)), 3);
	OK(rename("d", "d2"));
	CHECK_EQ(read_file("d2/b", buf, sizeof(buf)), 3);
	CHECK_ERR(rename("d2/b", "e"), EISDIR);
	CHECK_ERR(rename("d2", "e"), ENOTEMPTY);
	CHECK_ERR(rename("d2", "d2/sub"), EINVAL);
}

static void t_chdir_getcwd(void)
{
	char start[256], buf[300], want[300];
	pid_t pid;

	CHECK(getcwd(start, sizeof(start)) != NULL);
	CHECK(strncmp(start, "/tmp/utest.", 11) == 0);
	CHECK(strstr(start, "/chdir_getcwd") != NULL);
	CHECK_EQ(syscall(SYS_getcwd, buf, sizeof(buf)), strlen(start) + 1);
	OK(mkdir("sub", 0755));
	write_file("sub/x", "x", 1);
	OK(chdir("sub"));
	snprintf(want, sizeof(want), "%s/sub", start);
	CHECK_STR(getcwd(buf, sizeof(buf)), want);
	OK(close(OK(open("x", O_RDONLY))));
	pid = xfork();
	if (pid == 0) {
		CHECK_STR(getcwd(buf, sizeof(buf)), want);
		OK(chdir("/")); /* the parent's cwd stays */
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	CHECK_STR(getcwd(buf, sizeof(buf)), want);
	OK(chdir(".."));
	CHECK_STR(getcwd(buf, sizeof(buf)), start);
	OK(chdir("/"));
	CHECK_STR(getcwd(buf, sizeof(buf)), "/");
	OK(chdir(start));
	CHECK_ERR(chdir("missing"), ENOENT);
	CHECK_ERR(chdir("sub/x"), ENOTDIR);
	CHECK_ERR(chdir(BAD), EFAULT);
	CHECK_ERR(syscall(SYS_getcwd, buf, 5), ERANGE);
	CHECK_ERR(syscall(SYS_getcwd, BAD, sizeof(buf)), EFAULT);
}

/* ------------------------------------------------------------ descriptors */

static void t_dup(void)
{
	int lo = lowest_free(), fd, a, b;
	char c;

	write_file("f", "abcdef", 6);
	fd = OK(open("f", O_RDONLY));
	CHECK_EQ(fd, lo);
	a = OK(dup(fd));
	CHECK_EQ(a, lo + 1);
	/* Shared offset. */
	CHECK_EQ(read(fd, &c, 1), 1);
	CHECK_EQ(lseek(a, 0, SEEK_CUR), 1);
	OK(close(fd));
	CHECK_EQ(dup(a), lo); /* lowest free */
	CHECK_EQ(read(lo, &c, 1), 1);
	CHECK_EQ(c, 'b');
	CHECK_EQ(dup2(a, 20), 20);
	CHECK_EQ(dup2(a, 20), 20); /* over itself: closes and reuses */
	CHECK_EQ(dup2(a, a), a);
	CHECK_EQ(fcntl(20, F_GETFD), 0);
	CHECK_ERR(dup2(99, 21), EBADF);
	CHECK_ERR(dup2(a, -1), EBADF);
	CHECK_ERR(dup(99), EBADF);
	CHECK_ERR(dup(-1), EBADF);
	b = OK(open("/dev/null", O_RDONLY));
	CHECK_EQ(dup2(b, 20), 20); /* replaces the file at 20 */
	CHECK_EQ(read(20, &c, 1), 0);
	CHECK_EQ(dup3(a, 21, O_CLOEXEC), 21);
	CHECK_EQ(fcntl(21, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(dup3(21, 22, 0), 22);
	CHECK_EQ(fcntl(22, F_GETFD), 0);
	CHECK_ERR(dup3(a, a, 0), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, a, 23, 0x4), EINVAL);
	CHECK_ERR(fcntl(23, F_GETFD), EBADF);
	CHECK_ERR(dup3(99, 23, 0), EBADF);
}

static void t_fcntl(void)
{
	int fd = OK(open("f", O_RDWR | O_CREAT | O_APPEND, 0644)), d, fl;

	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	CHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(fd, F_SETFD, 0), 0);
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	fl = OK(fcntl(fd, F_GETFL));
	CHECK_EQ(fl & O_ACCMODE, O_RDWR);
	CHECK_EQ(fl & (O_APPEND | O_NONBLOCK), O_APPEND);
	OK(fcntl(fd, F_SETFL, O_NONBLOCK));
	fl = OK(fcntl(fd, F_GETFL));
	CHECK_EQ(fl & O_ACCMODE, O_RDWR); /* access mode cannot change */
	CHECK_EQ(fl & (O_APPEND | O_NONBLOCK), O_NONBLOCK);
	OK(fcntl(fd, F_SETFD, FD_CLOEXEC));
	d = OK(fcntl(fd, F_DUPFD, 30));
	CHECK_EQ(d, 30);
	CHECK_EQ(fcntl(fd, F_DUPFD, 30), 31);
	CHECK_EQ(fcntl(d, F_GETFD), 0);			      /* F_DUPFD clears close-on-exec */
	CHECK_EQ(fcntl(d, F_GETFL) & O_NONBLOCK, O_NONBLOCK); /* shared status flags */
	d = OK(fcntl(fd, F_DUPFD_CLOEXEC, 40));
	CHECK_EQ(d, 40);
	CHECK_EQ(fcntl(d, F_GETFD), FD_CLOEXEC);
	CHECK_ERR(fcntl(99, F_GETFD), EBADF);
	CHECK_ERR(fcntl(99, F_GETFL), EBADF);
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	CHECK_ERR(fcntl(fd, 9999), EINVAL);
	close(fd);
}

const struct utest fs_tests[] = {
	{ "open_close", t_open_close },
	{ "openat", t_openat },
	{ "read_write", t_read_write },
	{ "readv_writev", t_readv_writev },
	{ "pread_pwrite", t_pread_pwrite },
	{ "lseek", t_lseek },
	{ "stat", t_stat },
	{ "lstat_fstatat", t_lstat_fstatat },
	{ "getdents64", t_getdents64 },
	{ "readdir", t_readdir },
	{ "mkdir_rmdir", t_mkdir_rmdir },
	{ "unlink", t_unlink },
	{ "rename", t_rename },
	{ "chdir_getcwd", t_chdir_getcwd },
	{ "dup", t_dup },
	{ "fcntl", t_fcntl },
	{ NULL, NULL },
};
