/*
 * Processes: one user thread each, with an address space, a descriptor
 * table, a working directory, signal state and a place in the process
 * tree, session and process group (kernel/fork.c, exec.c, exit.c). The
 * signal state of the thread itself hangs off struct thread (sig).
 *
 * A struct process is what Linux calls a task: the threads of one program
 * are processes that share a thread_group (tg), their mm, files and
 * signal actions (kernel/thread_group.c). pid is the thread's id, tgid
 * the group's (the leader's pid), which getpid() reports.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <kernel/cred.h>
#include <kernel/fs.h>
#include <kernel/list.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/types.h>

struct mm;
struct pt_regs;
struct sighand;
struct thread_group;
struct tty;

enum proc_state {
	PROC_RUNNING,
	PROC_STOPPED, /* by SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU */
	PROC_ZOMBIE,  /* exited, waiting for wait4() */
};

struct process {
	int pid, pgid, sid;
	int tgid;		      /* the thread group's id: its leader's pid */
	struct list_head thread_node; /* in tg->threads while the thread lives */
	int exit_signal;	      /* sent to the parent at the group's end (0: none) */
	struct process *parent;	      /* NULL for a thread that is not its group's leader */
	struct list_head children;
	struct list_head sibling; /* in parent->children */
	struct list_head all;	  /* in the process list */
	enum proc_state state;
	int exit_status;	      /* wait4() status word */
	bool status_reported;	      /* a stop/continue already told to wait4 */
	struct wait_queue child_wait; /* parent sleeps here in wait4() */

	struct thread *thread;
	struct mm *mm;
	struct files *files;
	struct inode *cwd;
	struct inode *root; /* chroot(): where absolute paths start; NULL: the real root */
	char cwd_path[256];
	u32 umask;
	u64 fs_group;	  /* CLONE_FS: processes with the same non-zero id share cwd, root, umask */
	struct tty *ctty; /* controlling terminal, or NULL */
	char comm[16];

	struct sighand *sighand;      /* signal actions (<kernel/signal_ext.h>) */
	struct thread_group *tg;      /* pending signals, limits, interval timer */
	u64 fs_base;		      /* arch_prctl(ARCH_SET_FS) */
	u64 gs_base;		      /* arch_prctl(ARCH_SET_GS): the user's GS base */
	u64 clear_child_tid;	      /* set_tid_address(): zeroed and woken at exit */
	u64 robust_list;	      /* set_robust_list(): walked at exit */
	struct process *vfork_parent; /* CLONE_VFORK: waits until this one execs or exits */
	bool vfork_waiting;	      /* this one waits for a CLONE_VFORK child */
	u64 set_child_tid;	      /* clone(CLONE_CHILD_SETTID): written on first return */
	u64 rseq;		      /* rseq(): the registered struct rseq, 0 for none (kernel/rseq.c) */
	u32 rseq_len, rseq_sig;	      /* its length and its critical sections' abort signature */
	u64 start_ns;

	struct cred cred;  /* who it acts as (<kernel/cred.h>) */
	bool no_new_privs; /* prctl(PR_SET_NO_NEW_PRIVS): execve grants no ids */
	int nice;	   /* -20..19, setpriority() */

	/*
	 * CPU time, exact to the clock (kernel/cputime.c): user and system
	 * time, charged at every entry to and exit from the kernel and at
	 * every switch. acct_ns is when the time since was last charged;
	 * while the process runs, it is running in the kernel at that point.
	 * The folded_* figures are how much of them its thread group's
	 * totals hold already. When the figures are sampled instead
	 * (<kernel/cputime.h>), user_ticks and system_ticks count the
	 * samples that split the exact total between the two.
	 */
	u64 utime_ns, stime_ns;
	u64 acct_ns;
	u64 folded_utime_ns, folded_stime_ns;
	u64 user_ticks, system_ticks;
};

/* The process of the running thread, or NULL in a kernel thread. */
struct process *current_proc(void);

/* Pids count up from 1 and wrap below this (Linux's default pid_max). */
#define PID_MAX 32768

struct process *find_process(int pid);
/* Calls fn for every process; stops when fn returns non-zero. */
int for_each_process(int (*fn)(struct process *p, void *arg), void *arg);

/* The process table (kernel/process.c). */
struct process *process_alloc(void);
/* Takes p off the table and frees it with what it still holds (signal_release()). */
void process_free(struct process *p);
unsigned int nr_processes(void);

/* What clone and clone3 ask for (kernel/fork.c, <kernel/clone.h>). */
struct clone_req {
	u64 flags;
	int exit_signal;
	u64 stack; /* the child's %rsp, or 0 for the caller's */
	u64 ptid, ctid, tls;
};
long do_clone(struct pt_regs *regs, const struct clone_req *req);

/* Starts the first user process running path (kernel/fork.c). */
int spawn_init(const char *path, const char *const argv[], const char *const envp[]);

/* Ends the current thread with a wait4() status word; never returns. */
__noreturn void do_exit(int status);
/* Ends every thread of the current process with that status; never returns. */
__noreturn void do_group_exit(int status);

/*
 * Thread groups (kernel/thread_group.c). The leader of p's group, the
 * group's parent, and the group's end for wait4: all with interrupts off.
 */
struct process *group_leader(const struct process *p);
struct process *group_parent(const struct process *p);
/* p's group has no thread left: wait4 may report its leader. */
bool group_dead(const struct process *p);
/* Before execve: the other threads end, the caller becomes the leader. 0 or -EINTR (killed). */
int de_thread(struct process *p);
/* What a thread leaves behind for its thread library: the robust list, clear_child_tid. */
void exit_thread_user(struct process *p);
/*
 * CLONE_FS: after the caller changed its cwd, root or umask, the
 * processes sharing them with it take the same (before the caller drops
 * its old cwd or root, so their references are never the last).
 */
void fs_share_sync(struct process *p);
/* A CLONE_VFORK parent runs again (its child exits or execs). */
void vfork_release(struct process *p);
/* The thread-directed SIGKILL that ends each other thread of p's group. Interrupts off. */
void zap_other_threads(struct process *p);
/* Wakes robust-list and clear_child_tid waiters (kernel/futex.c). */
long futex_wake_shared(u64 uaddr, u32 nr);
void exit_robust_list(struct process *p);

/* Builds the user address space of path and makes the current process run it. */
int do_execve(const char *path, const char *const *argv, const char *const *envp,
	      bool user_pointers, struct pt_regs *regs);

#endif
