/*
 * Self-tests of the PVH backend, run with selftest=all. On any other
 * backend they have nothing to check and pass after saying so. Each
 * checks what a half-working PVH kernel would get wrong while the generic
 * tests still passed: a hypercall page filled by something other than Xen's
 * MSR, shared_info not where we asked, events reaching us by some other
 * route than the callback vector, or time from the emulated local APIC.
 */
#define pr_fmt(fmt) "selftest: " fmt

#include <asm/irq_vectors.h>
#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <kernel/irq.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/string.h>
#include <kernel/time.h>

#include "xen-ops.h"

static bool on_pvh(const char *test)
{
	if (!strcmp(pv_ops.init.name, "xen-pvh"))
		return true;
	pr_info("%s: not on the xen-pvh backend, nothing to check\n", test);
	return false;
}

/* The page Xen wrote, shared_info where we put it, the upcall as we registered it. */
static int test_xen_pvh_hypercalls(void)
{
	const u8 *stub = (const u8 *)hypercall_page + __HYPERVISOR_xen_version * XEN_HYPERCALL_ENTRY_SIZE;
	const struct vcpu_time_info *t;
	struct xen_hvm_param cb = { .domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ };
	u32 nr;

	if (!on_pvh("xen_pvh_hypercalls"))
		return 0;
	/* mov $nr, %eax first, as Xen writes every HVM stub; no int3 left. */
	memcpy(&nr, stub + 1, 4);
	EXPECT(stub[0] == 0xb8 && nr == __HYPERVISOR_xen_version);
	EXPECT(HYPERVISOR_xen_version(XENVER_version, NULL) >> 16 >= 4);
	EXPECT(xen_shared_info && virt_to_phys(xen_shared_info) == xen_pvh_info.shared_info_pfn << PAGE_SHIFT);
	t = &xen_vcpu->time;
	EXPECT(t->tsc_to_system_mul != 0 && t->system_time != 0);
	EXPECT(HYPERVISOR_hvm_op(HVMOP_get_param, &cb) == 0);
	if (xen_pvh_info.upcall_vector) /* the per-vCPU vector; the domain-wide one unset */
		EXPECT(cb.value == 0);
	else
		EXPECT(cb.value == (((u64)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) |
				    (IRQ_VECTOR_BASE + IRQ_XEN_UPCALL)));
	return 0;
}
DEFINE_SELFTEST(xen_pvh_hypercalls, test_xen_pvh_hypercalls, 0);

/*
 * A sleep ends through VIRQ_TIMER, delivered by the callback vector
 * (upcall IRQ), while the local APIC timer stays silent; and the clock
 * runs at Xen's rate.
 */
static int test_xen_pvh_timer_events(void)
{
	u64 upcalls, timer_irqs, lapic_irqs, c0, x0, dc, dx;
	unsigned long flags;

	if (!on_pvh("xen_pvh_timer_events"))
		return 0;
	EXPECT(xen_virq_timer_irq >= IRQ_XEN_FIRST);
	upcalls = irq_count(IRQ_XEN_UPCALL);
	timer_irqs = irq_count((unsigned int)xen_virq_timer_irq);
	lapic_irqs = irq_count(IRQ_LAPIC_TIMER);
	/* Each pair read with interrupts off: an interrupt (or a preemption) between would widen the gap. */
	flags = arch_local_irq_save();
	c0 = clock_ns();
	x0 = xen_system_time_ns();
	arch_local_irq_restore(flags);
	msleep(20);
	flags = arch_local_irq_save();
	dc = clock_ns() - c0;
	dx = xen_system_time_ns() - x0;
	arch_local_irq_restore(flags);
	EXPECT(irq_count((unsigned int)xen_virq_timer_irq) > timer_irqs);
	EXPECT(irq_count(IRQ_XEN_UPCALL) > upcalls);
	EXPECT(irq_count(IRQ_LAPIC_TIMER) == lapic_irqs);
	EXPECT(dc >= 20 * NSEC_PER_MSEC);
	/* The same clock: the two deltas differ only by the reads between them. */
	EXPECT(dx >= dc - NSEC_PER_MSEC && dx <= dc + NSEC_PER_MSEC);
	return 0;
}
DEFINE_SELFTEST(xen_pvh_timer_events, test_xen_pvh_timer_events, 0);
