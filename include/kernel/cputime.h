/*
 * CPU time (kernel/cputime.c): each process's user and system time; the
 * CPU-time clocks built on them; and what times(), getrusage() and
 * wait4() report.
 *
 * Two ways, chosen at boot. Exact (the default): the clock (clock_ns())
 * is read at every entry to and exit from the kernel and at every
 * switch, so the figures are exact rather than sampled. Sampled, when a
 * clock read traps (rdtsc emulated by Xen: each read is an exit to the
 * hypervisor, thousands of instructions, twice per system call): the
 * clock is read only at switches, exits and reads of the figures, so
 * each process's total run time stays exact, and a 100 Hz tick while a
 * process runs samples whether it was in user mode or in the kernel;
 * the total is split in the ratio of the samples, as Linux's default
 * tick accounting does. cputime=exact or cputime=sampled on the command
 * line overrides the choice.
 *
 * The hooks run with interrupts off. Between two of them a running
 * process is either in user mode (from cputime_leave_kernel() to
 * cputime_enter_kernel()) or in the kernel (otherwise).
 */
#ifndef KERNEL_CPUTIME_H
#define KERNEL_CPUTIME_H

#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/types.h>

/*
 * p's time since its last charge, as user time (on the way into the
 * kernel) or system time (on the way out, or when switched away from). p
 * runs; interrupts off. Only the process's own figures: its group's are
 * brought up to date when it is switched away from, exits, or someone
 * reads them (cputime.c), so the system-call path pays one clock read and
 * two stores each way.
 */
static inline void cputime_charge(struct process *p, bool user)
{
	u64 now = clock_ns(), d = now > p->acct_ns ? now - p->acct_ns : 0;

	p->acct_ns = now;
	if (user)
		p->utime_ns += d;
	else
		p->stime_ns += d;
}

/* True when the figures are sampled (above); set once, at boot. */
extern bool cputime_sampled;

/* Entered the kernel from user mode (system call, interrupt, exception). */
static inline void cputime_enter_kernel(void)
{
	if (current->proc && !cputime_sampled)
		cputime_charge(current->proc, true);
}

/* About to return to user mode. */
static inline void cputime_leave_kernel(void)
{
	if (current->proc && !cputime_sampled)
		cputime_charge(current->proc, false);
}

/*
 * Whether the interrupt being handled came from user mode: the sampling
 * tick's answer. Set by the interrupt entry (x86_interrupt()).
 */
extern bool cputime_irq_from_user;

/* A backend says reading its clock traps (why, for the log): sample. */
void cputime_clock_traps(const char *why);
/* After the command line and the clock: settles the way and says it. */
void cputime_init(void);
/* schedule() switches from prev to next at now (after the run queue is settled). */
void cputime_switch(struct thread *prev, struct thread *next, u64 now);
/* The exiting process's last charge, before it becomes a zombie. */
void cputime_exit(struct process *p);
/* wait4 reaps child: its times, and its children's, go to parent's children totals. */
void cputime_reap(struct process *parent, struct process *child);

/*
 * The CPU-time clocks: CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID
 * and the ids Linux makes from a pid (clock_getcpuclockid(),
 * pthread_getcpuclockid()). Each returns 0 or the errno Linux gives.
 */
bool is_cpu_clock(int id);
int cpu_clock_get(int id, u64 *ns);
int cpu_clock_set_check(int id);
/* clock_nanosleep() on one: a relative or absolute (TIMER_ABSTIME) deadline. */
long cpu_clock_nanosleep(int id, bool abs, u64 ns, u64 urem);

/* struct rusage of the Linux x86_64 ABI (getrusage, wait4). */
struct timeval64 {
	s64 tv_sec;
	s64 tv_usec;
};

struct rusage {
	struct timeval64 ru_utime;
	struct timeval64 ru_stime;
	s64 ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
	s64 ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_BOTH	(-2) /* wait4's: the child's own and its reaped children's */
#define RUSAGE_THREAD	1

/* Fills ru with p's usage of kind who (RUSAGE_*). */
void fill_rusage(const struct process *p, int who, struct rusage *ru);

#endif
