UNIT_TESTS += mm
unit-mm-srcs := mm/buddy.c mm/kmalloc.c
