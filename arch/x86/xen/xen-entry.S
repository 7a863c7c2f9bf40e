/*
 * Exception entry for a 64-bit PV guest: Xen bounces an exception with
 * %rcx and %r11 pushed above the frame the CPU would have built; after
 * popping them the native vector stub (vectors.S) takes over unchanged.
 */
	.macro XEN_EXCEPTION n
	.globl xen_exception_\n
xen_exception_\n:
	popq %rcx
	popq %r11
	jmp *interrupt_stubs + \n * 8(%rip)
	.endm

	.text
	.altmacro
	n = 0
	.rept 32
	XEN_EXCEPTION %n
	n = n + 1
	.endr

	/* Their addresses by vector, for the trap table. */
	.macro XEN_EXCEPTION_ADDR n
	.quad xen_exception_\n
	.endm
	.section .rodata
	.balign 8
	.globl xen_exception_stubs
xen_exception_stubs:
	n = 0
	.rept 32
	XEN_EXCEPTION_ADDR %n
	n = n + 1
	.endr
	.noaltmacro

/*
 * The event callback (an "upcall"): the same frame as an exception without
 * an error code. It becomes the IRQ layer's vector for the upcall, and
 * returns through the iret hypercall, which restores the event mask from
 * the saved flags (the CPU's iretq could not return to the CS Xen shows).
 */
#include <asm/entry-regs.h>
#include <asm/irq_vectors.h>
#include <asm/xen/interface.h>

	.text
	.globl xen_event_entry
xen_event_entry:
	popq %rcx
	popq %r11
	pushq $0
	pushq $(IRQ_VECTOR_BASE + IRQ_XEN_UPCALL)
	SAVE_REGS
	movq %rsp, %rdi
	call x86_interrupt
	RESTORE_REGS
	addq $16, %rsp			/* vector and error code */
	/*
	 * The iret stub in the hypercall page pushes %rcx, %r11 and %rax
	 * itself (completing struct iret_context); the guest adds the flags
	 * word (no VGCF_in_syscall: this is no system-call return) and jumps.
	 */
	pushq $0
	jmp hypercall_page + __HYPERVISOR_iret * 32

	/* Xen could not deliver to us (bad segment or stack): nothing to recover. */
	.globl xen_failsafe_entry
xen_failsafe_entry:
	call xen_failsafe
1:	jmp 1b

	.section .note.GNU-stack, "", @progbits
