/*
 * The life cycle of the signal and resource state (<kernel/signal_ext.h>):
 * a thread's own part (struct thread_sig) and the parts its process's
 * threads share (struct sighand, struct thread_group), made for pid 1 and
 * at fork, reset at execve, given up at exit and at reap.
 *
 * The shared parts are counted so that threads (CLONE_THREAD) and
 * processes sharing handlers (CLONE_SIGHAND) hold them together.
 */
#define pr_fmt(fmt) "signal: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/clone.h>
#include <kernel/proc.h>
#include <kernel/resource.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/time.h>

#include "signal-internal.h"

static struct thread_sig *thread_sig_alloc(void)
{
	struct thread_sig *ts = kzalloc(sizeof(*ts));

	if (ts)
		altstack_disable(&ts->altstack);
	return ts;
}

/* With default actions, or for a caller that copies every action in (fork: no zeroing first). */
static struct sighand *sighand_alloc(bool defaults)
{
	struct sighand *sh = defaults ? kzalloc(sizeof(*sh)) : kmalloc(sizeof(*sh));

	if (sh)
		sh->refs = 1;
	return sh;
}

/* Drops one reference, true for the last; interrupts off against a preempting fork taking one. */
static bool ref_drop(unsigned int *refs)
{
	unsigned long flags = arch_local_irq_save();
	bool last = --*refs == 0;

	arch_local_irq_restore(flags);
	return last;
}

static void sighand_put(struct sighand *sh)
{
	if (sh && ref_drop(&sh->refs))
		kfree(sh);
}

static struct thread_group *thread_group_alloc(struct process *leader)
{
	struct thread_group *tg = kzalloc(sizeof(*tg));

	if (!tg)
		return NULL;
	tg->refs = 1;
	tg->leader = leader;
	list_init(&tg->threads);
	wait_queue_init(&tg->child_wait);
	timer_init(&tg->itimer, NULL);
	wait_queue_init(&tg->cpu_wait);
	return tg;
}

struct thread_group *thread_group_get(struct thread_group *tg)
{
	unsigned long flags = arch_local_irq_save();

	tg->refs++;
	arch_local_irq_restore(flags);
	return tg;
}

void thread_group_put(struct thread_group *tg)
{
	if (!tg || !ref_drop(&tg->refs))
		return;
	/* Stopped at exit already; a group that never ran has none armed. */
	timer_cancel(&tg->itimer);
	kfree(tg);
}

static struct sighand *sighand_get(struct sighand *sh)
{
	unsigned long flags = arch_local_irq_save();

	sh->refs++;
	arch_local_irq_restore(flags);
	return sh;
}

/*
 * Gives p (and its thread t) new signal and group state: the defaults, or
 * copies of the caller's (fork), or for clone the caller's actions
 * (CLONE_SIGHAND) and group (CLONE_THREAD) themselves. 0 or -ENOMEM, with
 * nothing installed.
 */
static int signal_state_new(struct process *p, struct thread *t, bool copy, u64 share)
{
	struct process *parent = current_proc();
	struct thread_sig *ts = thread_sig_alloc();
	struct sighand *sh = (share & CLONE_SIGHAND) ? sighand_get(parent->sighand) : sighand_alloc(!copy);
	struct thread_group *tg = (share & CLONE_THREAD) ? thread_group_get(parent->tg) : thread_group_alloc(p);
	unsigned long flags;

	if (!ts || !sh || !tg) {
		kfree(ts);
		sighand_put(sh);
		thread_group_put(tg);
		return -ENOMEM;
	}
	if (share) {
		flags = arch_local_irq_save();
		ts->blocked = current->sig->blocked;
		/* A stack in memory both use would be shared by accident: none (Linux). */
		if ((share & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
			ts->altstack = current->sig->altstack;
		if (!(share & CLONE_SIGHAND))
			memcpy(sh->action, parent->sighand->action, sizeof(sh->action));
		if (!(share & CLONE_THREAD))
			memcpy(tg->rlim, parent->tg->rlim, sizeof(tg->rlim));
		arch_local_irq_restore(flags);
	} else if (copy) {
		/*
		 * A consistent copy: a handler's SA_RESETHAND or a fault can
		 * change the parent's actions and mask, a sender in an
		 * interrupt reads them.
		 */
		flags = arch_local_irq_save();
		ts->blocked = current->sig->blocked;
		ts->altstack = current->sig->altstack;
		memcpy(sh->action, parent->sighand->action, sizeof(sh->action));
		memcpy(tg->rlim, parent->tg->rlim, sizeof(tg->rlim));
		arch_local_irq_restore(flags);
	} else {
		for (unsigned int i = 0; i < RLIM_NLIMITS; i++)
			tg->rlim[i] = rlimit_default(i);
	}
	t->sig = ts;
	p->sighand = sh;
	p->tg = tg;
	return 0;
}

int signal_init(struct process *p, struct thread *t)
{
	return signal_state_new(p, t, false, 0);
}

int signal_fork(struct process *p, struct thread *t)
{
	return signal_state_new(p, t, true, 0);
}

int signal_clone(struct process *p, struct thread *t, u64 clone_flags)
{
	return signal_state_new(p, t, true, clone_flags);
}

void signal_exec(struct process *p)
{
	struct thread_sig *ts = current->sig;
	unsigned long flags;

	/* Against a sender in an interrupt reading an action half-way. */
	flags = arch_local_irq_save();
	for (int i = 0; i < NSIG; i++) {
		struct k_sigaction *ka = &p->sighand->action[i];

		/* Handlers point into the old image; ignoring survives execve. */
		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
	/* The alternate stack, too, was memory of the old image. */
	altstack_disable(&ts->altstack);
	ts->restore_mask = false;
	ts->restart.fn = NULL;
	arch_local_irq_restore(flags);
}

void signal_exit(struct process *p)
{
	struct thread *t = p->thread;
	struct thread_sig *ts;
	unsigned long flags;

	/*
	 * The last thread leaves: the timer would signal a process that is
	 * gone. Taking the thread's state away in the same step makes every
	 * later send_info() drop its signal rather than queue it there.
	 */
	flags = arch_local_irq_save();
	if (p->tg->nr_threads <= 1) {
		timer_cancel(&p->tg->itimer);
		p->tg->itimer_interval_ns = 0;
	}
	ts = t->sig;
	t->sig = NULL;
	arch_local_irq_restore(flags);
	kfree(ts);
}

void signal_release(struct process *p)
{
	sighand_put(p->sighand);
	p->sighand = NULL;
	thread_group_put(p->tg);
	p->tg = NULL;
}
