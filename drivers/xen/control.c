/*
 * The domain's lifecycle as the toolstack drives it: `xl shutdown` writes
 * "poweroff" to control/shutdown in our home, `xl reboot` writes "reboot".
 * We acknowledge by clearing the node (in a transaction, so a second
 * request written meanwhile is not lost), bring the devices down
 * (write-back, then each front-end closes with its backend), and tell
 * Xen with SCHEDOP_shutdown; xl then sees the domain shut down with that
 * reason and destroys or restarts it. `xl destroy` needs nothing from us.
 *
 * Anything else in the node is logged and cleared: "suspend" would need
 * checkpointing every device, which this kernel does not do.
 */
#define pr_fmt(fmt) "xen-control: " fmt

#include <kernel/errno.h>
#include <kernel/initcall.h>
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/xenbus.h>

struct request {
	char *buf;
	size_t size;
};

/* Reads control/shutdown and clears it (the body of take_request's transaction). */
static int read_and_clear(u32 tx, void *arg)
{
	struct request *req = arg;
	int rc = xenbus_read_buf(tx, "control", "shutdown", req->buf, req->size);

	if (rc == -ENOENT || (!rc && !req->buf[0])) {
		req->buf[0] = '\0';
		return XENBUS_TX_NOTHING; /* nothing asked (or our own clearing fired the watch) */
	}
	return rc ? rc : xenbus_write(tx, "control", "shutdown", "");
}

/* Reads control/shutdown and clears it, in one transaction; 0, or -errno. */
static int take_request(char *buf, size_t size)
{
	struct request req = { buf, size };
	int rc = xenbus_transact(read_and_clear, &req);

	if (rc == -E2BIG) {
		/* Too long for any request we know: clear it and say so. */
		pr_warn("control/shutdown holds an over-long request; ignored\n");
		xenbus_write(XBT_NIL, "control", "shutdown", "");
		buf[0] = '\0';
		return 0;
	}
	return rc;
}

static void shutdown_changed(struct xenbus_watch *w, const char *changed)
{
	char req[32];
	int rc = take_request(req, sizeof(req));

	if (rc) {
		pr_err("cannot read control/shutdown: %d\n", rc);
		return;
	}
	if (!req[0])
		return;
	if (!strcmp(req, "poweroff") || !strcmp(req, "halt")) {
		pr_notice("the toolstack asks for power-off: bringing devices down\n");
		xenbus_devices_shutdown();
		machine_power_off();
	} else if (!strcmp(req, "reboot")) {
		pr_notice("the toolstack asks for a reboot: bringing devices down\n");
		xenbus_devices_shutdown();
		machine_reboot();
	} else {
		pr_warn("control/shutdown request \"%s\" is not supported; ignored\n", req);
	}
}

static struct xenbus_watch shutdown_watch = {
	.path = "control/shutdown",
	.cb = shutdown_changed,
};

static int xen_control_init(void)
{
	int rc;

	if (!xenbus_connected())
		return 0;
	/* Tell the toolstack which requests we honour (it asks before it writes). */
	xenbus_write(XBT_NIL, "control", "feature-poweroff", "1");
	xenbus_write(XBT_NIL, "control", "feature-reboot", "1");
	rc = xenbus_watch_register(&shutdown_watch);
	if (rc)
		pr_err("cannot watch control/shutdown: %d; xl shutdown and reboot will not reach us\n",
		       rc);
	return rc;
}
initcall(xen_control_init, INITCALL_DRIVER);
