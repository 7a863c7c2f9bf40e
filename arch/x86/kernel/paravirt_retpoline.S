/*
 * Per-op retpolines for unpatched pv_ops sites under CONFIG_RETPOLINE:
 * pv_retpoline_N jumps to pv_ops slot N without an indirect branch the
 * CPU could predict, and without touching any register, so the
 * callee-saves convention of the sites holds.
 */
#include <generated/pv_sites.h>	/* PV_NR_OPS_LISTED */

	.macro PV_RETPOLINE idx
	.globl pv_retpoline_\idx
	.type pv_retpoline_\idx, @function
pv_retpoline_\idx:
	call 1f
2:	pause				/* speculation is trapped here */
	lfence
	jmp 2b
1:	pushq %rax
	movq pv_ops + \idx * 8(%rip), %rax
	movq %rax, 8(%rsp)		/* the return address becomes the target */
	popq %rax
	ret
	.size pv_retpoline_\idx, . - pv_retpoline_\idx
	.endm

	.text
	.altmacro
	idx = 0
	.rept PV_NR_OPS_LISTED
	PV_RETPOLINE %idx
	idx = idx + 1
	.endr

	/* Their addresses by op index, for the self-tests. */
	.macro PV_RETPOLINE_ADDR idx
	.quad pv_retpoline_\idx
	.endm
	.section .rodata
	.balign 8
	.globl pv_retpoline_table
pv_retpoline_table:
	idx = 0
	.rept PV_NR_OPS_LISTED
	PV_RETPOLINE_ADDR %idx
	idx = idx + 1
	.endr
	.noaltmacro

	.section .note.GNU-stack, "", @progbits
