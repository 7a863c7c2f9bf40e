/*
 * The interrupt flag of a PV guest is the vCPU's event mask in
 * vcpu_info: masked means "interrupts off". So it reads inverted: IF set
 * in the flags word exactly when evtchn_upcall_mask is 0. Unmasking must
 * look for events that arrived while masked, since Xen delivers them only
 * on its way back to the guest: any hypercall gives it that chance.
 *
 * The ops are the assembly of xen-irq.S (irq_disable inline at its sites:
 * one store; irq_enable inline too: store, test of the pending flag, a
 * call only when an event waits; the others direct calls), all working on
 * xen_vcpu_info, vCPU 0's vcpu_info placed in the kernel image so that an
 * absolute address reaches it from any site. They are the backend's from
 * its first instruction: until VCPUOP_register_vcpu_info moves Xen's copy
 * here, the mask they read and write is a private one that starts masked,
 * as Xen starts us, and events stay masked in shared_info, where Xen
 * looks. Registering copies Xen's mask over ours. Linux likewise requires
 * the placement (Xen has it since 3.4); a Xen that refuses it stops the
 * boot with a message.
 */
#define pr_fmt(fmt) "xen-pv: " fmt

#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <kernel/compiler.h>
#include <kernel/init.h>
#include <kernel/printk.h>

#include "xen-ops.h"

/* Where xen-irq.S finds the mask: 64 bytes, so never across a page. */
struct vcpu_info xen_vcpu_info __aligned(64) = { .evtchn_upcall_mask = 1 };

/* Any hypercall lets Xen deliver what is pending on its way back (xen-irq.S calls this). */
void xen_deliver_pending(void);

void xen_deliver_pending(void)
{
	HYPERVISOR_xen_version(XENVER_version, NULL);
}
PV_CALLEE_SAVE_THUNK(xen_deliver_pending);

/* Block until an event; Xen unblocks us with events deliverable. */
void xen_safe_halt(void);

void xen_safe_halt(void)
{
	WRITE_ONCE(xen_vcpu_info.evtchn_upcall_mask, 0);
	barrier();
	xen_sched_block();
}
PV_CALLEE_SAVE_THUNK(xen_safe_halt);

void xen_pv_vcpu_info_init(void)
{
	u64 va = (u64)&xen_vcpu_info;
	struct vcpu_register_vcpu_info r = {
		.mfn = ((const u64 *)xen_start_info->mfn_list)[(va - KERNEL_VIRT_BASE) >> PAGE_SHIFT],
		.offset = (uint32_t)(va & (PAGE_SIZE - 1)),
	};
	long rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r);

	if (rc)
		boot_fail("xen-pv: Xen refused VCPUOP_register_vcpu_info (%ld): the event mask cannot be placed where the interrupt-flag ops look",
			  rc);
	xen_vcpu = &xen_vcpu_info;
}
