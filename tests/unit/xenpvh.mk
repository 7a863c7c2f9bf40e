UNIT_TESTS += xenpvh
unit-xenpvh-srcs := arch/x86/xen/memmap_pvh.c arch/x86/xen/acpi_pvh.c arch/x86/kernel/bootinfo_pvh.c kernel/bootinfo.c
