/*
 * Record locks: fcntl's F_SETLK, F_SETLKW, F_GETLK (POSIX locks) and their
 * F_OFD_ forms (open file description locks), as Linux keeps them.
 *
 * A lock is a byte range [start, end] of an inode, shared (F_RDLCK) or
 * exclusive (F_WRLCK), held by an owner: the descriptor table of the
 * process for a POSIX lock, the open file for an OFD lock. Two locks
 * conflict when their owners differ, their ranges meet, and either is
 * exclusive. An owner's own locks never overlap and never touch when of
 * one kind: a new lock replaces what it covers of the owner's others,
 * splitting one that reaches past both ends, and merges with neighbours
 * of its kind.
 *
 * A POSIX owner loses all its locks on an inode when it closes any
 * descriptor of it (locks_remove_posix), which exit and exec do too; an
 * OFD lock goes with the last reference to its file (locks_remove_file).
 *
 * F_SETLKW sleeps, interruptibly, on one queue that every unlock wakes,
 * and refuses with EDEADLK a POSIX wait that would close a circle of
 * owners each waiting for the next.
 */
#define pr_fmt(fmt) "locks: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/list.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"
#include "locks.h"

#define OFFSET_MAX INT64_MAX /* a lock's end meaning "to the end of the file and beyond" */

/* How far along a circle of waiting owners deadlock detection looks, as Linux. */
#define MAX_DEADLK_ITERATIONS 10

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* struct flock of the Linux x86_64 ABI. */
struct k_flock {
	s16 l_type;
	s16 l_whence;
	s64 l_start;
	s64 l_len;
	s32 l_pid;
};

_Static_assert(sizeof(struct k_flock) == 32, "struct flock is 32 bytes on x86_64");

struct file_lock {
	struct list_head list; /* in inode->locks->posix */
	const void *owner;     /* struct files * (POSIX) or struct file * (OFD) */
	int pid;	       /* what F_GETLK reports: the locking process, or -1 (OFD) */
	bool ofd;
	short type; /* F_RDLCK, F_WRLCK; F_UNLCK only in a request */
	s64 start, end;
};

/* A POSIX F_SETLKW asleep: what it waits for, so deadlocks can be seen. */
struct lock_waiter {
	struct list_head list;
	struct inode *inode;
	const struct file_lock *want;
};

static LIST_HEAD(waiters);
static struct wait_queue lock_wait = WAIT_QUEUE_INIT(lock_wait);

/* ---------------------------------------------------------------- the per-inode list */

struct inode_locks *locks_ctx_alloc(void)
{
	struct inode_locks *ctx = kzalloc(sizeof(*ctx));

	if (ctx) {
		list_init(&ctx->posix);
		list_init(&ctx->leases);
	}
	return ctx;
}

struct inode_locks *locks_ctx_install(struct inode *ino, struct inode_locks **spare)
{
	if (!ino->locks) {
		ino->locks = *spare;
		*spare = NULL;
	}
	return ino->locks;
}

void locks_tidy(struct inode *ino)
{
	struct inode_locks *ctx = ino->locks;

	if (ctx && list_empty(&ctx->posix) && list_empty(&ctx->leases)) {
		ino->locks = NULL;
		kfree(ctx);
	}
}

/* ---------------------------------------------------------------- conflicts */

static bool overlap(const struct file_lock *a, const struct file_lock *b)
{
	return a->start <= b->end && b->start <= a->end;
}

static bool conflict(const struct file_lock *held, const struct file_lock *want)
{
	if (held->owner == want->owner || !overlap(held, want))
		return false;
	return held->type == F_WRLCK || want->type == F_WRLCK;
}

/* The first lock on ino that stands in want's way, or NULL. Under the lock. */
static struct file_lock *find_conflict(struct inode *ino, const struct file_lock *want)
{
	struct file_lock *l;

	if (!ino->locks)
		return NULL;
	list_for_each_entry(l, &ino->locks->posix, list)
		if (conflict(l, want))
			return l;
	return NULL;
}

/*
 * Whether waiting for blocker would close a circle: its owner waits for a
 * lock whose owner waits ... for a lock of want's owner. Only POSIX owners
 * are followed, as on Linux (an OFD lock belongs to no process).
 */
static bool would_deadlock(const struct file_lock *want, const struct file_lock *blocker)
{
	const void *owner = blocker->owner;

	for (int i = 0; i < MAX_DEADLK_ITERATIONS; i++) {
		struct lock_waiter *w, *found = NULL;
		struct file_lock *next;

		list_for_each_entry(w, &waiters, list) {
			if (w->want->owner == owner) {
				found = w;
				break;
			}
		}
		if (!found)
			return false;
		next = find_conflict(found->inode, found->want);
		if (!next)
			return false;
		if (next->owner == want->owner)
			return true;
		owner = next->owner;
	}
	return false;
}

/* ---------------------------------------------------------------- changing an owner's locks */

static struct file_lock *take(struct file_lock **spare)
{
	struct file_lock *l = spare[0] ? spare[0] : spare[1];

	if (l == spare[0])
		spare[0] = NULL;
	else
		spare[1] = NULL;
	return l;
}

/* Two locks of one kind that meet or sit side by side become one. */
static bool touch(const struct file_lock *a, const struct file_lock *b)
{
	return (a->end == OFFSET_MAX || b->start <= a->end + 1) &&
	       (b->end == OFFSET_MAX || a->start <= b->end + 1);
}

/*
 * Applies req (F_UNLCK too) to its owner's locks on ctx. Under the lock;
 * spare holds two locks, enough for the new one and a split.
 */
static void apply(struct inode_locks *ctx, const struct file_lock *req, struct file_lock **spare)
{
	struct file_lock *l, *n, *added = NULL;
	s64 s = req->start, e = req->end;

	if (req->type != F_UNLCK) {
		added = take(spare);
		*added = *req;
	}
	list_for_each_entry_safe(l, n, &ctx->posix, list) {
		if (l->owner != req->owner)
			continue;
		if (added && l->type == added->type) {
			if (!touch(l, added))
				continue;
			added->start = MIN(added->start, l->start);
			added->end = MAX(added->end, l->end);
			list_del(&l->list);
			kfree(l);
			continue;
		}
		if (l->end < s || l->start > e)
			continue;
		if (l->start < s && l->end > e) {
			/* The middle goes: the part past the end becomes a lock of its own. */
			struct file_lock *tail = take(spare);

			*tail = *l;
			tail->start = e + 1;
			l->end = s - 1;
			list_add(&tail->list, &l->list);
		} else if (l->start < s) {
			l->end = s - 1;
		} else if (l->end > e) {
			l->start = e + 1;
		} else {
			list_del(&l->list);
			kfree(l);
		}
	}
	if (added)
		list_add_tail(&added->list, &ctx->posix);
}

/*
 * Sets (or with F_UNLCK clears) req on ino, waiting while it conflicts if
 * wait. 0, -EAGAIN, -EDEADLK, -ENOMEM or -ERESTARTSYS.
 */
static int set_lock(struct inode *ino, const struct file_lock *req, bool wait)
{
	struct file_lock *spare[2] = { kmalloc(sizeof(struct file_lock)),
				       kmalloc(sizeof(struct file_lock)) };
	struct inode_locks *ctx = NULL;
	struct lock_waiter self = { .inode = ino, .want = req };
	unsigned long flags;
	int err;

	/* A home for the locks too: while we sleep the inode's may go with its last lock. */
	err = -ENOMEM;
	if (req->type != F_UNLCK)
		ctx = locks_ctx_alloc();
	if (!spare[0] || !spare[1] || (req->type != F_UNLCK && !ctx))
		goto out;
	for (;;) {
		struct file_lock *blocker;
		int rc;

		flags = vfs_lock();
		blocker = req->type == F_UNLCK ? NULL : find_conflict(ino, req);
		if (!blocker)
			break;
		err = -EAGAIN;
		if (!wait)
			goto unlock;
		err = -EDEADLK;
		if (!req->ofd && would_deadlock(req, blocker))
			goto unlock;
		if (!req->ofd)
			list_add_tail(&self.list, &waiters);
		vfs_unlock(flags);
		rc = wait_event_interruptible(&lock_wait, !find_conflict(ino, req));
		flags = vfs_lock();
		if (!req->ofd)
			list_del(&self.list);
		vfs_unlock(flags);
		err = -ERESTARTSYS;
		if (rc)
			goto out;
	}
	if (ino->locks || req->type != F_UNLCK) {
		apply(locks_ctx_install(ino, &ctx), req, spare);
		locks_tidy(ino);
	}
	err = 0;
unlock:
	vfs_unlock(flags);
	if (!err)
		wake_up_all(&lock_wait);
out:
	kfree(spare[0]);
	kfree(spare[1]);
	kfree(ctx);
	return err;
}

/* ---------------------------------------------------------------- fcntl */

/* struct flock to a range of f's inode, as Linux reads it. */
static int flock_to_lock(struct file *f, const struct k_flock *fl, struct file_lock *l)
{
	s64 start;

	switch (fl->l_whence) {
	case SEEK_SET:
		start = 0;
		break;
	case SEEK_CUR:
		start = (s64)f->pos;
		break;
	case SEEK_END:
		start = (s64)f->inode->size;
		break;
	default:
		return -EINVAL;
	}
	if (fl->l_start > OFFSET_MAX - start)
		return -EOVERFLOW;
	start += fl->l_start;
	if (start < 0)
		return -EINVAL;
	if (fl->l_len > 0) {
		if (fl->l_len - 1 > OFFSET_MAX - start)
			return -EOVERFLOW;
		l->start = start;
		l->end = start + fl->l_len - 1;
	} else if (fl->l_len < 0) {
		/* A negative length covers the bytes before start. */
		if (start + fl->l_len < 0)
			return -EINVAL;
		l->start = start + fl->l_len;
		l->end = start - 1;
	} else {
		l->start = start;
		l->end = OFFSET_MAX;
	}
	l->type = fl->l_type;
	return 0;
}

static long getlk(struct file *f, bool ofd, struct k_flock *fl)
{
	struct file_lock want = { 0 }, *held;
	unsigned long flags;
	int err;

	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK)
		return -EINVAL;
	err = flock_to_lock(f, fl, &want);
	if (err)
		return err;
	want.ofd = ofd;
	want.owner = ofd ? (const void *)f : (const void *)current_files();
	flags = vfs_lock();
	held = find_conflict(f->inode, &want);
	if (!held) {
		fl->l_type = F_UNLCK;
	} else {
		fl->l_type = held->type;
		fl->l_whence = SEEK_SET;
		fl->l_start = held->start;
		fl->l_len = held->end == OFFSET_MAX ? 0 : held->end - held->start + 1;
		fl->l_pid = held->pid;
	}
	vfs_unlock(flags);
	return 0;
}

static long setlk(struct file *f, bool ofd, bool wait, const struct k_flock *fl)
{
	struct process *p = current_proc();
	struct file_lock req = { 0 };
	u32 acc = f->flags & O_ACCMODE;
	int err;

	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
		return -EINVAL;
	err = flock_to_lock(f, fl, &req);
	if (err)
		return err;
	/* A shared lock needs a file open for reading, an exclusive one for writing. */
	if ((req.type == F_RDLCK && acc == O_WRONLY) || (req.type == F_WRLCK && acc == O_RDONLY))
		return -EBADF;
	req.ofd = ofd;
	req.owner = ofd ? (const void *)f : (const void *)current_files();
	req.pid = ofd || !p ? -1 : p->pid;
	return set_lock(f->inode, &req, wait);
}

long fcntl_lock(struct file *f, unsigned int cmd, unsigned long arg)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	struct k_flock fl;
	long ret;

	if (!f->inode)
		return -EINVAL;
	if (copy_from_user(&fl, (const void *)arg, sizeof(fl)))
		return -EFAULT;
	/* An OFD lock has no process: l_pid must say so. */
	if (ofd && fl.l_pid != 0)
		return -EINVAL;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		ret = getlk(f, ofd, &fl);
		if (!ret && copy_to_user((void *)arg, &fl, sizeof(fl)))
			ret = -EFAULT;
		return ret;
	}
	return setlk(f, ofd, cmd == F_SETLKW || cmd == F_OFD_SETLKW, &fl);
}

/* ---------------------------------------------------------------- close */

/* Drops every lock on ino whose owner is owner. */
static void remove_owned(struct inode *ino, const void *owner)
{
	struct file_lock *l, *n;
	unsigned long flags;
	bool any = false;

	flags = vfs_lock();
	if (ino->locks) {
		list_for_each_entry_safe(l, n, &ino->locks->posix, list) {
			if (l->owner != owner)
				continue;
			list_del(&l->list);
			kfree(l);
			any = true;
		}
		locks_tidy(ino);
	}
	vfs_unlock(flags);
	if (any)
		wake_up_all(&lock_wait);
}

void locks_remove_posix(struct file *f, struct files *owner)
{
	if (f && f->inode && f->inode->locks && owner)
		remove_owned(f->inode, owner);
}

void locks_remove_file(struct file *f)
{
	if (!f->inode || !f->inode->locks)
		return;
	remove_owned(f->inode, f);
	lease_remove_file(f);
}
