/*
 * Inodes: numbering, reference counts, and handing the last reference
 * back to the file system that made the inode.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/time.h>

#include "fs-internal.h"

/* Numbers are never reused, so (ino) alone identifies a file for find/cp. */
static u64 next_ino = 1;

/* File times are wall-clock time: ls -l and make compare them with it. */
u64 fs_now(void)
{
	return clock_ns() + realtime_offset_ns();
}

void inode_init(struct inode *i, u32 mode)
{
	unsigned long flags = vfs_lock();
	u64 now = fs_now();

	i->ino = next_ino++;
	vfs_unlock(flags);
	i->mode = mode;
	i->nlink = 1;
	i->refcount = 1;
	i->atime = now;
	i->mtime = now;
	i->ctime = now;
}

u32 fs_new_dev(void)
{
	static u32 next_dev = 1;
	unsigned long flags = vfs_lock();
	u32 dev = next_dev++;

	vfs_unlock(flags);
	return dev;
}

struct inode *inode_alloc(u32 mode)
{
	struct inode *i = kzalloc(sizeof(*i));

	if (i)
		inode_init(i, mode);
	return i;
}

struct inode *inode_get(struct inode *i)
{
	unsigned long flags;

	if (!i)
		return NULL;
	flags = vfs_lock();
	i->refcount++;
	vfs_unlock(flags);
	return i;
}

void inode_put(struct inode *i)
{
	unsigned long flags;
	int left;

	if (!i)
		return;
	flags = vfs_lock();
	left = --i->refcount;
	vfs_unlock(flags);
	if (left > 0)
		return;
	if (left < 0) {
		/* Freeing again would corrupt the heap; leak and say so. */
		pr_err("inode %llu put with no reference left\n", (unsigned long long)i->ino);
		return;
	}
	if (i->iops && i->iops->evict)
		i->iops->evict(i);
	else
		kfree(i);
}
