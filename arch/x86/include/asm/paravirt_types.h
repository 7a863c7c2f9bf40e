/*
 * struct pv_ops: every privileged operation the kernel performs, grouped by
 * what it touches (Documentation/pvops.md), and the record of each call site.
 * Callers never use the table directly: see <asm/paravirt.h>.
 */
#ifndef ASM_PARAVIRT_TYPES_H
#define ASM_PARAVIRT_TYPES_H

#include <asm/native.h>
#include <asm/pv_ops_list.h>
#include <kernel/types.h>

struct boot_info;
struct pt_regs;

/*
 * The groups of patched ops, expanded from <asm/pv_ops_list.h>. The
 * pointers are called from recorded sites with the callee-saves convention
 * of <asm/paravirt.h> (timer_program and enter_user with the plain C one);
 * they are typed here as C functions for readability.
 */
#define PV_OP_FIELD(grp, name, ret, params, native) ret(*name) params;
struct pv_cpu_ops {
	PV_CPU_OPS(PV_OP_FIELD)
};
struct pv_irq_ops {
	PV_IRQ_OPS(PV_OP_FIELD)
};
struct pv_mmu_ops {
	PV_MMU_OPS(PV_OP_FIELD)
};
struct pv_time_ops {
	PV_TIME_OPS(PV_OP_FIELD)
};
#undef PV_OP_FIELD

/* Called during boot and at power-off through ordinary indirect calls; never patched. */
struct pv_init_ops {
	const char *name; /* of the backend */
	/*
	 * Right after the probe installed the table: what the platform needs
	 * before start_kernel() (Xen: console, hypercall page, shared_info,
	 * memory map); may be NULL.
	 */
	void (*setup)(void);
	/* CPU state user mode needs: the system-call entry, the per-CPU GS base, SSE. */
	void (*user_mode_init)(void);
	void (*time_init)(void);
	void (*irq_init)(void);
	/* The time of day now, in ns since 1970 (the RTC; Xen's shared_info); 0 if unknown. */
	u64 (*wallclock_ns)(void);
	/*
	 * Maps len bytes of the firmware's tables at physical address pa, for
	 * the ACPI parser, where the direct map does not hold them (a Xen PV
	 * dom0: machine addresses); NULL when they cannot be read. NULL: the
	 * direct map.
	 */
	const void *(*acpi_map)(u64 pa, u64 len);
	/* Power-off and reboot where ACPI and the keyboard controller are not ours; may be NULL. */
	void (*power_off)(void);
	void (*reboot)(void);
	/* After a panic, where the platform must be told (a Xen domU: on_crash); may be NULL. */
	void (*crash)(void);
};

/*
 * A backend is one static const struct pv_ops, installed whole at boot by
 * the probe table (<asm/hypervisor.h>). pv_ops is the live copy that
 * unpatched sites call through.
 */
struct pv_ops {
	struct pv_cpu_ops cpu;
	struct pv_irq_ops irq;
	struct pv_mmu_ops mmu;
	struct pv_time_ops time;
	struct pv_init_ops init;
};

extern struct pv_ops pv_ops;

/* The index of each patched op: its pointer's slot in struct pv_ops. */
#define PV_OP_ENUM(grp, name, ret, params, native) PV_OP_##grp##_##name,
enum pv_op_index {
	PV_OP_LIST(PV_OP_ENUM)
		PV_NR_OPS
};
#undef PV_OP_ENUM
#define PV_OP_INDEX(grp, name) PV_OP_##grp##_##name

/* What a site lets the op change besides flags and memory. */
#define PV_CLOBBER_NONE	 0
#define PV_CLOBBER_RAX	 1
#define PV_CLOBBER_C_ABI 2 /* everything a C call may change */

/* One entry of .pv_sites per call site, emitted by <asm/paravirt.h>. */
struct pv_site {
	u64 addr;    /* the site's first byte */
	u16 op;	     /* enum pv_op_index */
	u8 len;	     /* bytes the site spans */
	u8 clobbers; /* PV_CLOBBER_* */
	u32 reserved;
};

extern const struct pv_site __pv_sites_start[], __pv_sites_end[];

/* The name of the op at a given index ("irq.irq_disable"), or NULL. */
const char *pv_op_name(unsigned int index);
/* The length every site of that op has (the call, or the longest inline form). */
unsigned int pv_op_site_len(unsigned int index);

/* clang-format off */
enum pv_patch_mode { PV_PATCH_OFF, PV_PATCH_ON, PV_PATCH_VERBOSE };
/* clang-format on */

struct pv_patch_stats {
	unsigned long sites, inlined, calls, nops, indirect;
};

extern enum pv_patch_mode pv_patch_mode;
extern struct pv_patch_stats pv_patch_stats;

#ifdef CONFIG_PARAVIRT
/* Rewrites every call site for the installed backend (paravirt_patch.c). */
void pv_patch_all(void);
#else
/* clang-format off */
static inline void pv_patch_all(void) { }
/* clang-format on */
#endif

/* Makes a backend's table the live one (paravirt.c); the probe table calls it. */
void pv_ops_install(const struct pv_ops *backend);
/* Says which patched ops the installed backend changed from native (pvpatch: ...). */
void pv_report_overrides(void);

#endif
