/*
 * CPU time: accounting, the CPU-time clocks, and the system calls that
 * report usage (times, getrusage; wait4's rusage comes from here too).
 *
 * Each process remembers when its time was last charged (acct_ns).
 * Exact accounting (the default) charges the time since then, read from
 * clock_ns(), at every crossing of the user/kernel boundary and every
 * switch: as user time on the way into the kernel, as system time on the
 * way out and when switched away from (which always happens in the
 * kernel). Sampled accounting, for a clock whose reads trap
 * (<kernel/cputime.h>), charges only at switches, exits and reads, and
 * splits each process's exact total in the ratio of 100 Hz samples of
 * where it was, never taking back what it reported before.
 * A process's own figures are Linux's per-thread ones; its thread_group's
 * sum all its threads' (each folded in when it is switched away from or
 * exits, the caller's when it reads them), and those of the children it
 * has reaped.
 * Interrupts taken in the kernel count as the system time of whoever
 * runs; time in the idle thread is nobody's.
 */
#define pr_fmt(fmt) "cputime: " fmt

#include <asm/irqflags.h>
#include <kernel/cputime.h>
#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>

/* ---------------------------------------------------------------- accounting */

bool cputime_sampled;
bool cputime_irq_from_user;
static const char *sampled_why; /* the backend's reason; NULL: none */
static int forced = -1;		/* cputime=: 0 exact, 1 sampled, -1 not given */

#define TICK_NS (NSEC_PER_SEC / 100)

static struct timer tick;

void cputime_clock_traps(const char *why)
{
	sampled_why = why;
}

static int parse_cputime(const char *val)
{
	if (val && !strcmp(val, "exact"))
		forced = 0;
	else if (val && !strcmp(val, "sampled"))
		forced = 1;
	else
		return -EINVAL;
	return 0;
}
kernel_param("cputime", parse_cputime);

/*
 * The sampling tick: while a process runs, where it was when the tick
 * came counts one sample. Not re-armed in the idle thread or a kernel
 * thread; the next switch to a process arms it again.
 */
static void tick_fn(struct timer *t)
{
	struct process *p = current_proc();

	if (!p)
		return;
	if (cputime_irq_from_user)
		p->user_ticks++;
	else
		p->system_ticks++;
	timer_arm(t, clock_ns() + TICK_NS);
}

void cputime_init(void)
{
	cputime_sampled = forced >= 0 ? forced : sampled_why != NULL;
	timer_init(&tick, tick_fn);
	if (!cputime_sampled)
		pr_info("exact: the clock is read at every kernel entry and exit%s\n",
			sampled_why ? " (cputime=exact; reads trap)" : "");
	else
		pr_info("sampled: user/system split by a 100 Hz tick, totals exact (%s)\n",
			forced == 1 ? "cputime=sampled" : sampled_why);
}

/*
 * Charges p, which runs and is in the kernel, with its time since it was
 * last charged, up to now. Exact: all system time (the boundary crossings charged
 * the rest). Sampled: the new total is split in the ratio of p's samples
 * (none yet: all system time), but neither figure goes back, since both
 * were reported already. Interrupts off.
 */
static void settle_at(struct process *p, u64 now)
{
	u64 total, ut, samples;

	if (!cputime_sampled) {
		p->stime_ns += now > p->acct_ns ? now - p->acct_ns : 0;
		p->acct_ns = now;
		return;
	}
	total = p->utime_ns + p->stime_ns + (now > p->acct_ns ? now - p->acct_ns : 0);
	p->acct_ns = now;
	samples = p->user_ticks + p->system_ticks;
	/* total * user_ticks / samples, without overflow */
	ut = samples ? total / samples * p->user_ticks +
			       total % samples * p->user_ticks / samples :
		       0;
	if (ut < p->utime_ns)
		ut = p->utime_ns;
	if (total - ut < p->stime_ns)
		ut = total - p->stime_ns;
	p->utime_ns = ut;
	p->stime_ns = total - ut;
}

static void settle(struct process *p)
{
	settle_at(p, clock_ns());
}

/* The caller's figures brought up to now: it is in the kernel, reading them. */
static void settle_self(void)
{
	struct process *self = current_proc();

	if (self)
		settle(self);
}

/*
 * Brings p's group up to date with what p was charged since its last
 * fold. Interrupts off. On one CPU every thread but the running one has
 * been folded when it was switched away from, so a reader that folds the
 * caller sees the group's exact figures.
 */
static void fold(struct process *p)
{
	struct thread_group *tg = p->tg;

	if (!tg)
		return;
	tg->utime_ns += p->utime_ns - p->folded_utime_ns;
	tg->stime_ns += p->stime_ns - p->folded_stime_ns;
	p->folded_utime_ns = p->utime_ns;
	p->folded_stime_ns = p->stime_ns;
}

/* The caller's process, folded; NULL in a kernel thread. Interrupts off. */
static struct process *fold_self(void)
{
	struct process *self = current_proc();

	if (self)
		fold(self);
	return self;
}

void cputime_switch(struct thread *prev, struct thread *next, u64 now)
{
	if (prev->proc) {
		settle_at(prev->proc, now);
		fold(prev->proc);
	}
	/* Time spent waiting to run is nobody's. */
	if (next->proc) {
		next->proc->acct_ns = now;
		if (cputime_sampled && !tick.pending)
			timer_arm(&tick, now + TICK_NS);
	}
}

void cputime_exit(struct process *p)
{
	unsigned long flags = arch_local_irq_save();

	settle(p);
	fold(p);
	arch_local_irq_restore(flags);
}

void cputime_reap(struct process *parent, struct process *child)
{
	struct thread_group *ptg = parent->tg, *ctg = child->tg;
	unsigned long flags = arch_local_irq_save();

	ptg->cutime_ns += ctg->utime_ns + ctg->cutime_ns;
	ptg->cstime_ns += ctg->stime_ns + ctg->cstime_ns;
	arch_local_irq_restore(flags);
}

/* p's own times (as_group false) or its group's: *ut and *st, in ns. */
static void read_times(const struct process *p, bool as_group, u64 *ut, u64 *st)
{
	unsigned long flags = arch_local_irq_save();

	settle_self();
	if (as_group) {
		fold_self();
		*ut = p->tg->utime_ns;
		*st = p->tg->stime_ns;
	} else {
		*ut = p->utime_ns;
		*st = p->stime_ns;
	}
	arch_local_irq_restore(flags);
}

/* ---------------------------------------------------------------- CPU-time clocks */

/*
 * Linux encodes a CPU-time clock as a negative id: ~pid << 3, 4 for a
 * thread's clock (a process's otherwise), and which of three readings.
 * pid 0 is the caller. CLOCK_PROCESS_CPUTIME_ID and
 * CLOCK_THREAD_CPUTIME_ID are the caller's SCHED clocks; a negative id
 * with the low bits 3 is a clock behind a file descriptor instead.
 */
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	 3
#define CPUCLOCK_PROF		 0 /* user + system */
#define CPUCLOCK_VIRT		 1 /* user */
#define CPUCLOCK_SCHED		 2 /* time run: here user + system too */
#define CPUCLOCK_MAX		 3
#define CPUCLOCK_PERTHREAD	 4
#define CLOCKFD			 3
#define CLOCKFD_MASK		 7
#define MAKE_CPUCLOCK(pid, which, thread) \
	((int)((~(unsigned int)(pid)) << 3) | ((thread) ? CPUCLOCK_PERTHREAD : 0) | (which))

struct kernel_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

struct cpu_clock {
	struct process *p;
	bool thread;
	int which;
};

bool is_cpu_clock(int id)
{
	return id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID ||
	       (id < 0 && (id & CLOCKFD_MASK) != CLOCKFD);
}

static int normalize(int id)
{
	if (id == CLOCK_PROCESS_CPUTIME_ID)
		return MAKE_CPUCLOCK(0, CPUCLOCK_SCHED, false);
	if (id == CLOCK_THREAD_CPUTIME_ID)
		return MAKE_CPUCLOCK(0, CPUCLOCK_SCHED, true);
	return id;
}

static int cpuclock_pid(int id)
{
	return ~(id >> 3);
}

/*
 * The clock id names: -EINVAL when it names none. Any process's clock may
 * be read, zombies' too; a thread's only from its own process, which has
 * one thread: the caller's. Interrupts off, so the process stays.
 */
static int decode(int id, struct cpu_clock *c)
{
	struct process *self = current_proc();
	int pid;

	if (!is_cpu_clock(id))
		return -EINVAL;
	id = normalize(id);
	c->which = id & 3;
	c->thread = id & CPUCLOCK_PERTHREAD;
	if (c->which >= CPUCLOCK_MAX)
		return -EINVAL;
	pid = cpuclock_pid(id);
	c->p = pid ? find_process(pid) : self;
	if (!c->p || !c->p->tg)
		return -EINVAL;
	/* A thread's clock is for its own group; a process's is named by its leader (Linux). */
	if (c->thread ? c->p->tg != self->tg : (pid && group_leader(c->p) != c->p))
		return -EINVAL;
	return 0;
}

static u64 clock_value(const struct cpu_clock *c)
{
	u64 ut, st;

	read_times(c->p, !c->thread, &ut, &st);
	return c->which == CPUCLOCK_VIRT ? ut : ut + st;
}

int cpu_clock_get(int id, u64 *ns)
{
	unsigned long flags = arch_local_irq_save();
	struct cpu_clock c;
	int rc = decode(id, &c);

	if (!rc)
		*ns = clock_value(&c);
	arch_local_irq_restore(flags);
	return rc;
}

/* No CPU clock can be set: EPERM once the id is known to name one. */
int cpu_clock_set_check(int id)
{
	unsigned long flags = arch_local_irq_save();
	struct cpu_clock c;
	int rc = decode(id, &c);

	arch_local_irq_restore(flags);
	return rc ? rc : -EPERM;
}

/*
 * Sleeps until the group's clock (which) reaches deadline, or a signal
 * comes: 0 or -EINTR. The wall clock bounds the wait (below), so a
 * process sleeping on its own clock, with no other thread to run it on,
 * sleeps until a signal, as on Linux (looking again now and then). The
 * caller holds a reference to the group, not to the process, which may
 * be reaped meanwhile: its clock then stands still.
 */
static int cpu_sleep(struct thread_group *tg, int which, u64 deadline, u64 *left)
{
	unsigned long flags = arch_local_irq_save();
	u64 now = 0;
	int rc;

	for (;;) {
		settle_self();
		fold_self();
		now = which == CPUCLOCK_VIRT ? tg->utime_ns : tg->utime_ns + tg->stime_ns;
		rc = 0;
		if (now >= deadline)
			break;
		rc = -EINTR;
		if (signal_pending())
			break;
		/*
		 * One CPU: the clock cannot gain on the wall clock, so the
		 * deadline is at least this far off, and is reached then if
		 * the group's other threads ran all the while (the timer
		 * interrupt charges whoever runs, the switch to us folds it):
		 * the wait is exact with no look at the clock in between,
		 * even for a process that never enters the kernel by itself.
		 */
		wait_queue_sleep_until(&tg->cpu_wait, clock_ns() + (deadline - now));
	}
	*left = deadline > now ? deadline - now : 0;
	arch_local_irq_restore(flags);
	return rc;
}

static long cpu_nanosleep_abs(int id, u64 deadline, u64 urem, bool abs);

static long cpu_sleep_restart(struct restart_block *rb)
{
	return cpu_nanosleep_abs(rb->clockid, rb->deadline_ns, rb->uaddr, false);
}

/* Sleeps until clock id reads deadline; abs says whether the caller asked with TIMER_ABSTIME. */
static long cpu_nanosleep_abs(int id, u64 deadline, u64 urem, bool abs)
{
	struct restart_block *rb = &current->sig->restart;
	struct thread_group *tg;
	struct kernel_timespec rem;
	struct cpu_clock c;
	unsigned long flags;
	u64 left;
	int rc;

	flags = arch_local_irq_save();
	rc = decode(id, &c);
	tg = rc ? NULL : thread_group_get(c.p->tg);
	arch_local_irq_restore(flags);
	if (rc)
		return rc;
	rc = cpu_sleep(tg, c.which, deadline, &left);
	thread_group_put(tg);
	if (!rc)
		return 0;
	/* An absolute deadline: the same call can simply run again. */
	if (abs)
		return -ERESTARTNOHAND;
	if (urem) {
		rem.tv_sec = (s64)(left / NSEC_PER_SEC);
		rem.tv_nsec = (s64)(left % NSEC_PER_SEC);
		if (copy_to_user((void *)urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	rb->fn = cpu_sleep_restart;
	rb->deadline_ns = deadline;
	rb->uaddr = urem;
	rb->clockid = id;
	return -ERESTART_RESTARTBLOCK;
}

long cpu_clock_nanosleep(int id, bool abs, u64 ns, u64 urem)
{
	struct process *self = current_proc();
	int nid = normalize(id), pid = cpuclock_pid(nid);
	u64 now;
	int rc;

	/* A thread cannot sleep on its own clock: it would never advance. */
	if ((nid & CPUCLOCK_PERTHREAD) && (pid == 0 || pid == self->pid))
		return -EINVAL;
	if (abs)
		return cpu_nanosleep_abs(id, ns, urem, true);
	rc = cpu_clock_get(id, &now);
	if (rc)
		return rc;
	return cpu_nanosleep_abs(id, now + ns, urem, false);
}

/* ---------------------------------------------------------------- usage */

static struct timeval64 ns_to_timeval(u64 ns)
{
	return (struct timeval64){ (s64)(ns / NSEC_PER_SEC),
				   (s64)((ns % NSEC_PER_SEC) / NSEC_PER_USEC) };
}

/* p's user and system time of kind who (RUSAGE_*), in ns. */
static void usage_ns(const struct process *p, int who, u64 *ut, u64 *st)
{
	unsigned long flags;

	*ut = *st = 0;
	if (who != RUSAGE_CHILDREN)
		read_times(p, who != RUSAGE_THREAD, ut, st);
	if (who == RUSAGE_CHILDREN || who == RUSAGE_BOTH) {
		flags = arch_local_irq_save();
		*ut += p->tg->cutime_ns;
		*st += p->tg->cstime_ns;
		arch_local_irq_restore(flags);
	}
}

void fill_rusage(const struct process *p, int who, struct rusage *ru)
{
	u64 ut, st;

	usage_ns(p, who, &ut, &st);
	memset(ru, 0, sizeof(*ru));
	ru->ru_utime = ns_to_timeval(ut);
	ru->ru_stime = ns_to_timeval(st);
}

_Static_assert(sizeof(struct rusage) == 144, "struct rusage layout");

static long sys_getrusage(unsigned long uwho, unsigned long uru)
{
	int who = (int)uwho;
	struct rusage ru;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	fill_rusage(current_proc(), who, &ru);
	return copy_to_user((void *)uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}
SYSCALL(__NR_getrusage, getrusage, sys_getrusage);

/* times() counts in clock ticks of 100 Hz (sysconf(_SC_CLK_TCK), AT_CLKTCK). */
#define USER_HZ	      100
#define NSEC_PER_TICK (NSEC_PER_SEC / USER_HZ)

struct tms {
	s64 tms_utime, tms_stime, tms_cutime, tms_cstime;
};

static long sys_times(unsigned long ubuf)
{
	struct process *p = current_proc();
	u64 ut, st, cut, cst;
	struct tms t;

	usage_ns(p, RUSAGE_SELF, &ut, &st);
	usage_ns(p, RUSAGE_CHILDREN, &cut, &cst);
	t.tms_utime = (s64)(ut / NSEC_PER_TICK);
	t.tms_stime = (s64)(st / NSEC_PER_TICK);
	t.tms_cutime = (s64)(cut / NSEC_PER_TICK);
	t.tms_cstime = (s64)(cst / NSEC_PER_TICK);
	if (ubuf && copy_to_user((void *)ubuf, &t, sizeof(t)))
		return -EFAULT;
	return (long)(clock_ns() / NSEC_PER_TICK);
}
SYSCALL(__NR_times, times, sys_times);
