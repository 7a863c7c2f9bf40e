/*
 * The interrupt flag of a PV guest is the vCPU's event mask in
 * vcpu_info: masked means "interrupts off". So it reads inverted: IF set
 * in the flags word exactly when evtchn_upcall_mask is 0. Unmasking must
 * look for events that arrived while masked, since Xen delivers them only
 * on its way back to the guest: any hypercall gives it that chance.
 *
 * vCPU 0's vcpu_info moves from shared_info into the kernel image with
 * VCPUOP_register_vcpu_info; then the ops are the assembly of xen-irq.S:
 * irq_disable inline at its sites (one store), irq_enable inline too
 * (store, test of the pending flag, a call only when an event waits), the
 * others direct calls.
 * If Xen refuses the move, the C versions below do the same through
 * xen_vcpu.
 */
#define pr_fmt(fmt) "xen-pv: " fmt

#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/xen-ops.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>

/* Where xen-irq.S finds the mask: 64 bytes, so never across a page. */
struct vcpu_info xen_vcpu_info __aligned(64);

static struct vcpu_info *vcpu(void)
{
	return xen_vcpu;
}

/* Any hypercall lets Xen deliver what is pending on its way back. */
void xen_deliver_pending(void);

void xen_deliver_pending(void)
{
	HYPERVISOR_xen_version(XENVER_version, NULL);
}
PV_CALLEE_SAVE_THUNK(xen_deliver_pending);

static void check_pending(void)
{
	barrier();
	if (READ_ONCE(vcpu()->evtchn_upcall_pending))
		xen_deliver_pending();
}

unsigned long xen_save_fl(void);
unsigned long xen_save_disable(void);
void xen_restore_fl(unsigned long flags);
void xen_irq_disable(void);
void xen_irq_enable(void);
void xen_safe_halt(void);

unsigned long xen_save_fl(void)
{
	return READ_ONCE(vcpu()->evtchn_upcall_mask) ? 0 : X86_EFLAGS_IF;
}

unsigned long xen_save_disable(void)
{
	unsigned long f = xen_save_fl();

	WRITE_ONCE(vcpu()->evtchn_upcall_mask, 1);
	barrier();
	return f;
}

void xen_restore_fl(unsigned long flags)
{
	WRITE_ONCE(vcpu()->evtchn_upcall_mask, (flags & X86_EFLAGS_IF) ? 0 : 1);
	if (flags & X86_EFLAGS_IF)
		check_pending();
}

void xen_irq_disable(void)
{
	WRITE_ONCE(vcpu()->evtchn_upcall_mask, 1);
	barrier();
}

void xen_irq_enable(void)
{
	WRITE_ONCE(vcpu()->evtchn_upcall_mask, 0);
	check_pending();
}

/* Block until an event; Xen unblocks us with events deliverable. */
void xen_safe_halt(void)
{
	WRITE_ONCE(vcpu()->evtchn_upcall_mask, 0);
	barrier();
	xen_sched_block();
}

PV_CALLEE_SAVE_THUNK_RET(xen_save_fl);
PV_CALLEE_SAVE_THUNK_RET(xen_save_disable);
PV_THUNK_ARG_RAX(xen_restore_fl);
PV_CALLEE_SAVE_THUNK(xen_irq_disable);
PV_CALLEE_SAVE_THUNK(xen_irq_enable);
PV_CALLEE_SAVE_THUNK(xen_safe_halt);

unsigned long xen_save_fl_thunk(void);
unsigned long xen_save_disable_thunk(void);
void xen_restore_fl_thunk(unsigned long flags);
void xen_irq_disable_thunk(void);
void xen_irq_enable_thunk(void);
void xen_safe_halt_thunk(void);

unsigned long xen_save_fl_direct(void);
unsigned long xen_save_disable_direct(void);
void xen_restore_fl_direct(unsigned long flags);
void xen_irq_disable_direct(void);
void xen_irq_enable_direct(void);
void xen_irq_enable_inline(void);

/* Moves vCPU 0's vcpu_info to xen_vcpu_info; false if Xen refuses. */
static bool register_vcpu_info(void)
{
	u64 va = (u64)&xen_vcpu_info;
	struct vcpu_register_vcpu_info r = {
		.mfn = ((const u64 *)xen_start_info->mfn_list)[(va - KERNEL_VIRT_BASE) >> PAGE_SHIFT],
		.offset = (uint32_t)(va & (PAGE_SIZE - 1)),
	};
	long rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r);

	if (rc) {
		pr_warn("VCPUOP_register_vcpu_info refused (%ld): event mask in shared_info, ops in C\n", rc);
		return false;
	}
	xen_vcpu = &xen_vcpu_info;
	return true;
}

void xen_pv_irq_ops_init(void)
{
	pv_ops.irq.safe_halt = xen_safe_halt_thunk;
	if (register_vcpu_info()) {
		pv_ops.irq.save_fl = xen_save_fl_direct;
		pv_ops.irq.save_disable = xen_save_disable_direct;
		pv_ops.irq.restore_fl = xen_restore_fl_direct;
		pv_ops.irq.irq_disable = xen_irq_disable_direct;
		/* Inline, except where indirect calls are to be avoided. */
		pv_ops.irq.irq_enable = IS_ENABLED(CONFIG_RETPOLINE) ? xen_irq_enable_direct
								     : xen_irq_enable_inline;
		return;
	}
	pv_ops.irq.save_fl = xen_save_fl_thunk;
	pv_ops.irq.save_disable = xen_save_disable_thunk;
	pv_ops.irq.restore_fl = xen_restore_fl_thunk;
	pv_ops.irq.irq_disable = xen_irq_disable_thunk;
	pv_ops.irq.irq_enable = xen_irq_enable_thunk;
}
