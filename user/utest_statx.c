/*
 * utest: statx. Every field it shares with stat must agree with what
 * stat, lstat or fstat say of the same file (a file, a directory, a
 * device, a symlink followed or not, a descriptor through AT_EMPTY_PATH),
 * in statx's own layout; then the flags, the mask and the errors as
 * Linux checks them.
 *
 * musl 1.2.3 has no statx(): the structure is the kernel ABI's, declared
 * here, and the call is the raw system call.
 */
#include "utest.h"

#include <sys/sysmacros.h>

#define STATX_SIZE	      0x200U
#define STATX_BASIC_STATS     0x7ffU
#define STATX_BTIME	      0x800U
#define STATX_MNT_ID	      0x1000U
#define STATX_DIOALIGN	      0x2000U
#define STATX__RESERVED	      0x80000000U
#define STATX_ATTR_MOUNT_ROOT 0x2000ULL

#ifndef AT_STATX_FORCE_SYNC
#define AT_STATX_FORCE_SYNC 0x2000
#define AT_STATX_DONT_SYNC  0x4000
#endif

struct k_statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct k_statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct k_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align, stx_dio_offset_align;
	uint64_t spare3[12];
};

_Static_assert(sizeof(struct k_statx) == 256, "struct statx is 256 bytes");
_Static_assert(offsetof(struct k_statx, stx_atime) == 64, "stx_atime at 64");
_Static_assert(offsetof(struct k_statx, stx_rdev_major) == 128, "stx_rdev_major at 128");

static long sys_statx(int dirfd, const char *path, int flags, unsigned int mask, void *buf)
{
	return syscall(SYS_statx, dirfd, path, flags, mask, buf);
}

/* statx that must succeed, into x, which starts out as garbage. */
static void xstatx(int dirfd, const char *path, int flags, struct k_statx *x)
{
	memset(x, 0xa5, sizeof(*x));
	if (sys_statx(dirfd, path, flags, STATX_BASIC_STATS | STATX_BTIME, x) != 0)
		fail("statx(%d, \"%s\", %#x) failed: %s", dirfd, path, flags, errname(errno));
}

#define SAME(a, b)                                                                       \
	do {                                                                             \
		if ((long long)(a) != (long long)(b))                                    \
			fail("%s: %s is %lld, stat says %lld", what, #a, (long long)(a), \
			     (long long)(b));                                            \
	} while (0)

/* Every field statx shares with stat, and the ones it must leave zero. */
static void same_as_stat(const struct k_statx *x, const struct stat *st, const char *what)
{
	if ((x->stx_mask & STATX_BASIC_STATS) != STATX_BASIC_STATS)
		fail("%s: stx_mask %#x lacks basic stats", what, x->stx_mask);
	SAME(x->stx_mode, st->st_mode);
	SAME(x->stx_ino, st->st_ino);
	SAME(x->stx_nlink, st->st_nlink);
	SAME(x->stx_uid, st->st_uid);
	SAME(x->stx_gid, st->st_gid);
	SAME(x->stx_size, st->st_size);
	SAME(x->stx_blocks, st->st_blocks);
	SAME(x->stx_blksize, st->st_blksize);
	SAME(x->stx_atime.tv_sec, st->st_atim.tv_sec);
	SAME(x->stx_atime.tv_nsec, st->st_atim.tv_nsec);
	SAME(x->stx_mtime.tv_sec, st->st_mtim.tv_sec);
	SAME(x->stx_mtime.tv_nsec, st->st_mtim.tv_nsec);
	SAME(x->stx_ctime.tv_sec, st->st_ctim.tv_sec);
	SAME(x->stx_ctime.tv_nsec, st->st_ctim.tv_nsec);
	SAME(x->stx_rdev_major, major(st->st_rdev));
	SAME(x->stx_rdev_minor, minor(st->st_rdev));
	SAME(x->stx_dev_major, major(st->st_dev));
	SAME(x->stx_dev_minor, minor(st->st_dev));
	SAME(x->stx_atime.reserved, 0);
	if (x->stx_attributes & ~x->stx_attributes_mask)
		fail("%s: attributes %#llx outside their mask %#llx", what,
		     (unsigned long long)x->stx_attributes,
		     (unsigned long long)x->stx_attributes_mask);
	/* What the mask does not claim is zero, not left over. */
	if (!(x->stx_mask & STATX_BTIME)) {
		SAME(x->stx_btime.tv_sec, 0);
		SAME(x->stx_btime.tv_nsec, 0);
	}
	if (!(x->stx_mask & STATX_MNT_ID))
		SAME(x->stx_mnt_id, 0);
	if (!(x->stx_mask & STATX_DIOALIGN))
		SAME(x->stx_dio_mem_align, 0);
	SAME(x->spare0, 0);
	for (int i = 0; i < 12; i++)
		SAME(x->spare3[i], 0);
}

static void t_statx_fields(void)
{
	struct k_statx x;
	struct stat st;
	const char *what;

	write_file("f", "twelve bytes", 12);
	OK(symlink("f", "ln"));

	what = "a file";
	OK(stat("f", &st));
	xstatx(AT_FDCWD, "f", 0, &x);
	same_as_stat(&x, &st, what);
	CHECK_EQ(x.stx_size, 12);
	CHECK(S_ISREG(x.stx_mode));

	what = "a directory";
	OK(stat(".", &st));
	xstatx(AT_FDCWD, ".", 0, &x);
	same_as_stat(&x, &st, what);
	CHECK(S_ISDIR(x.stx_mode));

	what = "a device";
	OK(stat("/dev/null", &st));
	xstatx(AT_FDCWD, "/dev/null", 0, &x);
	same_as_stat(&x, &st, what);
	CHECK(S_ISCHR(x.stx_mode));
	CHECK_EQ(x.stx_rdev_major, 1);
	CHECK_EQ(x.stx_rdev_minor, 3);

	what = "a symlink, not followed";
	OK(lstat("ln", &st));
	xstatx(AT_FDCWD, "ln", AT_SYMLINK_NOFOLLOW, &x);
	same_as_stat(&x, &st, what);
	CHECK(S_ISLNK(x.stx_mode));
	CHECK_EQ(x.stx_size, 1);

	what = "a symlink, followed";
	OK(stat("ln", &st));
	xstatx(AT_FDCWD, "ln", 0, &x);
	same_as_stat(&x, &st, what);
	CHECK(S_ISREG(x.stx_mode));
}

static void t_statx_empty_path(void)
{
	struct k_statx x;
	struct stat st;
	const char *what;
	int fd, dfd, p[2];

	write_file("f", "abc", 3);
	OK(mkdir("d", 0755));

	what = "an open file";
	fd = OK(open("f", O_RDONLY));
	OK(fstat(fd, &st));
	xstatx(fd, "", AT_EMPTY_PATH, &x);
	same_as_stat(&x, &st, what);

	what = "an O_PATH directory";
	dfd = OK(open("d", O_PATH | O_DIRECTORY));
	OK(fstat(dfd, &st));
	xstatx(dfd, "", AT_EMPTY_PATH, &x);
	same_as_stat(&x, &st, what);

	what = "the cwd";
	OK(stat(".", &st));
	xstatx(AT_FDCWD, "", AT_EMPTY_PATH, &x);
	same_as_stat(&x, &st, what);

	what = "a pipe";
	OK(pipe(p));
	OK(fstat(p[0], &st));
	xstatx(p[0], "", AT_EMPTY_PATH, &x);
	same_as_stat(&x, &st, what);
	CHECK(S_ISFIFO(x.stx_mode));

	/* Relative to a directory descriptor, and an absolute path ignoring it. */
	what = "f through dirfd";
	OK(stat("f", &st));
	xstatx(OK(open(".", O_RDONLY | O_DIRECTORY)), "f", 0, &x);
	same_as_stat(&x, &st, what);
	xstatx(-1, "/dev/null", 0, &x);
	CHECK(S_ISCHR(x.stx_mode));

	/* Without the flag an empty path names nothing; a closed descriptor is EBADF. */
	CHECK_ERR(sys_statx(fd, "", 0, STATX_BASIC_STATS, &x), ENOENT);
	OK(close(fd));
	CHECK_ERR(sys_statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &x), EBADF);
	CHECK_ERR(sys_statx(fd, "f", 0, STATX_BASIC_STATS, &x), EBADF);
	CHECK_ERR(sys_statx(p[1], "f", 0, STATX_BASIC_STATS, &x), ENOTDIR);
}

static void t_statx_errors(void)
{
	struct k_statx x;

	write_file("f", "abc", 3);
	/* The mask and the flags are checked before the path is even looked at. */
	CHECK_ERR(sys_statx(AT_FDCWD, "f", 0, STATX__RESERVED, &x), EINVAL);
	CHECK_ERR(sys_statx(AT_FDCWD, "missing", 0, STATX__RESERVED | STATX_BASIC_STATS, &x),
		  EINVAL);
	CHECK_ERR(sys_statx(AT_FDCWD, "f", 0x1, STATX_BASIC_STATS, &x), EINVAL);
	CHECK_ERR(sys_statx(AT_FDCWD, "f", 0x8000, STATX_BASIC_STATS, &x), EINVAL);
	CHECK_ERR(sys_statx(AT_FDCWD, "missing", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC,
			    STATX_BASIC_STATS, &x),
		  EINVAL);
	/* Each sync type alone is accepted, as are AT_NO_AUTOMOUNT and an empty mask. */
	OK(sys_statx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC, STATX_BASIC_STATS, &x));
	OK(sys_statx(AT_FDCWD, "f", AT_STATX_DONT_SYNC | AT_NO_AUTOMOUNT, STATX_BASIC_STATS, &x));
	/* Linux 6.13 and later may leave the times out then; the rest is there. */
	memset(&x, 0, sizeof(x));
	OK(sys_statx(AT_FDCWD, "f", 0, 0, &x));
	CHECK_EQ(x.stx_mask & STATX_SIZE, STATX_SIZE);
	CHECK_EQ(x.stx_size, 3);

	CHECK_ERR(sys_statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, BAD), EFAULT);
	CHECK_ERR(sys_statx(AT_FDCWD, BAD, 0, STATX_BASIC_STATS, &x), EFAULT);
	CHECK_ERR(sys_statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &x), ENOENT);
	CHECK_ERR(sys_statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, BAD), ENOENT);
	CHECK_ERR(sys_statx(AT_FDCWD, "f/x", 0, STATX_BASIC_STATS, &x), ENOTDIR);
	CHECK_ERR(sys_statx(AT_FDCWD, "", 0, STATX_BASIC_STATS, &x), ENOENT);
	CHECK_ERR(sys_statx(99, "f", 0, STATX_BASIC_STATS, &x), EBADF);
}

/* STATX_ATTR_MOUNT_ROOT: known (in the mask) for every file, set on the roots of mounts. */
static void t_statx_mount_root(void)
{
	struct k_statx x;

	write_file("f", "", 0);
	xstatx(AT_FDCWD, "/", 0, &x);
	CHECK(x.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT);
	CHECK(x.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	xstatx(AT_FDCWD, "/proc", 0, &x);
	CHECK(x.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	xstatx(AT_FDCWD, "f", 0, &x);
	CHECK(x.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT);
	CHECK(!(x.stx_attributes & STATX_ATTR_MOUNT_ROOT));
}

const struct utest statx_tests[] = {
	{ "statx_fields", t_statx_fields },
	{ "statx_empty_path", t_statx_empty_path },
	{ "statx_errors", t_statx_errors },
	{ "statx_mount_root", t_statx_mount_root },
	{ NULL, NULL },
};
