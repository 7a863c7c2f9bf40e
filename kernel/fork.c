/*
 * Creating processes: fork (and vfork and the fork-like uses of clone)
 * duplicates the caller copy-on-write; spawn_init starts the first user
 * process from a kernel thread.
 */
#define pr_fmt(fmt) "fork: " fmt

#include <asm/irqflags.h>
#include <asm/process.h>
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

#define CLONE_VM	     0x00000100
#define CLONE_FS	     0x00000200
#define CLONE_FILES	     0x00000400
#define CLONE_SIGHAND	     0x00000800
#define CLONE_VFORK	     0x00004000
#define CLONE_THREAD	     0x00010000
#define CLONE_SETTLS	     0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_CHILD_SETTID   0x01000000

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

static long do_fork(struct pt_regs *regs, u64 flags, u64 newsp, u64 ptid, u64 ctid)
{
	struct process *parent = current_proc(), *child;
	struct thread *t;
	unsigned long irq;
	long rc = -ENOMEM;

	/* Threads sharing one address space are not supported: one thread per process. */
	if (flags & (CLONE_THREAD | CLONE_SIGHAND))
		return -EINVAL;
	child = process_alloc();
	if (!child)
		return -ENOMEM;
	/* Seen whole or not at all by a truncate that unmaps a file everywhere (mm/filemap.c). */
	irq = arch_local_irq_save();
	child->mm = mm_fork(parent->mm);
	arch_local_irq_restore(irq);
	child->files = files_dup(parent->files);
	t = thread_alloc_user(parent->comm);
	if (!child->mm || !child->files || !t || !(t->fpu = fpu_alloc()))
		goto fail;
	/* Mask, actions, limits, alternate stack: the last step that can fail. */
	rc = signal_fork(child, t);
	if (rc)
		goto fail;
	rseq_fork(child, t, parent, flags & CLONE_VM);
	/* The parent's live FPU registers are the child's starting point. */
	/* clang-format off */
	__asm__ __volatile__("fxsave64 %0" : "=m"(*(u8 (*)[512])t->fpu));
	/* clang-format on */

	child->cwd = parent->cwd ? inode_get(parent->cwd) : NULL;
	child->root = parent->root ? inode_get(parent->root) : NULL;
	memcpy(child->cwd_path, parent->cwd_path, sizeof(child->cwd_path));
	child->umask = parent->umask;
	cred_fork(child, parent);
	child->nice = parent->nice;
	child->ctty = parent->ctty;
	memcpy(child->comm, parent->comm, sizeof(child->comm));
	child->fs_base = (flags & CLONE_SETTLS) ? regs->r8 : parent->fs_base;
	child->gs_base = parent->gs_base;
	child->pgid = parent->pgid;
	child->sid = parent->sid;
	child->parent = parent;
	if (flags & CLONE_CHILD_SETTID)
		child->set_child_tid = ctid;
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = ctid;

	t->proc = child;
	child->thread = t;
	*thread_regs(t, t->stack, t->stack_size) = *regs;
	thread_regs(t, t->stack, t->stack_size)->rax = 0;
	if (newsp)
		thread_regs(t, t->stack, t->stack_size)->rsp = newsp;

	irq = arch_local_irq_save();
	list_add_tail(&child->sibling, &parent->children);
	arch_local_irq_restore(irq);
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)ptid, &child->pid, sizeof(int));
	thread_start(t);
	return child->pid;

fail:
	if (child->mm) {
		struct mm *mm = child->mm;

		/* Off the process first, for the same truncate. */
		child->mm = NULL;
		mm_destroy(mm);
	}
	if (child->files)
		files_close_all(child->files);
	if (t)
		thread_free_unstarted(t);
	process_free(child);
	return rc;
}

static long sys_fork(void)
{
	return do_fork(current_syscall_regs(), 0, 0, 0, 0);
}
SYSCALL(__NR_fork, fork, sys_fork);

/* vfork's sharing is an optimisation; a copy-on-write fork keeps its promises. */
static long sys_vfork(void)
{
	return do_fork(current_syscall_regs(), 0, 0, 0, 0);
}
SYSCALL(__NR_vfork, vfork, sys_vfork);

/* clone(flags, newsp, parent_tid, child_tid, tls): the fork-like subset. */
static long sys_clone(unsigned long flags, unsigned long newsp, unsigned long ptid,
		      unsigned long ctid, unsigned long tls)
{
	return do_fork(current_syscall_regs(), flags, newsp, ptid, ctid);
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
	p->pgid = p->sid = p->pid;
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
	thread_start(t);
	return 0;
}
