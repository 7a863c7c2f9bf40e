/*
 * Restartable sequences: rseq(2) registers a thread's struct rseq, and
 * the return to user mode keeps it honest (<kernel/rseq.h>). The rules
 * are Linux's: a section is [start_ip, start_ip + post_commit_offset),
 * its abort_ip lies outside it behind the 32-bit signature given at
 * registration, and anything wrong with the area or the section costs
 * the thread a SIGSEGV rather than a silent restart somewhere else.
 *
 * One CPU: cpu_id_start and cpu_id are always 0, as are node_id and
 * mm_cid (the only node; the only concurrency id a process can have).
 */
#define pr_fmt(fmt) "rseq: " fmt

#include <asm/page.h>
#include <asm/ptrace.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/rseq.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

#define RSEQ_FLAG_UNREGISTER	  1
#define RSEQ_CPU_ID_UNINITIALIZED ((u32)-1)

/* struct rseq of the Linux ABI as of 6.3; a registration covers at least its first 32 bytes. */
struct rseq_area {
	u32 cpu_id_start;
	u32 cpu_id;
	u64 rseq_cs; /* user space's struct rseq_cs, or 0 */
	u32 flags;   /* only the deprecated NO_RESTART bits were ever defined */
	u32 node_id;
	u32 mm_cid;
	u32 __pad;
};

struct rseq_cs {
	u32 version; /* 0 */
	u32 flags;   /* as rseq_area.flags */
	u64 start_ip;
	u64 post_commit_offset;
	u64 abort_ip;
};

#define RSEQ_ORIG_SIZE 32 /* also the alignment the area needs */

_Static_assert(sizeof(struct rseq_area) == RSEQ_ORIG_SIZE, "struct rseq: 32 bytes");
_Static_assert(__builtin_offsetof(struct rseq_area, rseq_cs) == 8, "rseq_cs at 8");
_Static_assert(__builtin_offsetof(struct rseq_area, node_id) == 20, "node_id at 20");
_Static_assert(__builtin_offsetof(struct rseq_area, mm_cid) == 24, "mm_cid at 24");
_Static_assert(sizeof(struct rseq_cs) == 32, "struct rseq_cs: 32 bytes");

#define AREA_FIELD(area, field) ((void *)((area) + __builtin_offsetof(struct rseq_area, field)))

/* cpu_id_start and cpu_id (adjacent), then node_id and mm_cid (adjacent). 0 or -EFAULT. */
static int put_ids(u64 area, u32 cpu_start, u32 cpu)
{
	u32 ids[2] = { cpu_start, cpu }, zero[2] = { 0, 0 };

	if (copy_to_user(AREA_FIELD(area, cpu_id_start), ids, sizeof(ids)) ||
	    copy_to_user(AREA_FIELD(area, node_id), zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}

static int clear_rseq_cs(u64 area)
{
	u64 zero = 0;

	return copy_to_user(AREA_FIELD(area, rseq_cs), &zero, sizeof(zero)) ? -EFAULT : 0;
}

/*
 * The abort, if regs->rip is inside the section the area points at: NULL
 * when all is well (rip moved or not), else what is wrong, with the
 * address that shows it in *addr. Like Linux, the descriptor is checked
 * whole, signature included, whenever rseq_cs is set, and a section the
 * thread has left is forgotten (rseq_cs cleared).
 */
static const char *fixup_ip(const struct process *p, struct pt_regs *regs, u64 *addr)
{
	struct rseq_cs cs;
	u64 ucs, end;
	u32 sig, flags;

	*addr = p->rseq;
	if (copy_from_user(&ucs, AREA_FIELD(p->rseq, rseq_cs), sizeof(ucs)))
		return "unreadable area";
	if (!ucs)
		return NULL;
	*addr = ucs;
	if (ucs >= USER_TOP || copy_from_user(&cs, (const void *)ucs, sizeof(cs)))
		return "unreadable rseq_cs";
	end = cs.start_ip + cs.post_commit_offset;
	if (cs.version != 0 || cs.start_ip >= USER_TOP || end > USER_TOP || end < cs.start_ip ||
	    cs.abort_ip >= USER_TOP)
		return "bad rseq_cs";
	/* An abort handler inside its own section would restart forever. */
	if (cs.abort_ip - cs.start_ip < cs.post_commit_offset)
		return "abort_ip inside the section";
	*addr = cs.abort_ip - 4;
	if (copy_from_user(&sig, (const void *)(cs.abort_ip - 4), sizeof(sig)))
		return "unreadable signature";
	if (sig != p->rseq_sig)
		return "wrong signature before abort_ip";

	*addr = p->rseq;
	if (regs->rip - cs.start_ip >= cs.post_commit_offset)
		return clear_rseq_cs(p->rseq) ? "unwritable area" : NULL;
	/* Linux refuses any flags here since the NO_RESTART ones were deprecated. */
	if (copy_from_user(&flags, AREA_FIELD(p->rseq, flags), sizeof(flags)))
		return "unreadable area";
	if (flags || cs.flags)
		return "flags set in rseq or rseq_cs";
	if (clear_rseq_cs(p->rseq))
		return "unwritable area";
	regs->rip = cs.abort_ip;
	return NULL;
}

void rseq_handle_resume(struct pt_regs *regs)
{
	struct process *p = current_proc();
	const char *why;
	u64 addr;

	current->rseq_resume = false;
	if (!p || !p->rseq)
		return;
	why = fixup_ip(p, regs, &addr);
	if (!why && put_ids(p->rseq, smp_processor_id(), smp_processor_id()))
		why = "unwritable area";
	if (!why)
		return;
	pr_info("%s[%d]: %s at %#llx (ip %#llx): SIGSEGV\n", p->comm, p->pid, why,
		(unsigned long long)addr, (unsigned long long)regs->rip);
	force_fault_signal(SIGSEGV, SI_KERNEL, addr);
}

void rseq_fork(struct process *child, struct thread *t, const struct process *parent,
	       bool shares_vm)
{
	if (shares_vm || !parent->rseq)
		return;
	child->rseq = parent->rseq;
	child->rseq_len = parent->rseq_len;
	child->rseq_sig = parent->rseq_sig;
	/* Linux counts a new task as migrated: its ids are written before it runs. */
	t->rseq_resume = true;
}

/* No area any more: execve, or rseq(RSEQ_FLAG_UNREGISTER). */
static void rseq_drop(struct process *p)
{
	p->rseq = 0;
	p->rseq_len = 0;
	p->rseq_sig = 0;
	current->rseq_resume = false;
}

void rseq_execve(struct process *p)
{
	rseq_drop(p);
}

static long rseq_unregister(struct process *p, u64 area, u32 len, u32 sig)
{
	if (!p->rseq || p->rseq != area || p->rseq_len != len)
		return -EINVAL;
	if (p->rseq_sig != sig)
		return -EPERM;
	/* What the area said before registration, so user space sees it is off. */
	if (put_ids(area, 0, RSEQ_CPU_ID_UNINITIALIZED))
		return -EFAULT;
	rseq_drop(p);
	return 0;
}

/* rseq(area, len, flags, sig): registers the caller's area, or drops it (RSEQ_FLAG_UNREGISTER). */
static long sys_rseq(unsigned long uarea, unsigned long ulen, unsigned long uflags,
		     unsigned long usig)
{
	struct process *p = current_proc();
	u32 len = (u32)ulen, sig = (u32)usig;
	int flags = (int)uflags;
	u64 area = uarea, ucs;

	if (flags & RSEQ_FLAG_UNREGISTER)
		return flags == RSEQ_FLAG_UNREGISTER ? rseq_unregister(p, area, len, sig) : -EINVAL;
	if (flags)
		return -EINVAL;
	/* Registered already: the same call again is EBUSY, anything else a mistake. */
	if (p->rseq) {
		if (p->rseq != area || p->rseq_len != len)
			return -EINVAL;
		return p->rseq_sig != sig ? -EPERM : -EBUSY;
	}
	if (len < RSEQ_ORIG_SIZE || !IS_ALIGNED(area, (u64)RSEQ_ORIG_SIZE))
		return -EINVAL;
	if (!user_range_ok((const void *)area, len))
		return -EFAULT;
	/*
	 * A section left behind by an earlier user of the area (a C library
	 * reusing it for a new thread) would abort at once: Linux clears it.
	 */
	if (copy_from_user(&ucs, AREA_FIELD(area, rseq_cs), sizeof(ucs)))
		return -EFAULT;
	if (ucs && clear_rseq_cs(area))
		return -EFAULT;
	p->rseq = area;
	p->rseq_len = len;
	p->rseq_sig = sig;
	/* The ids are written on the way out, where an unwritable area costs SIGSEGV, as in Linux. */
	current->rseq_resume = true;
	return 0;
}
SYSCALL(__NR_rseq, rseq, sys_rseq);
