/*
 * File permissions: who may read, write, execute or search an inode, make
 * or remove names in a directory, and open a file (execve's open is
 * vfs_open_exec(), fs/file.c); whom a new file belongs to; and the set-id
 * bits a write takes away. Every check uses the caller's file-system ids
 * (fsuid, fsgid and its supplementary groups, <kernel/cred.h>), as
 * Linux's do.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>

#include "fs-internal.h"

/* The mode bits that apply to the caller: owner's, group's or others'. */
static int class_permission(const struct inode *ino, int mask)
{
	const struct cred *c = current_cred();
	u32 mode = ino->mode;

	if (c->fsuid == ino->uid)
		mode >>= 6; /* the owner gets the owner's bits, even when others get more */
	else if (in_group_p(ino->gid))
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}

int inode_permission(const struct inode *ino, int mask)
{
	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (!class_permission(ino, mask))
		return 0;
	/* Root reads, writes and searches any directory. */
	if (S_ISDIR(ino->mode))
		return capable(CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	if (mask == MAY_READ && capable(CAP_DAC_READ_SEARCH))
		return 0;
	/* ... and reads and writes any file, but runs only what someone may run. */
	if ((!(mask & MAY_EXEC) || (ino->mode & S_IXUGO)) && capable(CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

unsigned long inode_mount_flags(const struct inode *ino)
{
	/* The root file system's inodes say dev 0; statfs asks the same way. */
	return mount_st_flags(ino->dev ? ino->dev : 1);
}

int may_open(const struct inode *ino, u32 flags)
{
	static const int acc[4] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE, MAY_READ | MAY_WRITE };
	int mask = acc[flags & O_ACCMODE];
	int err;

	if (flags & O_PATH)
		return 0;
	/* Truncating is writing, whatever the access mode says. */
	if (flags & O_TRUNC)
		mask |= MAY_WRITE;
	/* Writing to a directory is EISDIR, which open() decides after us. */
	if (S_ISDIR(ino->mode) && (mask & MAY_WRITE))
		return 0;
	if ((S_ISCHR(ino->mode) || (ino->mode & S_IFMT) == S_IFBLK) &&
	    (inode_mount_flags(ino) & ST_NODEV))
		return -EACCES;
	err = inode_permission(ino, mask);
	/* Not updating access times is the owner's choice only. */
	if (!err && (flags & O_NOATIME) && !inode_owner_or_capable(ino))
		err = -EPERM;
	return err;
}

int may_create(const struct inode *dir)
{
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

bool inode_owner_or_capable(const struct inode *ino)
{
	return current_cred()->fsuid == ino->uid || capable(CAP_FOWNER);
}

int may_delete(const struct inode *dir, const struct inode *victim)
{
	int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	/* In a sticky directory (/tmp) only the owner of the entry or of the directory may. */
	if ((dir->mode & S_ISVTX) && current_cred()->fsuid != dir->uid &&
	    !inode_owner_or_capable(victim))
		return -EPERM;
	return 0;
}

void inode_init_owner(const struct inode *dir, struct inode *ino)
{
	const struct cred *c = current_cred();
	unsigned long flags = vfs_lock();

	ino->uid = c->fsuid;
	ino->gid = c->fsgid;
	if (dir && (dir->mode & S_ISGID)) {
		/* A set-group-id directory hands its group down, and to directories the bit too. */
		ino->gid = dir->gid;
		if (S_ISDIR(ino->mode))
			ino->mode |= S_ISGID;
		else if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
			 !in_group_p(dir->gid) && !capable(CAP_FSETID))
			ino->mode &= ~S_ISGID;
	}
	vfs_unlock(flags);
}

void inode_remove_privs(struct inode *ino)
{
	u32 kill = 0;
	unsigned long flags;

	if (!ino || !S_ISREG(ino->mode))
		return;
	if (ino->mode & S_ISUID)
		kill |= S_ISUID;
	/* Without group execute, set-group-id means mandatory locking: it stays. */
	if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		kill |= S_ISGID;
	/* A changed program must not keep running as its owner. */
	if (!kill || capable(CAP_FSETID))
		return;
	flags = vfs_lock();
	ino->mode &= ~kill;
	vfs_unlock(flags);
}
