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

/* Trap table, shared_info, and the control-register reads (traps_pv.c). */
void xen_pv_traps_init(const struct start_info *si);
extern struct shared_info *xen_shared_info;
/*
 * vCPU 0's vcpu_info: event mask and pending flags, Xen time, CR2. First
 * the one in shared_info; the PV backend moves it into the kernel image
 * (VCPUOP_register_vcpu_info), where patched code reaches it absolutely.
 */
extern struct vcpu_info *xen_vcpu;

/* The interrupt flag as the vCPU's event mask (irq_pv.c); needs shared_info. */
void xen_pv_irq_ops_init(void);

/* The PV MMU ops and the early paging layout (mmu_pv.c). */
void xen_pv_mmu_init(const struct start_info *si);

/* Xen time (time_pv.c). */
u64 xen_system_time_ns(void);
/* pv_ops.init.wallclock_ns of the Xen backends: shared_info's wall clock. */
u64 xen_wallclock_ns(void);
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

/*
 * What differs between a PV and a PVH domU below the front-ends: how a
 * page is named to Xen and to the peer (a machine frame under PV, the
 * guest frame itself under PVH) and how the grant table is mapped
 * (GNTTABOP_setup_table and a mapping of machine frames under PV,
 * XENMEM_add_to_physmap into frames of our own under PVH). Set by the
 * backend's domU set-up; grant_table.c uses it.
 */
struct xen_domu_ops {
	u64 (*page_gfn)(u64 pfn);
	/* Maps up to want frames of our grant table; sets *got; NULL on failure. */
	void *(*grant_table_map)(unsigned int want, unsigned int *got);
};
extern const struct xen_domu_ops *xen_domu_ops;

/* A PV domU's console and store pages (domu_pv.c); a PVH domU's (domu_pvh.c). */
#ifdef CONFIG_XEN_DOMU
void xen_pv_domu_init(const struct start_info *si);
void xen_pvh_domu_init(void);
#else
static inline void xen_pv_domu_init(const struct start_info *si __unused)
{
}
static inline void xen_pvh_domu_init(void)
{
}
#endif
/* The machine frame behind one of our pseudo-physical frames (PV: the p2m list). */
u64 xen_pv_pfn_to_mfn(u64 pfn);
/* One of our own machine frames at a kernel address that stays valid, or NULL. */
void *xen_pv_own_mfn_to_virt(u64 mfn);
/* Maps frames that are not ours (grant-table frames) by machine address; NULL on failure. */
void *xen_pv_map_foreign_frames(const xen_pfn_t *mfns, unsigned int n, bool writable);

/* Where Xen's CPUID leaves start (0x40000000 + n * 0x100), or 0 (enlighten.c). */
u32 xen_cpuid_base(void);

/* What the PVH backend found at boot (enlighten_pvh.c), for its self-tests. */
struct xen_pvh_info {
	u32 cpuid_base;
	u32 hypercall_msr;
	u32 features;		/* XENVER_get_features, submap 0 */
	bool dom0;
	u64 shared_info_pfn;
	bool upcall_vector;	/* events by vCPU 0's upcall vector (else the callback vector) */
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
