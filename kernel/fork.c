/*
 * Creating processes and threads: fork and vfork duplicate the caller
 * copy-on-write; clone does too, or shares with the caller what its flags
 * say (the mm, the descriptor table, the signal actions, the thread
 * group); spawn_init starts the first user process from a kernel thread.
 */
#define pr_fmt(fmt) "fork: " fmt

#include <asm/irqflags.h>
#include <asm/process.h>
#include <kernel/clone.h>
#include <kernel/cputime.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/rseq.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

void fork_child_entry(struct pt_regs *regs);

/* A forked child's first moment in its own context, before it returns to user mode. */
void fork_child_entry(struct pt_regs *regs)
{
	struct process *p = current_proc();
	int pid = p->pid;

	if (p->set_child_tid)
		copy_to_user((void *)p->set_child_tid, &pid, sizeof(pid));
	/* Like every return to user mode: signals that arrived already act now. */
	exit_to_user(regs);
}

/* The id of p's CLONE_FS sharing, made at its first CLONE_FS child; never reused. */
static u64 fs_group_of(struct process *p)
{
	static u64 next_fs_group;
	unsigned long flags = arch_local_irq_save();

	if (!p->fs_group)
		p->fs_group = ++next_fs_group;
	arch_local_irq_restore(flags);
	return p->fs_group;
}

/*
 * The checks Linux makes of a combination of flags, in its order. The
 * namespace flags and pidfds are not supported here (EINVAL).
 */
static long clone_flags_check(u64 flags)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	/* Threads share their handlers, and handlers are addresses in one mm. */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* init's siblings would have no parent to reap them. */
	if ((flags & CLONE_PARENT) && current_proc()->tgid == 1)
		return -EINVAL;
	if (flags & (CLONE_NEWNS_ALL | CLONE_PIDFD))
		return -EINVAL;
	return 0;
}

/* A process (or thread) as clone describes it; the caller's pid, or -errno. */
long do_clone(struct pt_regs *regs, const struct clone_req *req)
{
	struct process *parent = current_proc(), *child;
	struct thread_group *ptg = parent->tg;
	u64 flags = req->flags;
	struct thread *t;
	unsigned long irq;
	long rc;
	int pid;

	rc = clone_flags_check(flags);
	if (rc)
		return rc;
	/* The FS base is loaded on every switch: a non-canonical one would fault in the kernel. */
	if ((flags & CLONE_SETTLS) && req->tls >= USER_TOP)
		return -EPERM;
	child = process_alloc();
	if (!child)
		return -ENOMEM;
	rc = -ENOMEM;
	/* Seen whole or not at all by a truncate that unmaps a file everywhere (mm/filemap.c). */
	irq = arch_local_irq_save();
	child->mm = (flags & CLONE_VM) ? mm_get(parent->mm) : mm_fork(parent->mm);
	arch_local_irq_restore(irq);
	child->files = (flags & CLONE_FILES) ? files_get(parent->files) : files_dup(parent->files);
	t = thread_alloc_user(parent->comm);
	if (!child->mm || !child->files || !t || !(t->fpu = fpu_alloc()))
		goto fail;
	/* Mask, actions, limits, alternate stack: the last step that can fail. */
	rc = signal_clone(child, t, flags & (CLONE_VM | CLONE_VFORK | CLONE_SIGHAND | CLONE_THREAD));
	if (rc)
		goto fail;
	rseq_fork(child, t, parent, flags & CLONE_VM);
	/* The parent's live FPU registers are the child's starting point. */
	fpu_save(t->fpu);

	child->cwd = parent->cwd ? inode_get(parent->cwd) : NULL;
	child->root = parent->root ? inode_get(parent->root) : NULL;
	memcpy(child->cwd_path, parent->cwd_path, sizeof(child->cwd_path));
	child->umask = parent->umask;
	if (flags & CLONE_FS)
		child->fs_group = fs_group_of(parent);
	cred_fork(child, parent);
	child->nice = parent->nice;
	child->no_new_privs = parent->no_new_privs;
	child->ctty = parent->ctty;
	memcpy(child->comm, parent->comm, sizeof(child->comm));
	child->fs_base = (flags & CLONE_SETTLS) ? req->tls : parent->fs_base;
	child->gs_base = parent->gs_base;
	child->pgid = parent->pgid;
	child->sid = parent->sid;
	if (flags & CLONE_CHILD_SETTID)
		child->set_child_tid = req->ctid;
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = req->ctid;

	t->proc = child;
	child->thread = t;
	*thread_regs(t, t->stack, t->stack_size) = *regs;
	thread_regs(t, t->stack, t->stack_size)->rax = 0;
	if (req->stack)
		thread_regs(t, t->stack, t->stack_size)->rsp = req->stack;

	irq = arch_local_irq_save();
	/* A group on its way out (exit_group, a fatal signal, execve) takes no new thread. */
	if ((flags & CLONE_THREAD) && (ptg->group_exit || ptg->execer)) {
		arch_local_irq_restore(irq);
		rc = -EINTR;
		goto fail;
	}
	if (flags & CLONE_THREAD) {
		/* A thread belongs to its group: the group's parent is the leader's. */
		child->tgid = parent->tgid;
		child->parent = NULL;
		child->exit_signal = 0;
	} else {
		child->tgid = child->pid;
		child->parent = (flags & CLONE_PARENT) ? group_parent(parent) : parent;
		child->exit_signal = (flags & CLONE_PARENT) ? group_leader(parent)->exit_signal : req->exit_signal;
		list_add_tail(&child->sibling, &child->parent->children);
	}
	list_add_tail(&child->thread_node, &child->tg->threads);
	child->tg->nr_threads++;
	if (flags & CLONE_VFORK) {
		child->vfork_parent = parent;
		parent->vfork_waiting = true;
	}
	pid = child->pid;
	arch_local_irq_restore(irq);
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)req->ptid, &pid, sizeof(int));
	thread_start(t);
	/* vfork: the child runs on our memory until it execs or exits; SIGKILL ends the wait. */
	if (flags & CLONE_VFORK) {
		irq = arch_local_irq_save();
		while (parent->vfork_waiting && !(current->sig->pending.set & sigmask(SIGKILL))) {
			current->state = THREAD_SLEEPING;
			schedule();
		}
		/* Killed while waiting: a child that has not let go yet (so is alive) forgets us. */
		if (parent->vfork_waiting) {
			child->vfork_parent = NULL;
			parent->vfork_waiting = false;
		}
		arch_local_irq_restore(irq);
	}
	return pid;

fail:
	if (child->mm) {
		struct mm *mm = child->mm;

		/* Off the process first, for the same truncate. */
		child->mm = NULL;
		mm_put(mm);
	}
	files_put(child->files);
	if (t) {
		kfree(t->sig);
		t->sig = NULL;
		thread_free_unstarted(t);
	}
	process_free(child);
	return rc;
}

static long sys_fork(void)
{
	struct clone_req req = { .exit_signal = SIGCHLD };

	return do_clone(current_syscall_regs(), &req);
}
SYSCALL(__NR_fork, fork, sys_fork);

/* vfork's sharing is an optimisation; a copy-on-write fork keeps its promises. */
static long sys_vfork(void)
{
	struct clone_req req = { .exit_signal = SIGCHLD };

	return do_clone(current_syscall_regs(), &req);
}
SYSCALL(__NR_vfork, vfork, sys_vfork);

/* clone(flags, newsp, parent_tid, child_tid, tls): the low byte is the exit signal. */
static long sys_clone(unsigned long flags, unsigned long newsp, unsigned long ptid,
		      unsigned long ctid, unsigned long tls)
{
	struct clone_req req = {
		.flags = flags & ~(u64)CSIGNAL & 0xffffffffULL,
		.exit_signal = (int)(flags & CSIGNAL),
		.stack = newsp,
		.ptid = ptid,
		.ctid = ctid,
		.tls = tls,
	};

	/* Both would be written through parent_tid. */
	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID))
		return -EINVAL;
	/* CLONE_DETACHED is ignored, as Linux has for years. */
	req.flags &= ~(u64)CLONE_DETACHED;
	return do_clone(current_syscall_regs(), &req);
}
SYSCALL(__NR_clone, clone, sys_clone);

struct init_args {
	const char *path;
	const char *const *argv;
	const char *const *envp;
};

static struct init_args init_args;

/* Process 1's kernel thread: become the program, then leave for user mode. */
static void init_thread(void *arg)
{
	struct pt_regs *regs = current_syscall_regs();
	int rc;

	rc = do_execve(init_args.path, init_args.argv, init_args.envp, false, regs);
	if (rc) {
		pr_err("cannot run %s as the first process: error %d\n", init_args.path, rc);
		do_exit(127 << 8);
	}
	arch_local_irq_disable(); /* enter_user() would, but the charge needs it first */
	cputime_leave_kernel();
	enter_user(regs);
}

int spawn_init(const char *path, const char *const argv[], const char *const envp[])
{
	struct process *p = process_alloc();
	struct thread *t;

	if (!p)
		return -ENOMEM;
	p->files = files_alloc();
	p->cwd = path_lookup("/", true);
	strlcpy(p->cwd_path, "/", sizeof(p->cwd_path));
	strlcpy(p->comm, "init", sizeof(p->comm));
	p->pgid = p->sid = p->tgid = p->pid;
	p->exit_signal = SIGCHLD;
	init_args.path = path;
	init_args.argv = argv;
	init_args.envp = envp;
	if (IS_ERR(p->cwd) || !p->cwd) {
		int err = p->cwd ? (int)PTR_ERR(p->cwd) : -ENOENT;

		p->cwd = NULL;
		if (p->files)
			files_close_all(p->files);
		process_free(p);
		return err;
	}
	t = kthread_alloc(init_thread, NULL, "init");
	if (!p->files || !t || !(t->fpu = fpu_alloc()) || signal_init(p, t)) {
		if (t)
			thread_free_unstarted(t);
		if (p->files)
			files_close_all(p->files);
		inode_put(p->cwd);
		process_free(p);
		return -ENOMEM;
	}
	t->proc = p;
	p->thread = t;
	list_add_tail(&p->thread_node, &p->tg->threads);
	p->tg->nr_threads = 1;
	thread_start(t);
	return 0;
}
