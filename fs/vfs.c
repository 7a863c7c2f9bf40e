/*
 * Operations on names: make, remove, rename and link directory entries.
 * The system calls and the initramfs unpacker share these; they take
 * kernel strings and apply no umask (callers do). The Linux error codes
 * for the odd cases ("." and "..", trailing slashes, the root) are
 * decided here, before a file system's operation sees the name.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/string.h>

#include "fs-internal.h"

static bool is_dots(const char *name, size_t len)
{
	return name_is_dot(name, len) || name_is_dotdot(name, len);
}

int vfs_mknod(struct inode *base, const char *path, u32 mode, u32 rdev, struct inode **out)
{
	struct inode *dir;
	const char *name;
	size_t len;
	int err;

	dir = path_parent_at(base, path, &name, &len);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = -EEXIST;
	if (len == 0 || is_dots(name, len))
		goto out;
	/* "name/" can only ever be a directory. */
	err = -ENOENT;
	if (name[len] == '/' && !S_ISDIR(mode))
		goto out;
	err = -EACCES;
	if (!dir->iops->create)
		goto out;
	err = dir->iops->create(dir, name, len, mode, rdev, out);
out:
	inode_put(dir);
	return err;
}

int vfs_symlink(const char *target, struct inode *base, const char *path)
{
	struct inode *dir;
	const char *name;
	size_t len;
	int err;

	if (!target[0])
		return -ENOENT;
	dir = path_parent_at(base, path, &name, &len);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = -EEXIST;
	if (len == 0 || is_dots(name, len))
		goto out;
	err = -ENOENT;
	if (name[len] == '/')
		goto out;
	err = -EACCES;
	if (!dir->iops->symlink)
		goto out;
	err = dir->iops->symlink(dir, name, len, target, NULL);
out:
	inode_put(dir);
	return err;
}

int vfs_unlink(struct inode *base, const char *path, bool rmdir)
{
	struct inode *dir, *victim = NULL;
	const char *name;
	size_t len;
	int err;

	dir = path_parent_at(base, path, &name, &len);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (len == 0) {
		err = rmdir ? -EBUSY : -EISDIR;
		goto out;
	}
	if (is_dots(name, len)) {
		if (!rmdir)
			err = -EISDIR;
		else
			err = name_is_dot(name, len) ? -EINVAL : -ENOTEMPTY;
		goto out;
	}
	victim = dir->iops->lookup(dir, name, len);
	if (IS_ERR(victim)) {
		err = PTR_ERR(victim);
		victim = NULL;
		goto out;
	}
	err = -ENOTDIR;
	if ((rmdir || name[len] == '/') && !S_ISDIR(victim->mode))
		goto out;
	err = -EISDIR;
	if (!rmdir && S_ISDIR(victim->mode))
		goto out;
	err = -EBUSY;
	if (victim == vfs_root())
		goto out;
	err = -EACCES;
	if (!dir->iops->unlink)
		goto out;
	err = dir->iops->unlink(dir, name, len);
out:
	inode_put(victim);
	inode_put(dir);
	return err;
}

int vfs_rename(struct inode *obase, const char *opath, struct inode *nbase, const char *npath)
{
	struct inode *odir, *ndir = NULL, *src = NULL;
	const char *oname, *nname;
	size_t olen, nlen;
	int err;

	odir = path_parent_at(obase, opath, &oname, &olen);
	if (IS_ERR(odir))
		return PTR_ERR(odir);
	ndir = path_parent_at(nbase, npath, &nname, &nlen);
	if (IS_ERR(ndir)) {
		err = PTR_ERR(ndir);
		ndir = NULL;
		goto out;
	}
	err = -EBUSY;
	if (olen == 0 || nlen == 0)
		goto out;
	err = -EINVAL;
	if (is_dots(oname, olen) || is_dots(nname, nlen))
		goto out;
	src = odir->iops->lookup(odir, oname, olen);
	if (IS_ERR(src)) {
		err = PTR_ERR(src);
		src = NULL;
		goto out;
	}
	err = -ENOTDIR;
	if ((oname[olen] == '/' || nname[nlen] == '/') && !S_ISDIR(src->mode))
		goto out;
	err = -EXDEV;
	if (!odir->iops->rename || odir->iops != ndir->iops)
		goto out;
	err = odir->iops->rename(odir, oname, olen, ndir, nname, nlen);
out:
	inode_put(src);
	inode_put(ndir);
	inode_put(odir);
	return err;
}

int vfs_link(struct inode *obase, const char *opath, struct inode *nbase, const char *npath,
	     bool follow)
{
	struct inode *target, *dir = NULL;
	const char *name;
	size_t len;
	int err;

	target = path_lookup_at(obase, opath, follow);
	if (IS_ERR(target))
		return PTR_ERR(target);
	err = -EPERM;
	if (S_ISDIR(target->mode))
		goto out;
	dir = path_parent_at(nbase, npath, &name, &len);
	if (IS_ERR(dir)) {
		err = PTR_ERR(dir);
		dir = NULL;
		goto out;
	}
	err = -EEXIST;
	if (len == 0 || is_dots(name, len))
		goto out;
	err = -ENOENT;
	if (name[len] == '/')
		goto out;
	err = -EPERM;
	if (!dir->iops->link)
		goto out;
	err = dir->iops->link(dir, name, len, target);
out:
	inode_put(dir);
	inode_put(target);
	return err;
}
