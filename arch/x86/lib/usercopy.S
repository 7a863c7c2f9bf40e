/*
 * Copies to and from user memory. A fault inside is not fatal: the page
 * fault handler finds the faulting instruction in __ex_table and resumes
 * at its fixup, which returns how many bytes were left.
 */
	.text
	/* u64 raw_copy_user(void *dst, const void *src, u64 n): bytes NOT copied. */
	.globl raw_copy_user
	.type raw_copy_user, @function
raw_copy_user:
	movq %rdx, %rcx
1:	rep movsb
	xorl %eax, %eax
	ret
2:	movq %rcx, %rax
	ret
	.size raw_copy_user, . - raw_copy_user

	/* u64 raw_clear_user(void *dst, u64 n): bytes NOT cleared. */
	.globl raw_clear_user
	.type raw_clear_user, @function
raw_clear_user:
	movq %rsi, %rcx
	xorl %eax, %eax
3:	rep stosb
	ret
4:	movq %rcx, %rax
	ret
	.size raw_clear_user, . - raw_clear_user

	/* long raw_strnlen_user(const char *s, u64 max): length, max if none, -1 on fault. */
	.globl raw_strnlen_user
	.type raw_strnlen_user, @function
raw_strnlen_user:
	xorl %eax, %eax
5:	cmpq %rsi, %rax
	je 6f
7:	cmpb $0, (%rdi, %rax)
	je 6f
	incq %rax
	jmp 5b
6:	ret
8:	movq $-1, %rax
	ret
	.size raw_strnlen_user, . - raw_strnlen_user

	.section __ex_table, "a"
	.balign 8
	.quad 1b, 2b
	.quad 3b, 4b
	.quad 7b, 8b

	.section .note.GNU-stack, "", @progbits
