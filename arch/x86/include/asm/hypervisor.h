/*
 * The hypervisor probe table. Each pv_ops backend registers its detect()
 * and its table; at boot the one whose detect() returns the highest
 * priority has its table installed whole, then its init.setup run. Native
 * is always there with the lowest, as the fallback.
 */
#ifndef ASM_HYPERVISOR_H
#define ASM_HYPERVISOR_H

#include <kernel/compiler.h>
#include <kernel/types.h>

struct boot_info;
struct pv_ops;

struct hypervisor {
	/* 0: not this platform; otherwise a priority, higher wins. */
	int (*detect)(const struct boot_info *bi);
	const struct pv_ops *ops;
};

#define register_hypervisor(name, detect_fn, table)                        \
	static const struct hypervisor __hv_##name = { detect_fn, table }; \
	static const struct hypervisor *const __hv_ptr_##name              \
		__section("hypervisors") __used = &__hv_##name

/* Runs the probe table, installs the winner's table and runs its setup. */
void hypervisor_select(const struct boot_info *bi);

/* The CPUID hypervisor vendor signature ("XenVMMXenVMM", "KVMKVMKVM"), or "" when none. */
const char *hypervisor_cpuid_signature(u32 *max_leaf);

#endif
