/*
 * Small system calls about the process and the system: process ids,
 * process groups and sessions, uname, thread ids and scheduling
 * priorities, memory figures, prctl, reboot. User and group ids are
 * kernel/sys_cred.c, resource limits kernel/rlimit.c, CPU time and usage
 * kernel/cputime.c, the futex kernel/futex.c, getrandom kernel/random.c,
 * restartable sequences kernel/rseq.c.
 */
#define pr_fmt(fmt) "sys: " fmt

#include <asm/irqflags.h>
#include <asm/page.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/resource.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/utsname.h>

/* ---------------------------------------------------------------- identity */

/* The process id is the thread group's; each thread has its own id besides. */
static long sys_getpid(void)
{
	return current_proc()->tgid;
}
SYSCALL(__NR_getpid, getpid, sys_getpid);

static long sys_gettid(void)
{
	return current_proc()->pid;
}
SYSCALL(__NR_gettid, gettid, sys_gettid);

static long sys_getppid(void)
{
	struct process *parent = group_parent(current_proc());

	return parent ? parent->tgid : 0;
}
SYSCALL(__NR_getppid, getppid, sys_getppid);

/* ---------------------------------------------------------------- groups and sessions */

static struct process *pid_or_self(int pid)
{
	return pid == 0 ? current_proc() : find_process(pid);
}

/* Looked up and read with interrupts off: a preemption could let its parent reap it. */
static long sys_getpgid(unsigned long pid)
{
	unsigned long flags = arch_local_irq_save();
	struct process *p = pid_or_self((int)pid);
	long rc = p ? p->pgid : -ESRCH;

	arch_local_irq_restore(flags);
	return rc;
}
SYSCALL(__NR_getpgid, getpgid, sys_getpgid);

static long sys_getpgrp(void)
{
	return current_proc()->pgid;
}
SYSCALL(__NR_getpgrp, getpgrp, sys_getpgrp);

static long sys_getsid(unsigned long pid)
{
	unsigned long flags = arch_local_irq_save();
	struct process *p = pid_or_self((int)pid);
	long rc = p ? p->sid : -ESRCH;

	arch_local_irq_restore(flags);
	return rc;
}
SYSCALL(__NR_getsid, getsid, sys_getsid);

struct pgrp_find {
	int pgid, sid;
	bool found;
};

static int pgrp_find_fn(struct process *p, void *arg)
{
	struct pgrp_find *f = arg;

	if (p->pgid == f->pgid && (f->sid < 0 || p->sid == f->sid)) {
		f->found = true;
		return 1;
	}
	return 0;
}

/*
 * Whether any process is in group pgid (and session sid, unless sid < 0).
 * A zombie counts until it is reaped, as in Linux: a shell puts the second
 * command of "printf abc | dd" into the group of the first, which may have
 * exited already; refusing that left dd in the shell's group, and once the
 * shell reaped printf, dd's tcsetpgrp() to the empty group failed (ESRCH).
 */
static bool pgrp_exists(int pgid, int sid)
{
	struct pgrp_find f = { .pgid = pgid, .sid = sid };

	for_each_process(pgrp_find_fn, &f);
	return f.found;
}

static long sys_setpgid(unsigned long upid, unsigned long upgid)
{
	struct process *self = current_proc(), *p;
	int pid = (int)upid, pgid = (int)upgid;
	unsigned long flags;
	long ret = 0;

	if (pgid < 0)
		return -EINVAL;
	if (pid == 0)
		pid = self->pid;
	if (pgid == 0)
		pgid = pid;

	flags = arch_local_irq_save();
	p = find_process(pid);
	/* Only the caller itself or one of its children. */
	if (!p || (p != self && p->parent != self) || p->state == PROC_ZOMBIE) {
		ret = -ESRCH;
		goto out;
	}
	if (p != self && p->sid != self->sid) {
		ret = -EPERM;
		goto out;
	}
	/* A session leader's group is its session's: it cannot move, even onto itself. */
	if (p->sid == p->pid) {
		ret = -EPERM;
		goto out;
	}
	/* Joining a group needs one in the same session; creating one needs pgid == pid. */
	if (pgid != p->pid && !pgrp_exists(pgid, self->sid)) {
		ret = -EPERM;
		goto out;
	}
	p->pgid = pgid;
out:
	arch_local_irq_restore(flags);
	return ret;
}
SYSCALL(__NR_setpgid, setpgid, sys_setpgid);

static long sys_setsid(void)
{
	struct process *self = current_proc();
	unsigned long flags;
	long ret;

	flags = arch_local_irq_save();
	/* A group leader, or anyone whose pid names a group, cannot start a session. */
	if (self->pgid == self->pid || pgrp_exists(self->pid, -1)) {
		ret = -EPERM;
	} else {
		self->sid = self->pid;
		self->pgid = self->pid;
		self->ctty = NULL;
		ret = self->sid;
	}
	arch_local_irq_restore(flags);
	return ret;
}
SYSCALL(__NR_setsid, setsid, sys_setsid);

/* ---------------------------------------------------------------- uname */

/* "Linux": programs built for Linux check for it. */
static struct utsname uts = {
	.sysname = "Linux",
	.nodename = "pvkernel",
	.release = "6.1.0-pvkernel",
	.version = "#1 pvkernel 0.1",
	.machine = "x86_64",
	.domainname = "(none)",
};

void utsname_get(struct utsname *out)
{
	unsigned long flags = arch_local_irq_save();

	*out = uts;
	arch_local_irq_restore(flags);
}

static long sys_uname(unsigned long ubuf)
{
	return copy_to_user((void *)ubuf, &uts, sizeof(uts)) ? -EFAULT : 0;
}
SYSCALL(__NR_uname, uname, sys_uname);

static long set_uts_field(char *field, unsigned long uname, unsigned long len)
{
	char buf[UTS_LEN];

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len > UTS_LEN - 1)
		return -EINVAL;
	if (copy_from_user(buf, (const void *)uname, len))
		return -EFAULT;
	/* The name is len bytes, not necessarily NUL-terminated. */
	memset(field, 0, UTS_LEN);
	memcpy(field, buf, len);
	return 0;
}

static long sys_sethostname(unsigned long name, unsigned long len)
{
	return set_uts_field(uts.nodename, name, len);
}
SYSCALL(__NR_sethostname, sethostname, sys_sethostname);

#define __NR_setdomainname 171

static long sys_setdomainname(unsigned long name, unsigned long len)
{
	return set_uts_field(uts.domainname, name, len);
}
SYSCALL(__NR_setdomainname, setdomainname, sys_setdomainname);

/* ---------------------------------------------------------------- threads, scheduling */

static long sys_set_tid_address(unsigned long tidptr)
{
	struct process *p = current_proc();

	p->clear_child_tid = tidptr;
	return p->pid;
}
SYSCALL(__NR_set_tid_address, set_tid_address, sys_set_tid_address);

static long sys_sched_yield(void)
{
	yield();
	return 0;
}
SYSCALL(__NR_sched_yield, sched_yield, sys_sched_yield);

/*
 * Nice values: kept per process, inherited at fork, reported and checked
 * as Linux does. The scheduler is round-robin and does not weigh them.
 */
#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2
#define MIN_NICE     (-20)
#define MAX_NICE     19

struct prio_walk {
	int which;
	int who; /* pid, pgid or uid, 0 already made the caller's own */
	int nice;
	bool set;
	long result; /* -ESRCH until a process matches */
};

static bool prio_matches(const struct process *p, const struct prio_walk *w)
{
	switch (w->which) {
	case PRIO_PROCESS:
		return p->pid == w->who;
	case PRIO_PGRP:
		return p->pgid == w->who;
	default:
		return p->cred.uid == (u32)w->who;
	}
}

/* Linux's set_one_prio(): EPERM for another user's process, EACCES to raise the priority. */
static long set_one_prio(struct process *p, int nice)
{
	const struct cred *c = current_cred();
	u64 rlim = proc_rlimit(current_proc(), RLIMIT_NICE);

	if (p->cred.uid != c->euid && p->cred.euid != c->euid && !capable(CAP_SYS_NICE))
		return -EPERM;
	/* RLIMIT_NICE n allows nice values down to 20 - n. */
	if (nice < p->nice && (u64)(20 - nice) > rlim && !capable(CAP_SYS_NICE))
		return -EACCES;
	p->nice = nice;
	return 0;
}

static int prio_fn(struct process *p, void *arg)
{
	struct prio_walk *w = arg;
	long rc;

	if (!prio_matches(p, w))
		return 0;
	if (!w->set) {
		/* getpriority(): the highest priority among them, as 20 - nice. */
		w->result = MAX(w->result, (long)(20 - p->nice));
		return 0;
	}
	rc = set_one_prio(p, w->nice);
	/* One success is success; otherwise the last refusal. */
	if (rc || w->result == -ESRCH)
		w->result = rc;
	return 0;
}

static long prio_walk(unsigned long which, unsigned long who, bool set, int nice)
{
	struct process *self = current_proc();
	struct prio_walk w = { .which = (int)which, .who = (int)who, .set = set, .result = -ESRCH };
	unsigned long flags;

	if (which > PRIO_USER)
		return -EINVAL;
	if (w.who == 0)
		w.who = which == PRIO_PROCESS ? self->pid :
			which == PRIO_PGRP    ? self->pgid :
						(int)self->cred.uid;
	w.nice = MIN(MAX(nice, MIN_NICE), MAX_NICE);
	flags = arch_local_irq_save();
	for_each_process(prio_fn, &w);
	arch_local_irq_restore(flags);
	return w.result;
}

static long sys_getpriority(unsigned long which, unsigned long who)
{
	return prio_walk(which, who, false, 0);
}
SYSCALL(__NR_getpriority, getpriority, sys_getpriority);

static long sys_setpriority(unsigned long which, unsigned long who, unsigned long prio)
{
	return prio_walk(which, who, true, (int)prio);
}
SYSCALL(__NR_setpriority, setpriority, sys_setpriority);

/* ---------------------------------------------------------------- usage and system figures */

struct sysinfo {
	s64 uptime;
	u64 loads[3];
	u64 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs;
	u16 pad;
	u64 totalhigh, freehigh;
	u32 mem_unit;
	char reserved[4];
};

_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo layout");

static long sys_sysinfo(unsigned long uinfo)
{
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (s64)(clock_ns() / NSEC_PER_SEC);
	si.totalram = nr_managed_pages();
	si.freeram = nr_free_pages();
	si.procs = (u16)MIN(nr_processes(), 0xffffU);
	si.mem_unit = PAGE_SIZE;
	return copy_to_user((void *)uinfo, &si, sizeof(si)) ? -EFAULT : 0;
}
SYSCALL(__NR_sysinfo, sysinfo, sys_sysinfo);

/* ---------------------------------------------------------------- prctl */

#define PR_SET_PDEATHSIG    1
#define PR_GET_PDEATHSIG    2
#define PR_GET_DUMPABLE	    3
#define PR_SET_DUMPABLE	    4
#define PR_SET_NAME	    15
#define PR_GET_NAME	    16
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39

static long sys_prctl(unsigned long option, unsigned long arg2, unsigned long arg3,
		      unsigned long arg4, unsigned long arg5)
{
	struct process *p = current_proc();
	char name[sizeof(p->comm)];
	int zero = 0;
	long n;

	switch (option) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, (const char *)arg2, sizeof(name));
		if (n == -ENAMETOOLONG) {
			/* Like Linux: the first 15 bytes. */
			if (copy_from_user(name, (const void *)arg2, sizeof(name) - 1))
				return -EFAULT;
			name[sizeof(name) - 1] = '\0';
		} else if (n < 0) {
			return n;
		}
		memcpy(p->comm, name, sizeof(p->comm));
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void *)arg2, p->comm, sizeof(p->comm)) ? -EFAULT : 0;
	case PR_SET_PDEATHSIG:
		return arg2 <= NSIG ? 0 : -EINVAL;
	case PR_GET_PDEATHSIG:
		return copy_to_user((void *)arg2, &zero, sizeof(zero)) ? -EFAULT : 0;
	case PR_GET_DUMPABLE:
		return 1;
	case PR_SET_DUMPABLE:
		return arg2 <= 1 ? 0 : -EINVAL;
	case PR_SET_NO_NEW_PRIVS:
		/* Once set, for good: kept by fork and execve, which then grants no ids. */
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		p->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		return arg2 || arg3 || arg4 || arg5 ? -EINVAL : p->no_new_privs;
	default:
		return -EINVAL;
	}
}
SYSCALL(__NR_prctl, prctl, sys_prctl);

/* ---------------------------------------------------------------- reboot */

#define REBOOT_MAGIC1  0xfee1deadUL
#define REBOOT_MAGIC2  672274793UL
#define REBOOT_MAGIC2A 85072278UL
#define REBOOT_MAGIC2B 369367448UL
#define REBOOT_MAGIC2C 537993216UL

#define REBOOT_CMD_RESTART   0x01234567U
#define REBOOT_CMD_HALT	     0xcdef0123U
#define REBOOT_CMD_CAD_ON    0x89abcdefU
#define REBOOT_CMD_CAD_OFF   0x00000000U
#define REBOOT_CMD_POWER_OFF 0x4321fedcU
#define REBOOT_CMD_RESTART2  0xa1b2c3d4U

static long sys_reboot(unsigned long magic1, unsigned long magic2, unsigned long cmd,
		       unsigned long arg)
{
	/* Refused before the magic is even looked at, as Linux does. */
	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	if ((u32)magic1 != REBOOT_MAGIC1)
		return -EINVAL;
	if ((u32)magic2 != REBOOT_MAGIC2 && (u32)magic2 != REBOOT_MAGIC2A &&
	    (u32)magic2 != REBOOT_MAGIC2B && (u32)magic2 != REBOOT_MAGIC2C)
		return -EINVAL;

	switch ((u32)cmd) {
	case REBOOT_CMD_RESTART:
	case REBOOT_CMD_RESTART2:
		pr_notice("restarting system\n");
		machine_reboot();
	case REBOOT_CMD_HALT:
		pr_notice("system halted\n");
		machine_halt();
	case REBOOT_CMD_POWER_OFF:
		pr_notice("power down\n");
		machine_power_off();
	case REBOOT_CMD_CAD_ON:
	case REBOOT_CMD_CAD_OFF:
		return 0; /* Ctrl-Alt-Del has no meaning on a serial console */
	default:
		return -EINVAL;
	}
}
SYSCALL(__NR_reboot, reboot, sys_reboot);
