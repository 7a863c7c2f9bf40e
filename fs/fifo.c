/*
 * Named pipes (mkfifo): opening one attaches to the pipe its inode holds
 * while anyone has it open, making the pipe at the first open. The data
 * path is the pipe's (pipe.c).
 *
 * Linux's open rules: a reader waits for a writer and a writer for a
 * reader, unless O_NONBLOCK (a reader goes ahead; a writer with no reader
 * gets ENXIO); O_RDWR is both and never waits. A waiter watches the
 * other side's count of opens rather than its number of open ends, so a
 * partner that opens and closes at once still releases it.
 */
#define pr_fmt(fmt) "fifo: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>

#include "fs-internal.h"
#include "pipe.h"

/* The inode's pipe, made if there is none; NULL when out of memory. Takes the lock. */
static struct pipe *attach(struct inode *ino, unsigned long *flags)
{
	struct pipe *fresh = NULL;

	*flags = vfs_lock();
	if (ino->pipe)
		return ino->pipe;
	vfs_unlock(*flags);
	fresh = pipe_alloc();
	if (!fresh)
		return NULL;
	*flags = vfs_lock();
	if (!ino->pipe) {
		ino->pipe = fresh;
		fresh = NULL;
	}
	/* Another opener made one meanwhile: use that. */
	pipe_free(fresh);
	return ino->pipe;
}

/* Under the lock: drops a pipe nobody has open any more. */
static struct pipe *detach_if_unused(struct inode *ino)
{
	struct pipe *p = ino->pipe;

	if (p->readers || p->writers)
		return NULL;
	ino->pipe = NULL;
	return p;
}

int fifo_open(struct inode *ino, struct file *f)
{
	u32 acc = f->flags & O_ACCMODE, seen;
	bool nonblock = f->flags & O_NONBLOCK;
	struct pipe *p, *gone = NULL;
	unsigned long flags;
	int err = 0, rc = 0;

	p = attach(ino, &flags);
	if (!p)
		return -ENOMEM;
	switch (acc) {
	case O_RDONLY:
		p->readers++;
		p->r_counter++;
		f->priv = (void *)(uintptr_t)p->w_counter;
		if (!p->writers && !nonblock) {
			seen = p->w_counter;
			vfs_unlock(flags);
			wake_up_all(&p->writable);
			rc = wait_event_interruptible(&p->readable, p->w_counter != seen);
			flags = vfs_lock();
		}
		break;
	case O_WRONLY:
		if (!p->readers && nonblock) {
			err = -ENXIO;
			gone = detach_if_unused(ino);
			break;
		}
		p->writers++;
		p->w_counter++;
		if (!p->readers) {
			seen = p->r_counter;
			vfs_unlock(flags);
			wake_up_all(&p->readable);
			rc = wait_event_interruptible(&p->writable, p->r_counter != seen);
			flags = vfs_lock();
		}
		break;
	default:
		p->readers++;
		p->writers++;
		p->r_counter++;
		p->w_counter++;
		f->priv = (void *)(uintptr_t)p->w_counter;
		break;
	}
	if (rc) {
		/* A signal: undo this end; the open restarts or fails with EINTR. */
		if (acc == O_RDONLY)
			p->readers--;
		else
			p->writers--;
		gone = detach_if_unused(ino);
		err = -ERESTARTSYS;
	}
	/* Woken under the lock: an open undone above no longer keeps the pipe alive. */
	if (!gone) {
		wake_up_all(&p->readable);
		wake_up_all(&p->writable);
	}
	vfs_unlock(flags);
	if (gone)
		pipe_free(gone);
	else
		fs_poll_wake();
	return err;
}
