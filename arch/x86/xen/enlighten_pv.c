/*
 * The Xen PV backend: its pv_ops table and its boot steps.
 *
 * Xen starts the kernel in ring 3 on Xen's bootstrap page tables, with
 * event delivery masked and no trap table (xen-head.S). xen_pv_start()
 * reads start_info into the common boot description and goes on with the
 * tail every entry shares: the probe table picks this backend (start_info
 * is there), installs the table below, and runs xen_pv_setup(), the PV
 * steps, one a line; then start_kernel() as natively.
 *
 * Under PV nearly every op is Xen's: the interrupt flag is the event mask
 * in vcpu_info (irq_pv.c, xen-irq.S), page tables hold machine frames and
 * change through mmu_update (mmu_pv.c), control registers and MSRs belong
 * to Xen (traps_pv.c, cpu_pv.c), a context switch is one multicall
 * (multicall_pv.c), time is Xen's (time.c). Every op works from the table's
 * installation on: what an op needs that is only known later (vcpu_info's
 * place, the p2m list, the clock's zero) is the backend's own state, set
 * by the steps below before anything calls the op.
 */
#define pr_fmt(fmt) "xen-pv: " fmt

#include <asm/boot.h>
#include <asm/hypervisor.h>
#include <asm/irq_vectors.h>
#include <asm/irqflags.h>
#include <asm/native_ops.h>
#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <kernel/bootinfo.h>
#include <kernel/console.h>
#include <kernel/init.h>
#include <kernel/irq.h>
#include <kernel/params.h>
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/xen-console.h>
#include <kernel/xen-events.h>

#include "xen-ops.h"

extern const char _text[];

struct start_info *xen_start_info;
/* Why start_info could not be read, said once there is a console. */
static const char *start_info_err;

void xen_pv_start(struct start_info *si);

/* hlt is privileged in ring 3: the Xen way to wait is to block until an event. */
void xen_halt(void);

void xen_halt(void)
{
	xen_sched_block();
}
PV_CALLEE_SAVE_THUNK(xen_halt);

void xen_failsafe(void)
{
	panic("xen-pv: failsafe callback: Xen could not deliver to the kernel");
}

/* A PV domain powers off and reboots by telling Xen; dom0 through ACPI S5 where it can. */
static void xen_power_off(void)
{
	xen_power_off_machine("xen-pv");
}

static void xen_reboot(void)
{
	printk(KERN_NOTICE "xen-pv: rebooting (SCHEDOP_shutdown)\n");
	console_flush();
	xen_sched_shutdown(SHUTDOWN_reboot);
}

/* pv_ops.init.irq_init: events are already set up by xen_pv_setup(). */
static void xen_irq_init(void)
{
}

static void xen_pv_setup(void);

static const struct pv_ops xen_pv_ops = {
	PV_NATIVE_OPS,
	/* Xen owns the control registers, MSRs and stacks of a PV guest. */
	.cpu.read_cr0 = xen_read_cr0_thunk,
	.cpu.write_cr0 = xen_write_cr_ignored_thunk,
	.cpu.read_cr4 = xen_read_cr4_thunk,
	.cpu.write_cr4 = xen_write_cr_ignored_thunk,
	.cpu.write_msr = xen_write_msr_thunk,
	.cpu.load_sp0 = xen_load_sp0_thunk,
	.cpu.halt = xen_halt_thunk,
	.cpu.enter_user = xen_enter_user,
	.cpu.lazy_enter = xen_cpu_lazy_enter_thunk,
	.cpu.lazy_leave = xen_cpu_lazy_leave_thunk,
	/* The interrupt flag is the event mask; irq_enable inline, except where indirect calls are avoided. */
	.irq.save_fl = xen_save_fl_direct,
	.irq.save_disable = xen_save_disable_direct,
	.irq.restore_fl = xen_restore_fl_direct,
	.irq.irq_disable = xen_irq_disable_direct,
	.irq.irq_enable = IS_ENABLED(CONFIG_RETPOLINE) ? xen_irq_enable_direct : xen_irq_enable_inline,
	.irq.safe_halt = xen_safe_halt_thunk,
	/* Page tables of machine frames, written by Xen; CR2 from vcpu_info. */
	.mmu.read_cr2 = xen_read_cr2_thunk,
	.mmu.read_cr3 = xen_read_cr3_thunk,
	.mmu.write_cr3 = xen_write_cr3_thunk,
	.mmu.flush_tlb_one = xen_flush_tlb_one_thunk,
	.mmu.flush_tlb_all = xen_flush_tlb_all_thunk,
	.mmu.set_pte = xen_set_pte_thunk,
	.mmu.make_pte = xen_make_pte_thunk,
	.mmu.pte_val = xen_pte_val_thunk,
	.mmu.alloc_pt = xen_alloc_pt_thunk,
	.mmu.release_pt = xen_release_pt_thunk,
	.mmu.lazy_enter = xen_lazy_enter_thunk,
	.mmu.lazy_leave = xen_lazy_leave_thunk,
	.mmu.lazy_flush = xen_lazy_flush_thunk,
	.time.clock_ns = xen_clock_ns_thunk,
	.time.timer_program = xen_timer_program,
	.init = {
		.name = "xen-pv",
		.setup = xen_pv_setup,
		.user_mode_init = xen_pv_user_mode_init,
		.time_init = xen_time_init,
		.irq_init = xen_irq_init,
		.wallclock_ns = xen_wallclock_ns,
		.acpi_map = xen_pv_acpi_map,
		.power_off = xen_power_off,
		.reboot = xen_reboot,
		.crash = xen_crash,
	},
};

static int xen_pv_detect(const struct boot_info *bi)
{
	return xen_start_info ? 1000 : 0;
}
register_hypervisor(xen_pv, xen_pv_detect, &xen_pv_ops);

void xen_pv_start(struct start_info *si)
{
	xen_start_info = si;
	/* Only parsing: no pv_ops may run before the probe installed ours (cli would fault). */
	if (bootinfo_parse_xen_pv(&boot_info, si, KERNEL_VIRT_BASE, __pa_symbol(_text), &start_info_err) == 0)
		start_info_err = NULL;
	x86_64_start_kernel(&boot_info);
}

/* Our console: Xen's own (console_io) for dom0, the console ring for a domU. */
static void console_init(const struct start_info *si)
{
	if (xen_dom0)
		xen_console_io_register();
	else
		xen_pv_domu_init(si); /* console ring (a domU's only console), store page */
}

/* dom0 gets I/O privilege, so port I/O (ACPI, QEMU's isa-debug-exit) works. */
static void io_privilege_init(void)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };

	if (xen_dom0 && HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl))
		pr_warn("cannot get I/O privilege; port I/O will fault\n");
}

static volatile int timer_events;

static void xen_timer_irq(unsigned int irq, void *data)
{
	timer_events++;
}

/*
 * Events end to end: VIRQ_TIMER bound to an IRQ, the timer set 10 ms
 * ahead in Xen time, events unmasked, the vCPU blocked until the upcall
 * has run the handler.
 */
static void events_init(void)
{
	u64 t0, t1;
	int irq, tries = 0;

	xen_events_init(xen_shared_info);
	if (HYPERVISOR_set_callbacks((unsigned long)xen_event_entry,
				     (unsigned long)xen_failsafe_entry, 0))
		boot_fail("cannot register the event callbacks");
	irq = xen_bind_virq(VIRQ_TIMER);
	xen_virq_timer_irq = irq;
	if (irq < 0 || request_irq((unsigned int)irq, xen_timer_irq, "xen-timer", NULL))
		boot_fail("cannot bind VIRQ_TIMER (%d)", irq);
	t0 = xen_system_time_ns();
	xen_timer_at(t0 + 10 * NSEC_PER_MSEC);
	/* safe_halt unmasks and blocks. */
	while (!timer_events && tries++ < 100) {
		arch_safe_halt();
		arch_local_irq_disable();
	}
	t1 = xen_system_time_ns();
	if (!timer_events)
		boot_fail("no VIRQ_TIMER event after %d blocks", tries);
	pr_info("VIRQ_TIMER on port %d (IRQ %d): event after %llu us of Xen time, %llu upcalls\n",
		xen_irq_port((unsigned int)irq), irq, (unsigned long long)((t1 - t0) / 1000),
		(unsigned long long)irq_count(IRQ_XEN_UPCALL));
}

static void report(const struct start_info *si)
{
	xen_extraversion_t extra;
	long major = HYPERVISOR_xen_version(XENVER_version, NULL);

	if (HYPERVISOR_xen_version(XENVER_extraversion, extra))
		extra[0] = '\0';
	pr_info("running on Xen %ld.%ld%s as a PV %s\n", major >> 16, major & 0xffff, extra,
		xen_dom0 ? "dom0" : "domU");
	pr_info("start_info: %lu pages, flags %#x, bootstrap tables at %#lx (%lu frames), p2m list at %#lx\n",
		si->nr_pages, si->flags, si->pt_base, si->nr_pt_frames, si->mfn_list);
	for (u32 i = 0; i < boot_info.nr_modules; i++)
		pr_info("module %u: %llu bytes at pseudo-physical %#llx\n", i,
			(unsigned long long)boot_info.modules[i].len,
			(unsigned long long)boot_info.modules[i].base);
}

/* Whether every test named in selftest= is one that ends the boot. */
static bool selftests_early_only(const char *cmdline)
{
	char val[64];

	cmdline_find(cmdline, "selftest", val, sizeof(val));
	return !strcmp(val, "bad_pointer") || !strcmp(val, "null_pointer") ||
	       !strcmp(val, "write_text") || !strcmp(val, "missing_op");
}

/* Crash tests named on the command line run here, before anything else can break. */
static void early_selftests(void)
{
	if (cmdline_find(boot_info.cmdline, "selftest", NULL, 0) &&
	    selftests_early_only(boot_info.cmdline)) {
		parse_cmdline(boot_info.cmdline);
		selftests_run_early();
	}
}

/* The probe table's setup, right after our table went in. */
static void xen_pv_setup(void)
{
	const struct start_info *si = xen_start_info;

	xen_dom0 = si->flags & SIF_INITDOMAIN;
	if (xen_dom0) {
		xen_user_map_ops = &xen_pv_user_map_ops;
		xen_pv_grant_ops_init(); /* gntalloc grants our pages */
	}
	console_init(si); /* console_io or the console ring: output from here on */
	if (start_info_err)
		boot_fail("cannot read start_info: %s", start_info_err);
	io_privilege_init();	 /* dom0: port I/O */
	xen_pv_mmu_init(si);	 /* p2m list, Xen's bootstrap tables, the early paging layout */
	xen_pv_traps_init(si);	 /* trap table; shared_info mapped */
	xen_pv_vcpu_info_init(); /* vcpu_info into the image, where the irq ops look */
	events_init();		 /* events as IRQs, checked with a VIRQ_TIMER */
	report(si);		 /* Xen's version, start_info, modules */
	early_selftests();	 /* selftest=bad_pointer and the like */
	xen_time_setup(true);	 /* clock_ns counts from here */
}
