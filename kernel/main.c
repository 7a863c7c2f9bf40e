/*
 * start_kernel(): the portable boot sequence, one step per line, the same
 * for every entry and every pv_ops backend.
 */
#define pr_fmt(fmt) "kernel: " fmt

#include <asm/hypervisor.h>
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/platform.h>
#include <kernel/bench.h>
#include <kernel/bootinfo.h>
#include <kernel/cputime.h>
#include <kernel/init.h>
#include <kernel/initcall.h>
#include <kernel/initramfs.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/params.h>
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/string.h>
#include <kernel/version.h>

void start_user(const struct boot_info *bi);

extern const struct initcall __start_initcalls[], __stop_initcalls[];

/* Every registered initcall, level by level (include/kernel/initcall.h). */
static void do_initcalls(void)
{
	for (unsigned int level = 0; level < NR_INITCALL_LEVELS; level++)
		for (const struct initcall *c = __start_initcalls; c < __stop_initcalls; c++) {
			int rc;

			if ((unsigned int)c->level != level)
				continue;
			rc = c->fn();
			if (rc)
				pr_err("%s failed: %d\n", c->name, rc);
		}
}

static void banner(const struct boot_info *bi)
{
	pr_info("%s %s, built %s\n", KERNEL_NAME, KERNEL_VERSION, KERNEL_BUILD_INFO);
	pr_info("entered through %s%s%s%s, pv_ops backend: %s\n", bi->loader,
		bi->loader_name[0] ? " (" : "", bi->loader_name,
		bi->loader_name[0] ? ")" : "", pv_ops.init.name);
	pr_info("command line: %s\n", bi->cmdline);
	if (*hypervisor_cpuid_signature(NULL))
		pr_info("CPUID hypervisor signature: %s\n", hypervisor_cpuid_signature(NULL));
	for (u32 i = 0; i < bi->nr_warnings; i++)
		pr_warn("boot information: %s\n", bi->warnings[i]);
}

/* The first kernel thread: everything that may sleep. */
static void kernel_main(void *arg)
{
	struct boot_info *bi = arg;

	initramfs_check(bi);
	do_initcalls(); /* buses, then drivers and their devices (initcall.h) */
	if (selftests_requested())
		selftests_run();
	if (bench_requested())
		bench_run();
	pr_info("boot complete: %llu KiB free, %u threads\n",
		(unsigned long long)(nr_free_pages() * (PAGE_SIZE / 1024)), nr_threads());
	start_user(bi); /* file system, terminal, process 1 */
}

void bootinfo_finish(struct boot_info *bi)
{
	if (!bi->cmdline[0])
		strlcpy(bi->cmdline, CONFIG_CMDLINE, sizeof(bi->cmdline));
}

void start_kernel(struct boot_info *bi)
{
	banner(bi);		    /* who we are, how we were booted */
	parse_cmdline(bi->cmdline); /* options; unknown ones are reported, not fatal */
	mem_init(bi);		    /* memory map -> page tables -> page allocator */
	pv_patch_all();		    /* call sites become the backend's code; interrupts still off */
	platform_acpi_init(bi);	    /* firmware tables: CPUs, interrupt routing, power */
	pv_ops.init.irq_init();	    /* interrupt controllers of the backend */
	pv_ops.init.time_init();    /* clock source and one-shot timer */
	cputime_init();		    /* exact or sampled CPU time, by the clock's cost */
	sched_init();		    /* this context becomes the idle thread */
	arch_local_irq_enable();
	if (!kthread_create(kernel_main, bi, "main"))
		boot_fail("no memory for the first kernel thread");
	cpu_idle();
}

void boot_fail(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "boot failed: %s\n", msg);
	printk(KERN_EMERG "The kernel cannot continue on this machine; stopping.\n");
	machine_panic_exit();
}
