/*
 * Xen's own console through the console_io hypercall (drivers/xen/console_io.c):
 * what dom0 uses, since Xen keeps the UART. A release build of Xen prints
 * only dom0's writes; a domU needs the console ring instead.
 */
#ifndef KERNEL_XEN_CONSOLE_H
#define KERNEL_XEN_CONSOLE_H

/* Registers CONSOLEIO_write as a printk sink; hypercalls must work. */
void xen_console_io_register(void);
/*
 * Binds VIRQ_CONSOLE and feeds what CONSOLEIO_read returns to the console
 * terminal. Needs the event channels (xen_events_init); 0 or -errno.
 */
int xen_console_io_input_init(void);

#endif
