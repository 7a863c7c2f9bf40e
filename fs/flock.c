/*
 * flock(): whole-file locks that belong to an open file, not to a process
 * (BSD semantics, as Linux keeps them apart from fcntl's record locks in
 * locks.c). Any number of shared locks or one exclusive lock per inode;
 * descriptors dup'ed from one open hold the same lock, and it goes when
 * LOCK_UN says so or when the open file's last reference goes.
 *
 * The locks are few: one list for all of them, under vfs_lock(). A
 * waiter sleeps on fs/poll.c's wake-ups and looks again.
 */
#define pr_fmt(fmt) "flock: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/list.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/syscall.h>
#include <kernel/unistd.h>

#include "fs-internal.h"

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

struct flock_entry {
	struct list_head link;
	const void *key; /* the inode, or the file when it has none */
	struct file *file;
	int type; /* LOCK_SH or LOCK_EX */
};

static LIST_HEAD(flocks);

static const void *key_of(struct file *f)
{
	return f->inode ? (const void *)f->inode : (const void *)f;
}

/* f's own lock, or NULL. Under the lock. */
static struct flock_entry *held_by(struct file *f)
{
	struct flock_entry *e;

	list_for_each_entry(e, &flocks, link) {
		if (e->file == f)
			return e;
	}
	return NULL;
}

/* Whether another open file's lock keeps f from taking type. Under the lock. */
static bool conflicts(struct file *f, int type)
{
	const void *key = key_of(f);
	struct flock_entry *e;

	list_for_each_entry(e, &flocks, link) {
		if (e->key == key && e->file != f && (e->type == LOCK_EX || type == LOCK_EX))
			return true;
	}
	return false;
}

/* Drops f's lock, if it has one; whether it had. */
static bool unlock_file(struct file *f)
{
	unsigned long flags = vfs_lock();
	struct flock_entry *e = held_by(f);

	if (e)
		list_del(&e->link);
	vfs_unlock(flags);
	if (!e)
		return false;
	kfree(e);
	fs_poll_wake();
	return true;
}

void flock_file_gone(struct file *f)
{
	unlock_file(f);
}

static long do_flock(struct file *f, int type, bool nonblock)
{
	struct flock_entry *e, *mine;
	unsigned long flags;

	flags = vfs_lock();
	mine = held_by(f);
	if (mine && mine->type == type) {
		vfs_unlock(flags);
		return 0;
	}
	vfs_unlock(flags);
	/* A conversion lets go first, as Linux does: it is not atomic. */
	if (mine)
		unlock_file(f);
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->key = key_of(f);
	e->file = f;
	e->type = type;
	for (;;) {
		u64 gen;

		flags = vfs_lock();
		gen = fs_poll_gen();
		if (!conflicts(f, type)) {
			list_add_tail(&e->link, &flocks);
			vfs_unlock(flags);
			return 0;
		}
		vfs_unlock(flags);
		if (nonblock) {
			kfree(e);
			return -EAGAIN; /* EWOULDBLOCK */
		}
		if (signal_pending()) {
			kfree(e);
			return -ERESTARTSYS;
		}
		fs_poll_sleep(gen, 0);
	}
}

static long sys_flock(unsigned long fd, unsigned long op)
{
	struct file *f = fget((int)fd);
	int cmd = (int)op & ~LOCK_NB;
	long ret;

	if (!f)
		return -EBADF;
	if (cmd == LOCK_UN) {
		unlock_file(f);
		ret = 0;
	} else if (cmd == LOCK_SH || cmd == LOCK_EX) {
		ret = do_flock(f, cmd, op & LOCK_NB);
	} else {
		ret = -EINVAL;
	}
	file_put(f);
	return ret;
}
SYSCALL(__NR_flock, flock, sys_flock);
