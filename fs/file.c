/*
 * Open files: allocation and reference counting, and open() itself, which
 * turns a path into a struct file with the operations of what it names
 * (a file system's own, or a character device's from the registry).
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/blkdev.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/resource.h>
#include <kernel/signal.h>

#include "fs-internal.h"
#include "locks.h"
#include "pipe.h"

/* Flags that only matter while opening; F_GETFL does not report them. */
#define OPEN_ONLY_FLAGS (O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)
/* All an O_PATH open keeps: the rest of the flags mean nothing without I/O. */
#define O_PATH_FLAGS (O_PATH | O_DIRECTORY | O_NOFOLLOW)

/* An O_PATH file: a name held open, with no operations at all. */
static const struct file_ops path_fops;

/* Counts f among the files reading or writing its inode (a lease looks at them). */
static void count_open(struct file *f, int delta)
{
	u32 acc = f->flags & O_ACCMODE;
	unsigned long flags;

	if (!f->inode || (f->flags & O_PATH))
		return;
	flags = vfs_lock();
	if (acc == O_RDONLY)
		f->inode->nr_readers += delta;
	else
		f->inode->nr_writers += delta;
	vfs_unlock(flags);
}

struct file *file_alloc(const struct file_ops *ops, struct inode *inode, u32 flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->inode = inode_get(inode);
	f->flags = flags;
	f->refcount = 1;
	count_open(f, 1);
	return f;
}

struct file *file_get(struct file *f)
{
	unsigned long flags;

	if (!f)
		return NULL;
	flags = vfs_lock();
	f->refcount++;
	vfs_unlock(flags);
	return f;
}

void file_put(struct file *f)
{
	unsigned long flags;
	int left;

	if (!f)
		return;
	flags = vfs_lock();
	left = --f->refcount;
	vfs_unlock(flags);
	if (left != 0)
		return;
	locks_remove_file(f);
	epoll_file_gone(f);
	flock_file_gone(f);
	count_open(f, -1);
	if (f->ops && f->ops->release)
		f->ops->release(f);
	inode_put(f->inode);
	inode_put(f->dir);
	kfree(f);
}

void filp_close(struct file *f, struct files *owner)
{
	locks_remove_posix(f, owner);
	file_put(f);
}

/* The caller's RLIMIT_FSIZE (no limit for the kernel's own threads). */
static u64 fsize_limit(void)
{
	struct process *p = current_proc();

	return p ? proc_rlimit(p, RLIMIT_FSIZE) : RLIM_INFINITY;
}

/* Going past RLIMIT_FSIZE: SIGXFSZ, which kills by default; ignored or handled, EFBIG. */
static int fsize_exceeded(void)
{
	send_signal(current_proc(), SIGXFSZ);
	return -EFBIG;
}

int file_write_limit(struct file *f, u64 pos, size_t *count)
{
	u64 limit = fsize_limit();

	if (limit == RLIM_INFINITY || !f->inode || !S_ISREG(f->inode->mode))
		return 0;
	if (f->flags & O_APPEND)
		pos = f->inode->size;
	if (pos >= limit)
		return fsize_exceeded();
	if (*count > limit - pos)
		*count = limit - pos;
	return 0;
}

int vfs_truncate(struct inode *ino, u64 size)
{
	u64 limit = fsize_limit();

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	if (!ino->iops || !ino->iops->truncate)
		return -EPERM;
	/* Only growing counts against RLIMIT_FSIZE. */
	if (limit != RLIM_INFINITY && size > ino->size && size > limit)
		return fsize_exceeded();
	inode_remove_privs(ino);
	return ino->iops->truncate(ino, size);
}

/* The operations a file on ino gets, or an ERR_PTR. */
static const struct file_ops *ops_for(struct inode *ino)
{
	const struct file_ops *ops;

	switch (ino->mode & S_IFMT) {
	case S_IFCHR:
		ops = chrdev_lookup(ino->rdev);
		return ops ? ops : ERR_PTR(-ENXIO);
	case S_IFBLK:
		ops = blkdev_lookup(ino->rdev);
		return ops ? ops : ERR_PTR(-ENXIO);
	case S_IFREG:
	case S_IFDIR:
		return ino->fops ? ino->fops : ERR_PTR(-ENXIO);
	case S_IFLNK:
		return ERR_PTR(-ELOOP);
	case S_IFIFO:
		return &fifo_fops;
	default:
		/* A socket's name is for connect(), not open(): ENXIO, as on Linux. */
		return ERR_PTR(-ENXIO);
	}
}

/* O_PATH: the name only, whatever it is; nothing is opened, truncated or broken. */
static struct file *open_path(struct inode *ino, u32 flags, int *err)
{
	struct file *f;

	*err = -ENOTDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		return NULL;
	*err = -ENOMEM;
	f = file_alloc(&path_fops, ino, flags & O_PATH_FLAGS);
	if (f)
		*err = 0;
	return f;
}

struct file *vfs_open_inode(struct inode *ino, u32 flags, int *errp)
{
	const struct file_ops *ops;
	u32 acc = flags & O_ACCMODE;
	struct file *f = NULL;
	int err;

	if (flags & O_PATH) {
		f = open_path(ino, flags, &err);
		goto out;
	}
	err = -EINVAL;
	if (acc == O_ACCMODE)
		goto out;
	err = -ENOTDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		goto out;
	err = -EISDIR;
	if (S_ISDIR(ino->mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		goto out;
	ops = ops_for(ino);
	if (IS_ERR(ops)) {
		err = PTR_ERR(ops);
		goto out;
	}
	err = -ENOMEM;
	f = file_alloc(ops, ino, flags & ~OPEN_ONLY_FLAGS);
	if (!f)
		goto out;
	/* Counted as open already, so no new lease can slip in behind the break. */
	err = 0;
	if (S_ISREG(ino->mode))
		err = lease_break(ino, flags);
	if (!err && (flags & O_TRUNC) && S_ISREG(ino->mode))
		err = vfs_truncate(ino, 0);
	if (!err && ops->open)
		err = ops->open(ino, f);
	if (err) {
		/* The driver never saw a successful open: no release. */
		f->ops = NULL;
		file_put(f);
		f = NULL;
	}
out:
	if (errp)
		*errp = err;
	return err ? NULL : f;
}

/*
 * Finds or creates the last component of path for O_CREAT; sets *created,
 * and *dirp to the directory of a non-directory (referenced).
 */
static struct inode *open_create(struct inode *base, const char *path, u32 flags, u32 mode,
				 bool *created, struct inode **dirp)
{
	struct inode *dir, *ino;
	const char *name;
	size_t len;
	int err;

	dir = path_parent_at(base, path, &name, &len);
	if (IS_ERR(dir))
		return dir;
	/* "/", "dir/", "." and "..": there is no file to create. */
	ino = ERR_PTR(-EISDIR);
	if (len == 0 || name[len] == '/' || name_is_dot(name, len) || name_is_dotdot(name, len))
		goto out;
	ino = dir->iops->lookup(dir, name, len);
	if (!IS_ERR(ino)) {
		if (flags & O_EXCL) {
			inode_put(ino);
			ino = ERR_PTR(-EEXIST);
		} else if (S_ISLNK(ino->mode)) {
			inode_put(ino);
			if (flags & O_NOFOLLOW)
				ino = ERR_PTR(-ELOOP);
			else
				ino = path_lookup_dir_at(base, path, true, dirp);
		} else if (!S_ISDIR(ino->mode)) {
			*dirp = inode_get(dir);
		}
		goto out;
	}
	if (PTR_ERR(ino) != -ENOENT)
		goto out;
	err = may_create(dir);
	if (!err && !dir->iops->create)
		err = -EACCES;
	if (!err)
		err = dir->iops->create(dir, name, len, S_IFREG | (mode & 07777), 0, &ino);
	if (err) {
		ino = ERR_PTR(err);
		goto out;
	}
	inode_init_owner(dir, ino);
	*created = true;
	*dirp = inode_get(dir);
out:
	inode_put(dir);
	return ino;
}

struct file *vfs_open_at(struct inode *base, const char *path, u32 flags, u32 mode, int *errp)
{
	struct inode *ino, *dir = NULL;
	bool created = false;
	struct file *f = NULL;
	int err;

	if (flags & O_PATH)
		flags &= O_PATH_FLAGS | O_CLOEXEC;
	if (flags & O_CREAT)
		ino = open_create(base, path, flags, mode, &created, &dir);
	else
		ino = path_lookup_dir_at(base, path, !(flags & O_NOFOLLOW), &dir);
	if (IS_ERR(ino)) {
		err = (int)PTR_ERR(ino);
		goto out;
	}
	/* A file just created is empty, and its creator may open it whatever its mode. */
	err = created ? 0 : may_open(ino, flags);
	if (!err)
		f = vfs_open_inode(ino, created ? flags & ~O_TRUNC : flags, &err);
	inode_put(ino);
	if (f) {
		f->dir = dir;
		dir = NULL;
	}
out:
	inode_put(dir);
	if (errp)
		*errp = err;
	return f;
}

struct file *vfs_open(const char *path, u32 flags, u32 mode, int *err)
{
	return vfs_open_at(NULL, path, flags, mode, err);
}

/*
 * Anything but a regular file is EACCES before it is opened, as Linux's
 * open for execution refuses it: exec must not wait for a FIFO's writer
 * nor run a device's open.
 */
struct file *vfs_open_exec(const char *path, int *errp)
{
	struct inode *ino, *dir;
	struct file *f = NULL;
	int err;

	ino = path_lookup_dir_at(NULL, path, true, &dir);
	if (IS_ERR(ino)) {
		*errp = (int)PTR_ERR(ino);
		return NULL;
	}
	err = -EACCES;
	if (!S_ISREG(ino->mode) || (inode_mount_flags(ino) & ST_NOEXEC))
		goto out;
	err = inode_permission(ino, MAY_EXEC);
	if (err)
		goto out;
	/* Reading the image needs no read permission: a mode of 0711 runs. */
	f = vfs_open_inode(ino, O_RDONLY, &err);
	if (f) {
		f->dir = dir;
		dir = NULL;
	}
out:
	inode_put(dir);
	inode_put(ino);
	*errp = err;
	return f;
}

ssize_t kernel_read(struct file *f, void *buf, size_t n, u64 pos)
{
	size_t done = 0;

	if (!f->ops || !f->ops->read)
		return -EINVAL;
	while (done < n) {
		ssize_t r = f->ops->read(f, (char *)buf + done, n - done, &pos);

		if (r < 0)
			return done ? (ssize_t)done : r;
		if (r == 0)
			break;
		done += r;
	}
	return done;
}
