/*
 * The kernel side of signals beyond <kernel/signal.h>: restart codes for
 * interrupted system calls, the details a handler's siginfo carries, where
 * the per-thread and per-process state lives, and the architecture's
 * signal frame hooks (kernel/signal.c, signal_state.c, sys_signal.c).
 */
#ifndef KERNEL_SIGNAL_EXT_H
#define KERNEL_SIGNAL_EXT_H

#include <kernel/resource.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/time.h>
#include <kernel/types.h>

/*
 * A system call interrupted by a signal returns one of these (negated);
 * deliver_signals() turns it into -EINTR or a restart, so user space never
 * sees them. The values are Linux's.
 *
 *  ERESTARTSYS:	restart unless a handler without SA_RESTART runs
 *  ERESTARTNOINTR:	always restart
 *  ERESTARTNOHAND:	restart unless a handler runs (pause, sigsuspend)
 *  ERESTART_RESTARTBLOCK: like ERESTARTNOHAND, but the restart calls
 *			restart_syscall, which continues from the current
 *			process's restart block (relative nanosleep)
 */
#define ERESTARTSYS	      512
#define ERESTARTNOINTR	      513
#define ERESTARTNOHAND	      514
#define ERESTART_RESTARTBLOCK 516

#define __NR_restart_syscall 219

/* si_code values. */
#define SI_USER	      0
#define SI_KERNEL     0x80
#define SI_TIMER      (-2)
#define SI_TKILL      (-6)
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

#define SIGURG	23
#define SIGPROF 27
#define SIGSYS	31

#define SS_ONSTACK    1
#define SS_DISABLE    2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ   2048

/* What a handler's siginfo says about one signal. */
struct ksiginfo {
	int signo;
	int code;
	int pid;    /* sender, or the child for SIGCHLD */
	u32 uid;    /* the sender's (the child's) real uid */
	int status; /* SIGCHLD: exit code or signal */
	u64 addr;   /* fault address, with fault */
	bool fault; /* raised by a fault: si_addr is meaningful */
};

/* An alternate signal stack (sigaltstack). */
struct ksigaltstack {
	u64 sp;
	u64 size;
	u32 flags; /* SS_DISABLE, SS_AUTODISARM */
};

/* How an interrupted system call continues after restart_syscall. */
struct restart_block {
	long (*fn)(struct restart_block *rb);
	u64 deadline_ns; /* clock_ns() deadline */
	u64 uaddr;	 /* where to write the time remaining, or 0 */
	int clockid;
};

/*
 * Where signal and resource state lives, split the way threads share it
 * (kernel/signal_state.c has the life cycle, Documentation/processes.md
 * the picture):
 *
 *  struct thread_sig	one per user thread (struct thread's sig): what
 *			belongs to the thread that runs, not to its process
 *  struct sighand	the actions, shared by threads (and processes) that
 *			share handlers (CLONE_SIGHAND)
 *  struct thread_group	one per process, shared by all its threads
 *			(CLONE_THREAD): Linux's signal_struct
 *
 * A process has one thread today; the next step adds more without moving
 * any of this. Made by signal_init() or signal_fork(), never from
 * interrupt context. The thread's part goes at exit, the shared parts
 * when the last process holding them is reaped.
 *
 * One CPU: interrupts off is the lock for all of it, which is also what
 * keeps it safe against the tty and timers sending signals from interrupt
 * context.
 */

/*
 * Signals sent and not yet acted on, each with the siginfo it will carry.
 * A second standard signal while one is pending merges into it, keeping
 * the first one's siginfo.
 */
struct sigpending {
	u64 set;
	u64 info_valid; /* info[] holds a record for these */
	struct {
		s32 pid;
		u32 uid;
		s16 code;
		s16 status;
	} info[NSIG];
};

struct thread_sig {
	u64 blocked;
	struct sigpending pending; /* directed at this thread: tkill, tgkill, faults */
	u64 forced;		   /* pending signals raised by a fault, ... */
	u64 fault_addr;		   /* ... the last one's address ... */
	int fault_code;		   /* ... and si_code */
	u64 saved_mask;		   /* sigsuspend, ppoll: the mask to restore ... */
	bool restore_mask;	   /* ... once the signal that ended the wait is dealt with */
	u64 sigwait;		   /* sigtimedwait(): waited for, so never dropped */
	struct ksigaltstack altstack;
	struct restart_block restart;
};

struct sighand {
	unsigned int refs;
	struct k_sigaction action[NSIG];
};

struct thread_group {
	unsigned int refs;
	struct process *leader;	   /* the process ITIMER_REAL signals */
	struct sigpending pending; /* directed at the process: kill, the tty, timers */
	struct rlimit64 rlim[RLIM_NLIMITS];
	struct list_head threads;     /* the live threads (process thread_node) */
	unsigned int nr_threads;      /* how many */
	bool group_exit;	      /* exit_group or a fatal signal: all threads end ... */
	int group_exit_status;	      /* ... with this wait4() status */
	struct process *execer;	      /* a thread in execve, waiting for the others to end */
	struct wait_queue child_wait; /* wait4() of any of the threads sleeps here */
	u32 membarrier;		      /* MEMBARRIER_CMD_REGISTER_* done */
	struct timer itimer;	      /* ITIMER_REAL (kernel/time_sys.c) */
	u64 itimer_interval_ns;

	/*
	 * CPU time (kernel/cputime.c): the group's threads', alive or gone,
	 * up to each one's last fold (the running one may have more) ...
	 */
	u64 utime_ns, stime_ns;
	u64 cutime_ns, cstime_ns; /* ... and its reaped children's, theirs included */
	/* clock_nanosleep() on the group's CPU clock sleeps here */
	struct wait_queue cpu_wait;
};

struct process;
struct thread;

/* send_signal() with a siginfo (the sender of kill(), a timer). */
int send_signal_info(struct process *p, const struct ksiginfo *info);

/*
 * The life cycle, each step as Linux does it:
 *  signal_init:    pid 1's state: nothing blocked or pending, default
 *		    actions, no alternate stack, default resource limits.
 *  signal_fork:    the child (p, with its thread t) gets copies of the
 *		    calling thread's mask and alternate stack and of its
 *		    process's actions and resource limits; nothing pending,
 *		    no interval timer. 0 or -ENOMEM, with nothing left
 *		    allocated.
 *  signal_exec:    handlers go back to SIG_DFL (SIG_IGN stays), flags and
 *		    the alternate stack are cleared; mask, pending signals,
 *		    limits and the interval timer stay.
 *  signal_exit:    the interval timer stops and the thread's own state
 *		    goes; later signals for the process are dropped.
 *  signal_release: at reap, the process lets go of the shared parts.
 */
int signal_init(struct process *p, struct thread *t);
/* Another reference to tg, and giving one up (the last frees it). */
struct thread_group *thread_group_get(struct thread_group *tg);
void thread_group_put(struct thread_group *tg);
int signal_fork(struct process *p, struct thread *t);
/* The same for clone: CLONE_SIGHAND shares the actions, CLONE_THREAD the group. */
int signal_clone(struct process *p, struct thread *t, u64 clone_flags);
void signal_exec(struct process *p);
void signal_exit(struct process *p);
void signal_release(struct process *p);

/*
 * A wait under a temporary mask (sigsuspend, ppoll, pselect):
 * sigmask_wait_begin() installs mask on the current thread and returns the
 * mask it had. sigmask_wait_end() puts that back at once, or, when the
 * wait was interrupted (the call returns a restart code), only after the
 * signal that ended it is handled: restoring it first could block that
 * signal again and restart the call for ever. Kernel threads have no mask:
 * both do nothing there.
 */
u64 sigmask_wait_begin(u64 mask);
void sigmask_wait_end(u64 saved, bool interrupted);

/* The architecture's signal frame (arch/x86/kernel/sigframe.c). */
struct pt_regs;
/*
 * Builds a frame that enters ka->handler for info->signo, saving regs,
 * oldmask and uc_stack; stack_top is where the frame goes below (0: the
 * interrupted stack, below its red zone). Sets regs to enter the handler.
 * 0, or -EFAULT when the frame cannot be written.
 */
int arch_setup_rt_frame(struct pt_regs *regs, const struct k_sigaction *ka,
			const struct ksiginfo *info, u64 oldmask,
			const struct ksigaltstack *uc_stack, u64 stack_top);
/*
 * rt_sigreturn: restores regs and the FPU from the frame at the user's
 * stack; returns the saved mask and uc_stack. 0, or -EFAULT for a bad frame.
 */
int arch_restore_rt_frame(struct pt_regs *regs, u64 *mask, struct ksigaltstack *uc_stack);
/* Writes the 128-byte user siginfo for info at uaddr: 0 or -EFAULT. */
int arch_copy_siginfo_to_user(u64 uaddr, const struct ksiginfo *info);

#endif
