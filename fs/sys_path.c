/*
 * System calls on names: open, creating and removing entries, renaming,
 * links and symlinks, the working directory. Each copies its paths in,
 * resolves dirfd for the *at() forms, and hands over to fs/vfs.c.
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

#define AT_SYMLINK_FOLLOW 0x400

static u32 current_umask(void)
{
	struct process *p = current_proc();

	return p ? p->umask & 0777 : 022;
}

/* ---------------------------------------------------------------- open */

static long do_openat(int dirfd, const char *upath, u32 flags, u32 mode)
{
	struct files *files = current_files();
	struct inode *base = NULL;
	struct file *f;
	char *path;
	int err, fd;

	if (!files)
		return -EBADF;
	path = getname(upath, false, &err);
	if (!path)
		return err;
	err = dirfd_base(dirfd, path, &base);
	if (err)
		goto out;
	f = vfs_open_at(base, path, flags, (mode & 07777) & ~current_umask(), &err);
	if (!f)
		goto out;
	fd = fd_install(files, f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	err = fd;
out:
	inode_put(base);
	kfree(path);
	return err;
}

static long sys_open(unsigned long path, unsigned long flags, unsigned long mode)
{
	return do_openat(AT_FDCWD, (const char *)path, flags, mode);
}
SYSCALL(__NR_open, open, sys_open);

static long sys_openat(unsigned long dirfd, unsigned long path, unsigned long flags,
		       unsigned long mode)
{
	return do_openat((int)dirfd, (const char *)path, flags, mode);
}
SYSCALL(__NR_openat, openat, sys_openat);

static long sys_creat(unsigned long path, unsigned long mode)
{
	return do_openat(AT_FDCWD, (const char *)path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
SYSCALL(__NR_creat, creat, sys_creat);

/* ---------------------------------------------------------------- one-path operations */

/* The path and dirfd of an *at() call, copied in and resolved. */
struct at_path {
	char *path;
	struct inode *base;
};

static int at_path_get(struct at_path *ap, int dirfd, const char *upath)
{
	int err;

	ap->base = NULL;
	ap->path = getname(upath, false, &err);
	if (!ap->path)
		return err;
	err = dirfd_base(dirfd, ap->path, &ap->base);
	if (err) {
		kfree(ap->path);
		ap->path = NULL;
	}
	return err;
}

static void at_path_put(struct at_path *ap)
{
	inode_put(ap->base);
	kfree(ap->path);
}

static long do_mknodat(int dirfd, const char *upath, u32 mode, u32 dev)
{
	struct at_path ap;
	long err;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
	case S_IFDIR: /* only from mkdir */
		break;
	default:
		return -EINVAL;
	}
	err = at_path_get(&ap, dirfd, upath);
	if (err)
		return err;
	err = vfs_mknod(ap.base, ap.path, (mode & S_IFMT) | (mode & 07777 & ~current_umask()),
			dev, NULL);
	at_path_put(&ap);
	return err;
}

static long sys_mkdirat(unsigned long dirfd, unsigned long path, unsigned long mode)
{
	return do_mknodat((int)dirfd, (const char *)path, S_IFDIR | (mode & 07777), 0);
}
SYSCALL(__NR_mkdirat, mkdirat, sys_mkdirat);

static long sys_mkdir(unsigned long path, unsigned long mode)
{
	return sys_mkdirat((unsigned long)AT_FDCWD, path, mode);
}
SYSCALL(__NR_mkdir, mkdir, sys_mkdir);

static long sys_mknodat(unsigned long dirfd, unsigned long path, unsigned long mode,
			unsigned long dev)
{
	if (S_ISDIR(mode))
		return -EINVAL;
	return do_mknodat((int)dirfd, (const char *)path, mode, (u32)dev);
}
SYSCALL(__NR_mknodat, mknodat, sys_mknodat);

static long sys_mknod(unsigned long path, unsigned long mode, unsigned long dev)
{
	return sys_mknodat((unsigned long)AT_FDCWD, path, mode, dev);
}
SYSCALL(__NR_mknod, mknod, sys_mknod);

static long do_unlinkat(int dirfd, const char *upath, bool dir)
{
	struct at_path ap;
	long err = at_path_get(&ap, dirfd, upath);

	if (err)
		return err;
	err = vfs_unlink(ap.base, ap.path, dir);
	at_path_put(&ap);
	return err;
}

static long sys_unlinkat(unsigned long dirfd, unsigned long path, unsigned long flags)
{
	if (flags & ~(unsigned long)AT_REMOVEDIR)
		return -EINVAL;
	return do_unlinkat((int)dirfd, (const char *)path, flags & AT_REMOVEDIR);
}
SYSCALL(__NR_unlinkat, unlinkat, sys_unlinkat);

static long sys_unlink(unsigned long path)
{
	return do_unlinkat(AT_FDCWD, (const char *)path, false);
}
SYSCALL(__NR_unlink, unlink, sys_unlink);

static long sys_rmdir(unsigned long path)
{
	return do_unlinkat(AT_FDCWD, (const char *)path, true);
}
SYSCALL(__NR_rmdir, rmdir, sys_rmdir);

static long sys_symlinkat(unsigned long utarget, unsigned long dirfd, unsigned long path)
{
	struct at_path ap;
	char *target;
	int err;

	target = getname((const char *)utarget, false, &err);
	if (!target)
		return err;
	err = at_path_get(&ap, (int)dirfd, (const char *)path);
	if (!err) {
		err = vfs_symlink(target, ap.base, ap.path);
		at_path_put(&ap);
	}
	kfree(target);
	return err;
}
SYSCALL(__NR_symlinkat, symlinkat, sys_symlinkat);

static long sys_symlink(unsigned long target, unsigned long path)
{
	return sys_symlinkat(target, (unsigned long)AT_FDCWD, path);
}
SYSCALL(__NR_symlink, symlink, sys_symlink);

static long sys_readlinkat(unsigned long dirfd, unsigned long path, unsigned long ubuf,
			   unsigned long size)
{
	struct inode *ino = NULL;
	struct at_path ap;
	char *kbuf = NULL;
	long err;

	if ((long)size <= 0)
		return -EINVAL;
	err = at_path_get(&ap, (int)dirfd, (const char *)path);
	if (err)
		return err;
	ino = path_lookup_at(ap.base, ap.path, false);
	if (IS_ERR(ino)) {
		err = PTR_ERR(ino);
		ino = NULL;
		goto out;
	}
	err = -EINVAL;
	if (!S_ISLNK(ino->mode) || !ino->iops || !ino->iops->readlink)
		goto out;
	size = MIN(size, (unsigned long)PATH_MAX);
	err = -ENOMEM;
	kbuf = kmalloc(size);
	if (!kbuf)
		goto out;
	err = ino->iops->readlink(ino, kbuf, size);
	if (err > 0 && copy_to_user((void *)ubuf, kbuf, err))
		err = -EFAULT;
out:
	kfree(kbuf);
	inode_put(ino);
	at_path_put(&ap);
	return err;
}
SYSCALL(__NR_readlinkat, readlinkat, sys_readlinkat);

static long sys_readlink(unsigned long path, unsigned long buf, unsigned long size)
{
	return sys_readlinkat((unsigned long)AT_FDCWD, path, buf, size);
}
SYSCALL(__NR_readlink, readlink, sys_readlink);

static long sys_truncate(unsigned long path, unsigned long len)
{
	struct inode *ino;
	char *kpath;
	int err;

	if ((long)len < 0)
		return -EINVAL;
	kpath = getname((const char *)path, false, &err);
	if (!kpath)
		return err;
	ino = path_lookup_at(NULL, kpath, true);
	kfree(kpath);
	if (IS_ERR(ino))
		return PTR_ERR(ino);
	/* The type errors first, as Linux gives them; then the permission. */
	if (S_ISDIR(ino->mode))
		err = -EISDIR;
	else if (!S_ISREG(ino->mode))
		err = -EINVAL;
	else
		err = inode_permission(ino, MAY_WRITE);
	if (!err)
		err = vfs_truncate(ino, len);
	inode_put(ino);
	return err;
}
SYSCALL(__NR_truncate, truncate, sys_truncate);

/* ---------------------------------------------------------------- two-path operations */

static long sys_renameat2(unsigned long olddirfd, unsigned long oldpath, unsigned long newdirfd,
			  unsigned long newpath, unsigned long flags)
{
	struct at_path o, n;
	long err;

	if (flags)
		return -EINVAL;
	err = at_path_get(&o, (int)olddirfd, (const char *)oldpath);
	if (err)
		return err;
	err = at_path_get(&n, (int)newdirfd, (const char *)newpath);
	if (!err) {
		err = vfs_rename(o.base, o.path, n.base, n.path);
		at_path_put(&n);
	}
	at_path_put(&o);
	return err;
}
SYSCALL(__NR_renameat2, renameat2, sys_renameat2);

static long sys_renameat(unsigned long olddirfd, unsigned long oldpath, unsigned long newdirfd,
			 unsigned long newpath)
{
	return sys_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}
SYSCALL(__NR_renameat, renameat, sys_renameat);

static long sys_rename(unsigned long oldpath, unsigned long newpath)
{
	return sys_renameat2((unsigned long)AT_FDCWD, oldpath, (unsigned long)AT_FDCWD, newpath, 0);
}
SYSCALL(__NR_rename, rename, sys_rename);

static long sys_linkat(unsigned long olddirfd, unsigned long oldpath, unsigned long newdirfd,
		       unsigned long newpath, unsigned long flags)
{
	struct at_path o, n;
	long err;

	if (flags & ~(unsigned long)AT_SYMLINK_FOLLOW)
		return -EINVAL;
	err = at_path_get(&o, (int)olddirfd, (const char *)oldpath);
	if (err)
		return err;
	err = at_path_get(&n, (int)newdirfd, (const char *)newpath);
	if (!err) {
		err = vfs_link(o.base, o.path, n.base, n.path, flags & AT_SYMLINK_FOLLOW);
		at_path_put(&n);
	}
	at_path_put(&o);
	return err;
}
SYSCALL(__NR_linkat, linkat, sys_linkat);

static long sys_link(unsigned long oldpath, unsigned long newpath)
{
	return sys_linkat((unsigned long)AT_FDCWD, oldpath, (unsigned long)AT_FDCWD, newpath, 0);
}
SYSCALL(__NR_link, link, sys_link);

/* ---------------------------------------------------------------- working directory */

/* Makes dir (referenced by the caller, who keeps its reference) the cwd. */
static long set_cwd(struct inode *dir)
{
	struct process *p = current_proc();
	struct inode *old;
	char *path;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (!p)
		return -ESRCH;
	if (inode_permission(dir, MAY_EXEC))
		return -EACCES;
	old = p->cwd;
	p->cwd = inode_get(dir);
	/* cwd_path is a convenience copy for others; getcwd() climbs the tree. */
	path = kmalloc(PATH_MAX);
	if (path && vfs_path_of(dir, path, PATH_MAX) >= 0)
		strlcpy(p->cwd_path, path, sizeof(p->cwd_path));
	kfree(path);
	fs_share_sync(p);
	inode_put(old);
	return 0;
}

static long sys_chdir(unsigned long upath)
{
	struct inode *dir;
	int err;

	dir = user_path_lookup((const char *)upath, true);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = set_cwd(dir);
	inode_put(dir);
	return err;
}
SYSCALL(__NR_chdir, chdir, sys_chdir);

static long sys_fchdir(unsigned long fd)
{
	struct file *f = fget_raw((int)fd);
	long err;

	if (!f)
		return -EBADF;
	err = f->inode ? set_cwd(f->inode) : -ENOTDIR;
	file_put(f);
	return err;
}
SYSCALL(__NR_fchdir, fchdir, sys_fchdir);

/*
 * Makes a directory the caller's root. The errors come in Linux's order:
 * the lookup's, then search permission on it (EACCES), then the
 * privilege (EPERM). The cwd stays, even outside the new root.
 */
static long sys_chroot(unsigned long upath)
{
	struct process *p = current_proc();
	struct inode *dir, *old;
	int err;

	dir = user_path_lookup((const char *)upath, true);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = -ENOTDIR;
	if (!S_ISDIR(dir->mode))
		goto out;
	err = inode_permission(dir, MAY_EXEC);
	if (err)
		goto out;
	err = -EPERM;
	if (!capable(CAP_SYS_CHROOT))
		goto out;
	old = p->root;
	p->root = inode_get(dir);
	fs_share_sync(p);
	inode_put(old);
	err = 0;
out:
	inode_put(dir);
	return err;
}
SYSCALL(__NR_chroot, chroot, sys_chroot);

static long sys_getcwd(unsigned long ubuf, unsigned long size)
{
	struct process *p = current_proc();
	struct inode *cwd = p && p->cwd ? p->cwd : vfs_root();
	char *kbuf;
	int len;

	if (!cwd)
		return -ENOENT;
	kbuf = kmalloc(PATH_MAX);
	if (!kbuf)
		return -ENOMEM;
	len = vfs_path_of(cwd, kbuf, PATH_MAX);
	if (len >= 0) {
		if ((unsigned long)len + 1 > size)
			len = -ERANGE;
		else if (copy_to_user((void *)ubuf, kbuf, len + 1))
			len = -EFAULT;
		else
			len++; /* the system call counts the NUL */
	}
	kfree(kbuf);
	return len;
}
SYSCALL(__NR_getcwd, getcwd, sys_getcwd);
