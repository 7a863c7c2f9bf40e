/*
 * The character devices of dom0's Xen interface, by number: the nodes
 * under /dev/xen (drivers/xen/xen_dev.c makes them) and the files of
 * /proc/xen that are a driver's rather than text (fs/procfs.c, as
 * Linux's xenfs has them). Linux gives these misc devices (major 10)
 * dynamic minors, so nothing depends on the numbers: ours are fixed ones
 * that Linux's static misc table leaves free.
 */
#ifndef KERNEL_XEN_DEVICES_H
#define KERNEL_XEN_DEVICES_H

#define XEN_DEV_MAJOR	   10
#define XEN_PRIVCMD_MINOR  120
#define XEN_EVTCHN_MINOR   121
#define XEN_GNTDEV_MINOR   122
#define XEN_GNTALLOC_MINOR 123
/* /dev/xen/xenbus, also /proc/xen/xenbus: xenstore over the kernel's connection. */
#define XEN_XENBUS_MINOR 124
/* /dev/xen/xenbus_backend: dom0's store page and port, for a xenstored elsewhere. */
#define XEN_XENBUS_BACKEND_MINOR 125
/* /proc/xen/xsd_kva and xsd_port: dom0's store page and event channel, for xenstored. */
#define XEN_XSD_KVA_MINOR  126
#define XEN_XSD_PORT_MINOR 127

#endif
