/*
 * Front-end devices on xenbus. The toolstack writes, for each virtual
 * device of a domain, device/<type>/<id> in its home (with "backend",
 * the backend's directory, and "backend-id") and the backend's directory
 * in the driver domain. Each side publishes its XenbusState in its own
 * "state" node and watches the other's:
 *
 *   backend  InitWait      ->  front-end: ring, event channel, Initialised
 *   backend  Connected     ->  front-end: reads what the backend offers, Connected
 *   either   Closing       ->  the other closes too; both end Closed
 *
 * A driver registered for a type gets a probe() per device and
 * otherend_changed() from the watch thread for every backend state.
 * What the store says about a device (backend path, domain, states) is
 * checked before use; a device with nonsense there is refused and logged.
 *
 * Hot-plug: once the boot's devices are probed, a watch on our device/
 * directory rescans it whenever a device node comes or goes (xl
 * block-attach, network-attach). A new id is probed; a device that has
 * closed and whose node the toolstack removed (xl block-detach) is marked
 * removed, so that the same id attached again is a new device.
 */
#define pr_fmt(fmt) "xenbus: " fmt

#include <asm/irqflags.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/xenbus.h>

#include "xenbus_wire.h"

/* How long the boot waits for the devices found at boot to connect. */
#define DEVICE_WAIT_NS		(30 * NSEC_PER_SEC)
/* How long a closing front-end waits for its backend to follow. */
#define CLOSE_WAIT_NS		(5 * NSEC_PER_SEC)
#define DOMID_FIRST_RESERVED	0x7ff0

static LIST_HEAD(drivers);
static LIST_HEAD(devices);
static struct wait_queue ready_wq = WAIT_QUEUE_INIT(ready_wq);

static const char *const state_names[] = {
	"Unknown", "Initialising", "InitWait", "Initialised", "Connected",
	"Closing", "Closed", "Reconfiguring", "Reconfigured",
};

const char *xenbus_state_name(enum xenbus_state s)
{
	return (unsigned int)s < ARRAY_SIZE(state_names) ? state_names[s] : "invalid";
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

void xenbus_device_ready(struct xenbus_device *dev)
{
	unsigned long flags = arch_local_irq_save();

	dev->ready = true;
	wake_up_all(&ready_wq);
	arch_local_irq_restore(flags);
}

/* The backend's state; Unknown when it is gone or not a state at all (logged). */
static enum xenbus_state read_otherend_state(struct xenbus_device *dev)
{
	unsigned long long v;
	int rc = xenbus_read_ull(XBT_NIL, dev->otherend, "state", &v);

	/*
	 * Once the toolstack has removed the backend's directory, xenstored
	 * checks our read against the nearest ancestor that is left, which
	 * we may not read: EACCES means gone too.
	 */
	if (rc == -ENOENT || rc == -EACCES)
		return XenbusStateUnknown;
	if (rc || v > XenbusStateReconfigured) {
		pr_warn("%s: backend state refused (%d, value %llu)\n", dev->nodename, rc, v);
		return XenbusStateUnknown;
	}
	return (enum xenbus_state)v;
}

static void otherend_changed(struct xenbus_watch *w, const char *changed)
{
	struct xenbus_device *dev = container_of(w, struct xenbus_device, otherend_watch);
	enum xenbus_state s = read_otherend_state(dev);

	if (s == dev->otherend_state)
		return;
	dev->otherend_state = s;
	if (dev->drv->otherend_changed)
		dev->drv->otherend_changed(dev, s);
}

/* A backend path we accept: absolute, in some domain's backend tree, and short enough. */
static bool backend_path_ok(const char *p)
{
	if (strncmp(p, "/local/domain/", 14) || strlen(p) >= 80)
		return false;
	for (; *p; p++)
		if (p[0] == '.' && p[1] == '.')
			return false;
	return true;
}

static void probe_device(struct xenbus_driver *drv, const char *id)
{
	unsigned long long id_val, backend_id;
	struct xenbus_device *dev;
	char *watch_path;
	unsigned long flags;
	int rc;

	if (xs_parse_uint(id, strlen(id), &id_val) || id_val > 0xffffffffULL) {
		pr_warn("device/%s/%s: not a device number; ignored\n", drv->type, id);
		return;
	}
	dev = kzalloc(sizeof(*dev));
	watch_path = kmalloc(96);
	if (!dev || !watch_path) {
		pr_err("no memory for device/%s/%s\n", drv->type, id);
		goto fail;
	}
	snprintf(dev->nodename, sizeof(dev->nodename), "device/%s/%s", drv->type, id);
	strlcpy(dev->type, drv->type, sizeof(dev->type));
	dev->id = (unsigned int)id_val;
	dev->drv = drv;
	rc = xenbus_read_buf(XBT_NIL, dev->nodename, "backend", dev->otherend, sizeof(dev->otherend));
	if (!rc && !backend_path_ok(dev->otherend))
		rc = -EINVAL;
	if (rc) {
		pr_err("%s: backend path refused: %d\n", dev->nodename, rc);
		goto fail;
	}
	rc = xenbus_read_ull(XBT_NIL, dev->nodename, "backend-id", &backend_id);
	if (!rc && backend_id >= DOMID_FIRST_RESERVED)
		rc = -EINVAL;
	if (rc) {
		pr_err("%s: backend-id refused: %d\n", dev->nodename, rc);
		goto fail;
	}
	dev->otherend_id = (u16)backend_id;
	dev->state = XenbusStateInitialising;
	dev->otherend_state = XenbusStateUnknown;
	pr_info("%s: backend %s in domain %u\n", dev->nodename, dev->otherend, dev->otherend_id);

	rc = drv->probe(dev);
	if (rc) {
		xenbus_dev_error(dev, rc, "probe failed");
		goto fail;
	}
	flags = arch_local_irq_save();
	list_add_tail(&dev->list, &devices);
	arch_local_irq_restore(flags);
	snprintf(watch_path, 96, "%s/state", dev->otherend);
	dev->otherend_watch.path = watch_path;
	dev->otherend_watch.cb = otherend_changed;
	/* Fires once at once: the driver sees the backend's current state. */
	rc = xenbus_watch_register(&dev->otherend_watch);
	if (rc) {
		xenbus_dev_error(dev, rc, "cannot watch the backend's state");
		xenbus_device_ready(dev);	/* it will never connect: do not wait for it */
	}
	return;
fail:
	kfree(watch_path);
	kfree(dev);
}

/* The device of that node name that is not removed, if any. */
static struct xenbus_device *find_device(const char *nodename)
{
	struct xenbus_device *dev;

	list_for_each_entry(dev, &devices, list)
		if (!dev->removed && !strcmp(dev->nodename, nodename))
			return dev;
	return NULL;
}

static bool name_listed(const char *names, unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++, names += strlen(names) + 1)
		if (!strcmp(names, name))
			return true;
	return false;
}

/*
 * device/<type> as the store has it now: ids we do not know yet are
 * probed; closed devices whose id is gone are marked removed.
 */
static int scan_type(struct xenbus_driver *drv)
{
	struct xenbus_device *dev;
	char nodename[48], *names = NULL, *p;
	unsigned int n = 0;
	int rc;

	rc = xenbus_directory(XBT_NIL, "device", drv->type, &names, &n);
	if (rc && rc != -ENOENT) {
		pr_err("cannot list device/%s: %d\n", drv->type, rc);
		return rc;
	}
	list_for_each_entry(dev, &devices, list) {
		if (dev->drv != drv || dev->removed || dev->state != XenbusStateClosed)
			continue;
		snprintf(nodename, sizeof(nodename), "%u", dev->id);
		if (!name_listed(names, n, nodename)) {
			/* A device attached again under this id has the same backend path. */
			xenbus_watch_unregister(&dev->otherend_watch);
			dev->removed = true;
			pr_info("%s: removed from the store\n", dev->nodename);
		}
	}
	p = names;
	for (unsigned int i = 0; i < n; i++, p += strlen(p) + 1) {
		snprintf(nodename, sizeof(nodename), "device/%s/%s", drv->type, p);
		/* A device whose nodes are still being written has no backend yet: the next event. */
		if (!find_device(nodename) && xenbus_exists(XBT_NIL, nodename, "backend"))
			probe_device(drv, p);
	}
	kfree(names);
	return 0;
}

int xenbus_register_frontend(struct xenbus_driver *drv)
{
	unsigned long flags;

	flags = arch_local_irq_save();
	list_add_tail(&drv->list, &drivers);
	arch_local_irq_restore(flags);
	return scan_type(drv);
}

/*
 * The watch on device/: only nodes of at most three levels (device,
 * device/<type>, device/<type>/<id>) tell of devices coming or going;
 * deeper ones are the front-ends' own (state, ring-ref) and need nothing.
 */
static void devices_changed(struct xenbus_watch *w __unused, const char *changed)
{
	struct xenbus_driver *drv;
	unsigned int depth = 1;
	const char *rel = changed;

	/* An absolute path: past /local/domain/<id>/. */
	if (rel[0] == '/') {
		for (unsigned int slashes = 0; *rel && slashes < 4; rel++)
			slashes += *rel == '/';
	}
	for (const char *c = rel; *c; c++)
		depth += *c == '/';
	if (strncmp(rel, "device", 6) || depth > 3)
		return;
	list_for_each_entry(drv, &drivers, list)
		scan_type(drv);
}

static struct xenbus_watch devices_watch = {
	.path = "device",
	.cb = devices_changed,
};

static bool all_ready(void)
{
	struct xenbus_device *dev;

	list_for_each_entry(dev, &devices, list)
		if (!dev->ready)
			return false;
	return true;
}

void xenbus_wait_for_devices(void)
{
	struct xenbus_device *dev;

	if (wait_event_deadline(&ready_wq, all_ready(), clock_ns() + DEVICE_WAIT_NS) == 0)
		return;
	list_for_each_entry(dev, &devices, list)
		if (!dev->ready)
			pr_warn("%s: not connected after %llu s (we are %s, the backend %s); going on without it\n",
				dev->nodename, DEVICE_WAIT_NS / NSEC_PER_SEC,
				xenbus_state_name(dev->state), xenbus_state_name(dev->otherend_state));
}

/* Closes one device with its backend: Closing, wait for the backend, Closed. */
static void close_device(struct xenbus_device *dev)
{
	u64 deadline = clock_ns() + CLOSE_WAIT_NS;
	enum xenbus_state s;

	xenbus_watch_unregister(&dev->otherend_watch);
	if (dev->state == XenbusStateClosed)
		return;
	xenbus_switch_state(dev, XenbusStateClosing);
	/* The watch thread may be the caller (control/shutdown): poll, do not wait for callbacks. */
	while ((s = read_otherend_state(dev)) != XenbusStateClosing && s != XenbusStateClosed &&
	       s != XenbusStateUnknown && clock_ns() < deadline)
		msleep(20);
	xenbus_switch_state(dev, XenbusStateClosed);
	if (s != XenbusStateClosing && s != XenbusStateClosed)
		pr_warn("%s: backend still %s after we closed\n", dev->nodename,
			xenbus_state_name(s));
}

void xenbus_devices_shutdown(void)
{
	struct xenbus_device *dev;

	/* A removed device closed with its backend long ago: nothing to do. */
	list_for_each_entry(dev, &devices, list)
		if (!dev->removed && dev->drv->sync)
			dev->drv->sync(dev);
	list_for_each_entry(dev, &devices, list) {
		if (dev->removed)
			continue;
		close_device(dev);
		if (dev->drv->remove)
			dev->drv->remove(dev);
	}
	pr_info("devices closed\n");
}

int xenbus_probe_init(void)
{
	int rc = 0, wrc;

	if (IS_ENABLED(CONFIG_XEN_BLKFRONT))
		rc = blkfront_init();
	if (IS_ENABLED(CONFIG_XEN_NETFRONT)) {
		int nrc = netfront_init();

		rc = rc ? rc : nrc;
	}
	/* Fires once at once (a rescan that finds nothing new), then on every change. */
	if (!list_empty(&drivers)) {
		wrc = xenbus_watch_register(&devices_watch);
		if (wrc)
			pr_warn("cannot watch device/ (%d): no hot-plug\n", wrc);
	}
	return rc;
}
