/*
 * Pipes: a 4096-byte ring between a read end and a write end, each an
 * open file on one anonymous FIFO inode that owns the ring.
 *
 * Writes of at most PIPE_BUF bytes go in whole or not at all, as POSIX
 * requires, so they never interleave with another writer's; longer ones
 * stream through as space frees up.
 */
#define pr_fmt(fmt) "pipe: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>

#include "fs-internal.h"

#define PIPE_SIZE 4096
#define PIPE_BUF  PIPE_SIZE

struct pipe {
	u8 *ring;
	u32 head;  /* next byte to read */
	u32 count; /* bytes in the ring */
	int readers, writers;
	struct wait_queue readable, writable;
};

static inline struct pipe *pipe_of(struct file *f)
{
	return f->inode->data;
}

/* Pipes have no position: pos is ignored. */
static ssize_t pipe_read(struct file *f, void *buf, size_t n, u64 *pos __unused)
{
	struct pipe *p = pipe_of(f);
	unsigned long flags;
	size_t got;

	if (n == 0)
		return 0;
	for (;;) {
		flags = vfs_lock();
		if (p->count) {
			size_t first;

			got = MIN(n, p->count);
			first = MIN(got, PIPE_SIZE - p->head);
			memcpy(buf, p->ring + p->head, first);
			memcpy((u8 *)buf + first, p->ring, got - first);
			p->head = (p->head + got) % PIPE_SIZE;
			p->count -= got;
			vfs_unlock(flags);
			wake_up_all(&p->writable);
			fs_poll_wake();
			return got;
		}
		if (!p->writers) {
			vfs_unlock(flags);
			return 0; /* end of file */
		}
		vfs_unlock(flags);
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		/* A signal: the signal code restarts the read or makes it EINTR. */
		if (wait_event_interruptible(&p->readable, p->count || !p->writers))
			return -ERESTARTSYS;
	}
}

static ssize_t pipe_write(struct file *f, const void *buf, size_t n, u64 *pos __unused)
{
	struct pipe *p = pipe_of(f);
	unsigned long flags;
	size_t done = 0;
	int err = 0;

	while (done < n) {
		/* A short write must fit at once; a long one takes any space. */
		size_t need = n <= PIPE_BUF ? n : 1;
		size_t space;

		flags = vfs_lock();
		if (!p->readers) {
			vfs_unlock(flags);
			if (current_proc())
				send_signal(current_proc(), SIGPIPE);
			err = -EPIPE;
			break;
		}
		space = PIPE_SIZE - p->count;
		if (space >= need) {
			size_t put = MIN(space, n - done);
			u32 tail = (p->head + p->count) % PIPE_SIZE;
			size_t first = MIN(put, PIPE_SIZE - tail);

			memcpy(p->ring + tail, (const u8 *)buf + done, first);
			memcpy(p->ring, (const u8 *)buf + done + first, put - first);
			p->count += put;
			done += put;
			vfs_unlock(flags);
			wake_up_all(&p->readable);
			fs_poll_wake();
			continue;
		}
		vfs_unlock(flags);
		if (f->flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		if (wait_event_interruptible(&p->writable,
					     PIPE_SIZE - p->count >= need || !p->readers)) {
			err = -ERESTARTSYS;
			break;
		}
	}
	return done ? (ssize_t)done : err;
}

static unsigned int pipe_read_poll(struct file *f)
{
	struct pipe *p = pipe_of(f);
	unsigned int mask = 0;

	if (p->count)
		mask |= POLLIN;
	if (!p->writers)
		mask |= POLLHUP;
	return mask;
}

static unsigned int pipe_write_poll(struct file *f)
{
	struct pipe *p = pipe_of(f);
	unsigned int mask = 0;

	if (p->count < PIPE_SIZE)
		mask |= POLLOUT;
	if (!p->readers)
		mask |= POLLERR;
	return mask;
}

static void pipe_read_release(struct file *f)
{
	struct pipe *p = pipe_of(f);
	unsigned long flags = vfs_lock();

	p->readers--;
	vfs_unlock(flags);
	wake_up_all(&p->writable);
	fs_poll_wake();
}

static void pipe_write_release(struct file *f)
{
	struct pipe *p = pipe_of(f);
	unsigned long flags = vfs_lock();

	p->writers--;
	vfs_unlock(flags);
	wake_up_all(&p->readable);
	fs_poll_wake();
}

static void pipe_evict(struct inode *ino)
{
	struct pipe *p = ino->data;

	if (p) {
		free_page_va(p->ring);
		kfree(p);
	}
	kfree(ino);
}

static const struct inode_ops pipe_iops = {
	.evict = pipe_evict,
};

static const struct file_ops pipe_read_fops = {
	.read = pipe_read,
	.poll = pipe_read_poll,
	.release = pipe_read_release,
};

static const struct file_ops pipe_write_fops = {
	.write = pipe_write,
	.poll = pipe_write_poll,
	.release = pipe_write_release,
};

int pipe_create(struct file **rd, struct file **wr, u32 flags)
{
	struct inode *ino = NULL;
	struct file *r = NULL, *w = NULL;
	struct pipe *p;
	int err = -ENOMEM;

	p = kzalloc(sizeof(*p));
	if (!p)
		goto out;
	p->ring = alloc_page_zeroed();
	if (!p->ring) {
		kfree(p);
		goto out;
	}
	wait_queue_init(&p->readable);
	wait_queue_init(&p->writable);
	p->readers = 1;
	p->writers = 1;
	ino = inode_alloc(S_IFIFO | 0600);
	if (!ino) {
		free_page_va(p->ring);
		kfree(p);
		goto out;
	}
	/* From here the inode owns the pipe and frees it with itself. */
	ino->data = p;
	ino->iops = &pipe_iops;
	r = file_alloc(&pipe_read_fops, ino, O_RDONLY | (flags & O_NONBLOCK));
	w = file_alloc(&pipe_write_fops, ino, O_WRONLY | (flags & O_NONBLOCK));
	if (!r || !w)
		goto out;
	*rd = r;
	*wr = w;
	err = 0;
out:
	if (err) {
		file_put(r);
		file_put(w);
	}
	inode_put(ino);
	return err;
}
