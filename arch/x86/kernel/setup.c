/*
 * x86_64_start(): the C side of the PVH and multiboot2 entries. Brings up
 * the consoles and exception handling first, turns the loader's boot
 * information into struct boot_info, and goes on with the tail every entry
 * shares (x86_64_start_kernel: the pv_ops backend, then start_kernel()).
 */
#define pr_fmt(fmt) "boot: " fmt

#include <asm/boot.h>
#include <asm/desc.h>
#include <asm/hypervisor.h>
#include <kernel/bootinfo.h>
#include <kernel/console.h>
#include <kernel/init.h>
#include <kernel/printk.h>

struct boot_info boot_info;

/* The early page tables identity-map the first 4 GiB (head.S). */
static const void *early_phys_read(u64 pa, u64 len)
{
	if (!pa || pa + len < pa || pa + len > (4ULL << 30))
		return NULL;
	return (const void *)(unsigned long)pa;
}

void x86_64_start(u32 kind, u32 info_pa);

void x86_64_start(u32 kind, u32 info_pa)
{
	const char *err = "unknown entry";
	int rc = -1;

	if (IS_ENABLED(CONFIG_X86_DEBUGCON))
		debugcon_console_init();
	if (IS_ENABLED(CONFIG_SERIAL_8250))
		serial8250_console_init();
	gdt_init();
	idt_init();

	if (kind == BOOT_KIND_PVH)
		rc = bootinfo_parse_pvh(&boot_info, info_pa, early_phys_read, &err);
	else if (kind == BOOT_KIND_MB2)
		rc = bootinfo_parse_mb2(&boot_info, info_pa, early_phys_read, &err);
	if (rc < 0)
		boot_fail("cannot read the boot information at %#x (%s entry): %s",
			  info_pa, kind == BOOT_KIND_PVH ? "PVH" : "multiboot2", err);

	/* The RSDP copy GRUB puts in its boot information is read after mem_init. */
	if (kind == BOOT_KIND_MB2 && boot_info.acpi_rsdp) {
		const u32 *total = early_phys_read(info_pa, 4);

		boot_info.keep_base = info_pa;
		boot_info.keep_len = total ? *total : 0;
	}
	x86_64_start_kernel(&boot_info);
}

void x86_64_start_kernel(struct boot_info *bi)
{
	bootinfo_finish(bi);   /* the built-in command line if the loader gave none */
	hypervisor_select(bi); /* the backend's pv_ops installed, its setup run */
	start_kernel(bi);
}
