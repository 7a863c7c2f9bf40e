UNIT_TESTS += cpio
unit-cpio-srcs := lib/cpio.c
