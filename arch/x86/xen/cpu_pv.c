/*
 * What user mode needs from a PV kernel. Xen, not the CPU, moves between
 * the guest's user and kernel modes: a system call from user mode enters
 * the syscall callback on the stack last given with stack_switch, with
 * Xen having switched to the kernel's top-level table and GS base; the
 * kernel leaves through the iret hypercall (xen-entry.S). FS and the two
 * GS bases are set with set_segment_base, since wrmsr is privileged.
 * Inside a lazy-CPU section (a context switch) these updates are queued
 * into one multicall (multicall_pv.c).
 */
#define pr_fmt(fmt) "xen-pv: " fmt

#include <asm/fpu.h>
#include <asm/paravirt.h>
#include <asm/percpu.h>
#include <asm/xen/hypercall.h>
#include <kernel/init.h>
#include <kernel/printk.h>

#include "xen-ops.h"

/* xen-entry.S and xen-irq.S mask events with a store at this offset. */
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_mask) == 1, "VCPU_UPCALL_MASK");
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_pending) == 0, "VCPU_UPCALL_PENDING");

void xen_load_sp0(unsigned long sp);
void xen_write_msr(u32 msr, u64 val);

void xen_load_sp0(unsigned long sp)
{
	if (xen_mc_batching())
		xen_mc_add(__HYPERVISOR_stack_switch, FLAT_KERNEL_SS, sp, 0, 0);
	else if (HYPERVISOR_stack_switch(FLAT_KERNEL_SS, sp))
		panic("xen-pv: stack_switch to %#lx refused", sp);
}
PV_THUNK_ARG_RAX(xen_load_sp0);

static void set_segment_base(unsigned int which, u64 base)
{
	long rc;

	if (xen_mc_batching()) {
		xen_mc_add(__HYPERVISOR_set_segment_base, which, base, 0, 0);
		return;
	}
	rc = HYPERVISOR_set_segment_base(which, base);
	if (rc)
		pr_warn("set_segment_base(%u, %#llx) refused: %ld\n", which,
			(unsigned long long)base, rc);
}

/* The segment-base MSRs map onto set_segment_base; Xen owns the others. */
void xen_write_msr(u32 msr, u64 val)
{
	static bool warned;

	switch (msr) {
	case MSR_FS_BASE:
		set_segment_base(SEGBASE_FS, val);
		break;
	case MSR_KERNEL_GS_BASE: /* the user's GS while in the kernel */
		set_segment_base(SEGBASE_GS_USER, val);
		break;
	case MSR_GS_BASE:
		set_segment_base(SEGBASE_GS_KERNEL, val);
		break;
	default:
		if (!warned) {
			warned = true;
			pr_warn("wrmsr %#x ignored: Xen owns the MSRs of a PV guest\n", msr);
		}
	}
}
PV_CALLEE_SAVE_THUNK(xen_write_msr);

/*
 * CR4.OSXSAVE for this vCPU, through Xen's emulation of a mov to CR4 (a
 * privileged instruction in ring 3 is a #GP that Xen decodes and carries
 * out for a PV kernel; pv_ops' write_cr4 ignores writes since Xen owns
 * the other bits). Xen keeps only the bits a PV guest may choose (TSD,
 * DE, FSGSBASE, OSXSAVE), and OSXSAVE only when the domain's CPUID policy
 * has XSAVE; it then shows OSXSAVE in the CPUID it emulates and accepts
 * XSETBV, whose value it loads into XCR0 whenever this vCPU runs. Read
 * back to see whether it stuck.
 */
static bool xen_pv_set_osxsave(void)
{
	unsigned long cr4;

	__asm__ __volatile__("mov %%cr4, %0"
			     : "=r"(cr4));
	cr4 |= 1UL << 18;
	__asm__ __volatile__("mov %0, %%cr4" ::"r"(cr4)
			     : "memory");
	__asm__ __volatile__("mov %%cr4, %0"
			     : "=r"(cr4));
	return cr4 & (1UL << 18);
}

/* pv_ops.init.user_mode_init: the syscall callback, GS bases, the FPU usable. */
void xen_pv_user_mode_init(void)
{
	if (xen_register_callback(CALLBACKTYPE_syscall, (unsigned long)xen_syscall_entry,
				  CALLBACKF_mask_events))
		boot_fail("cannot register the system-call callback");
	set_segment_base(SEGBASE_GS_KERNEL, (u64)&boot_percpu);
	set_segment_base(SEGBASE_GS_USER, 0);
	/* CR0.TS clear: fxsave/fxrstor on every switch must not trap (#NM). */
	if (HYPERVISOR_fpu_taskswitch(0))
		boot_fail("cannot clear CR0.TS with fpu_taskswitch");
	/* Xen still sets the real TS when it switches us in (lazy FPU): see fpu.c. */
	fpu_touch_first();
	/*
	 * The AVX state, as natively. Not optional: without CPUID faulting a
	 * user-mode CPUID reaches the hardware, which shows OSXSAVE (Xen's
	 * own CR4) and AVX, while Xen loads XCR0 = x87 | SSE for a vCPU that
	 * never set it, so AVX instructions fault (Documentation/xen-pv.md).
	 */
	if (!fpu_xstate_supported())
		return;
	if (xen_pv_set_osxsave())
		fpu_xstate_enable();
	else
		pr_warn("Xen kept CR4.OSXSAVE clear: no AVX state for user programs\n");
}

/*
 * Reached from xen-entry.S instead of an iret to user mode while no user
 * top level is loaded, which Xen would answer by crashing the domain
 * without a word from us. A broken invariant of ours: say where.
 */
__noreturn void xen_no_user_base(const u64 *frame);

void xen_no_user_base(const u64 *frame)
{
	panic("xen-pv: returning to user mode (rip %#llx) with no user page table loaded (cr3 %#lx)",
	      (unsigned long long)frame[0], read_cr3());
}
