UNIT_TESTS += xenbus
unit-xenbus-srcs := drivers/xen/xenbus_handshake.c
