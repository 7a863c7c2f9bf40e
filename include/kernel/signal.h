/*
 * Signals, with Linux's numbers and structures (kernel/signal.c). Delivery
 * happens on the way back to user mode: default actions, or a frame on the
 * user stack that enters the handler and returns through rt_sigreturn.
 * Where the state lives (per thread, per process) is <kernel/signal_ext.h>.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <kernel/types.h>

#define SIGHUP	 1
#define SIGINT	 2
#define SIGQUIT	 3
#define SIGILL	 4
#define SIGTRAP	 5
#define SIGABRT	 6
#define SIGBUS	 7
#define SIGFPE	 8
#define SIGKILL	 9
#define SIGUSR1	 10
#define SIGSEGV	 11
#define SIGUSR2	 12
#define SIGPIPE	 13
#define SIGALRM	 14
#define SIGTERM	 15
#define SIGCHLD	 17
#define SIGCONT	 18
#define SIGSTOP	 19
#define SIGTSTP	 20
#define SIGTTIN	 21
#define SIGTTOU	 22
#define SIGWINCH 28
#define NSIG	 64

#define SIG_DFL 0UL
#define SIG_IGN 1UL

#define SA_NOCLDSTOP 0x00000001
#define SA_SIGINFO   0x00000004
#define SA_ONSTACK   0x08000000
#define SA_RESTORER  0x04000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define sigmask(sig) (1ULL << ((sig)-1))

/* struct sigaction as the rt_sigaction system call passes it. */
struct k_sigaction {
	u64 handler;
	u64 flags;
	u64 restorer;
	u64 mask;
};

struct process;
struct pt_regs;

/* Queues sig for p and wakes it if it sleeps interruptibly. 0 or -errno. */
int send_signal(struct process *p, int sig);
/* To every process in a process group. */
int send_signal_pgrp(int pgid, int sig);
/* A fault in user mode: SIGSEGV (or another) with the faulting address. */
void force_fault_signal(int sig, int code, u64 addr);
/* True when the current thread has a signal it should act on now. */
bool signal_pending(void);
/*
 * Whether the current thread blocks sig or its process sets it to SIG_IGN
 * (a default action that ignores does not count): job control's test.
 */
bool signal_blocked_or_ignored(int sig);
/* Called on every return to user mode: acts on pending signals. */
void deliver_signals(struct pt_regs *regs);

#endif
