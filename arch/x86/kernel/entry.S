/*
 * Common interrupt and exception entry: save the registers as a struct
 * pt_regs, call x86_interrupt(regs), restore and return. Entries from
 * user mode swap GS to the kernel's per-CPU block and back.
 */
	.text
	.globl interrupt_common
	.type interrupt_common, @function
interrupt_common:
	cld
	testb $3, 24(%rsp)		/* from user mode: take the kernel's GS */
	jz 1f
	swapgs
1:	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	xorl %ebp, %ebp			/* backtraces of the handler stop here */
	call x86_interrupt
	.globl interrupt_return
interrupt_return:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp			/* vector and error code */
	testb $3, 8(%rsp)		/* back to user mode: give GS back */
	jz 2f
	swapgs
2:	iretq
	.size interrupt_common, . - interrupt_common

	.section .note.GNU-stack, "", @progbits
