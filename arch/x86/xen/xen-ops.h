/* What the Xen backends share among themselves (arch/x86/xen/); private to them. */
#ifndef ARCH_X86_XEN_XEN_OPS_H
#define ARCH_X86_XEN_XEN_OPS_H

#include <asm/xen/hypervisor.h>
#include <asm/xen/interface.h>
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>

struct pt_regs;

/* Set by the PV entry; NULL when we did not come in through it. */
extern struct start_info *xen_start_info;

/*
 * The pages of a PV domain the kernel uses: the PV MMU keeps a bit per
 * page (page table or not) in fixed arrays. A bigger domain boots on its
 * first 4 GiB, and says so.
 */
#define XEN_PV_MAX_PFNS (1UL << 20)

/*
 * Turns a 64-bit PV start_info into the common boot description: memory
 * is the domain's pseudo-physical pages, the bootstrap area Xen built
 * after the kernel (p2m list, start_info, page tables) is kept reserved,
 * the initrd becomes a module. virt_base is the image's VIRT_BASE.
 */
int bootinfo_parse_xen_pv(struct boot_info *bi, const struct start_info *si, u64 virt_base,
			  u64 kernel_start_pa, const char **err);

/* ---------------------------------------------------------------- the PV backend's steps */

/* Trap table and shared_info (traps_pv.c). */
void xen_pv_traps_init(const struct start_info *si);
/* vCPU 0's vcpu_info into the kernel image, where the irq ops find the event mask (irq_pv.c). */
void xen_pv_vcpu_info_init(void);
/* The PV MMU's bookkeeping and the early paging layout (mmu_pv.c). */
void xen_pv_mmu_init(const struct start_info *si);
/*
 * The machine address of a last-level entry, for hypercalls that write
 * it themselves (mmu_update for another domain's frame, a grant mapped
 * into the entry); queued updates are applied first. 0 when the table is
 * not one Xen holds yet.
 */
u64 xen_pv_pte_maddr(const u64 *ptep);
/* dom0's foreign and grant mappings into processes (foreign_pv.c, foreign_pvh.c). */
extern const struct xen_user_map_ops xen_pv_user_map_ops, xen_pvh_user_map_ops;
/* The PVH window's place, from the memory map: above everything in it (foreign_pvh.c). */
void xen_pvh_user_map_init(const struct boot_info *bi);
/* Whether lazy-MMU sections batch their updates (not with lazymmu=off). */
bool xen_pv_mmu_batching(void);
/* The user mode of pv_ops.init.user_mode_init (cpu_pv.c). */
void xen_pv_user_mode_init(void);

/*
 * The PV backend's ops, for its table in enlighten_pv.c. *_thunk keep the
 * callee-saves convention of <asm/paravirt.h> around a C function; the
 * *_direct and *_inline ones are assembly that keeps it by itself
 * (xen-irq.S).
 */
unsigned long xen_read_cr0_thunk(void);
unsigned long xen_read_cr4_thunk(void);
void xen_write_cr_ignored_thunk(unsigned long v);
void xen_write_msr_thunk(u32 msr, u64 val);
void xen_load_sp0_thunk(unsigned long sp);
void xen_halt_thunk(void);
void xen_cpu_lazy_enter_thunk(void);
void xen_cpu_lazy_leave_thunk(void);

unsigned long xen_save_fl_direct(void);
unsigned long xen_save_disable_direct(void);
void xen_restore_fl_direct(unsigned long flags);
void xen_irq_disable_direct(void);
void xen_irq_enable_direct(void);
void xen_irq_enable_inline(void);
void xen_safe_halt_thunk(void);

unsigned long xen_read_cr2_thunk(void);
unsigned long xen_read_cr3_thunk(void);
void xen_write_cr3_thunk(unsigned long pa);
void xen_flush_tlb_one_thunk(unsigned long va);
void xen_flush_tlb_all_thunk(void);
void xen_set_pte_thunk(u64 *ptep, u64 v);
u64 xen_make_pte_thunk(u64 v);
u64 xen_pte_val_thunk(u64 v);
void xen_alloc_pt_thunk(unsigned long pfn, unsigned long level);
void xen_release_pt_thunk(unsigned long pfn);
void xen_lazy_enter_thunk(void);
void xen_lazy_leave_thunk(void);
void xen_lazy_flush_thunk(void);

/* ---------------------------------------------------------------- shared by PV and PVH */

/* Xen time (time.c): the clock and timer ops of both backends. */
u64 xen_system_time_ns(void);
long xen_timer_at(u64 system_ns);
/*
 * Takes the clock's zero (clock_ns counts from here, like the TSC clock
 * from calibration) and tells kernel/cputime.c when reading it traps.
 */
void xen_time_setup(bool pv);
u64 xen_clock_ns_thunk(void);
void xen_timer_program(u64 deadline_ns);
/* pv_ops.init.time_init and wallclock_ns of both backends. */
void xen_time_init(void);
u64 xen_wallclock_ns(void);
extern int xen_virq_timer_irq;

/* pv_ops.init.crash of both backends: a domU tells Xen (on_crash); dom0 just stops. */
void xen_crash(void);

/* Multicall batching inside lazy-CPU sections (multicall_pv.c). */
bool xen_mc_batching(void);
void xen_mc_add(unsigned long op, unsigned long a0, unsigned long a1, unsigned long a2,
		unsigned long a3);
/* Room for n mmuext_ops that a queued mmuext_op call points at. */
struct mmuext_op *xen_mc_mmuext(unsigned int n);
void xen_mc_flush(void);

/*
 * A PV domU's console and store pages (domu_pv.c); a PVH domU's
 * (domu_pvh.c). The grant-table layer's xen_domu_ops, which the domU
 * set-up installs and dom0 too (gntalloc grants our pages).
 */
#ifdef CONFIG_XEN_DOMU
void xen_pv_domu_init(const struct start_info *si);
void xen_pvh_domu_init(void);
void xen_pv_grant_ops_init(void);
void xen_pvh_grant_ops_init(void);
#else
static inline void xen_pv_domu_init(const struct start_info *si __unused)
{
}
static inline void xen_pvh_domu_init(void)
{
}
static inline void xen_pv_grant_ops_init(void)
{
}
static inline void xen_pvh_grant_ops_init(void)
{
}
#endif
/* The machine frame behind one of our pseudo-physical frames (PV: the p2m list). */
u64 xen_pv_pfn_to_mfn(u64 pfn);
/* One of our own machine frames at a kernel address that stays valid, or NULL. */
void *xen_pv_own_mfn_to_virt(u64 mfn);
/* Maps frames that are not ours (grant-table frames) by machine address; NULL on failure. */
void *xen_pv_map_foreign_frames(const xen_pfn_t *mfns, unsigned int n, bool writable);
/* pv_ops.init.acpi_map of PV: a dom0 reads the firmware's tables at machine addresses. */
const void *xen_pv_acpi_map(u64 pa, u64 len);
/*
 * dom0's power-off: ACPI S5 through XENPF_enter_acpi_sleep when ACPI
 * describes it, else (or if Xen refuses) SCHEDOP_shutdown(poweroff).
 */
void xen_power_off_machine(const char *who);

/* Where Xen's CPUID leaves start (0x40000000 + n * 0x100), or 0 (enlighten.c). */
u32 xen_cpuid_base(void);

/* What the PVH backend found at boot (enlighten_pvh.c), for its self-tests. */
struct xen_pvh_info {
	u32 cpuid_base;
	u32 hypercall_msr;
	u32 features; /* XENVER_get_features, submap 0 */
	u64 shared_info_pfn;
	bool upcall_vector; /* events by vCPU 0's upcall vector (else the callback vector) */
};
extern struct xen_pvh_info xen_pvh_info;

/* One entry of XENMEM_memory_map's buffer: the BIOS E820 layout. */
struct xen_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

/*
 * Replaces bi's memory map with n E820 entries from XENMEM_memory_map
 * (memmap_pvh.c); -ENOENT if none is usable RAM.
 */
int xen_pvh_memmap_parse(struct boot_info *bi, const struct xen_e820_entry *e, u32 n);

/*
 * Gives the XSDT Xen 4.17 wrote for a PVH dom0 its signature back when
 * Xen copied the header from address 0 (acpi_pvh.c). map returns a
 * writable pointer to [pa, pa + len) or NULL. 1 if repaired, else 0.
 */
int xen_pvh_acpi_fixup(const struct boot_info *bi, void *(*map)(u64 pa, u64 len));

/* Entry points in xen-entry.S. */
void xen_event_entry(void);
void xen_failsafe_entry(void);
void xen_syscall_entry(void);
__noreturn void xen_enter_user(struct pt_regs *regs);
__noreturn void xen_failsafe(void);

#endif
