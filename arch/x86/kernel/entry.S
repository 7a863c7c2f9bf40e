/*
 * Common interrupt and exception entry: save the registers as a struct
 * pt_regs, call x86_interrupt(regs), restore and return. Entries from
 * user mode swap GS to the kernel's per-CPU block and back.
 */
#include <asm/entry-regs.h>

	.text
	.globl interrupt_common
	.type interrupt_common, @function
interrupt_common:
	cld
	testb $3, 24(%rsp)		/* from user mode: take the kernel's GS */
	jz 1f
	swapgs
1:	SAVE_REGS
	movq %rsp, %rdi
	xorl %ebp, %ebp			/* backtraces of the handler stop here */
	call x86_interrupt
	.globl interrupt_return
interrupt_return:
	RESTORE_REGS
	addq $16, %rsp			/* vector and error code */
	testb $3, 8(%rsp)		/* back to user mode: give GS back */
	jz 2f
	swapgs
2:	iretq
	.size interrupt_common, . - interrupt_common

	.section .note.GNU-stack, "", @progbits
