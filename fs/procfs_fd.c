/*
 * procfs: what a process has open and what runs in it. /proc/PID/fd/N
 * (a link per descriptor that reads as the file's name and opens the
 * file itself, pipes included), /proc/PID/fdinfo/N, /proc/PID/exe (the
 * program execve ran, not its ELF interpreter), /proc/PID/task/TID (a
 * directory per thread of the group) and /proc/thread-self.
 *
 * Entries below /proc/PID carry a second number in their key: the
 * descriptor or the thread id, above the pid's bits (proc_sub_key()).
 * Everything is looked up afresh with the file system lock held, which
 * also guards the descriptor tables.
 *
 * Who may look: a process's descriptors and executable are the caller's
 * to see when it runs as the same user or as root (Linux asks ptrace's
 * question; there is no ptrace here). Thread lists, like stat, are public.
 */
#define pr_fmt(fmt) "procfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/vm.h>

#include "fs-internal.h"
#include "procfs-internal.h"

/* The index of the first key >= from among parent's entries (keys parent | index << shift). */
static long sub_from(long parent, long from)
{
	return from <= parent ? 0 : ((from - parent - 1) >> PROC_SUB_SHIFT) + 1;
}

/* "123" -> 123; -1 for anything that is not a plain number (no sign, no leading zero). */
static long parse_index(const char *name, size_t len)
{
	long v = 0;

	if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v;
}

static int index_name(long key, char *buf, size_t size)
{
	return snprintf(buf, size, "%ld", proc_key_sub(key));
}

/* Whether the caller may see p's descriptors and executable. Under the lock. */
static bool may_inspect(const struct process *p)
{
	const struct process *me = current_proc();

	return me && (me->cred.euid == 0 || me->cred.euid == p->cred.uid);
}

/* ---------------------------------------------------------------- /proc/PID/fd, fdinfo */

/* pid's descriptor fd, referenced, if the caller may see it; else NULL. */
static struct file *get_fd_file(int pid, long fd)
{
	unsigned long flags = vfs_lock();
	struct process *p = find_process(pid);
	struct file *f = NULL;

	if (p && p->files && may_inspect(p) && fd >= 0 && fd < (long)p->files->max_fds)
		f = fd_get(p->files, (int)fd);
	if (f)
		f->refcount++;
	vfs_unlock(flags);
	return f;
}

/* The smallest open descriptor >= from in pid's table, or -1. */
static long next_open_fd(int pid, long from)
{
	unsigned long flags = vfs_lock();
	struct process *p = find_process(pid);
	long fd = -1;

	if (p && p->files && may_inspect(p)) {
		for (long i = from; i < (long)p->files->max_fds; i++) {
			if (p->files->fd[i]) {
				fd = i;
				break;
			}
		}
	}
	vfs_unlock(flags);
	return fd;
}

static long fd_key_next(long parent, long from)
{
	long fd = next_open_fd((int)parent, sub_from(parent, from));

	return fd < 0 ? -1 : proc_sub_key(parent, fd);
}

static bool fd_key_valid(long key)
{
	struct file *f = get_fd_file(proc_key_pid(key), proc_key_sub(key));

	file_put(f);
	return f != NULL;
}

static long fd_key_lookup(long parent, const char *name, size_t len)
{
	long fd = parse_index(name, len);

	if (fd < 0)
		return -1;
	return fd_key_valid(proc_sub_key(parent, fd)) ? proc_sub_key(parent, fd) : -1;
}

static long sub_key_parent(long key)
{
	return proc_key_pid(key);
}

const struct pfs_keys proc_fd_keys = {
	.next = fd_key_next,
	.name = index_name,
	.lookup = fd_key_lookup,
	.valid = fd_key_valid,
	.parent = sub_key_parent,
};

/* readlink's text for f (a reference the caller passes on), at most size bytes. */
static int link_text(struct file *f, char *buf, size_t size)
{
	char *tmp;
	int n;

	if (!f)
		return -ENOENT;
	n = -ENOMEM;
	tmp = kmalloc(PATH_MAX);
	if (tmp)
		n = file_path(f, tmp, PATH_MAX);
	if (n > 0) {
		n = MIN((size_t)n, size);
		memcpy(buf, tmp, n);
	}
	kfree(tmp);
	file_put(f);
	return n;
}

int proc_fd_readlink(long key, char *buf, size_t size)
{
	return link_text(get_fd_file(proc_key_pid(key), proc_key_sub(key)), buf, size);
}

struct file *proc_fd_link_file(long key)
{
	struct file *f = get_fd_file(proc_key_pid(key), proc_key_sub(key));

	return f ? f : ERR_PTR(-ENOENT);
}

/* fdinfo/N: the position and flags (octal, close-on-exec as O_CLOEXEC), as Linux prints them. */
int proc_fdinfo(struct proc_text *t, long key)
{
	int pid = proc_key_pid(key);
	long fd = proc_key_sub(key);
	struct file *f = get_fd_file(pid, fd);
	unsigned long flags;
	struct process *p;
	u32 fl;

	if (!f)
		return -ENOENT;
	fl = f->flags;
	flags = vfs_lock();
	p = find_process(pid);
	if (p && p->files && fd_get_cloexec(p->files, (int)fd) > 0)
		fl |= O_CLOEXEC;
	vfs_unlock(flags);
	proc_printf(t, "pos:\t%llu\nflags:\t0%o\nmnt_id:\t0\nino:\t%llu\n", (unsigned long long)f->pos,
		    fl, (unsigned long long)(f->inode ? f->inode->ino : 0));
	file_put(f);
	return 0;
}

/* ---------------------------------------------------------------- /proc/PID/exe */

static struct file *get_exe_file(int pid)
{
	unsigned long flags = vfs_lock();
	struct process *p = find_process(pid);
	struct file *f = NULL;

	if (p && p->mm && may_inspect(p))
		f = p->mm->exe_file;
	if (f)
		f->refcount++;
	vfs_unlock(flags);
	return f;
}

int proc_exe_readlink(long pid, char *buf, size_t size)
{
	return link_text(get_exe_file((int)pid), buf, size);
}

struct file *proc_exe_link_file(long pid)
{
	struct file *f = get_exe_file((int)pid);

	return f ? f : ERR_PTR(-ENOENT);
}

/* ---------------------------------------------------------------- /proc/PID/task */

/* The thread tid of pid's group, under the lock; NULL if there is none. */
static struct process *group_thread(int pid, long tid)
{
	struct process *p = find_process(pid), *t;

	if (!p || tid <= 0 || tid >= PID_MAX)
		return NULL;
	t = find_process((int)tid);
	return t && t->tgid == p->tgid ? t : NULL;
}

static long task_key_next(long parent, long from)
{
	long from_tid = sub_from(parent, from), best = -1;
	unsigned long flags = vfs_lock();
	struct process *p = find_process((int)parent), *t;

	if (p && p->tg) {
		list_for_each_entry(t, &p->tg->threads, thread_node)
			if (t->pid >= from_tid && (best < 0 || t->pid < best))
				best = t->pid;
	} else if (p && p->pid >= from_tid) {
		/* A zombie leader has left its group's list: it is its own only thread. */
		best = p->pid;
	}
	vfs_unlock(flags);
	return best < 0 ? -1 : proc_sub_key(parent, best);
}

static bool task_key_valid(long key)
{
	unsigned long flags = vfs_lock();
	bool found = group_thread(proc_key_pid(key), proc_key_sub(key)) != NULL;

	vfs_unlock(flags);
	return found;
}

static long task_key_lookup(long parent, const char *name, size_t len)
{
	long tid = parse_index(name, len);

	if (tid <= 0)
		return -1;
	return task_key_valid(proc_sub_key(parent, tid)) ? proc_sub_key(parent, tid) : -1;
}

const struct pfs_keys proc_task_keys = {
	.next = task_key_next,
	.name = index_name,
	.lookup = task_key_lookup,
	.valid = task_key_valid,
	.parent = sub_key_parent,
};

/* task/TID/...: the per-process files, of the thread. */
int proc_task_stat(struct proc_text *t, long key)
{
	return proc_pid_stat(t, proc_key_sub(key));
}

int proc_task_status(struct proc_text *t, long key)
{
	return proc_pid_status(t, proc_key_sub(key));
}

int proc_task_comm(struct proc_text *t, long key)
{
	return proc_pid_comm(t, proc_key_sub(key));
}

/* /proc/thread-self: "PID/task/TID" of the caller. */
int proc_thread_self_readlink(long key __unused, char *buf, size_t size)
{
	struct process *p = current_proc();
	char tmp[32];
	int len;

	if (!p)
		return -ENOENT;
	len = snprintf(tmp, sizeof(tmp), "%d/task/%d", p->tgid, p->pid);
	len = MIN((size_t)len, size);
	memcpy(buf, tmp, len);
	return len;
}
