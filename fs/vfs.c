/*
 * Operations on names: make, remove, rename and link directory entries.
 * The system calls and the initramfs unpacker share these; they take
 * kernel strings and apply no umask (callers do). The Linux error codes
 * for the odd cases ("." and "..", trailing slashes, the root) are
 * decided here, before a file system's operation sees the name, and so
 * are the caller's permissions (fs/permission.c) and the owner of what
 * is made.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/string.h>

#include "fs-internal.h"

static bool is_dots(const char *name, size_t len)
{
	return name_is_dot(name, len) || name_is_dotdot(name, len);
}

/*
 * The directory a new entry path goes into, with a reference, its last
 * name in *name and *len; or an ERR_PTR: EEXIST for "", "." and "..",
 * ENOENT for "name/" when what is made cannot be a directory, and
 * may_create()'s answer.
 */
static struct inode *new_entry_parent(struct inode *base, const char *path, bool is_dir,
				      const char **name, size_t *len)
{
	struct inode *dir = path_parent_at(base, path, name, len);
	int err;

	if (IS_ERR(dir))
		return dir;
	err = -EEXIST;
	if (*len == 0 || is_dots(*name, *len))
		goto fail;
	/* "name/" can only ever be a directory. */
	err = -ENOENT;
	if ((*name)[*len] == '/' && !is_dir)
		goto fail;
	err = may_create(dir);
	if (err)
		goto fail;
	return dir;
fail:
	inode_put(dir);
	return ERR_PTR(err);
}

int vfs_mknod(struct inode *base, const char *path, u32 mode, u32 rdev, struct inode **out)
{
	struct inode *dir, *ino = NULL;
	const char *name;
	size_t len;
	int err;

	dir = new_entry_parent(base, path, S_ISDIR(mode), &name, &len);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = -EPERM;
	if (((mode & S_IFMT) == S_IFCHR || (mode & S_IFMT) == S_IFBLK) && !capable(CAP_MKNOD))
		goto out;
	err = -EACCES;
	if (!dir->iops->create)
		goto out;
	err = dir->iops->create(dir, name, len, mode, rdev, &ino);
	if (err)
		goto out;
	inode_init_owner(dir, ino);
	if (out)
		*out = ino;
	else
		inode_put(ino);
out:
	inode_put(dir);
	return err;
}

int vfs_symlink(const char *target, struct inode *base, const char *path)
{
	struct inode *dir, *ino = NULL;
	const char *name;
	size_t len;
	int err;

	if (!target[0])
		return -ENOENT;
	dir = new_entry_parent(base, path, false, &name, &len);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = -EACCES;
	if (!dir->iops->symlink)
		goto out;
	err = dir->iops->symlink(dir, name, len, target, &ino);
	if (err)
		goto out;
	inode_init_owner(dir, ino);
	inode_put(ino);
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
	err = may_delete(dir, victim);
	if (err)
		goto out;
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

/*
 * Whether the caller may move src from odir to nname in ndir: take it out
 * of odir, replace what ndir holds under nname or make the name there,
 * and, moving a directory elsewhere, rewrite its "..".
 */
static int may_rename(struct inode *odir, struct inode *src, struct inode *ndir,
		      const char *nname, size_t nlen)
{
	struct inode *target = ndir->iops->lookup(ndir, nname, nlen);
	int err;

	if (IS_ERR(target))
		target = NULL;
	/* Renaming a file onto itself (or a hard link of it) does nothing. */
	err = 0;
	if (target == src)
		goto out;
	err = may_delete(odir, src);
	if (err)
		goto out;
	err = target ? may_delete(ndir, target) : may_create(ndir);
	if (err)
		goto out;
	if (S_ISDIR(src->mode) && odir != ndir)
		err = inode_permission(src, MAY_WRITE);
out:
	inode_put(target);
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
	err = may_rename(odir, src, ndir, nname, nlen);
	if (err)
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
	dir = new_entry_parent(nbase, npath, false, &name, &len);
	if (IS_ERR(dir)) {
		err = PTR_ERR(dir);
		dir = NULL;
		goto out;
	}
	err = -EPERM;
	if (!dir->iops->link)
		goto out;
	err = dir->iops->link(dir, name, len, target);
out:
	inode_put(dir);
	inode_put(target);
	return err;
}
