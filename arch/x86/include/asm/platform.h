/* What the firmware told us about the machine (ACPI), once parsed. */
#ifndef ASM_PLATFORM_H
#define ASM_PLATFORM_H

#include <asm/acpi.h>

struct boot_info;

/* Parses the ACPI tables; a machine without them still boots. */
void platform_acpi_init(const struct boot_info *bi);
/* The parsed tables, or NULL when there are none (yet). */
const struct acpi_info *platform_acpi(void);
/*
 * What to write to a PM1 control port (PM1a or PM1b) to enter the sleep
 * state whose SLP_TYP value is slp_typ: the register's other bits kept,
 * SLP_TYP set, SLP_EN set (power.c).
 */
u16 acpi_pm1_sleep_value(u32 port, u8 slp_typ);

#endif
