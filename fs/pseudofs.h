/*
 * Synthetic trees (fs/pseudofs.c): the mechanism behind procfs and sysfs.
 *
 * A file system of this kind is a static table of nodes (directories,
 * files whose text is generated when they are opened, symlinks) plus, at
 * one place in the tree, a directory per object of a kind (a process, a
 * network interface), named and found through the type's key callbacks.
 * Nodes below such a keyed directory are shown once per key.
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

struct pfs_node {
	const char *name; /* NULL: the keyed directory, named by the type's key_name() */
	u16 id;		  /* its index in the type's table; 0 is the root */
	u16 parent;	  /* the id of its directory */
	u32 mode;	  /* S_IFDIR, S_IFREG or S_IFLNK, and the permission bits */
	/* Files: writes the text; 0, or -errno (-ENOENT: the keyed object is gone). */
	int (*show)(struct proc_text *t, long key);
	/* Symlinks: the target into buf; its length or -errno. */
	int (*readlink)(long key, char *buf, size_t size);
	/* Whether the node exists now (NULL: always), e.g. /sys/hypervisor only under Xen. */
	bool (*present)(long key);
};

struct pfs_type {
	const char *name;	      /* the file system's type name, as mount(2) takes it */
	const struct pfs_node *nodes; /* nodes[i].id == i; nodes[0] is the root */
	size_t nr_nodes;
	u64 ino_base; /* above anything ramfs counts to; distinct per type */
	u32 magic;    /* statfs's f_type, Linux's for the same file system */
	/* The keyed directory (the node whose name is NULL), if the table has one: */
	long (*key_next)(long from);			   /* the smallest existing key >= from, or -1 */
	int (*key_name)(long key, char *buf, size_t size); /* its directory's name; length */
	long (*key_lookup)(const char *name, size_t len);  /* the key so named, or -1 */
	bool (*key_valid)(long key);			   /* optional: a key that opens but key_next skips */
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
