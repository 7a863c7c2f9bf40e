/*
 * The end of a process: exit releases everything but the process entry,
 * which stays a zombie holding the status until the parent collects it
 * with wait4. Orphans go to process 1. When process 1 itself ends, the
 * boot ends with its status as the verdict.
 */
#define pr_fmt(fmt) "exit: " fmt

#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <kernel/clone.h>
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

/* The group of leader has ended: its parent hears of it. Interrupts off. */
static void notify_group_end(struct process *leader)
{
	struct process *parent = leader->parent;
	int st = leader->exit_status;
	struct ksiginfo info = { .signo = leader->exit_signal, .pid = leader->pid };

	if (!parent)
		return;
	info.uid = leader->cred.uid;
	if ((st & 0x7f) == 0) {
		info.code = CLD_EXITED;
		info.status = (st >> 8) & 0xff;
	} else {
		info.code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info.status = st & 0x7f;
	}
	if (leader->exit_signal)
		send_signal_info(parent, &info);
	wake_up_all(&parent->tg->child_wait);
}

void do_exit(int status)
{
	struct process *p = current_proc(), *c, *n, *heir, *init = find_process(1);
	struct thread_group *tg = p->tg;
	struct files *files;
	unsigned long flags;
	bool last;

	if (p->tgid == 1 && tg->nr_threads == 1) {
		pr_info("init exited with status %#x: %s\n", status,
			status == 0 ? "boot ends: pass" : "boot ends: fail");
		machine_exit(status == 0 ? EXIT_PASS : EXIT_FAIL);
	}
	/* While the memory is still there: robust futexes, the join word. */
	if (p->mm)
		exit_thread_user(p);
	vfork_release(p);
	/* Detached first: /proc (fs/procfs_fd.c) must not find a table being torn down. */
	files = p->files;
	p->files = NULL;
	files_put(files);
	if (p->cwd) {
		inode_put(p->cwd);
		p->cwd = NULL;
	}
	inode_put(p->root);
	p->root = NULL;
	if (p->mm) {
		struct mm *mm = p->mm;

		/* Detached first: a preemption meanwhile must not switch back to it. */
		p->mm = NULL;
		write_cr3(kernel_pgd());
		mm_put(mm);
	}
	/* The session leader's group has gone when its last thread goes. */
	if (p->sid == p->tgid && tg->nr_threads == 1)
		tty_session_ended(p->sid);
	signal_exit(p);
	cputime_exit(p); /* the zombie's times are final */

	flags = arch_local_irq_save();
	list_del(&p->thread_node);
	tg->nr_threads--;
	last = tg->nr_threads == 0;
	/* Children go to another thread of the group, else to init. */
	heir = last ? init : list_first_entry(&tg->threads, struct process, thread_node);
	list_for_each_entry_safe(c, n, &p->children, sibling) {
		list_del(&c->sibling);
		c->parent = heir;
		list_add_tail(&c->sibling, &heir->children);
		if (c->state == PROC_ZOMBIE && group_dead(c))
			wake_up_all(&heir->tg->child_wait);
	}
	p->exit_status = status;
	p->state = PROC_ZOMBIE;
	if (tg->execer && tg->nr_threads == 1)
		wake_up_thread(tg->execer->thread);
	if (last) {
		struct process *leader = tg->leader;

		/* Reported as the leader, with the group's status if the group was ended. */
		if (tg->group_exit)
			leader->exit_status = tg->group_exit_status;
		notify_group_end(leader);
	}
	p->thread->proc = NULL; /* the thread dies as a kernel thread */
	p->thread = NULL;
	/* A thread other than the leader is nobody's child: nobody reaps it but itself. */
	if (tg->leader != p)
		process_free(p);
	arch_local_irq_restore(flags);
	kthread_exit();
}

/* exit ends the calling thread, exit_group all of them. */
static long sys_exit(unsigned long code)
{
	do_exit((int)((code & 0xff) << 8));
}
SYSCALL(__NR_exit, exit, sys_exit);

static long sys_exit_group(unsigned long code)
{
	do_group_exit((int)((code & 0xff) << 8));
}
SYSCALL(__NR_exit_group, exit_group, sys_exit_group);

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

/* A child of thread t whose state wait4 should report now, or NULL; *any says if pid matched. */
static struct process *reportable_of(struct process *t, struct process *self, int pid,
				     int options, bool *any)
{
	struct process *c;

	list_for_each_entry(c, &t->children, sibling) {
		if (!matches(c, self, pid))
			continue;
		/* Without __WALL, only __WCLONE sees children that signal anything but SIGCHLD. */
		if (!(options & __WALL) && ((c->exit_signal != SIGCHLD) ^ !!(options & __WCLONE)))
			continue;
		*any = true;
		/* A leader that ended before its threads waits for them. */
		if (c->state == PROC_ZOMBIE && group_dead(c))
			return c;
		if ((options & WUNTRACED) && c->state == PROC_STOPPED && !c->status_reported)
			return c;
		if ((options & WCONTINUED) && c->exit_status == 0xffff && !c->status_reported)
			return c;
	}
	return NULL;
}

/* The same over the children of every thread of self's group: they are the group's. */
static struct process *reportable(struct process *self, int pid, int options, bool *any)
{
	struct process *t, *c;

	*any = false;
	list_for_each_entry(t, &self->tg->threads, thread_node) {
		c = reportable_of(t, self, pid, options, any);
		if (c)
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

	options = (u32)options; /* an int: __WCLONE arrives sign-extended */
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
		wait_queue_sleep(&self->tg->child_wait);
	}
	if (!c) {
		arch_local_irq_restore(flags);
		return any ? 0 : -ECHILD;
	}
	/*
	 * Taken in the same section that found it: once interrupts are on, a
	 * preemption may let another thread of ours wait too, and it must
	 * not find the same child (nor a stopped one that died meanwhile).
	 */
	status = c->exit_status;
	cpid = c->pid;
	/* The child's usage, its reaped children's included. */
	fill_rusage(c, RUSAGE_BOTH, &ru);
	if (c->state == PROC_ZOMBIE) {
		cputime_reap(self, c);
		list_del(&c->all);
		list_del(&c->sibling);
	} else {
		c->status_reported = true;
		c = NULL;
	}
	arch_local_irq_restore(flags);
	if (c)
		process_free(c); /* off the lists already; the rest goes here */
	/* Reported (and reaped) even when the answer cannot be written, as in Linux. */
	if (ustatus && copy_to_user((void *)ustatus, &status, sizeof(status)))
		return -EFAULT;
	if (rusage && copy_to_user((void *)rusage, &ru, sizeof(ru)))
		return -EFAULT;
	return cpid;
}
SYSCALL(__NR_wait4, wait4, sys_wait4);
