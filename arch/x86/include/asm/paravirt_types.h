/*
 * struct pv_ops: every privileged operation the kernel performs, grouped by
 * what it touches (Documentation/pvops.md), and the record of each call site.
 * Callers never use the table directly: see <asm/paravirt.h>.
 */
#ifndef ASM_PARAVIRT_TYPES_H
#define ASM_PARAVIRT_TYPES_H

#include <asm/native.h>
#include <kernel/types.h>

struct boot_info;
struct pt_regs;

/*
 * The pointers of cpu, irq, mmu and time are called from recorded sites
 * with the callee-saves convention of <asm/paravirt.h> (timer_program with
 * the plain C one); they are typed here as C functions for readability.
 */
struct pv_cpu_ops {
	void (*cpuid)(u32 leaf, u32 subleaf, u32 regs[4]);
	unsigned long (*read_cr0)(void);
	void (*write_cr0)(unsigned long);
	unsigned long (*read_cr4)(void);
	void (*write_cr4)(unsigned long);
	u64 (*read_msr)(u32 msr);
	void (*write_msr)(u32 msr, u64 val);
	void (*load_gdt)(const struct desc_ptr *);
	void (*load_idt)(const struct desc_ptr *);
	void (*load_tr)(unsigned long sel);
	void (*load_sp0)(unsigned long sp0);	/* stack for entries from ring 3 */
	void (*wbinvd)(void);
	void (*halt)(void);
	/*
	 * Leaves the kernel for user mode through the register frame regs,
	 * interrupts already off; never returns (native: iretq; Xen PV: the
	 * iret hypercall).
	 */
	void (*enter_user)(struct pt_regs *regs);
	/*
	 * A section of CPU-state updates (a context switch: kernel stack,
	 * address space, FS/GS bases) that a backend may send together when
	 * it ends (Xen PV: one multicall). Native: nothing to do.
	 */
	void (*lazy_enter)(void);
	void (*lazy_leave)(void);
};

struct pv_irq_ops {
	unsigned long (*save_fl)(void);
	unsigned long (*save_disable)(void);	/* save_fl then irq_disable, one site */
	void (*restore_fl)(unsigned long flags);
	void (*irq_disable)(void);
	void (*irq_enable)(void);
	void (*safe_halt)(void);		/* enable interrupts and wait */
};

struct pv_mmu_ops {
	unsigned long (*read_cr2)(void);
	unsigned long (*read_cr3)(void);
	void (*write_cr3)(unsigned long);
	void (*flush_tlb_one)(unsigned long addr);
	void (*flush_tlb_all)(void);
	void (*set_pte)(u64 *ptep, u64 val);	/* any level: pte, pmd, pud, p4d */
	u64 (*make_pte)(u64 val);		/* frame number to what hardware sees */
	u64 (*pte_val)(u64 pte);		/* and back */
	void (*alloc_pt)(unsigned long pfn, unsigned long level); /* page becomes a page table */
	void (*release_pt)(unsigned long pfn);	/* and stops being one */
	void (*lazy_enter)(void);
	void (*lazy_leave)(void);
	void (*lazy_flush)(void);
};

struct pv_time_ops {
	u64 (*clock_ns)(void);			/* monotonic, since boot */
	void (*timer_program)(u64 deadline_ns);	/* one-shot; 0 stops it */
};

/* Called once each during boot through ordinary indirect calls. */
struct pv_init_ops {
	const char *name;			/* of the backend */
	/* CPU state user mode needs: the system-call entry, the per-CPU GS base, SSE. */
	void (*user_mode_init)(void);
	void (*time_init)(void);
	void (*irq_init)(void);
	/* The time of day now, in ns since 1970 (the RTC; Xen's shared_info); 0 if unknown. */
	u64 (*wallclock_ns)(void);
	/* Power-off and reboot where ACPI and the keyboard controller are not ours; may be NULL. */
	void (*power_off)(void);
	void (*reboot)(void);
	/* After a panic, where the platform must be told (a Xen domU: on_crash); may be NULL. */
	void (*crash)(void);
};

struct pv_ops {
	struct pv_cpu_ops cpu;
	struct pv_irq_ops irq;
	struct pv_mmu_ops mmu;
	struct pv_time_ops time;
	struct pv_init_ops init;
};

extern struct pv_ops pv_ops;

/* What a site lets the op change besides flags and memory. */
#define PV_CLOBBER_NONE	0
#define PV_CLOBBER_RAX	1
#define PV_CLOBBER_C_ABI 2	/* everything a C call may change */

/* One entry of .pv_sites per call site, emitted by <asm/paravirt.h>. */
struct pv_site {
	u64 addr;	/* the site's first byte */
	u16 op;		/* index of the op's pointer in struct pv_ops */
	u8 len;		/* bytes the site spans */
	u8 clobbers;	/* PV_CLOBBER_* */
	u32 reserved;
};

#define PV_OP_INDEX(op) (__builtin_offsetof(struct pv_ops, op) / sizeof(void *))

extern const struct pv_site __pv_sites_start[], __pv_sites_end[];

/* The name of the op at a given index ("irq.irq_disable"), or NULL. */
const char *pv_op_name(unsigned int index);
enum pv_patch_mode { PV_PATCH_OFF, PV_PATCH_ON, PV_PATCH_VERBOSE };

struct pv_patch_stats {
	unsigned long sites, inlined, calls, nops, indirect;
};

extern enum pv_patch_mode pv_patch_mode;
extern struct pv_patch_stats pv_patch_stats;

#define PV_HYPERCALL_NUMBERS 64

/*
 * Hypercall counts of a backend that makes them (/proc/pvops): every
 * hypercall made from C, and the page-table updates among them.
 */
struct pv_mmu_stats {
	unsigned long hypercalls_all;	/* hypercalls of any kind (a multicall counts once) */
	unsigned long by_number[PV_HYPERCALL_NUMBERS];	/* the same by hypercall number */
	unsigned long hypercalls;	/* mmu_update and mmuext_op calls */
	unsigned long batches;		/* lazy-MMU flushes that sent queued entries */
	unsigned long batched;		/* entries sent in those */
	unsigned long single;		/* entries sent one per hypercall */
	unsigned long multicalls;	/* multicall hypercalls (e.g. one per context switch) */
	unsigned long mc_entries;	/* hypercalls carried in them */
};

extern struct pv_mmu_stats pv_mmu_stats;

#ifdef CONFIG_PARAVIRT
/* Rewrites every call site for the installed backend (paravirt_patch.c). */
void pv_patch_all(void);
#else
static inline void pv_patch_all(void) { }
#endif

/* Replaces the whole table with a backend's (paravirt.c). */
void pv_ops_install(const struct pv_ops *backend);
/* One line per six ops the backend changed from native (pvpatch: ...). */
void pv_report_overrides(void);

#endif
