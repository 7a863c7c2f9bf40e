/*
 * What the Xen backends share: the shared_info pointer, mapped by each
 * backend its own way (PV with update_va_mapping).
 */
#include <asm/xen/xen-ops.h>

struct shared_info *xen_shared_info;
