/* Compiler attributes and helpers used everywhere. */
#ifndef KERNEL_COMPILER_H
#define KERNEL_COMPILER_H

#define __packed     __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __section(s) __attribute__((section(s)))
#define __used	     __attribute__((used))
#define __unused     __attribute__((unused))
#define __noreturn   __attribute__((noreturn))
#define __noinline   __attribute__((noinline))
#undef __always_inline /* glibc defines it too, in host unit tests */
#define __always_inline inline __attribute__((always_inline))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __weak		__attribute__((weak))
#define __init		__section(".init.text")
#define __initdata	__section(".init.data")

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
/* clang-format off */
#define barrier()	__asm__ __volatile__("" ::: "memory")
/* clang-format on */

#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define MIN(a, b)	 ((a) < (b) ? (a) : (b))
#define MAX(a, b)	 ((a) > (b) ? (a) : (b))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define __stringify_1(x) #x
#define __stringify(x)	 __stringify_1(x)

/*
 * IS_ENABLED(CONFIG_FOO) is 1 when CONFIG_FOO is defined to 1 and 0 when it
 * is undefined, so both branches of an if () are always compiled.
 */
#define __ARG_PLACEHOLDER_1		       0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x)			       ___is_defined(x)
#define ___is_defined(val)		       ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)	       __take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option)		       __is_defined(option)

#endif
