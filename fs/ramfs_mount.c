/*
 * Mount points in ramfs: the entry of a directory that names another file
 * system's root while it is mounted there (fs/mount.c decides what is
 * mounted; this side swaps the entry and keeps it from being removed or
 * renamed), and the check umount makes of a whole RAM file system before
 * it goes.
 */
#define pr_fmt(fmt) "ramfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>

#include "fs-internal.h"
#include "ramfs.h"

/* The entry of dir that names i (lock held). */
static struct ramfs_dirent *find_inode_entry(struct ramfs_inode *dir, const struct inode *i)
{
	struct ramfs_dirent *d;

	list_for_each_entry(d, &dir->entries, list)
		if (d->inode == i)
			return d;
	return NULL;
}

int ramfs_cover(struct inode *dir, struct inode *old, struct inode *root, struct inode **covered)
{
	struct ramfs_dirent *d;
	unsigned long flags;
	int err = -EINVAL;

	if (!ramfs_is_dir(dir))
		return err;
	flags = vfs_lock();
	d = RI(dir)->dead ? NULL : find_inode_entry(RI(dir), old);
	err = -ENOENT;
	if (!d)
		goto out;
	/* The entry's reference to old passes to the caller; the entry takes one on root. */
	*covered = d->inode;
	d->inode = inode_get(root);
	d->mounts++;
	if (ramfs_is_dir(root))
		RI(root)->parent = dir;
	err = 0;
out:
	vfs_unlock(flags);
	return err;
}

int ramfs_uncover(struct inode *dir, struct inode *root, struct inode *covered)
{
	struct ramfs_dirent *d;
	unsigned long flags = vfs_lock();
	int err = -ENOENT;

	d = find_inode_entry(RI(dir), root);
	if (!d || !d->mounts)
		goto out;
	d->inode = covered;
	d->mounts--;
	/* Whoever is still inside (a lazy umount) finds ".." at the top, not in the old parent. */
	if (ramfs_is_dir(root))
		RI(root)->parent = root;
	err = 0;
out:
	vfs_unlock(flags);
	if (!err)
		inode_put(root);
	return err;
}

/*
 * Whether anything but the tree itself holds an inode below root (an open
 * file, a mapping, a working directory), or another file system is
 * mounted below it. Each entry holds one reference, so a directory has
 * one and a file one per link; anything more is a user. The walk climbs
 * back through the parent pointers, so it needs no stack however deep the
 * tree is.
 */
static struct ramfs_dirent *entry_after(struct ramfs_inode *dir, struct ramfs_dirent *d)
{
	return d->list.next == &dir->entries ? NULL : list_entry(d->list.next, struct ramfs_dirent, list);
}

bool ramfs_busy(struct inode *root)
{
	struct ramfs_inode *dir = RI(root);
	struct ramfs_dirent *d;
	unsigned long flags = vfs_lock();
	bool busy = false;

	d = list_empty(&dir->entries) ? NULL : list_first_entry(&dir->entries, struct ramfs_dirent, list);
	for (;;) {
		if (!d) {
			/* dir is done: continue after its entry in its parent, or stop at the top. */
			struct ramfs_inode *up;

			if (&dir->vfs == root)
				break;
			up = RI(dir->parent);
			d = find_inode_entry(up, &dir->vfs);
			if (!d) {
				busy = true; /* cannot happen: each directory is in its parent */
				break;
			}
			dir = up;
			d = entry_after(dir, d);
			continue;
		}
		if (d->mounts ||
		    d->inode->refcount > (S_ISDIR(d->inode->mode) ? 1 : (int)d->inode->nlink)) {
			busy = true;
			break;
		}
		if (ramfs_is_dir(d->inode) && !list_empty(&RI(d->inode)->entries)) {
			dir = RI(d->inode);
			d = list_first_entry(&dir->entries, struct ramfs_dirent, list);
			continue;
		}
		d = entry_after(dir, d);
	}
	vfs_unlock(flags);
	return busy;
}
