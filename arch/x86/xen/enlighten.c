/*
 * What the Xen backends share: the shared_info pointer (mapped by each
 * backend its own way: PV with update_va_mapping, PVH with
 * XENMEM_add_to_physmap), whether we are dom0, the hypercall counts, the
 * crash hook, the search for Xen's CPUID leaves and dom0's power-off.
 */
#include <asm/acpi.h>
#include <asm/paravirt.h>
#include <asm/platform.h>
#include <asm/xen/hypercall.h>
#include <kernel/console.h>
#include <kernel/printk.h>
#include <kernel/procfs.h>

#include "xen-ops.h"

struct shared_info *xen_shared_info;
struct vcpu_info *xen_vcpu;
bool xen_dom0;
const struct xen_domu_ops *xen_domu_ops;
const struct xen_user_map_ops *xen_user_map_ops;
struct xen_user_map_stats xen_user_map_stats;
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

/*
 * dom0 powers the machine off as ACPI describes it (the FADT's PM1 control
 * ports, the DSDT's \_S5_ sleep types), but asks Xen to write the ports:
 * XENPF_enter_acpi_sleep takes the PM1a/PM1b control values with SLP_TYP
 * and SLP_EN set and writes them itself. Without ACPI S5, or if Xen
 * refuses, SCHEDOP_shutdown(poweroff), which only halts Xen ("Hardware
 * Dom0 halted"). A domU has only the latter: the toolstack destroys it.
 */
void xen_power_off_machine(const char *who)
{
	const struct acpi_info *ai = platform_acpi();
	struct xen_platform_op op = { .cmd = XENPF_enter_acpi_sleep };
	long rc;

	if (xen_dom0 && ai && ai->s5_valid && ai->pm1a_cnt) {
		op.u.enter_acpi_sleep.val_a = acpi_pm1_sleep_value(ai->pm1a_cnt, ai->slp_typa);
		if (ai->pm1b_cnt)
			op.u.enter_acpi_sleep.val_b = acpi_pm1_sleep_value(ai->pm1b_cnt, ai->slp_typb);
		op.u.enter_acpi_sleep.sleep_state = 5;
		printk(KERN_NOTICE "%s: powering the machine off (ACPI S5 by XENPF_enter_acpi_sleep)\n", who);
		console_flush();
		rc = HYPERVISOR_platform_op(&op);
		printk(KERN_WARNING "%s: Xen did not enter ACPI S5 (%ld)\n", who, rc);
	}
	printk(KERN_NOTICE "%s: powering off (SCHEDOP_shutdown)\n", who);
	console_flush(); /* a domU's console ring: let xenconsoled read the last lines */
	xen_sched_shutdown(SHUTDOWN_poweroff);
}
