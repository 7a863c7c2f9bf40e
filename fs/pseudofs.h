/*
 * Synthetic trees (fs/pseudofs.c): the mechanism behind procfs and sysfs.
 *
 * A file system of this kind is a static table of nodes (directories,
 * files whose text is generated when they are opened, symlinks) plus
 * keyed nodes: one entry per object of a kind (a process, a network
 * interface, a process's descriptors or threads), named and found through
 * the node's key callbacks. Nodes below a keyed directory are shown once
 * per key; a keyed node may sit below another one, and its keys then
 * carry the outer key too (/proc/PID/task/TID).
 *
 * Nothing is kept between lookups: each lookup makes a fresh inode whose
 * number is derived from the node and the key, so one file always has one
 * number. Every inode of an instance holds a reference to the instance's
 * root, which is how ".." finds the top and how umount tells a busy
 * instance: its root has more references than the mount's own.
 */
#ifndef FS_PSEUDOFS_H
#define FS_PSEUDOFS_H

#include <kernel/fs.h>
#include <kernel/procfs.h>
#include <kernel/types.h>

/*
 * The objects of a keyed node. Keys are >= 0 and, within one directory,
 * listed in increasing order; parent is the key of the directory they are
 * listed in (0 at the top).
 */
struct pfs_keys {
	long (*next)(long parent, long from);			   /* the smallest key >= from, or -1 */
	int (*name)(long key, char *buf, size_t size);		   /* its entry's name; length */
	long (*lookup)(long parent, const char *name, size_t len); /* the key so named, or -1 */
	bool (*valid)(long key);				   /* optional: whether it exists (may be one next() skips) */
	long (*parent)(long key);				   /* optional: the parent key (NULL: 0) */
};

struct pfs_node {
	const char *name; /* NULL: one entry per key, named by keys->name() */
	u16 id;		  /* its index in the type's table; 0 is the root */
	u16 parent;	  /* the id of its directory */
	u32 mode;	  /* S_IFDIR, S_IFREG or S_IFLNK, and the permission bits */
	/* Files: writes the text; 0, or -errno (-ENOENT: the keyed object is gone). */
	int (*show)(struct proc_text *t, long key);
	/* Symlinks: the target into buf; its length or -errno. */
	int (*readlink)(long key, char *buf, size_t size);
	/* Whether the node exists now (NULL: always), e.g. /sys/hypervisor only under Xen. */
	bool (*present)(long key);
	/* Keyed nodes (name NULL): their objects. */
	const struct pfs_keys *keys;
	/* Symlinks that stand for an open file (inode_ops.link_file): it, referenced, or ERR_PTR. */
	struct file *(*link_file)(long key);
	/*
	 * Files that are a driver's, not text (Linux's xenfs: /proc/xen/privcmd
	 * is the device): opened with the file ops of this character device
	 * (major << 8 | minor), and absent while no driver registered it.
	 */
	u32 chrdev;
};

struct pfs_type {
	const char *name;	      /* the file system's type name, as mount(2) takes it */
	const struct pfs_node *nodes; /* nodes[i].id == i; nodes[0] is the root */
	size_t nr_nodes;
	u64 ino_base; /* above anything ramfs counts to; distinct per type */
	u32 magic;    /* statfs's f_type, Linux's for the same file system */
};

/*
 * A new instance of type: its root directory, referenced. parent is what
 * its ".." names (the directory it is mounted in; NULL: itself), not
 * referenced: pfs_set_parent() changes it when the instance is mounted or
 * unmounted.
 */
struct inode *pfs_new_root(const struct pfs_type *type);
void pfs_set_parent(struct inode *root, struct inode *parent);
/* Whether i is the root of an instance of any pseudo file system. */
bool pfs_is_root(const struct inode *i);

/* Generated text (fs/pseudofs.c): the buffer grows up to PFS_TEXT_MAX. */
#define PFS_TEXT_MAX (64 * 1024)
struct proc_text {
	char *buf;
	size_t len, size;
};

#endif
