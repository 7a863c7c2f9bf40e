/* ACPI tables as far as the kernel needs them: CPUs, I/O APICs, interrupt overrides, power-off and reset. */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H
#include <kernel/bootinfo.h>
#include <kernel/types.h>
#define ACPI_MAX_CPUS	   64
#define ACPI_MAX_IOAPICS   8
#define ACPI_MAX_OVERRIDES 16
/* clang-format off */
struct acpi_ioapic { u8 id; u32 addr; u32 gsi_base; };
struct acpi_override { u8 irq; u32 gsi; u16 flags; /* MPS INTI polarity bits 0-1, trigger bits 2-3 */ };
struct acpi_gas { u8 space; u8 bit_width; u64 addr; bool valid; }; /* space 0 memory, 1 system I/O */
struct acpi_info {
	u64 rsdp_pa; u8 revision; char oem_id[7];
	u64 lapic_addr; bool pcat_compat;            /* MADT: legacy 8259 pair present */
	u32 nr_cpus; u32 cpu_apic_id[ACPI_MAX_CPUS]; /* enabled (or online-capable) local APICs and x2APICs */
	u32 nr_ioapics; struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
	u32 nr_overrides; struct acpi_override override[ACPI_MAX_OVERRIDES];
	u32 pm1a_cnt, pm1b_cnt;       /* I/O ports from the FADT, 0 if absent */
	u32 pm_tmr_port; bool pm_tmr_32bit;
	u16 sci_irq; u32 smi_cmd; u8 acpi_enable_val;
	bool s5_valid; u8 slp_typa, slp_typb;   /* from the DSDT's \_S5_ package */
	struct acpi_gas reset_reg; u8 reset_value; bool reset_supported; /* FADT flag RESET_REG_SUP */
	/* clang-format on */
	u64 hpet_addr; /* from the HPET table, 0 if absent */
};
/* Finds the RSDP: checks `hint` first (from the boot loader) when non-zero, then the EBDA (segment at 0x40e, first 1 KiB) and 0xe0000-0xfffff on 16-byte boundaries. 0 or -ENOENT. */
int acpi_find_rsdp(boot_phys_reader read, u64 hint, u64 *rsdp_pa);
/* Parses RSDP -> XSDT (revision >= 2 and non-zero address) or RSDT -> MADT ("APIC"), FADT ("FACP") -> DSDT, HPET. Tables with a bad checksum or impossible length are skipped with a pr_warn naming them; only an unusable RSDP/RSDT/XSDT is an error (-EINVAL, *err set). */
int acpi_parse(struct acpi_info *ai, u64 rsdp_pa, boot_phys_reader read, const char **err);
/* IRQ (ISA) -> GSI and flags, applying overrides; identity with flags 0 if none. */
u32 acpi_irq_to_gsi(const struct acpi_info *ai, u8 irq, u16 *flags);
/* Finds Name(\_S5_, Package() { a, b, ... }) in a DSDT's AML (after its header): the SLP_TYP values, or false (acpi_aml.c). */
bool acpi_aml_find_s5(const u8 *aml, u32 len, u8 *a, u8 *b);
#endif
