/*
 * Xen time: the clock is Xen's system time, computed from this vCPU's
 * vcpu_time_info (a TSC stamp and the scale to nanoseconds, republished
 * by Xen under a version counter); the one-shot timer is set_timer_op,
 * which raises VIRQ_TIMER at an absolute system time. The same for PV
 * and PVH: under PVH the TSC stamp is already in the guest's TSC units.
 */
#include <asm/paravirt.h>
#include <asm/tsc.h>
#include <asm/xen/hypercall.h>
#include <kernel/compiler.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <kernel/xen-events.h>

#include "xen-ops.h"

u64 xen_system_time_ns(void)
{
	const struct vcpu_time_info *t = &xen_vcpu->time;
	u32 version, mul;
	u64 stamp, sys, delta;
	s8 shift;

	do {
		version = READ_ONCE(t->version);
		barrier();
		stamp = t->tsc_timestamp;
		sys = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		barrier();
	} while ((version & 1) || version != READ_ONCE(t->version));

	delta = rdtsc() - stamp;
	if (shift >= 0)
		delta <<= shift;
	else
		delta >>= -shift;
	return sys + (u64)(((unsigned __int128)delta * mul) >> 32);
}

/* Asks for VIRQ_TIMER at the given Xen system time (0 cancels). */
long xen_timer_at(u64 system_ns)
{
	return HYPERVISOR_set_timer_op(system_ns);
}

/* ---- the backend's time ops: clock_ns counts from our boot, like the TSC clock */

static u64 time_base;
int xen_virq_timer_irq = -1;

u64 xen_clock_ns(void);

u64 xen_clock_ns(void)
{
	return xen_system_time_ns() - time_base;
}
PV_CALLEE_SAVE_THUNK_RET(xen_clock_ns);

/* Called from C-ABI sites (see asm/paravirt.h), so no thunk. */
void xen_timer_program(u64 deadline_ns)
{
	xen_timer_at(deadline_ns ? deadline_ns + time_base : 0);
}

static void timer_virq(unsigned int irq, void *data)
{
	timer_interrupt();
}

/*
 * Xen's wall clock: shared_info holds the time of day at system time 0
 * (wc_sec, wc_sec_hi, wc_nsec, guarded by wc_version like vcpu_time_info);
 * adding the system time gives now.
 */
u64 xen_wallclock_ns(void)
{
	const struct shared_info *s = xen_shared_info;
	u32 version;
	u64 sec, nsec;

	do {
		version = READ_ONCE(s->wc_version);
		barrier();
		sec = ((u64)s->xen_wc_sec_hi << 32) | s->wc_sec;
		nsec = s->wc_nsec;
		barrier();
	} while ((version & 1) || version != READ_ONCE(s->wc_version));
	if (!sec)
		return 0;
	return sec * NSEC_PER_SEC + nsec + xen_system_time_ns();
}

/*
 * The TSC's rate as Xen scales it (ns = (tsc << shift) * mul >> 32), so
 * that /proc/cpuinfo can show it as the native backend's calibration does.
 */
static u64 xen_tsc_khz(void)
{
	const struct vcpu_time_info *t = &xen_vcpu->time;
	u32 mul = READ_ONCE(t->tsc_to_system_mul);
	s8 shift = READ_ONCE(t->tsc_shift);
	u64 khz;

	if (!mul)
		return 0;
	khz = (1000000ULL << 32) / mul;
	return shift < 0 ? khz << -shift : khz >> shift;
}

void xen_time_setup(void)
{
	time_base = xen_system_time_ns();
	tsc_khz = xen_tsc_khz();
}

/* pv_ops.init.time_init: VIRQ_TIMER drives kernel/timer.c; no periodic tick. */
void xen_time_init(void)
{
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	if (xen_virq_timer_irq < 0)
		xen_virq_timer_irq = xen_bind_virq(VIRQ_TIMER);
	else
		free_irq((unsigned int)xen_virq_timer_irq);
	if (xen_virq_timer_irq < 0 ||
	    request_irq((unsigned int)xen_virq_timer_irq, timer_virq, "timer", NULL))
		panic("xen: cannot bind VIRQ_TIMER");
	time_set_ready();
	printk(KERN_INFO "%s: clock from vcpu_time_info, one-shot timer by set_timer_op on IRQ %d\n",
	       pv_ops.init.name, xen_virq_timer_irq);
}
