/*
 * statfs and fstatfs: what file system a file is on and how much room it
 * has, in Linux's x86_64 struct statfs.
 *
 * The file systems are told apart by their inodes: ramfs (the root, /tmp,
 * the device nodes of /dev) answers as Linux's tmpfs does, with the page
 * allocator's totals as its size, since its files live in those pages;
 * procfs and sysfs say which they are (fs/pseudofs.c); anonymous pipes
 * are pipefs and sockets sockfs, as on Linux. f_flags has the mount's
 * flags (fs/mount.c).
 */
#define pr_fmt(fmt) "statfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"

#define TMPFS_MAGIC  0x01021994
#define PIPEFS_MAGIC 0x50495045
#define SOCKFS_MAGIC 0x534f434b

#define STATFS_BSIZE 4096
#define ST_VALID     0x0020 /* f_flags holds the mount flags */

/* struct statfs of the Linux x86_64 ABI. */
struct linux_statfs {
	s64 f_type;
	s64 f_bsize;
	u64 f_blocks;
	u64 f_bfree;
	u64 f_bavail;
	u64 f_files;
	u64 f_ffree;
	s32 f_fsid[2];
	s64 f_namelen;
	s64 f_frsize;
	s64 f_flags;
	s64 f_spare[4];
};

_Static_assert(sizeof(struct linux_statfs) == 120, "struct statfs is 120 bytes on x86_64");

static void fill_statfs(const struct inode *ino, struct linux_statfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_bsize = STATFS_BSIZE;
	st->f_frsize = STATFS_BSIZE;
	st->f_namelen = NAME_MAX;
	st->f_flags = ST_VALID | (ino ? mount_st_flags(ino->dev ? ino->dev : 1) : 0);
	if (!ino || (ino->mode & S_IFMT) == S_IFSOCK) {
		st->f_type = SOCKFS_MAGIC;
	} else if (inode_is_pipefs(ino)) {
		st->f_type = PIPEFS_MAGIC;
	} else if (pfs_magic(ino)) {
		st->f_type = pfs_magic(ino); /* procfs or sysfs */
	} else if (inode_is_devpts(ino)) {
		st->f_type = devpts_magic();
	} else {
		/* Every file, and every inode, takes pages from the one allocator. */
		st->f_type = TMPFS_MAGIC;
		st->f_blocks = nr_managed_pages() * PAGE_SIZE / STATFS_BSIZE;
		st->f_bfree = nr_free_pages() * PAGE_SIZE / STATFS_BSIZE;
		st->f_bavail = st->f_bfree;
		st->f_files = nr_managed_pages();
		st->f_ffree = nr_free_pages();
	}
}

static long put_statfs(const struct inode *ino, unsigned long ubuf)
{
	struct linux_statfs st;

	fill_statfs(ino, &st);
	return copy_to_user((void *)ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

static long sys_statfs(unsigned long upath, unsigned long ubuf)
{
	struct inode *ino;
	long ret;

	ino = user_path_lookup((const char *)upath, true);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	ret = put_statfs(ino, ubuf);
	inode_put(ino);
	return ret;
}
SYSCALL(__NR_statfs, statfs, sys_statfs);

/* An O_PATH descriptor will do: the file system is a property of the name. */
static long sys_fstatfs(unsigned long fd, unsigned long ubuf)
{
	struct file *f = fget_raw((int)fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = put_statfs(f->inode, ubuf);
	file_put(f);
	return ret;
}
SYSCALL(__NR_fstatfs, fstatfs, sys_fstatfs);
