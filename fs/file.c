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

#include "fs-internal.h"

/* Flags that only matter while opening; F_GETFL does not report them. */
#define OPEN_ONLY_FLAGS (O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)

struct file *file_alloc(const struct file_ops *ops, struct inode *inode, u32 flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->ops = ops;
	f->inode = inode_get(inode);
	f->flags = flags;
	f->refcount = 1;
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
	if (f->ops && f->ops->release)
		f->ops->release(f);
	inode_put(f->inode);
	kfree(f);
}

int vfs_truncate(struct inode *ino, u64 size)
{
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	if (!ino->iops || !ino->iops->truncate)
		return -EPERM;
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
	default:
		/* Named pipes and sockets are not supported. */
		return ERR_PTR(-ENXIO);
	}
}

struct file *vfs_open_inode(struct inode *ino, u32 flags, int *errp)
{
	const struct file_ops *ops;
	u32 acc = flags & O_ACCMODE;
	struct file *f = NULL;
	int err;

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
	if ((flags & O_TRUNC) && S_ISREG(ino->mode)) {
		err = vfs_truncate(ino, 0);
		if (err)
			goto out;
	}
	err = -ENOMEM;
	f = file_alloc(ops, ino, flags & ~OPEN_ONLY_FLAGS);
	if (!f)
		goto out;
	err = 0;
	if (ops->open)
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

/* Finds or creates the last component of path for O_CREAT; sets *created. */
static struct inode *open_create(struct inode *base, const char *path, u32 flags, u32 mode,
				 bool *created)
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
				ino = path_lookup_at(base, path, true);
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
out:
	inode_put(dir);
	return ino;
}

struct file *vfs_open_at(struct inode *base, const char *path, u32 flags, u32 mode, int *errp)
{
	struct inode *ino;
	bool created = false;
	struct file *f;

	if (flags & O_CREAT)
		ino = open_create(base, path, flags, mode, &created);
	else
		ino = path_lookup_at(base, path, !(flags & O_NOFOLLOW));
	if (IS_ERR(ino)) {
		if (errp)
			*errp = (int)PTR_ERR(ino);
		return NULL;
	}
	/* A file just created is empty, and its creator may open it whatever its mode. */
	if (!created) {
		int err = may_open(ino, flags);

		if (err) {
			inode_put(ino);
			if (errp)
				*errp = err;
			return NULL;
		}
	}
	f = vfs_open_inode(ino, created ? flags & ~O_TRUNC : flags, errp);
	inode_put(ino);
	return f;
}

struct file *vfs_open(const char *path, u32 flags, u32 mode, int *err)
{
	return vfs_open_at(NULL, path, flags, mode, err);
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
