/*
 * The Xen PVH backend. A PVH guest is an HVM container without emulated
 * firmware or legacy devices: Xen starts it through the PVH ELF note
 * (the same entry QEMU's -kernel uses, arch/x86/boot/head.S) with an
 * hvm_start_info, and from then on paging, rings, the interrupt flag,
 * control registers and MSRs are the hardware's. So pv_ops stay native
 * except where Xen is not a PC:
 *
 * - time: no PIT to calibrate against and no use for the emulated local
 *   APIC timer; the clock is Xen system time from vcpu_time_info and the
 *   one-shot timer set_timer_op on VIRQ_TIMER (time.c, shared with PV);
 * - interrupts: event channels (drivers/xen/events.c) delivered by vCPU
 *   0's upcall vector (or, where Xen lacks it, the domain-wide callback
 *   vector), which is the upcall IRQ's own vector, so they arrive through
 *   the IDT into the same handle_irq() as native IRQs;
 * - console: Xen keeps the UART; dom0 writes with console_io;
 * - power: SCHEDOP_shutdown.
 *
 * The probe picks this backend when the boot came through the PVH entry
 * and the CPUID leaves say Xen. Its setup then has Xen fill the hypercall
 * page through the MSR those leaves name, registers the console, and
 * places shared_info over a page of our BSS with add_to_physmap.
 * Idle stays the native sti; hlt: Xen turns an HVM hlt into a block that
 * ends when the callback vector is due, like SCHEDOP_block.
 */
#define pr_fmt(fmt) "xen-pvh: " fmt

#include <asm/apic.h>
#include <asm/fpu.h>
#include <asm/hypervisor.h>
#include <asm/native_ops.h>
#include <asm/irq_vectors.h>
#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/platform.h>
#include <asm/process.h>
#include <asm/xen/hypercall.h>
#include <kernel/bootinfo.h>
#include <kernel/console.h>
#include <kernel/errno.h>
#include <kernel/init.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/xen-console.h>
#include <kernel/xen-events.h>

#include "xen-ops.h"

/* The upcall IRQ's native vector: the IDT stub hands it to the IRQ layer as IRQ_XEN_UPCALL. */
#define XEN_PVH_UPCALL_VECTOR (IRQ_VECTOR_BASE + IRQ_XEN_UPCALL)

struct xen_pvh_info xen_pvh_info;

/*
 * The frame shared_info is placed at. add_to_physmap puts Xen's page in
 * its place in our physical address space; the RAM page that was there
 * goes back to Xen. Part of the image, so memblock never hands it out.
 */
static u8 shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static int xen_pvh_detect(const struct boot_info *bi)
{
	if (strcmp(bi->loader, "pvh"))
		return 0; /* multiboot2 under Xen would be an HVM guest: not this */
	xen_pvh_info.cpuid_base = xen_cpuid_base();
	return xen_pvh_info.cpuid_base ? 500 : 0;
}

/*
 * Leaf base + 2: EAX the number of hypercall pages, EBX the MSR. Writing
 * a page's guest-physical address (page index in bits 0-11) to it makes
 * Xen write the stubs there: mov $nr, %eax; vmmcall (or vmcall); ret.
 * The page is int3 until then, so a stub still starting with 0xcc means
 * Xen did not fill it.
 */
static int hypercall_page_init(void)
{
	u32 r[4];

	cpuid(xen_pvh_info.cpuid_base + 2, r);
	if (r[0] < 1)
		return -1;
	xen_pvh_info.hypercall_msr = r[1];
	wrmsr(r[1], __pa_symbol(hypercall_page));
	barrier();
	if ((u8)READ_ONCE(hypercall_page[__HYPERVISOR_xen_version * XEN_HYPERCALL_ENTRY_SIZE]) == 0xcc)
		return -1;
	return 0;
}

static int shared_info_init(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = __pa_symbol(shared_info_page) >> PAGE_SHIFT,
	};
	long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);

	if (rc)
		return (int)rc;
	xen_pvh_info.shared_info_pfn = xatp.gpfn;
	xen_shared_info = (struct shared_info *)shared_info_page;
	xen_vcpu = &xen_shared_info->vcpu_info[0];
	return 0;
}

/*
 * Xen 4.17 gives a PVH dom0 no memory map in the start_info (version 0):
 * ask for it. A map that came with the start_info is left alone.
 */
static void memmap_init(void)
{
	static struct xen_e820_entry map[BOOT_MAX_MEMRANGES];
	struct xen_memory_map mm = { .nr_entries = ARRAY_SIZE(map) };
	long rc;

	if (bootinfo_usable_bytes(&boot_info))
		return;
	set_xen_guest_handle(mm.buffer, map);
	rc = HYPERVISOR_memory_op(XENMEM_memory_map, &mm);
	if (rc)
		boot_fail("xen-pvh: no memory map in the start_info, and XENMEM_memory_map failed (%ld)", rc);
	if (mm.nr_entries > ARRAY_SIZE(map))
		boot_fail("xen-pvh: XENMEM_memory_map claims %u entries in a buffer of %zu",
			  mm.nr_entries, ARRAY_SIZE(map));
	if (xen_pvh_memmap_parse(&boot_info, map, mm.nr_entries))
		boot_fail("xen-pvh: no usable RAM in Xen's memory map (%u entries)", mm.nr_entries);
	pr_info("memory map from XENMEM_memory_map: %u entries\n", mm.nr_entries);
}

/* Before mem_init, head.S's tables map the first 4 GiB one to one, writable. */
static void *early_phys_map(u64 pa, u64 len)
{
	if (!pa || pa + len < pa || pa + len > (4ULL << 30))
		return NULL;
	return (void *)(unsigned long)pa;
}

static void report_xen(void)
{
	xen_extraversion_t extra;
	u32 base = xen_pvh_info.cpuid_base, max[4], tsc[4] = { 0 }, hvm[4] = { 0 };
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);

	if (HYPERVISOR_xen_version(XENVER_extraversion, extra))
		extra[0] = '\0';
	extra[sizeof(extra) - 1] = '\0';
	cpuid(base, max);
	if (max[0] >= base + 3)
		cpuid_count(base + 3, 0, tsc); /* TSC mode */
	if (max[0] >= base + 4)
		cpuid_count(base + 4, 0, hvm); /* HVM features */
	pr_info("running on Xen %ld.%ld%s as a PVH %s\n", ver >> 16, ver & 0xffff, extra,
		xen_dom0 ? "dom0" : "domU");
	pr_info("CPUID leaves at %#x (HVM flags %#x), hypercall page at %#llx through MSR %#x, features %#x\n",
		xen_pvh_info.cpuid_base, hvm[0], (unsigned long long)__pa_symbol(hypercall_page),
		xen_pvh_info.hypercall_msr, xen_pvh_info.features);
	pr_info("TSC %s (tsc_mode %u), %u kHz\n", (tsc[0] & 1) ? "emulated by Xen" : "native",
		tsc[1], tsc[2]);
}

static void pvh_upcall_eoi(unsigned int irq)
{
	(void)irq;
	lapic_eoi();
}

/*
 * xen_upcall=callback skips the per-vCPU upcall vector and takes the
 * domain-wide callback vector, as on a Xen that lacks the former; make
 * test boots it that way once so the fallback stays tested.
 */
static bool upcall_callback_only;

static int parse_xen_upcall(const char *val)
{
	if (!val || (strcmp(val, "vector") && strcmp(val, "callback")))
		return -EINVAL;
	upcall_callback_only = !strcmp(val, "callback");
	return 0;
}
kernel_param("xen_upcall", parse_xen_upcall);

/* pv_ops.init.irq_init: events through an upcall vector; no PIC or I/O APIC programming. */
static void xen_pvh_irq_init(void)
{
	struct xen_hvm_param cb = {
		.domid = DOMID_SELF,
		.index = HVM_PARAM_CALLBACK_IRQ,
		.value = ((u64)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | XEN_PVH_UPCALL_VECTOR,
	};
	long rc;

	struct xen_hvm_evtchn_upcall_vector uv = { .vcpu = 0, .vector = XEN_PVH_UPCALL_VECTOR };

	xen_events_init(xen_shared_info);
	/*
	 * Xen's per-vCPU upcall vector first: a LAPIC interrupt of vCPU 0,
	 * so the local APIC must accept it (enabled, timer masked) and each
	 * upcall ends with an EOI. Otherwise the domain-wide callback vector,
	 * which needs neither.
	 */
	lapic_init();
	if (!upcall_callback_only && HYPERVISOR_hvm_op(HVMOP_set_evtchn_upcall_vector, &uv) == 0) {
		xen_events_upcall_eoi(pvh_upcall_eoi);
		xen_pvh_info.upcall_vector = true;
		pr_info("events through vCPU 0's upcall vector %#x (IRQ %d), LAPIC EOI\n",
			XEN_PVH_UPCALL_VECTOR, IRQ_XEN_UPCALL);
	} else {
		rc = HYPERVISOR_hvm_op(HVMOP_set_param, &cb);
		if (rc)
			boot_fail("xen-pvh: Xen refused the event callback vector %#x (%ld)",
				  XEN_PVH_UPCALL_VECTOR, rc);
		pr_info("events through callback vector %#x (IRQ %d)\n", XEN_PVH_UPCALL_VECTOR,
			IRQ_XEN_UPCALL);
	}
	if (!xen_dom0 && IS_ENABLED(CONFIG_XEN_DOMU))
		xen_pvh_domu_init(); /* console ring, xenstore, grant-table mapping */
	if (xen_dom0) {
		xen_pvh_user_map_init(&boot_info); /* the window for foreign frames */
		xen_user_map_ops = &xen_pvh_user_map_ops;
		xen_pvh_grant_ops_init(); /* gntalloc grants our pages */
	}
}

static void xen_pvh_power_off(void)
{
	xen_power_off_machine("xen-pvh");
}

static void xen_pvh_reboot(void)
{
	printk(KERN_NOTICE "xen-pvh: rebooting (SCHEDOP_shutdown)\n");
	xen_sched_shutdown(SHUTDOWN_reboot);
}

/*
 * The probe table's setup, from x86_64_start() before start_kernel(). It
 * completes the global boot_info (kernel/init.h) the start_info left
 * short: dom0's memory map, and the XSDT Xen wrote.
 */
/*
 * User mode as natively; XCR0 is then watched, since a Xen that did not
 * intercept our XSETBV puts its own back (arch/x86/kernel/fpu.c).
 */
static void xen_pvh_user_mode_init(void)
{
	native_user_mode_init();
	fpu_watch_xcr0();
	fpu_touch_first();
}

static void xen_pvh_setup(void)
{
	struct xen_feature_info fi = { .submap_idx = 0 };
	int rc;

	/* Without hypercalls there is no console either: the message stays in the log buffer. */
	if (hypercall_page_init())
		boot_fail("xen-pvh: Xen did not fill the hypercall page (CPUID leaf %#x)",
			  xen_pvh_info.cpuid_base + 2);
	if (HYPERVISOR_xen_version(XENVER_get_features, &fi) == 0)
		xen_pvh_info.features = fi.submap;
	xen_dom0 = xen_pvh_info.features & (1U << XENFEAT_dom0);
	/* dom0 prints through Xen; a domU gets its console ring once events work (irq_init). */
	if (xen_dom0)
		xen_console_io_register();
	report_xen();
	if (!(xen_pvh_info.features & (1U << XENFEAT_hvm_callback_vector)))
		boot_fail("xen-pvh: Xen offers no HVM callback vector for events");
	rc = shared_info_init();
	if (rc)
		boot_fail("xen-pvh: cannot place shared_info at pfn %#lx (%d)",
			  (unsigned long)(__pa_symbol(shared_info_page) >> PAGE_SHIFT), rc);
	pr_info("shared_info at pfn %#llx\n", (unsigned long long)xen_pvh_info.shared_info_pfn);
	memmap_init();
	xen_pvh_acpi_fixup(&boot_info, early_phys_map);
	xen_time_setup(false);
}

/*
 * Native wherever the HVM container gives the hardware's behaviour; Xen's
 * clock and timer instead of the TSC calibrated against a PIT there is not.
 */
static const struct pv_ops xen_pvh_ops = {
	PV_NATIVE_OPS,
	.time.clock_ns = xen_clock_ns_thunk,
	.time.timer_program = xen_timer_program,
	.init = {
		.name = "xen-pvh",
		.setup = xen_pvh_setup,
		/* In an HVM container the syscall MSRs, GS base and SSE bits are the CPU's own. */
		.user_mode_init = xen_pvh_user_mode_init,
		.time_init = xen_time_init,
		.irq_init = xen_pvh_irq_init,
		.wallclock_ns = xen_wallclock_ns,
		.power_off = xen_pvh_power_off,
		.reboot = xen_pvh_reboot,
		.crash = xen_crash,
	},
};
register_hypervisor(xen_pvh, xen_pvh_detect, &xen_pvh_ops);
