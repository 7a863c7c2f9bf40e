/*
 * The native pv_ops backend: each op is the bare instruction and a ret,
 * keeping the callee-saves convention of <asm/paravirt.h> (every register
 * but the result is preserved; one-value ops take it in %rax). These are
 * also the byte sequences the patcher may copy inline (<asm/pv_inline.h>).
 */
#include <asm/pv_inline.h>

	.text
PV_FUNC(native_pv_cpuid)			/* %edi leaf, %esi subleaf, %rdx -> u32[4] */
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
PV_END(native_pv_cpuid)

PV_FUNC(native_pv_read_cr0)
	mov %cr0, %rax
PV_INLINE_END(native_pv_read_cr0, cpu, read_cr0)
	ret
PV_END(native_pv_read_cr0)

PV_FUNC(native_pv_write_cr0)
	mov %rax, %cr0
PV_INLINE_END(native_pv_write_cr0, cpu, write_cr0)
	ret
PV_END(native_pv_write_cr0)

PV_FUNC(native_pv_read_cr4)
	mov %cr4, %rax
PV_INLINE_END(native_pv_read_cr4, cpu, read_cr4)
	ret
PV_END(native_pv_read_cr4)

PV_FUNC(native_pv_write_cr4)
	mov %rax, %cr4
PV_INLINE_END(native_pv_write_cr4, cpu, write_cr4)
	ret
PV_END(native_pv_write_cr4)

PV_FUNC(native_pv_read_msr)			/* %edi msr -> %rax */
	push %rcx
	push %rdx
	mov %edi, %ecx
	rdmsr
	shl $32, %rdx
	or %rdx, %rax
	pop %rdx
	pop %rcx
	ret
PV_END(native_pv_read_msr)

PV_FUNC(native_pv_write_msr)			/* %edi msr, %rsi value */
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
PV_END(native_pv_write_msr)

PV_FUNC(native_pv_load_gdt)
	lgdt (%rax)
PV_INLINE_END(native_pv_load_gdt, cpu, load_gdt)
	ret
PV_END(native_pv_load_gdt)

PV_FUNC(native_pv_load_idt)
	lidt (%rax)
PV_INLINE_END(native_pv_load_idt, cpu, load_idt)
	ret
PV_END(native_pv_load_idt)

PV_FUNC(native_pv_load_tr)
	ltr %ax
PV_INLINE_END(native_pv_load_tr, cpu, load_tr)
	ret
PV_END(native_pv_load_tr)

PV_FUNC(native_pv_wbinvd)
	wbinvd
PV_INLINE_END(native_pv_wbinvd, cpu, wbinvd)
	ret
PV_END(native_pv_wbinvd)

PV_FUNC(native_pv_halt)
	hlt
PV_INLINE_END(native_pv_halt, cpu, halt)
	ret
PV_END(native_pv_halt)

PV_FUNC(native_pv_save_fl)
	pushf
	pop %rax
PV_INLINE_END(native_pv_save_fl, irq, save_fl)
	ret
PV_END(native_pv_save_fl)

PV_FUNC(native_pv_save_disable)		/* the flags before, then interrupts off */
	pushf
	pop %rax
	cli
PV_INLINE_END(native_pv_save_disable, irq, save_disable)
	ret
PV_END(native_pv_save_disable)

PV_FUNC(native_pv_restore_fl)
	push %rax
	popf
PV_INLINE_END(native_pv_restore_fl, irq, restore_fl)
	ret
PV_END(native_pv_restore_fl)

PV_FUNC(native_pv_irq_disable)
	cli
PV_INLINE_END(native_pv_irq_disable, irq, irq_disable)
	ret
PV_END(native_pv_irq_disable)

PV_FUNC(native_pv_irq_enable)
	sti
PV_INLINE_END(native_pv_irq_enable, irq, irq_enable)
	ret
PV_END(native_pv_irq_enable)

PV_FUNC(native_pv_safe_halt)			/* sti holds interrupts off for one more instruction */
	sti
	hlt
PV_INLINE_END(native_pv_safe_halt, irq, safe_halt)
	ret
PV_END(native_pv_safe_halt)

PV_FUNC(native_pv_read_cr2)
	mov %cr2, %rax
PV_INLINE_END(native_pv_read_cr2, mmu, read_cr2)
	ret
PV_END(native_pv_read_cr2)

PV_FUNC(native_pv_read_cr3)
	mov %cr3, %rax
PV_INLINE_END(native_pv_read_cr3, mmu, read_cr3)
	ret
PV_END(native_pv_read_cr3)

PV_FUNC(native_pv_write_cr3)
	mov %rax, %cr3
PV_INLINE_END(native_pv_write_cr3, mmu, write_cr3)
	ret
PV_END(native_pv_write_cr3)

PV_FUNC(native_pv_flush_tlb_one)
	invlpg (%rax)
PV_INLINE_END(native_pv_flush_tlb_one, mmu, flush_tlb_one)
	ret
PV_END(native_pv_flush_tlb_one)

PV_FUNC(native_pv_flush_tlb_all)		/* toggling CR4.PGE drops global entries too */
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
PV_END(native_pv_flush_tlb_all)

PV_FUNC(native_pv_set_pte)			/* %rdi entry, %rax value */
	mov %rax, (%rdi)
PV_INLINE_END(native_pv_set_pte, mmu, set_pte)
	ret
PV_END(native_pv_set_pte)

PV_FUNC(native_pv_identity)			/* make_pte, pte_val: value in %rax, out unchanged */
PV_INLINE_END(native_pv_identity, mmu, make_pte)
PV_INLINE_ALSO(native_pv_identity, mmu, pte_val)
	ret
PV_END(native_pv_identity)

PV_FUNC(native_load_sp0)			/* %rax: the stack for entries from ring 3 */
	mov %rax, cpu_tss + 4		/* tss.rsp[0]; absolute, so it can be inlined anywhere */
PV_INLINE_END(native_load_sp0, cpu, load_sp0)
	ret
PV_END(native_load_sp0)

PV_FUNC(native_clock_ns)			/* -> %rax: ns since calibration (tsc.c) */
	push %rdx
	rdtsc
	shl $32, %rdx
	or %rdx, %rax
	sub tsc_base(%rip), %rax
	mulq tsc_ns_mult(%rip)		/* %rdx:%rax = ticks * mult */
	shrd $32, %rdx, %rax		/* >> 32 */
	pop %rdx
	ret
PV_END(native_clock_ns)

PV_FUNC(native_pv_nop)			/* alloc_pt, release_pt, lazy sections: nothing to do */
	ret
PV_END(native_pv_nop)
	/* The same routine under the names of the ops with arguments (<asm/native_ops.h>). */
	.globl native_pv_alloc_pt, native_pv_release_pt
	.set native_pv_alloc_pt, native_pv_nop
	.set native_pv_release_pt, native_pv_nop

	.section .note.GNU-stack, "", @progbits
