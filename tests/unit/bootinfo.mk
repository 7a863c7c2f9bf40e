UNIT_TESTS += bootinfo
unit-bootinfo-srcs := arch/x86/kernel/bootinfo_pvh.c arch/x86/kernel/bootinfo_mb2.c kernel/bootinfo.c
