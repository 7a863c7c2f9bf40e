/* What the firmware told us about the machine (ACPI), once parsed. */
#ifndef ASM_PLATFORM_H
#define ASM_PLATFORM_H

#include <asm/acpi.h>

struct boot_info;

/* Parses the ACPI tables; a machine without them still boots. */
void platform_acpi_init(const struct boot_info *bi);
/* The parsed tables, or NULL when there are none (yet). */
const struct acpi_info *platform_acpi(void);

#endif
