/*
 * timerfd: a file that is a timer. timerfd_settime() arms it (relative or
 * TFD_TIMER_ABSTIME, one-shot or with an interval), read() returns how
 * many times it expired since the last read, as 8 bytes, and the file is
 * readable while that count is not 0.
 *
 * Expirations are counted when someone looks (read, poll, gettime): from
 * the first due time and the interval. A kernel timer at the next due
 * time only wakes pollers and readers (fs_poll_wake()), which look again.
 * All times are kept on the monotonic clock; CLOCK_REALTIME ones are
 * converted when set (a later change of the wall clock does not move
 * them). CLOCK_BOOTTIME is the monotonic clock: nothing here suspends.
 */
#define pr_fmt(fmt) "timerfd: " fmt

#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/unistd.h>

#include "fs-internal.h"

#define CLOCK_REALTIME	0
#define CLOCK_MONOTONIC 1
#define CLOCK_BOOTTIME	7

#define TFD_TIMER_ABSTIME	(1 << 0)
#define TFD_TIMER_CANCEL_ON_SET (1 << 1)
#define TFD_NONBLOCK		O_NONBLOCK
#define TFD_CLOEXEC		O_CLOEXEC

struct k_itimerspec {
	s64 interval_sec, interval_nsec;
	s64 value_sec, value_nsec;
};

struct timerfd {
	struct timer timer; /* wakes pollers at due */
	int clockid;
	u64 due;      /* clock_ns() of the next expiration; 0: disarmed */
	u64 interval; /* ns; 0: one-shot */
	u64 ticks;    /* expirations not read yet */
};

static void timerfd_fire(struct timer *t)
{
	(void)t;
	fs_poll_wake();
}

/* Counts the expirations up to now and re-arms the wake-up. Under the lock. */
static void timerfd_update(struct timerfd *t)
{
	u64 now = clock_ns(), n;

	if (!t->due || now < t->due)
		return;
	if (!t->interval) {
		t->ticks++;
		t->due = 0;
		return;
	}
	n = 1 + (now - t->due) / t->interval;
	t->ticks += n;
	t->due += n * t->interval;
	timer_arm(&t->timer, t->due);
}

static unsigned int timerfd_poll(struct file *f)
{
	struct timerfd *t = f->priv;
	unsigned long flags = vfs_lock();
	unsigned int mask;

	timerfd_update(t);
	mask = t->ticks ? POLLIN : 0;
	vfs_unlock(flags);
	return mask;
}

static ssize_t timerfd_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct timerfd *t = f->priv;

	(void)pos;
	if (n < sizeof(u64))
		return -EINVAL;
	for (;;) {
		unsigned long flags = vfs_lock();
		u64 gen = fs_poll_gen(), ticks;

		timerfd_update(t);
		ticks = t->ticks;
		t->ticks = 0;
		vfs_unlock(flags);
		if (ticks) {
			memcpy(buf, &ticks, sizeof(ticks));
			return sizeof(ticks);
		}
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		fs_poll_sleep(gen, 0);
	}
}

static void timerfd_release(struct file *f)
{
	struct timerfd *t = f->priv;

	timer_cancel(&t->timer);
	kfree(t);
}

/* /proc/PID/fd/N: Linux's name for it. */
static int timerfd_link_name(struct file *f __unused, char *buf, size_t size)
{
	return snprintf(buf, size, "anon_inode:[timerfd]");
}

static const struct file_ops timerfd_fops = {
	.link_name = timerfd_link_name,
	.read = timerfd_read,
	.poll = timerfd_poll,
	.release = timerfd_release,
};

static struct timerfd *file_timerfd(struct file *f)
{
	return f && f->ops == &timerfd_fops ? f->priv : NULL;
}

static long sys_timerfd_create(unsigned long clockid, unsigned long flags)
{
	struct timerfd *t;
	struct file *f;
	int fd;

	if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC && clockid != CLOCK_BOOTTIME)
		return -EINVAL;
	if (flags & ~(unsigned long)(TFD_NONBLOCK | TFD_CLOEXEC))
		return -EINVAL;
	t = kzalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	timer_init(&t->timer, timerfd_fire);
	t->clockid = (int)clockid;
	f = file_alloc(&timerfd_fops, NULL, O_RDWR | (flags & TFD_NONBLOCK));
	if (!f) {
		kfree(t);
		return -ENOMEM;
	}
	f->priv = t;
	fd = fd_install(current_files(), f, 0, flags & TFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}
SYSCALL(__NR_timerfd_create, timerfd_create, sys_timerfd_create);

static void to_ts(u64 ns, s64 *sec, s64 *nsec)
{
	*sec = (s64)(ns / NSEC_PER_SEC);
	*nsec = (s64)(ns % NSEC_PER_SEC);
}

/* The time left and the interval. Under the lock. */
static void timerfd_get(struct timerfd *t, struct k_itimerspec *its)
{
	u64 now = clock_ns();

	timerfd_update(t);
	to_ts(t->due ? (t->due > now ? t->due - now : 1) : 0, &its->value_sec, &its->value_nsec);
	to_ts(t->interval, &its->interval_sec, &its->interval_nsec);
}

static bool ts_valid(s64 sec, s64 nsec)
{
	return sec >= 0 && nsec >= 0 && nsec < (s64)NSEC_PER_SEC;
}

static long sys_timerfd_settime(unsigned long ufd, unsigned long flags, unsigned long unew,
				unsigned long uold)
{
	struct file *f = fget((int)ufd);
	struct k_itimerspec its, old;
	struct timerfd *t;
	unsigned long irq;
	u64 value, now;
	long ret;

	ret = -EFAULT;
	if (copy_from_user(&its, (const void *)unew, sizeof(its)))
		goto out;
	ret = -EBADF;
	if (!f)
		goto out;
	ret = -EINVAL;
	t = file_timerfd(f);
	if (!t || (flags & ~(unsigned long)(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)))
		goto out;
	if (!ts_valid(its.value_sec, its.value_nsec) ||
	    !ts_valid(its.interval_sec, its.interval_nsec))
		goto out;
	value = (u64)its.value_sec * NSEC_PER_SEC + (u64)its.value_nsec;
	irq = vfs_lock();
	timerfd_get(t, &old);
	timer_cancel(&t->timer);
	now = clock_ns();
	t->ticks = 0;
	t->interval = (u64)its.interval_sec * NSEC_PER_SEC + (u64)its.interval_nsec;
	if (!value) {
		t->due = 0;
	} else if (flags & TFD_TIMER_ABSTIME) {
		if (t->clockid == CLOCK_REALTIME)
			value = value > realtime_offset_ns() ? value - realtime_offset_ns() : 0;
		/* A time already past expires at once (due 0 would mean disarmed). */
		t->due = MAX(value, 1ULL);
	} else {
		t->due = now + value;
	}
	if (t->due)
		timer_arm(&t->timer, t->due);
	vfs_unlock(irq);
	fs_poll_wake();
	ret = 0;
	if (uold && copy_to_user((void *)uold, &old, sizeof(old)))
		ret = -EFAULT;
out:
	file_put(f);
	return ret;
}
SYSCALL(__NR_timerfd_settime, timerfd_settime, sys_timerfd_settime);

static long sys_timerfd_gettime(unsigned long ufd, unsigned long ucur)
{
	struct file *f = fget((int)ufd);
	struct k_itimerspec cur;
	struct timerfd *t;
	unsigned long irq;
	long ret;

	ret = -EBADF;
	if (!f)
		goto out;
	ret = -EINVAL;
	t = file_timerfd(f);
	if (!t)
		goto out;
	irq = vfs_lock();
	timerfd_get(t, &cur);
	vfs_unlock(irq);
	ret = copy_to_user((void *)ucur, &cur, sizeof(cur)) ? -EFAULT : 0;
out:
	file_put(f);
	return ret;
}
SYSCALL(__NR_timerfd_gettime, timerfd_gettime, sys_timerfd_gettime);
