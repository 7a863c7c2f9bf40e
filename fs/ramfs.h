/*
 * What ramfs (fs/ramfs.c) shares with the mount points it holds
 * (fs/ramfs_mount.c): its directory entries and inodes. Everything in them
 * is changed only under vfs_lock().
 */
#ifndef FS_RAMFS_H
#define FS_RAMFS_H

#include <kernel/fs.h>
#include <kernel/list.h>
#include <kernel/types.h>

struct ramfs_dirent {
	struct list_head list;
	struct inode *inode; /* referenced */
	u64 seq;	     /* readdir position: increases along the list */
	unsigned int mounts; /* file systems mounted here (fs/mount.c): it stays while any is */
	size_t len;
	char name[];
};

struct ramfs_inode {
	struct inode vfs;
	u64 fs_id; /* the instance (its st_dev): links and renames stay inside one */
	/* Directories. */
	struct list_head entries;
	struct inode *parent; /* not referenced; itself for the root */
	u64 next_seq;
	bool dead;
	/* Regular files and symlinks. */
	u8 **pages;
	u64 nr_slots;
};

static inline struct ramfs_inode *RI(struct inode *i)
{
	return container_of(i, struct ramfs_inode, vfs);
}

#endif
