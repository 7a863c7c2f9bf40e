/*
 * Signals: sending (to a process or to one thread), the default actions
 * (terminate, ignore, stop, continue), and delivery to user handlers
 * through an rt_sigframe built by the architecture
 * (arch/x86/kernel/sigframe.c). The system calls are in sys_signal.c;
 * where the state lives is described in <kernel/signal_ext.h>.
 *
 * One CPU: everything that reads and then changes signal state does so
 * with interrupts off, which is also what makes it safe against the tty
 * and timers sending signals from interrupt context.
 */
#define pr_fmt(fmt) "signal: " fmt

#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/ptrace.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/rseq.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>

#include "signal-internal.h"

#define SIGXCPU 24
#define SIGXFSZ 25

#define DFL_COREDUMP (sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) | \
		      sigmask(SIGABRT) | sigmask(SIGBUS) | sigmask(SIGFPE) |  \
		      sigmask(SIGSEGV) | sigmask(SIGSYS) | sigmask(SIGXCPU) | \
		      sigmask(SIGXFSZ))

/* wait4() status bit for "core dumped" (none is written, but shells say so). */
#define WCOREFLAG 0x80

/* Stopped processes sleep here; SIGCONT and SIGKILL wake them one by one. */
static struct wait_queue stopped_wq = WAIT_QUEUE_INIT(stopped_wq);
static void stop_wait(struct process *p);
struct wait_queue pause_wq = WAIT_QUEUE_INIT(pause_wq);

static const char *const signal_names[32] = {
	/* clang-format off */
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP",
	[SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
	[SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH", [SIGSYS] = "SIGSYS",
	/* clang-format on */
};

static const char *signal_name(int sig)
{
	if (sig > 0 && sig < 32 && signal_names[sig])
		return signal_names[sig];
	return "signal";
}

/* The signals the thread ts of p would act on now. */
static u64 deliverable(const struct process *p, const struct thread_sig *ts)
{
	return pending_for(p, ts) & ~(ts->blocked & ~UNBLOCKABLE);
}

/* ---------------------------------------------------------------- sending */

/* Tells p's parent that p's group stopped or continued: wait4() and SIGCHLD. */
static void notify_parent(struct process *p, int code, int status)
{
	struct process *parent;
	struct ksiginfo info;

	p = group_leader(p);
	parent = p->parent;
	info = (struct ksiginfo){
		/* clang-format off */
		.signo = SIGCHLD, .code = code, .pid = p->pid, .uid = p->cred.uid, .status = status,
		/* clang-format on */
	};

	if (!parent)
		return;
	wake_up_all(&parent->tg->child_wait);
	if (!(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		send_info(parent, &info, false);
}

/* SIGKILL or SIGCONT for a stopped process: all its threads run again. Interrupts off. */
static void wake_stopped(struct process *p, int sig)
{
	struct process *leader = group_leader(p), *t;
	bool stopped = false;

	list_for_each_entry(t, &p->tg->threads, thread_node) {
		if (t->state != PROC_STOPPED)
			continue;
		stopped = true;
		t->state = PROC_RUNNING;
		wake_up_thread(t->thread);
	}
	if (leader->state == PROC_STOPPED) {
		stopped = true;
		leader->state = PROC_RUNNING;
	}
	if (stopped && sig == SIGCONT) {
		leader->exit_status = 0xffff;
		leader->status_reported = false;
		notify_parent(leader, CLD_CONTINUED, SIGCONT);
	}
}

/*
 * The thread that takes a signal for p: p's own thread for a
 * thread-directed one; for the process, p if it does not block it, else
 * a live thread of the group that does not, else p (or any live thread):
 * the signal waits in the group's set for a thread that unblocks it.
 */
static struct process *signal_target(struct process *p, u64 m, bool to_thread)
{
	struct process *t;

	if (p->thread && p->thread->sig &&
	    (to_thread || !(p->thread->sig->blocked & m & ~UNBLOCKABLE)))
		return p;
	if (to_thread)
		return NULL;
	list_for_each_entry(t, &p->tg->threads, thread_node)
		if (t->thread && t->thread->sig && !(t->thread->sig->blocked & m & ~UNBLOCKABLE))
			return t;
	if (p->thread && p->thread->sig)
		return p;
	list_for_each_entry(t, &p->tg->threads, thread_node)
		if (t->thread && t->thread->sig)
			return t;
	return NULL;
}

static void record_info(struct sigpending *q, const struct ksiginfo *info)
{
	int i = info->signo - 1;

	q->info[i].pid = info->pid;
	q->info[i].uid = info->uid;
	q->info[i].code = (s16)info->code;
	q->info[i].status = (s16)info->status;
	q->info_valid |= sigmask(info->signo);
}

static void sigpending_flush(struct sigpending *q, u64 m)
{
	q->set &= ~m;
	q->info_valid &= ~m;
}

void flush_pending(struct process *p, u64 m)
{
	struct thread_sig *ts = p->thread ? p->thread->sig : NULL;

	sigpending_flush(&p->tg->pending, m);
	if (ts) {
		sigpending_flush(&ts->pending, m);
		ts->forced &= ~m;
	}
}

/*
 * Whether the sender of a signal from user space (kill, tkill, tgkill)
 * may send it to p: to itself, to processes of its own user (kernel/cred.c)
 * or as root; SIGCONT also within its session, which job control needs.
 */
static bool may_send(const struct process *p, const struct ksiginfo *info)
{
	struct process *self = current_proc();

	if (info->code != SI_USER && info->code != SI_TKILL)
		return true;
	if (!self || p == self || may_signal(p))
		return true;
	return info->signo == SIGCONT && p->sid == self->sid;
}

int send_info(struct process *p, const struct ksiginfo *info, bool to_thread)
{
	int sig = info->signo;
	struct thread_sig *ts;
	struct process *target;
	struct sigpending *q;
	unsigned long flags;
	u64 m;
	bool blocked, allowed;

	if (!p)
		return -ESRCH;
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	/*
	 * Signal 0 asks exactly this: whether the process exists and may be
	 * signalled. Its ids are read whole (set*id installs them with
	 * interrupts off).
	 */
	flags = arch_local_irq_save();
	allowed = may_send(p, info);
	arch_local_irq_restore(flags);
	if (!allowed)
		return -EPERM;
	if (sig == 0 || !p->tg || group_dead(p))
		return 0;
	m = sigmask(sig);

	/* Against senders in interrupts and the target's own exit. */
	flags = arch_local_irq_save();
	/*
	 * A thread with its signal state takes it; without, it is exiting
	 * (or the whole group is): the signal could not be acted on any more.
	 */
	target = p->tg ? signal_target(p, m, to_thread) : NULL;
	ts = target ? target->thread->sig : NULL;
	if (!ts)
		goto out;
	if (sig == SIGKILL || sig == SIGCONT)
		wake_stopped(p, sig);
	/* A continue cancels a pending stop and the other way round. */
	if (sig == SIGCONT)
		flush_pending(p, STOP_SIGNALS);
	else if (m & STOP_SIGNALS)
		flush_pending(p, sigmask(SIGCONT));

	blocked = (ts->blocked & ~UNBLOCKABLE & m) != 0;
	/* sigtimedwait() unblocks what it waits for, yet it must not be dropped. */
	if (!blocked && sig_ignored(p, sig) && !(ts->sigwait & m))
		goto out;
	/* Like Linux, init gets only the signals it has handlers for. */
	if (p->tgid == 1 && !blocked && p->sighand->action[sig - 1].handler == SIG_DFL)
		goto out;
	/*
	 * A second standard signal merges with the one pending in the same
	 * set, siginfo and all; pending in both sets, it is delivered twice.
	 */
	q = to_thread ? &ts->pending : &p->tg->pending;
	if (!(q->set & m))
		record_info(q, info);
	q->set |= m;
	/* A signalfd (kernel/signalfd.c) or a poll of one may be waiting for it. */
	fs_poll_wake();
	/*
	 * A sleeper notices in wait_event_interruptible(); a stopped process
	 * stays stopped until SIGCONT or SIGKILL (woken above).
	 */
	if (!blocked && target->state != PROC_STOPPED)
		wake_up_thread(target->thread);
out:
	arch_local_irq_restore(flags);
	return 0;
}

int send_signal_info(struct process *p, const struct ksiginfo *info)
{
	return send_info(p, info, false);
}

int send_signal(struct process *p, int sig)
{
	struct process *cur = in_irq ? NULL : current_proc();
	struct ksiginfo info = { .signo = sig, .code = SI_KERNEL };

	/* SIGCHLD from an exiting child (kernel/exit.c): say which and how. */
	if (sig == SIGCHLD && cur && cur->parent == p) {
		int st = cur->exit_status;

		info.pid = cur->pid;
		info.uid = cur->cred.uid;
		if ((st & 0x7f) == 0) {
			info.code = CLD_EXITED;
			info.status = (st >> 8) & 0xff;
		} else {
			info.code = (st & WCOREFLAG) ? CLD_DUMPED : CLD_KILLED;
			info.status = st & 0x7f;
		}
	}
	return send_info(p, &info, false);
}

struct group_kill {
	int pgid;
	int found;
	int sent;
	int err;
	const struct ksiginfo *info;
};

static int group_kill_fn(struct process *p, void *arg)
{
	struct group_kill *g = arg;
	int rc;

	/* Once per process: its leader stands for the group. */
	if (p->pgid != g->pgid || group_leader(p) != p)
		return 0;
	g->found++;
	rc = send_info(p, g->info, false);
	if (rc)
		g->err = rc;
	else
		g->sent++;
	return 0;
}

int kill_pgrp_info(int pgid, const struct ksiginfo *info)
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
	/* One member reached is success, as in Linux; else the last refusal. */
	return g.sent ? 0 : g.err;
}

int send_signal_pgrp(int pgid, int sig)
{
	struct ksiginfo info = { .signo = sig, .code = SI_KERNEL };

	return kill_pgrp_info(pgid, &info);
}

void force_fault_signal(int sig, int code, u64 addr)
{
	struct process *p = current_proc();
	struct thread_sig *ts = current->sig;
	struct ksiginfo info = { .signo = sig, .code = code };
	struct k_sigaction *ka;
	unsigned long flags;
	u64 m;

	if (!p || !ts || !valid_signal(sig))
		return;
	m = sigmask(sig);
	/* Against a sender in an interrupt changing the same sets. */
	flags = arch_local_irq_save();
	ka = &p->sighand->action[sig - 1];
	/*
	 * The faulting instruction would only fault again: an ignored or
	 * blocked fault signal reverts to its default action, as in Linux.
	 */
	if (ka->handler == SIG_IGN || (ts->blocked & m)) {
		ka->handler = SIG_DFL;
		ts->blocked &= ~m;
	}
	/* The faulting thread's, and nobody else's. */
	ts->fault_addr = addr;
	ts->fault_code = code;
	record_info(&ts->pending, &info);
	ts->forced |= m;
	ts->pending.set |= m;
	arch_local_irq_restore(flags);
}

bool signal_pending(void)
{
	struct process *p = current_proc();
	struct thread_sig *ts = current->sig;

	return p && ts && deliverable(p, ts) != 0;
}

void sleep_for_signal(void)
{
	while (!signal_pending())
		wait_queue_sleep(&pause_wq);
}

bool signal_blocked_or_ignored(int sig)
{
	struct process *p = current_proc();
	struct thread_sig *ts = current->sig;

	if (!p || !ts || !valid_signal(sig))
		return false;
	return (ts->blocked & sigmask(sig)) || p->sighand->action[sig - 1].handler == SIG_IGN;
}

u64 sigmask_wait_begin(u64 mask)
{
	struct thread_sig *ts = current->sig;
	unsigned long flags;
	u64 old;

	if (!ts)
		return 0;
	/* Against a sender in an interrupt testing the mask half-way. */
	flags = arch_local_irq_save();
	old = ts->blocked;
	ts->blocked = mask & ~UNBLOCKABLE;
	arch_local_irq_restore(flags);
	return old;
}

void sigmask_wait_end(u64 saved, bool interrupted)
{
	struct thread_sig *ts = current->sig;
	unsigned long flags;

	if (!ts)
		return;
	/* The same, and deliver_signals() reads saved_mask with restore_mask. */
	flags = arch_local_irq_save();
	if (interrupted) {
		ts->saved_mask = saved;
		ts->restore_mask = true;
	} else {
		ts->blocked = saved;
	}
	arch_local_irq_restore(flags);
}

/* ---------------------------------------------------------------- delivery */

void dequeue_signal(struct process *p, struct thread_sig *ts, int sig, struct ksiginfo *info)
{
	u64 m = sigmask(sig);
	struct sigpending *q = (ts->pending.set & m) ? &ts->pending : &p->tg->pending;

	memset(info, 0, sizeof(*info));
	info->signo = sig;
	info->code = SI_KERNEL;
	if (q->info_valid & m) {
		info->pid = q->info[sig - 1].pid;
		info->uid = q->info[sig - 1].uid;
		info->code = q->info[sig - 1].code;
		info->status = q->info[sig - 1].status;
	}
	if (q == &ts->pending && (ts->forced & m)) {
		info->fault = true;
		info->addr = ts->fault_addr;
		info->code = ts->fault_code;
		ts->forced &= ~m;
	}
	sigpending_flush(q, m);
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
	do_group_exit(sig | ((sigmask(sig) & DFL_COREDUMP) ? WCOREFLAG : 0));
}

__noreturn void kill_bad_frame(struct process *p, const char *why, int sig, u64 addr)
{
	if (sig)
		printk(KERN_ERR "%s[%d]: %s for signal %d at %#llx, killed by SIGSEGV\n",
		       p->comm, p->pid, why, sig, (unsigned long long)addr);
	else
		printk(KERN_ERR "%s[%d]: %s at %#llx, killed by SIGSEGV\n", p->comm, p->pid,
		       why, (unsigned long long)addr);
	do_group_exit(SIGSEGV | WCOREFLAG);
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

/*
 * A default stop: the whole group stops; each other thread finds itself
 * stopped on its way back to user mode (stop_wait()). The parent hears of
 * it through the leader. Interrupts off.
 */
static void do_stop(struct process *p, int sig)
{
	struct process *leader = group_leader(p), *t;

	list_for_each_entry(t, &p->tg->threads, thread_node) {
		t->state = PROC_STOPPED;
		if (t != p)
			wake_up_thread(t->thread);
	}
	if (leader->state != PROC_ZOMBIE)
		leader->state = PROC_STOPPED;
	leader->exit_status = (sig << 8) | 0x7f;
	leader->status_reported = false;
	notify_parent(leader, CLD_STOPPED, sig);
	stop_wait(p);
}

/* Sleeps while p's group is stopped (until SIGCONT or SIGKILL). Interrupts off. */
static void stop_wait(struct process *p)
{
	while (p->state == PROC_STOPPED)
		wait_queue_sleep(&stopped_wq);
}

bool on_altstack(const struct ksigaltstack *ss, u64 sp)
{
	return ss->size && sp > ss->sp && sp - ss->sp <= ss->size;
}

void altstack_disable(struct ksigaltstack *ss)
{
	ss->sp = 0;
	ss->size = 0;
	ss->flags = SS_DISABLE;
}

/* Sets up the user handler of sig. */
static void handle_signal(struct process *p, struct thread_sig *ts, const struct k_sigaction *ka,
			  const struct ksiginfo *info, struct pt_regs *regs)
{
	int sig = info->signo;
	struct ksigaltstack uc_stack = ts->altstack;
	u64 oldmask, stack_top = 0, m = sigmask(sig);
	unsigned long flags;

	/* musl and glibc always give a restorer; without one there is no way back. */
	if (!(ka->flags & SA_RESTORER) || ka->restorer >= USER_TOP)
		kill_bad_frame(p, "no SA_RESTORER", sig, ka->restorer);
	if (ka->handler >= USER_TOP)
		kill_bad_frame(p, "handler outside user space", sig, ka->handler);

	oldmask = ts->restore_mask ? ts->saved_mask : ts->blocked;
	if ((ka->flags & SA_ONSTACK) && !(ts->altstack.flags & SS_DISABLE) &&
	    !on_altstack(&ts->altstack, regs->rsp))
		stack_top = ts->altstack.sp + ts->altstack.size;
	rseq_signal_deliver(p, regs);
	if (arch_setup_rt_frame(regs, ka, info, oldmask, &uc_stack, stack_top))
		kill_bad_frame(p, "cannot write the signal frame", sig,
			       stack_top ? stack_top : regs->rsp);

	/* Against a sender in an interrupt testing the mask half-way. */
	flags = arch_local_irq_save();
	ts->restore_mask = false;
	if (ts->altstack.flags & SS_AUTODISARM)
		altstack_disable(&ts->altstack);
	ts->blocked |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		ts->blocked |= m;
	ts->blocked &= ~UNBLOCKABLE;
	if (ka->flags & SA_RESETHAND)
		p->sighand->action[sig - 1].handler = SIG_DFL;
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
	regs->rip -= 2; /* back onto the two-byte syscall instruction */
}

/*
 * The lowest-numbered deliverable signal, the thread's and the process's
 * alike; a fault comes first: its handler must see the faulting context.
 */
static int next_signal(const struct process *p, const struct thread_sig *ts)
{
	u64 ready = deliverable(p, ts);

	if (!ready)
		return 0;
	if (ready & ts->forced)
		ready &= ts->forced;
	return __builtin_ctzll(ready) + 1;
}

/* deliver_signals() once a signal may be due or a restart code waits: out of line. */
static __noinline void deliver_pending(struct process *p, struct thread_sig *ts,
				       struct pt_regs *regs, bool in_syscall)
{
	unsigned long flags;

	for (;;) {
		struct k_sigaction ka;
		struct ksiginfo info;
		int sig;

		/* Choosing and taking one signal, against senders in interrupts. */
		flags = arch_local_irq_save();
		/* Another thread ended the group, or stopped it. */
		if (p->tg->group_exit) {
			arch_local_irq_restore(flags);
			do_exit(p->tg->group_exit_status);
		}
		if (p->state == PROC_STOPPED) {
			stop_wait(p);
			arch_local_irq_restore(flags);
			continue;
		}
		sig = next_signal(p, ts);
		if (!sig) {
			arch_local_irq_restore(flags);
			break;
		}
		ka = p->sighand->action[sig - 1];
		dequeue_signal(p, ts, sig, &info);
		if (ka.handler == SIG_DFL && (sigmask(sig) & STOP_SIGNALS) && p->tgid != 1) {
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
			if (p->tgid == 1 && !info.fault)
				continue;
			die_by_signal(p, sig, &info, regs);
		}
		if (in_syscall) {
			syscall_restart(regs, &ka);
			in_syscall = false;
		}
		handle_signal(p, ts, &ka, &info, regs);
	}
	if (in_syscall)
		syscall_restart(regs, NULL);
	/* sigsuspend() without a handler run: its mask goes away now. */
	if (ts->restore_mask) {
		flags = arch_local_irq_save();
		ts->blocked = ts->saved_mask;
		ts->restore_mask = false;
		arch_local_irq_restore(flags);
	}
}

/*
 * On every return to user mode, so the common case, nothing pending and no
 * restart code to resolve (sigsuspend's mask comes with one too), costs a
 * few loads and no stack frame.
 */
void deliver_signals(struct pt_regs *regs)
{
	struct thread *t = current;
	struct thread_sig *ts = t->sig;
	struct process *p = t->proc;
	/* A system call's frame: vector -1 and the number where the error code goes. */
	bool in_syscall = regs->vector == (u64)-1 && (s64)regs->error_code >= 0;

	if (!p || !ts || !user_mode(regs))
		return;
	if (!READ_ONCE(ts->pending.set) && !READ_ONCE(p->tg->pending.set) &&
	    READ_ONCE(p->state) != PROC_STOPPED &&
	    !(in_syscall && (s64)regs->rax <= -ERESTARTSYS && (s64)regs->rax >= -ERESTART_RESTARTBLOCK))
		return;
	deliver_pending(p, ts, regs, in_syscall);
}
