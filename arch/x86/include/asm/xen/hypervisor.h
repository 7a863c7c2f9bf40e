/*
 * The Xen guest as the architecture code set it up, for drivers/xen: the
 * shared pages, whether we are dom0, and how a domU names its pages to
 * Xen and its peers. Everything else about the backends stays private to
 * arch/x86/xen (xen-ops.h there).
 */
#ifndef ASM_XEN_HYPERVISOR_H
#define ASM_XEN_HYPERVISOR_H

#include <asm/xen/interface.h>
#include <kernel/types.h>

/* shared_info, mapped by the backend its own way (PV: update_va_mapping; PVH: add_to_physmap). */
extern struct shared_info *xen_shared_info;
/*
 * vCPU 0's vcpu_info: event mask and pending flags, Xen time, CR2. The PV
 * backend moves it into the kernel image (VCPUOP_register_vcpu_info);
 * under PVH it is the one in shared_info.
 */
extern struct vcpu_info *xen_vcpu;
/* The hardware domain (XENFEAT_dom0, SIF_INITDOMAIN): the toolstack's home. */
extern bool xen_dom0;

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

struct proc_text;
/* The hypercall counts, for /proc/pvops (arch/x86/xen/enlighten.c). */
void xen_proc_hypercalls(struct proc_text *t);

#endif
