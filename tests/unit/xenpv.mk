UNIT_TESTS += xenpv
unit-xenpv-srcs := arch/x86/xen/bootinfo_pv.c kernel/bootinfo.c
