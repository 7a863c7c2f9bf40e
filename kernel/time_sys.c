/*
 * Time system calls: the clocks (CLOCK_REALTIME is the RTC's reading at
 * boot carried forward by the monotonic clock_ns(); the CPU-time clocks
 * are kernel/cputime.c's), sleeping that a signal interrupts, and
 * ITIMER_REAL/alarm() delivering SIGALRM.
 */
#define pr_fmt(fmt) "time: " fmt

#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/rtc.h>
#include <kernel/cputime.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/signal_ext.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>

#define CLOCK_REALTIME		 0
#define CLOCK_MONOTONIC		 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	 3
#define CLOCK_MONOTONIC_RAW	 4
#define CLOCK_REALTIME_COARSE	 5
#define CLOCK_MONOTONIC_COARSE	 6
#define CLOCK_BOOTTIME		 7
#define CLOCK_REALTIME_ALARM	 8
#define CLOCK_BOOTTIME_ALARM	 9
#define CLOCK_TAI		 11

#define TIMER_ABSTIME 1

#define ITIMER_REAL 0

/* Longest sleep honoured: a bit over 136 years, far from any overflow. */
#define MAX_SLEEP_SEC (1ULL << 32)

struct kernel_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

struct kernel_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

struct kernel_timezone {
	s32 tz_minuteswest;
	s32 tz_dsttime;
};

struct kernel_itimerval {
	struct kernel_timeval it_interval;
	struct kernel_timeval it_value;
};

/* CLOCK_REALTIME - clock_ns(): set once from the backend's wall clock. */
static u64 wall_offset_ns;

void time_sys_init(void)
{
	u64 wall = pv_ops.init.wallclock_ns ? pv_ops.init.wallclock_ns() : 0, now = clock_ns();

	if (!wall) {
		pr_warn("wall clock starts at 1970-01-01\n");
		return;
	}
	wall_offset_ns = wall - MIN(now, wall);
	pr_info("wall clock: %llu s since 1970 (%s backend)\n",
		(unsigned long long)(wall / NSEC_PER_SEC), pv_ops.init.name);
}

u64 realtime_offset_ns(void)
{
	return wall_offset_ns;
}

static struct kernel_timespec ns_to_timespec(u64 ns)
{
	return (struct kernel_timespec){ (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC) };
}

static bool timespec_valid(const struct kernel_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && (u64)ts->tv_nsec < NSEC_PER_SEC;
}

static u64 timespec_to_ns(const struct kernel_timespec *ts)
{
	return MIN((u64)ts->tv_sec, MAX_SLEEP_SEC) * NSEC_PER_SEC + (u64)ts->tv_nsec;
}

/* The reading of clock id in ns; -EINVAL for a clock that does not exist. */
static int clock_read(int id, u64 *ns)
{
	if (is_cpu_clock(id))
		return cpu_clock_get(id, ns);
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		*ns = wall_offset_ns + clock_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = clock_ns();
		return 0;
	default:
		return -EINVAL;
	}
}

static long sys_clock_gettime(unsigned long id, unsigned long uts)
{
	struct kernel_timespec ts;
	u64 ns;
	int rc = clock_read((int)id, &ns);

	if (rc)
		return rc;
	ts = ns_to_timespec(ns);
	return copy_to_user((void *)uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}
SYSCALL(__NR_clock_gettime, clock_gettime, sys_clock_gettime);

static long sys_clock_getres(unsigned long id, unsigned long uts)
{
	struct kernel_timespec ts = { 0, 1 }; /* clock_ns() counts nanoseconds */
	u64 ns;
	int rc = clock_read((int)id, &ns);

	if (rc)
		return rc;
	if (uts && copy_to_user((void *)uts, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_clock_getres, clock_getres, sys_clock_getres);

/*
 * Only CLOCK_REALTIME could be set, and the wall clock here is not
 * settable, root or not (EPERM); the errors before that are Linux's: an
 * unknown or unsettable clock EINVAL, then EFAULT, then a bad time
 * EINVAL. CPU-time clocks are never settable (EPERM, once the id is good).
 */
static long sys_clock_settime(unsigned long uid, unsigned long uts)
{
	int id = (int)uid;
	struct kernel_timespec ts;

	/* The two fixed CPU-time ids are clocks without a setter at all. */
	if (id != CLOCK_REALTIME && !(id < 0 && is_cpu_clock(id)))
		return -EINVAL;
	if (copy_from_user(&ts, (const void *)uts, sizeof(ts)))
		return -EFAULT;
	if (is_cpu_clock(id))
		return cpu_clock_set_check(id);
	if (!timespec_valid(&ts))
		return -EINVAL;
	return -EPERM;
}
SYSCALL(__NR_clock_settime, clock_settime, sys_clock_settime);

static long sys_gettimeofday(unsigned long utv, unsigned long utz)
{
	u64 ns = wall_offset_ns + clock_ns();
	struct kernel_timeval tv = { (s64)(ns / NSEC_PER_SEC),
				     (s64)((ns % NSEC_PER_SEC) / NSEC_PER_USEC) };
	struct kernel_timezone tz = { 0, 0 };

	if (utv && copy_to_user((void *)utv, &tv, sizeof(tv)))
		return -EFAULT;
	if (utz && copy_to_user((void *)utz, &tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}
SYSCALL(__NR_gettimeofday, gettimeofday, sys_gettimeofday);

static long sys_time(unsigned long utloc)
{
	s64 t = (s64)((wall_offset_ns + clock_ns()) / NSEC_PER_SEC);

	if (utloc && copy_to_user((void *)utloc, &t, sizeof(t)))
		return -EFAULT;
	return t;
}
SYSCALL(__NR_time, time, sys_time);

/* ---------------------------------------------------------------- sleeping */

/*
 * Sleeps until clock_ns() reaches deadline: 0, or -EINTR when a signal
 * came first. Checking and sleeping with interrupts off means a signal
 * sent from an interrupt cannot slip in between and be slept through.
 */
static int sleep_interruptible(u64 deadline)
{
	unsigned long flags = arch_local_irq_save();
	int rc;

	while (clock_ns() < deadline && !signal_pending())
		sleep_until(deadline);
	rc = clock_ns() >= deadline ? 0 : -EINTR;
	arch_local_irq_restore(flags);
	return rc;
}

/*
 * A relative sleep ends early: the time left goes to urem, and the sleep
 * either fails with EINTR (a handler runs) or continues through
 * restart_syscall to the same deadline (the signal stopped the process,
 * or was ignored).
 */
static long sleep_relative(u64 deadline, u64 urem, int clockid);

static long sleep_restart(struct restart_block *rb)
{
	return sleep_relative(rb->deadline_ns, rb->uaddr, rb->clockid);
}

static long sleep_relative(u64 deadline, u64 urem, int clockid)
{
	struct restart_block *rb = &current->sig->restart;
	struct kernel_timespec rem;
	u64 now;

	if (!sleep_interruptible(deadline))
		return 0;
	now = clock_ns();
	if (urem) {
		rem = ns_to_timespec(deadline > now ? deadline - now : 0);
		if (copy_to_user((void *)urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	rb->fn = sleep_restart;
	rb->deadline_ns = deadline;
	rb->uaddr = urem;
	rb->clockid = clockid;
	return -ERESTART_RESTARTBLOCK;
}

static long sys_nanosleep(unsigned long ureq, unsigned long urem)
{
	struct kernel_timespec req;

	if (copy_from_user(&req, (const void *)ureq, sizeof(req)))
		return -EFAULT;
	if (!timespec_valid(&req))
		return -EINVAL;
	return sleep_relative(clock_ns() + timespec_to_ns(&req), urem, CLOCK_MONOTONIC);
}
SYSCALL(__NR_nanosleep, nanosleep, sys_nanosleep);

static long sys_clock_nanosleep(unsigned long uid, unsigned long flags, unsigned long ureq,
				unsigned long urem)
{
	int id = (int)uid;
	struct kernel_timespec req;
	bool alarm = false;
	u64 ns, deadline;

	/* Which clocks can be slept on, and the errors for the rest, are Linux's. */
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_TAI:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
		break;
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		alarm = true;
		break;
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP;
	default:
		if (!is_cpu_clock(id))
			return id < 0 ? -EOPNOTSUPP /* a clock behind a descriptor */ : -EINVAL;
		break;
	}
	if (copy_from_user(&req, (const void *)ureq, sizeof(req)))
		return -EFAULT;
	if (!timespec_valid(&req))
		return -EINVAL;
	ns = timespec_to_ns(&req);
	if (is_cpu_clock(id))
		return cpu_clock_nanosleep(id, flags & TIMER_ABSTIME, ns, urem);
	/* Sleeping until an alarm would wake a suspended machine: root's, and flags must be known. */
	if (alarm && (flags & ~(unsigned long)TIMER_ABSTIME))
		return -EINVAL;
	if (alarm && !capable(CAP_WAKE_ALARM))
		return -EPERM;
	if (id == CLOCK_REALTIME_ALARM)
		id = CLOCK_REALTIME;
	else if (id == CLOCK_BOOTTIME_ALARM)
		id = CLOCK_BOOTTIME;

	if (!(flags & TIMER_ABSTIME))
		return sleep_relative(clock_ns() + ns, urem, id);

	/* An absolute deadline: on the monotonic clock, or on the wall clock. */
	if (id == CLOCK_REALTIME || id == CLOCK_TAI)
		deadline = ns > wall_offset_ns ? ns - wall_offset_ns : 0;
	else
		deadline = ns;
	/* Interrupted, the same call can simply run again. */
	return sleep_interruptible(deadline) ? -ERESTARTNOHAND : 0;
}
SYSCALL(__NR_clock_nanosleep, clock_nanosleep, sys_clock_nanosleep);

/* ---------------------------------------------------------------- ITIMER_REAL, alarm */

/*
 * Runs in interrupt context. The timer belongs to the process's
 * thread_group and stops when the process exits (signal_exit()), so the
 * leader it signals is alive.
 */
static void itimer_fire(struct timer *t)
{
	struct thread_group *tg = container_of(t, struct thread_group, itimer);
	struct ksiginfo info = { .signo = SIGALRM, .code = SI_KERNEL };
	u64 now;

	send_signal_info(tg->leader, &info);
	if (tg->itimer_interval_ns) {
		/* Never behind the clock: a tiny interval must not spin here. */
		now = clock_ns();
		timer_arm(t, MAX(t->expires, now) + tg->itimer_interval_ns);
	}
}

static struct kernel_timeval ns_to_timeval(u64 ns)
{
	return (struct kernel_timeval){ (s64)(ns / NSEC_PER_SEC),
					(s64)((ns % NSEC_PER_SEC) / NSEC_PER_USEC) };
}

static bool timeval_valid(const struct kernel_timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && (u64)tv->tv_usec < 1000000;
}

static u64 timeval_to_ns(const struct kernel_timeval *tv)
{
	return MIN((u64)tv->tv_sec, MAX_SLEEP_SEC) * NSEC_PER_SEC +
	       (u64)tv->tv_usec * NSEC_PER_USEC;
}

/* Reads ITIMER_REAL (value left, interval) and sets it when value_ns is not NULL. */
static void itimer_real(struct process *p, const u64 *value_ns, u64 interval_ns,
			u64 *old_value, u64 *old_interval)
{
	struct thread_group *tg = p->tg;
	unsigned long flags;
	u64 now;

	*old_value = 0;
	*old_interval = 0;
	/* Against the timer firing (and re-arming itself) half-way. */
	flags = arch_local_irq_save();
	now = clock_ns();
	if (tg->itimer.pending) {
		/* A timer due this instant still counts as running. */
		*old_value = tg->itimer.expires > now ? tg->itimer.expires - now : 1;
		*old_interval = tg->itimer_interval_ns;
	}
	if (value_ns) {
		timer_cancel(&tg->itimer);
		tg->itimer_interval_ns = 0;
		if (*value_ns) {
			tg->itimer.fn = itimer_fire;
			tg->itimer_interval_ns = interval_ns;
			timer_arm(&tg->itimer, now + *value_ns);
		}
	}
	arch_local_irq_restore(flags);
}

static long sys_setitimer(unsigned long which, unsigned long unew, unsigned long uold)
{
	struct kernel_itimerval new = { 0 }, old;
	u64 value, ov, oi;

	if (which != ITIMER_REAL)
		return -EINVAL; /* no CPU-time timers */
	if (unew && copy_from_user(&new, (const void *)unew, sizeof(new)))
		return -EFAULT;
	if (!timeval_valid(&new.it_value) || !timeval_valid(&new.it_interval))
		return -EINVAL;
	value = timeval_to_ns(&new.it_value);
	itimer_real(current_proc(), &value, timeval_to_ns(&new.it_interval), &ov, &oi);
	if (uold) {
		old.it_value = ns_to_timeval(ov);
		old.it_interval = ns_to_timeval(oi);
		if (copy_to_user((void *)uold, &old, sizeof(old)))
			return -EFAULT;
	}
	return 0;
}
SYSCALL(__NR_setitimer, setitimer, sys_setitimer);

static long sys_getitimer(unsigned long which, unsigned long ucur)
{
	struct kernel_itimerval cur;
	u64 ov, oi;

	if (which != ITIMER_REAL)
		return -EINVAL;
	itimer_real(current_proc(), NULL, 0, &ov, &oi);
	cur.it_value = ns_to_timeval(ov);
	cur.it_interval = ns_to_timeval(oi);
	return copy_to_user((void *)ucur, &cur, sizeof(cur)) ? -EFAULT : 0;
}
SYSCALL(__NR_getitimer, getitimer, sys_getitimer);

static long sys_alarm(unsigned long seconds)
{
	u64 value = MIN((u64)(unsigned int)seconds, MAX_SLEEP_SEC) * NSEC_PER_SEC, ov, oi;

	itimer_real(current_proc(), &value, 0, &ov, &oi);
	/* The seconds that were left, rounded; never 0 while one was running. */
	if (!ov)
		return 0;
	return (long)MAX((ov + NSEC_PER_SEC / 2) / NSEC_PER_SEC, 1ULL);
}
SYSCALL(__NR_alarm, alarm, sys_alarm);
