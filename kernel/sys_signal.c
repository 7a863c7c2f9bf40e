/*
 * The signal system calls: actions (rt_sigaction), the mask
 * (rt_sigprocmask, rt_sigpending), waiting (pause, rt_sigsuspend,
 * rt_sigtimedwait), the way back from a handler (rt_sigreturn,
 * restart_syscall), sending (kill, tkill, tgkill) and the alternate stack
 * (sigaltstack). Sending and delivery themselves are kernel/signal.c.
 */
#define pr_fmt(fmt) "signal: " fmt

#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/ptrace.h>
#include <kernel/errno.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>

#include "signal-internal.h"

static long sys_rt_sigaction(unsigned long usig, unsigned long uact, unsigned long uoact,
			     unsigned long sigsetsize)
{
	struct process *p = current_proc();
	int sig = (int)usig;
	struct k_sigaction act, old;
	unsigned long flags;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (!valid_signal(sig) || (uact && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	if (uact && copy_from_user(&act, (const void *)uact, sizeof(act)))
		return -EFAULT;

	/* Against a sender in an interrupt reading the action half-way. */
	flags = arch_local_irq_save();
	old = p->sighand->action[sig - 1];
	if (uact) {
		act.mask &= ~UNBLOCKABLE;
		p->sighand->action[sig - 1] = act;
		/* POSIX: ignoring a pending signal discards it, blocked or not. */
		if (sig_ignored(p, sig))
			flush_pending(p, sigmask(sig));
	}
	arch_local_irq_restore(flags);
	if (uoact && copy_to_user((void *)uoact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_rt_sigaction, rt_sigaction, sys_rt_sigaction);

static long sys_rt_sigprocmask(unsigned long how, unsigned long uset, unsigned long uoset,
			       unsigned long sigsetsize)
{
	struct thread_sig *ts = current->sig;
	u64 old = ts->blocked, set, new;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, (const void *)uset, sizeof(set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			new = old | set;
			break;
		case SIG_UNBLOCK:
			new = old & ~set;
			break;
		case SIG_SETMASK:
			new = set;
			break;
		default:
			return -EINVAL;
		}
		/* One store: a sender in an interrupt sees the old mask or the new. */
		ts->blocked = new & ~UNBLOCKABLE;
	}
	if (uoset && copy_to_user((void *)uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_rt_sigprocmask, rt_sigprocmask, sys_rt_sigprocmask);

static long sys_rt_sigpending(unsigned long uset, unsigned long sigsetsize)
{
	struct thread_sig *ts = current->sig;
	u64 set = pending_for(current_proc(), ts) & ts->blocked;

	if (sigsetsize > sizeof(u64))
		return -EINVAL;
	return copy_to_user((void *)uset, &set, sigsetsize) ? -EFAULT : 0;
}
SYSCALL(__NR_rt_sigpending, rt_sigpending, sys_rt_sigpending);

static long sys_rt_sigsuspend(unsigned long umask, unsigned long sigsetsize)
{
	unsigned long flags;
	u64 mask, saved;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&mask, (const void *)umask, sizeof(mask)))
		return -EFAULT;
	/* A signal sent from an interrupt cannot slip in before the sleep. */
	flags = arch_local_irq_save();
	saved = sigmask_wait_begin(mask);
	sleep_for_signal();
	/* The old mask comes back after the handler (it is in its frame) or at once. */
	sigmask_wait_end(saved, true);
	arch_local_irq_restore(flags);
	return -ERESTARTNOHAND;
}
SYSCALL(__NR_rt_sigsuspend, rt_sigsuspend, sys_rt_sigsuspend);

static long sys_pause(void)
{
	/* A signal sent from an interrupt cannot slip in before the sleep. */
	unsigned long flags = arch_local_irq_save();

	sleep_for_signal();
	arch_local_irq_restore(flags);
	return -ERESTARTNOHAND;
}
SYSCALL(__NR_pause, pause, sys_pause);

struct utimespec {
	s64 tv_sec;
	s64 tv_nsec;
};

static long sys_rt_sigtimedwait(unsigned long uthese, unsigned long uinfo, unsigned long uts,
				unsigned long sigsetsize)
{
	struct process *p = current_proc();
	struct thread_sig *tsig = current->sig;
	struct utimespec ts;
	struct ksiginfo info = { 0 };
	u64 these, deadline = 0, saved;
	unsigned long flags;
	int sig = 0;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&these, (const void *)uthese, sizeof(these)))
		return -EFAULT;
	these &= ~UNBLOCKABLE;
	if (uts) {
		if (copy_from_user(&ts, (const void *)uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || (u64)ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		deadline = clock_ns() + MIN((u64)ts.tv_sec, 1ULL << 32) * NSEC_PER_SEC +
			   (u64)ts.tv_nsec;
	}

	/* Checking and sleeping, against senders in interrupts. */
	flags = arch_local_irq_save();
	/* Waited-for signals are normally blocked: let them wake us meanwhile. */
	saved = tsig->blocked;
	tsig->blocked &= ~these;
	tsig->sigwait = these;
	for (;;) {
		u64 ready = pending_for(p, tsig) & these;

		if (ready) {
			sig = __builtin_ctzll(ready) + 1;
			dequeue_signal(p, tsig, sig, &info);
			break;
		}
		if (signal_pending() || (uts && clock_ns() >= deadline))
			break;
		if (uts)
			sleep_until(deadline);
		else
			wait_queue_sleep(&pause_wq);
	}
	tsig->blocked = saved;
	tsig->sigwait = 0;
	arch_local_irq_restore(flags);

	if (!sig)
		return signal_pending() ? -EINTR : -EAGAIN;
	if (uinfo && arch_copy_siginfo_to_user(uinfo, &info))
		return -EFAULT;
	return sig;
}
SYSCALL(__NR_rt_sigtimedwait, rt_sigtimedwait, sys_rt_sigtimedwait);

static long sys_rt_sigreturn(void)
{
	struct pt_regs *regs = current_syscall_regs();
	struct process *p = current_proc();
	struct thread_sig *ts = current->sig;
	struct ksigaltstack uss;
	u64 sp = regs->rsp, mask;
	unsigned long flags;

	if (arch_restore_rt_frame(regs, &mask, &uss))
		kill_bad_frame(p, "bad signal frame in rt_sigreturn", 0, sp - 8);

	/* Against a sender in an interrupt testing the mask half-way. */
	flags = arch_local_irq_save();
	ts->blocked = mask & ~UNBLOCKABLE;
	/* Like Linux's restore_altstack(): ignored while still on the old one. */
	if (!on_altstack(&ts->altstack, sp)) {
		if (uss.flags & SS_DISABLE)
			altstack_disable(&ts->altstack);
		else if (!(uss.flags & ~(SS_AUTODISARM | SS_ONSTACK)) && uss.size >= MINSIGSTKSZ)
			ts->altstack = (struct ksigaltstack){ uss.sp, uss.size,
							      uss.flags & SS_AUTODISARM };
	}
	/* A pending restart belongs to a call that the handler interrupted. */
	ts->restart.fn = NULL;
	arch_local_irq_restore(flags);
	/* rax is the interrupted code's: never mistake it for a restart code. */
	regs->error_code = (u64)-1;
	return (long)regs->rax;
}
SYSCALL(__NR_rt_sigreturn, rt_sigreturn, sys_rt_sigreturn);

static long sys_restart_syscall(void)
{
	struct restart_block *rb = &current->sig->restart;
	long (*fn)(struct restart_block * rb) = rb->fn;

	if (!fn)
		return -EINTR;
	rb->fn = NULL; /* fn arms it again if interrupted again */
	return fn(rb);
}
SYSCALL(__NR_restart_syscall, restart_syscall, sys_restart_syscall);

struct kill_all {
	const struct process *self;
	const struct ksiginfo *info;
	int found;
};

static int kill_all_fn(struct process *p, void *arg)
{
	struct kill_all *k = arg;

	/* Once per process (its group), never to init or the caller's own. */
	if (p->tgid == 1 || p->tg == k->self->tg || group_leader(p) != p)
		return 0;
	k->found++;
	send_info(p, k->info, false);
	return 0;
}

static long sys_kill(unsigned long upid, unsigned long usig)
{
	struct process *self = current_proc();
	int pid = (int)upid, sig = (int)usig;
	struct ksiginfo info = { .signo = sig, .code = SI_USER, .pid = self->pid, .uid = self->cred.uid };
	struct kill_all k = { .self = self, .info = &info };
	unsigned long flags;
	long rc;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0) {
		/* Found and signalled with interrupts off: a preemption could reap it. */
		flags = arch_local_irq_save();
		rc = send_info(find_process(pid), &info, false);
		arch_local_irq_restore(flags);
		return rc;
	}
	if (pid == 0)
		return kill_pgrp_info(self->pgid, &info);
	if (pid == -1) {
		flags = arch_local_irq_save();
		for_each_process(kill_all_fn, &k);
		arch_local_irq_restore(flags);
		return k.found ? 0 : -ESRCH;
	}
	if (pid == (int)0x80000000)
		return -ESRCH; /* -pid would overflow */
	return kill_pgrp_info(-pid, &info);
}
SYSCALL(__NR_kill, kill, sys_kill);

/* The signal is for the thread tid, whatever its group. */
static long sys_tkill(unsigned long tid, unsigned long usig)
{
	/* clang-format off */
	struct ksiginfo info = { .signo = (int)usig, .code = SI_TKILL,
				 .pid = current_proc()->pid, .uid = current_proc()->cred.uid };
	/* clang-format on */

	unsigned long flags;
	long rc;

	if ((int)tid <= 0 || (int)usig < 0 || (int)usig > NSIG)
		return -EINVAL;
	flags = arch_local_irq_save();
	rc = send_info(find_process((int)tid), &info, true);
	arch_local_irq_restore(flags);
	return rc;
}
SYSCALL(__NR_tkill, tkill, sys_tkill);

static long sys_tgkill(unsigned long tgid, unsigned long tid, unsigned long usig)
{
	/* clang-format off */
	struct ksiginfo info = { .signo = (int)usig, .code = SI_TKILL,
				 .pid = current_proc()->pid, .uid = current_proc()->cred.uid };
	/* clang-format on */
	struct process *p;
	unsigned long flags;
	long rc;

	if ((int)tgid <= 0 || (int)tid <= 0 || (int)usig < 0 || (int)usig > NSIG)
		return -EINVAL;
	flags = arch_local_irq_save();
	p = find_process((int)tid);
	if (p && p->tgid != (int)tgid)
		p = NULL;
	rc = send_info(p, &info, true);
	arch_local_irq_restore(flags);
	return rc;
}
SYSCALL(__NR_tgkill, tgkill, sys_tgkill);

/* stack_t as sigaltstack() passes it. */
struct ustack {
	u64 ss_sp;
	s32 ss_flags;
	s32 pad;
	u64 ss_size;
};

static long sys_sigaltstack(unsigned long uss, unsigned long uoss)
{
	struct thread_sig *ts = current->sig;
	u64 sp = current_syscall_regs()->rsp;
	struct ksigaltstack cur = ts->altstack;
	struct ustack ss, oss;
	u32 mode;

	if (uss && copy_from_user(&ss, (const void *)uss, sizeof(ss)))
		return -EFAULT;
	if (uss) {
		if (on_altstack(&cur, sp))
			return -EPERM;
		mode = (u32)ss.ss_flags & ~SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode != SS_DISABLE && ss.ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		/* Only its own thread uses the alternate stack: no interrupt reads it. */
		if (mode == SS_DISABLE)
			altstack_disable(&ts->altstack);
		else
			ts->altstack = (struct ksigaltstack){ ss.ss_sp, ss.ss_size,
							      (u32)ss.ss_flags & SS_AUTODISARM };
	}
	if (uoss) {
		memset(&oss, 0, sizeof(oss));
		oss.ss_sp = cur.sp;
		oss.ss_size = cur.size;
		if (!cur.size)
			oss.ss_flags = SS_DISABLE;
		else
			oss.ss_flags = (s32)((on_altstack(&cur, sp) ? SS_ONSTACK : 0) |
					     (cur.flags & SS_AUTODISARM));
		if (copy_to_user((void *)uoss, &oss, sizeof(oss)))
			return -EFAULT;
	}
	return 0;
}
SYSCALL(__NR_sigaltstack, sigaltstack, sys_sigaltstack);
