/*
 * devpts: the nodes of the pty slaves, /dev/pts/N, and /dev/pts/ptmx.
 *
 * There is one instance. Every mount of devpts gets a root directory of
 * its own (for its ".." and its mount record), and all of them list the
 * same nodes. The nodes are inodes kept from the pair's first open of
 * /dev/ptmx until its master closes, so a chmod or chown of one (what an
 * old grantpt() does) holds. Opening a node goes to the pty driver
 * through the node's device number, as for any device node.
 *
 * Options, as Linux's: mode= (of new nodes, default 0600), gid= and uid=
 * (their owner; by default the opener's fsgid and fsuid), ptmxmode= (of
 * /dev/pts/ptmx, default 0000), max= (pairs at most) and newinstance,
 * which is accepted and means nothing here. Options a mount or remount
 * does not name keep their values, since the instance is shared.
 */
#define pr_fmt(fmt) "devpts: " fmt

#include <kernel/devpts.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/string.h>

#include "fs-internal.h"
#include "procfs-internal.h"
#include "pseudofs.h"

#define DEVPTS_SUPER_MAGIC 0x1cd1
#define DEFAULT_MODE	   0600
#define DEFAULT_PTMX_MODE  0000

struct devpts_root {
	struct inode vfs;
	struct inode *parent; /* its mount's directory (not referenced); NULL: itself */
};

struct devpts_opts {
	u32 mode, ptmxmode;
	u32 uid, gid;
	bool setuid, setgid;
	int max;
};

static struct devpts_opts opts = { DEFAULT_MODE, DEFAULT_PTMX_MODE, 0, 0, false, false, PTY_MAX };

/* The instance: its st_dev, /dev/pts/ptmx, and a node per pair (under the file-system lock). */
static u32 devpts_dev;
static struct inode *ptmx_node;
static struct inode *nodes[PTY_MAX];

static const struct inode_ops devpts_root_iops;
/* Directories are opened only to be listed. */
static const struct file_ops devpts_dir_fops;

static struct devpts_root *DR(struct inode *i)
{
	return container_of(i, struct devpts_root, vfs);
}

static struct inode *new_node(u32 mode, u32 rdev)
{
	struct inode *i = inode_alloc(mode);

	if (i) {
		i->rdev = rdev;
		i->dev = devpts_dev;
	}
	return i;
}

/* The instance comes with its first mount (the boot's, on /dev/pts). */
static bool instance_init(void)
{
	if (ptmx_node)
		return true;
	devpts_dev = fs_new_dev();
	ptmx_node = new_node(S_IFCHR | opts.ptmxmode, MKDEV(PTMX_MAJOR, PTMX_MINOR));
	return ptmx_node != NULL;
}

struct inode *devpts_new_root(void)
{
	struct devpts_root *r;

	if (!instance_init())
		return NULL;
	r = kzalloc(sizeof(*r));
	if (!r)
		return NULL;
	inode_init(&r->vfs, S_IFDIR | 0755);
	r->vfs.nlink = 2;
	r->vfs.dev = devpts_dev;
	r->vfs.iops = &devpts_root_iops;
	r->vfs.fops = &devpts_dir_fops;
	return &r->vfs;
}

void devpts_set_parent(struct inode *root, struct inode *parent)
{
	unsigned long flags = vfs_lock();

	DR(root)->parent = parent;
	vfs_unlock(flags);
}

bool inode_is_devpts(const struct inode *i)
{
	return devpts_dev && i->dev == devpts_dev;
}

u32 devpts_magic(void)
{
	return DEVPTS_SUPER_MAGIC;
}

/* ---------------------------------------------------------------- the pty driver's side */

int devpts_pty_new(int index)
{
	const struct cred *c = current_cred();
	struct inode *i, *old;
	unsigned long flags;

	if (index < 0 || index >= PTY_MAX)
		return -EINVAL;
	i = new_node(S_IFCHR | opts.mode, MKDEV(PTY_SLAVE_MAJOR, index));
	if (!i)
		return -ENOMEM;
	i->uid = opts.setuid ? opts.uid : c->fsuid;
	i->gid = opts.setgid ? opts.gid : c->fsgid;
	flags = vfs_lock();
	old = nodes[index];
	nodes[index] = i;
	vfs_unlock(flags);
	inode_put(old); /* none: the driver kills a node before it reuses the number */
	return 0;
}

void devpts_pty_kill(int index)
{
	struct inode *i = NULL;
	unsigned long flags;

	if (index < 0 || index >= PTY_MAX)
		return;
	flags = vfs_lock();
	i = nodes[index];
	nodes[index] = NULL;
	if (i)
		i->nlink = 0;
	vfs_unlock(flags);
	inode_put(i);
}

struct inode *devpts_pty_inode(int index)
{
	struct inode *i = NULL;
	unsigned long flags;

	if (index < 0 || index >= PTY_MAX)
		return NULL;
	flags = vfs_lock();
	i = inode_get(nodes[index]);
	vfs_unlock(flags);
	return i;
}

int devpts_max_ptys(void)
{
	return opts.max;
}

/* ---------------------------------------------------------------- the directory */

/* "N" with no sign, no leading zero, below PTY_MAX: the index; else -1. */
static int parse_index(const char *name, size_t len)
{
	int v = 0;

	if (!len || len > 4 || (len > 1 && name[0] == '0'))
		return -1;
	for (size_t k = 0; k < len; k++) {
		if (name[k] < '0' || name[k] > '9')
			return -1;
		v = v * 10 + (name[k] - '0');
	}
	return v < PTY_MAX ? v : -1;
}

static struct inode *devpts_lookup(struct inode *dir, const char *name, size_t len)
{
	struct inode *i = NULL;
	unsigned long flags;
	int index;

	if (name_is_dot(name, len))
		return inode_get(dir);
	flags = vfs_lock();
	if (name_is_dotdot(name, len))
		i = inode_get(DR(dir)->parent ? DR(dir)->parent : dir);
	else if (len == 4 && !memcmp(name, "ptmx", 4))
		i = inode_get(ptmx_node);
	else if ((index = parse_index(name, len)) >= 0)
		i = inode_get(nodes[index]);
	vfs_unlock(flags);
	return i ? i : ERR_PTR(-ENOENT);
}

/* Cookies: 0 ".", 1 "..", 2 "ptmx", 3 + N the node of pair N. */
static int devpts_readdir(struct inode *dir, u64 *cookie,
			  int (*emit)(void *ctx, const char *name, size_t len, u64 ino,
				      unsigned int type),
			  void *ctx)
{
	char name[8];
	unsigned long flags;
	u64 ino;

	if (*cookie == 0) {
		if (emit(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		*cookie = 1;
	}
	if (*cookie == 1) {
		flags = vfs_lock();
		ino = DR(dir)->parent ? DR(dir)->parent->ino : dir->ino;
		vfs_unlock(flags);
		if (emit(ctx, "..", 2, ino, DT_DIR))
			return 0;
		*cookie = 2;
	}
	if (*cookie == 2) {
		if (emit(ctx, "ptmx", 4, ptmx_node->ino, DT_CHR))
			return 0;
		*cookie = 3;
	}
	for (; *cookie < 3 + PTY_MAX; (*cookie)++) {
		int index = (int)(*cookie - 3), len;

		flags = vfs_lock();
		ino = nodes[index] ? nodes[index]->ino : 0;
		vfs_unlock(flags);
		if (!ino)
			continue;
		len = snprintf(name, sizeof(name), "%d", index);
		if (emit(ctx, name, len, ino, DT_CHR))
			return 0;
	}
	return 0;
}

static const struct inode_ops devpts_root_iops = {
	.lookup = devpts_lookup,
	.readdir = devpts_readdir,
};

/* ---------------------------------------------------------------- mount options */

static int parse_octal(const char *val, u32 *out)
{
	unsigned long long v;

	if (kstrtoull(val, 8, &v) || v > 0777)
		return -EINVAL;
	*out = (u32)v;
	return 0;
}

static int parse_dec(const char *val, unsigned long long max, u32 *out)
{
	unsigned long long v;

	if (kstrtoull(val, 10, &v) || v > max)
		return -EINVAL;
	*out = (u32)v;
	return 0;
}

/* All the options are checked before any is applied. */
int devpts_options(char *data)
{
	struct devpts_opts o = opts;
	char *opt = data, *next;
	u32 max = PTY_MAX;
	int err = 0;

	for (; opt && *opt && !err; opt = next) {
		char *val;

		next = strchr(opt, ',');
		if (next)
			*next++ = '\0';
		if (!*opt || !strcmp(opt, "newinstance"))
			continue;
		val = strchr(opt, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(opt, "mode")) {
			err = parse_octal(val, &o.mode);
		} else if (!strcmp(opt, "ptmxmode")) {
			err = parse_octal(val, &o.ptmxmode);
		} else if (!strcmp(opt, "uid")) {
			err = parse_dec(val, 0xfffffffeULL, &o.uid);
			o.setuid = true;
		} else if (!strcmp(opt, "gid")) {
			err = parse_dec(val, 0xfffffffeULL, &o.gid);
			o.setgid = true;
		} else if (!strcmp(opt, "max")) {
			err = parse_dec(val, 0x7fffffff, &max);
			o.max = (int)MIN(max, (u32)PTY_MAX);
		} else {
			err = -EINVAL;
		}
	}
	if (err)
		return err;
	opts = o;
	if (instance_init()) {
		unsigned long flags = vfs_lock();

		ptmx_node->mode = S_IFCHR | opts.ptmxmode;
		vfs_unlock(flags);
	}
	return 0;
}

/* For /proc/mounts, as Linux writes them. */
void devpts_show_options(struct proc_text *t)
{
	if (opts.setuid)
		proc_printf(t, ",uid=%u", opts.uid);
	if (opts.setgid)
		proc_printf(t, ",gid=%u", opts.gid);
	proc_printf(t, ",mode=%03o,ptmxmode=%03o", opts.mode, opts.ptmxmode);
	if (opts.max < PTY_MAX)
		proc_printf(t, ",max=%d", opts.max);
}
