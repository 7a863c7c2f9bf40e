/*
 * eventfd: a file that is a 64-bit counter. write() adds to it (blocking
 * while the sum would pass 2^64 - 2), read() takes all of it, or 1 with
 * EFD_SEMAPHORE (blocking while it is 0). Readable when the counter is
 * not 0, writable while 1 more fits. Reads and writes are 8 bytes.
 */
#define pr_fmt(fmt) "eventfd: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/unistd.h>

#include "fs-internal.h"

#define EFD_SEMAPHORE 1
#define EFD_NONBLOCK  O_NONBLOCK
#define EFD_CLOEXEC   O_CLOEXEC

#define EVENTFD_MAX (~0ULL - 1)

struct eventfd {
	u64 count;
	bool semaphore;
};

static unsigned int eventfd_poll(struct file *f)
{
	struct eventfd *e = f->priv;
	unsigned long flags = vfs_lock();
	unsigned int mask = 0;

	if (e->count)
		mask |= POLLIN;
	if (e->count < EVENTFD_MAX)
		mask |= POLLOUT;
	vfs_unlock(flags);
	return mask;
}

/*
 * Waits until try() succeeds under the lock: 8, -EAGAIN for a
 * non-blocking file, -ERESTARTSYS for a signal.
 */
static ssize_t eventfd_wait(struct file *f, bool (*try)(struct eventfd *e, u64 *v), u64 *v)
{
	for (;;) {
		unsigned long flags = vfs_lock();
		u64 gen = fs_poll_gen();
		bool done = try(f->priv, v);

		vfs_unlock(flags);
		if (done) {
			fs_poll_wake();
			return sizeof(u64);
		}
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		fs_poll_sleep(gen, 0);
	}
}

static bool try_read(struct eventfd *e, u64 *v)
{
	if (!e->count)
		return false;
	*v = e->semaphore ? 1 : e->count;
	e->count -= *v;
	return true;
}

static bool try_write(struct eventfd *e, u64 *v)
{
	if (EVENTFD_MAX - e->count < *v)
		return false;
	e->count += *v;
	return true;
}

static ssize_t eventfd_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	u64 v = 0;
	ssize_t ret;

	(void)pos;
	if (n < sizeof(u64))
		return -EINVAL;
	ret = eventfd_wait(f, try_read, &v);
	if (ret > 0)
		memcpy(buf, &v, sizeof(v));
	return ret;
}

static ssize_t eventfd_write(struct file *f, const void *buf, size_t n, u64 *pos)
{
	u64 v;

	(void)pos;
	if (n < sizeof(u64))
		return -EINVAL;
	memcpy(&v, buf, sizeof(v));
	if (v == ~0ULL)
		return -EINVAL;
	return eventfd_wait(f, try_write, &v);
}

static void eventfd_release(struct file *f)
{
	kfree(f->priv);
}

/* /proc/PID/fd/N: Linux's name for it. */
static int eventfd_link_name(struct file *f __unused, char *buf, size_t size)
{
	return snprintf(buf, size, "anon_inode:[eventfd]");
}

static const struct file_ops eventfd_fops = {
	.link_name = eventfd_link_name,
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

static long sys_eventfd2(unsigned long initval, unsigned long flags)
{
	struct eventfd *e;
	struct file *f;
	int fd;

	if (flags & ~(unsigned long)(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = (u32)initval;
	e->semaphore = flags & EFD_SEMAPHORE;
	f = file_alloc(&eventfd_fops, NULL, O_RDWR | (flags & EFD_NONBLOCK));
	if (!f) {
		kfree(e);
		return -ENOMEM;
	}
	f->priv = e;
	fd = fd_install(current_files(), f, 0, flags & EFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}
SYSCALL(__NR_eventfd2, eventfd2, sys_eventfd2);

static long sys_eventfd(unsigned long initval)
{
	return sys_eventfd2(initval, 0);
}
SYSCALL(__NR_eventfd, eventfd, sys_eventfd);
