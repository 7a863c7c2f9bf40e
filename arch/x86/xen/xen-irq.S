/*
 * The interrupt flag of a PV guest as assembly the patcher can use: the
 * event mask of vCPU 0's vcpu_info, which the backend has placed in the
 * kernel image (VCPUOP_register_vcpu_info), so an absolute address in the
 * top 2 GiB reaches it from any copy of these instructions. Masked means
 * interrupts off, so the flags word reads inverted: IF (bit 9) exactly when
 * the mask is 0. Unmasking looks for events that arrived meanwhile: Xen
 * delivers them only on its way back to the guest, which a hypercall gives
 * it (xen_deliver_pending_thunk keeps every register).
 *
 * Callee-saves convention of <asm/paravirt.h>: only %rax (the flags word,
 * in and out) and the arithmetic flags change.
 */
#define MASK	xen_vcpu_info + 1	/* evtchn_upcall_mask */
#define PENDING	xen_vcpu_info + 0	/* evtchn_upcall_pending */

#include <asm/pv_inline.h>

	.text
/* "cli": one store, copied into every irq_disable site. */
PV_FUNC(xen_irq_disable_direct)
	movb $1, MASK
PV_INLINE_END(xen_irq_disable_direct, irq, irq_disable)
	ret
PV_END(xen_irq_disable_direct)

/*
 * "sti" inline (25 bytes, the irq_enable site's size): unmask, then take
 * what is pending through a call that only an waiting event reaches. The
 * call goes through a pointer at an absolute address, so the bytes work
 * at any site; a retpoline kernel uses xen_irq_enable_direct instead.
 */
PV_FUNC(xen_irq_enable_inline)
	movb $0, MASK
	testb $0xff, PENDING
	jz 1f
	call *xen_deliver_pending_ptr
1:
PV_INLINE_END(xen_irq_enable_inline, irq, irq_enable)
	ret
PV_END(xen_irq_enable_inline)

	.section .rodata
	.balign 8
xen_deliver_pending_ptr:
	.quad xen_deliver_pending_thunk
	.text

/* "sti" as a direct call: unmask, then take what is pending. */
PV_FUNC(xen_irq_enable_direct)
	movb $0, MASK
	testb $0xff, PENDING
	jnz xen_deliver_pending_thunk	/* it returns to our caller */
	ret
PV_END(xen_irq_enable_direct)

/* "pushf; pop %rax": 0x200 when events are unmasked, else 0. */
PV_FUNC(xen_save_fl_direct)
	xorl %eax, %eax
	testb $0xff, MASK
	setz %ah			/* 1 in bit 8... */
	addb %ah, %ah			/* ...doubled: bit 9 */
	ret
PV_END(xen_save_fl_direct)

/* save_fl, then mask. */
PV_FUNC(xen_save_disable_direct)
	xorl %eax, %eax
	testb $0xff, MASK
	setz %ah
	addb %ah, %ah
	movb $1, MASK
	ret
PV_END(xen_save_disable_direct)

/* "push %rax; popf": the mask from IF in %rax, pending events taken if unmasked. */
PV_FUNC(xen_restore_fl_direct)
	testw $0x200, %ax
	setz MASK
	jz 1f
	testb $0xff, PENDING
	jnz xen_deliver_pending_thunk
1:	ret
PV_END(xen_restore_fl_direct)

	.section .note.GNU-stack, "", @progbits
