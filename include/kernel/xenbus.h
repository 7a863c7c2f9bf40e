/*
 * xenbus: a domU's client of xenstore, the tree of small strings in dom0
 * through which a guest and its backends meet (drivers/xen/xenbus.c), the
 * device model built on it, where drivers register themselves
 * (drivers/xen/xenbus_probe.c), and the state handshake every driver
 * shares with its peer (drivers/xen/xenbus_handshake.c). The whole:
 * Documentation/xenbus.md.
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

/*
 * A message as user space writes it to /dev/xen/xenbus (xenbus_dev.c):
 * type and payload unchanged, and the answer whole: its type (type, or
 * XS_ERROR with the error's name) in *rtype, its payload in a kmalloc'd
 * *reply (NUL-terminated one past *rlen) the caller frees. -errno when no
 * answer came (-EPROTO, -ETIMEDOUT, -ENOTCONN before dom0's xenstored).
 */
int xenbus_raw(u32 tx, u32 type, const void *payload, u32 len, u32 *rtype, char **reply,
	       u32 *rlen);

/* Transactions: end with abort false commits, and fails with -EAGAIN when it must be redone. */
int xenbus_transaction_start(u32 *tx);
int xenbus_transaction_end(u32 tx, bool abort);

/* What a transaction's body returns to end it without a change and without an error. */
#define XENBUS_TX_NOTHING 1
/*
 * Runs fn(tx, arg) in a transaction: commits when it returns 0, aborts when
 * it returns XENBUS_TX_NOTHING (then 0) or -errno (then that), and runs it
 * again, a bounded number of times, when the commit lost to another writer.
 * 0, -errno, or -EAGAIN if it kept losing.
 */
int xenbus_transact(int (*fn)(u32 tx, void *arg), void *arg);

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

/* Which half of a split device a driver is: the guest's, or the driver domain's. */
enum xenbus_side {
	XENBUS_FRONTEND,
	XENBUS_BACKEND,
};

struct xenbus_driver;

/*
 * One device: for a front-end device/<type>/<id> in our home and its
 * backend's directory; for a back-end the reverse. The handshake fields
 * are xenbus's (drivers/xen/xenbus_handshake.c), the rest set at probe.
 */
struct xenbus_device {
	char nodename[48]; /* "device/vbd/51712" */
	char type[16];
	unsigned int id;
	char otherend[96];		  /* the peer's directory (absolute) */
	u16 otherend_id;		  /* the peer's domain */
	enum xenbus_state state;	  /* ours, as last written */
	enum xenbus_state otherend_state; /* the peer's, as last seen */
	const struct xenbus_driver *drv;
	void *priv;	   /* the driver's */
	bool connected;	   /* connect() succeeded */
	bool disconnected; /* disconnect() ran */
	bool released;	   /* release() ran */
	bool ready;	   /* connected or given up: boot need not wait */
	bool removed;	   /* closed and gone from the store: its id may come again */
	struct xenbus_watch otherend_watch;
	char otherend_state_path[104]; /* otherend + "/state": the watch's path */
	struct list_head list;
};

/*
 * A xenbus driver: what is particular to one kind of device. The
 * handshake with the peer (the XenbusState steps, and what to do when the
 * peer closes or disappears) is xenbus's, the same for every driver and
 * for both sides (Documentation/xenbus.md); it calls these hooks, each at
 * most once per device except sync, from the xenbus watch thread or at
 * power-off. Each returns 0 or -errno where it can fail.
 */
struct xenbus_driver {
	const char *name; /* "blkfront": the prefix of xenbus's lines on its devices */
	const char *type; /* "vbd": device/<type>/<id> */
	enum xenbus_side side;
	/*
	 * The state a front-end announces once setup() has published its half
	 * of the connection: Initialised, for a backend that connects on it
	 * (blkback), or Connected, for one that waits for that (netback).
	 */
	enum xenbus_state setup_state;
	/* A new device: what our own nodes say (a front-end's mac ...), private state. */
	int (*probe)(struct xenbus_device *dev);
	/* Front-end, the backend waits (InitWait): rings, grants, event channel, published. */
	int (*setup)(struct xenbus_device *dev);
	/* The peer is connected: read what it offers, make the device usable. */
	int (*connect)(struct xenbus_device *dev);
	/* The peer closes or is gone, or power-off: no more I/O; connected or not. */
	void (*disconnect)(struct xenbus_device *dev);
	/* The peer maps nothing of ours any more: give back grants, pages, ports. */
	void (*release)(struct xenbus_device *dev);
	/* Power-off, before anything closes: write back what is cached; may be NULL. */
	void (*sync)(struct xenbus_device *dev);
};

/*
 * Registers a driver at build time, the way SYSCALL() registers a system
 * call: xenbus finds it in the "xenbus_drivers" section and probes its
 * devices at boot (INITCALL_DRIVER), then as they are hot-plugged.
 */
#define register_xenbus_driver(drv)                                    \
	static const struct xenbus_driver *const __xenbus_driver_##drv \
		__section("xenbus_drivers") __used = &drv

/* Writes our state to <nodename>/state. */
int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state s);
/* Logs a device error and writes it to error/<nodename>/error, as backends read it. */
__printf(3, 4) void xenbus_dev_error(struct xenbus_device *dev, int err, const char *fmt, ...);

/*
 * Power-off or reboot: every device's sync, then each closes with its
 * peer (Closing, then Closed once the peer follows, bounded), disconnects
 * and releases.
 */
void xenbus_devices_shutdown(void);

/* ---------------------------------------------------------------- boot */

#ifdef CONFIG_XEN_DOMU
/* Where the store is: the PV entry gives start_info's page (mapped) and port. */
void xenbus_set_store(struct xenstore_domain_interface *intf, unsigned int port);
/*
 * dom0: the store page and port that dom0's own xenstored will serve
 * (xenbus_local.c); requests fail with -ENOTCONN until it has bound the
 * port, and it is connected once the daemon answered.
 */
void xenbus_set_local_store(struct xenstore_domain_interface *intf, unsigned int port);
/*
 * dom0, before any xenstored spoke (else -EEXIST): the store's event
 * channel becomes port (bound here) and the old one is closed, for a
 * xenstored in another domain (/dev/xen/xenbus_backend). 0 or -errno.
 */
int xenbus_local_switch_port(unsigned int port);
/*
 * True once the store has answered: a Xen domU with xenbus (at
 * INITCALL_BUS), or dom0 once its xenstored runs.
 */
bool xenbus_connected(void);
/* A store was set (domU, or dom0 whose xenstored may come): /dev/xen/xenbus exists. */
bool xenbus_has_store(void);
#else
static inline void xenbus_set_store(struct xenstore_domain_interface *intf __unused,
				    unsigned int port __unused)
{
}
static inline bool xenbus_connected(void)
{
	return false;
}
static inline bool xenbus_has_store(void)
{
	return false;
}
#endif

#endif
