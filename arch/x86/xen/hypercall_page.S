/*
 * The hypercall page, shared by the PV and PVH backends. Xen (PV dom0) or
 * the domain builder (PV domU) overwrites it with the stubs before the
 * guest starts; a PVH guest has Xen fill it by writing the page's
 * physical address to the MSR that CPUID leaf base+2 names
 * (enlighten_pvh.c). Until then every byte is int3, so a call into an
 * unfilled page traps at once, and the PVH backend checks a stub after
 * the MSR write. Its own input section, which the linker script's
 * *(.text .text.*) already takes in.
 */
#include <asm/xen/hypercall.h>

	.section .text.hypercall_page, "ax", @progbits
	.balign 4096
	.globl hypercall_page
	.type hypercall_page, @function
hypercall_page:
	.fill 4096, 1, 0xcc
	.size hypercall_page, . - hypercall_page
