/*
 * poll() and ppoll(): ask every file's ->poll what is ready; if nothing
 * is, sleep on one global wait queue until a driver says something may
 * have changed (fs_poll_wake), the timeout passes or a signal arrives.
 *
 * A generation count closes the window between scanning the files and
 * going to sleep: a wake-up in between bumps it, and the sleep is skipped.
 */
#define pr_fmt(fmt) "poll: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"

#define POLL_MAX_FDS 1024
/*
 * Each sleep lasts at most this long before the files are asked again, so
 * a driver that forgets fs_poll_wake() costs latency, not a hang.
 */
#define POLL_RESCAN_NS (100 * NSEC_PER_MSEC)

struct pollfd {
	int fd;
	short events;
	short revents;
};

struct k_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

static struct wait_queue poll_wait = WAIT_QUEUE_INIT(poll_wait);
static volatile u64 poll_generation;

void fs_poll_wake(void)
{
	unsigned long flags = vfs_lock();

	poll_generation++;
	wake_up_all(&poll_wait);
	vfs_unlock(flags);
}

/* Fills revents; returns how many entries have something to report. */
static int scan(struct pollfd *pfd, unsigned int n, struct files *files)
{
	int ready = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct file *f;
		unsigned int mask;

		pfd[i].revents = 0;
		if (pfd[i].fd < 0)
			continue;
		f = fd_get(files, pfd[i].fd);
		if (!f) {
			mask = POLLNVAL;
		} else {
			/* A file that cannot block (a regular one) is always ready. */
			mask = f->ops && f->ops->poll ? f->ops->poll(f) : POLLIN | POLLOUT;
			mask &= (u16)pfd[i].events | POLLERR | POLLHUP;
		}
		pfd[i].revents = (short)mask;
		if (mask)
			ready++;
	}
	return ready;
}

/* deadline 0: wait for ever; ~0: do not wait at all. */
static long do_poll(struct pollfd *upfd, unsigned long nfds, u64 deadline)
{
	struct process *proc = current_proc();
	struct pollfd *pfd = NULL;
	size_t bytes = nfds * sizeof(*pfd);
	long ret;

	ret = -EINVAL;
	if (nfds > POLL_MAX_FDS)
		goto out;
	ret = -ENOMEM;
	pfd = kmalloc(bytes ? bytes : 1);
	if (!pfd)
		goto out;
	ret = -EFAULT;
	if (copy_from_user(pfd, upfd, bytes))
		goto out;

	for (;;) {
		u64 gen = poll_generation, wake_at;
		unsigned long flags;

		ret = scan(pfd, nfds, proc ? proc->files : NULL);
		if (ret || deadline == ~0ULL)
			break;
		if (deadline && clock_ns() >= deadline)
			break;
		if (signal_pending()) {
			/* EINTR if a handler runs; restarted (from the start) if not. */
			ret = -ERESTARTNOHAND;
			break;
		}
		wake_at = clock_ns() + POLL_RESCAN_NS;
		if (deadline && deadline < wake_at)
			wake_at = deadline;
		flags = vfs_lock();
		if (gen == poll_generation) {
			/* The thread's own timer takes it off the queue at wake_at. */
			timer_arm(&current->sleep_timer, wake_at);
			wait_queue_sleep(&poll_wait);
			timer_cancel(&current->sleep_timer);
		}
		vfs_unlock(flags);
	}
	if (ret >= 0) {
		for (unsigned long i = 0; i < nfds; i++) {
			if (copy_to_user(&upfd[i].revents, &pfd[i].revents, sizeof(short))) {
				ret = -EFAULT;
				break;
			}
		}
	}
out:
	kfree(pfd);
	return ret;
}

static long sys_poll(unsigned long ufds, unsigned long nfds, unsigned long timeout_ms)
{
	int ms = (int)timeout_ms;
	u64 deadline;

	if (ms < 0)
		deadline = 0;
	else if (ms == 0)
		deadline = ~0ULL;
	else
		deadline = clock_ns() + (u64)ms * NSEC_PER_MSEC;
	return do_poll((struct pollfd *)ufds, nfds, deadline);
}
SYSCALL(__NR_poll, poll, sys_poll);

static long sys_ppoll(unsigned long ufds, unsigned long nfds, unsigned long uts,
		      unsigned long usigmask, unsigned long sigsetsize)
{
	struct k_timespec ts;
	u64 deadline = 0, mask, saved = 0;
	long ret;

	if (uts) {
		if (copy_from_user(&ts, (void *)uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
			return -EINVAL;
		if (!ts.tv_sec && !ts.tv_nsec)
			deadline = ~0ULL;
		else if (ts.tv_sec > (s64)(100ULL * 365 * 86400))
			deadline = 0; /* a century: as good as for ever */
		else
			deadline = clock_ns() + (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	}
	if (usigmask) {
		if (sigsetsize != sizeof(u64))
			return -EINVAL;
		if (copy_from_user(&mask, (void *)usigmask, sizeof(mask)))
			return -EFAULT;
		saved = sigmask_wait_begin(mask);
	}
	ret = do_poll((struct pollfd *)ufds, nfds, deadline);
	/* Interrupted, the wait's mask stays until the signal that ended it is handled. */
	if (usigmask)
		sigmask_wait_end(saved, ret == -ERESTARTNOHAND);
	return ret;
}
SYSCALL(__NR_ppoll, ppoll, sys_ppoll);

/* select() is left to C libraries that fall back to poll. */
static long sys_select(void)
{
	return -ENOSYS;
}
SYSCALL(__NR_select, select, sys_select);
SYSCALL(__NR_pselect6, pselect6, sys_select);
