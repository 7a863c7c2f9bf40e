/*
 * The end of a process: exit releases everything but the process entry,
 * which stays a zombie holding the status until the parent collects it
 * with wait4. Orphans go to process 1. When process 1 itself ends, the
 * boot ends with its status as the verdict.
 */
#define pr_fmt(fmt) "exit: " fmt

#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <kernel/cputime.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/signal_ext.h>
#include <kernel/syscall.h>
#include <kernel/tty.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

#define WNOHANG	   1
#define WUNTRACED  2
#define WCONTINUED 8
#define __WALL	   0x40000000
#define __WCLONE   0x80000000

void do_exit(int status)
{
	struct process *p = current_proc(), *c, *n, *init = find_process(1);
	unsigned long flags;

	if (p->pid == 1) {
		pr_info("init exited with status %#x: %s\n", status,
			status == 0 ? "boot ends: pass" : "boot ends: fail");
		machine_exit(status == 0 ? EXIT_PASS : EXIT_FAIL);
	}
	if (p->files) {
		files_close_all(p->files);
		p->files = NULL;
	}
	if (p->cwd) {
		inode_put(p->cwd);
		p->cwd = NULL;
	}
	inode_put(p->root);
	p->root = NULL;
	/* A thread library waits on this word; single-threaded, it only needs the zero. */
	if (p->clear_child_tid) {
		int zero = 0;

		copy_to_user((void *)p->clear_child_tid, &zero, sizeof(zero));
	}
	if (p->mm) {
		struct mm *mm = p->mm;

		/* Detached first: a preemption meanwhile must not switch back to it. */
		p->mm = NULL;
		write_cr3(kernel_pgd());
		mm_destroy(mm);
	}
	if (p->sid == p->pid)
		tty_session_ended(p->sid);
	signal_exit(p);
	cputime_exit(p); /* the zombie's times are final */

	flags = arch_local_irq_save();
	list_for_each_entry_safe(c, n, &p->children, sibling) {
		list_del(&c->sibling);
		c->parent = init;
		list_add_tail(&c->sibling, &init->children);
		if (c->state == PROC_ZOMBIE)
			wake_up_all(&init->child_wait);
	}
	p->exit_status = status;
	p->state = PROC_ZOMBIE;
	if (p->parent) {
		send_signal(p->parent, SIGCHLD);
		wake_up_all(&p->parent->child_wait);
	}
	p->thread->proc = NULL; /* the thread dies as a kernel thread */
	p->thread = NULL;
	arch_local_irq_restore(flags);
	kthread_exit();
}

static long sys_exit(unsigned long code)
{
	do_exit((int)((code & 0xff) << 8));
}
SYSCALL(__NR_exit, exit, sys_exit);
SYSCALL(__NR_exit_group, exit_group, sys_exit);

struct wait_match {
	int pid; /* as wait4 takes it */
	struct process *self;
};

static bool matches(const struct process *c, const struct process *self, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == self->pgid;
	if (pid < -1)
		return c->pgid == -pid;
	return true;
}

/* A child whose state wait4 should report now, or NULL; *any says if pid matched any child. */
static struct process *reportable(struct process *self, int pid, int options, bool *any)
{
	struct process *c;

	*any = false;
	list_for_each_entry(c, &self->children, sibling) {
		if (!matches(c, self, pid))
			continue;
		*any = true;
		if (c->state == PROC_ZOMBIE)
			return c;
		if ((options & WUNTRACED) && c->state == PROC_STOPPED && !c->status_reported)
			return c;
		if ((options & WCONTINUED) && c->exit_status == 0xffff && !c->status_reported)
			return c;
	}
	return NULL;
}

static long sys_wait4(unsigned long upid, unsigned long ustatus, unsigned long options,
		      unsigned long rusage)
{
	struct process *self = current_proc(), *c;
	int pid = (int)upid, status, cpid;
	struct rusage ru;
	unsigned long flags;
	bool any;

	if (options & ~(unsigned long)(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == (int)0x80000000) /* -pid would overflow */
		return -ESRCH;
	flags = arch_local_irq_save();
	for (;;) {
		c = reportable(self, pid, (int)options, &any);
		if (c || !any || (options & WNOHANG))
			break;
		if (signal_pending()) {
			arch_local_irq_restore(flags);
			return -ERESTARTSYS; /* restarted under SA_RESTART, else EINTR */
		}
		wait_queue_sleep(&self->child_wait);
	}
	arch_local_irq_restore(flags);
	if (!any)
		return -ECHILD;
	if (!c)
		return 0;
	status = c->exit_status;
	cpid = c->pid;
	/* The child's usage, its reaped children's included. */
	fill_rusage(c, RUSAGE_BOTH, &ru);
	if (c->state == PROC_ZOMBIE) {
		cputime_reap(self, c);
		process_free(c);
	} else {
		c->status_reported = true;
	}
	/* Reported (and reaped) even when the answer cannot be written, as in Linux. */
	if (ustatus && copy_to_user((void *)ustatus, &status, sizeof(status)))
		return -EFAULT;
	if (rusage && copy_to_user((void *)rusage, &ru, sizeof(ru)))
		return -EFAULT;
	return cpid;
}
SYSCALL(__NR_wait4, wait4, sys_wait4);
