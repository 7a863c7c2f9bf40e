/*
 * Xen's own console through the console_io hypercall (drivers/xen/console_io.c):
 * what dom0 uses, since Xen keeps the UART. A release build of Xen prints
 * only dom0's writes; a domU needs the console ring instead.
 */
#ifndef KERNEL_XEN_CONSOLE_H
#define KERNEL_XEN_CONSOLE_H

#include <kernel/types.h>

/* Registers CONSOLEIO_write as a printk sink; hypercalls must work. */
void xen_console_io_register(void);
/*
 * Binds VIRQ_CONSOLE and feeds what CONSOLEIO_read returns to the console
 * terminal. Needs the event channels (xen_events_init); 0 or -errno.
 */
int xen_console_io_input_init(void);

/*
 * A domU's console (drivers/xen/console_ring.c): the shared page that
 * xenconsoled in dom0 reads and its event channel. Registered as a printk
 * sink at once (only the page must be mapped: notifying needs no event
 * setup); input starts with the other consoles' (input_start). With
 * replay, the ring first gets the log printed so far (a PVH domU finds
 * its ring only after boot is under way).
 */
struct xencons_interface;
void xen_console_ring_register(struct xencons_interface *intf, unsigned int port, bool replay);
/*
 * The ring operations, exposed for the unit test: copy what fits (write)
 * or what is there (read) and move our index; -EPROTO when the peer's
 * index claims more than the ring holds (then nothing is copied).
 */
ssize_t xencons_ring_write(struct xencons_interface *r, const char *s, size_t n);
ssize_t xencons_ring_read(struct xencons_interface *r, char *buf, size_t n);

#endif
