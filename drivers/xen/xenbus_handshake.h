/*
 * What the device model (xenbus_probe.c) and the state handshake
 * (xenbus_handshake.c) share; private to drivers/xen/xenbus*.c and the
 * host unit test of the handshake.
 */
#ifndef DRIVERS_XEN_XENBUS_HANDSHAKE_H
#define DRIVERS_XEN_XENBUS_HANDSHAKE_H

#include <kernel/xenbus.h>

/* What one step of the handshake does, in this order. */
enum {
	XENBUS_DO_SETUP = 1 << 0,      /* setup(), then the driver's setup_state */
	XENBUS_DO_CONNECT = 1 << 1,    /* connect(), then Connected */
	XENBUS_DO_DISCONNECT = 1 << 2, /* disconnect(), once */
	XENBUS_DO_CLOSING = 1 << 3,    /* write Closing */
	XENBUS_DO_CLOSED = 1 << 4,     /* write Closed */
	XENBUS_DO_RELEASE = 1 << 5,    /* release(), once */
};

/* The peer is now in state peer: what we do (dev is as before it). */
unsigned int xenbus_handshake_step(const struct xenbus_device *dev, enum xenbus_state peer);
/* The state a new device of that driver writes first: Initialising or InitWait. */
enum xenbus_state xenbus_handshake_first_state(const struct xenbus_driver *drv);
/* Watches the peer's state; the watch fires at once, which starts the handshake. */
int xenbus_handshake_watch(struct xenbus_device *dev);
/* Power-off: Closing, the peer follows (bounded), Closed; then disconnect and release. */
void xenbus_handshake_close(struct xenbus_device *dev);

/* In xenbus_probe.c: the device is usable, or never will be; the boot stops waiting for it. */
void xenbus_device_ready(struct xenbus_device *dev);

#endif
