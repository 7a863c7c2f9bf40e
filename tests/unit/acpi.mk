UNIT_TESTS += acpi
unit-acpi-srcs := arch/x86/kernel/acpi.c arch/x86/kernel/acpi_aml.c
