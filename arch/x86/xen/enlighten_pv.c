/*
 * The Xen PV entry in C: the guest runs in ring 3 on Xen's bootstrap page
 * tables, with event delivery masked. First a console (console_io), then
 * I/O privilege for dom0 (so port I/O such as QEMU's isa-debug-exit and
 * ACPI work), then the boot description from start_info and the backend.
 *
 * Then the trap table (traps_pv.c), events as IRQs and the event mask as
 * the interrupt flag (irq_pv.c, drivers/xen/events.c), Xen time
 * (time_pv.c), the PV MMU (mmu_pv.c) and the cpu ops of user mode
 * (cpu_pv.c, multicall_pv.c) take over their pv_ops, and the portable
 * start_kernel() runs, up to user space as natively.
 */
#define pr_fmt(fmt) "xen-pv: " fmt

#include <asm/hypervisor.h>
#include <asm/native_ops.h>
#include <asm/page.h>
#include <asm/paravirt.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/xen-ops.h>
#include <kernel/bootinfo.h>
#include <kernel/console.h>
#include <kernel/init.h>
#include <kernel/params.h>
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/irq.h>
#include <kernel/time.h>
#include <kernel/xen-console.h>
#include <kernel/xen-events.h>
#include <asm/irq_vectors.h>
#include <asm/irqflags.h>
#include <kernel/selftest.h>

extern const char _text[];

struct start_info *xen_start_info;

void xen_pv_start(struct start_info *si);

/*
 * Until the event-channel code exists, events stay masked (as Xen starts
 * us), so the interrupt-flag ops have nothing to do; cli/sti themselves
 * would fault in ring 3.
 */
unsigned long xen_early_save_fl(void);

unsigned long xen_early_save_fl(void)
{
	return 0;
}
PV_CALLEE_SAVE_THUNK_RET(xen_early_save_fl);
unsigned long xen_early_save_fl_thunk(void);

/* hlt is privileged in ring 3: the Xen way to wait is to block until an event. */
void xen_halt(void);

void xen_halt(void)
{
	xen_sched_block();
}
PV_CALLEE_SAVE_THUNK(xen_halt);
void xen_halt_thunk(void);

void xen_failsafe(void)
{
	panic("xen-pv: failsafe callback: Xen could not deliver to the kernel");
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
static void xen_events_check(void)
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
	/* Through pv_ops, now the Xen ones: safe_halt unmasks and blocks. */
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

/* A PV domain powers off and reboots by telling Xen; for dom0 Xen does it to the machine. */
static void xen_power_off(void)
{
	printk(KERN_NOTICE "xen-pv: powering off (SCHEDOP_shutdown)\n");
	console_flush();	/* a domU's console ring: let xenconsoled read the last lines */
	xen_sched_shutdown(SHUTDOWN_poweroff);
}

static void xen_reboot(void)
{
	printk(KERN_NOTICE "xen-pv: rebooting (SCHEDOP_shutdown)\n");
	console_flush();
	xen_sched_shutdown(SHUTDOWN_reboot);
}

/* pv_ops.init.irq_init: events are already set up by the early boot. */
static void xen_irq_init(void)
{
}

/* Whether every test named in selftest= is one that ends the boot. */
static bool selftests_early_only(const char *cmdline)
{
	char val[64];

	cmdline_find(cmdline, "selftest", val, sizeof(val));
	return !strcmp(val, "bad_pointer") || !strcmp(val, "null_pointer") ||
	       !strcmp(val, "write_text") || !strcmp(val, "missing_op");
}

static int xen_pv_detect(const struct boot_info *bi)
{
	return xen_start_info ? 1000 : 0;
}

/* The probe table's init: xen_pv_start() has installed the ops already. */
static void xen_pv_init(void)
{
	pv_ops.init.name = "xen-pv";
}

/* Before shared_info is mapped: events are masked as Xen starts us. */
static void xen_pv_early_ops(void)
{
	pv_ops.init.name = "xen-pv";
	pv_ops.irq.save_fl = xen_early_save_fl_thunk;
	pv_ops.irq.save_disable = xen_early_save_fl_thunk;
	pv_ops.irq.restore_fl = (void (*)(unsigned long))(void *)native_pv_nop;
	pv_ops.irq.irq_disable = native_pv_nop;
	pv_ops.irq.irq_enable = native_pv_nop;
	pv_ops.cpu.halt = xen_halt_thunk;
}

static const struct hypervisor xen_pv_hypervisor = {
	.name = "xen-pv",
	.detect = xen_pv_detect,
	.init = xen_pv_init,
};
register_hypervisor(xen_pv_hypervisor);

void xen_pv_start(struct start_info *si)
{
	const char *err = NULL;
	xen_extraversion_t extra;
	long major;

	xen_start_info = si;
	/* Safe irq ops before the first printk: events are masked, cli would fault. */
	xen_pv_early_ops();
	if (si->flags & SIF_INITDOMAIN)
		xen_console_io_register();
	else
		xen_pv_domu_init(si);	/* console ring (domU's only console), store page */

	if (si->flags & SIF_INITDOMAIN) {
		struct physdev_set_iopl iopl = { .iopl = 1 };

		if (HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl))
			pr_warn("cannot get I/O privilege; port I/O will fault\n");
	}
	xen_pv_traps_init(si);
	xen_pv_irq_ops_init();		/* shared_info is there: the real event mask */
	xen_events_check();
	major = HYPERVISOR_xen_version(XENVER_version, NULL);
	if (HYPERVISOR_xen_version(XENVER_extraversion, extra))
		extra[0] = '\0';
	pr_info("running on Xen %ld.%ld%s as a PV %s\n", major >> 16, major & 0xffff, extra,
		(si->flags & SIF_INITDOMAIN) ? "dom0" : "domU");

	if (bootinfo_parse_xen_pv(&boot_info, si, KERNEL_VIRT_BASE, __pa_symbol(_text), &err))
		boot_fail("cannot read start_info: %s", err);
	bootinfo_finish(&boot_info);
	boot_backend_name = hypervisor_select(&boot_info)->name;

	pr_info("start_info: %lu pages, flags %#x, bootstrap tables at %#lx (%lu frames), p2m list at %#lx\n",
		si->nr_pages, si->flags, si->pt_base, si->nr_pt_frames, si->mfn_list);
	pr_info("command line: %s\n", boot_info.cmdline);
	for (u32 i = 0; i < boot_info.nr_modules; i++)
		pr_info("module %u: %llu bytes at pseudo-physical %#llx\n", i,
			(unsigned long long)boot_info.modules[i].len,
			(unsigned long long)boot_info.modules[i].base);
	pr_info("pv_ops backend: %s\n", boot_backend_name);
	/* Crash tests named on the command line run here, before anything else can break. */
	if (cmdline_find(boot_info.cmdline, "selftest", NULL, 0) && selftests_early_only(boot_info.cmdline)) {
		parse_cmdline(boot_info.cmdline);
		selftests_run_early();
	}

	xen_pv_mmu_init(si);		/* page tables through mmu_update, the early layout */
	xen_time_ops_init();
	pv_ops.init.time_init = xen_time_init;
	pv_ops.init.wallclock_ns = xen_wallclock_ns;
	pv_ops.init.irq_init = xen_irq_init;
	pv_ops.init.power_off = xen_power_off;
	pv_ops.init.reboot = xen_reboot;
	xen_pv_cpu_ops_init();		/* kernel stack, FS/GS bases, syscall callback, multicalls */
	start_kernel(&boot_info);
}
