/*
 * Xen time: the clock is Xen's system time, computed from this vCPU's
 * vcpu_time_info (a TSC stamp and the scale to nanoseconds, republished
 * by Xen under a version counter); the one-shot timer is set_timer_op,
 * which raises VIRQ_TIMER at an absolute system time.
 */
#include <asm/tsc.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/xen-ops.h>
#include <kernel/compiler.h>

u64 xen_system_time_ns(void)
{
	const struct vcpu_time_info *t = &xen_shared_info->vcpu_info[0].time;
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
