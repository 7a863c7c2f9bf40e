/*
 * What the Xen backends share: the shared_info pointer (mapped by each
 * backend its own way: PV with update_va_mapping, PVH with
 * XENMEM_add_to_physmap) and the search for Xen's CPUID leaves.
 */
#include <asm/paravirt.h>
#include <asm/xen/xen-ops.h>

struct shared_info *xen_shared_info;
struct vcpu_info *xen_vcpu;
const struct xen_domu_ops *xen_domu_ops;

#define CPUID_HYPERVISOR_BIT	(1U << 31)	/* leaf 1, ecx */

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
