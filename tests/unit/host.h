/*
 * Force-included into every host unit-test compile (-include). Kernel
 * functions that share a name with the host C library are renamed, so
 * the host's own versions stay untouched for ASan and stdio.
 */
#define vsnprintf kern_vsnprintf
#define snprintf  kern_snprintf
#define memcpy	  kern_memcpy
#define memmove	  kern_memmove
#define memset	  kern_memset
#define memcmp	  kern_memcmp
#define memchr	  kern_memchr
#define strlen	  kern_strlen
#define strnlen	  kern_strnlen
#define strcmp	  kern_strcmp
#define strncmp	  kern_strncmp
#define strchr	  kern_strchr
#define strrchr	  kern_strrchr
#define strlcpy	  kern_strlcpy
#define strlcat	  kern_strlcat
