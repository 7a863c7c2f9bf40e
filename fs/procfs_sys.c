/*
 * procfs: the system's files, in the layouts Linux gives them and
 * programs parse at start-up: /proc/meminfo, uptime, stat, loadavg,
 * version, filesystems and /proc/sys/kernel/. The numbers come from where
 * they are counted (the scheduler for CPU time and switches, the IRQ layer
 * for interrupts, the page allocator for memory).
 */
#define pr_fmt(fmt) "procfs: " fmt

#include <asm/irq_vectors.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/utsname.h>
#include <kernel/version.h>

#include "fs-internal.h"
#include "procfs-internal.h"

static unsigned long long kb(u64 pages)
{
	return pages * (PAGE_SIZE / 1024);
}

int proc_meminfo(struct proc_text *t, long key __unused)
{
	u64 total = nr_managed_pages(), free = nr_free_pages();

	proc_printf(t, "MemTotal:       %8llu kB\n", kb(total));
	proc_printf(t, "MemFree:        %8llu kB\n", kb(free));
	proc_printf(t, "MemAvailable:   %8llu kB\n", kb(free));
	proc_printf(t, "Buffers:        %8llu kB\n", 0ULL);
	proc_printf(t, "Cached:         %8llu kB\n", 0ULL);
	proc_printf(t, "SwapCached:     %8llu kB\n", 0ULL);
	proc_printf(t, "SwapTotal:      %8llu kB\n", 0ULL);
	proc_printf(t, "SwapFree:       %8llu kB\n", 0ULL);
	proc_printf(t, "Shmem:          %8llu kB\n", 0ULL);
	return 0;
}

/* Seconds with two decimals, as /proc/uptime writes them. */
static void centiseconds(struct proc_text *t, u64 ns, char after)
{
	u64 cs = ns / (NSEC_PER_SEC / 100);

	proc_printf(t, "%llu.%02llu%c", (unsigned long long)(cs / 100),
		    (unsigned long long)(cs % 100), after);
}

int proc_uptime(struct proc_text *t, long key __unused)
{
	struct sched_stats st;

	sched_get_stats(&st);
	centiseconds(t, clock_ns(), ' ');
	centiseconds(t, st.idle_ns, '\n');
	return 0;
}

/*
 * One CPU, so the "cpu" line and "cpu0" are the same. Time is split into
 * user (the processes' utime), idle (halted in the idle loop) and system
 * (the rest: system calls, kernel threads, interrupts); there is no nice
 * level, I/O wait, interrupt or steal accounting, so those stay 0.
 */
int proc_stat(struct proc_text *t, long key __unused)
{
	u64 now = clock_ns(), intr = 0, busy, sys;
	struct sched_stats st;

	sched_get_stats(&st);
	busy = now > st.idle_ns ? now - st.idle_ns : 0;
	sys = busy > st.user_ns ? busy - st.user_ns : 0;
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	proc_printf(t, "cpu  %llu 0 %llu %llu 0 0 0 0 0 0\n", ns_to_clock_t(st.user_ns),
		    ns_to_clock_t(sys), ns_to_clock_t(st.idle_ns));
	proc_printf(t, "cpu0 %llu 0 %llu %llu 0 0 0 0 0 0\n", ns_to_clock_t(st.user_ns),
		    ns_to_clock_t(sys), ns_to_clock_t(st.idle_ns));
	for (unsigned int i = 0; i < NR_IRQS; i++)
		intr += irq_count(i);
	proc_printf(t, "intr %llu", (unsigned long long)intr);
	for (unsigned int i = 0; i < NR_IRQS; i++)
		proc_printf(t, " %llu", (unsigned long long)irq_count(i));
	proc_printf(t, "\nctxt %llu\n", (unsigned long long)st.switches);
	proc_printf(t, "btime %llu\n", (unsigned long long)(realtime_offset_ns() / NSEC_PER_SEC));
	proc_printf(t, "processes %llu\n", (unsigned long long)st.forks);
	proc_printf(t, "procs_running %u\nprocs_blocked 0\n", st.running);
	proc_printf(t, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
	return 0;
}

/* A load average in SCHED_FSHIFT fixed point as "I.FF", rounded to the hundredth. */
static void load(struct proc_text *t, unsigned long v, char after)
{
	v += (1UL << SCHED_FSHIFT) / 200;
	proc_printf(t, "%lu.%02lu%c", v >> SCHED_FSHIFT,
		    ((v & ((1UL << SCHED_FSHIFT) - 1)) * 100) >> SCHED_FSHIFT, after);
}

int proc_loadavg(struct proc_text *t, long key __unused)
{
	struct sched_stats st;

	sched_get_stats(&st);
	load(t, st.load[0], ' ');
	load(t, st.load[1], ' ');
	load(t, st.load[2], ' ');
	proc_printf(t, "%u/%u %d\n", st.running, st.threads, st.last_pid);
	return 0;
}

int proc_version(struct proc_text *t, long key __unused)
{
	struct utsname u;

	utsname_get(&u);
	proc_printf(t, "%s version %s (%s %s) (gcc %s) %s\n", u.sysname, u.release, KERNEL_NAME,
		    KERNEL_VERSION, __VERSION__, u.version);
	return 0;
}

int proc_filesystems(struct proc_text *t, long key __unused)
{
	for (const char *const *name = mount_fs_names(); *name; name++)
		if (mount_fs_available(*name))
			proc_printf(t, "nodev\t%s\n", *name);
	return 0;
}

/* The pids process.c hands out wrap below this, as Linux's default pid_max. */
int proc_sys_pid_max(struct proc_text *t, long key __unused)
{
	proc_printf(t, "%d\n", PID_MAX);
	return 0;
}

/* One field of uname(): the files under /proc/sys/kernel that mirror it. */
static int print_uts(struct proc_text *t, size_t field)
{
	struct utsname u;

	utsname_get(&u);
	proc_printf(t, "%s\n", (const char *)&u + field);
	return 0;
}

int proc_sys_ostype(struct proc_text *t, long key __unused)
{
	return print_uts(t, __builtin_offsetof(struct utsname, sysname));
}

int proc_sys_osrelease(struct proc_text *t, long key __unused)
{
	return print_uts(t, __builtin_offsetof(struct utsname, release));
}

int proc_sys_version(struct proc_text *t, long key __unused)
{
	return print_uts(t, __builtin_offsetof(struct utsname, version));
}

int proc_sys_hostname(struct proc_text *t, long key __unused)
{
	return print_uts(t, __builtin_offsetof(struct utsname, nodename));
}

int proc_sys_domainname(struct proc_text *t, long key __unused)
{
	return print_uts(t, __builtin_offsetof(struct utsname, domainname));
}
