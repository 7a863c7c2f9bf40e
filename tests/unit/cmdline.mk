UNIT_TESTS += cmdline
unit-cmdline-srcs := kernel/params.c
