UNIT_TESTS += xendomu
unit-xendomu-srcs := drivers/xen/xenbus_wire.c drivers/xen/console_ring.c drivers/xen/grant_table.c
