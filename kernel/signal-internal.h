/*
 * Shared by kernel/signal.c (sending, delivery), kernel/sys_signal.c (the
 * system calls) and kernel/signal_state.c (the life cycle).
 */
#ifndef KERNEL_SIGNAL_INTERNAL_H
#define KERNEL_SIGNAL_INTERNAL_H

#include <kernel/compiler.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>

/* SIGKILL and SIGSTOP can be neither blocked, caught nor ignored. */
#define UNBLOCKABLE  (sigmask(SIGKILL) | sigmask(SIGSTOP))
#define STOP_SIGNALS (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | \
		      sigmask(SIGTTOU))
#define DFL_IGNORED (sigmask(SIGCHLD) | sigmask(SIGWINCH) | sigmask(SIGURG) | \
		     sigmask(SIGCONT))

static inline bool valid_signal(int sig)
{
	return sig >= 1 && sig <= NSIG;
}

/* Whether p's action for sig is to ignore it, explicitly or by default. */
static inline bool sig_ignored(const struct process *p, int sig)
{
	u64 h = p->sighand->action[sig - 1].handler;

	if (h == SIG_IGN)
		return true;
	return h == SIG_DFL && (sigmask(sig) & DFL_IGNORED);
}

/* Signals pending for the thread ts of p: its own and its process's. */
static inline u64 pending_for(const struct process *p, const struct thread_sig *ts)
{
	return ts->pending.set | p->tg->pending.set;
}

/*
 * Queues info->signo for p: for the process (any thread may take it), or
 * with to_thread for its thread only (tkill, tgkill). 0 or -errno.
 */
int send_info(struct process *p, const struct ksiginfo *info, bool to_thread);
/* To every process of group pgid. */
int kill_pgrp_info(int pgid, const struct ksiginfo *info);
/* Takes the pending sig off ts or p, whichever has it (ts first), with its siginfo. */
void dequeue_signal(struct process *p, struct thread_sig *ts, int sig, struct ksiginfo *info);
/* Drops the signals in m from every pending set of p, siginfo included. Interrupts off. */
void flush_pending(struct process *p, u64 m);
/*
 * pause(), sigsuspend() and sigtimedwait() sleep here; a signal wakes the
 * thread itself (wake_up_thread()), so nobody wakes the queue.
 */
extern struct wait_queue pause_wq;
/* Sleeps until a signal is deliverable. Interrupts off. */
void sleep_for_signal(void);

void altstack_disable(struct ksigaltstack *ss);
bool on_altstack(const struct ksigaltstack *ss, u64 sp);
/* A signal frame that cannot be built or trusted: the process dies of SIGSEGV. */
__noreturn void kill_bad_frame(struct process *p, const char *why, int sig, u64 addr);

#endif
