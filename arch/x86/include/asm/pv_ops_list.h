/*
 * Every patched pv_ops op, listed once: its group, name, C type and
 * native implementation. struct pv_ops (paravirt_types.h), the op index
 * each call site records, the op names and the native table (paravirt.c)
 * are all expanded from this list, and scripts/gen-pv-sites.sh reads it to
 * size the sites. Adding an op is one line here, its typed wrapper in
 * <asm/paravirt.h>, and the backends' implementations.
 *
 *	OP(group, name, return type, (parameter types), native implementation)
 *
 * The order is the order of the pointers in struct pv_ops, group by group.
 * The native implementations are the routines of native_ops.S (see
 * <asm/native_ops.h>), except the two that need C or a memory operand.
 */
#ifndef ASM_PV_OPS_LIST_H
#define ASM_PV_OPS_LIST_H

#define PV_CPU_OPS(OP)                                                              \
	OP(cpu, cpuid, void, (u32 leaf, u32 subleaf, u32 regs[4]), native_pv_cpuid) \
	OP(cpu, read_cr0, unsigned long, (void), native_pv_read_cr0)                \
	OP(cpu, write_cr0, void, (unsigned long), native_pv_write_cr0)              \
	OP(cpu, read_cr4, unsigned long, (void), native_pv_read_cr4)                \
	OP(cpu, write_cr4, void, (unsigned long), native_pv_write_cr4)              \
	OP(cpu, read_msr, u64, (u32 msr), native_pv_read_msr)                       \
	OP(cpu, write_msr, void, (u32 msr, u64 val), native_pv_write_msr)           \
	OP(cpu, load_gdt, void, (const struct desc_ptr *), native_pv_load_gdt)      \
	OP(cpu, load_idt, void, (const struct desc_ptr *), native_pv_load_idt)      \
	OP(cpu, load_tr, void, (unsigned long sel), native_pv_load_tr)              \
	/* the stack for entries from ring 3 */                                     \
	OP(cpu, load_sp0, void, (unsigned long sp0), native_load_sp0)               \
	OP(cpu, wbinvd, void, (void), native_pv_wbinvd)                             \
	OP(cpu, halt, void, (void), native_pv_halt)                                 \
	/* leave for user mode through a register frame, never returning */         \
	OP(cpu, enter_user, void, (struct pt_regs *), native_enter_user)            \
	/* CPU-state updates of a context switch, sent together at the end */       \
	OP(cpu, lazy_enter, void, (void), native_pv_nop)                            \
	OP(cpu, lazy_leave, void, (void), native_pv_nop)

#define PV_IRQ_OPS(OP)                                                         \
	OP(irq, save_fl, unsigned long, (void), native_pv_save_fl)             \
	/* save_fl then irq_disable, one site */                               \
	OP(irq, save_disable, unsigned long, (void), native_pv_save_disable)   \
	OP(irq, restore_fl, void, (unsigned long flags), native_pv_restore_fl) \
	OP(irq, irq_disable, void, (void), native_pv_irq_disable)              \
	OP(irq, irq_enable, void, (void), native_pv_irq_enable)                \
	/* enable interrupts and wait */                                       \
	OP(irq, safe_halt, void, (void), native_pv_safe_halt)

#define PV_MMU_OPS(OP)                                                                        \
	OP(mmu, read_cr2, unsigned long, (void), native_pv_read_cr2)                          \
	OP(mmu, read_cr3, unsigned long, (void), native_pv_read_cr3)                          \
	OP(mmu, write_cr3, void, (unsigned long), native_pv_write_cr3)                        \
	OP(mmu, flush_tlb_one, void, (unsigned long addr), native_pv_flush_tlb_one)           \
	OP(mmu, flush_tlb_all, void, (void), native_pv_flush_tlb_all)                         \
	/* any level: pte, pmd, pud, p4d */                                                   \
	OP(mmu, set_pte, void, (u64 *, u64), native_pv_set_pte)                               \
	/* a frame number to what the hardware sees, and back */                              \
	OP(mmu, make_pte, u64, (u64 val), native_pv_identity)                                 \
	OP(mmu, pte_val, u64, (u64 pte), native_pv_identity)                                  \
	/* a page becomes a page table, and stops being one */                                \
	OP(mmu, alloc_pt, void, (unsigned long pfn, unsigned long level), native_pv_alloc_pt) \
	OP(mmu, release_pt, void, (unsigned long pfn), native_pv_release_pt)                  \
	OP(mmu, lazy_enter, void, (void), native_pv_nop)                                      \
	OP(mmu, lazy_leave, void, (void), native_pv_nop)                                      \
	OP(mmu, lazy_flush, void, (void), native_pv_nop)

#define PV_TIME_OPS(OP)                                              \
	/* monotonic ns since boot; a one-shot timer (0 stops it) */ \
	OP(time, clock_ns, u64, (void), native_clock_ns)             \
	OP(time, timer_program, void, (u64 deadline_ns), native_timer_program)

#define PV_OP_LIST(OP) PV_CPU_OPS(OP) PV_IRQ_OPS(OP) PV_MMU_OPS(OP) PV_TIME_OPS(OP)

#endif
