/*
 * What the Xen backends share: the shared_info pointer (mapped by each
 * backend its own way: PV with update_va_mapping, PVH with
 * XENMEM_add_to_physmap), whether we are dom0, the hypercall counts, the
 * crash hook and the search for Xen's CPUID leaves.
 */
#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <kernel/procfs.h>

#include "xen-ops.h"

struct shared_info *xen_shared_info;
struct vcpu_info *xen_vcpu;
bool xen_dom0;
const struct xen_domu_ops *xen_domu_ops;
struct xen_hypercall_stats xen_stats;

/*
 * After a panic: a domU asks Xen to crash it, so that the toolstack
 * applies on_crash (restart, keep, destroy). For dom0 that would take the
 * whole machine down at once; it stops like a native kernel instead.
 */
void xen_crash(void)
{
	if (!xen_dom0)
		xen_sched_shutdown(SHUTDOWN_crash);
}

#define CPUID_HYPERVISOR_BIT (1U << 31) /* leaf 1, ecx */

void xen_proc_hypercalls(struct proc_text *t)
{
	const struct xen_hypercall_stats *s = &xen_stats;

	proc_printf(t, "hypercalls: %lu\n", s->hypercalls);
	proc_printf(t, "hypercalls_by_number:");
	for (unsigned int i = 0; i < XEN_HYPERCALL_NUMBERS; i++)
		if (s->by_number[i])
			proc_printf(t, " %u:%lu", i, s->by_number[i]);
	proc_printf(t, "\n");
	proc_printf(t, "multicalls: %lu\n", s->multicalls);
	proc_printf(t, "multicall_entries: %lu\n", s->mc_entries);
	proc_printf(t, "mmu_hypercalls: %lu\n", s->mmu_hypercalls);
	proc_printf(t, "mmu_batches: %lu\n", s->mmu_batches);
	proc_printf(t, "mmu_batched_entries: %lu\n", s->mmu_batched);
	proc_printf(t, "mmu_single_entries: %lu\n", s->mmu_single);
}

/*
 * Xen's leaves start at 0x40000000, or 0x100 further up per block that
 * another interface (Viridian) took; the signature says where. A base
 * counts only if it has the leaves up to the hypercall page (base + 2).
 */
u32 xen_cpuid_base(void)
{
	u32 r[4];

	cpuid(1, r);
	if (!(r[2] & CPUID_HYPERVISOR_BIT))
		return 0;
	for (u32 base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000; base += 0x100) {
		cpuid(base, r);
		if (r[1] == XEN_CPUID_SIGNATURE_EBX && r[2] == XEN_CPUID_SIGNATURE_ECX &&
		    r[3] == XEN_CPUID_SIGNATURE_EDX && r[0] >= base + 2 && r[0] < base + 0x100)
			return base;
	}
	return 0;
}
