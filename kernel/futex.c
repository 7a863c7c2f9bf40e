/*
 * futex: a waiter is woken by another thread or process that reaches the
 * same word, by a signal or by its timeout. Waiters are keyed by what the
 * word is (vm_futex_key()): a word in a shared mapping is the file and the
 * offset in it, so processes that share the memory meet there unless they
 * asked for FUTEX_PRIVATE_FLAG; any other word is the address space and
 * the address, which the threads of a process share. A thread's robust
 * list is walked when it exits: the locks it still holds are marked
 * FUTEX_OWNER_DIED and a waiter is woken.
 *
 * One CPU: the value check and the queueing of a waiter happen with
 * interrupts off, so no wake can come between them.
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
#define FUTEX_REQUEUE	     3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAKE_OP	     5
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK	     (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

/* The lock word of a robust mutex: owner's tid and two flags. */
#define FUTEX_WAITERS	 0x80000000U
#define FUTEX_OWNER_DIED 0x40000000U
#define FUTEX_TID_MASK	 0x3fffffffU

struct futex_key {
	const void *obj; /* the address space, or the shared file */
	u64 off;	 /* the address, or the offset in the file */
};

struct futex_waiter {
	struct list_head list;
	struct futex_key key; /* changed by a requeue */
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
static struct futex_key futex_key(u64 uaddr, bool private)
{
	struct mm *mm = current_proc()->mm;
	struct futex_key k;

	if (private) {
		k.obj = mm;
		k.off = uaddr;
	} else {
		vm_futex_key(mm, uaddr, &k.obj, &k.off);
	}
	return k;
}

static bool key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->obj == b->obj && a->off == b->off;
}

/*
 * Reads the word at uaddr with interrupts off (the caller's): touched
 * first with them on, so the page is there; a page gone meanwhile is
 * EFAULT from the fixup, as it would be anyway.
 */
static int futex_read(u64 uaddr, u32 *val)
{
	return copy_from_user(val, (const void *)uaddr, sizeof(*val)) ? -EFAULT : 0;
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
	if (futex_read(uaddr, &cur))
		return -EFAULT;

	w.key = futex_key(uaddr, private);
	flags = arch_local_irq_save();
	if (futex_read(uaddr, &cur) || cur != val) {
		arch_local_irq_restore(flags);
		return cur != val ? -EAGAIN : -EFAULT;
	}
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

/* Wakes up to nr waiters on key whose bitset meets bitset. Interrupts off. */
static long wake_key(const struct futex_key *key, u32 nr, u32 bitset)
{
	struct futex_waiter *w;
	long woken = 0;

	list_for_each_entry(w, &futex_waiters, list) {
		if (woken >= nr)
			break;
		if (!key_eq(&w->key, key) || !(w->bitset & bitset) || w->woken)
			continue;
		w->woken = true;
		wake_up_thread(w->thread);
		woken++;
	}
	return woken;
}

/*
 * Linux's checks of a word to wake or move waiters of: aligned (EINVAL),
 * and a shared one must be mapped (EFAULT); a private one is only a key.
 */
static long futex_check(u64 uaddr, bool private)
{
	u32 v;

	if (uaddr & 3)
		return -EINVAL;
	if (!private && futex_read(uaddr, &v))
		return -EFAULT;
	return 0;
}

static long futex_wake(u64 uaddr, u32 nr, u32 bitset, bool private)
{
	struct futex_key key;
	unsigned long flags;
	long woken;

	if (!bitset)
		return -EINVAL;
	woken = futex_check(uaddr, private);
	if (woken)
		return woken;
	key = futex_key(uaddr, private);
	flags = arch_local_irq_save();
	woken = wake_key(&key, nr, bitset);
	arch_local_irq_restore(flags);
	return woken;
}

long futex_wake_shared(u64 uaddr, u32 nr)
{
	return futex_wake(uaddr, nr, ~0U, false);
}

/*
 * REQUEUE and CMP_REQUEUE: wake nr_wake waiters of uaddr and move up to
 * nr_requeue more to uaddr2, where a later wake finds them; CMP_REQUEUE
 * first checks that uaddr still holds val3 (EAGAIN). Woken plus moved.
 */
static long futex_requeue(u64 uaddr, u64 uaddr2, int nr_wake, int nr_requeue, bool cmp,
			  u32 val3, bool private)
{
	struct futex_key key, key2;
	struct futex_waiter *w;
	unsigned long flags;
	long woken, moved = 0;
	u32 cur;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	woken = futex_check(uaddr, private);
	if (!woken)
		woken = futex_check(uaddr2, private);
	if (woken)
		return woken;
	if (cmp && futex_read(uaddr, &cur))
		return -EFAULT;
	key = futex_key(uaddr, private);
	key2 = futex_key(uaddr2, private);
	flags = arch_local_irq_save();
	if (cmp && (futex_read(uaddr, &cur) || cur != val3)) {
		arch_local_irq_restore(flags);
		return cur != val3 ? -EAGAIN : -EFAULT;
	}
	woken = wake_key(&key, (u32)nr_wake, ~0U);
	list_for_each_entry(w, &futex_waiters, list) {
		if (moved >= nr_requeue)
			break;
		if (!key_eq(&w->key, &key) || w->woken)
			continue;
		w->key = key2;
		moved++;
	}
	arch_local_irq_restore(flags);
	return woken + moved;
}

#define FUTEX_OP_SET	     0
#define FUTEX_OP_ADD	     1
#define FUTEX_OP_OR	     2
#define FUTEX_OP_ANDN	     3
#define FUTEX_OP_XOR	     4
#define FUTEX_OP_OPARG_SHIFT 8

/* Sign-extends the 12-bit field at bit shift of v. */
static s32 field12(u32 v, int shift)
{
	return (s32)(v << (20 - shift)) >> 20;
}

/*
 * WAKE_OP: applies the operation in val3 to the word at uaddr2 (as one
 * step), wakes nr waiters of uaddr and, if the old value of uaddr2 passes
 * the comparison in val3, nr2 waiters of uaddr2.
 */
static long futex_wake_op(u64 uaddr, u64 uaddr2, u32 nr, u32 nr2, u32 val3, bool private)
{
	u32 op = (val3 >> 28) & 7, cmp = (val3 >> 24) & 15, old, new;
	s32 oparg = field12(val3, 12), cmparg = field12(val3, 0);
	struct futex_key key, key2;
	unsigned long flags;
	long woken;
	bool hit;

	if ((val3 >> 28) & FUTEX_OP_OPARG_SHIFT)
		oparg = (s32)(1U << (oparg & 31));
	if ((uaddr | uaddr2) & 3)
		return -EINVAL;
	if (op > FUTEX_OP_XOR || cmp > 5)
		return -ENOSYS;
	/* Both read and written first, interrupts on, so the step below meets no fault. */
	if (copy_from_user(&old, (const void *)uaddr2, sizeof(old)) ||
	    copy_to_user((void *)uaddr2, &old, sizeof(old)))
		return -EFAULT;
	key = futex_key(uaddr, private);
	key2 = futex_key(uaddr2, private);
	flags = arch_local_irq_save();
	if (copy_from_user(&old, (const void *)uaddr2, sizeof(old))) {
		arch_local_irq_restore(flags);
		return -EFAULT;
	}
	switch (op) {
	case FUTEX_OP_SET:
		new = (u32)oparg;
		break;
	case FUTEX_OP_ADD:
		new = old + (u32)oparg;
		break;
	case FUTEX_OP_OR:
		new = old | (u32)oparg;
		break;
	case FUTEX_OP_ANDN:
		new = old & ~(u32)oparg;
		break;
	default:
		new = old ^ (u32)oparg;
		break;
	}
	if (copy_to_user((void *)uaddr2, &new, sizeof(new))) {
		arch_local_irq_restore(flags);
		return -EFAULT;
	}
	switch (cmp) {
	case 0:
		hit = (s32)old == cmparg;
		break;
	case 1:
		hit = (s32)old != cmparg;
		break;
	case 2:
		hit = (s32)old < cmparg;
		break;
	case 3:
		hit = (s32)old <= cmparg;
		break;
	case 4:
		hit = (s32)old > cmparg;
		break;
	default:
		hit = (s32)old >= cmparg;
		break;
	}
	woken = wake_key(&key, nr, ~0U);
	if (hit)
		woken += wake_key(&key2, nr2, ~0U);
	arch_local_irq_restore(flags);
	return woken;
}

static long sys_futex(unsigned long uaddr, unsigned long op, unsigned long val,
		      unsigned long utimeout, unsigned long uaddr2, unsigned long val3)
{
	bool realtime = op & FUTEX_CLOCK_REALTIME, private = op & FUTEX_PRIVATE_FLAG;
	unsigned long cmd = op & FUTEX_CMD_MASK;

	/* Only the bitset wait takes a clock (Linux: FUTEX_WAIT measures relative time). */
	if (realtime && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, (u32)val, utimeout, ~0U, false, false, private);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, (u32)val, utimeout, (u32)val3, true, realtime, private);
	case FUTEX_WAKE:
		return futex_wake(uaddr, (u32)val, ~0U, private);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, (u32)val, (u32)val3, private);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* The fourth argument is a count here, not a timeout. */
		return futex_requeue(uaddr, uaddr2, (int)val, (int)utimeout,
				     cmd == FUTEX_CMP_REQUEUE, (u32)val3, private);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, (u32)val, (u32)utimeout, (u32)val3, private);
	default:
		return -ENOSYS;
	}
}
SYSCALL(__NR_futex, futex, sys_futex);

/* ---------------------------------------------------------------- robust lists */

#define ROBUST_LIST_HEAD_SIZE 24
#define ROBUST_LIST_LIMIT     2048

struct robust_list_head {
	u64 next;	     /* the first entry; the head's own address ends the list */
	s64 futex_offset;    /* from an entry to its lock word */
	u64 list_op_pending; /* an entry being added or removed */
};

static long sys_set_robust_list(unsigned long head, unsigned long len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current_proc()->robust_list = head;
	return 0;
}
SYSCALL(__NR_set_robust_list, set_robust_list, sys_set_robust_list);

static long sys_get_robust_list(unsigned long pid, unsigned long uhead, unsigned long ulen)
{
	u64 len = ROBUST_LIST_HEAD_SIZE, head;
	unsigned long flags = arch_local_irq_save(); /* p must not be reaped while we look */
	struct process *p = pid ? find_process((int)pid) : current_proc();
	long rc = 0;

	if ((int)pid < 0 || !p || !p->thread)
		rc = -ESRCH;
	/* Another user's thread: what ptrace would need (kernel/cred.c). */
	else if (p != current_proc() && !may_signal(p))
		rc = -EPERM;
	else
		head = p->robust_list;
	arch_local_irq_restore(flags);
	if (rc)
		return rc;
	if (copy_to_user((void *)ulen, &len, sizeof(len)) ||
	    copy_to_user((void *)uhead, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_get_robust_list, get_robust_list, sys_get_robust_list);

/* A lock p holds as it dies: marked for the next owner, one waiter woken. */
static void robust_death(struct process *p, u64 uaddr)
{
	unsigned long flags;
	u32 val, new;

	if (uaddr & 3 || futex_read(uaddr, &val))
		return;
	flags = arch_local_irq_save();
	if (!futex_read(uaddr, &val) && (val & FUTEX_TID_MASK) == (u32)p->pid) {
		new = (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (!copy_to_user((void *)uaddr, &new, sizeof(new)) && (val & FUTEX_WAITERS))
			futex_wake_shared(uaddr, 1);
	}
	arch_local_irq_restore(flags);
}

/* Every entry, then the pending one; bit 0 of an entry marks a PI lock, which is masked off. */
void exit_robust_list(struct process *p)
{
	struct robust_list_head head;
	u64 entry, pending, head_addr = p->robust_list;
	unsigned int n = 0;

	if (!head_addr || copy_from_user(&head, (const void *)head_addr, sizeof(head)))
		return;
	entry = head.next & ~1ULL;
	pending = head.list_op_pending & ~1ULL;
	while (entry && entry != head_addr && n++ < ROBUST_LIST_LIMIT) {
		u64 next;

		if (copy_from_user(&next, (const void *)entry, sizeof(next)))
			return;
		/* The pending entry is done once, after the list. */
		if (entry != pending)
			robust_death(p, entry + (u64)head.futex_offset);
		entry = next & ~1ULL;
	}
	if (pending)
		robust_death(p, pending + (u64)head.futex_offset);
}
