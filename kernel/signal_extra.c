/*
 * The per-process signal state that struct process has no room for
 * (proc_extra: siginfo details, sigsuspend's saved mask, the alternate
 * stack, interval timer, resource limits), and how it follows fork, exec
 * and exit. Split from signal.c, which uses it.
 */
#define pr_fmt(fmt) "signal: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/time.h>

#include "signal-internal.h"

static LIST_HEAD(extras);

static bool extra_matches(const struct proc_extra *e, const struct process *p)
{
	return e->proc == p && e->pid == p->pid && e->start_ns == p->start_ns;
}

struct process *proc_extra_owner(struct proc_extra *e)
{
	struct process *p = find_process(e->pid);

	/* Compare the pointer before touching p: e->proc may be long freed. */
	if (p != e->proc || p->start_ns != e->start_ns)
		return NULL;
	return p;
}

void extra_disable_altstack(struct proc_extra *e)
{
	e->altstack.sp = 0;
	e->altstack.size = 0;
	e->altstack.flags = SS_DISABLE;
}

/* Frees the state of processes that are gone (without signal_exit()). */
static void extras_collect(void)
{
	struct proc_extra *e, *n;
	struct list_head dead;
	unsigned long flags;

	list_init(&dead);
	flags = arch_local_irq_save();
	list_for_each_entry_safe(e, n, &extras, list) {
		if (proc_extra_owner(e))
			continue;
		timer_cancel(&e->itimer);
		list_del(&e->list);
		list_add_tail(&e->list, &dead);
	}
	arch_local_irq_restore(flags);
	list_for_each_entry_safe(e, n, &dead, list)
		kfree(e);
}

static struct proc_extra *extra_find(struct process *p)
{
	struct proc_extra *e;

	list_for_each_entry(e, &extras, list) {
		if (!extra_matches(e, p))
			continue;
		/*
		 * A new address space means execve ran: the alternate stack
		 * pointed into the old image (signal_exec() does this too).
		 */
		if (e->mm != p->mm) {
			e->mm = p->mm;
			extra_disable_altstack(e);
		}
		return e;
	}
	return NULL;
}

struct proc_extra *proc_extra(struct process *p, bool create)
{
	struct proc_extra *e, *found, *pe;
	unsigned long flags;

	if (!p)
		return NULL;
	flags = arch_local_irq_save();
	e = extra_find(p);
	arch_local_irq_restore(flags);
	/* Allocation is for process context only. */
	if (e || !create || in_irq)
		return e;

	extras_collect();
	e = kzalloc(sizeof(*e));
	if (!e)
		return NULL;
	e->proc = p;
	e->pid = p->pid;
	e->start_ns = p->start_ns;
	e->mm = p->mm;
	extra_disable_altstack(e);
	timer_init(&e->itimer, NULL);
	for (unsigned int i = 0; i < RLIM_NLIMITS; i++)
		e->rlim[i] = rlimit_default(i);

	flags = arch_local_irq_save();
	/* Resource limits are inherited; without signal_fork(), take them now. */
	pe = p->parent ? extra_find(p->parent) : NULL;
	if (pe)
		memcpy(e->rlim, pe->rlim, sizeof(e->rlim));
	/* Someone may have been quicker while kzalloc ran. */
	found = extra_find(p);
	if (!found)
		list_add_tail(&e->list, &extras);
	arch_local_irq_restore(flags);
	if (found) {
		kfree(e);
		e = found;
	}
	return e;
}

void signal_fork(struct process *child, struct process *parent)
{
	struct proc_extra *pe = proc_extra(parent, false), *ce;
	unsigned long flags;

	if (!pe)
		return;
	ce = proc_extra(child, true);
	if (!ce)
		return;
	flags = arch_local_irq_save();
	memcpy(ce->rlim, pe->rlim, sizeof(ce->rlim));
	ce->altstack = pe->altstack;
	arch_local_irq_restore(flags);
}

void signal_exec(struct process *p)
{
	struct proc_extra *e = proc_extra(p, false);
	unsigned long flags = arch_local_irq_save();

	for (int i = 0; i < NSIG; i++) {
		struct k_sigaction *ka = &p->sig.action[i];

		/* Handlers point into the old image; ignoring survives execve. */
		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
	if (e) {
		e->mm = p->mm;
		extra_disable_altstack(e);
		e->restore_mask = false;
		e->restart.fn = NULL;
	}
	arch_local_irq_restore(flags);
}

void signal_exit(struct process *p)
{
	struct proc_extra *e;
	unsigned long flags = arch_local_irq_save();

	e = extra_find(p);
	if (e) {
		timer_cancel(&e->itimer);
		list_del(&e->list);
	}
	arch_local_irq_restore(flags);
	kfree(e);
}

