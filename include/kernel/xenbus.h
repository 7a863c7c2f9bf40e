/*
 * xenbus: a domU's client of xenstore, the tree of small strings in dom0
 * through which a guest and its backends meet (drivers/xen/xenbus.c), and
 * the front-end device model built on it (drivers/xen/xenbus_probe.c).
 *
 * Paths are relative to the domain's home (/local/domain/<id>) unless they
 * start with '/'. Every call sleeps until xenstored answers (bounded); an
 * error reply becomes its -errno (-ENOENT, -EACCES, -EAGAIN ...), a reply
 * that breaks the protocol becomes -EPROTO and is logged, and an answer
 * that never comes becomes -ETIMEDOUT.
 */
#ifndef KERNEL_XENBUS_H
#define KERNEL_XENBUS_H

#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/types.h>

/* No transaction. */
#define XBT_NIL 0

struct xenstore_domain_interface;

/* ---------------------------------------------------------------- the client */

/*
 * Value of dir/node (node may be "" for dir itself), NUL-terminated, in
 * a kmalloc'd buffer the caller frees; its length in *len if len.
 */
int xenbus_read(u32 tx, const char *dir, const char *node, char **val, size_t *len);
/* The same into buf (truncation is -E2BIG). */
int xenbus_read_buf(u32 tx, const char *dir, const char *node, char *buf, size_t size);
/* A decimal (or 0x hex) unsigned value; -EINVAL when it is not one. */
int xenbus_read_ull(u32 tx, const char *dir, const char *node, unsigned long long *v);
int xenbus_write(u32 tx, const char *dir, const char *node, const char *val);
__printf(4, 5) int xenbus_printf(u32 tx, const char *dir, const char *node, const char *fmt, ...);
int xenbus_mkdir(u32 tx, const char *dir, const char *node);
int xenbus_rm(u32 tx, const char *dir, const char *node);
/*
 * The children of dir/node: a kmalloc'd block of *n NUL-terminated names
 * one after the other (walk with strlen + 1); the caller frees it.
 */
int xenbus_directory(u32 tx, const char *dir, const char *node, char **names, unsigned int *n);
bool xenbus_exists(u32 tx, const char *dir, const char *node);

/* Transactions: end with abort false commits, and fails with -EAGAIN when it must be redone. */
int xenbus_transaction_start(u32 *tx);
int xenbus_transaction_end(u32 tx, bool abort);

/*
 * Watches: cb runs in the xenbus watch thread (it may sleep and use
 * xenbus) for each change at or below path, and once when the watch is
 * registered. path is the watch's (absolute or relative), changed the
 * node that fired.
 */
struct xenbus_watch {
	const char *path;
	void (*cb)(struct xenbus_watch *w, const char *changed);
	/* Private to xenbus. */
	struct list_head list;
	u32 token;
};
int xenbus_watch_register(struct xenbus_watch *w);
/* After it returns, cb is not running and will not run again. */
void xenbus_watch_unregister(struct xenbus_watch *w);

/* ---------------------------------------------------------------- devices */

/* The XenbusState values of io/xenbus.h. */
enum xenbus_state {
	XenbusStateUnknown = 0,
	XenbusStateInitialising = 1,
	XenbusStateInitWait = 2,
	XenbusStateInitialised = 3,
	XenbusStateConnected = 4,
	XenbusStateClosing = 5,
	XenbusStateClosed = 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured = 8,
};
const char *xenbus_state_name(enum xenbus_state s);

struct xenbus_driver;

/* One front-end device: device/<type>/<id> in our home, and its backend. */
struct xenbus_device {
	char nodename[48];		/* "device/vbd/51712" */
	char type[16];
	unsigned int id;
	char otherend[96];		/* the backend's directory (absolute) */
	u16 otherend_id;		/* the backend's domain */
	enum xenbus_state state;	/* ours, as last written */
	enum xenbus_state otherend_state;
	struct xenbus_driver *drv;
	void *priv;			/* the driver's */
	bool ready;			/* connected or given up: boot need not wait */
	bool removed;			/* closed and gone from the store: its id may come again */
	struct xenbus_watch otherend_watch;
	struct list_head list;
};

struct xenbus_driver {
	const char *type;		/* "vbd" */
	/* A new device: read what the backend offers, set up, switch state. 0 or -errno. */
	int (*probe)(struct xenbus_device *dev);
	/* The backend's state changed (and once after probe). */
	void (*otherend_changed)(struct xenbus_device *dev, enum xenbus_state s);
	/* The device goes (power-off, or it vanished from the store): release everything. */
	void (*remove)(struct xenbus_device *dev);
	/* Writes back what is cached (power-off); may be NULL. */
	void (*sync)(struct xenbus_device *dev);
	struct list_head list;
};

/* Registers a front-end driver and probes the devices of its type. */
int xenbus_register_frontend(struct xenbus_driver *drv);
/* Writes our state to <nodename>/state. */
int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state s);
/* The device is usable, or will never be: the boot stops waiting for it. */
void xenbus_device_ready(struct xenbus_device *dev);
/* Logs a device error and writes it to error/<nodename>/error, as backends read it. */
__printf(3, 4) void xenbus_dev_error(struct xenbus_device *dev, int err, const char *fmt, ...);

/*
 * Power-off or reboot: every device's sync, then its remove (front-ends
 * close: Closing, then Closed once the backend agrees, bounded).
 */
void xenbus_devices_shutdown(void);

/* ---------------------------------------------------------------- boot */

#ifdef CONFIG_XEN_DOMU
/* Where the store is: the PV entry gives start_info's page (mapped) and port. */
void xenbus_set_store(struct xenstore_domain_interface *intf, unsigned int port);
/*
 * Connects to the store, starts the watch thread, the shutdown control
 * and the front-end drivers, and waits (bounded) for their devices.
 * Does nothing when no store was set (not a domU).
 */
void xenbus_init(void);
#else
static inline void xenbus_set_store(struct xenstore_domain_interface *intf __unused,
				    unsigned int port __unused)
{
}
static inline void xenbus_init(void)
{
}
#endif

/* Internals shared by the xenbus files. */
void xen_control_init(void);
int xenbus_probe_init(void);
void xenbus_wait_for_devices(void);
int blkfront_init(void);
int netfront_init(void);

#endif
