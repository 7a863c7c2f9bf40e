/*
 * Restartable sequences (kernel/rseq.c). A thread registers a struct rseq
 * in its own memory. The kernel keeps the CPU number there current, and
 * when it switches the thread out or delivers it a signal while it runs
 * inside the critical section that the area's rseq_cs describes, it
 * resumes the thread at that section's abort handler instead.
 *
 * The work waits for the return to user mode (kernel/syscall.c), and is
 * only done when the thread's rseq_resume flag says so (set by a switch,
 * a fork or the registration), or right before a signal frame is built:
 * a thread without a registration never pays more than that flag's test.
 */
#ifndef KERNEL_RSEQ_H
#define KERNEL_RSEQ_H

#include <kernel/compiler.h>
#include <kernel/proc.h>
#include <kernel/sched.h>

struct pt_regs;

/* t leaves the CPU (schedule()): if it has an area, work for its return. Interrupts off. */
static inline void rseq_preempt(struct thread *t)
{
	if (t->proc && t->proc->rseq)
		t->rseq_resume = true;
}

/*
 * The work itself, for the current thread about to enter user mode at
 * regs: the abort of an interrupted critical section, then the CPU
 * number. Clears rseq_resume. A bad area or section queues SIGSEGV.
 */
void rseq_handle_resume(struct pt_regs *regs);

/* Before a signal frame saves regs: its handler returns to the abort handler, as in Linux. */
static inline void rseq_signal_deliver(const struct process *p, struct pt_regs *regs)
{
	if (p->rseq)
		rseq_handle_resume(regs);
}

/* fork and clone: the child keeps the area (at the same address) unless it shares the memory. */
void rseq_fork(struct process *child, struct thread *t, const struct process *parent,
	       bool shares_vm);
/* execve: the new program starts with no area. */
void rseq_execve(struct process *p);

#endif
