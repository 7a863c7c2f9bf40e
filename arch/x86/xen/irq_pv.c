/*
 * The interrupt flag of a PV guest is the vCPU's event mask in
 * vcpu_info: masked means "interrupts off". So it reads inverted: IF set
 * in the flags word exactly when evtchn_upcall_mask is 0. Unmasking must
 * look for events that arrived while masked, since Xen delivers them only
 * on its way back to the guest: any hypercall gives it that chance.
 */
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/xen-ops.h>
#include <kernel/compiler.h>

static struct vcpu_info *vcpu(void)
{
	return &xen_shared_info->vcpu_info[0];
}

static void check_pending(void)
{
	barrier();
	if (READ_ONCE(vcpu()->evtchn_upcall_pending))
		HYPERVISOR_xen_version(XENVER_version, NULL);
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

void xen_pv_irq_ops_init(void)
{
	pv_ops.irq.save_fl = xen_save_fl_thunk;
	pv_ops.irq.save_disable = xen_save_disable_thunk;
	pv_ops.irq.restore_fl = xen_restore_fl_thunk;
	pv_ops.irq.irq_disable = xen_irq_disable_thunk;
	pv_ops.irq.irq_enable = xen_irq_enable_thunk;
	pv_ops.irq.safe_halt = xen_safe_halt_thunk;
}
