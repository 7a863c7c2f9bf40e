/*
 * The kernel side of signals beyond <kernel/signal.h>: restart codes for
 * interrupted system calls, the details a handler's siginfo carries, the
 * architecture's signal frame hooks, and per-process state that struct
 * process has no field for (kernel/signal.c).
 */
#ifndef KERNEL_SIGNAL_EXT_H
#define KERNEL_SIGNAL_EXT_H

#include <kernel/list.h>
#include <kernel/resource.h>
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
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516

#define __NR_restart_syscall	219

/* si_code values. */
#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_TIMER	(-2)
#define SI_TKILL	(-6)
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

#define SIGURG		23
#define SIGPROF		27
#define SIGSYS		31

#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

/* What a handler's siginfo says about one signal. */
struct ksiginfo {
	int signo;
	int code;
	int pid;		/* sender, or the child for SIGCHLD */
	int status;		/* SIGCHLD: exit code or signal */
	u64 addr;		/* fault address, with fault */
	bool fault;		/* raised by a fault: si_addr is meaningful */
};

/* An alternate signal stack (sigaltstack). */
struct ksigaltstack {
	u64 sp;
	u64 size;
	u32 flags;		/* SS_DISABLE, SS_AUTODISARM */
};

/* How an interrupted system call continues after restart_syscall. */
struct restart_block {
	long (*fn)(struct restart_block *rb);
	u64 deadline_ns;	/* clock_ns() deadline */
	u64 uaddr;		/* where to write the time remaining, or 0 */
	int clockid;
};

/*
 * Per-process state kept beside struct process, found by the process and
 * checked against its pid and start time so that a recycled struct never
 * sees another process's state. Created on first need; freed by
 * signal_exit(), or found dead and freed later.
 */
struct proc_extra {
	struct list_head list;
	struct process *proc;
	int pid;
	u64 start_ns;
	const struct mm *mm;		/* the image the alternate stack belongs to */

	struct ksigaltstack altstack;
	struct {
		s32 pid;
		s16 code;
		s16 status;
	} info[NSIG];			/* siginfo of each pending signal ... */
	u64 info_valid;			/* ... where one was recorded */
	u64 forced;			/* pending signals raised by a fault */
	u64 saved_mask;			/* sigsuspend: the mask to restore ... */
	bool restore_mask;		/* ... once the signal is dealt with */
	u64 sigwait;			/* sigtimedwait(): waited for, so never dropped */
	struct restart_block restart;

	struct timer itimer;		/* ITIMER_REAL (kernel/time_sys.c) */
	u64 itimer_interval_ns;

	struct rlimit64 rlim[RLIM_NLIMITS];
};

/* p's extra state; NULL when there is none and create is false or memory ran out. */
struct proc_extra *proc_extra(struct process *p, bool create);
/* The live process e belongs to, or NULL; callable from interrupt context. */
struct process *proc_extra_owner(struct proc_extra *e);

/* send_signal() with a siginfo (the sender of kill(), a timer). */
int send_signal_info(struct process *p, const struct ksiginfo *info);

/*
 * Process life-cycle hooks. None is required for correctness of the rest,
 * but each makes Linux's semantics exact:
 *  signal_fork: the child inherits the alternate stack and resource limits.
 *  signal_exec: handlers go back to SIG_DFL (SIG_IGN stays), flags and
 *		 the alternate stack are cleared; mask and pending stay.
 *  signal_exit: cancels the interval timer and frees the extra state.
 */
void signal_fork(struct process *child, struct process *parent);
void signal_exec(struct process *p);
void signal_exit(struct process *p);

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
