/*
 * What kernel/exec.c (execve, scripts, the new stack) and
 * kernel/exec_elf.c (ELF images: checking and mapping them) share.
 */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <kernel/types.h>

struct file;
struct mm;

#define STACK_TOP  0x00007ffffffff000ULL
#define STACK_SIZE (8ULL << 20)

struct elf64_ehdr {
	u8 ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz, align;
};

/* One ELF file on its way into an address space: the program or its interpreter. */
struct elf_image {
	struct elf64_ehdr eh;
	struct elf64_phdr *ph; /* eh.phnum entries */
	char *interp;	       /* PT_INTERP's path, or NULL */
	u64 lo, hi;	       /* page-aligned span of the PT_LOAD segments, unbiased */
	u64 align;	       /* the largest PT_LOAD alignment, at least a page */
	bool dyn;	       /* ET_DYN: loaded wherever the bias puts it */
	/* Set by elf_map(): */
	u64 bias;  /* what was added to every p_vaddr (0 for ET_EXEC) */
	u64 entry; /* e_entry + bias */
	u64 phdr;  /* user address of the program headers, 0 if no segment holds them */
	u64 end;   /* page-aligned end of the highest segment, with bias */
};

/*
 * Reads and checks the ELF header and program header table of f: the
 * file is an x86_64 executable or shared object whose loadable segments
 * are sane (within the file, p_filesz <= p_memsz, p_vaddr and p_offset
 * congruent modulo the page size, ascending and not overlapping, inside
 * user space), with at most one well-formed PT_INTERP. -ENOEXEC for
 * anything else, -ENOMEM, or -EIO when the file cannot be read.
 */
int elf_read(struct file *f, struct elf_image *im);
/* Maps im's segments from f into mm with bias added (private, copy-on-write, .bss zeroed). */
int elf_map(struct mm *mm, struct file *f, struct elf_image *im, u64 bias);
void elf_free(struct elf_image *im);

#endif
