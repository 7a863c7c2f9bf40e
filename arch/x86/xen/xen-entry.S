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

	.section .note.GNU-stack, "", @progbits
