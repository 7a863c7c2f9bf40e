/* What the Xen backends share among themselves (arch/x86/xen/). */
#ifndef ASM_XEN_XEN_OPS_H
#define ASM_XEN_XEN_OPS_H

#include <asm/xen/interface.h>
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>

struct pt_regs;

/* Set by the PV entry; NULL when we did not come in through it. */
extern struct start_info *xen_start_info;

/*
 * Turns a 64-bit PV start_info into the common boot description: memory
 * is the domain's pseudo-physical pages, the bootstrap area Xen built
 * after the kernel (p2m list, start_info, page tables) is kept reserved,
 * the initrd becomes a module. virt_base is the image's VIRT_BASE.
 */
int bootinfo_parse_xen_pv(struct boot_info *bi, const struct start_info *si, u64 virt_base,
			  u64 kernel_start_pa, const char **err);

void xen_console_init(void);
/* Trap table, shared_info, and the control-register reads (traps_pv.c). */
void xen_pv_traps_init(const struct start_info *si);
extern struct shared_info *xen_shared_info;

/* The interrupt flag as the vCPU's event mask (irq_pv.c); needs shared_info. */
void xen_pv_irq_ops_init(void);

/* The PV MMU ops and the early paging layout (mmu_pv.c). */
void xen_pv_mmu_init(const struct start_info *si);

/* Xen time (time_pv.c). */
u64 xen_system_time_ns(void);
long xen_timer_at(u64 system_ns);
void xen_time_ops_init(void);
void xen_time_init(void);
extern int xen_virq_timer_irq;

/* Multicall batching inside lazy-CPU sections (multicall_pv.c). */
bool xen_mc_batching(void);
void xen_mc_add(unsigned long op, unsigned long a0, unsigned long a1, unsigned long a2,
		unsigned long a3);
/* Room for n mmuext_ops that a queued mmuext_op call points at. */
struct mmuext_op *xen_mc_mmuext(unsigned int n);
void xen_mc_flush(void);
void xen_mc_ops_init(void);

/* The cpu ops and user_mode_init of the PV backend (cpu_pv.c). */
void xen_pv_cpu_ops_init(void);

/* Entry points in xen-entry.S. */
void xen_event_entry(void);
void xen_failsafe_entry(void);
void xen_syscall_entry(void);
__noreturn void xen_enter_user(struct pt_regs *regs);
__noreturn void xen_failsafe(void);

#endif
