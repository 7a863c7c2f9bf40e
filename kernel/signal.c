/*
 * Signals: sending, the default actions (terminate, ignore, stop,
 * continue), delivery to user handlers through an rt_sigframe built by
 * the architecture (arch/x86/kernel/sigframe.c), and the system calls
 * that manage actions, masks and waiting.
 *
 * One CPU: everything that reads and then changes signal state does so
 * with interrupts off, which is also what makes it safe against the tty
 * and timers sending signals from interrupt context.
 */
#define pr_fmt(fmt) "signal: " fmt

#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/ptrace.h>
#include <kernel/errno.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

#include "signal-internal.h"

#define SIGXCPU		24
#define SIGXFSZ		25

/* SIGKILL and SIGSTOP can be neither blocked, caught nor ignored. */
#define UNBLOCKABLE	(sigmask(SIGKILL) | sigmask(SIGSTOP))
#define STOP_SIGNALS	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | \
			 sigmask(SIGTTOU))
#define DFL_IGNORED	(sigmask(SIGCHLD) | sigmask(SIGWINCH) | sigmask(SIGURG) | \
			 sigmask(SIGCONT))
#define DFL_COREDUMP	(sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) | \
			 sigmask(SIGABRT) | sigmask(SIGBUS) | sigmask(SIGFPE) | \
			 sigmask(SIGSEGV) | sigmask(SIGSYS) | sigmask(SIGXCPU) | \
			 sigmask(SIGXFSZ))

/* wait4() status bit for "core dumped" (none is written, but shells say so). */
#define WCOREFLAG	0x80

/* Stopped processes sleep here; SIGCONT and SIGKILL wake them one by one. */
static struct wait_queue stopped_wq = WAIT_QUEUE_INIT(stopped_wq);
/* pause(), sigsuspend() and sigtimedwait() sleep here until a signal wakes them. */
static struct wait_queue pause_wq = WAIT_QUEUE_INIT(pause_wq);

static const char *const signal_names[32] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP",
	[SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
	[SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH", [SIGSYS] = "SIGSYS",
};

static const char *signal_name(int sig)
{
	if (sig > 0 && sig < 32 && signal_names[sig])
		return signal_names[sig];
	return "signal";
}

static bool valid_signal(int sig)
{
	return sig >= 1 && sig <= NSIG;
}

/* The signals p would act on now. */
static u64 deliverable(const struct process *p)
{
	return p->sig.pending & ~(p->sig.blocked & ~UNBLOCKABLE);
}

static bool sig_ignored(const struct process *p, int sig)
{
	u64 h = p->sig.action[sig - 1].handler;

	if (h == SIG_IGN)
		return true;
	return h == SIG_DFL && (sigmask(sig) & DFL_IGNORED);
}

/* ---------------------------------------------------------------- sending */

static int do_send(struct process *p, const struct ksiginfo *info);

/* Tells p's parent that p stopped or continued: wait4() and SIGCHLD. */
static void notify_parent(struct process *p, int code, int status)
{
	struct process *parent = p->parent;
	struct ksiginfo info = {
		.signo = SIGCHLD, .code = code, .pid = p->pid, .status = status,
	};

	if (!parent)
		return;
	wake_up_all(&parent->child_wait);
	if (!(parent->sig.action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		do_send(parent, &info);
}

/* SIGKILL or SIGCONT for a stopped process: it runs again. Interrupts off. */
static void wake_stopped(struct process *p, int sig)
{
	if (p->state != PROC_STOPPED)
		return;
	p->state = PROC_RUNNING;
	if (sig == SIGCONT) {
		p->exit_status = 0xffff;
		p->status_reported = false;
		notify_parent(p, CLD_CONTINUED, SIGCONT);
	}
	if (p->thread)
		wake_up_thread(p->thread);
}

static void record_info(struct proc_extra *e, const struct ksiginfo *info)
{
	int i = info->signo - 1;

	e->info[i].pid = info->pid;
	e->info[i].code = (s16)info->code;
	e->info[i].status = (s16)info->status;
	e->info_valid |= sigmask(info->signo);
}

static int do_send(struct process *p, const struct ksiginfo *info)
{
	int sig = info->signo;
	struct proc_extra *e;
	unsigned long flags;
	u64 m;
	bool blocked;

	if (!p)
		return -ESRCH;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (sig == 0 || p->state == PROC_ZOMBIE)
		return 0;
	m = sigmask(sig);
	/* Only for the siginfo: a signal goes through without it. */
	e = proc_extra(p, true);

	flags = arch_local_irq_save();
	if (p->state == PROC_ZOMBIE)
		goto out;
	if (sig == SIGKILL || sig == SIGCONT)
		wake_stopped(p, sig);
	/* A continue cancels a pending stop and the other way round. */
	if (sig == SIGCONT)
		p->sig.pending &= ~STOP_SIGNALS;
	else if (m & STOP_SIGNALS)
		p->sig.pending &= ~sigmask(SIGCONT);

	blocked = (p->sig.blocked & ~UNBLOCKABLE & m) != 0;
	/* sigtimedwait() unblocks what it waits for, yet it must not be dropped. */
	if (!blocked && sig_ignored(p, sig) && !(e && (e->sigwait & m)))
		goto out;
	/* Like Linux, init gets only the signals it has handlers for. */
	if (p->pid == 1 && !blocked && p->sig.action[sig - 1].handler == SIG_DFL)
		goto out;
	/* A second standard signal merges with the pending one and its siginfo. */
	if (e && !(p->sig.pending & m))
		record_info(e, info);
	p->sig.pending |= m;
	/*
	 * A sleeper notices in wait_event_interruptible(); a stopped process
	 * stays stopped until SIGCONT or SIGKILL (woken above).
	 */
	if (!blocked && p->thread && p->state != PROC_STOPPED)
		wake_up_thread(p->thread);
out:
	arch_local_irq_restore(flags);
	return 0;
}

int send_signal_info(struct process *p, const struct ksiginfo *info)
{
	return do_send(p, info);
}

int send_signal(struct process *p, int sig)
{
	struct process *cur = in_irq ? NULL : current_proc();
	struct ksiginfo info = { .signo = sig, .code = SI_KERNEL };

	/* SIGCHLD from an exiting child (kernel/exit.c): say which and how. */
	if (sig == SIGCHLD && cur && cur->parent == p) {
		int st = cur->exit_status;

		info.pid = cur->pid;
		if ((st & 0x7f) == 0) {
			info.code = CLD_EXITED;
			info.status = (st >> 8) & 0xff;
		} else {
			info.code = (st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
			info.status = st & 0x7f;
		}
	}
	return do_send(p, &info);
}

struct group_kill {
	int pgid;
	int found;
	int err;
	const struct ksiginfo *info;
};

static int group_kill_fn(struct process *p, void *arg)
{
	struct group_kill *g = arg;
	int rc;

	if (p->pgid != g->pgid)
		return 0;
	g->found++;
	rc = do_send(p, g->info);
	if (rc)
		g->err = rc;
	return 0;
}

static int kill_pgrp_info(int pgid, const struct ksiginfo *info)
{
	struct group_kill g = { .pgid = pgid, .info = info };
	unsigned long flags;

	if (info->signo < 0 || info->signo > NSIG)
		return -EINVAL;
	if (pgid <= 0)
		return -ESRCH;
	/* The process list must not change under the walk. */
	flags = arch_local_irq_save();
	for_each_process(group_kill_fn, &g);
	arch_local_irq_restore(flags);
	if (!g.found)
		return -ESRCH;
	return g.err;
}

int send_signal_pgrp(int pgid, int sig)
{
	struct ksiginfo info = { .signo = sig, .code = SI_KERNEL };

	return kill_pgrp_info(pgid, &info);
}

void force_fault_signal(int sig, int code, u64 addr)
{
	struct process *p = current_proc();
	struct k_sigaction *ka;
	struct proc_extra *e;
	unsigned long flags;
	u64 m;

	if (!p || !valid_signal(sig))
		return;
	m = sigmask(sig);
	e = proc_extra(p, true);
	flags = arch_local_irq_save();
	ka = &p->sig.action[sig - 1];
	/*
	 * The faulting instruction would only fault again: an ignored or
	 * blocked fault signal reverts to its default action, as in Linux.
	 */
	if (ka->handler == SIG_IGN || (p->sig.blocked & m)) {
		ka->handler = SIG_DFL;
		p->sig.blocked &= ~m;
	}
	p->sig.fault_addr = addr;
	p->sig.fault_code = code;
	if (e) {
		struct ksiginfo info = { .signo = sig, .code = code };

		record_info(e, &info);
		e->forced |= m;
	}
	p->sig.pending |= m;
	arch_local_irq_restore(flags);
}

bool signal_pending(void)
{
	struct process *p = current_proc();

	return p && deliverable(p) != 0;
}

/* ---------------------------------------------------------------- delivery */

/* Takes the siginfo recorded for sig out of e. */
static void collect_info(struct process *p, struct proc_extra *e, int sig,
			 struct ksiginfo *info)
{
	u64 m = sigmask(sig);

	memset(info, 0, sizeof(*info));
	info->signo = sig;
	info->code = SI_KERNEL;
	if (!e)
		return;
	if (e->info_valid & m) {
		info->pid = e->info[sig - 1].pid;
		info->code = e->info[sig - 1].code;
		info->status = e->info[sig - 1].status;
	}
	if (e->forced & m) {
		info->fault = true;
		info->addr = p->sig.fault_addr;
		info->code = p->sig.fault_code;
	}
	e->info_valid &= ~m;
	e->forced &= ~m;
}

static __noreturn void die_by_signal(struct process *p, int sig, const struct ksiginfo *info,
				     const struct pt_regs *regs)
{
	if (info->fault && (sig == SIGSEGV || sig == SIGBUS))
		printk(KERN_ERR "%s[%d]: killed by %s: bad access at %#llx, ip %#llx\n",
		       p->comm, p->pid, signal_name(sig), (unsigned long long)info->addr,
		       (unsigned long long)regs->rip);
	else if (info->fault)
		printk(KERN_ERR "%s[%d]: killed by %s at ip %#llx\n", p->comm, p->pid,
		       signal_name(sig), (unsigned long long)regs->rip);
	do_exit(sig | ((sigmask(sig) & DFL_COREDUMP) ? WCOREFLAG : 0));
}

static __noreturn void kill_bad_frame(struct process *p, const char *why, int sig, u64 addr)
{
	if (sig)
		printk(KERN_ERR "%s[%d]: %s for signal %d at %#llx, killed by SIGSEGV\n",
		       p->comm, p->pid, why, sig, (unsigned long long)addr);
	else
		printk(KERN_ERR "%s[%d]: %s at %#llx, killed by SIGSEGV\n", p->comm, p->pid,
		       why, (unsigned long long)addr);
	do_exit(SIGSEGV | WCOREFLAG);
}

struct orphan_query {
	int pgid, sid;
	bool orphaned;
};

static int orphan_fn(struct process *p, void *arg)
{
	struct orphan_query *q = arg;
	struct process *parent = p->parent;

	if (p->pgid != q->pgid || p->state == PROC_ZOMBIE || !parent || parent->pid == 1)
		return 0;
	if (parent->pgid != q->pgid && parent->sid == q->sid) {
		q->orphaned = false;
		return 1;
	}
	return 0;
}

/*
 * POSIX: a group is orphaned when no member has a parent in another group
 * of the same session (init does not count): nobody is left to continue
 * it, so the terminal's stop signals do not stop it.
 */
static bool pgrp_orphaned(const struct process *p)
{
	struct orphan_query q = { .pgid = p->pgid, .sid = p->sid, .orphaned = true };

	for_each_process(orphan_fn, &q);
	return q.orphaned;
}

/* A default stop: sleeps until SIGCONT or SIGKILL. Interrupts off. */
static void do_stop(struct process *p, int sig)
{
	p->state = PROC_STOPPED;
	p->exit_status = (sig << 8) | 0x7f;
	p->status_reported = false;
	notify_parent(p, CLD_STOPPED, sig);
	while (p->state == PROC_STOPPED)
		wait_queue_sleep(&stopped_wq);
}

static bool on_altstack(const struct ksigaltstack *ss, u64 sp)
{
	return ss->size && sp > ss->sp && sp - ss->sp <= ss->size;
}

/* Sets up the user handler of sig. */
static void handle_signal(struct process *p, struct proc_extra *e, const struct k_sigaction *ka,
			  const struct ksiginfo *info, struct pt_regs *regs)
{
	int sig = info->signo;
	struct ksigaltstack uc_stack = { 0, 0, SS_DISABLE };
	u64 oldmask, stack_top = 0, m = sigmask(sig);
	unsigned long flags;

	/* musl and glibc always give a restorer; without one there is no way back. */
	if (!(ka->flags & SA_RESTORER) || ka->restorer >= USER_TOP)
		kill_bad_frame(p, "no SA_RESTORER", sig, ka->restorer);
	if (ka->handler >= USER_TOP)
		kill_bad_frame(p, "handler outside user space", sig, ka->handler);

	oldmask = (e && e->restore_mask) ? e->saved_mask : p->sig.blocked;
	if (e) {
		uc_stack = e->altstack;
		if ((ka->flags & SA_ONSTACK) && !(e->altstack.flags & SS_DISABLE) &&
		    !on_altstack(&e->altstack, regs->rsp))
			stack_top = e->altstack.sp + e->altstack.size;
	}
	if (arch_setup_rt_frame(regs, ka, info, oldmask, &uc_stack, stack_top))
		kill_bad_frame(p, "cannot write the signal frame", sig,
			       stack_top ? stack_top : regs->rsp);

	flags = arch_local_irq_save();
	if (e) {
		e->restore_mask = false;
		if (e->altstack.flags & SS_AUTODISARM)
			extra_disable_altstack(e);
	}
	p->sig.blocked |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		p->sig.blocked |= m;
	p->sig.blocked &= ~UNBLOCKABLE;
	if (ka->flags & SA_RESETHAND)
		p->sig.action[sig - 1].handler = SIG_DFL;
	arch_local_irq_restore(flags);
}

/*
 * A system call that returned a restart code: with ka (a handler is about
 * to run) it may become -EINTR; otherwise the syscall instruction runs again.
 */
static void syscall_restart(struct pt_regs *regs, const struct k_sigaction *ka)
{
	long ret = (long)regs->rax;

	switch (ret) {
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		if (ka) {
			regs->rax = (u64)-EINTR;
			return;
		}
		break;
	case -ERESTARTSYS:
		if (ka && !(ka->flags & SA_RESTART)) {
			regs->rax = (u64)-EINTR;
			return;
		}
		break;
	case -ERESTARTNOINTR:
		break;
	default:
		return;
	}
	regs->rax = ret == -ERESTART_RESTARTBLOCK ? __NR_restart_syscall : regs->error_code;
	regs->rip -= 2;		/* back onto the two-byte syscall instruction */
}

static int next_signal(const struct process *p, const struct proc_extra *e)
{
	u64 ready = deliverable(p);

	if (!ready)
		return 0;
	/* A fault comes first: its handler must see the faulting context. */
	if (e && (ready & e->forced))
		ready &= e->forced;
	return __builtin_ctzll(ready) + 1;
}

void deliver_signals(struct pt_regs *regs)
{
	struct process *p = current_proc();
	struct proc_extra *e;
	/* A system call's frame: vector -1 and the number where the error code goes. */
	bool in_syscall = regs->vector == (u64)-1 && (s64)regs->error_code >= 0;
	unsigned long flags;

	if (!p || !user_mode(regs))
		return;
	/*
	 * The common case, on every return to user mode: nothing pending and
	 * no restart code to resolve (sigsuspend's mask comes with one too).
	 */
	if (!READ_ONCE(p->sig.pending) &&
	    !(in_syscall && (s64)regs->rax <= -ERESTARTSYS && (s64)regs->rax >= -ERESTART_RESTARTBLOCK))
		return;
	e = proc_extra(p, false);
	for (;;) {
		struct k_sigaction ka;
		struct ksiginfo info;
		int sig;

		flags = arch_local_irq_save();
		sig = next_signal(p, e);
		if (!sig) {
			arch_local_irq_restore(flags);
			break;
		}
		p->sig.pending &= ~sigmask(sig);
		ka = p->sig.action[sig - 1];
		collect_info(p, e, sig, &info);
		if (ka.handler == SIG_DFL && (sigmask(sig) & STOP_SIGNALS) && p->pid != 1) {
			/* With interrupts still off, so no SIGCONT slips in between. */
			if (sig == SIGSTOP || !pgrp_orphaned(p))
				do_stop(p, sig);
			arch_local_irq_restore(flags);
			continue;
		}
		arch_local_irq_restore(flags);

		if (ka.handler == SIG_IGN)
			continue;
		if (ka.handler == SIG_DFL) {
			if (sigmask(sig) & DFL_IGNORED)
				continue;
			/* init survives what it has no handler for, but not its own faults. */
			if (p->pid == 1 && !info.fault)
				continue;
			die_by_signal(p, sig, &info, regs);
		}
		if (in_syscall) {
			syscall_restart(regs, &ka);
			in_syscall = false;
		}
		handle_signal(p, e, &ka, &info, regs);
	}
	if (in_syscall)
		syscall_restart(regs, NULL);
	/* sigsuspend() without a handler run: its mask goes away now. */
	if (e && e->restore_mask) {
		flags = arch_local_irq_save();
		p->sig.blocked = e->saved_mask;
		e->restore_mask = false;
		arch_local_irq_restore(flags);
	}
}

/* ---------------------------------------------------------------- system calls */

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

	flags = arch_local_irq_save();
	old = p->sig.action[sig - 1];
	if (uact) {
		act.mask &= ~UNBLOCKABLE;
		p->sig.action[sig - 1] = act;
		/* POSIX: ignoring a pending signal discards it, blocked or not. */
		if (sig_ignored(p, sig))
			p->sig.pending &= ~sigmask(sig);
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
	struct process *p = current_proc();
	u64 old = p->sig.blocked, set, new;

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
		p->sig.blocked = new & ~UNBLOCKABLE;
	}
	if (uoset && copy_to_user((void *)uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_rt_sigprocmask, rt_sigprocmask, sys_rt_sigprocmask);

static long sys_rt_sigpending(unsigned long uset, unsigned long sigsetsize)
{
	struct process *p = current_proc();
	u64 set = p->sig.pending & p->sig.blocked;

	if (sigsetsize > sizeof(u64))
		return -EINVAL;
	return copy_to_user((void *)uset, &set, sigsetsize) ? -EFAULT : 0;
}
SYSCALL(__NR_rt_sigpending, rt_sigpending, sys_rt_sigpending);

/* Sleeps until a signal is deliverable. Interrupts off. */
static void sleep_for_signal(void)
{
	while (!signal_pending())
		wait_queue_sleep(&pause_wq);
}

static long sys_rt_sigsuspend(unsigned long umask, unsigned long sigsetsize)
{
	struct process *p = current_proc();
	struct proc_extra *e;
	unsigned long flags;
	u64 mask;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&mask, (const void *)umask, sizeof(mask)))
		return -EFAULT;
	e = proc_extra(p, true);
	if (!e)
		return -ENOMEM;
	flags = arch_local_irq_save();
	/* The old mask comes back after the handler (it is in its frame) or at once. */
	e->saved_mask = p->sig.blocked;
	e->restore_mask = true;
	p->sig.blocked = mask & ~UNBLOCKABLE;
	sleep_for_signal();
	arch_local_irq_restore(flags);
	return -ERESTARTNOHAND;
}
SYSCALL(__NR_rt_sigsuspend, rt_sigsuspend, sys_rt_sigsuspend);

static long sys_pause(void)
{
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
	struct proc_extra *e;
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

	e = proc_extra(p, true);
	if (!e)
		return -ENOMEM;

	flags = arch_local_irq_save();
	/* Waited-for signals are normally blocked: let them wake us meanwhile. */
	saved = p->sig.blocked;
	p->sig.blocked &= ~these;
	e->sigwait = these;
	for (;;) {
		u64 ready = p->sig.pending & these;

		if (ready) {
			sig = __builtin_ctzll(ready) + 1;
			p->sig.pending &= ~sigmask(sig);
			collect_info(p, e, sig, &info);
			break;
		}
		if (signal_pending() || (uts && clock_ns() >= deadline))
			break;
		if (uts)
			sleep_until(deadline);
		else
			wait_queue_sleep(&pause_wq);
	}
	p->sig.blocked = saved;
	e->sigwait = 0;
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
	struct ksigaltstack uss;
	struct proc_extra *e;
	u64 sp = regs->rsp, mask;
	unsigned long flags;

	if (arch_restore_rt_frame(regs, &mask, &uss))
		kill_bad_frame(p, "bad signal frame in rt_sigreturn", 0, sp - 8);

	/* Like Linux's restore_altstack(): ignored while still on the old one. */
	e = proc_extra(p, !(uss.flags & SS_DISABLE));
	flags = arch_local_irq_save();
	p->sig.blocked = mask & ~UNBLOCKABLE;
	if (e && !on_altstack(&e->altstack, sp)) {
		if (uss.flags & SS_DISABLE)
			extra_disable_altstack(e);
		else if (!(uss.flags & ~(SS_AUTODISARM | SS_ONSTACK)) && uss.size >= MINSIGSTKSZ)
			e->altstack = (struct ksigaltstack){ uss.sp, uss.size,
							     uss.flags & SS_AUTODISARM };
	}
	/* A pending restart belongs to a call that the handler interrupted. */
	if (e)
		e->restart.fn = NULL;
	arch_local_irq_restore(flags);
	/* rax is the interrupted code's: never mistake it for a restart code. */
	regs->error_code = (u64)-1;
	return (long)regs->rax;
}
SYSCALL(__NR_rt_sigreturn, rt_sigreturn, sys_rt_sigreturn);

static long sys_restart_syscall(void)
{
	struct proc_extra *e = proc_extra(current_proc(), false);
	long (*fn)(struct restart_block *rb);

	if (!e || !e->restart.fn)
		return -EINTR;
	fn = e->restart.fn;
	e->restart.fn = NULL;		/* fn arms it again if interrupted again */
	return fn(&e->restart);
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

	if (p->pid == 1 || p == k->self)
		return 0;
	k->found++;
	do_send(p, k->info);
	return 0;
}

static long sys_kill(unsigned long upid, unsigned long usig)
{
	struct process *self = current_proc();
	int pid = (int)upid, sig = (int)usig;
	struct ksiginfo info = { .signo = sig, .code = SI_USER, .pid = self->pid };
	struct kill_all k = { .self = self, .info = &info };
	unsigned long flags;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0)
		return do_send(find_process(pid), &info);
	if (pid == 0)
		return kill_pgrp_info(self->pgid, &info);
	if (pid == -1) {
		flags = arch_local_irq_save();
		for_each_process(kill_all_fn, &k);
		arch_local_irq_restore(flags);
		return k.found ? 0 : -ESRCH;
	}
	if (pid == (int)0x80000000)
		return -ESRCH;		/* -pid would overflow */
	return kill_pgrp_info(-pid, &info);
}
SYSCALL(__NR_kill, kill, sys_kill);

/* One thread per process: a thread id is the process id. */
static long sys_tkill(unsigned long tid, unsigned long usig)
{
	struct ksiginfo info = { .signo = (int)usig, .code = SI_TKILL,
				 .pid = current_proc()->pid };

	if ((int)tid <= 0 || (int)usig < 0 || (int)usig > NSIG)
		return -EINVAL;
	return do_send(find_process((int)tid), &info);
}
SYSCALL(__NR_tkill, tkill, sys_tkill);

static long sys_tgkill(unsigned long tgid, unsigned long tid, unsigned long usig)
{
	struct ksiginfo info = { .signo = (int)usig, .code = SI_TKILL,
				 .pid = current_proc()->pid };
	struct process *p;

	if ((int)tgid <= 0 || (int)tid <= 0 || (int)usig < 0 || (int)usig > NSIG)
		return -EINVAL;
	p = find_process((int)tid);
	if (p && p->pid != (int)tgid)
		p = NULL;
	return do_send(p, &info);
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
	struct process *p = current_proc();
	u64 sp = current_syscall_regs()->rsp;
	struct ksigaltstack cur = { 0, 0, SS_DISABLE };
	struct proc_extra *e;
	struct ustack ss, oss;
	unsigned long flags;
	u32 mode;

	if (uss && copy_from_user(&ss, (const void *)uss, sizeof(ss)))
		return -EFAULT;
	e = proc_extra(p, uss != 0);
	if (uss && !e)
		return -ENOMEM;
	flags = arch_local_irq_save();
	if (e)
		cur = e->altstack;
	arch_local_irq_restore(flags);

	if (uss) {
		if (on_altstack(&cur, sp))
			return -EPERM;
		mode = (u32)ss.ss_flags & ~SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode != SS_DISABLE && ss.ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		flags = arch_local_irq_save();
		if (mode == SS_DISABLE)
			extra_disable_altstack(e);
		else
			e->altstack = (struct ksigaltstack){ ss.ss_sp, ss.ss_size,
							     (u32)ss.ss_flags & SS_AUTODISARM };
		arch_local_irq_restore(flags);
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
