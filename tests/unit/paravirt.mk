UNIT_TESTS += paravirt
unit-paravirt-srcs := arch/x86/kernel/paravirt_encode.c
