/*
 * Common interrupt and exception entry: save the registers as a struct
 * pt_regs, call x86_interrupt(regs), restore and return.
 */
	.text
	.globl interrupt_common
	.type interrupt_common, @function
interrupt_common:
	cld
	pushq %rax
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
	iretq
	.size interrupt_common, . - interrupt_common

	.section .note.GNU-stack, "", @progbits
