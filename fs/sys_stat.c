/*
 * System calls on attributes: the stat family, access checks, the umask,
 * and changing mode, owner and times, each with the permission rules
 * Linux applies (the checks themselves are fs/permission.c).
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"

#define AT_NO_AUTOMOUNT 0x800
#define AT_EACCESS	0x200

#define R_OK 4
#define W_OK 2
#define X_OK 1

#define UTIME_NOW  ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

/* All files live on one device; inode numbers are unique across ramfs and procfs. */
#define FS_DEV	     1
#define STAT_BLKSIZE 4096

/* struct stat of the Linux x86_64 ABI. */
struct linux_stat {
	u64 st_dev;
	u64 st_ino;
	u64 st_nlink;
	u32 st_mode;
	u32 st_uid;
	u32 st_gid;
	u32 __pad0;
	u64 st_rdev;
	s64 st_size;
	s64 st_blksize;
	s64 st_blocks; /* 512-byte units */
	u64 st_atime;
	u64 st_atime_nsec;
	u64 st_mtime;
	u64 st_mtime_nsec;
	u64 st_ctime;
	u64 st_ctime_nsec;
	s64 reserved[3];
};

_Static_assert(sizeof(struct linux_stat) == 144, "struct stat is 144 bytes on x86_64");
_Static_assert(__builtin_offsetof(struct linux_stat, st_rdev) == 40, "st_rdev at 40");
_Static_assert(__builtin_offsetof(struct linux_stat, st_atime) == 72, "st_atime at 72");

struct k_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

/* struct statx of the Linux ABI: one layout on every architecture. */
struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

struct linux_statx {
	u32 stx_mask; /* STATX_* of the fields filled */
	u32 stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink;
	u32 stx_uid;
	u32 stx_gid;
	u16 stx_mode;
	u16 __spare0;
	u64 stx_ino;
	u64 stx_size;
	u64 stx_blocks; /* 512-byte units */
	u64 stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor;
	u32 stx_dev_major, stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align, stx_dio_offset_align;
	u64 __spare3[12];
};

_Static_assert(sizeof(struct statx_timestamp) == 16, "struct statx_timestamp is 16 bytes");
_Static_assert(sizeof(struct linux_statx) == 256, "struct statx is 256 bytes");
_Static_assert(__builtin_offsetof(struct linux_statx, stx_mode) == 28, "stx_mode at 28");
_Static_assert(__builtin_offsetof(struct linux_statx, stx_ino) == 32, "stx_ino at 32");
_Static_assert(__builtin_offsetof(struct linux_statx, stx_attributes_mask) == 56,
	       "stx_attributes_mask at 56");
_Static_assert(__builtin_offsetof(struct linux_statx, stx_atime) == 64, "stx_atime at 64");
_Static_assert(__builtin_offsetof(struct linux_statx, stx_mtime) == 112, "stx_mtime at 112");
_Static_assert(__builtin_offsetof(struct linux_statx, stx_rdev_major) == 128,
	       "stx_rdev_major at 128");
_Static_assert(__builtin_offsetof(struct linux_statx, stx_mnt_id) == 144, "stx_mnt_id at 144");

/* Type, mode, nlink, uid, gid, the times but btime, ino, size, blocks. */
#define STATX_BASIC_STATS     0x000007ffU
#define STATX__RESERVED	      0x80000000U
#define STATX_ATTR_MOUNT_ROOT 0x00002000ULL

#define AT_STATX_SYNC_TYPE 0x6000 /* FORCE_SYNC | DONT_SYNC: one in-memory answer for both */

/*
 * What the stat family and statx report of an inode, before either
 * layout (Linux's struct kstat): each rule (the default device, blocks
 * from the size) is written once, here.
 */
struct kstat {
	u64 dev, ino, rdev, size, blocks;
	u32 nlink, mode, uid, gid, blksize;
	u64 atime, mtime, ctime; /* ns since the epoch */
};

static void inode_getattr(const struct inode *i, struct kstat *ks)
{
	ks->dev = i->dev ? i->dev : FS_DEV;
	ks->ino = i->ino;
	ks->rdev = i->rdev;
	ks->size = i->size;
	ks->blocks = ALIGN_UP(i->size, (u64)STAT_BLKSIZE) / 512;
	ks->nlink = i->nlink;
	ks->mode = i->mode;
	ks->uid = i->uid;
	ks->gid = i->gid;
	ks->blksize = STAT_BLKSIZE;
	ks->atime = i->atime;
	ks->mtime = i->mtime;
	ks->ctime = i->ctime;
}

static long put_stat(const struct kstat *ks, unsigned long ust)
{
	struct linux_stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = ks->dev;
	st.st_ino = ks->ino;
	st.st_nlink = ks->nlink;
	st.st_mode = ks->mode;
	st.st_uid = ks->uid;
	st.st_gid = ks->gid;
	st.st_rdev = ks->rdev;
	st.st_size = (s64)ks->size;
	st.st_blksize = ks->blksize;
	st.st_blocks = (s64)ks->blocks;
	st.st_atime = ks->atime / NSEC_PER_SEC;
	st.st_atime_nsec = ks->atime % NSEC_PER_SEC;
	st.st_mtime = ks->mtime / NSEC_PER_SEC;
	st.st_mtime_nsec = ks->mtime % NSEC_PER_SEC;
	st.st_ctime = ks->ctime / NSEC_PER_SEC;
	st.st_ctime_nsec = ks->ctime % NSEC_PER_SEC;
	return copy_to_user((void *)ust, &st, sizeof(st)) ? -EFAULT : 0;
}

static struct statx_timestamp statx_time(u64 ns)
{
	return (struct statx_timestamp){ .tv_sec = (s64)(ns / NSEC_PER_SEC),
					 .tv_nsec = (u32)(ns % NSEC_PER_SEC) };
}

/*
 * Every basic field, whatever mask asked for (Linux may return more than
 * asked); no birth time, since inodes do not keep one. Device numbers are
 * split as user space splits stat's st_dev and st_rdev.
 */
static long put_statx(const struct kstat *ks, u64 attributes, unsigned long ubuf)
{
	struct linux_statx stx;

	memset(&stx, 0, sizeof(stx));
	stx.stx_mask = STATX_BASIC_STATS;
	stx.stx_blksize = ks->blksize;
	stx.stx_attributes = attributes;
	stx.stx_attributes_mask = STATX_ATTR_MOUNT_ROOT;
	stx.stx_nlink = ks->nlink;
	stx.stx_uid = ks->uid;
	stx.stx_gid = ks->gid;
	stx.stx_mode = (u16)ks->mode;
	stx.stx_ino = ks->ino;
	stx.stx_size = ks->size;
	stx.stx_blocks = ks->blocks;
	stx.stx_atime = statx_time(ks->atime);
	stx.stx_ctime = statx_time(ks->ctime);
	stx.stx_mtime = statx_time(ks->mtime);
	stx.stx_rdev_major = MAJOR(ks->rdev);
	stx.stx_rdev_minor = MINOR(ks->rdev);
	stx.stx_dev_major = MAJOR(ks->dev);
	stx.stx_dev_minor = MINOR(ks->dev);
	return copy_to_user((void *)ubuf, &stx, sizeof(stx)) ? -EFAULT : 0;
}

/*
 * The inode an *at() call names: dirfd + path, or with AT_EMPTY_PATH and
 * an empty path, dirfd itself (the cwd for AT_FDCWD).
 */
static struct inode *at_inode(int dirfd, const char *upath, unsigned long flags)
{
	struct inode *base = NULL, *ino;
	struct file *f;
	char *path;
	int err;

	path = getname(upath, flags & AT_EMPTY_PATH, &err);
	if (!path)
		return ERR_PTR(err);
	if (!path[0]) {
		kfree(path);
		if (dirfd == AT_FDCWD) {
			struct process *p = current_proc();

			return inode_get(p && p->cwd ? p->cwd : vfs_root());
		}
		f = fget_raw(dirfd);
		if (!f)
			return ERR_PTR(-EBADF);
		ino = f->inode ? inode_get(f->inode) : ERR_PTR(-EBADF);
		file_put(f);
		return ino;
	}
	err = dirfd_base(dirfd, path, &base);
	ino = err ? ERR_PTR(err) : path_lookup_at(base, path, !(flags & AT_SYMLINK_NOFOLLOW));
	inode_put(base);
	kfree(path);
	return ino;
}

/* The inode of an open file, referenced; an O_PATH one only if path_ok (fstat). */
static struct inode *fd_inode(int fd, bool path_ok)
{
	struct file *f = path_ok ? fget_raw(fd) : fget(fd);
	struct inode *ino;

	if (!f)
		return ERR_PTR(-EBADF);
	ino = f->inode ? inode_get(f->inode) : ERR_PTR(-EBADF);
	file_put(f);
	return ino;
}

/* ---------------------------------------------------------------- stat */

static long stat_inode(struct inode *ino, unsigned long ust)
{
	struct kstat ks;

	if (IS_ERR(ino))
		return PTR_ERR(ino);
	inode_getattr(ino, &ks);
	inode_put(ino);
	return put_stat(&ks, ust);
}

static long sys_newfstatat(unsigned long dirfd, unsigned long path, unsigned long ust,
			   unsigned long flags)
{
	if (flags & ~(unsigned long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	return stat_inode(at_inode((int)dirfd, (const char *)path, flags), ust);
}
SYSCALL(__NR_newfstatat, newfstatat, sys_newfstatat);

static long sys_stat(unsigned long path, unsigned long ust)
{
	return sys_newfstatat((unsigned long)AT_FDCWD, path, ust, 0);
}
SYSCALL(__NR_stat, stat, sys_stat);

static long sys_lstat(unsigned long path, unsigned long ust)
{
	return sys_newfstatat((unsigned long)AT_FDCWD, path, ust, AT_SYMLINK_NOFOLLOW);
}
SYSCALL(__NR_lstat, lstat, sys_lstat);

static long sys_fstat(unsigned long fd, unsigned long ust)
{
	return stat_inode(fd_inode((int)fd, true), ust);
}
SYSCALL(__NR_fstat, fstat, sys_fstat);

/*
 * statx(dirfd, path, flags, mask, buf): the lookup of newfstatat, with
 * Linux's order of checks. The sync types only matter to network file
 * systems; both at once is EINVAL.
 */
static long sys_statx(unsigned long dirfd, unsigned long path, unsigned long uflags,
		      unsigned long mask, unsigned long ubuf)
{
	u32 flags = (u32)uflags; /* both are unsigned int in Linux */
	struct inode *ino;
	struct kstat ks;
	u64 attributes = 0;

	if ((u32)mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (flags & ~(u32)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	ino = at_inode((int)dirfd, (const char *)path, flags);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	inode_getattr(ino, &ks);
	if (mount_is_root(ino))
		attributes |= STATX_ATTR_MOUNT_ROOT;
	inode_put(ino);
	return put_statx(&ks, attributes, ubuf);
}
SYSCALL(__NR_statx, statx, sys_statx);

/* ---------------------------------------------------------------- access, umask */

static long sys_faccessat2(unsigned long dirfd, unsigned long path, unsigned long mode,
			   unsigned long flags)
{
	struct process *p = current_proc();
	u32 saved_fsuid = 0, saved_fsgid = 0;
	struct inode *ino;
	long err;

	if (mode & ~(unsigned long)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(unsigned long)(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH))
		return -EINVAL;
	/*
	 * access() asks what the real user may do: the lookup and the check
	 * run with the real ids as file-system ids (root's rights with them
	 * only when the real uid is 0). AT_EACCESS keeps the caller's own.
	 */
	if (p && !(flags & AT_EACCESS)) {
		saved_fsuid = p->cred.fsuid;
		saved_fsgid = p->cred.fsgid;
		p->cred.fsuid = p->cred.uid;
		p->cred.fsgid = p->cred.gid;
	}
	ino = at_inode((int)dirfd, (const char *)path, flags);
	if (IS_ERR(ino))
		err = PTR_ERR(ino);
	else
		err = inode_permission(ino, (int)mode); /* R_OK, W_OK, X_OK are MAY_* */
	if (p && !(flags & AT_EACCESS)) {
		p->cred.fsuid = saved_fsuid;
		p->cred.fsgid = saved_fsgid;
	}
	if (!IS_ERR(ino))
		inode_put(ino);
	return err;
}
SYSCALL(__NR_faccessat2, faccessat2, sys_faccessat2);

static long sys_faccessat(unsigned long dirfd, unsigned long path, unsigned long mode)
{
	return sys_faccessat2(dirfd, path, mode, 0);
}
SYSCALL(__NR_faccessat, faccessat, sys_faccessat);

static long sys_access(unsigned long path, unsigned long mode)
{
	return sys_faccessat2((unsigned long)AT_FDCWD, path, mode, 0);
}
SYSCALL(__NR_access, access, sys_access);

static long sys_umask(unsigned long mask)
{
	struct process *p = current_proc();
	u32 old;

	if (!p)
		return 022;
	old = p->umask & 0777;
	p->umask = mask & 0777;
	fs_share_sync(p);
	return old;
}
SYSCALL(__NR_umask, umask, sys_umask);

/* ---------------------------------------------------------------- mode, owner */

/* The owner (or root) may change the mode; set-group-id only to a group of its own. */
static long set_mode(struct inode *ino, unsigned long mode)
{
	unsigned long flags;
	long err = -EPERM;

	if (IS_ERR(ino))
		return PTR_ERR(ino);
	if (!inode_owner_or_capable(ino))
		goto out;
	mode &= 07777;
	if (!in_group_p(ino->gid) && !capable(CAP_FSETID))
		mode &= ~(unsigned long)S_ISGID;
	flags = vfs_lock();
	ino->mode = (ino->mode & S_IFMT) | (u32)mode;
	ino->ctime = fs_now();
	vfs_unlock(flags);
	err = 0;
out:
	inode_put(ino);
	return err;
}

static long sys_fchmodat(unsigned long dirfd, unsigned long path, unsigned long mode)
{
	return set_mode(at_inode((int)dirfd, (const char *)path, 0), mode);
}
SYSCALL(__NR_fchmodat, fchmodat, sys_fchmodat);

static long sys_chmod(unsigned long path, unsigned long mode)
{
	return sys_fchmodat((unsigned long)AT_FDCWD, path, mode);
}
SYSCALL(__NR_chmod, chmod, sys_chmod);

static long sys_fchmod(unsigned long fd, unsigned long mode)
{
	return set_mode(fd_inode((int)fd, false), mode);
}
SYSCALL(__NR_fchmod, fchmod, sys_fchmod);

/*
 * Only root gives a file away; its owner may change its group to one of
 * its own groups (an id of -1 leaves it). Any chown of what is not a
 * directory then clears set-user-id, and set-group-id where it means a
 * group (with group execute), root's included, as Linux does.
 */
static long set_owner(struct inode *ino, unsigned long uarg, unsigned long garg)
{
	u32 uid = (u32)uarg, gid = (u32)garg;
	bool owner;
	unsigned long flags;
	long err = -EPERM;

	if (IS_ERR(ino))
		return PTR_ERR(ino);
	owner = current_cred()->fsuid == ino->uid;
	if (uid != INVALID_ID && !(owner && uid == ino->uid) && !capable(CAP_CHOWN))
		goto out;
	if (gid != INVALID_ID && !(owner && (gid == ino->gid || in_group_p(gid))) &&
	    !capable(CAP_CHOWN))
		goto out;
	flags = vfs_lock();
	if (uid != INVALID_ID)
		ino->uid = uid;
	if (gid != INVALID_ID)
		ino->gid = gid;
	if (!S_ISDIR(ino->mode)) {
		ino->mode &= ~(u32)S_ISUID;
		if (ino->mode & S_IXGRP)
			ino->mode &= ~(u32)S_ISGID;
	}
	ino->ctime = fs_now();
	vfs_unlock(flags);
	err = 0;
out:
	inode_put(ino);
	return err;
}

static long sys_fchownat(unsigned long dirfd, unsigned long path, unsigned long uid,
			 unsigned long gid, unsigned long flags)
{
	if (flags & ~(unsigned long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return set_owner(at_inode((int)dirfd, (const char *)path, flags), uid, gid);
}
SYSCALL(__NR_fchownat, fchownat, sys_fchownat);

static long sys_chown(unsigned long path, unsigned long uid, unsigned long gid)
{
	return sys_fchownat((unsigned long)AT_FDCWD, path, uid, gid, 0);
}
SYSCALL(__NR_chown, chown, sys_chown);

static long sys_lchown(unsigned long path, unsigned long uid, unsigned long gid)
{
	return sys_fchownat((unsigned long)AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}
SYSCALL(__NR_lchown, lchown, sys_lchown);

static long sys_fchown(unsigned long fd, unsigned long uid, unsigned long gid)
{
	return set_owner(fd_inode((int)fd, false), uid, gid);
}
SYSCALL(__NR_fchown, fchown, sys_fchown);

/* ---------------------------------------------------------------- times */

static int time_of(const struct k_timespec *ts, u64 now, u64 *out, bool *set)
{
	*set = true;
	if (ts->tv_nsec == UTIME_OMIT) {
		*set = false;
		return 0;
	}
	if (ts->tv_nsec == UTIME_NOW) {
		*out = now;
		return 0;
	}
	if (ts->tv_nsec < 0 || ts->tv_nsec >= (s64)NSEC_PER_SEC || ts->tv_sec < 0)
		return -EINVAL;
	*out = (u64)ts->tv_sec * NSEC_PER_SEC + (u64)ts->tv_nsec;
	return 0;
}

static long sys_utimensat(unsigned long dirfd, unsigned long path, unsigned long utimes,
			  unsigned long flags)
{
	struct k_timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	u64 now = fs_now(), at = 0, mt = 0;
	bool set_a, set_m;
	struct inode *ino;
	unsigned long irq;
	long err;

	if (utimes && copy_from_user(ts, (const void *)utimes, sizeof(ts)))
		return -EFAULT;
	/* Nothing to change: Linux does not even look the path up. */
	if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (flags & ~(unsigned long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = time_of(&ts[0], now, &at, &set_a);
	if (!err)
		err = time_of(&ts[1], now, &mt, &set_m);
	if (err)
		return err;
	/* A NULL path is futimens(): the file dirfd itself. */
	ino = path ? at_inode((int)dirfd, (const char *)path, flags) : fd_inode((int)dirfd, false);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	/*
	 * Setting both times to now is touching the file, which whoever may
	 * write to it may do; any other times only its owner (or root).
	 */
	if (ts[0].tv_nsec == UTIME_NOW && ts[1].tv_nsec == UTIME_NOW)
		err = inode_owner_or_capable(ino) ? 0 : inode_permission(ino, MAY_WRITE);
	else
		err = inode_owner_or_capable(ino) ? 0 : -EPERM;
	if (err) {
		inode_put(ino);
		return err;
	}
	irq = vfs_lock();
	if (set_a)
		ino->atime = at;
	if (set_m)
		ino->mtime = mt;
	ino->ctime = now;
	vfs_unlock(irq);
	inode_put(ino);
	return 0;
}
SYSCALL(__NR_utimensat, utimensat, sys_utimensat);
