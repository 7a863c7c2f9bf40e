/*
 * epoll: an open file that holds a set of (file, descriptor) pairs with
 * the events wanted of each, and epoll_wait() reports those that are
 * ready. Readiness is what each file's ->poll says, and waiting is
 * fs/poll.c's: sleep until a driver calls fs_poll_wake(), ask again.
 *
 * Level-triggered entries report whenever the file is ready. Edge-
 * triggered ones (EPOLLET) report once per change: a bit that was not
 * ready at the last report, or any wake-up since it (fs_poll_wake() does
 * not say which file changed, so a wake-up for another file may report
 * an entry again: a spurious event, which Linux allows too). EPOLLONESHOT
 * entries go quiet after one report until EPOLL_CTL_MOD arms them again.
 *
 * An entry does not hold its file: when the file's last reference goes
 * (file_put), epoll_file_gone() takes it out of every set, as in Linux.
 * Every set and entry is under vfs_lock(), and a scan runs with it held:
 * the ->poll methods only look at state, they never sleep.
 */
#define pr_fmt(fmt) "epoll: " fmt

#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/unistd.h>

#include "fs-internal.h"

#define EPOLLIN	       0x001U
#define EPOLLERR       0x008U
#define EPOLLHUP       0x010U
#define EPOLLRDHUP     0x2000U
#define EPOLLEXCLUSIVE (1U << 28)
#define EPOLLWAKEUP    (1U << 29)
#define EPOLLONESHOT   (1U << 30)
#define EPOLLET	       (1U << 31)

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3

#define EPOLL_CLOEXEC O_CLOEXEC

/* How deep epoll sets may contain each other (Linux's EP_MAX_NESTS). */
#define EPOLL_MAX_NESTS 4

/* x86_64 packs it: 12 bytes. */
struct epoll_event {
	u32 events;
	u64 data;
} __attribute__((packed));

struct eventpoll {
	struct list_head items;
};

struct epitem {
	struct list_head link; /* in its set's items */
	struct list_head all;  /* in all_items, for epoll_file_gone() */
	struct eventpoll *ep;
	struct file *file; /* not referenced: the entry goes with it */
	int fd;
	u32 events; /* wanted, with EPOLLERR and EPOLLHUP */
	u64 data;
	u32 last;   /* EPOLLET: the bits reported last ... */
	u64 gen;    /* ... and the wake-up generation then */
	bool fired; /* EPOLLONESHOT: reported; quiet until MOD */
};

static LIST_HEAD(all_items);
static const struct file_ops epoll_fops;

static struct eventpoll *file_ep(struct file *f)
{
	return f && f->ops == &epoll_fops ? f->priv : NULL;
}

/* What it is ready for among what it wants. Under the lock. */
static u32 item_poll(const struct epitem *it)
{
	return it->file->ops->poll(it->file) & it->events;
}

/*
 * Whether it has something to report now, and with consume, take it (the
 * edge and one-shot state move on). Under the lock.
 */
static u32 item_check(struct epitem *it, u64 gen, bool consume)
{
	u32 mask;

	if (it->fired)
		return 0;
	mask = item_poll(it) & ~(EPOLLET | EPOLLONESHOT | EPOLLWAKEUP | EPOLLEXCLUSIVE);
	if (!mask) {
		it->last = 0;
		return 0;
	}
	if ((it->events & EPOLLET) && !(mask & ~it->last) && it->gen == gen)
		return 0;
	if (consume) {
		it->last = mask;
		it->gen = gen;
		if (it->events & EPOLLONESHOT)
			it->fired = true;
	}
	return mask;
}

static unsigned int epoll_poll(struct file *f)
{
	struct eventpoll *ep = f->priv;
	unsigned long flags = vfs_lock();
	struct epitem *it;
	unsigned int mask = 0;

	list_for_each_entry(it, &ep->items, link) {
		if (item_check(it, fs_poll_gen(), false)) {
			mask = POLLIN;
			break;
		}
	}
	vfs_unlock(flags);
	return mask;
}

static void item_free(struct epitem *it)
{
	list_del(&it->link);
	list_del(&it->all);
	kfree(it);
}

static void epoll_release(struct file *f)
{
	struct eventpoll *ep = f->priv;
	struct epitem *it, *n;
	unsigned long flags = vfs_lock();

	list_for_each_entry_safe(it, n, &ep->items, link)
		item_free(it);
	vfs_unlock(flags);
	kfree(ep);
}

/* /proc/PID/fd/N: Linux's name for it. */
static int epoll_link_name(struct file *f __unused, char *buf, size_t size)
{
	return snprintf(buf, size, "anon_inode:[eventpoll]");
}

static const struct file_ops epoll_fops = {
	.link_name = epoll_link_name,
	.poll = epoll_poll,
	.release = epoll_release,
};

void epoll_file_gone(struct file *f)
{
	struct epitem *it, *n;
	unsigned long flags = vfs_lock();

	list_for_each_entry_safe(it, n, &all_items, all) {
		if (it->file == f)
			item_free(it);
	}
	vfs_unlock(flags);
}

static long do_epoll_create(unsigned long flags)
{
	struct eventpoll *ep;
	struct file *f;
	int fd;

	if (flags & ~(unsigned long)EPOLL_CLOEXEC)
		return -EINVAL;
	ep = kzalloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	list_init(&ep->items);
	f = file_alloc(&epoll_fops, NULL, O_RDWR);
	if (!f) {
		kfree(ep);
		return -ENOMEM;
	}
	f->priv = ep;
	fd = fd_install(current_files(), f, 0, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long sys_epoll_create(unsigned long size)
{
	if ((int)size <= 0)
		return -EINVAL;
	return do_epoll_create(0);
}
SYSCALL(__NR_epoll_create, epoll_create, sys_epoll_create);

static long sys_epoll_create1(unsigned long flags)
{
	return do_epoll_create(flags);
}
SYSCALL(__NR_epoll_create1, epoll_create1, sys_epoll_create1);

static struct epitem *find_item(struct eventpoll *ep, struct file *f, int fd)
{
	struct epitem *it;

	list_for_each_entry(it, &ep->items, link) {
		if (it->file == f && it->fd == fd)
			return it;
	}
	return NULL;
}

/*
 * Whether ep reaches target through epoll sets it contains, or nests
 * deeper than Linux allows: either way adding would make a loop (ELOOP).
 */
static bool ep_reaches(struct eventpoll *ep, struct eventpoll *target, int depth)
{
	struct epitem *it;

	if (ep == target || depth > EPOLL_MAX_NESTS)
		return true;
	list_for_each_entry(it, &ep->items, link) {
		struct eventpoll *sub = file_ep(it->file);

		if (sub && ep_reaches(sub, target, depth + 1))
			return true;
	}
	return false;
}

static long ctl_locked(struct eventpoll *ep, int op, struct file *tf, int fd,
		       const struct epoll_event *ev)
{
	struct epitem *it = find_item(ep, tf, fd);
	struct eventpoll *tep = file_ep(tf);
	u32 events = ev ? ev->events | EPOLLERR | EPOLLHUP : 0;

	switch (op) {
	case EPOLL_CTL_ADD:
		if (it)
			return -EEXIST;
		if (tep && ep_reaches(tep, ep, 1))
			return -ELOOP;
		return 1; /* the caller allocates the entry */
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		/* EPOLLEXCLUSIVE is for ADD only, and stays. */
		if ((events | it->events) & EPOLLEXCLUSIVE)
			return -EINVAL;
		it->events = events;
		it->data = ev->data;
		it->fired = false;
		it->last = 0;
		it->gen = ~0ULL;
		return 0;
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		item_free(it);
		return 0;
	}
	return -EINVAL;
}

static long sys_epoll_ctl(unsigned long epfd, unsigned long uop, unsigned long ufd,
			  unsigned long uevent)
{
	struct file *ef = fget((int)epfd), *tf = fget((int)ufd);
	struct epoll_event ev;
	struct eventpoll *ep;
	struct epitem *it = NULL;
	int op = (int)uop;
	unsigned long flags;
	long ret;

	ret = -EFAULT;
	if ((op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD) &&
	    copy_from_user(&ev, (const void *)uevent, sizeof(ev)))
		goto out;
	ret = -EBADF;
	if (!ef || !tf)
		goto out;
	/* Files that cannot say whether they are ready (regular files, directories). */
	ret = -EPERM;
	if (!tf->ops || !tf->ops->poll)
		goto out;
	ret = -EINVAL;
	ep = file_ep(ef);
	if (!ep || ef == tf)
		goto out;
	if (op == EPOLL_CTL_ADD && (ev.events & EPOLLEXCLUSIVE) &&
	    (ev.events & EPOLLONESHOT || file_ep(tf)))
		goto out;
	ret = -ENOMEM;
	if (op == EPOLL_CTL_ADD && !(it = kzalloc(sizeof(*it))))
		goto out;
	flags = vfs_lock();
	ret = ctl_locked(ep, op, tf, (int)ufd, op == EPOLL_CTL_DEL ? NULL : &ev);
	if (ret == 1) {
		it->ep = ep;
		it->file = tf;
		it->fd = (int)ufd;
		it->events = ev.events | EPOLLERR | EPOLLHUP;
		it->data = ev.data;
		it->gen = ~0ULL;
		list_add_tail(&it->link, &ep->items);
		list_add_tail(&it->all, &all_items);
		it = NULL;
		ret = 0;
	}
	vfs_unlock(flags);
	/* A set watching this one may have something new to report. */
	fs_poll_wake();
out:
	kfree(it);
	file_put(ef);
	file_put(tf);
	return ret;
}
SYSCALL(__NR_epoll_ctl, epoll_ctl, sys_epoll_ctl);

/* Takes up to max ready events into evs; how many. */
static int collect(struct eventpoll *ep, struct epoll_event *evs, int max, u64 *gen)
{
	unsigned long flags = vfs_lock();
	struct epitem *it;
	int n = 0;

	*gen = fs_poll_gen();
	list_for_each_entry(it, &ep->items, link) {
		u32 mask;

		if (n == max)
			break;
		mask = item_check(it, *gen, true);
		if (mask) {
			evs[n].events = mask;
			evs[n].data = it->data;
			n++;
		}
	}
	vfs_unlock(flags);
	return n;
}

/* deadline as poll.c's: 0 waits for ever, ~0 not at all. */
static long do_epoll_wait(int epfd, unsigned long uevents, int maxevents, u64 deadline)
{
	struct file *f = fget(epfd);
	struct epoll_event *evs = NULL;
	struct eventpoll *ep;
	long ret;
	int max;

	ret = -EBADF;
	if (!f)
		goto out;
	ret = -EINVAL;
	ep = file_ep(f);
	if (!ep || maxevents <= 0 || maxevents > 0x7fffffff / (int)sizeof(struct epoll_event))
		goto out;
	ret = -EFAULT;
	if (!user_range_ok((const void *)uevents, (size_t)maxevents * sizeof(*evs)))
		goto out;
	/* More than there are entries cannot be reported; a set may grow meanwhile. */
	max = MIN(maxevents, 256);
	ret = -ENOMEM;
	evs = kmalloc((size_t)max * sizeof(*evs));
	if (!evs)
		goto out;
	for (;;) {
		u64 gen;

		ret = collect(ep, evs, max, &gen);
		if (ret || deadline == ~0ULL)
			break;
		if (deadline && clock_ns() >= deadline)
			break;
		if (signal_pending()) {
			/* Never restarted, as Linux. */
			ret = -EINTR;
			break;
		}
		fs_poll_sleep(gen, deadline);
	}
	if (ret > 0 && copy_to_user((void *)uevents, evs, (size_t)ret * sizeof(*evs)))
		ret = -EFAULT;
out:
	kfree(evs);
	file_put(f);
	return ret;
}

static u64 deadline_ms(int ms)
{
	if (ms < 0)
		return 0;
	if (ms == 0)
		return ~0ULL;
	return clock_ns() + (u64)ms * NSEC_PER_MSEC;
}

static long sys_epoll_wait(unsigned long epfd, unsigned long uevents, unsigned long maxevents,
			   unsigned long timeout)
{
	return do_epoll_wait((int)epfd, uevents, (int)maxevents, deadline_ms((int)timeout));
}
SYSCALL(__NR_epoll_wait, epoll_wait, sys_epoll_wait);

/* The wait under a temporary signal mask (none when usigmask is 0). */
static long wait_masked(unsigned long epfd, unsigned long uevents, unsigned long maxevents,
			u64 deadline, unsigned long usigmask, unsigned long sigsetsize)
{
	u64 mask, saved = 0;
	long ret;

	if (usigmask) {
		ret = poll_get_sigmask(usigmask, sigsetsize, &mask);
		if (ret)
			return ret;
		saved = sigmask_wait_begin(mask);
	}
	ret = do_epoll_wait((int)epfd, uevents, (int)maxevents, deadline);
	if (usigmask)
		sigmask_wait_end(saved, ret == -EINTR);
	return ret;
}

static long sys_epoll_pwait(unsigned long epfd, unsigned long uevents, unsigned long maxevents,
			    unsigned long timeout, unsigned long usigmask, unsigned long sigsetsize)
{
	return wait_masked(epfd, uevents, maxevents, deadline_ms((int)timeout), usigmask,
			   sigsetsize);
}
SYSCALL(__NR_epoll_pwait, epoll_pwait, sys_epoll_pwait);

static long sys_epoll_pwait2(unsigned long epfd, unsigned long uevents, unsigned long maxevents,
			     unsigned long uts, unsigned long usigmask, unsigned long sigsetsize)
{
	u64 deadline = 0;
	long ret;

	if (uts) {
		ret = poll_get_timespec(uts, &deadline);
		if (ret)
			return ret;
	}
	return wait_masked(epfd, uevents, maxevents, deadline, usigmask, sigsetsize);
}
SYSCALL(__NR_epoll_pwait2, epoll_pwait2, sys_epoll_pwait2);
