/*
 * Power-off and reboot: ACPI sleep state S5 and the FADT reset register,
 * with the keyboard controller and a triple fault as the last resorts;
 * QEMU's isa-debug-exit for test verdicts.
 */
#define pr_fmt(fmt) "power: " fmt

#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/platform.h>
#include <kernel/console.h>
#include <kernel/errno.h>
#include <kernel/params.h>
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define ACPI_SLP_TYP_SHIFT 10
#define ACPI_SLP_TYP_MASK  (7 << ACPI_SLP_TYP_SHIFT)
#define ACPI_SLP_EN	   (1 << 13)
#define ACPI_SCI_EN	   (1 << 0)

static unsigned int debug_exit_port;

static int parse_debug_exit(const char *val)
{
	unsigned long long port;

	if (!val || kstrtoull(val, 0, &port) || port > 0xffff)
		return -EINVAL;
	debug_exit_port = (unsigned int)port;
	return 0;
}
kernel_param("isa_debug_exit", parse_debug_exit);

bool machine_has_debug_exit(void)
{
	return debug_exit_port != 0;
}

void machine_halt(void)
{
	for (;;) {
		arch_local_irq_disable();
		halt();
	}
}

/*
 * Firmware that starts in legacy mode ignores sleep requests until the OS
 * takes ACPI mode: writing ACPI_ENABLE to SMI_CMD, then SCI_EN turns on.
 */
static void acpi_enable_mode(const struct acpi_info *ai)
{
	if (inw(ai->pm1a_cnt) & ACPI_SCI_EN)
		return;
	if (!ai->smi_cmd || !ai->acpi_enable_val)
		return;
	outb((u16)ai->smi_cmd, ai->acpi_enable_val);
	for (int i = 0; i < 1000000 && !(inw(ai->pm1a_cnt) & ACPI_SCI_EN); i++)
		cpu_relax();
}

u16 acpi_pm1_sleep_value(u32 port, u8 slp_typ)
{
	u16 now = inw((u16)port);

	/* A port that reads as nothing (all ones) has no bits worth keeping. */
	if (now == 0xffff)
		now = 0;
	return (u16)((now & ~(ACPI_SLP_TYP_MASK | ACPI_SLP_EN)) |
		     ((slp_typ << ACPI_SLP_TYP_SHIFT) & ACPI_SLP_TYP_MASK) | ACPI_SLP_EN);
}

void machine_power_off(void)
{
	const struct acpi_info *ai = platform_acpi();

	arch_local_irq_disable();
	if (pv_ops.init.power_off)
		pv_ops.init.power_off();
	if (ai && ai->s5_valid && ai->pm1a_cnt) {
		acpi_enable_mode(ai);
		printk(KERN_NOTICE "power: powering off (ACPI S5)\n");
		outw(ai->pm1a_cnt, acpi_pm1_sleep_value(ai->pm1a_cnt, ai->slp_typa));
		if (ai->pm1b_cnt)
			outw(ai->pm1b_cnt, acpi_pm1_sleep_value(ai->pm1b_cnt, ai->slp_typb));
	}
	printk(KERN_EMERG "power off failed (no usable ACPI S5); halting\n");
	machine_halt();
}

void machine_reboot(void)
{
	const struct acpi_info *ai = platform_acpi();
	struct desc_ptr none = { 0, 0 };

	arch_local_irq_disable();
	if (pv_ops.init.reboot)
		pv_ops.init.reboot();
	if (ai && ai->reset_supported && ai->reset_reg.valid && ai->reset_reg.space == 1) {
		printk(KERN_NOTICE "power: rebooting (ACPI reset register)\n");
		outb((u16)ai->reset_reg.addr, ai->reset_value);
	}
	/* The keyboard controller's reset line. */
	printk(KERN_NOTICE "power: rebooting (keyboard controller)\n");
	for (int i = 0; i < 100000 && (inb(0x64) & 2); i++)
		cpu_relax();
	outb(0x64, 0xfe);
	/* A triple fault resets every PC. */
	load_idt(&none);
	__asm__ __volatile__("int3");
	machine_halt();
}

void machine_exit(int verdict)
{
	if (debug_exit_port)
		outl((u16)debug_exit_port, (u32)verdict);
	machine_power_off();
}

void machine_panic_exit(void)
{
	if (debug_exit_port)
		outl((u16)debug_exit_port, EXIT_PANIC);
	if (pv_ops.init.crash) {
		console_flush();
		pv_ops.init.crash();
	}
	machine_halt();
}
