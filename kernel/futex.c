/*
 * futex for processes of one thread: a waiter is woken by another process
 * that reaches the same word, by a signal or by its timeout. Waiters are
 * keyed by what the word is (vm_futex_key()): a word in a shared mapping
 * is the file and the offset in it, so processes that share the memory
 * meet there unless they asked for FUTEX_PRIVATE_FLAG; any other word is
 * the address space and the address. Robust futex lists are accepted and
 * not walked.
 */
#define pr_fmt(fmt) "futex: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/list.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

#define FUTEX_WAIT	     0
#define FUTEX_WAKE	     1
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK	     (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

struct futex_waiter {
	struct list_head list;
	const void *obj; /* the address space, or the shared file */
	u64 off;	 /* the address, or the offset in the file */
	u32 bitset;
	struct thread *thread;
	bool woken;
};

static LIST_HEAD(futex_waiters);

struct kernel_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

/* The key of the word at uaddr: only the address space's own unless it may be shared. */
static void futex_key(u64 uaddr, bool private, const void **obj, u64 *off)
{
	struct mm *mm = current_proc()->mm;

	if (private) {
		*obj = mm;
		*off = uaddr;
	} else {
		vm_futex_key(mm, uaddr, obj, off);
	}
}

static long futex_wait(u64 uaddr, u32 val, u64 utimeout, u32 bitset, bool absolute,
		       bool realtime, bool private)
{
	struct futex_waiter w = { .bitset = bitset, .thread = current };
	struct kernel_timespec ts;
	u64 deadline = 0, ns;
	unsigned long flags;
	long ret = 0;
	u32 cur;

	if (!bitset)
		return -EINVAL;
	if (uaddr & 3)
		return -EINVAL;
	if (utimeout) {
		if (copy_from_user(&ts, (const void *)utimeout, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || (u64)ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		ns = MIN((u64)ts.tv_sec, 1ULL << 32) * NSEC_PER_SEC + (u64)ts.tv_nsec;
		if (!absolute)
			deadline = clock_ns() + ns;
		else if (realtime)
			deadline = ns > realtime_offset_ns() ? ns - realtime_offset_ns() : 0;
		else
			deadline = ns;
		if (!deadline)
			deadline = 1; /* already past */
	}
	if (copy_from_user(&cur, (const void *)uaddr, sizeof(cur)))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;

	futex_key(uaddr, private, &w.obj, &w.off);
	flags = arch_local_irq_save();
	list_add_tail(&w.list, &futex_waiters);
	for (;;) {
		if (w.woken)
			break;
		if (signal_pending()) {
			ret = utimeout ? -EINTR : -ERESTARTSYS;
			break;
		}
		if (utimeout && clock_ns() >= deadline) {
			ret = -ETIMEDOUT;
			break;
		}
		if (utimeout) {
			sleep_until(deadline);
		} else {
			current->state = THREAD_SLEEPING;
			schedule();
		}
	}
	list_del(&w.list);
	arch_local_irq_restore(flags);
	return ret;
}

static long futex_wake(u64 uaddr, u32 nr, u32 bitset, bool private)
{
	struct futex_waiter *w;
	unsigned long flags;
	const void *obj;
	long woken = 0;
	u64 off;

	if (!bitset)
		return -EINVAL;
	futex_key(uaddr, private, &obj, &off);
	flags = arch_local_irq_save();
	list_for_each_entry(w, &futex_waiters, list) {
		if (woken >= nr)
			break;
		if (w->obj != obj || w->off != off || !(w->bitset & bitset) || w->woken)
			continue;
		w->woken = true;
		wake_up_thread(w->thread);
		woken++;
	}
	arch_local_irq_restore(flags);
	return woken;
}

static long sys_futex(unsigned long uaddr, unsigned long op, unsigned long val,
		      unsigned long utimeout, unsigned long uaddr2, unsigned long val3)
{
	bool realtime = op & FUTEX_CLOCK_REALTIME, private = op & FUTEX_PRIVATE_FLAG;

	switch (op & FUTEX_CMD_MASK) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, (u32)val, utimeout, ~0U, false, false, private);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, (u32)val, utimeout, (u32)val3, true, realtime, private);
	case FUTEX_WAKE:
		return futex_wake(uaddr, (u32)val, ~0U, private);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, (u32)val, (u32)val3, private);
	default:
		return -ENOSYS;
	}
}
SYSCALL(__NR_futex, futex, sys_futex);

#define ROBUST_LIST_HEAD_SIZE 24

/* Robust futexes matter only to threads that die holding a lock: none here. */
static long sys_set_robust_list(unsigned long head, unsigned long len)
{
	return len == ROBUST_LIST_HEAD_SIZE ? 0 : -EINVAL;
}
SYSCALL(__NR_set_robust_list, set_robust_list, sys_set_robust_list);
