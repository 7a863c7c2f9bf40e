/*
 * Record locks (locks.c) and leases (lease.c): what hangs off an inode
 * that has any, and the entry points fcntl() and open/close use.
 */
#ifndef FS_LOCKS_H
#define FS_LOCKS_H

#include <kernel/fs.h>
#include <kernel/list.h>
#include <kernel/types.h>

/* fcntl commands and lock types, Linux's values. */
#define F_GETLK	     5
#define F_SETLK	     6
#define F_SETLKW     7
#define F_OFD_GETLK  36
#define F_OFD_SETLK  37
#define F_OFD_SETLKW 38
#define F_RDLCK	     0
#define F_WRLCK	     1
#define F_UNLCK	     2

/*
 * inode->locks, made with the first lock or lease and freed when the last
 * goes (locks_tidy()), all under vfs_lock().
 */
struct inode_locks {
	struct list_head posix;	 /* struct file_lock: POSIX and OFD record locks */
	struct list_head leases; /* struct lease (lease.c) */
};

/* An inode_locks to install if the inode has none; NULL when out of memory. */
struct inode_locks *locks_ctx_alloc(void);
/* Under the lock: gives ino's locks a home (from *spare, which it clears). */
struct inode_locks *locks_ctx_install(struct inode *ino, struct inode_locks **spare);
/* Under the lock: frees ino->locks once it holds nothing. */
void locks_tidy(struct inode *ino);

/* F_GETLK, F_SETLK, F_SETLKW and their F_OFD_ forms; arg is the user's struct flock. */
long fcntl_lock(struct file *f, unsigned int cmd, unsigned long arg);

/* F_SETLEASE, F_GETLEASE (lease.c). */
long fcntl_setlease(struct file *f, unsigned long arg);
long fcntl_getlease(struct file *f);
/*
 * Called by open() for a regular file before it is used: breaks the
 * leases that the open conflicts with, telling their holders, and waits
 * until they give way (or their time runs out). 0, -EAGAIN for
 * O_NONBLOCK, -ERESTARTSYS on a signal.
 */
int lease_break(struct inode *ino, u32 flags);
/* The last reference to f went: its leases go. */
void lease_remove_file(struct file *f);

#endif
