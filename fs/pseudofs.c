/*
 * Synthetic trees: the inodes, lookup, listing and generated text that
 * procfs and sysfs share (fs/pseudofs.h says how a tree is described).
 *
 * An inode is made afresh on every lookup. Its number is the type's base,
 * the key (a pid, an interface index; 0 above the keyed directories; its
 * low 32 bits) and the node's id, so getcwd() finds a directory again in its parent's
 * listing. A file's text is generated when it is opened, into a buffer the
 * open file keeps, so a reader sees one snapshot however it reads.
 */
#define pr_fmt(fmt) "pseudofs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/string.h>

#include "fs-internal.h"
#include "pseudofs.h"

#define KEY_SHIFT  16	      /* bits 0-15 the node id, 16-47 the key */
#define KEY_COOKIE 0x10000ULL /* listing positions of keyed directories: KEY_COOKIE + key */
#define TEXT_FIRST 4096

struct pfs_inode {
	struct inode vfs;
	const struct pfs_type *type;
	const struct pfs_node *node;
	long key;
	struct inode *root;   /* the instance's root, referenced; NULL for the root itself */
	struct inode *parent; /* the root's "..": its mount's directory (not referenced) */
};

static const struct inode_ops pfs_dir_iops;
static const struct inode_ops pfs_file_iops;
static const struct inode_ops pfs_link_iops;
static const struct inode_ops pfs_file_link_iops;
static const struct file_ops pfs_dir_fops;
static const struct file_ops pfs_file_fops;

static inline struct pfs_inode *PI(struct inode *i)
{
	return container_of(i, struct pfs_inode, vfs);
}

static bool is_pfs(const struct inode *i)
{
	return i->iops == &pfs_dir_iops || i->iops == &pfs_file_iops || i->iops == &pfs_link_iops ||
	       i->iops == &pfs_file_link_iops;
}

u32 pfs_magic(const struct inode *i)
{
	return i && is_pfs(i) ? PI((struct inode *)i)->type->magic : 0;
}

bool pfs_is_root(const struct inode *i)
{
	return i && is_pfs(i) && PI((struct inode *)i)->node->id == 0;
}

static struct inode *instance_root(struct inode *i)
{
	return PI(i)->root ? PI(i)->root : i;
}

/* The keyed node n is or lies below (its inodes carry that node's keys), or NULL. */
static const struct pfs_node *key_owner(const struct pfs_type *type, const struct pfs_node *n)
{
	while (n->id != 0) {
		if (!n->name)
			return n;
		n = &type->nodes[n->parent];
	}
	return NULL;
}

static bool keyed(const struct pfs_type *type, const struct pfs_node *n)
{
	return key_owner(type, n) != NULL;
}

/* The key of the directory a keyed node's entry key is listed in. */
static long parent_key(const struct pfs_node *kn, long key)
{
	return kn->keys->parent ? kn->keys->parent(key) : 0;
}

/* Whether the objects behind node n's key (and so the node) still exist. */
static bool key_exists(const struct pfs_type *type, const struct pfs_node *n, long key)
{
	const struct pfs_node *kn = key_owner(type, n);

	if (!kn)
		return true;
	if (kn->keys->valid)
		return kn->keys->valid(key);
	return kn->keys->next(parent_key(kn, key), key) == key;
}

/* The key the directory holding n has. */
static long up_key(const struct pfs_node *n, long key)
{
	return n->name ? key : parent_key(n, key);
}

static bool node_present(const struct pfs_node *n, long key)
{
	if (n->chrdev && !chrdev_lookup(n->chrdev))
		return false;
	return !n->present || n->present(key);
}

static struct inode *make_inode(struct inode *root, const struct pfs_node *n, long key)
{
	const struct pfs_type *type = PI(root)->type;
	struct pfs_inode *pi = kzalloc(sizeof(*pi));
	struct inode *i;

	if (!pi)
		return ERR_PTR(-ENOMEM);
	i = &pi->vfs;
	inode_init(i, n->mode);
	pi->type = type;
	pi->node = n;
	pi->key = key;
	pi->root = inode_get(root);
	i->dev = root->dev;
	i->ino = type->ino_base | ((u64)(u32)key << KEY_SHIFT) | n->id;
	if (S_ISDIR(n->mode)) {
		i->nlink = 2;
		i->iops = &pfs_dir_iops;
		i->fops = &pfs_dir_fops;
	} else if (S_ISLNK(n->mode)) {
		i->iops = n->link_file ? &pfs_file_link_iops : &pfs_link_iops;
	} else if (n->chrdev) {
		i->iops = &pfs_file_iops;
		i->fops = chrdev_lookup(n->chrdev);
		i->rdev = n->chrdev;
	} else {
		i->iops = &pfs_file_iops;
		i->fops = &pfs_file_fops;
	}
	return i;
}

struct inode *pfs_new_root(const struct pfs_type *type)
{
	struct pfs_inode *pi = kzalloc(sizeof(*pi));
	struct inode *i;

	if (!pi)
		return NULL;
	i = &pi->vfs;
	inode_init(i, type->nodes[0].mode);
	pi->type = type;
	pi->node = &type->nodes[0];
	i->ino = type->ino_base;
	i->dev = fs_new_dev();
	i->nlink = 2;
	i->iops = &pfs_dir_iops;
	i->fops = &pfs_dir_fops;
	return i;
}

void pfs_set_parent(struct inode *root, struct inode *parent)
{
	unsigned long flags = vfs_lock();

	PI(root)->parent = parent;
	vfs_unlock(flags);
}

/* ---------------------------------------------------------------- directories */

static struct inode *pfs_lookup(struct inode *dir, const char *name, size_t len)
{
	struct pfs_inode *pd = PI(dir);
	const struct pfs_type *type = pd->type;
	struct inode *root = instance_root(dir);
	const struct pfs_node *parent;
	unsigned long flags;

	if (name_is_dot(name, len))
		return inode_get(dir);
	if (name_is_dotdot(name, len)) {
		if (!pd->root) {
			struct inode *up;

			flags = vfs_lock();
			up = inode_get(pd->parent ? pd->parent : dir);
			vfs_unlock(flags);
			return up;
		}
		parent = &type->nodes[pd->node->parent];
		if (parent->id == 0)
			return inode_get(root);
		return make_inode(root, parent, keyed(type, parent) ? up_key(pd->node, pd->key) : 0);
	}
	/* The keyed object this directory belongs to may have gone since. */
	if (!key_exists(type, pd->node, pd->key))
		return ERR_PTR(-ENOENT);
	for (size_t k = 1; k < type->nr_nodes; k++) {
		const struct pfs_node *n = &type->nodes[k];
		long key;

		if (n->parent != pd->node->id)
			continue;
		if (!n->name) {
			key = n->keys->lookup(pd->key, name, len);
			if (key >= 0)
				return make_inode(root, n, key);
			continue;
		}
		if (strlen(n->name) == len && !memcmp(n->name, name, len) &&
		    node_present(n, pd->key))
			return make_inode(root, n, pd->key);
	}
	return ERR_PTR(-ENOENT);
}

static int pfs_readdir(struct inode *dir, u64 *cookie,
		       int (*emit)(void *ctx, const char *name, size_t len, u64 ino,
				   unsigned int type),
		       void *ctx)
{
	struct pfs_inode *pd = PI(dir);
	const struct pfs_type *type = pd->type;
	const struct pfs_node *keyed_node = NULL;
	u64 up_ino = dir->ino;
	char name[32];

	if (*cookie == 0) {
		if (emit(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		*cookie = 1;
	}
	if (*cookie == 1) {
		if (!pd->root) {
			unsigned long flags = vfs_lock();

			if (pd->parent)
				up_ino = pd->parent->ino;
			vfs_unlock(flags);
		} else {
			const struct pfs_node *p = &type->nodes[pd->node->parent];

			long up = keyed(type, p) ? up_key(pd->node, pd->key) : 0;

			up_ino = type->ino_base | (u64)(u32)up << KEY_SHIFT | p->id;
		}
		if (emit(ctx, "..", 2, up_ino, DT_DIR))
			return 0;
		*cookie = 2;
	}
	/* Cookie 2 + k: the table's node k, in table order. */
	for (; *cookie < 2 + type->nr_nodes; (*cookie)++) {
		const struct pfs_node *n = &type->nodes[*cookie - 2];

		if (n->id == 0 || n->parent != pd->node->id)
			continue;
		if (!n->name) {
			keyed_node = n;
			continue;
		}
		if (!node_present(n, pd->key))
			continue;
		if (emit(ctx, n->name, strlen(n->name),
			 type->ino_base | (u64)(u32)pd->key << KEY_SHIFT | n->id, IFTODT(n->mode)))
			return 0;
	}
	if (!keyed_node) {
		for (size_t k = 1; k < type->nr_nodes; k++)
			if (!type->nodes[k].name && type->nodes[k].parent == pd->node->id)
				keyed_node = &type->nodes[k];
	}
	if (!keyed_node)
		return 0;
	if (*cookie < KEY_COOKIE)
		*cookie = KEY_COOKIE;
	/* Objects come and go: find the next key afresh every time. */
	for (;;) {
		long key = keyed_node->keys->next(pd->key, (long)(*cookie - KEY_COOKIE));
		int len;

		if (key < 0)
			break;
		len = keyed_node->keys->name(key, name, sizeof(name));
		if (len > 0 && emit(ctx, name, len,
				    type->ino_base | (u64)(u32)key << KEY_SHIFT | keyed_node->id,
				    IFTODT(keyed_node->mode)))
			break;
		*cookie = KEY_COOKIE + (u64)key + 1;
	}
	return 0;
}

static int pfs_readlink(struct inode *i, char *buf, size_t size)
{
	struct pfs_inode *pi = PI(i);

	return pi->node->readlink ? pi->node->readlink(pi->key, buf, size) : -EINVAL;
}

static struct file *pfs_link_file(struct inode *i)
{
	struct pfs_inode *pi = PI(i);

	return pi->node->link_file(pi->key);
}

static void pfs_evict(struct inode *i)
{
	struct pfs_inode *pi = PI(i);

	inode_put(pi->root);
	kfree(pi);
}

/* ---------------------------------------------------------------- generated text */

static bool text_grow(struct proc_text *t)
{
	size_t size = t->size ? t->size * 2 : TEXT_FIRST;
	char *buf;

	if (size > PFS_TEXT_MAX)
		return false;
	buf = kmalloc(size);
	if (!buf)
		return false;
	if (t->len)
		memcpy(buf, t->buf, t->len);
	kfree(t->buf);
	t->buf = buf;
	t->size = size;
	return true;
}

void proc_printf(struct proc_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		if (!t->size && !text_grow(t))
			return;
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (t->len + (size_t)n < t->size) {
			t->len += n;
			return;
		}
		/* Did not fit: grow and write it again, or keep what fits. */
		if (!text_grow(t)) {
			t->len = t->size - 1;
			return;
		}
	}
}

void proc_putc(struct proc_text *t, char c)
{
	if (t->len + 1 >= t->size && !text_grow(t))
		return;
	t->buf[t->len++] = c;
	t->buf[t->len] = '\0';
}

static int pfs_open(struct inode *i, struct file *f)
{
	struct pfs_inode *pi = PI(i);
	struct proc_text *t;
	int err;

	if ((f->flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	if (!key_exists(pi->type, pi->node, pi->key))
		return -ENOENT;
	t = kzalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	err = pi->node->show ? pi->node->show(t, pi->key) : 0;
	if (err) {
		kfree(t->buf);
		kfree(t);
		return err;
	}
	f->priv = t;
	return 0;
}

static ssize_t pfs_read(struct file *f, void *buf, size_t n, u64 *pos)
{
	struct proc_text *t = f->priv;

	if (!t || *pos >= t->len)
		return 0;
	n = MIN(n, t->len - *pos);
	memcpy(buf, t->buf + *pos, n);
	*pos += n;
	return n;
}

static void pfs_release(struct file *f)
{
	struct proc_text *t = f->priv;

	if (t)
		kfree(t->buf);
	kfree(t);
}

static const struct inode_ops pfs_dir_iops = {
	.lookup = pfs_lookup,
	.readdir = pfs_readdir,
	.evict = pfs_evict,
};

static const struct inode_ops pfs_file_iops = {
	.evict = pfs_evict,
};

static const struct inode_ops pfs_link_iops = {
	.readlink = pfs_readlink,
	.evict = pfs_evict,
};

/* Links that stand for an open file: the walk goes to its inode (fs/namei.c). */
static const struct inode_ops pfs_file_link_iops = {
	.readlink = pfs_readlink,
	.link_file = pfs_link_file,
	.evict = pfs_evict,
};

/* Directories are opened only to be listed. */
static const struct file_ops pfs_dir_fops;

static const struct file_ops pfs_file_fops = {
	.open = pfs_open,
	.read = pfs_read,
	.release = pfs_release,
};
