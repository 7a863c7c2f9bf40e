/*
 * Threads: processes that share a thread_group, and with it their mm,
 * descriptor table and signal actions (each counted). What a group does
 * as a whole lives here: its leader and parent, its end (exit_group and
 * fatal signals zap every thread; the leader stays a zombie until the
 * last thread is gone), execve from any thread (de_thread), clone3, and
 * the scheduling calls threads libraries ask about (affinity, getcpu,
 * membarrier). One CPU: interrupts off is the lock.
 */
#define pr_fmt(fmt) "thread: " fmt

#include <asm/irqflags.h>
#include <asm/process.h>
#include <kernel/clone.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

#include "signal-internal.h"

/* ---------------------------------------------------------------- what threads share */

struct mm *mm_get(struct mm *mm)
{
	unsigned long flags = arch_local_irq_save();

	mm->sharers++;
	arch_local_irq_restore(flags);
	return mm;
}

void mm_put(struct mm *mm)
{
	unsigned long flags = arch_local_irq_save();
	bool last = mm->sharers == 0;

	if (!last)
		mm->sharers--;
	arch_local_irq_restore(flags);
	if (last)
		mm_destroy(mm);
}

struct files *files_get(struct files *fs)
{
	unsigned long flags = arch_local_irq_save();

	fs->sharers++;
	arch_local_irq_restore(flags);
	return fs;
}

void files_put(struct files *fs)
{
	unsigned long flags;
	bool last;

	if (!fs)
		return;
	flags = arch_local_irq_save();
	last = fs->sharers == 0;
	if (!last)
		fs->sharers--;
	arch_local_irq_restore(flags);
	if (last)
		files_close_all(fs);
}

int files_unshare(struct process *p)
{
	struct files *own;

	if (!p->files || !p->files->sharers)
		return 0;
	own = files_dup(p->files);
	if (!own)
		return -ENOMEM;
	files_put(p->files);
	p->files = own;
	return 0;
}

/* ---------------------------------------------------------------- the group */

struct process *group_leader(const struct process *p)
{
	return p->tg ? p->tg->leader : (struct process *)p;
}

struct process *group_parent(const struct process *p)
{
	return group_leader(p)->parent;
}

bool group_dead(const struct process *p)
{
	return !p->tg || p->tg->nr_threads == 0;
}

/* A thread-directed SIGKILL for each other live thread: they end at their next chance. */
void zap_other_threads(struct process *p)
{
	struct process *t;

	list_for_each_entry(t, &p->tg->threads, thread_node) {
		struct thread_sig *ts = t->thread ? t->thread->sig : NULL;

		if (t == p || !ts)
			continue;
		ts->pending.set |= sigmask(SIGKILL);
		if (t->state == PROC_STOPPED)
			t->state = PROC_RUNNING;
		wake_up_thread(t->thread);
	}
}

void do_group_exit(int status)
{
	struct process *p = current_proc();
	struct thread_group *tg = p->tg;
	unsigned long flags = arch_local_irq_save();

	if (tg->group_exit) {
		status = tg->group_exit_status;
	} else if (!tg->execer) {
		/* The first to end the group says how; an execve in progress wins over it. */
		tg->group_exit = true;
		tg->group_exit_status = status;
		zap_other_threads(p);
	}
	arch_local_irq_restore(flags);
	do_exit(status);
}

/*
 * execve from a threaded process (Linux's de_thread()): every other thread
 * ends; a caller that is not the leader then takes the leader's place, pid
 * and parent included, and the old leader (a zombie by then) goes without
 * a word to the parent.
 */
int de_thread(struct process *p)
{
	struct thread_group *tg = p->tg;
	struct process *leader;
	unsigned long flags;

	if (tg->leader == p && tg->nr_threads == 1)
		return 0;
	flags = arch_local_irq_save();
	if (tg->group_exit || tg->execer) {
		/* Another thread ends the group or execs first: this one will be killed. */
		arch_local_irq_restore(flags);
		return -EINTR;
	}
	tg->execer = p;
	zap_other_threads(p);
	while (tg->nr_threads > 1) {
		if (current->sig->pending.set & sigmask(SIGKILL))
			break;
		current->state = THREAD_SLEEPING;
		schedule();
	}
	if (tg->nr_threads > 1) {
		tg->execer = NULL;
		arch_local_irq_restore(flags);
		return -EINTR;
	}
	leader = tg->leader;
	if (leader != p) {
		p->pid = leader->pid;
		p->parent = leader->parent;
		p->exit_signal = leader->exit_signal;
		p->start_ns = leader->start_ns;
		list_add(&p->sibling, &leader->sibling);
		list_del(&leader->sibling);
		tg->leader = p;
		arch_local_irq_restore(flags);
		process_free(leader);
		flags = arch_local_irq_save();
	}
	tg->execer = NULL;
	arch_local_irq_restore(flags);
	return 0;
}

void exit_thread_user(struct process *p)
{
	exit_robust_list(p);
	p->robust_list = 0;
	/* A thread library's join waits for this word to become 0. */
	if (p->clear_child_tid) {
		int zero = 0;

		if (!copy_to_user((void *)p->clear_child_tid, &zero, sizeof(zero)))
			futex_wake_shared(p->clear_child_tid, 1);
		p->clear_child_tid = 0;
	}
}

static int fs_sync_one(struct process *q, void *arg)
{
	struct process *p = arg;
	struct inode *old;

	if (q == p || q->fs_group != p->fs_group || q->state == PROC_ZOMBIE || !q->cwd)
		return 0;
	if (q->cwd != p->cwd) {
		old = q->cwd;
		q->cwd = p->cwd ? inode_get(p->cwd) : NULL;
		inode_put(old);
	}
	if (q->root != p->root) {
		old = q->root;
		q->root = p->root ? inode_get(p->root) : NULL;
		inode_put(old);
	}
	memcpy(q->cwd_path, p->cwd_path, sizeof(q->cwd_path));
	q->umask = p->umask;
	return 0;
}

/*
 * Sharing is kept as copies made equal at every change, so the rest of
 * the tree keeps reading p->cwd, p->root and p->umask. The old cwd or
 * root of the others is the caller's old one, still referenced by it: the
 * puts here never free an inode with interrupts off.
 */
void fs_share_sync(struct process *p)
{
	unsigned long flags;

	if (!p->fs_group)
		return;
	flags = arch_local_irq_save();
	for_each_process(fs_sync_one, p);
	arch_local_irq_restore(flags);
}

void vfork_release(struct process *p)
{
	unsigned long flags = arch_local_irq_save();
	struct process *parent = p->vfork_parent;

	if (parent) {
		p->vfork_parent = NULL;
		parent->vfork_waiting = false;
		wake_up_thread(parent->thread);
	}
	arch_local_irq_restore(flags);
}

/* ---------------------------------------------------------------- clone3 */

struct clone_args {
	u64 flags;
	u64 pidfd;
	u64 child_tid;
	u64 parent_tid;
	u64 exit_signal;
	u64 stack;
	u64 stack_size;
	u64 tls;
	u64 set_tid;
	u64 set_tid_size;
	u64 cgroup;
};

#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_ARGS_SIZE_VER2 88
#define MAX_PID_NS_LEVEL     32

/* clone3(args, size): Linux's checks of the structure, then clone's. */
static long sys_clone3(unsigned long uargs, unsigned long size)
{
	struct clone_args a = { 0 };
	struct clone_req req;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	/* A bigger structure from a newer library is fine if what we do not know is zero. */
	if (size > sizeof(a)) {
		u8 b;

		for (u64 off = sizeof(a); off < size; off++) {
			if (copy_from_user(&b, (const void *)(uargs + off), 1))
				return -EFAULT;
			if (b)
				return -E2BIG;
		}
	}
	if (copy_from_user(&a, (const void *)uargs, MIN(size, sizeof(a))))
		return -EFAULT;
	if (a.set_tid_size > MAX_PID_NS_LEVEL || (!a.set_tid && a.set_tid_size) ||
	    (a.set_tid && !a.set_tid_size))
		return -EINVAL;
	if (a.exit_signal & ~(u64)CSIGNAL || a.exit_signal > NSIG)
		return -EINVAL;
	if ((a.flags & CLONE_INTO_CGROUP) &&
	    (a.cgroup > 0x7fffffff || size < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	if (a.flags & ~(0xffffffffULL | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if ((a.flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((a.flags & (CLONE_THREAD | CLONE_PARENT)) && a.exit_signal)
		return -EINVAL;
	/* A stack is given as its lowest address and size: both, or neither. */
	if (a.stack ? (!a.stack_size || a.stack + a.stack_size > USER_TOP ||
		       a.stack + a.stack_size < a.stack) :
		      a.stack_size)
		return -EINVAL;
	/* Choosing one's pid is for a namespace's creator, cgroups do not exist: not here. */
	if (a.set_tid_size)
		return -EPERM;
	if (a.flags & CLONE_INTO_CGROUP)
		return -EINVAL;
	req.flags = a.flags & ~(CLONE_CLEAR_SIGHAND | CSIGNAL | CLONE_DETACHED);
	req.exit_signal = (int)a.exit_signal;
	req.stack = a.stack ? a.stack + a.stack_size : 0;
	req.ptid = a.parent_tid;
	req.ctid = a.child_tid;
	req.tls = a.tls;
	return do_clone(current_syscall_regs(), &req);
}
SYSCALL(__NR_clone3, clone3, sys_clone3);

/* ---------------------------------------------------------------- one CPU */

/* Bytes of a CPU mask as Linux reports them with one possible CPU: one long. */
#define CPUMASK_SIZE 8

static long affinity_target(unsigned long pid)
{
	if ((int)pid < 0)
		return -ESRCH;
	if (pid && !find_process((int)pid))
		return -ESRCH;
	return 0;
}

static long sys_sched_getaffinity(unsigned long pid, unsigned long len, unsigned long umask)
{
	u64 mask = 1; /* CPU 0 */
	long rc;

	if (len * 8 < 1 || (len & (sizeof(long) - 1)))
		return -EINVAL;
	rc = affinity_target(pid);
	if (rc)
		return rc;
	if (copy_to_user((void *)umask, &mask, CPUMASK_SIZE))
		return -EFAULT;
	return CPUMASK_SIZE;
}
SYSCALL(__NR_sched_getaffinity, sched_getaffinity, sys_sched_getaffinity);

/* Any mask that holds CPU 0 is the one possible; one without it is EINVAL. */
static long sys_sched_setaffinity(unsigned long pid, unsigned long len, unsigned long umask)
{
	u64 mask = 0;
	long rc;

	if (copy_from_user(&mask, (const void *)umask, MIN(len, (unsigned long)CPUMASK_SIZE)))
		return -EFAULT;
	rc = affinity_target(pid);
	if (rc)
		return rc;
	return (mask & 1) ? 0 : -EINVAL;
}
SYSCALL(__NR_sched_setaffinity, sched_setaffinity, sys_sched_setaffinity);

static long sys_getcpu(unsigned long ucpu, unsigned long unode, unsigned long cache)
{
	unsigned int zero = 0;

	if (ucpu && copy_to_user((void *)ucpu, &zero, sizeof(zero)))
		return -EFAULT;
	if (unode && copy_to_user((void *)unode, &zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_getcpu, getcpu, sys_getcpu);

#define MEMBARRIER_CMD_QUERY				    0
#define MEMBARRIER_CMD_GLOBAL				    (1 << 0)
#define MEMBARRIER_CMD_GLOBAL_EXPEDITED			    (1 << 1)
#define MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED	    (1 << 2)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED		    (1 << 3)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED	    (1 << 4)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE	    (1 << 5)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE (1 << 6)

#define MEMBARRIER_SUPPORTED                                                           \
	(MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED |                     \
	 MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED | \
	 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED |                                   \
	 MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE |                                  \
	 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE)

/*
 * membarrier(cmd, flags, cpu_id). One CPU: every other thread is switched
 * out, and a switch is a full barrier (and serialises, for SYNC_CORE), so
 * each barrier is done once the call is made. What is left are Linux's
 * rules: the private commands need their registration first (EPERM).
 */
static long sys_membarrier(unsigned long cmd, unsigned long flags, unsigned long cpu_id)
{
	struct thread_group *tg = current_proc()->tg;

	if (flags)
		return -EINVAL;
	switch (cmd) {
	case MEMBARRIER_CMD_QUERY:
		return MEMBARRIER_SUPPORTED;
	case MEMBARRIER_CMD_GLOBAL:
	case MEMBARRIER_CMD_GLOBAL_EXPEDITED:
		return 0;
	case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
		tg->membarrier |= (u32)cmd;
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE:
		/* The registration is the command's bit shifted up by one. */
		return (tg->membarrier & (u32)(cmd << 1)) ? 0 : -EPERM;
	default:
		return -EINVAL;
	}
}
SYSCALL(__NR_membarrier, membarrier, sys_membarrier);
