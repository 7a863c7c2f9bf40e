/*
 * The hypervisor probe table. Each backend registers a struct hypervisor;
 * at boot the one whose detect() returns the highest priority installs
 * its pv_ops. Native is always there with the lowest, as the fallback.
 */
#ifndef ASM_HYPERVISOR_H
#define ASM_HYPERVISOR_H

#include <kernel/compiler.h>
#include <kernel/types.h>

struct boot_info;

struct hypervisor {
	const char *name;
	/* 0: not this platform; otherwise a priority, higher wins. */
	int (*detect)(const struct boot_info *bi);
	/* Overlays pv_ops with the backend's tables. */
	void (*init)(void);
};

#define register_hypervisor(hv)						\
	static const struct hypervisor *const __hv_##hv			\
	__section("hypervisors") __used = &hv

/* Runs the probe table, installs the winner and returns it. */
const struct hypervisor *hypervisor_select(const struct boot_info *bi);

/* The CPUID hypervisor vendor signature ("XenVMMXenVMM", "KVMKVMKVM"), or "" when none. */
const char *hypervisor_cpuid_signature(u32 *max_leaf);

#endif
