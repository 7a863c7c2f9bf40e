/*
 * Unpacking a newc cpio archive (or several, appended to one another)
 * into the root file system. Entries are
 * created in archive order (parents come first in any archive made by
 * find | cpio). A malformed archive is reported with its offset and the
 * unpacking stops there; an entry that cannot be created is reported and
 * skipped. Nothing an archive contains can panic the kernel.
 */
#define pr_fmt(fmt) "initramfs: " fmt

#include <kernel/cpio.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "fs-internal.h"

/* Header fields cpio_walk() does not hand over, by index after the magic. */
#define HDR_MAGIC_LEN 6
#define HDR_INO	      0
#define HDR_RDEVMAJOR 9
#define HDR_RDEVMINOR 10

/* A regular file with several names: the inode its first name made. */
struct hardlink {
	struct hardlink *next;
	u32 cpio_ino;
	struct inode *inode;
};

struct unpack {
	const u8 *archive;
	u64 len;
	char *path; /* PATH_MAX scratch */
	struct hardlink *links;
	u64 files, dirs, others, failed;
};

static u32 hdr_field(const struct unpack *u, const struct cpio_entry *e, int index)
{
	const u8 *s = u->archive + e->offset + HDR_MAGIC_LEN + index * 8;
	u32 v = 0;

	/* cpio_walk() already checked every digit. */
	for (int i = 0; i < 8; i++) {
		u8 c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
	}
	return v;
}

static void set_attrs(struct inode *i, const struct cpio_entry *e)
{
	i->mode = (i->mode & S_IFMT) | (e->mode & 07777);
	i->uid = e->uid;
	i->gid = e->gid;
	i->mtime = (u64)e->mtime * 1000000000ULL;
}

static int write_all(struct inode *ino, const void *data, u64 size)
{
	struct file *f;
	u64 pos = 0;
	int err;

	if (!size)
		return 0;
	f = vfs_open_inode(ino, O_WRONLY, &err);
	if (!f)
		return err;
	while (pos < size) {
		ssize_t n = f->ops->write(f, (const u8 *)data + pos, size - pos, &pos);

		if (n <= 0) {
			err = n ? (int)n : -ENOSPC;
			break;
		}
	}
	file_put(f);
	return pos == size ? 0 : err;
}

static struct hardlink *find_link(struct unpack *u, u32 cpio_ino)
{
	for (struct hardlink *h = u->links; h; h = h->next)
		if (h->cpio_ino == cpio_ino)
			return h;
	return NULL;
}

/* The regular file at path: a new inode, or another name of an earlier one. */
static int make_file(struct unpack *u, const struct cpio_entry *e, struct inode **out)
{
	u32 cpio_ino = hdr_field(u, e, HDR_INO);
	struct hardlink *h = e->nlink > 1 ? find_link(u, cpio_ino) : NULL;
	int err;

	if (h) {
		struct inode *dir;
		const char *name;
		size_t len;

		dir = path_parent_at(NULL, u->path, &name, &len);
		if (IS_ERR(dir))
			return PTR_ERR(dir);
		err = dir->iops->link ? dir->iops->link(dir, name, len, h->inode) : -EPERM;
		inode_put(dir);
		if (!err)
			*out = inode_get(h->inode);
		return err;
	}
	err = vfs_mknod(NULL, u->path, S_IFREG | (e->mode & 07777), 0, out);
	if (err || e->nlink <= 1)
		return err;
	h = kmalloc(sizeof(*h));
	if (h) {
		h->cpio_ino = cpio_ino;
		h->inode = inode_get(*out);
		h->next = u->links;
		u->links = h;
	}
	return 0;
}

static int unpack_entry(const struct cpio_entry *e, void *arg)
{
	struct unpack *u = arg;
	const char *name = e->name;
	u32 type = e->mode & S_IFMT;
	struct inode *ino = NULL, *old;
	size_t nlen;
	int err = 0;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	if (!name[0] || strcmp(name, ".") == 0)
		return 0; /* the root itself */
	nlen = strnlen(name, PATH_MAX);
	err = -ENAMETOOLONG;
	if (nlen + 2 > PATH_MAX)
		goto fail;
	u->path[0] = '/';
	memcpy(u->path + 1, name, nlen + 1);

	/* Like the kernel's own unpacker: a new entry replaces an old non-directory. */
	old = path_lookup_at(NULL, u->path, false);
	if (!IS_ERR(old)) {
		bool old_dir = S_ISDIR(old->mode);

		if (old_dir && type == S_IFDIR) {
			set_attrs(old, e);
			inode_put(old);
			u->dirs++;
			return 0;
		}
		inode_put(old);
		err = vfs_unlink(NULL, u->path, old_dir);
		if (err)
			goto fail;
	}

	switch (type) {
	case S_IFDIR:
		err = vfs_mknod(NULL, u->path, S_IFDIR | (e->mode & 07777), 0, &ino);
		u->dirs++;
		break;
	case S_IFREG:
		err = make_file(u, e, &ino);
		if (!err)
			err = write_all(ino, e->data, e->size);
		u->files++;
		break;
	case S_IFLNK: {
		char *target;

		u->others++;
		err = -ENAMETOOLONG;
		if (e->size >= PATH_MAX)
			break;
		err = -ENOMEM;
		target = kmalloc(e->size + 1);
		if (!target)
			break;
		memcpy(target, e->data, e->size);
		target[e->size] = '\0';
		err = e->size ? vfs_symlink(target, NULL, u->path) : -EINVAL;
		kfree(target);
		if (!err)
			ino = path_lookup_at(NULL, u->path, false);
		if (IS_ERR(ino)) {
			err = PTR_ERR(ino);
			ino = NULL;
		}
		break;
	}
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		err = vfs_mknod(NULL, u->path, e->mode,
				MKDEV(hdr_field(u, e, HDR_RDEVMAJOR), hdr_field(u, e, HDR_RDEVMINOR)),
				&ino);
		u->others++;
		break;
	default:
		err = -EINVAL;
		break;
	}
	if (err)
		goto fail;
	set_attrs(ino, e);
	inode_put(ino);
	return 0;

fail:
	inode_put(ino);
	u->failed++;
	pr_err("entry \"%s\" at offset %llu: cannot create: error %d\n", e->name,
	       (unsigned long long)e->offset, err);
	/* Out of memory: the rest will not fit either. */
	return err == -ENOMEM ? err : 0;
}

static void free_links(struct unpack *u)
{
	while (u->links) {
		struct hardlink *h = u->links;

		u->links = h->next;
		inode_put(h->inode);
		kfree(h);
	}
}

void initramfs_unpack(const void *buf, u64 len)
{
	struct unpack u = { .archive = buf, .len = len };
	const char *why = NULL;
	u64 where = 0, pos = 0;
	long n;

	if (!vfs_root()) {
		pr_err("no root file system to unpack into\n");
		return;
	}
	u.path = kmalloc(PATH_MAX);
	if (!u.path) {
		pr_err("out of memory\n");
		return;
	}
	/*
	 * Each archive appended after the first (past zero padding) is
	 * unpacked over it, its files replacing earlier ones; hard links
	 * only join names within one archive, as in Linux.
	 */
	do {
		n = cpio_walk_next(buf, len, &pos, unpack_entry, &u, &why, &where);
		free_links(&u);
	} while (n >= 0 && cpio_more(buf, len, &pos));
	if (n == -ENOMEM)
		pr_err("out of memory: unpacking stopped\n");
	else if (n < 0 && why)
		pr_err("malformed archive at offset %llu: %s; unpacking stopped\n",
		       (unsigned long long)where, why);
	else if (n < 0)
		pr_err("unpacking stopped: error %ld\n", n);
	pr_info("unpacked %llu files, %llu directories, %llu other entries (%llu failed)\n",
		(unsigned long long)u.files, (unsigned long long)u.dirs,
		(unsigned long long)u.others, (unsigned long long)u.failed);
	kfree(u.path);
}
