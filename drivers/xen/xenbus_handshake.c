/*
 * The XenbusState handshake between the two halves of a split device:
 * one implementation, used by every xenbus driver and written for both
 * sides. Each side publishes its state in its own "state" node and
 * watches the other's. A driver supplies only what is particular to its
 * device (struct xenbus_driver: setup, connect, disconnect, release);
 * this file decides when each runs and which state is written after it:
 *
 *	what we see		front-end			back-end
 *	(probe)			Initialising			InitWait (features written)
 *	peer InitWait		setup(), then setup_state
 *				(Initialised or Connected)
 *	peer Initialised	-				connect(), Connected
 *	peer Connected		connect(), Connected		the same, if not yet
 *	peer Closing		disconnect(), Closed		disconnect(), Closing
 *	peer Closed		disconnect(), Closed,		disconnect(), Closed,
 *				release()			release()
 *	peer gone		as Closed			as Closed
 *	power-off		Closing, the peer follows (bounded), Closed,
 *				disconnect(), release()
 *
 * A front-end answers a closing backend with Closed at once, not Closing:
 * the toolstack's detach (xl block-detach, network-detach) waits for the
 * front-end to be Closed before the backend finishes and unmaps, and only
 * then is it safe to release what was granted, on the backend's Closed.
 *
 * "Gone" is the peer's state node missing after we had seen a state: the
 * toolstack removed its directory (a forced detach, a destroyed driver
 * domain). Nothing the peer writes is trusted: a state that is not a
 * number of io/xenbus.h is refused, logged, and changes nothing.
 *
 * The decision (xenbus_handshake_step) is a pure function of the device's
 * record and the peer's new state, so the host unit tests walk it through
 * whole sequences; otherend_changed() carries it out in the watch thread.
 */
#define pr_fmt(fmt) "xenbus: " fmt

#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/xenbus.h>

#include "xenbus_handshake.h"

/* How long a closing device waits for its peer to follow at power-off. */
#define CLOSE_WAIT_NS (5 * NSEC_PER_SEC)

/*
 * Lines about one device carry its driver's name, as the driver's own do
 * ("blkfront: device/vbd/51712: ..."), so one grep follows a device.
 */
#define dev_info(dev, fmt, ...) \
	printk(KERN_INFO "%s: %s: " fmt, (dev)->drv->name, (dev)->nodename, ##__VA_ARGS__)

static const char *const state_names[] = {
	/* clang-format off */
	"Unknown", "Initialising", "InitWait", "Initialised", "Connected",
	"Closing", "Closed", "Reconfiguring", "Reconfigured",
	/* clang-format on */
};

const char *xenbus_state_name(enum xenbus_state s)
{
	return (unsigned int)s < ARRAY_SIZE(state_names) ? state_names[s] : "invalid";
}

static const char *peer_role(const struct xenbus_device *dev)
{
	return dev->drv->side == XENBUS_FRONTEND ? "backend" : "front-end";
}

int xenbus_switch_state(struct xenbus_device *dev, enum xenbus_state s)
{
	int rc = xenbus_printf(XBT_NIL, dev->nodename, "state", "%d", (int)s);

	if (rc)
		pr_err("%s: cannot switch to %s: %d\n", dev->nodename, xenbus_state_name(s), rc);
	else
		dev->state = s;
	return rc;
}

void xenbus_dev_error(struct xenbus_device *dev, int err, const char *fmt, ...)
{
	char msg[128], path[80];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("%s: %s (%d)\n", dev->nodename, msg, err);
	snprintf(path, sizeof(path), "error/%s", dev->nodename);
	xenbus_printf(XBT_NIL, path, "error", "%d %s", -err, msg);
}

/*
 * The peer's state into *s: Unknown when its node is gone. -EPROTO (logged)
 * when what is there is not a state, or it cannot be read for another
 * reason (the store broken, no answer): then nothing is known.
 */
static int read_otherend_state(struct xenbus_device *dev, enum xenbus_state *s)
{
	unsigned long long v = 0;
	int rc = xenbus_read_ull(XBT_NIL, dev->otherend, "state", &v);

	/*
	 * Once the toolstack has removed the peer's directory, xenstored
	 * checks our read against the nearest ancestor that is left, which
	 * we may not read: EACCES means gone too.
	 */
	if (rc == -ENOENT || rc == -EACCES) {
		*s = XenbusStateUnknown;
		return 0;
	}
	if (rc || v > XenbusStateReconfigured) {
		pr_warn("%s: %s state refused (%d, value %llu)\n", dev->nodename, peer_role(dev),
			rc, v);
		return -EPROTO;
	}
	*s = (enum xenbus_state)v;
	return 0;
}

enum xenbus_state xenbus_handshake_first_state(const struct xenbus_driver *drv)
{
	return drv->side == XENBUS_FRONTEND ? XenbusStateInitialising : XenbusStateInitWait;
}

unsigned int xenbus_handshake_step(const struct xenbus_device *dev, enum xenbus_state peer)
{
	const struct xenbus_driver *drv = dev->drv;
	bool gone = peer == XenbusStateUnknown && dev->otherend_state != XenbusStateUnknown;

	if (peer == XenbusStateClosed || gone) {
		if (dev->state != XenbusStateClosed)
			return XENBUS_DO_DISCONNECT | XENBUS_DO_CLOSED | XENBUS_DO_RELEASE;
		return dev->released ? 0 : XENBUS_DO_RELEASE;
	}
	if (peer == XenbusStateClosing) {
		if (dev->state == XenbusStateClosed)
			return 0;
		if (drv->side == XENBUS_FRONTEND)
			return XENBUS_DO_DISCONNECT | XENBUS_DO_CLOSED;
		if (dev->state == XenbusStateClosing)
			return 0;
		return XENBUS_DO_DISCONNECT | XENBUS_DO_CLOSING;
	}
	if (drv->side == XENBUS_FRONTEND) {
		if (peer == XenbusStateInitWait && dev->state == XenbusStateInitialising)
			return XENBUS_DO_SETUP;
		/* netfront's setup_state is Connected already: connect() is still to run. */
		if (peer == XenbusStateConnected && dev->state == drv->setup_state &&
		    !dev->connected)
			return XENBUS_DO_CONNECT;
		return 0;
	}
	if ((peer == XenbusStateInitialised || peer == XenbusStateConnected) &&
	    dev->state == XenbusStateInitWait)
		return XENBUS_DO_CONNECT;
	return 0;
}

static void setup(struct xenbus_device *dev)
{
	int rc = dev->drv->setup ? dev->drv->setup(dev) : 0;

	if (!rc)
		rc = xenbus_switch_state(dev, dev->drv->setup_state);
	if (rc) {
		xenbus_dev_error(dev, rc, "cannot set up its half of the connection");
		xenbus_switch_state(dev, XenbusStateClosing);
		xenbus_device_ready(dev); /* it will never connect: do not wait for it */
	}
}

static void connect(struct xenbus_device *dev)
{
	int rc = dev->drv->connect ? dev->drv->connect(dev) : 0;

	if (!rc) {
		dev->connected = true;
		if (dev->state != XenbusStateConnected)
			rc = xenbus_switch_state(dev, XenbusStateConnected);
	}
	if (rc) {
		xenbus_dev_error(dev, rc, "cannot connect");
		xenbus_switch_state(dev, XenbusStateClosing);
	}
	xenbus_device_ready(dev);
}

/* Once per device, connected or not: the peer closing and power-off may both ask. */
static void disconnect(struct xenbus_device *dev)
{
	if (dev->disconnected)
		return;
	dev->disconnected = true;
	if (dev->drv->disconnect)
		dev->drv->disconnect(dev);
}

/* Once, and after disconnect(): a driver releases only what nothing uses any more. */
static void release(struct xenbus_device *dev)
{
	if (dev->released)
		return;
	disconnect(dev);
	dev->released = true;
	if (dev->drv->release)
		dev->drv->release(dev);
}

/* The watch on the peer's state node (it fires once when registered). */
static void otherend_changed(struct xenbus_watch *w, const char *changed __unused)
{
	struct xenbus_device *dev = container_of(w, struct xenbus_device, otherend_watch);
	enum xenbus_state peer;
	unsigned int todo;

	if (read_otherend_state(dev, &peer) || peer == dev->otherend_state)
		return;
	todo = xenbus_handshake_step(dev, peer);
	if (todo & (XENBUS_DO_CLOSING | XENBUS_DO_CLOSED))
		dev_info(dev, "the %s is %s; closing\n", peer_role(dev),
			 peer == XenbusStateUnknown ? "gone" : xenbus_state_name(peer));
	dev->otherend_state = peer;
	if (todo & XENBUS_DO_SETUP)
		setup(dev);
	if (todo & XENBUS_DO_CONNECT)
		connect(dev);
	if (todo & XENBUS_DO_DISCONNECT)
		disconnect(dev);
	if (todo & XENBUS_DO_CLOSING)
		xenbus_switch_state(dev, XenbusStateClosing);
	if (todo & XENBUS_DO_CLOSED)
		xenbus_switch_state(dev, XenbusStateClosed);
	if (todo & XENBUS_DO_RELEASE)
		release(dev);
	if (todo & (XENBUS_DO_CLOSING | XENBUS_DO_CLOSED))
		xenbus_device_ready(dev); /* closed: nothing to wait for */
}

int xenbus_handshake_watch(struct xenbus_device *dev)
{
	snprintf(dev->otherend_state_path, sizeof(dev->otherend_state_path), "%s/state",
		 dev->otherend);
	dev->otherend_watch.path = dev->otherend_state_path;
	dev->otherend_watch.cb = otherend_changed;
	return xenbus_watch_register(&dev->otherend_watch);
}

void xenbus_handshake_close(struct xenbus_device *dev)
{
	u64 deadline = clock_ns() + CLOSE_WAIT_NS;
	enum xenbus_state s;

	xenbus_watch_unregister(&dev->otherend_watch);
	if (dev->state != XenbusStateClosed) {
		xenbus_switch_state(dev, XenbusStateClosing);
		/* The caller may be the watch thread (control/shutdown): poll, not callbacks. */
		for (;;) {
			if (read_otherend_state(dev, &s))
				s = XenbusStateUnknown; /* unreadable: as good as gone here */
			if (s == XenbusStateClosing || s == XenbusStateClosed ||
			    s == XenbusStateUnknown || clock_ns() >= deadline)
				break;
			msleep(20);
		}
		xenbus_switch_state(dev, XenbusStateClosed);
		if (s != XenbusStateClosing && s != XenbusStateClosed)
			pr_warn("%s: %s still %s after we closed\n", dev->nodename, peer_role(dev),
				xenbus_state_name(s));
	}
	disconnect(dev);
	release(dev);
}
