/*
 * The xenbus device model. Drivers register themselves at build time
 * (register_xenbus_driver(), a pointer in the "xenbus_drivers" section);
 * this file finds their devices in the store and hands each one to the
 * state handshake (xenbus_handshake.c). It names no driver.
 *
 * Front-ends: the toolstack writes, for each virtual device of a domain,
 * device/<type>/<id> in its home (with "backend", the backend's
 * directory, and "backend-id") and the backend's directory in the driver
 * domain. What the store says about a device (backend path and domain) is
 * checked before use; a device with nonsense there is refused and logged.
 *
 * At boot (include/kernel/initcall.h), once the store is connected
 * (INITCALL_BUS, xenbus.c): the grant table and every front-end driver's
 * devices, then the watch for hot-plug (INITCALL_DRIVER); then the wait,
 * 30 s at most, for the devices found at boot (INITCALL_LATE).
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
#include <kernel/initcall.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/xen-grant.h>
#include <kernel/xenbus.h>

#include "xenbus_handshake.h"
#include "xenbus_wire.h"

/* How long the boot waits for the devices found at boot to connect. */
#define DEVICE_WAIT_NS (30 * NSEC_PER_SEC)

extern const struct xenbus_driver *const __start_xenbus_drivers[], *const __stop_xenbus_drivers[];

static LIST_HEAD(devices);
static struct wait_queue ready_wq = WAIT_QUEUE_INIT(ready_wq);

void xenbus_device_ready(struct xenbus_device *dev)
{
	unsigned long flags = arch_local_irq_save();

	dev->ready = true;
	wake_up_all(&ready_wq);
	arch_local_irq_restore(flags);
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

/* A front-end driver's device device/<type>/<id>: checked, probed, handed to the handshake. */
static void probe_device(const struct xenbus_driver *drv, const char *id)
{
	unsigned long long id_val, backend_id;
	struct xenbus_device *dev;
	unsigned long flags;
	int rc;

	if (xs_parse_uint(id, strlen(id), &id_val) || id_val > 0xffffffffULL) {
		pr_warn("device/%s/%s: not a device number; ignored\n", drv->type, id);
		return;
	}
	dev = kzalloc(sizeof(*dev));
	if (!dev) {
		pr_err("no memory for device/%s/%s\n", drv->type, id);
		return;
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
	dev->state = XenbusStateUnknown;
	dev->otherend_state = XenbusStateUnknown;
	pr_info("%s: backend %s in domain %u\n", dev->nodename, dev->otherend, dev->otherend_id);

	rc = drv->probe ? drv->probe(dev) : 0;
	/* Fresh start: whatever an earlier kernel of this domain left there is stale. */
	if (!rc)
		rc = xenbus_switch_state(dev, xenbus_handshake_first_state(drv));
	if (rc) {
		xenbus_dev_error(dev, rc, "probe failed");
		goto fail;
	}
	flags = arch_local_irq_save();
	list_add_tail(&dev->list, &devices);
	arch_local_irq_restore(flags);
	rc = xenbus_handshake_watch(dev);
	if (rc) {
		xenbus_dev_error(dev, rc, "cannot watch the backend's state");
		xenbus_device_ready(dev); /* it will never connect: do not wait for it */
	}
	return;
fail:
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
static int scan_type(const struct xenbus_driver *drv)
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

/* Every front-end driver's type; the first error, after trying them all. */
static int scan_frontends(void)
{
	int rc = 0;

	for (const struct xenbus_driver *const *drv = __start_xenbus_drivers;
	     drv < __stop_xenbus_drivers; drv++) {
		int trc;

		if ((*drv)->side != XENBUS_FRONTEND)
			continue;
		trc = scan_type(*drv);
		rc = rc ? rc : trc;
	}
	return rc;
}

static bool have_frontend_drivers(void)
{
	for (const struct xenbus_driver *const *drv = __start_xenbus_drivers;
	     drv < __stop_xenbus_drivers; drv++)
		if ((*drv)->side == XENBUS_FRONTEND)
			return true;
	return false;
}

/*
 * The watch on device/: only nodes of at most three levels (device,
 * device/<type>, device/<type>/<id>) tell of devices coming or going;
 * deeper ones are the front-ends' own (state, ring-ref) and need nothing.
 */
static void devices_changed(struct xenbus_watch *w __unused, const char *changed)
{
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
	scan_frontends();
}

static struct xenbus_watch devices_watch = {
	.path = "device",
	.cb = devices_changed,
};

/*
 * Every front-end needs grants to share its rings and buffers: the table
 * is set up here, once, before the first device is probed.
 */
static int xenbus_probe_frontends(void)
{
	int rc, wrc;

	if (!xenbus_connected() || !have_frontend_drivers())
		return 0;
	rc = gnttab_init();
	if (rc) {
		pr_err("no grant table (%d): no virtual devices\n", rc);
		return rc;
	}
	rc = scan_frontends();
	/* Fires once at once (a rescan that finds nothing new), then on every change. */
	wrc = xenbus_watch_register(&devices_watch);
	if (wrc)
		pr_warn("cannot watch device/ (%d): no hot-plug\n", wrc);
	return rc;
}
initcall(xenbus_probe_frontends, INITCALL_DRIVER);

static bool all_ready(void)
{
	struct xenbus_device *dev;

	list_for_each_entry(dev, &devices, list)
		if (!dev->ready)
			return false;
	return true;
}

/* The boot goes on once every device found at boot is usable or given up, 30 s at most. */
static int xenbus_wait_for_devices(void)
{
	struct xenbus_device *dev;

	if (!xenbus_connected())
		return 0;
	if (wait_event_deadline(&ready_wq, all_ready(), clock_ns() + DEVICE_WAIT_NS) == 0)
		return 0;
	list_for_each_entry(dev, &devices, list)
		if (!dev->ready)
			pr_warn("%s: not connected after %llu s (we are %s, the backend %s); going on without it\n",
				dev->nodename, DEVICE_WAIT_NS / NSEC_PER_SEC,
				xenbus_state_name(dev->state), xenbus_state_name(dev->otherend_state));
	return 0;
}
initcall(xenbus_wait_for_devices, INITCALL_LATE);

void xenbus_devices_shutdown(void)
{
	struct xenbus_device *dev;

	/* A removed device closed with its backend long ago: nothing to do. */
	list_for_each_entry(dev, &devices, list)
		if (!dev->removed && dev->drv->sync)
			dev->drv->sync(dev);
	list_for_each_entry(dev, &devices, list)
		if (!dev->removed)
			xenbus_handshake_close(dev);
	pr_info("devices closed\n");
}
