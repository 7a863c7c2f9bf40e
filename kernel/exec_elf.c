/*
 * ELF64 images for execve: the header and program header table are read
 * and checked in full before anything of the old program is given up, so
 * a malformed file is an error (ENOEXEC) and never a half-built address
 * space. Loadable segments then become private file-backed areas, paged
 * in on first touch and copied on write; bytes past p_filesz read as
 * zeros (the .bss, including the rest of the last file page).
 */
#define pr_fmt(fmt) "exec: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/string.h>
#include <kernel/vm.h>

#include "exec.h"

#define PT_LOAD	   1
#define PT_INTERP  3
#define PT_PHDR	   6
#define PF_X	   1
#define PF_W	   2
#define PF_R	   4
#define ET_EXEC	   2
#define ET_DYN	   3
#define EM_X86_64  62
#define EV_CURRENT 1

#define PHDRS_MAX 65536 /* bytes of program headers Linux reads at most */

/* The highest address a segment may reach: below the stack's area. */
#define SEGMENT_TOP (STACK_TOP - STACK_SIZE)
/* The lowest: Linux's vm.mmap_min_addr default, so that NULL never maps. */
#define SEGMENT_MIN 0x10000ULL

static u32 elf_prot(u32 flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

static bool header_ok(const struct elf64_ehdr *eh)
{
	return !memcmp(eh->ident, "\177ELF", 4) && eh->ident[4] == 2 /* 64-bit */ &&
	       eh->ident[5] == 1 /* little endian */ && eh->ident[6] == EV_CURRENT &&
	       eh->machine == EM_X86_64 && (eh->type == ET_EXEC || eh->type == ET_DYN) &&
	       eh->phentsize == sizeof(struct elf64_phdr) && eh->phnum &&
	       eh->phnum * sizeof(struct elf64_phdr) <= PHDRS_MAX;
}

/*
 * One PT_LOAD entry, given the end of the one before (segments ascend and
 * do not overlap: the ELF specification orders them by p_vaddr).
 */
static bool load_ok(const struct elf64_phdr *ph, u64 size, u64 prev_end)
{
	if (ph->filesz > ph->memsz)
		return false; /* more file than memory */
	if ((ph->vaddr & (PAGE_SIZE - 1)) != (ph->offset & (PAGE_SIZE - 1)))
		return false; /* a page of the file cannot land at p_vaddr */
	if (ph->offset > size || ph->filesz > size - ph->offset)
		return false; /* bytes beyond the end of the file */
	if (ph->vaddr >= SEGMENT_TOP || ph->memsz > SEGMENT_TOP - ph->vaddr)
		return false; /* outside user space (or wrapping) */
	if (ph->align > 1 && (ph->align & (ph->align - 1)))
		return false; /* an alignment that is no power of two */
	return ph->vaddr >= prev_end;
}

/* PT_INTERP: a path of 1 to PATH_MAX - 1 bytes and its NUL, inside the file. */
static int read_interp(struct file *f, const struct elf64_phdr *ph, u64 size, char **out)
{
	char *s;

	if (*out || ph->filesz < 2 || ph->filesz > PATH_MAX || ph->offset > size ||
	    ph->filesz > size - ph->offset)
		return -ENOEXEC;
	s = kmalloc(ph->filesz);
	if (!s)
		return -ENOMEM;
	*out = s;
	if (kernel_read(f, s, ph->filesz, ph->offset) != (ssize_t)ph->filesz)
		return -EIO;
	if (s[ph->filesz - 1] || !s[0])
		return -ENOEXEC;
	return 0;
}

int elf_read(struct file *f, struct elf_image *im)
{
	u64 size = f->inode->size, prev_end = 0, phsize;
	int loads = 0, rc;

	memset(im, 0, sizeof(*im));
	if (kernel_read(f, &im->eh, sizeof(im->eh), 0) != sizeof(im->eh) || !header_ok(&im->eh))
		return -ENOEXEC;
	phsize = im->eh.phnum * sizeof(struct elf64_phdr);
	if (im->eh.phoff > size || phsize > size - im->eh.phoff)
		return -ENOEXEC;
	im->ph = kmalloc(phsize);
	if (!im->ph)
		return -ENOMEM;
	if (kernel_read(f, im->ph, phsize, im->eh.phoff) != (ssize_t)phsize)
		return -ENOEXEC;
	im->align = PAGE_SIZE;
	im->dyn = im->eh.type == ET_DYN;
	for (int i = 0; i < im->eh.phnum; i++) {
		const struct elf64_phdr *ph = &im->ph[i];

		if (ph->type == PT_INTERP) {
			rc = read_interp(f, ph, size, &im->interp);
			if (rc)
				return rc;
		}
		if (ph->type != PT_LOAD)
			continue;
		if (!load_ok(ph, size, prev_end))
			return -ENOEXEC;
		prev_end = ph->vaddr + ph->memsz;
		if (!ph->memsz)
			continue;
		if (!loads++)
			im->lo = ALIGN_DOWN(ph->vaddr, PAGE_SIZE);
		im->hi = ALIGN_UP(prev_end, PAGE_SIZE);
		im->align = MAX(im->align, ph->align);
	}
	return loads ? 0 : -ENOEXEC;
}

/* Where the program headers are once mapped: PT_PHDR, or the segment whose file bytes hold them. */
static u64 phdr_address(const struct elf_image *im)
{
	for (int i = 0; i < im->eh.phnum; i++)
		if (im->ph[i].type == PT_PHDR)
			return im->ph[i].vaddr + im->bias;
	for (int i = 0; i < im->eh.phnum; i++) {
		const struct elf64_phdr *ph = &im->ph[i];

		if (ph->type == PT_LOAD && im->eh.phoff >= ph->offset &&
		    im->eh.phoff < ph->offset + ph->filesz)
			return ph->vaddr + im->bias + (im->eh.phoff - ph->offset);
	}
	return 0;
}

int elf_map(struct mm *mm, struct file *f, struct elf_image *im, u64 bias)
{
	if (im->lo + bias < SEGMENT_MIN || im->hi + bias > SEGMENT_TOP || im->hi + bias < im->hi)
		return -ENOEXEC;
	im->bias = bias;
	for (int i = 0; i < im->eh.phnum; i++) {
		const struct elf64_phdr *ph = &im->ph[i];
		u64 start, end, head;
		int rc;

		if (ph->type != PT_LOAD || !ph->memsz)
			continue;
		start = ALIGN_DOWN(ph->vaddr + bias, PAGE_SIZE);
		end = ALIGN_UP(ph->vaddr + bias + ph->memsz, PAGE_SIZE);
		head = ph->vaddr + bias - start; /* file bytes in the first page before p_vaddr */
		if (ph->filesz)
			rc = vma_map(mm, start, end, elf_prot(ph->flags), 0, f,
				     ALIGN_DOWN(ph->offset, PAGE_SIZE), ph->filesz + head);
		else
			rc = vma_map(mm, start, end, elf_prot(ph->flags), 0, NULL, 0, 0);
		if (rc)
			return rc;
		im->end = MAX(im->end, end);
	}
	im->entry = im->eh.entry + bias;
	im->phdr = phdr_address(im);
	return 0;
}

void elf_free(struct elf_image *im)
{
	kfree(im->ph);
	kfree(im->interp);
	im->ph = NULL;
	im->interp = NULL;
}
