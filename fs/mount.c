/*
 * Mounts: mount(2) and umount2(2) of the file systems the kernel has
 * (tmpfs and ramfs, each mount a new RAM file system; proc; sysfs;
 * devpts, whose one instance every mount shows; xenfs under Xen), the
 * mount table, and its text for /proc/mounts.
 *
 * A mount point is an entry of a ramfs directory (the root file system or
 * a tmpfs): mounting makes the entry name the new file system's root, and
 * the directory it named waits in the mount record until umount puts it
 * back (ramfs_cover()). Path lookup needs nothing special, and ".." at the
 * mounted root leads to the directory holding the entry. What this cannot
 * do: cover "/" itself, mount on a directory of procfs or sysfs, bind or
 * move mounts, or propagate them (there is one mount namespace and every
 * mount is private).
 *
 * Mount flags are accepted only where the file system honours them: a
 * RAM file system updates access times on every read (strictatime) and
 * keeps nosuid, nodev and noexec (checked for every mount, below), and
 * nothing in procfs or sysfs can be written, executed or opened as a
 * device, so "ro,nosuid,nodev,noexec" hold there. Anything else is EINVAL.
 */
#define pr_fmt(fmt) "mount: " fmt

#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"
#include "procfs-internal.h"
#include "pseudofs.h"

/* mount(2) flags (Linux's MS_* values). */
#define MS_RDONLY      0x1
#define MS_NOSUID      0x2
#define MS_NODEV       0x4
#define MS_NOEXEC      0x8
#define MS_REMOUNT     0x20
#define MS_NOATIME     0x400
#define MS_NODIRATIME  0x800
#define MS_BIND	       0x1000
#define MS_MOVE	       0x2000
#define MS_REC	       0x4000
#define MS_SILENT      0x8000
#define MS_UNBINDABLE  0x20000
#define MS_PRIVATE     0x40000
#define MS_SLAVE       0x80000
#define MS_SHARED      0x100000
#define MS_RELATIME    0x200000
#define MS_STRICTATIME 0x1000000
#define MS_NOUSER      0x80000000UL
#define MS_MGC_VAL     0xc0ed0000UL /* the old magic in the top half: ignored */
#define MS_MGC_MSK     0xffff0000UL
#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* umount2(2) flags. */
#define MNT_FORCE	0x1
#define MNT_DETACH	0x2
#define MNT_EXPIRE	0x4
#define UMOUNT_NOFOLLOW 0x8

/* How long a source name or an option string may be. */
#define MOUNT_STR_MAX 256

struct fs_type {
	const char *name;
	struct inode *(*new_root)(void);
	bool ram;	     /* a ramfs instance: busy if any inode below is in use */
	unsigned long flags; /* the MS_* flags it honours (with MS_REMOUNT and MS_SILENT) */
	/* Where ".." at the root leads, for the synthetic ones (not ram). */
	void (*set_parent)(struct inode *root, struct inode *parent);
	/* Its own options (NULL: a ram type's mode=, uid=, gid=, or none); 0 or -EINVAL. */
	int (*options)(char *data);
	void (*show_options)(struct proc_text *t);
	/* Whether it exists on this machine (NULL: always); ENODEV otherwise, as an unknown type. */
	bool (*available)(void);
};

#define PSEUDO_FLAGS \
	(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME)
/* A RAM file system is never read-only; /dev/shm is nosuid,nodev as on Linux. */
#define RAM_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_STRICTATIME)

/*
 * nosuid, noexec and nodev are honoured where they matter: execve ignores
 * set-id bits on a nosuid mount and refuses a noexec one, open refuses
 * device nodes on a nodev one (fs/permission.c, inode_mount_flags()).
 */
static const struct fs_type fs_types[] = {
	{ .name = "sysfs", .new_root = sysfs_new_root, .flags = PSEUDO_FLAGS, .set_parent = pfs_set_parent },
	{ .name = "tmpfs", .new_root = ramfs_new_root, .ram = true, .flags = RAM_FLAGS },
	{ .name = "proc", .new_root = procfs_new_root, .flags = PSEUDO_FLAGS, .set_parent = pfs_set_parent },
	{ .name = "ramfs", .new_root = ramfs_new_root, .ram = true, .flags = RAM_FLAGS },
	/* Its nodes are devices: nodev would make it useless, and Linux's is rw. */
	{ .name = "devpts", .new_root = devpts_new_root, .flags = PSEUDO_FLAGS & ~(MS_RDONLY | MS_NODEV), .set_parent = devpts_set_parent, .options = devpts_options, .show_options = devpts_show_options },
	/* /proc/xen's files where it is mounted (fs/procfs.c); a type only under Xen. */
	{ .name = "xenfs", .new_root = xenfs_new_root, .flags = PSEUDO_FLAGS, .set_parent = pfs_set_parent, .available = xenfs_available },
};

static const char *const fs_names[] = { "sysfs", "tmpfs", "proc", "ramfs", "devpts", "xenfs", NULL };

const char *const *mount_fs_names(void)
{
	return fs_names;
}

static const struct fs_type rootfs_type = {
	.name = "rootfs", .ram = true, .flags = MS_NOSUID | MS_STRICTATIME
};

struct mount {
	struct list_head list;
	const struct fs_type *type;
	char source[MOUNT_STR_MAX];
	unsigned long flags; /* MS_* shown in /proc/mounts */
	struct inode *root;  /* referenced */
	/* Where: the entry called name of the ramfs directory dir, which named covered. */
	struct inode *dir;     /* referenced; NULL for "/" */
	struct inode *covered; /* referenced */
	char name[NAME_MAX + 1];
	bool expiring; /* umount2(MNT_EXPIRE) asked once */
};

/* The mounts in the order they were made; changed with the file system lock held. */
static LIST_HEAD(mounts);

static struct mount *mount_of_root(const struct inode *root)
{
	struct mount *m;

	list_for_each_entry(m, &mounts, list)
		if (m->root == root)
			return m;
	return NULL;
}

static void mount_free(struct mount *m)
{
	if (!m)
		return;
	inode_put(m->root);
	inode_put(m->dir);
	inode_put(m->covered);
	kfree(m);
}

/* ---------------------------------------------------------------- /proc/mounts */

/* Writes s with the characters fstab cannot hold as octal escapes, as Linux does. */
static void put_escaped(struct proc_text *t, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			proc_printf(t, "\\%03o", (unsigned char)*s);
		else
			proc_putc(t, *s);
	}
}

struct mount_line {
	const struct fs_type *type;
	char source[MOUNT_STR_MAX];
	unsigned long flags;
	u32 mode, uid, gid; /* the root's, for a tmpfs */
	struct inode *dir;  /* referenced */
	char name[NAME_MAX + 1];
};

static void show_line(struct proc_text *t, const struct mount_line *l, char *path)
{
	static const struct {
		unsigned long flag;
		const char *name;
	} opts[] = {
		{ MS_NOSUID, ",nosuid" },
		{ MS_NODEV, ",nodev" },
		{ MS_NOEXEC, ",noexec" },
		{ MS_NOATIME, ",noatime" },
		{ MS_NODIRATIME, ",nodiratime" },
		{ MS_RELATIME, ",relatime" },
	};
	int n = l->dir ? vfs_path_of(l->dir, path, PATH_MAX) : 0;

	if (n < 0)
		return; /* its directory is no longer reachable */
	put_escaped(t, l->source);
	proc_putc(t, ' ');
	if (!l->dir) {
		proc_putc(t, '/');
	} else {
		if (strcmp(path, "/"))
			put_escaped(t, path);
		proc_putc(t, '/');
		put_escaped(t, l->name);
	}
	proc_printf(t, " %s %s", l->type->name, l->flags & MS_RDONLY ? "ro" : "rw");
	for (size_t k = 0; k < ARRAY_SIZE(opts); k++)
		if (l->flags & opts[k].flag)
			proc_printf(t, "%s", opts[k].name);
	if (l->type->ram && l->dir && (l->mode & 07777) != 01777)
		proc_printf(t, ",mode=%o", l->mode & 07777);
	if (l->type->ram && l->uid)
		proc_printf(t, ",uid=%u", l->uid);
	if (l->type->ram && l->gid)
		proc_printf(t, ",gid=%u", l->gid);
	if (l->type->show_options)
		l->type->show_options(t);
	proc_printf(t, " 0 0\n");
}

/*
 * The table is copied under the lock, then formatted without it: finding
 * a directory's path takes lookups of its own.
 */
int proc_mounts(struct proc_text *t, long key __unused)
{
	struct mount_line *lines = NULL;
	struct mount *m;
	unsigned long flags;
	size_t n, room = 0;
	char *path = kmalloc(PATH_MAX);
	int err = -ENOMEM;

	if (!path)
		goto out;
	for (;;) {
		n = 0;
		flags = vfs_lock();
		list_for_each_entry(m, &mounts, list)
			n++;
		if (n <= room)
			break;
		vfs_unlock(flags);
		kfree(lines);
		room = n + 4;
		lines = kmalloc(room * sizeof(*lines));
		if (!lines)
			goto out;
	}
	n = 0;
	list_for_each_entry(m, &mounts, list) {
		struct mount_line *l = &lines[n++];

		l->type = m->type;
		memcpy(l->source, m->source, sizeof(l->source));
		l->flags = m->flags;
		l->mode = m->root->mode;
		l->uid = m->root->uid;
		l->gid = m->root->gid;
		l->dir = inode_get(m->dir);
		memcpy(l->name, m->name, sizeof(l->name));
	}
	vfs_unlock(flags);
	for (size_t i = 0; i < n; i++) {
		show_line(t, &lines[i], path);
		inode_put(lines[i].dir);
	}
	err = 0;
out:
	kfree(lines);
	kfree(path);
	return err;
}

/* ---------------------------------------------------------------- mounting */

struct entry_search {
	u64 ino;
	char *name;
	bool found;
};

static int match_entry(void *ctx, const char *name, size_t len, u64 ino, unsigned int type __unused)
{
	struct entry_search *s = ctx;

	if (ino != s->ino || name_is_dot(name, len) || name_is_dotdot(name, len) || len > NAME_MAX)
		return 0;
	memcpy(s->name, name, len);
	s->name[len] = '\0';
	s->found = true;
	return 1;
}

/* The name of dir's entry for child. */
static int entry_name(struct inode *dir, struct inode *child, char name[NAME_MAX + 1])
{
	struct entry_search s = { child->ino, name, false };
	u64 cookie = 0;

	if (!dir->iops || !dir->iops->readdir)
		return -EINVAL;
	dir->iops->readdir(dir, &cookie, match_entry, &s);
	return s.found ? 0 : -ENOENT;
}

struct mount_opts {
	u32 mode, uid, gid;
};

/* "mode=1777,uid=0,gid=0" for a RAM file system; nothing for the others. */
static int parse_options(const struct fs_type *type, char *data, struct mount_opts *o)
{
	char *opt = data, *next;

	if (type->options)
		return type->options(data);
	for (; opt && *opt; opt = next) {
		unsigned long long v;
		char *val;

		next = strchr(opt, ',');
		if (next)
			*next++ = '\0';
		if (!*opt)
			continue;
		val = strchr(opt, '=');
		if (!type->ram || !val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(opt, "mode")) {
			if (kstrtoull(val, 8, &v) || v > 07777)
				return -EINVAL;
			o->mode = (u32)v;
		} else if (!strcmp(opt, "uid") || !strcmp(opt, "gid")) {
			if (kstrtoull(val, 10, &v) || v > 0xfffffffeULL)
				return -EINVAL;
			*(opt[0] == 'u' ? &o->uid : &o->gid) = (u32)v;
		} else {
			return -EINVAL; /* size= and nr_inodes= among them: no limits are kept */
		}
	}
	return 0;
}

static void apply_options(struct inode *root, const struct mount_opts *o)
{
	unsigned long flags = vfs_lock();

	root->mode = (root->mode & S_IFMT) | o->mode;
	root->uid = o->uid;
	root->gid = o->gid;
	vfs_unlock(flags);
}

static const struct fs_type *find_type(const char *name)
{
	for (size_t k = 0; k < ARRAY_SIZE(fs_types); k++)
		if (!strcmp(fs_types[k].name, name))
			return !fs_types[k].available || fs_types[k].available() ? &fs_types[k] : NULL;
	return NULL;
}

bool mount_fs_available(const char *name)
{
	return find_type(name) != NULL;
}

/* A new instance of type on the directory dir (referenced by the caller). */
static int do_new_mount(struct inode *dir, const char *typename, const char *source,
			unsigned long flags, char *data)
{
	struct mount_opts opts = { 01777, 0, 0 };
	const struct fs_type *type;
	struct inode *parent = NULL;
	struct mount *m = NULL;
	unsigned long lock;
	int err;

	err = -EINVAL;
	if (!typename)
		goto out;
	err = -ENODEV;
	type = find_type(typename);
	if (!type)
		goto out;
	err = -EINVAL;
	if (flags & ~(type->flags | MS_SILENT))
		goto out;
	err = -ENOTDIR;
	if (!S_ISDIR(dir->mode))
		goto out;
	err = parse_options(type, data, &opts);
	if (err)
		goto out;
	parent = dir->iops->lookup(dir, "..", 2);
	if (IS_ERR(parent)) {
		err = PTR_ERR(parent);
		parent = NULL;
		goto out;
	}
	err = -EBUSY;
	if (parent == dir)
		goto out; /* "/": no entry to cover */
	err = -EINVAL;
	if (!ramfs_is_dir(parent))
		goto out; /* mount points live in RAM file systems */
	err = -ENOMEM;
	m = kzalloc(sizeof(*m));
	if (!m)
		goto out;
	err = entry_name(parent, dir, m->name);
	if (err)
		goto out;
	m->type = type;
	strlcpy(m->source, source ? source : "none", sizeof(m->source));
	m->flags = flags & type->flags;
	err = -ENOMEM;
	m->root = type->new_root();
	if (!m->root)
		goto out;
	if (type->ram)
		apply_options(m->root, &opts);
	else
		type->set_parent(m->root, parent);
	m->dir = inode_get(parent);
	lock = vfs_lock();
	err = ramfs_cover(parent, dir, m->root, &m->covered);
	if (!err)
		list_add_tail(&m->list, &mounts);
	vfs_unlock(lock);
	if (!err)
		m = NULL;
out:
	mount_free(m);
	inode_put(parent);
	return err;
}

/* MS_REMOUNT: new flags (and, for a RAM file system, options) for the mount whose root is dir. */
static int do_remount(struct inode *dir, unsigned long flags, char *data)
{
	struct mount_opts opts = { dir->mode & 07777, dir->uid, dir->gid };
	unsigned long lock;
	struct mount *m;
	int err = -EINVAL;

	lock = vfs_lock();
	m = mount_of_root(dir);
	vfs_unlock(lock);
	if (!m || (flags & ~(m->type->flags | MS_REMOUNT | MS_SILENT)))
		return err;
	err = parse_options(m->type, data, &opts);
	if (err)
		return err;
	lock = vfs_lock();
	if (mount_of_root(dir) == m) {
		m->flags = flags & m->type->flags;
		if (m->type->ram)
			apply_options(dir, &opts);
	}
	vfs_unlock(lock);
	return 0;
}

/*
 * MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE: one at a time, on a
 * mount's root. Mounts are never propagated here, so every mount already
 * is private; the other kinds are not supported.
 */
static int do_change_type(struct inode *dir, unsigned long flags)
{
	unsigned long kind = flags & MS_PROPAGATION, lock;
	bool is_mount;

	lock = vfs_lock();
	is_mount = mount_of_root(dir) != NULL;
	vfs_unlock(lock);
	if (!is_mount || (flags & ~(MS_PROPAGATION | MS_REC | MS_SILENT)) || (kind & (kind - 1)))
		return -EINVAL;
	return kind == MS_PRIVATE ? 0 : -EINVAL;
}

/* A user string into a kmalloc'd buffer of max bytes; NULL stays NULL. */
static int copy_string(unsigned long ustr, size_t max, bool cut, char **out)
{
	char *buf;
	long n;

	*out = NULL;
	if (!ustr)
		return 0;
	buf = kmalloc(max);
	if (!buf)
		return -ENOMEM;
	n = strncpy_from_user(buf, (const char *)ustr, max);
	if (n == -ENAMETOOLONG && cut) {
		buf[max - 1] = '\0'; /* options are one page at most, as Linux reads them */
		n = 0;
	}
	if (n < 0) {
		kfree(buf);
		return n == -ENAMETOOLONG ? -EINVAL : (int)n;
	}
	*out = buf;
	return 0;
}

static long sys_mount(unsigned long usource, unsigned long utarget, unsigned long utype,
		      unsigned long flags, unsigned long udata)
{
	char *source = NULL, *target = NULL, *type = NULL, *data = NULL;
	struct inode *dir = NULL;
	int err;

	err = copy_string(utype, MOUNT_STR_MAX, false, &type);
	if (!err)
		err = copy_string(usource, MOUNT_STR_MAX, false, &source);
	if (!err)
		err = copy_string(udata, PAGE_SIZE, true, &data);
	if (err)
		goto out;
	target = getname((const char *)utarget, false, &err);
	if (!target)
		goto out;
	dir = path_lookup(target, true);
	if (IS_ERR(dir)) {
		err = PTR_ERR(dir);
		dir = NULL;
		goto out;
	}
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	err = -EINVAL;
	if (flags & MS_NOUSER)
		goto out;
	/* Root's (CAP_SYS_ADMIN), once the target is found, as Linux checks it. */
	err = -EPERM;
	if (!capable(CAP_SYS_ADMIN))
		goto out;
	if (flags & MS_REMOUNT)
		err = (flags & MS_BIND) ? -EINVAL : do_remount(dir, flags, data);
	else if (flags & (MS_BIND | MS_MOVE))
		err = -EINVAL; /* bind and move mounts are not supported */
	else if (flags & MS_PROPAGATION)
		err = do_change_type(dir, flags);
	else
		err = do_new_mount(dir, type, source, flags, data);
out:
	inode_put(dir);
	kfree(target);
	kfree(data);
	kfree(source);
	kfree(type);
	return err;
}
SYSCALL(__NR_mount, mount, sys_mount);

/*
 * In use: its root has references beyond the covering entry's, the
 * record's and the caller's lookup (a working directory, an open file, a
 * procfs inode of this instance), or, for a RAM file system, something
 * below it has.
 */
static bool mount_busy(const struct mount *m)
{
	return m->root->refcount > 3 || (m->type->ram && ramfs_busy(m->root));
}

static long sys_umount2(unsigned long utarget, unsigned long flags)
{
	struct inode *root = NULL;
	struct mount *m = NULL;
	unsigned long lock;
	char *target;
	int err = -EINVAL;

	if (flags & ~(unsigned long)(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return err;
	target = getname((const char *)utarget, false, &err);
	if (!target)
		return err;
	root = path_lookup(target, !(flags & UMOUNT_NOFOLLOW));
	kfree(target);
	if (IS_ERR(root))
		return PTR_ERR(root);
	/* Root's (CAP_SYS_ADMIN), before it is even asked whether this is a mount. */
	if (!capable(CAP_SYS_ADMIN)) {
		inode_put(root);
		return -EPERM;
	}
	lock = vfs_lock();
	m = mount_of_root(root);
	if (!m)
		err = -EINVAL; /* not a mount point */
	else if (!m->dir)
		err = -EBUSY; /* the root file system stays */
	else if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		err = -EINVAL;
	else if (!(flags & MNT_DETACH) && mount_busy(m))
		err = -EBUSY;
	else if ((flags & MNT_EXPIRE) && !m->expiring)
		err = -EAGAIN; /* marked: the next MNT_EXPIRE takes it if still unused */
	else
		err = ramfs_uncover(m->dir, m->root, m->covered);
	if (m && err == -EAGAIN)
		m->expiring = true;
	if (!err) {
		/* MNT_DETACH: whoever is still inside finds ".." at the top. */
		if (!m->type->ram)
			m->type->set_parent(m->root, NULL);
		m->covered = NULL; /* the entry has it back */
		list_del(&m->list);
	} else {
		m = NULL;
	}
	vfs_unlock(lock);
	mount_free(m);
	inode_put(root);
	return err;
}
SYSCALL(__NR_umount2, umount2, sys_umount2);

/* ---------------------------------------------------------------- statfs, statx */

#define ST_RELATIME 0x1000

unsigned long mount_st_flags(u32 dev)
{
	unsigned long flags = vfs_lock(), st = 0;
	struct mount *m;

	list_for_each_entry(m, &mounts, list) {
		if (m->root->dev != dev)
			continue;
		/* The ST_* bits are the MS_* ones, but for relatime. */
		st = m->flags & ~MS_RELATIME;
		if (m->flags & MS_RELATIME)
			st |= ST_RELATIME;
		break;
	}
	vfs_unlock(flags);
	return st;
}

bool mount_is_root(const struct inode *ino)
{
	unsigned long flags = vfs_lock();
	bool root = mount_of_root(ino) != NULL;

	vfs_unlock(flags);
	return root;
}

/* ---------------------------------------------------------------- boot */

static void boot_mount(const char *path, const char *type, unsigned long flags, const char *opts)
{
	struct inode *dir = path_lookup(path, true);
	char data[64];
	int err;

	strlcpy(data, opts, sizeof(data)); /* parsing cuts it up */
	err = IS_ERR(dir) ? (int)PTR_ERR(dir) : do_new_mount(dir, type, type, flags, data);

	if (!IS_ERR(dir))
		inode_put(dir);
	if (err)
		pr_err("cannot mount %s on %s: %d\n", type, path, err);
}

void mount_boot(void)
{
	struct mount *m = kzalloc(sizeof(*m));
	unsigned long flags;

	if (!m) {
		pr_err("no memory for the mount table\n");
		return;
	}
	m->type = &rootfs_type;
	strlcpy(m->source, "rootfs", sizeof(m->source));
	m->root = inode_get(vfs_root());
	flags = vfs_lock();
	list_add_tail(&m->list, &mounts);
	vfs_unlock(flags);
	boot_mount("/proc", "proc", 0, "");
	boot_mount("/sys", "sysfs", 0, "");
	/* As Debian's initramfs mounts it: slaves in group tty, ptmx through /dev/ptmx. */
	boot_mount("/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=620,ptmxmode=000");
	/* POSIX shared memory: shm_open() makes its files here. */
	boot_mount("/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
}
