/*
 * Extended attributes: no file system here stores any. The calls still
 * find their file (so a missing one is ENOENT, a bad descriptor EBADF)
 * and check the attribute's name; then a file simply has none: reads
 * say ENODATA, lists are empty, and setting one is EOPNOTSUPP, as on a
 * Linux file system mounted without xattr support. Programs such as
 * coreutils' ls ask for ACLs and SELinux labels this way and take
 * ENODATA for "none".
 */
#define pr_fmt(fmt) "xattr: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"

#define XATTR_NAME_MAX 255

/* The file a path names (following a final symlink or not), checked and let go. */
static long find_path(unsigned long upath, bool follow)
{
	struct inode *ino;

	ino = user_path_lookup((const char *)upath, follow);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	inode_put(ino);
	return 0;
}

static long find_fd(unsigned long fd)
{
	struct file *f = fget((int)fd);

	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

/* An attribute's name: 1 to 255 bytes, else ERANGE (Linux's check). */
static long check_name(unsigned long uname)
{
	char name[XATTR_NAME_MAX + 1];
	long len = strncpy_from_user(name, (const char *)uname, sizeof(name));

	if (len == -ENAMETOOLONG || len == 0)
		return -ERANGE;
	return len < 0 ? len : 0;
}

/* Which file: a path (followed or not) or a descriptor. */
enum xattr_target { XT_PATH,
		    XT_LPATH,
		    XT_FD };

static long find(enum xattr_target t, unsigned long where)
{
	return t == XT_FD ? find_fd(where) : find_path(where, t == XT_PATH);
}

static long get(enum xattr_target t, unsigned long where, unsigned long name)
{
	long rc = find(t, where);

	if (!rc)
		rc = check_name(name);
	return rc ? rc : -ENODATA;
}

static long set(enum xattr_target t, unsigned long where, unsigned long name)
{
	long rc = find(t, where);

	if (!rc)
		rc = check_name(name);
	return rc ? rc : -EOPNOTSUPP;
}

static long sys_getxattr(unsigned long path, unsigned long name, unsigned long value,
			 unsigned long size)
{
	return get(XT_PATH, path, name);
}
SYSCALL(__NR_getxattr, getxattr, sys_getxattr);

static long sys_lgetxattr(unsigned long path, unsigned long name, unsigned long value,
			  unsigned long size)
{
	return get(XT_LPATH, path, name);
}
SYSCALL(__NR_lgetxattr, lgetxattr, sys_lgetxattr);

static long sys_fgetxattr(unsigned long fd, unsigned long name, unsigned long value,
			  unsigned long size)
{
	return get(XT_FD, fd, name);
}
SYSCALL(__NR_fgetxattr, fgetxattr, sys_fgetxattr);

/* An empty list: the size of no names is 0. */
static long sys_listxattr(unsigned long path, unsigned long list, unsigned long size)
{
	return find(XT_PATH, path);
}
SYSCALL(__NR_listxattr, listxattr, sys_listxattr);

static long sys_llistxattr(unsigned long path, unsigned long list, unsigned long size)
{
	return find(XT_LPATH, path);
}
SYSCALL(__NR_llistxattr, llistxattr, sys_llistxattr);

static long sys_flistxattr(unsigned long fd, unsigned long list, unsigned long size)
{
	return find(XT_FD, fd);
}
SYSCALL(__NR_flistxattr, flistxattr, sys_flistxattr);

static long sys_setxattr(unsigned long path, unsigned long name, unsigned long value,
			 unsigned long size, unsigned long flags)
{
	return set(XT_PATH, path, name);
}
SYSCALL(__NR_setxattr, setxattr, sys_setxattr);

static long sys_lsetxattr(unsigned long path, unsigned long name, unsigned long value,
			  unsigned long size, unsigned long flags)
{
	return set(XT_LPATH, path, name);
}
SYSCALL(__NR_lsetxattr, lsetxattr, sys_lsetxattr);

static long sys_fsetxattr(unsigned long fd, unsigned long name, unsigned long value,
			  unsigned long size, unsigned long flags)
{
	return set(XT_FD, fd, name);
}
SYSCALL(__NR_fsetxattr, fsetxattr, sys_fsetxattr);

/* Removing what is not there. */
static long sys_removexattr(unsigned long path, unsigned long name)
{
	return get(XT_PATH, path, name);
}
SYSCALL(__NR_removexattr, removexattr, sys_removexattr);

static long sys_lremovexattr(unsigned long path, unsigned long name)
{
	return get(XT_LPATH, path, name);
}
SYSCALL(__NR_lremovexattr, lremovexattr, sys_lremovexattr);

static long sys_fremovexattr(unsigned long fd, unsigned long name)
{
	return get(XT_FD, fd, name);
}
SYSCALL(__NR_fremovexattr, fremovexattr, sys_fremovexattr);
