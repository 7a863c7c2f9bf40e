/*
 * procfs: a process's own files, /proc/PID/stat, status, cmdline and comm,
 * in the layouts ps and top parse (proc(5); busybox reads stat's fields
 * 3-24 with sscanf and status's Uid/Gid lines).
 *
 * The process is looked up and formatted with interrupts off (the file
 * system lock), so it cannot be reaped half-way through.
 */
#define pr_fmt(fmt) "procfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/tty.h>
#include <kernel/vm.h>

#include "fs-internal.h"
#include "procfs-internal.h"

#define SIGCHLD 17

static char state_char(const struct process *p)
{
	switch (p->state) {
	case PROC_ZOMBIE:
		return 'Z';
	case PROC_STOPPED:
		return 'T';
	default:
		if (p->thread && p->thread->state == THREAD_SLEEPING)
			return 'S';
		return 'R';
	}
}

static const char *state_name(char c)
{
	switch (c) {
	case 'S':
		return "S (sleeping)";
	case 'T':
		return "T (stopped)";
	case 'Z':
		return "Z (zombie)";
	default:
		return "R (running)";
	}
}

/* The bytes of every mapping (stat's vsize, status's VmSize), or of the locked ones (VmLck). */
static u64 mm_size_of(const struct mm *mm, u32 flags)
{
	const struct vma *v;
	u64 bytes = 0;

	if (!mm)
		return 0;
	list_for_each_entry(v, &mm->vmas, list)
		if ((v->flags & flags) == flags)
			bytes += v->end - v->start;
	return bytes;
}

static u64 mm_size(const struct mm *mm)
{
	return mm_size_of(mm, 0);
}

/* Runs show on the live process pid with the file system lock held; -ENOENT if it is gone. */
static int with_process(struct proc_text *t, long pid,
			void (*show)(struct proc_text *t, const struct process *p))
{
	unsigned long flags = vfs_lock();
	struct process *p = find_process((int)pid);

	if (p)
		show(t, p);
	vfs_unlock(flags);
	return p ? 0 : -ENOENT;
}

static void show_stat(struct proc_text *t, const struct process *p)
{
	const struct mm *mm = p->mm;
	int ppid = group_parent(p) ? group_parent(p)->tgid : 0;
	int tty_nr = p->ctty ? (int)tty_devnum(p->ctty) : 0;
	int tpgid = p->ctty ? tty_foreground(p->ctty) : -1;

	/* Fields 1-13: pid (comm) state ppid pgrp session tty_nr tpgid flags and four fault counts. */
	proc_printf(t, "%d (%s) %c %d %d %d %d %d %u %lu %lu %lu %lu ", p->pid, p->comm,
		    state_char(p), ppid, p->pgid, p->sid, tty_nr, tpgid, 0u, 0UL, 0UL, 0UL, 0UL);
	/* 14-24: utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss. */
	proc_printf(t, "%llu %llu %ld %ld %ld %ld %ld %ld %llu %llu %llu ", ns_to_clock_t(p->utime_ns),
		    ns_to_clock_t(p->stime_ns), 0L, 0L, 20L, 0L, p->tg ? (long)p->tg->nr_threads : 0L, 0L,
		    ns_to_clock_t(p->start_ns),
		    (unsigned long long)mm_size(mm), (unsigned long long)(mm ? mm->pages : 0));
	/* 25-28: rsslim (unlimited) startcode endcode startstack; 29-37 are 0 or obsolete. */
	proc_printf(t, "%llu %lu %lu %llu 0 0 0 0 0 0 0 0 0 ", ~0ULL, 0UL, 0UL,
		    (unsigned long long)(mm ? mm->stack_top : 0));
	/* 38-52: exit_signal processor rt_priority policy blkio guest cguest, then the data and brk marks. */
	proc_printf(t, "%d 0 0 0 0 0 0 0 0 %llu 0 0 0 0 0\n", SIGCHLD,
		    (unsigned long long)(mm ? mm->brk_start : 0));
}

int proc_pid_stat(struct proc_text *t, long pid)
{
	return with_process(t, pid, show_stat);
}

/* Real, effective, saved and file-system ids, and the supplementary groups, as Linux lists them. */
static void show_ids(struct proc_text *t, const struct cred *c)
{
	const struct group_info *gi = c->groups;

	proc_printf(t, "Uid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, c->suid, c->fsuid);
	proc_printf(t, "Gid:\t%u\t%u\t%u\t%u\n", c->gid, c->egid, c->sgid, c->fsgid);
	proc_printf(t, "Groups:\t");
	for (unsigned int i = 0; gi && i < gi->count; i++)
		proc_printf(t, "%u ", gi->gid[i]);
	proc_printf(t, "\n");
}

static void show_status(struct proc_text *t, const struct process *p)
{
	const struct mm *mm = p->mm;

	proc_printf(t, "Name:\t%s\n", p->comm);
	proc_printf(t, "Umask:\t%04o\n", p->umask);
	proc_printf(t, "State:\t%s\n", state_name(state_char(p)));
	proc_printf(t, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n", p->tgid, p->pid,
		    group_parent(p) ? group_parent(p)->tgid : 0);
	proc_printf(t, "TracerPid:\t0\n");
	show_ids(t, &p->cred);
	if (mm) {
		proc_printf(t, "VmSize:\t%8llu kB\n", (unsigned long long)(mm_size(mm) >> 10));
		proc_printf(t, "VmLck:\t%8llu kB\n", (unsigned long long)(mm_size_of(mm, VMA_LOCKED) >> 10));
		proc_printf(t, "VmRSS:\t%8llu kB\n",
			    (unsigned long long)(mm->pages * (PAGE_SIZE >> 10)));
	}
	proc_printf(t, "Threads:\t%u\n", p->tg ? p->tg->nr_threads : 0);
}

int proc_pid_status(struct proc_text *t, long pid)
{
	return with_process(t, pid, show_status);
}

static void show_cmdline(struct proc_text *t, const struct process *p)
{
	/* The arguments live in the process's memory; its name stands in, NUL-terminated. */
	proc_printf(t, "%s", p->comm);
	proc_putc(t, '\0');
}

int proc_pid_cmdline(struct proc_text *t, long pid)
{
	return with_process(t, pid, show_cmdline);
}

static void show_comm(struct proc_text *t, const struct process *p)
{
	proc_printf(t, "%s\n", p->comm);
}

int proc_pid_comm(struct proc_text *t, long pid)
{
	return with_process(t, pid, show_comm);
}
