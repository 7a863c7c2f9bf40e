/*
 * Pipes: a ring of pages between readers and writers, on an S_IFIFO
 * inode: an anonymous one that pipe2() makes with a read end and a write
 * end, or a named pipe's while it is open (fifo.c).
 *
 * Writes of at most PIPE_BUF bytes go in whole or not at all, as POSIX
 * requires, so they never interleave with another writer's; longer ones
 * stream through as space frees up. A writer with O_DIRECT (pipe2's
 * packet mode) puts each write of up to a page into a slot of its own,
 * and a read returns at most one such packet, dropping what does not fit.
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
#include "pipe.h"

#define PIPE_BUF	 PAGE_SIZE
#define PIPE_DEF_SLOTS	 16	     /* 64 KiB, Linux's default */
#define PIPE_MAX_SIZE	 (1U << 20)  /* Linux's pipe-max-size: the most without privilege */
#define PIPE_LIMIT_BYTES (1UL << 31) /* no ring is ever larger */

static inline struct pipe *pipe_of(struct file *f)
{
	return f->inode->pipe;
}

static inline bool may_read(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static inline bool may_write(const struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

static inline struct pipe_buf *slot(struct pipe *p, u32 i)
{
	return &p->bufs[(p->head + i) & (p->nr_slots - 1)];
}

struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->bufs = kzalloc(PIPE_DEF_SLOTS * sizeof(*p->bufs));
	if (!p->bufs) {
		kfree(p);
		return NULL;
	}
	p->nr_slots = PIPE_DEF_SLOTS;
	wait_queue_init(&p->readable);
	wait_queue_init(&p->writable);
	return p;
}

void pipe_free(struct pipe *p)
{
	if (!p)
		return;
	for (u32 i = 0; i < p->used; i++)
		free_page_va(slot(p, i)->page);
	if (p->spare)
		free_page_va(p->spare);
	kfree(p->bufs);
	kfree(p);
}

/* An emptied slot's page: kept for the next write if there is none yet. */
static void drop_page(struct pipe *p, u8 *page)
{
	if (!p->spare)
		p->spare = page;
	else
		free_page_va(page);
}

/* Pipes have no position: pos is ignored. */
static ssize_t pipe_read(struct file *f, void *buf, size_t n, u64 *pos __unused)
{
	struct pipe *p = pipe_of(f);
	unsigned long flags;
	size_t got = 0;

	if (n == 0)
		return 0;
	for (;;) {
		flags = vfs_lock();
		while (got < n && p->used) {
			struct pipe_buf *b = slot(p, 0);
			size_t c = MIN(n - got, (size_t)b->len);
			bool packet = b->packet;

			memcpy((u8 *)buf + got, b->page + b->off, c);
			got += c;
			b->off += c;
			b->len -= c;
			/* The rest of a packet that did not fit is gone, as on Linux. */
			if (packet)
				b->len = 0;
			if (!b->len) {
				drop_page(p, b->page);
				b->page = NULL;
				p->head = (p->head + 1) & (p->nr_slots - 1);
				p->used--;
			}
			if (packet)
				break;
		}
		if (got) {
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
		if (wait_event_interruptible(&p->readable, p->used || !p->writers))
			return -ERESTARTSYS;
	}
}

/*
 * Tops up the last page with stream data: all of a short write or none
 * of it, any part of a long one. Under the lock; the bytes taken.
 */
static size_t append_to_last(struct pipe *p, const u8 *src, size_t left, size_t n)
{
	struct pipe_buf *b;
	size_t room;

	if (!p->used)
		return 0;
	b = slot(p, p->used - 1);
	room = PAGE_SIZE - (b->off + b->len);
	if (b->packet || !room || (n <= PIPE_BUF && left > room))
		return 0;
	room = MIN(room, left);
	memcpy(b->page + b->off + b->len, src, room);
	b->len += room;
	return room;
}

static ssize_t pipe_write(struct file *f, const void *buf, size_t n, u64 *pos __unused)
{
	struct pipe *p = pipe_of(f);
	bool packet = f->flags & O_DIRECT;
	const u8 *src = buf;
	u8 *page = NULL; /* allocated with the lock dropped, not yet in the ring */
	unsigned long flags;
	size_t done = 0, c;
	int err = 0;

	while (done < n) {
		flags = vfs_lock();
		if (!p->readers) {
			vfs_unlock(flags);
			if (current_proc())
				send_signal(current_proc(), SIGPIPE);
			err = -EPIPE;
			break;
		}
		c = packet ? 0 : append_to_last(p, src + done, n - done, n);
		if (!c && p->used < p->nr_slots) {
			if (!page) {
				page = p->spare;
				p->spare = NULL;
			}
			if (page) {
				struct pipe_buf *b = slot(p, p->used);

				/* A short write fits a page whole: it never splits. */
				c = MIN(n - done, (size_t)PAGE_SIZE);
				memcpy(page, src + done, c);
				b->page = page;
				b->off = 0;
				b->len = (u16)c;
				b->packet = packet;
				p->used++;
				page = NULL;
			}
		}
		if (c) {
			done += c;
			vfs_unlock(flags);
			wake_up_all(&p->readable);
			fs_poll_wake();
			continue;
		}
		if (p->used < p->nr_slots) {
			/* Room, but no page: allocate one outside the lock and look again. */
			vfs_unlock(flags);
			page = alloc_page_zeroed();
			if (!page) {
				err = -ENOMEM;
				break;
			}
			continue;
		}
		vfs_unlock(flags);
		if (f->flags & O_NONBLOCK) {
			err = -EAGAIN;
			break;
		}
		if (wait_event_interruptible(&p->writable, p->used < p->nr_slots || !p->readers)) {
			err = -ERESTARTSYS;
			break;
		}
	}
	if (page) {
		flags = vfs_lock();
		drop_page(p, page);
		vfs_unlock(flags);
	}
	return done ? (ssize_t)done : err;
}

/*
 * A reader sees POLLHUP once a writer has come and gone since it opened:
 * f->priv holds the number of writer opens it saw (0 for pipe2's ends),
 * so a FIFO reader that opened with O_NONBLOCK before any writer does not
 * see a hang-up at once (Linux's rule).
 */
static unsigned int pipe_poll(struct file *f)
{
	struct pipe *p = pipe_of(f);
	unsigned int mask = 0;

	if (may_read(f)) {
		if (p->used)
			mask |= POLLIN;
		if (!p->writers && (u32)(uintptr_t)f->priv != p->w_counter)
			mask |= POLLHUP;
	}
	if (may_write(f)) {
		if (p->used < p->nr_slots)
			mask |= POLLOUT;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

/*
 * The last end to go takes the ring with it; a FIFO gets a fresh one at
 * its next open. The other side is woken before the lock is dropped: once
 * this end is uncounted, nothing of ours keeps the pipe alive, and a
 * preemption right after the unlock can let the other end's last close
 * free it.
 */
static void pipe_release(struct file *f)
{
	struct inode *ino = f->inode;
	struct pipe *p = ino->pipe, *gone = NULL;
	unsigned long flags = vfs_lock();

	if (may_read(f))
		p->readers--;
	if (may_write(f))
		p->writers--;
	if (!p->readers && !p->writers) {
		ino->pipe = NULL;
		gone = p;
	} else {
		wake_up_all(&p->readable);
		wake_up_all(&p->writable);
	}
	vfs_unlock(flags);
	pipe_free(gone);
	fs_poll_wake();
}

static void pipe_evict(struct inode *ino)
{
	pipe_free(ino->pipe);
	kfree(ino);
}

static const struct inode_ops pipe_iops = {
	.evict = pipe_evict,
};

static const struct file_ops pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.release = pipe_release,
};

const struct file_ops fifo_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.release = pipe_release,
	.open = fifo_open,
};

bool inode_is_pipefs(const struct inode *ino)
{
	return ino->iops == &pipe_iops;
}

struct pipe *file_pipe(struct file *f)
{
	if (f->ops != &pipe_fops && f->ops != &fifo_fops)
		return NULL;
	return f->inode->pipe;
}

long pipe_get_size(struct file *f)
{
	struct pipe *p = file_pipe(f);

	return p ? (long)(p->nr_slots * PAGE_SIZE) : -EBADF;
}

long pipe_set_size(struct file *f, unsigned long arg)
{
	struct pipe *p = file_pipe(f);
	u32 size = (u32)arg; /* fcntl's argument is an unsigned int here */
	struct pipe_buf *bufs, *old = NULL;
	unsigned long flags;
	u64 bytes = PAGE_SIZE;
	u32 nr;
	long ret;

	if (!p)
		return -EBADF;
	if (size > PIPE_LIMIT_BYTES)
		return -EINVAL;
	while (bytes < size)
		bytes <<= 1;
	nr = (u32)(bytes >> PAGE_SHIFT);
	if (nr > p->nr_slots && bytes > PIPE_MAX_SIZE && !fs_capable())
		return -EPERM;
	bufs = kzalloc(nr * sizeof(*bufs));
	if (!bufs)
		return -ENOMEM;
	flags = vfs_lock();
	ret = -EBUSY;
	if (p->used > nr)
		goto out;
	for (u32 i = 0; i < p->used; i++)
		bufs[i] = *slot(p, i);
	old = p->bufs;
	p->bufs = bufs;
	bufs = NULL;
	p->head = 0;
	p->nr_slots = nr;
	ret = (long)bytes;
out:
	vfs_unlock(flags);
	kfree(bufs);
	kfree(old);
	if (ret > 0) {
		wake_up_all(&p->writable);
		fs_poll_wake();
	}
	return ret;
}

int pipe_create(struct file **rd, struct file **wr, u32 flags)
{
	struct inode *ino = NULL;
	struct file *r = NULL, *w = NULL;
	struct pipe *p;
	u32 nonblock = flags & O_NONBLOCK;
	int err = -ENOMEM;

	p = pipe_alloc();
	if (!p)
		goto out;
	p->readers = 1;
	p->writers = 1;
	p->r_counter = 1;
	p->w_counter = 1;
	ino = inode_alloc(S_IFIFO | 0600);
	if (!ino) {
		pipe_free(p);
		goto out;
	}
	/* From here the inode owns the pipe; the ends' releases free it. */
	ino->pipe = p;
	ino->iops = &pipe_iops;
	/* Packet mode is the writer's, as on Linux: only the write end says O_DIRECT. */
	r = file_alloc(&pipe_fops, ino, O_RDONLY | nonblock);
	w = file_alloc(&pipe_fops, ino, O_WRONLY | nonblock | (flags & O_DIRECT));
	if (!r || !w) {
		/* An end that never came to be was never counted. */
		if (!r)
			p->readers--;
		if (!w)
			p->writers--;
		goto out;
	}
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
