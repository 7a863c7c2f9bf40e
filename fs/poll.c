/*
 * poll(), ppoll(), select() and pselect6(): ask every file's ->poll what
 * is ready; if nothing is, sleep on one global wait queue until a driver
 * says something may have changed (fs_poll_wake), the timeout passes or a
 * signal arrives. select's descriptor sets become a poll list and back.
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
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"

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

u64 fs_poll_gen(void)
{
	return poll_generation;
}

void fs_poll_sleep(u64 gen, u64 deadline)
{
	u64 wake_at = clock_ns() + POLL_RESCAN_NS;
	unsigned long flags;

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

/*
 * Fills revents; returns how many entries have something to report. Each
 * file is taken with a reference (fget_raw): another thread sharing the
 * table may close it while ->poll runs (the kernel preempts).
 */
static int scan(struct pollfd *pfd, unsigned int n)
{
	int ready = 0;

	for (unsigned int i = 0; i < n; i++) {
		struct file *f;
		unsigned int mask;

		pfd[i].revents = 0;
		if (pfd[i].fd < 0)
			continue;
		f = fget_raw(pfd[i].fd);
		if (!f || (f->flags & O_PATH)) {
			/* An O_PATH descriptor has no file to ask: as good as closed. */
			mask = POLLNVAL;
		} else {
			/* A file that cannot block (a regular one) is always ready. */
			mask = f->ops && f->ops->poll ? f->ops->poll(f) : POLLIN | POLLOUT;
			mask &= (u16)pfd[i].events | POLLERR | POLLHUP;
		}
		file_put(f);
		pfd[i].revents = (short)mask;
		if (mask)
			ready++;
	}
	return ready;
}

/*
 * What select() reports for one entry (events are the sets it is in):
 * readable on data, hang-up or error, writable on room or error,
 * exceptional on priority data, as Linux maps poll bits to the three sets.
 */
static int select_bits(const struct pollfd *p)
{
	return !!((p->events & POLLIN) && (p->revents & (POLLIN | POLLHUP | POLLERR))) +
	       !!((p->events & POLLOUT) && (p->revents & (POLLOUT | POLLERR))) +
	       !!((p->events & POLLPRI) && (p->revents & POLLPRI));
}

/*
 * Asks the files until one is ready, the deadline passes (0: never; ~0:
 * ask once) or a signal comes. The count of ready entries, or for select
 * of set bits; -ERESTARTNOHAND for a signal.
 */
static long poll_wait_files(struct pollfd *pfd, unsigned long nfds, u64 deadline, bool select)
{
	long ret;

	for (;;) {
		u64 gen = poll_generation;

		ret = scan(pfd, nfds);
		if (select) {
			ret = 0;
			for (unsigned long i = 0; i < nfds; i++)
				ret += select_bits(&pfd[i]);
		}
		if (ret || deadline == ~0ULL)
			break;
		if (deadline && clock_ns() >= deadline)
			break;
		if (signal_pending()) {
			/* EINTR if a handler runs; restarted (from the start) if not. */
			ret = -ERESTARTNOHAND;
			break;
		}
		fs_poll_sleep(gen, deadline);
	}
	return ret;
}

/* deadline 0: wait for ever; ~0: do not wait at all. */
static long do_poll(struct pollfd *upfd, unsigned long nfds, u64 deadline)
{
	struct pollfd *pfd = NULL;
	size_t bytes = nfds * sizeof(*pfd);
	long ret;

	ret = -EINVAL;
	if (nfds > fd_limit())
		goto out;
	ret = -ENOMEM;
	pfd = kmalloc(bytes ? bytes : 1);
	if (!pfd)
		goto out;
	ret = -EFAULT;
	if (copy_from_user(pfd, upfd, bytes))
		goto out;
	ret = poll_wait_files(pfd, nfds, deadline, false);
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

/* A relative timeout as a deadline: ~0 for none at all, 0 for a century or more (for ever). */
static u64 deadline_of(u64 sec, u64 nsec)
{
	if (!sec && !nsec)
		return ~0ULL;
	if (sec > 100ULL * 365 * 86400)
		return 0;
	return clock_ns() + sec * NSEC_PER_SEC + nsec;
}

/* Reads a struct timespec timeout: EFAULT, or EINVAL for a negative or unnormalised one. */
int poll_get_timespec(unsigned long uts, u64 *deadline)
{
	struct k_timespec ts;

	if (copy_from_user(&ts, (void *)uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	*deadline = deadline_of((u64)ts.tv_sec, (u64)ts.tv_nsec);
	return 0;
}

/* The mask of ppoll and pselect6: EINVAL unless sigsetsize is a sigset_t's 8 bytes. */
int poll_get_sigmask(unsigned long usigmask, unsigned long sigsetsize, u64 *mask)
{
	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(mask, (void *)usigmask, sizeof(*mask)))
		return -EFAULT;
	return 0;
}

static long sys_ppoll(unsigned long ufds, unsigned long nfds, unsigned long uts,
		      unsigned long usigmask, unsigned long sigsetsize)
{
	u64 deadline = 0, mask, saved = 0;
	long ret;

	if (uts) {
		ret = poll_get_timespec(uts, &deadline);
		if (ret)
			return ret;
	}
	if (usigmask) {
		ret = poll_get_sigmask(usigmask, sigsetsize, &mask);
		if (ret)
			return ret;
		saved = sigmask_wait_begin(mask);
	}
	ret = do_poll((struct pollfd *)ufds, nfds, deadline);
	/* Interrupted, the wait's mask stays until the signal that ended it is handled. */
	if (usigmask)
		sigmask_wait_end(saved, ret == -ERESTARTNOHAND);
	return ret;
}
SYSCALL(__NR_ppoll, ppoll, sys_ppoll);

/* ---------------------------------------------------------------- select */

#define FDSET_BITS 64 /* bits in one long of an fd_set */

static bool fd_isset(const u64 *set, unsigned int fd)
{
	return set && (set[fd / FDSET_BITS] >> (fd % FDSET_BITS)) & 1;
}

static void fd_setbit(u64 *set, unsigned int fd)
{
	set[fd / FDSET_BITS] |= 1ULL << (fd % FDSET_BITS);
}

/*
 * select() on top of poll: one pollfd for each descriptor in any set,
 * then the answers back into the sets. nfds above the descriptor table's
 * size is cut to it, as Linux does; a descriptor in a set that is not
 * open is EBADF. The ready count or -errno; the sets are written back
 * only on success.
 */
static long do_select(long nfds, unsigned long uin, unsigned long uout, unsigned long uex,
		      u64 deadline)
{
	unsigned long uset[3] = { uin, uout, uex };
	u64 *sets[3] = { NULL, NULL, NULL }, *kset = NULL;
	struct files *files = current_files();
	struct pollfd *pfd = NULL;
	unsigned int n, count = 0;
	size_t bytes;
	long ret;

	if (nfds < 0)
		return -EINVAL;
	n = (unsigned int)MIN((unsigned long)nfds, files ? (unsigned long)files->max_fds : 0UL);
	bytes = ALIGN_UP((size_t)n, FDSET_BITS) / 8;
	ret = -ENOMEM;
	kset = kmalloc(3 * bytes + 1);
	pfd = kmalloc(n * sizeof(*pfd) + 1);
	if (!kset || !pfd)
		goto out;
	ret = -EFAULT;
	for (int s = 0; s < 3; s++) {
		if (!uset[s])
			continue;
		sets[s] = kset + s * (bytes / 8);
		if (copy_from_user(sets[s], (const void *)uset[s], bytes))
			goto out;
	}
	for (unsigned int fd = 0; fd < n; fd++) {
		short ev = (fd_isset(sets[0], fd) ? POLLIN : 0) | (fd_isset(sets[1], fd) ? POLLOUT : 0) |
			   (fd_isset(sets[2], fd) ? POLLPRI : 0);
		struct file *f;
		bool bad;

		if (!ev)
			continue;
		f = fget_raw((int)fd);
		ret = -EBADF;
		bad = !f || (f->flags & O_PATH);
		file_put(f);
		if (bad)
			goto out;
		pfd[count].fd = (int)fd;
		pfd[count].events = ev;
		count++;
	}
	ret = poll_wait_files(pfd, count, deadline, true);
	if (ret < 0)
		goto out;
	for (int s = 0; s < 3; s++)
		if (sets[s])
			memset(sets[s], 0, bytes);
	/* Each entry's events say which sets its descriptor was in. */
	for (unsigned int i = 0; i < count; i++) {
		const struct pollfd *e = &pfd[i];

		if ((e->events & POLLIN) && (e->revents & (POLLIN | POLLHUP | POLLERR)))
			fd_setbit(sets[0], (unsigned int)e->fd);
		if ((e->events & POLLOUT) && (e->revents & (POLLOUT | POLLERR)))
			fd_setbit(sets[1], (unsigned int)e->fd);
		if ((e->events & POLLPRI) && (e->revents & POLLPRI))
			fd_setbit(sets[2], (unsigned int)e->fd);
	}
	for (int s = 0; s < 3; s++) {
		if (sets[s] && copy_to_user((void *)uset[s], sets[s], bytes)) {
			ret = -EFAULT;
			break;
		}
	}
out:
	kfree(kset);
	kfree(pfd);
	return ret;
}

struct k_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

/*
 * select and pselect6 write back the time that was left, as Linux does
 * (a restart then waits only for the rest). Not for a zero timeout nor
 * one of a century or more. A fault there is ignored, unless the call
 * would restart: it then fails with EINTR rather than wait the whole
 * timeout again.
 */
static long put_remaining(unsigned long ut, u64 deadline, bool timeval, long ret)
{
	u64 now = clock_ns(), left = deadline > now ? deadline - now : 0;
	struct k_timespec ts = { (s64)(left / NSEC_PER_SEC), (s64)(left % NSEC_PER_SEC) };
	struct k_timeval tv = { ts.tv_sec, ts.tv_nsec / 1000 };
	int fault;

	if (deadline == ~0ULL || deadline == 0)
		return ret;
	if (timeval)
		fault = copy_to_user((void *)ut, &tv, sizeof(tv));
	else
		fault = copy_to_user((void *)ut, &ts, sizeof(ts));
	return fault && ret == -ERESTARTNOHAND ? -EINTR : ret;
}

static long sys_select(unsigned long nfds, unsigned long uin, unsigned long uout,
		       unsigned long uex, unsigned long utv)
{
	struct k_timeval tv;
	u64 deadline = 0;
	long ret;

	if (utv) {
		if (copy_from_user(&tv, (void *)utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		/* select normalises microseconds past a second, unlike pselect6. */
		deadline = deadline_of((u64)tv.tv_sec + (u64)tv.tv_usec / 1000000,
				       (u64)(tv.tv_usec % 1000000) * 1000);
	}
	ret = do_select((int)nfds, uin, uout, uex, deadline);
	if (utv)
		ret = put_remaining(utv, deadline, true, ret);
	return ret;
}
SYSCALL(__NR_select, select, sys_select);

/* pselect6's sixth argument: where the mask is and how big it says it is. */
struct sigset_argpack {
	u64 ss;
	u64 ss_len;
};

static long sys_pselect6(unsigned long nfds, unsigned long uin, unsigned long uout,
			 unsigned long uex, unsigned long uts, unsigned long usig)
{
	struct sigset_argpack pack = { 0, 0 };
	u64 deadline = 0, mask, saved = 0;
	long ret;

	if (uts) {
		ret = poll_get_timespec(uts, &deadline);
		if (ret)
			return ret;
	}
	if (usig && copy_from_user(&pack, (void *)usig, sizeof(pack)))
		return -EFAULT;
	if (pack.ss) {
		ret = poll_get_sigmask(pack.ss, pack.ss_len, &mask);
		if (ret)
			return ret;
		saved = sigmask_wait_begin(mask);
	}
	ret = do_select((int)nfds, uin, uout, uex, deadline);
	if (uts)
		ret = put_remaining(uts, deadline, false, ret);
	/* As for ppoll: interrupted, the mask stays until the signal is handled. */
	if (pack.ss)
		sigmask_wait_end(saved, ret == -ERESTARTNOHAND);
	return ret;
}
SYSCALL(__NR_pselect6, pselect6, sys_pselect6);
