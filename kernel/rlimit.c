/*
 * Resource limits: getrlimit, setrlimit and prlimit64, kept in the
 * process's struct thread_group, which its threads share and a forked
 * child copies (kernel/signal_state.c). Anyone may lower a hard limit;
 * only root (CAP_SYS_RESOURCE) may raise one.
 */
#define pr_fmt(fmt) "rlimit: " fmt

#include <asm/irqflags.h>
#include <kernel/cred.h>
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
		return (struct rlimit64){ 1024, 4096 };
	case RLIMIT_MEMLOCK:
		return (struct rlimit64){ 8ULL << 20, 8ULL << 20 };
	case RLIMIT_NICE:
		return (struct rlimit64){ 0, 0 };
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
	if (new &&res == RLIMIT_NOFILE &&new->max > NR_OPEN_MAX)
		return -EPERM;

	/* Reading and replacing as one step: a preempting fork copies the limits. */
	flags = arch_local_irq_save();
	cur = p->tg->rlim[res];
	if (new) {
		if (new->max > cur.max && !capable(CAP_SYS_RESOURCE)) {
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

/*
 * Another process's limits are the caller's business when it is that
 * process's user through and through (all three uids and gids), or root.
 */
static bool may_prlimit(const struct process *p)
{
	const struct cred *c = current_cred(), *t = &p->cred;

	if (p == current_proc())
		return true;
	if (c->uid == t->uid && c->uid == t->euid && c->uid == t->suid && c->gid == t->gid &&
	    c->gid == t->egid && c->gid == t->sgid)
		return true;
	return capable(CAP_SYS_RESOURCE);
}

static long sys_prlimit64(unsigned long pid, unsigned long res, unsigned long unew,
			  unsigned long uold)
{
	struct rlimit64 new, old;
	struct process *p;
	unsigned long flags;
	long ret;

	if (unew && copy_from_user(&new, (const void *)unew, sizeof(new)))
		return -EFAULT;
	/* Found and used with interrupts off: a preemption could reap it meanwhile. */
	flags = arch_local_irq_save();
	p = (int)pid ? find_process((int)pid) : current_proc();
	if (!p || !p->tg) /* no process, or one fork has not finished making */
		ret = -ESRCH;
	else if (!may_prlimit(p))
		ret = -EPERM;
	else
		ret = do_prlimit(p, (unsigned int)res, unew ? &new : NULL, uold ? &old : NULL);
	arch_local_irq_restore(flags);
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
