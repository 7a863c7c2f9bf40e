/*
 * The native pv_ops backend: each op is the bare instruction and a ret,
 * keeping the callee-saves convention of <asm/paravirt.h> (every register
 * but the result is preserved; one-value ops take it in %rax). These are also the byte sequences the
 * patcher may copy inline.
 */
#define OP(name) .globl name; .type name, @function; name:
#define END(name) .size name, . - name
/*
 * Marks where an inlinable op's instructions end (its ret is not copied)
 * and records the op in .pv_inline, the patcher's list of what may be
 * copied into a site (backends add their own, e.g. arch/x86/xen/xen-irq.S).
 */
#define INSN_END(name) name##_insn_end: \
	.pushsection .pv_inline, "a"; .balign 8; .quad name, name##_insn_end; .popsection

	.text
OP(native_pv_cpuid)			/* %edi leaf, %esi subleaf, %rdx -> u32[4] */
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %r8
	mov %rdx, %r8
	mov %edi, %eax
	mov %esi, %ecx
	cpuid
	mov %eax, 0(%r8)
	mov %ebx, 4(%r8)
	mov %ecx, 8(%r8)
	mov %edx, 12(%r8)
	pop %r8
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	ret
END(native_pv_cpuid)

OP(native_pv_read_cr0)
	mov %cr0, %rax
INSN_END(native_pv_read_cr0)
	ret
END(native_pv_read_cr0)

OP(native_pv_write_cr0)
	mov %rax, %cr0
INSN_END(native_pv_write_cr0)
	ret
END(native_pv_write_cr0)

OP(native_pv_read_cr4)
	mov %cr4, %rax
INSN_END(native_pv_read_cr4)
	ret
END(native_pv_read_cr4)

OP(native_pv_write_cr4)
	mov %rax, %cr4
INSN_END(native_pv_write_cr4)
	ret
END(native_pv_write_cr4)

OP(native_pv_read_msr)			/* %edi msr -> %rax */
	push %rcx
	push %rdx
	mov %edi, %ecx
	rdmsr
	shl $32, %rdx
	or %rdx, %rax
	pop %rdx
	pop %rcx
	ret
END(native_pv_read_msr)

OP(native_pv_write_msr)			/* %edi msr, %rsi value */
	push %rax
	push %rcx
	push %rdx
	mov %edi, %ecx
	mov %esi, %eax
	mov %rsi, %rdx
	shr $32, %rdx
	wrmsr
	pop %rdx
	pop %rcx
	pop %rax
	ret
END(native_pv_write_msr)

OP(native_pv_load_gdt)
	lgdt (%rax)
INSN_END(native_pv_load_gdt)
	ret
END(native_pv_load_gdt)

OP(native_pv_load_idt)
	lidt (%rax)
INSN_END(native_pv_load_idt)
	ret
END(native_pv_load_idt)

OP(native_pv_load_tr)
	ltr %ax
INSN_END(native_pv_load_tr)
	ret
END(native_pv_load_tr)

OP(native_pv_wbinvd)
	wbinvd
INSN_END(native_pv_wbinvd)
	ret
END(native_pv_wbinvd)

OP(native_pv_halt)
	hlt
INSN_END(native_pv_halt)
	ret
END(native_pv_halt)

OP(native_pv_save_fl)
	pushf
	pop %rax
INSN_END(native_pv_save_fl)
	ret
END(native_pv_save_fl)

OP(native_pv_save_disable)		/* the flags before, then interrupts off */
	pushf
	pop %rax
	cli
INSN_END(native_pv_save_disable)
	ret
END(native_pv_save_disable)

OP(native_pv_restore_fl)
	push %rax
	popf
INSN_END(native_pv_restore_fl)
	ret
END(native_pv_restore_fl)

OP(native_pv_irq_disable)
	cli
INSN_END(native_pv_irq_disable)
	ret
END(native_pv_irq_disable)

OP(native_pv_irq_enable)
	sti
INSN_END(native_pv_irq_enable)
	ret
END(native_pv_irq_enable)

OP(native_pv_safe_halt)			/* sti holds interrupts off for one more instruction */
	sti
	hlt
INSN_END(native_pv_safe_halt)
	ret
END(native_pv_safe_halt)

OP(native_pv_read_cr2)
	mov %cr2, %rax
INSN_END(native_pv_read_cr2)
	ret
END(native_pv_read_cr2)

OP(native_pv_read_cr3)
	mov %cr3, %rax
INSN_END(native_pv_read_cr3)
	ret
END(native_pv_read_cr3)

OP(native_pv_write_cr3)
	mov %rax, %cr3
INSN_END(native_pv_write_cr3)
	ret
END(native_pv_write_cr3)

OP(native_pv_flush_tlb_one)
	invlpg (%rax)
INSN_END(native_pv_flush_tlb_one)
	ret
END(native_pv_flush_tlb_one)

OP(native_pv_flush_tlb_all)		/* toggling CR4.PGE drops global entries too */
	push %rax
	push %rcx
	mov %cr4, %rax
	test $0x80, %eax
	jz 1f
	mov %rax, %rcx
	and $~0x80, %rcx
	mov %rcx, %cr4
	mov %rax, %cr4
	jmp 2f
1:	mov %cr3, %rax
	mov %rax, %cr3
2:	pop %rcx
	pop %rax
	ret
END(native_pv_flush_tlb_all)

OP(native_pv_set_pte)			/* %rdi entry, %rax value */
	mov %rax, (%rdi)
INSN_END(native_pv_set_pte)
	ret
END(native_pv_set_pte)

OP(native_pv_identity)			/* make_pte, pte_val: value in %rax, out unchanged */
INSN_END(native_pv_identity)
	ret
END(native_pv_identity)

OP(native_load_sp0)			/* %rax: the stack for entries from ring 3 */
	mov %rax, cpu_tss + 4		/* tss.rsp[0]; absolute, so it can be inlined anywhere */
INSN_END(native_load_sp0)
	ret
END(native_load_sp0)

OP(native_clock_ns)			/* -> %rax: ns since calibration (tsc.c) */
	push %rdx
	rdtsc
	shl $32, %rdx
	or %rdx, %rax
	sub tsc_base(%rip), %rax
	mulq tsc_ns_mult(%rip)		/* %rdx:%rax = ticks * mult */
	shrd $32, %rdx, %rax		/* >> 32 */
	pop %rdx
	ret
END(native_clock_ns)

OP(native_pv_nop)			/* alloc_pt, release_pt, lazy MMU: nothing to do */
	ret
END(native_pv_nop)

	/* Ops whose body the patcher may copy into a site: { start, end }. */
	.section .rodata

	.section .note.GNU-stack, "", @progbits
