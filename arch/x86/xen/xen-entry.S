/*
 * Kernel entry and exit for a 64-bit PV guest. Xen bounces an exception,
 * an event or a system call onto the kernel stack as the CPU would have
 * (for entries from user mode, onto the stack given by stack_switch),
 * with %rcx and %r11 pushed above that frame. The stubs pop them, push
 * what struct pt_regs needs and share one exit: the iret hypercall, since
 * the guest kernel runs in ring 3 and switching to user mode (page
 * tables, GS base) is Xen's job. No swapgs anywhere: Xen swaps the GS
 * bases when it changes the guest's mode.
 *
 * Selectors: Xen shows user frames with its flat ring-3 selectors and
 * kernel frames with CS's RPL cleared, so `cs & 3` tells user from kernel
 * as natively. The system-call path stores the native USER_CS/USER_DS in
 * the frame (the kernel compares them before choosing the fast return),
 * and every return to user mode stores Xen's selectors back.
 */
#include <asm/boot.h>
#include <asm/entry-regs.h>
#include <asm/irq_vectors.h>
#include <asm/xen/interface.h>

#define VCPU_UPCALL_MASK	1	/* offsetof(struct vcpu_info, evtchn_upcall_mask) */
#define FRAME_CS		8	/* in the hardware frame at %rsp: rip, cs, rflags, rsp, ss */
#define FRAME_SS		32

	/* One stub per exception: the frame of vectors.S (error code, vector). */
	.macro XEN_EXCEPTION n
	.globl xen_exception_\n
xen_exception_\n:
	popq %rcx
	popq %r11
	.if !(\n == 8 || (\n >= 10 && \n <= 14) || \n == 17 || \n == 21 || \n == 29 || \n == 30)
	pushq $0
	.endif
	pushq $\n
	jmp xen_interrupt_common
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

	.text
	/* The event callback (an "upcall"): the IRQ layer's vector for it. */
	.globl xen_event_entry
xen_event_entry:
	popq %rcx
	popq %r11
	pushq $0
	pushq $(IRQ_VECTOR_BASE + IRQ_XEN_UPCALL)
	jmp xen_interrupt_common

	/* Exceptions and events: the registers saved, x86_interrupt(regs), then out. */
xen_interrupt_common:
	cld
	SAVE_REGS
	movq %rsp, %rdi
	xorl %ebp, %ebp			/* backtraces of the handler stop here */
	call x86_interrupt
	/* fall through */

	/*
	 * Back through the struct pt_regs at %rsp. The iret stub in the
	 * hypercall page pushes %rcx, %r11 and %rax itself (completing
	 * struct iret_context); the guest adds the flags word, here 0: all
	 * registers restored, the event mask taken from the saved IF.
	 */
xen_return:
	RESTORE_REGS
	addq $16, %rsp			/* vector and error code */
	testb $3, FRAME_CS(%rsp)
	jz 1f
	cmpq $0, xen_user_base_mfn(%rip)	/* Xen would crash the domain: say why first */
	je 2f
	movq $FLAT_USER_CS64, FRAME_CS(%rsp)
	movq $FLAT_USER_SS64, FRAME_SS(%rsp)
1:	pushq $0
	jmp hypercall_page + __HYPERVISOR_iret * 32
2:	movq %rsp, %rdi
	call xen_no_user_base

	/*
	 * The syscall callback, entered with events masked: %rcx and %r11
	 * hold the user's %rip and %rflags (as syscall left them) and are
	 * also on the stack above the frame Xen built.
	 */
	.globl xen_syscall_entry
xen_syscall_entry:
	popq %rcx
	popq %r11
	movq $USER_CS, FRAME_CS(%rsp)
	movq $USER_DS, FRAME_SS(%rsp)
	pushq %rax			/* error_code slot: the system call number */
	pushq $-1			/* vector: not an interrupt */
	SAVE_REGS
	movq %rsp, %rdi
	xorl %ebp, %ebp
	call do_syscall			/* non-zero when %rcx/%r11 may be clobbered on return */
	movq xen_vcpu(%rip), %rcx
	movb $1, VCPU_UPCALL_MASK(%rcx)	/* events off, like the native cli */
	testl %eax, %eax
	jz xen_return
	/*
	 * VGCF_in_syscall: Xen may return with sysret, which loads %rip and
	 * %rflags from %rcx and %r11; do_syscall checked they hold them.
	 */
	RESTORE_REGS
	addq $16, %rsp
	cmpq $0, xen_user_base_mfn(%rip)
	je 2b
	movq $FLAT_USER_CS64, FRAME_CS(%rsp)
	movq $FLAT_USER_SS64, FRAME_SS(%rsp)
	pushq $VGCF_in_syscall
	jmp hypercall_page + __HYPERVISOR_iret * 32

	/* xen_enter_user(regs), the PV cpu.enter_user: events are masked. */
	.globl xen_enter_user
xen_enter_user:
	movq %rdi, %rsp
	jmp xen_return

	/* Xen could not deliver to us (bad segment or stack): nothing to recover. */
	.globl xen_failsafe_entry
xen_failsafe_entry:
	call xen_failsafe
1:	jmp 1b

	.section .note.GNU-stack, "", @progbits
