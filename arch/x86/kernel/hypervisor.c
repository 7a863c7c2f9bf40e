/* Choosing the pv_ops backend from the probe table. */
#define pr_fmt(fmt) "hypervisor: " fmt

#include <asm/hypervisor.h>
#include <asm/paravirt.h>
#include <kernel/printk.h>
#include <kernel/string.h>

extern const struct hypervisor *const __start_hypervisors[], *const __stop_hypervisors[];

#define CPUID_HYPERVISOR_BIT (1U << 31) /* leaf 1, ecx */
#define CPUID_HV_BASE	     0x40000000

const char *hypervisor_cpuid_signature(u32 *max_leaf)
{
	static char sig[13];
	u32 r[4];

	cpuid(1, r);
	if (!(r[2] & CPUID_HYPERVISOR_BIT))
		return "";
	cpuid(CPUID_HV_BASE, r);
	memcpy(sig + 0, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	sig[12] = '\0';
	if (max_leaf)
		*max_leaf = r[0];
	return sig;
}

void hypervisor_select(const struct boot_info *bi)
{
	const struct hypervisor *best = NULL;
	int best_prio = 0;

	for (const struct hypervisor *const *h = __start_hypervisors; h < __stop_hypervisors; h++) {
		int prio = (*h)->detect(bi);

		if (prio > best_prio) {
			best = *h;
			best_prio = prio;
		}
	}
	/* Native always detects, so best is never NULL in a linked kernel. */
	pv_ops_install(best->ops);
	if (pv_ops.init.setup)
		pv_ops.init.setup();
}
