/*
 * Host tests of the xenbus state handshake (drivers/xen/xenbus_handshake.c),
 * the one both sides of every split device use: whole sequences of the
 * peer's states, as Linux's blkback and netback write them and as a peer
 * that fails, vanishes or writes nonsense does, against a store of one
 * node each way and a driver whose hooks only record that they ran.
 */
/* compiler.h before glibc, whose cdefs.h redefines __always_inline. */
#include <kernel/compiler.h>

#include <stdarg.h>

#include <kernel/errno.h>
#include <kernel/sched.h>
#include <kernel/time.h>
#include <kernel/xenbus.h>

#include "../../drivers/xen/xenbus_handshake.h"
#include "unit.h"

/* ---------------------------------------------------------------- the store and the peer */

static int peer_rc; /* what reading the peer's state node returns */
static unsigned long long peer_value;
static int written[16]; /* the states we wrote, in order */
static unsigned int nr_written;
static int errors_written; /* error/<nodename>/error nodes */
static int write_rc;	   /* what a write returns */
static struct xenbus_watch *watched;
static u64 now_ns;
static unsigned int sleeps, follow_after; /* the peer closes after that many of our polls */

int xenbus_printf(u32 tx __unused, const char *dir __unused, const char *node, const char *fmt, ...)
{
	va_list ap;

	if (write_rc)
		return write_rc;
	va_start(ap, fmt);
	if (!strcmp(node, "state") && nr_written < 16)
		written[nr_written++] = va_arg(ap, int);
	else if (!strcmp(node, "error"))
		errors_written++;
	va_end(ap);
	return 0;
}

int xenbus_read_ull(u32 tx __unused, const char *dir __unused, const char *node __unused,
		    unsigned long long *v)
{
	if (peer_rc)
		return peer_rc;
	*v = peer_value;
	return 0;
}

/* As xenstored does: a new watch fires once at once. */
int xenbus_watch_register(struct xenbus_watch *w)
{
	watched = w;
	w->cb(w, w->path);
	return 0;
}

void xenbus_watch_unregister(struct xenbus_watch *w)
{
	if (watched == w)
		watched = NULL;
}

void xenbus_device_ready(struct xenbus_device *dev)
{
	dev->ready = true;
}

void msleep(u64 ms)
{
	now_ns += ms * NSEC_PER_MSEC;
	if (++sleeps == follow_after)
		peer_value = XenbusStateClosing;
}

u64 native_clock_ns(void)
{
	return now_ns;
}

/* The peer writes its state node; our watch fires. */
static void peer(enum xenbus_state s)
{
	peer_rc = 0;
	peer_value = s;
	if (watched)
		watched->cb(watched, watched->path);
}

/* The toolstack removes the peer's directory (or we may not read it any more). */
static void peer_gone(int rc)
{
	peer_rc = rc;
	if (watched)
		watched->cb(watched, watched->path);
}

/* ---------------------------------------------------------------- a driver that records */

static char calls[32]; /* S setup, C connect, D disconnect, R release */
static int setup_rc, connect_rc;

static void record(char c)
{
	size_t n = strlen(calls);

	if (n + 1 < sizeof(calls))
		calls[n] = c;
}

static int fake_setup(struct xenbus_device *dev __unused)
{
	record('S');
	return setup_rc;
}

static int fake_connect(struct xenbus_device *dev __unused)
{
	record('C');
	return connect_rc;
}

static void fake_disconnect(struct xenbus_device *dev __unused)
{
	record('D');
}

static void fake_release(struct xenbus_device *dev __unused)
{
	record('R');
}

/* As blkfront: Initialised once its ring is published, blkback connects on that. */
static const struct xenbus_driver blk_like = {
	/* clang-format off */
	.name = "blktest", .type = "vbd", .side = XENBUS_FRONTEND,
	.setup_state = XenbusStateInitialised,
	.setup = fake_setup, .connect = fake_connect,
	.disconnect = fake_disconnect, .release = fake_release,
	/* clang-format on */
};

/* As netfront: Connected at once, netback waits for that. */
static const struct xenbus_driver net_like = {
	/* clang-format off */
	.name = "nettest", .type = "vif", .side = XENBUS_FRONTEND,
	.setup_state = XenbusStateConnected,
	.setup = fake_setup, .connect = fake_connect,
	.disconnect = fake_disconnect, .release = fake_release,
	/* clang-format on */
};

/* A back-end, as blkback or netback will be. */
static const struct xenbus_driver back_like = {
	/* clang-format off */
	.name = "backtest", .type = "vbd", .side = XENBUS_BACKEND,
	.connect = fake_connect,
	.disconnect = fake_disconnect, .release = fake_release,
	/* clang-format on */
};

static struct xenbus_device dev;

/* A device of drv as the device model hands it over: first state written, peer watched. */
static void start(const struct xenbus_driver *drv, enum xenbus_state peer_at_start)
{
	char path[64];

	memset(&dev, 0, sizeof(dev));
	memset(calls, 0, sizeof(calls));
	memset(written, 0, sizeof(written));
	nr_written = 0;
	errors_written = 0;
	setup_rc = connect_rc = write_rc = 0;
	sleeps = follow_after = 0;
	snprintf(dev.nodename, sizeof(dev.nodename), "device/%s/1", drv->type);
	snprintf(dev.otherend, sizeof(dev.otherend), "/local/domain/0/backend/%s/5/1", drv->type);
	dev.drv = drv;
	peer_rc = 0;
	peer_value = peer_at_start;
	CHECK_EQ(xenbus_switch_state(&dev, xenbus_handshake_first_state(drv)), 0);
	CHECK_EQ(xenbus_handshake_watch(&dev), 0);
	snprintf(path, sizeof(path), "/local/domain/0/backend/%s/5/1/state", drv->type);
	CHECK_STR(dev.otherend_watch.path, path);
}

#define CHECK_WRITTEN(...)                                                        \
	do {                                                                      \
		const int want[] = { __VA_ARGS__ };                               \
		CHECK_EQ(nr_written, sizeof(want) / sizeof(want[0]));             \
		for (unsigned int i = 0; i < sizeof(want) / sizeof(want[0]); i++) \
			CHECK_EQ(written[i], want[i]);                            \
	} while (0)

/* ---------------------------------------------------------------- front-ends */

/* blkback: InitWait, Connected once we are Initialised; xl block-detach: Closing, then Closed. */
static void test_front_blk_sequence(void)
{
	start(&blk_like, XenbusStateInitialising);
	CHECK_STR(calls, "");
	peer(XenbusStateInitWait);
	CHECK_STR(calls, "S");
	CHECK_EQ(dev.state, XenbusStateInitialised);
	CHECK(!dev.ready);
	peer(XenbusStateInitWait); /* the same value again: nothing */
	peer(XenbusStateConnected);
	CHECK_STR(calls, "SC");
	CHECK_EQ(dev.state, XenbusStateConnected);
	CHECK(dev.connected && dev.ready);
	peer(XenbusStateClosing);
	CHECK_STR(unit_last_log, "blktest: device/vbd/1: the backend is Closing; closing\n");
	/* Closed at once: the detach waits for it before the backend unmaps. */
	CHECK_STR(calls, "SCD");
	CHECK_EQ(dev.state, XenbusStateClosed);
	peer(XenbusStateClosed);
	CHECK_STR(calls, "SCDR");
	peer_gone(-ENOENT); /* then the toolstack removes both directories */
	CHECK_STR(calls, "SCDR");
	CHECK_WRITTEN(XenbusStateInitialising, XenbusStateInitialised, XenbusStateConnected,
		      XenbusStateClosed);
	CHECK_EQ(errors_written, 0);
}

/* netback: Connected only after we are; a backend Closed without Closing first. */
static void test_front_net_sequence(void)
{
	start(&net_like, XenbusStateInitWait); /* the backend was there first */
	CHECK_STR(calls, "S");
	CHECK_EQ(dev.state, XenbusStateConnected);
	CHECK(!dev.ready);
	peer(XenbusStateConnected);
	CHECK_STR(calls, "SC");
	CHECK(dev.connected && dev.ready);
	peer(XenbusStateClosed);
	CHECK_STR(calls, "SCDR");
	CHECK_WRITTEN(XenbusStateInitialising, XenbusStateConnected, XenbusStateClosed);
}

static void test_front_setup_fails(void)
{
	start(&blk_like, XenbusStateInitialising);
	setup_rc = -ENOMEM;
	peer(XenbusStateInitWait);
	CHECK_EQ(dev.state, XenbusStateClosing);
	CHECK_EQ(errors_written, 1);
	CHECK(dev.ready);	    /* the boot does not wait for it */
	peer(XenbusStateConnected); /* not for us: we never published */
	CHECK_STR(calls, "S");
	peer(XenbusStateClosing);
	CHECK_EQ(dev.state, XenbusStateClosed);
	peer(XenbusStateClosed);
	CHECK_STR(calls, "SDR");
	CHECK_WRITTEN(XenbusStateInitialising, XenbusStateClosing, XenbusStateClosed);
}

static void test_front_connect_fails(void)
{
	start(&blk_like, XenbusStateInitWait);
	connect_rc = -EINVAL;
	peer(XenbusStateConnected);
	CHECK_STR(calls, "SC");
	CHECK(!dev.connected && dev.ready);
	CHECK_EQ(dev.state, XenbusStateClosing);
	CHECK_EQ(errors_written, 1);
	CHECK_WRITTEN(XenbusStateInitialising, XenbusStateInitialised, XenbusStateClosing);
}

/* The backend's directory vanishes under a connected device: it closes as if the backend had. */
static void test_front_peer_gone(void)
{
	start(&blk_like, XenbusStateInitWait);
	peer(XenbusStateConnected);
	peer_gone(-EACCES); /* xenstored's answer once the directory is gone */
	CHECK_STR(unit_last_log, "blktest: device/vbd/1: the backend is gone; closing\n");
	CHECK_STR(calls, "SCDR");
	CHECK_EQ(dev.state, XenbusStateClosed);
	peer(XenbusStateInitWait); /* a new backend on the same path is not ours */
	CHECK_STR(calls, "SCDR");
}

/* Nothing before the backend's first state: a missing node is not a vanished one. */
static void test_front_peer_not_there_yet(void)
{
	start(&blk_like, XenbusStateUnknown);
	peer_gone(-ENOENT);
	CHECK_STR(calls, "");
	CHECK_EQ(dev.state, XenbusStateInitialising);
	peer(XenbusStateInitWait);
	CHECK_STR(calls, "S");
}

/* A state that is no state, or a read that fails: refused, logged, nothing changes. */
static void test_front_state_refused(void)
{
	start(&blk_like, XenbusStateInitWait);
	peer(XenbusStateConnected);
	peer(99);
	CHECK(strstr(unit_last_log, "state refused") != NULL);
	CHECK_STR(calls, "SC");
	CHECK_EQ(dev.state, XenbusStateConnected);
	CHECK_EQ(dev.otherend_state, XenbusStateConnected);
	peer_gone(-ETIMEDOUT);
	CHECK_STR(calls, "SC");
	peer(XenbusStateClosing);
	CHECK_STR(calls, "SCD");
}

/* Power-off: Closing, the backend follows, Closed; disconnect and release once. */
static void test_front_power_off(void)
{
	start(&net_like, XenbusStateInitWait);
	peer(XenbusStateConnected);
	follow_after = 3;
	xenbus_handshake_close(&dev);
	CHECK(watched == NULL);
	CHECK_EQ(sleeps, 3);
	CHECK_STR(calls, "SCDR");
	CHECK_WRITTEN(XenbusStateInitialising, XenbusStateConnected, XenbusStateClosing,
		      XenbusStateClosed);
}

/* A backend that never follows: Closed after 5 s anyway, with a warning. */
static void test_front_power_off_peer_stuck(void)
{
	start(&blk_like, XenbusStateInitWait);
	peer(XenbusStateConnected);
	now_ns = 0;
	xenbus_handshake_close(&dev);
	CHECK(now_ns >= 5 * NSEC_PER_SEC && now_ns < 6 * NSEC_PER_SEC);
	CHECK_STR(unit_last_log, "xenbus: device/vbd/1: backend still Connected after we closed\n");
	CHECK_EQ(dev.state, XenbusStateClosed);
	CHECK_STR(calls, "SCDR");
}

/* Detached before the power-off: nothing is written, and nothing is released twice. */
static void test_front_power_off_after_detach(void)
{
	start(&blk_like, XenbusStateInitWait);
	peer(XenbusStateConnected);
	peer(XenbusStateClosing);
	peer(XenbusStateClosed);
	nr_written = 0;
	xenbus_handshake_close(&dev);
	CHECK_EQ(nr_written, 0);
	CHECK_STR(calls, "SCDR");
}

/* A write to the store that fails: the device is refused, not half started. */
static void test_front_write_fails(void)
{
	start(&blk_like, XenbusStateInitialising);
	write_rc = -EIO;
	peer(XenbusStateInitWait);
	CHECK_STR(calls, "S");
	CHECK_EQ(dev.state, XenbusStateInitialising);
	CHECK(dev.ready);
	write_rc = 0;
	peer(XenbusStateConnected);
	CHECK_STR(calls, "S");
}

/* ---------------------------------------------------------------- back-ends */

/* The other side: InitWait, connect on the front-end's ring, close after it. */
static void test_back_sequence(void)
{
	start(&back_like, XenbusStateInitialising);
	CHECK_EQ(dev.state, XenbusStateInitWait);
	CHECK_STR(calls, "");
	peer(XenbusStateInitialised);
	CHECK_STR(calls, "C");
	CHECK_EQ(dev.state, XenbusStateConnected);
	peer(XenbusStateConnected); /* connected already */
	CHECK_STR(calls, "C");
	peer(XenbusStateClosing);
	CHECK_STR(unit_last_log, "backtest: device/vbd/1: the front-end is Closing; closing\n");
	CHECK_EQ(dev.state, XenbusStateClosing);
	CHECK_STR(calls, "CD");
	peer(XenbusStateClosed);
	CHECK_EQ(dev.state, XenbusStateClosed);
	CHECK_STR(calls, "CDR");
	CHECK_WRITTEN(XenbusStateInitWait, XenbusStateConnected, XenbusStateClosing,
		      XenbusStateClosed);
}

/* A front-end Connected without Initialised (netfront), then gone (its domain destroyed). */
static void test_back_net_front_gone(void)
{
	start(&back_like, XenbusStateInitialising);
	peer(XenbusStateConnected);
	CHECK_STR(calls, "C");
	peer_gone(-ENOENT);
	CHECK_STR(calls, "CDR");
	CHECK_EQ(dev.state, XenbusStateClosed);
}

/* The step alone: what each peer state asks of a front-end in each of its states. */
static void test_step_table(void)
{
	struct xenbus_device d = { .drv = &blk_like };

	d.state = XenbusStateInitialising;
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateInitWait), XENBUS_DO_SETUP);
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateConnected), 0);
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateReconfiguring), 0);
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateUnknown), 0);
	d.state = XenbusStateInitialised;
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateConnected), XENBUS_DO_CONNECT);
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateClosing),
		 XENBUS_DO_DISCONNECT | XENBUS_DO_CLOSED);
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateClosed),
		 XENBUS_DO_DISCONNECT | XENBUS_DO_CLOSED | XENBUS_DO_RELEASE);
	d.otherend_state = XenbusStateConnected;
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateUnknown),
		 XENBUS_DO_DISCONNECT | XENBUS_DO_CLOSED | XENBUS_DO_RELEASE);
	d.state = XenbusStateClosed;
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateClosing), 0);
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateClosed), XENBUS_DO_RELEASE);
	d.released = true;
	CHECK_EQ(xenbus_handshake_step(&d, XenbusStateClosed), 0);
	CHECK_STR(xenbus_state_name(XenbusStateInitWait), "InitWait");
	CHECK_STR(xenbus_state_name(42), "invalid");
}

static const struct unit_case cases[] = {
	{ "front_blk_sequence", test_front_blk_sequence },
	{ "front_net_sequence", test_front_net_sequence },
	{ "front_setup_fails", test_front_setup_fails },
	{ "front_connect_fails", test_front_connect_fails },
	{ "front_peer_gone", test_front_peer_gone },
	{ "front_peer_not_there_yet", test_front_peer_not_there_yet },
	{ "front_state_refused", test_front_state_refused },
	{ "front_power_off", test_front_power_off },
	{ "front_power_off_peer_stuck", test_front_power_off_peer_stuck },
	{ "front_power_off_after_detach", test_front_power_off_after_detach },
	{ "front_write_fails", test_front_write_fails },
	{ "back_sequence", test_back_sequence },
	{ "back_net_front_gone", test_back_net_front_gone },
	{ "step_table", test_step_table },
};
UNIT_MAIN(cases)
