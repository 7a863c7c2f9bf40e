/*
 * CPU time (kernel/cputime.c): each process's user and system time,
 * charged with the clock (clock_ns()) at every entry to and exit from the
 * kernel and at every switch, so the figures are exact rather than
 * sampled; the CPU-time clocks built on them; and what times(),
 * getrusage() and wait4() report.
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

/* Entered the kernel from user mode (system call, interrupt, exception). */
static inline void cputime_enter_kernel(void)
{
	if (current->proc)
		cputime_charge(current->proc, true);
}

/* About to return to user mode. */
static inline void cputime_leave_kernel(void)
{
	if (current->proc)
		cputime_charge(current->proc, false);
}
/* schedule() switches from prev to next (after the run queue is settled). */
void cputime_switch(struct thread *prev, struct thread *next);
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
