/*
 * The native pv_ops backend's routines (native_ops.S, and the two in C) and
 * PV_NATIVE_OPS, the table of them that every backend's table starts from.
 */
#ifndef ASM_NATIVE_OPS_H
#define ASM_NATIVE_OPS_H

#include <asm/paravirt_types.h>

void native_pv_cpuid(u32 leaf, u32 subleaf, u32 regs[4]);
unsigned long native_pv_read_cr0(void);
void native_pv_write_cr0(unsigned long);
unsigned long native_pv_read_cr4(void);
void native_pv_write_cr4(unsigned long);
u64 native_pv_read_msr(u32 msr);
void native_pv_write_msr(u32 msr, u64 val);
void native_pv_load_gdt(const struct desc_ptr *);
void native_pv_load_idt(const struct desc_ptr *);
void native_pv_load_tr(unsigned long sel);
void native_pv_wbinvd(void);
void native_pv_halt(void);
unsigned long native_pv_save_fl(void);
unsigned long native_pv_save_disable(void);
void native_pv_restore_fl(unsigned long);
void native_pv_irq_disable(void);
void native_pv_irq_enable(void);
void native_pv_safe_halt(void);
unsigned long native_pv_read_cr2(void);
unsigned long native_pv_read_cr3(void);
void native_pv_write_cr3(unsigned long);
void native_pv_flush_tlb_one(unsigned long addr);
void native_pv_flush_tlb_all(void);
void native_pv_set_pte(u64 *ptep, u64 val);
u64 native_pv_identity(u64 v);
/* Does nothing; the patcher turns its sites into NOPs. */
void native_pv_nop(void);
/* native_pv_nop under the types of the ops with arguments (aliases). */
void native_pv_alloc_pt(unsigned long pfn, unsigned long level);
void native_pv_release_pt(unsigned long pfn);

/* Assembly that keeps the convention by itself. */
u64 native_clock_ns(void);
void native_load_sp0(unsigned long sp0);
/* A C op, called with the C convention. */
void native_timer_program(u64 deadline_ns);

/*
 * Every patched op's native implementation and the name "native", as
 * designated initialisers. A backend's table is PV_NATIVE_OPS, then the ops
 * it changes and its own init group, which override these (so backends
 * build with -Wno-override-init):
 *
 *	static const struct pv_ops xen_pvh_ops = {
 *		PV_NATIVE_OPS,
 *		.time.clock_ns = xen_clock_ns_thunk,
 *		...
 *		.init = { .name = "xen-pvh", ... },
 *	};
 */
#define PV_OP_NATIVE(grp, name, ret, params, native) .grp.name = native,
#define PV_NATIVE_OPS				     PV_OP_LIST(PV_OP_NATIVE).init.name = "native"

#endif
