/*
 * switch_stack(&prev->rsp, next->rsp): the one place a thread gives the
 * CPU to another. Saves the callee-saved registers on the old stack,
 * takes the new one and returns into whatever saved itself there.
 */
	.text
	.globl switch_stack
	.type switch_stack, @function
switch_stack:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size switch_stack, . - switch_stack

	.section .note.GNU-stack, "", @progbits
