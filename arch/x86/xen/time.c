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
#include <kernel/cputime.h>
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

/*
 * Xen's time leaf (its CPUID base + 3, sub-leaf 0) has bit 0 of eax set
 * when this domain's rdtsc is emulated: tsc_mode "default" on a host
 * whose TSC Xen does not trust, as under QEMU. Each clock read then
 * traps to Xen, which kernel/cputime.c needs to know. A PV guest asks
 * through the forced-emulation prefix (a plain cpuid may go to the
 * hardware and never show Xen's leaves); PVH's cpuid reaches Xen anyway.
 */
static void xen_cpuid(bool pv, u32 leaf, u32 r[4])
{
	if (pv)
		asm volatile(XEN_CPUID
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "0"(leaf), "2"(0));
	else
		cpuid_count(leaf, 0, r);
}

static bool xen_tsc_emulated(bool pv)
{
	u32 r[4];

	for (u32 base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000; base += 0x100) {
		xen_cpuid(pv, base, r);
		if (r[1] != XEN_CPUID_SIGNATURE_EBX || r[2] != XEN_CPUID_SIGNATURE_ECX ||
		    r[3] != XEN_CPUID_SIGNATURE_EDX)
			continue;
		if (r[0] < base + 3)
			return false;
		xen_cpuid(pv, base + 3, r);
		return r[0] & 1;
	}
	return false;
}

void xen_time_setup(bool pv)
{
	time_base = xen_system_time_ns();
	tsc_khz = xen_tsc_khz();
	if (xen_tsc_emulated(pv))
		cputime_clock_traps("rdtsc is emulated by Xen");
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
