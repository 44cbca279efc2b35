/* glibc allocator controls (malloc_trim), not exported by Swift's Glibc module. */
#include <malloc.h>
