/*
 * Exceptions and control registers for a PV guest. The trap table tells
 * Xen where each exception enters (xen-entry.S); Xen delivers them with
 * event delivery masked, like an interrupt gate. Control registers cannot
 * be read in ring 3: CR2 comes from this vCPU's vcpu_info (in shared_info,
 * which the guest maps itself, until irq_pv.c moves it); CR0 and CR4 are
 * what Xen set up; CR3 is the PV MMU's own record (mmu_pv.c).
 */
#define pr_fmt(fmt) "xen-pv: " fmt

#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <kernel/compiler.h>
#include <kernel/init.h>
#include <kernel/printk.h>

#include "xen-ops.h"

#define TI_CLEAR_EVENTS 4 /* trap_info.flags: mask events on entry */

extern const u64 xen_exception_stubs[32];

static struct trap_info trap_table[33];

unsigned long xen_read_cr2(void);
unsigned long xen_read_cr0(void);
unsigned long xen_read_cr4(void);

unsigned long xen_read_cr2(void)
{
	return xen_vcpu ? xen_vcpu->arch.cr2 : 0;
}
PV_CALLEE_SAVE_THUNK_RET(xen_read_cr2);

/* What Xen runs a PV guest with: paging, protection, write protect. */
unsigned long xen_read_cr0(void)
{
	return (1UL << 31) | (1UL << 16) | 1;
}
PV_CALLEE_SAVE_THUNK_RET(xen_read_cr0);

unsigned long xen_read_cr4(void)
{
	return 0;
}
PV_CALLEE_SAVE_THUNK_RET(xen_read_cr4);

void xen_pv_traps_init(const struct start_info *si)
{
	/*
	 * shared_info's machine frame goes where Xen's boot stack page was
	 * (right after its page tables; we run on our own stack): a virtual
	 * address that stays put when paging_init remaps the kernel image.
	 */
	u64 va = si->pt_base + (si->nr_pt_frames << PAGE_SHIFT);
	int i, n = 0;
	long rc;

	rc = HYPERVISOR_update_va_mapping(va, si->shared_info | 0x63 /* P RW A D */, UVMF_INVLPG);
	if (rc)
		boot_fail("cannot map shared_info (%ld)", rc);
	xen_shared_info = (struct shared_info *)va;
	xen_vcpu = &xen_shared_info->vcpu_info[0];

	for (i = 0; i < 32; i++) {
		if (i == 2 || i == 8 || i == 15 || i == 18)
			continue; /* NMI, double fault, reserved, machine check: Xen's business */
		trap_table[n].vector = (u8)i;
		trap_table[n].flags = TI_CLEAR_EVENTS | (i == 3 || i == 4 ? 3 : 0);
		trap_table[n].cs = FLAT_KERNEL_CS;
		trap_table[n].address = xen_exception_stubs[i];
		n++;
	}
	trap_table[n].address = 0; /* the end */
	rc = HYPERVISOR_set_trap_table(trap_table);
	if (rc)
		boot_fail("set_trap_table failed (%ld)", rc);
	pr_info("trap table set (%d vectors), shared_info mapped\n", n);
}
