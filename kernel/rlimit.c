/*
 * Resource limits: getrlimit, setrlimit and prlimit64 (on the calling
 * process only), kept in the process's struct thread_group, which its
 * threads share and a forked child copies (kernel/signal_state.c).
 */
#define pr_fmt(fmt) "rlimit: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/proc.h>
#include <kernel/resource.h>
#include <kernel/signal_ext.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

struct rlimit64 rlimit_default(unsigned int res)
{
	switch (res) {
	case RLIMIT_STACK:
		return (struct rlimit64){ 8ULL << 20, RLIM_INFINITY };
	case RLIMIT_NOFILE:
		return (struct rlimit64){ 64, 64 };
	default:
		return (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	}
}

u64 proc_rlimit(struct process *p, unsigned int res)
{
	if (res >= RLIM_NLIMITS)
		return RLIM_INFINITY;
	return READ_ONCE(p->tg->rlim[res].cur);
}

/* Reads and/or sets one of p's limits; 0 or -errno. */
static long do_prlimit(struct process *p, unsigned int res, const struct rlimit64 *new,
		       struct rlimit64 *old)
{
	struct rlimit64 cur;
	unsigned long flags;
	long rc = 0;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (new &&new->cur > new->max)
		return -EINVAL;

	/* Reading and replacing as one step: a preempting fork copies the limits. */
	flags = arch_local_irq_save();
	cur = p->tg->rlim[res];
	if (new) {
		if (new->max > cur.max) {
			rc = -EPERM;
			goto out;
		}
		p->tg->rlim[res] = *new;
	}
	if (old)
		*old = cur;
out:
	arch_local_irq_restore(flags);
	return rc;
}

static long sys_prlimit64(unsigned long pid, unsigned long res, unsigned long unew,
			  unsigned long uold)
{
	struct process *p = current_proc();
	struct rlimit64 new, old;
	long ret;

	if ((int)pid != 0 && (int)pid != p->pid)
		return -ESRCH;
	if (unew && copy_from_user(&new, (const void *)unew, sizeof(new)))
		return -EFAULT;
	ret = do_prlimit(p, (unsigned int)res, unew ? &new : NULL, uold ? &old : NULL);
	if (ret)
		return ret;
	if (uold && copy_to_user((void *)uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_prlimit64, prlimit64, sys_prlimit64);

/* struct rlimit on x86_64 is two 64-bit values: the same as rlimit64. */
static long sys_getrlimit(unsigned long res, unsigned long uold)
{
	struct rlimit64 old;
	long ret = do_prlimit(current_proc(), (unsigned int)res, NULL, &old);

	if (ret)
		return ret;
	return copy_to_user((void *)uold, &old, sizeof(old)) ? -EFAULT : 0;
}
SYSCALL(__NR_getrlimit, getrlimit, sys_getrlimit);

static long sys_setrlimit(unsigned long res, unsigned long unew)
{
	struct rlimit64 new;

	if (copy_from_user(&new, (const void *)unew, sizeof(new)))
		return -EFAULT;
	return do_prlimit(current_proc(), (unsigned int)res, &new, NULL);
}
SYSCALL(__NR_setrlimit, setrlimit, sys_setrlimit);
