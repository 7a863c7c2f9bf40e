/*
 * Leases: fcntl's F_SETLEASE and F_GETLEASE on regular files, as Linux
 * grants and breaks them.
 *
 * A lease belongs to an open file. A read lease (F_RDLCK) is refused with
 * EAGAIN while the file is open for writing anywhere, and a write lease
 * (F_WRLCK) while it is open at all except by the lease's own file, or
 * while another lease exists. An open() that conflicts (any open against
 * a write lease, one for writing against any lease) breaks the lease: the
 * holder's file owner gets SIGIO (F_SETLEASE makes the caller that owner),
 * F_GETLEASE then says what the lease must become (F_RDLCK or F_UNLCK),
 * and the opener waits until the holder gives way with F_SETLEASE or
 * close, or until lease-break-time (45 s) passes and the kernel does it;
 * with O_NONBLOCK it gets EWOULDBLOCK at once instead.
 */
#define pr_fmt(fmt) "lease: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/list.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/time.h>

#include "fs-internal.h"
#include "locks.h"

#define LEASE_BREAK_NS (45 * NSEC_PER_SEC) /* Linux's /proc/sys/fs/lease-break-time */
#define NO_BREAK       (-1)

struct lease {
	struct list_head list; /* in inode->locks->leases */
	struct file *filp;     /* the open file holding it (not referenced) */
	short type;	       /* F_RDLCK, F_WRLCK */
	short target;	       /* while broken: what it must become (F_RDLCK, F_UNLCK) */
	u64 deadline;	       /* while broken: when the kernel makes it so */
};

static struct wait_queue lease_wait = WAIT_QUEUE_INIT(lease_wait);

static struct lease *lease_of(struct inode *ino, struct file *f)
{
	struct lease *l;

	if (!ino->locks)
		return NULL;
	list_for_each_entry(l, &ino->locks->leases, list)
		if (l->filp == f)
			return l;
	return NULL;
}

/*
 * Under the lock: lease l becomes type (F_UNLCK removes it). The caller
 * calls locks_tidy() once it is done with the list.
 */
static void lease_change(struct lease *l, int type)
{
	if (type == F_UNLCK) {
		list_del(&l->list);
		kfree(l);
		return;
	}
	l->type = (short)type;
	/* A downgrade answers a break for a reader; one for a writer waits for F_UNLCK. */
	if (type == F_RDLCK && l->target == F_RDLCK)
		l->target = NO_BREAK;
}

/* Under the lock: broken leases whose time is up become what they must. */
static void time_out(struct inode *ino)
{
	struct lease *l, *n;
	u64 now = clock_ns();

	if (!ino->locks)
		return;
	list_for_each_entry_safe(l, n, &ino->locks->leases, list)
		if (l->target != NO_BREAK && now >= l->deadline)
			lease_change(l, l->target);
	locks_tidy(ino);
}

/* Whether an open for writing (or not) must wait for l. */
static bool blocks_open(const struct lease *l, bool want_write)
{
	return want_write || l->type == F_WRLCK;
}

/* Tells the holder of a lease that it is broken: SIGIO to its file's owner. */
static void notify(struct file *f)
{
	struct process *p;

	if (!f->owner_pid)
		return;
	if (f->owner_type == F_OWNER_PGRP) {
		send_signal_pgrp(f->owner_pid, SIGIO);
		return;
	}
	p = find_process(f->owner_pid);
	if (p)
		send_signal(p, SIGIO);
}

/*
 * Under the lock: breaks the leases in the way of an open that are not yet
 * on their way to what it needs, telling their holders; returns the
 * earliest time one of them must have given way, or 0 when none is left.
 */
static u64 break_blockers(struct inode *ino, bool want_write)
{
	short target = want_write ? F_UNLCK : F_RDLCK;
	struct lease *l;
	u64 first = 0;

	if (!ino->locks)
		return 0;
	list_for_each_entry(l, &ino->locks->leases, list) {
		if (!blocks_open(l, want_write))
			continue;
		if (l->target != F_UNLCK && l->target != target) {
			if (l->target == NO_BREAK)
				l->deadline = clock_ns() + LEASE_BREAK_NS;
			l->target = target;
			notify(l->filp);
		}
		if (!first || l->deadline < first)
			first = l->deadline;
	}
	return first;
}

int lease_break(struct inode *ino, u32 oflags)
{
	bool want_write = (oflags & O_ACCMODE) != O_RDONLY;
	unsigned long flags;
	int err = 0;
	u64 until;

	flags = vfs_lock();
	for (;;) {
		time_out(ino);
		until = break_blockers(ino, want_write);
		if (!until)
			break;
		err = -EAGAIN; /* EWOULDBLOCK */
		if (oflags & O_NONBLOCK)
			break;
		err = -ERESTARTSYS;
		if (signal_pending())
			break;
		/* Woken by the holder giving way, a signal, or the deadline. */
		wait_queue_sleep_until(&lease_wait, until);
		err = 0;
	}
	vfs_unlock(flags);
	return err;
}

/* Linux's rule for granting type to f: who else has the inode open. */
static int conflicting_open(struct inode *ino, struct file *f, int type)
{
	u32 acc = f->flags & O_ACCMODE;
	u32 self_w = acc != O_RDONLY, self_r = acc == O_RDONLY;

	if (type == F_RDLCK)
		return ino->nr_writers ? -EAGAIN : 0;
	return ino->nr_writers != self_w || ino->nr_readers != self_r ? -EAGAIN : 0;
}

static long add_lease(struct file *f, int type)
{
	struct inode *ino = f->inode;
	struct inode_locks *ctx = locks_ctx_alloc();
	struct lease *fresh = kzalloc(sizeof(*fresh)), *l, *mine = NULL;
	struct process *p = current_proc();
	unsigned long flags;
	long err = -ENOMEM;

	if (!ctx || !fresh)
		goto out;
	flags = vfs_lock();
	time_out(ino);
	err = conflicting_open(ino, f, type);
	if (err)
		goto unlock;
	locks_ctx_install(ino, &ctx);
	list_for_each_entry(l, &ino->locks->leases, list) {
		if (l->filp == f) {
			mine = l;
			continue;
		}
		/* No write lease beside another lease, no lease beside one being broken for a writer. */
		err = -EAGAIN;
		if (type == F_WRLCK || l->target == F_UNLCK)
			goto unlock;
	}
	err = -EAGAIN;
	if (mine && (mine->target == F_UNLCK || (mine->target == F_RDLCK && type == F_WRLCK)))
		goto unlock;
	if (mine) {
		lease_change(mine, type);
	} else {
		fresh->filp = f;
		fresh->type = (short)type;
		fresh->target = NO_BREAK;
		list_add_tail(&fresh->list, &ino->locks->leases);
		fresh = NULL;
	}
	/* Its holder hears of a break: the caller becomes the file's owner. */
	f->owner_pid = p ? p->pid : 0;
	f->owner_type = F_OWNER_PID;
	err = 0;
unlock:
	locks_tidy(ino);
	vfs_unlock(flags);
	if (!err)
		wake_up_all(&lease_wait);
out:
	kfree(ctx);
	kfree(fresh);
	return err;
}

long fcntl_setlease(struct file *f, unsigned long arg)
{
	struct inode *ino = f->inode;
	unsigned long flags;
	struct lease *l;
	long err;

	if (arg != F_RDLCK && arg != F_WRLCK && arg != F_UNLCK)
		return -EINVAL;
	if (!ino)
		return -EINVAL;
	if (!fs_owner_or_capable(ino))
		return -EACCES;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	if (arg != F_UNLCK)
		return add_lease(f, (int)arg);
	/* Giving up a lease one does not hold: EAGAIN, as on Linux. */
	flags = vfs_lock();
	l = lease_of(ino, f);
	err = -EAGAIN;
	if (l) {
		lease_change(l, F_UNLCK);
		locks_tidy(ino);
		err = 0;
	}
	vfs_unlock(flags);
	if (!err)
		wake_up_all(&lease_wait);
	return err;
}

long fcntl_getlease(struct file *f)
{
	struct inode *ino = f->inode;
	unsigned long flags;
	struct lease *l;
	long type = F_UNLCK;

	if (!ino)
		return F_UNLCK;
	flags = vfs_lock();
	time_out(ino);
	l = lease_of(ino, f);
	if (l)
		type = l->target != NO_BREAK ? l->target : l->type;
	locks_tidy(ino);
	vfs_unlock(flags);
	return type;
}

void lease_remove_file(struct file *f)
{
	struct inode *ino = f->inode;
	unsigned long flags = vfs_lock();
	struct lease *l = lease_of(ino, f);

	if (l) {
		lease_change(l, F_UNLCK);
		locks_tidy(ino);
	}
	vfs_unlock(flags);
	if (l)
		wake_up_all(&lease_wait);
}
