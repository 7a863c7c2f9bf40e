/*
 * Character devices: a registry from (major, minor) to file operations,
 * consulted when a device node is opened, so a driver may register after
 * its node exists. Also the memory devices /dev/null and /dev/zero, and
 * vfs_init(), which builds the skeleton of the root file system.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/blkdev.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "fs-internal.h"

#define MAX_CHRDEVS 16

struct chrdev {
	u32 dev;
	const char *name;
	const struct file_ops *ops;
	bool any_minor; /* dev names the major only */
};

static struct chrdev chrdevs[MAX_CHRDEVS];
static unsigned int nr_chrdevs;

static int chrdev_add(u32 major, u32 minor, bool any_minor, const char *name,
		      const struct file_ops *ops)
{
	u32 dev = MKDEV(major, minor);
	unsigned long flags;
	int err = 0;

	if (!ops || major > 0xfff || minor > 0xfffff)
		return -EINVAL;
	flags = vfs_lock();
	for (unsigned int i = 0; i < nr_chrdevs; i++) {
		if (chrdevs[i].dev == dev && chrdevs[i].any_minor == any_minor) {
			err = -EBUSY;
			goto out;
		}
	}
	err = -ENOSPC;
	if (nr_chrdevs == MAX_CHRDEVS)
		goto out;
	chrdevs[nr_chrdevs].dev = dev;
	chrdevs[nr_chrdevs].name = name;
	chrdevs[nr_chrdevs].ops = ops;
	chrdevs[nr_chrdevs].any_minor = any_minor;
	nr_chrdevs++;
	err = 0;
out:
	vfs_unlock(flags);
	if (err)
		pr_err("chrdev %u:%u (%s): cannot register: %d\n", major, minor,
		       name ? name : "?", err);
	return err;
}

int chrdev_register(u32 major, u32 minor, const char *name, const struct file_ops *ops)
{
	return chrdev_add(major, minor, false, name, ops);
}

int chrdev_register_major(u32 major, const char *name, const struct file_ops *ops)
{
	return chrdev_add(major, 0, true, name, ops);
}

/* A device of its own first, else its major's. */
const struct file_ops *chrdev_lookup(u32 rdev)
{
	for (unsigned int i = 0; i < nr_chrdevs; i++)
		if (chrdevs[i].dev == rdev && !chrdevs[i].any_minor)
			return chrdevs[i].ops;
	for (unsigned int i = 0; i < nr_chrdevs; i++)
		if (chrdevs[i].any_minor && MAJOR(chrdevs[i].dev) == MAJOR(rdev))
			return chrdevs[i].ops;
	return NULL;
}

static ssize_t null_read(struct file *f __unused, void *buf __unused, size_t n __unused,
			 u64 *pos __unused)
{
	return 0;
}

static ssize_t null_write(struct file *f __unused, const void *buf __unused, size_t n,
			  u64 *pos __unused)
{
	return n;
}

static ssize_t zero_read(struct file *f __unused, void *buf, size_t n, u64 *pos __unused)
{
	memset(buf, 0, n);
	return n;
}

static unsigned int always_ready(struct file *f __unused)
{
	return POLLIN | POLLOUT;
}

static const struct file_ops null_fops = {
	.read = null_read,
	.write = null_write,
	.poll = always_ready,
};

static const struct file_ops zero_fops = {
	.read = zero_read,
	.write = null_write,
	.poll = always_ready,
};

/*
 * Nodes drivers ask for (devnode_create). Drivers start in initcalls,
 * before vfs_init() builds the root, so what comes early waits here.
 */
#define MAX_DEVNODES 8

struct devnode {
	char path[48];
	u32 mode;
	u32 rdev;
};

static struct devnode devnodes[MAX_DEVNODES];
static unsigned int nr_devnodes;

/* The node and the directories above it that are missing; 0 if it is there already. */
static int make_devnode(const struct devnode *n)
{
	char dir[sizeof(n->path)];
	int rc;

	for (const char *s = strchr(n->path + 1, '/'); s; s = strchr(s + 1, '/')) {
		memcpy(dir, n->path, (size_t)(s - n->path));
		dir[s - n->path] = '\0';
		rc = vfs_mknod(NULL, dir, S_IFDIR | 0755, 0, NULL);
		if (rc && rc != -EEXIST)
			goto out;
	}
	rc = vfs_mknod(NULL, n->path, n->mode, n->rdev, NULL);
	if (rc == -EEXIST)
		rc = 0;
out:
	if (rc)
		pr_err("cannot create %s: %d\n", n->path, rc);
	return rc;
}

int devnode_create(const char *path, u32 mode, u32 rdev)
{
	struct devnode n = { .mode = mode, .rdev = rdev };

	if (path[0] != '/' || strlen(path) >= sizeof(n.path))
		return -EINVAL;
	strlcpy(n.path, path, sizeof(n.path));
	if (vfs_root())
		return make_devnode(&n);
	if (nr_devnodes == MAX_DEVNODES)
		return -ENOSPC;
	devnodes[nr_devnodes++] = n;
	return 0;
}

struct boot_node {
	const char *path;
	u32 mode;
	u32 rdev;
};

/*
 * The tty driver registers (5,0), (5,1) and (5,2) itself; the nodes exist
 * from boot. devpts is mounted on /dev/pts (fs/mount.c).
 */
static const struct boot_node boot_nodes[] = {
	{ "/dev", S_IFDIR | 0755, 0 },
	{ "/tmp", S_IFDIR | 01777, 0 },
	{ "/proc", S_IFDIR | 0755, 0 },
	{ "/sys", S_IFDIR | 0755, 0 },
	{ "/dev/null", S_IFCHR | 0666, MKDEV(1, 3) },
	{ "/dev/zero", S_IFCHR | 0666, MKDEV(1, 5) },
	{ "/dev/kmsg", S_IFCHR | 0644, MKDEV(1, 11) },
	{ "/dev/tty", S_IFCHR | 0666, MKDEV(5, 0) },
	{ "/dev/console", S_IFCHR | 0600, MKDEV(5, 1) },
	{ "/dev/ptmx", S_IFCHR | 0666, MKDEV(5, 2) },
	{ "/dev/pts", S_IFDIR | 0755, 0 },
	{ "/dev/shm", S_IFDIR | 01777, 0 },
};

void vfs_init(void)
{
	struct inode *root;
	int err;

	root = ramfs_new_root();
	if (!root) {
		pr_err("no memory for the root directory\n");
		return;
	}
	vfs_set_root(root);
	for (size_t i = 0; i < ARRAY_SIZE(boot_nodes); i++) {
		const struct boot_node *n = &boot_nodes[i];

		err = vfs_mknod(NULL, n->path, n->mode, n->rdev, NULL);
		if (err)
			pr_err("cannot create %s: %d\n", n->path, err);
	}
	chrdev_register(1, 3, "null", &null_fops);
	chrdev_register(1, 5, "zero", &zero_fops);

	blkdev_create_nodes(); /* disks that registered before the root existed */
	for (unsigned int i = 0; i < nr_devnodes; i++)
		make_devnode(&devnodes[i]); /* other drivers' nodes, likewise */

	mount_boot();
	pr_info("root file system ready: /dev, /dev/pts, /proc, /sys, /tmp\n");
}
