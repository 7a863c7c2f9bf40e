/* Finding and keeping the ACPI description of the machine. */
#define pr_fmt(fmt) "acpi: " fmt

#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/platform.h>
#include <kernel/bootinfo.h>
#include <kernel/printk.h>

static struct acpi_info acpi;
static bool acpi_valid;

/*
 * ACPI tables lie in ranges of the memory map, which the direct map
 * covers, unless the backend maps them its own way.
 */
static const void *acpi_phys_read(u64 pa, u64 len)
{
	if (pv_ops.init.acpi_map)
		return pv_ops.init.acpi_map(pa, len);
	if (!pa || pa + len < pa || !direct_map_covers(pa, len))
		return NULL;
	return phys_to_virt(pa);
}

void platform_acpi_init(const struct boot_info *bi)
{
	const char *err = NULL;
	u64 rsdp;
	int rc;

	rc = acpi_find_rsdp(acpi_phys_read, bi->acpi_rsdp, &rsdp);
	if (rc < 0) {
		pr_warn("no ACPI tables found; no I/O APIC, power-off or reset through ACPI\n");
		return;
	}
	rc = acpi_parse(&acpi, rsdp, acpi_phys_read, &err);
	if (rc < 0) {
		pr_warn("ACPI tables at %#llx unusable: %s\n", (unsigned long long)rsdp, err);
		return;
	}
	acpi_valid = true;
}

const struct acpi_info *platform_acpi(void)
{
	return acpi_valid ? &acpi : NULL;
}
