/* The process table: pids, lookup, and the current process. */
#define pr_fmt(fmt) "proc: " fmt

#include <asm/irqflags.h>
#include <kernel/cred.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>

static LIST_HEAD(processes);
static int next_pid = 1;

struct process *current_proc(void)
{
	return current->proc;
}

struct process *find_process(int pid)
{
	struct process *p;

	list_for_each_entry(p, &processes, all)
		if (p->pid == pid)
			return p;
	return NULL;
}

/*
 * With interrupts off throughout: a preemption could let a parent reap
 * (and free) the process the walk stands on or goes to next.
 */
int for_each_process(int (*fn)(struct process *p, void *arg), void *arg)
{
	unsigned long flags = arch_local_irq_save();
	struct process *p, *n;
	int rc = 0;

	list_for_each_entry_safe(p, n, &processes, all) {
		rc = fn(p, arg);
		if (rc)
			break;
	}
	arch_local_irq_restore(flags);
	return rc;
}

/* A zeroed process with a fresh pid, on the process list. */
struct process *process_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p));
	unsigned long flags;

	if (!p)
		return NULL;
	list_init(&p->children);
	list_init(&p->sibling);
	wait_queue_init(&p->child_wait);
	p->umask = 022;
	p->start_ns = clock_ns();
	flags = arch_local_irq_save();
	/* pids are not reused while the one after them is still taken. */
	do {
		p->pid = next_pid++;
		if (next_pid >= PID_MAX)
			next_pid = 2;
	} while (find_process(p->pid) && p->pid != 1);
	list_add_tail(&p->all, &processes);
	arch_local_irq_restore(flags);
	return p;
}

void process_free(struct process *p)
{
	unsigned long flags = arch_local_irq_save();

	list_del(&p->all);
	list_del(&p->sibling);
	arch_local_irq_restore(flags);
	signal_release(p);
	cred_release(p);
	kfree(p);
}

unsigned int nr_processes(void)
{
	struct process *p;
	unsigned int n = 0;

	list_for_each_entry(p, &processes, all)
		n++;
	return n;
}
