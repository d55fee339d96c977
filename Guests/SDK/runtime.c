/*
 * runtime.c — the few C symbols Embedded Swift needs on wasm32-unknown-none:
 * an allocator (posix_memalign/malloc/calloc/realloc/aligned_alloc/free) and
 * memset/memcpy/memmove/memcmp. No libc, no WASI: memory comes from memory.grow.
 *
 * Allocator: segregated free lists over a bump region that starts at __heap_base
 * and grows linear memory on demand, so a small program keeps a small memory.
 * Sizes (header included) are rounded to a size class: multiples of 16 up to
 * 128 bytes, then four classes per power of two (at most 25% slack). A freed
 * block goes onto its class's free list and is reused by the next allocation of
 * the same class; memory is never returned (wasm cannot shrink it anyway).
 * Everything is deterministic: the same sequence of calls gives the same addresses.
 */

typedef __SIZE_TYPE__ size_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef unsigned int u32;
typedef unsigned long long u64;

#define HEADER 16u          /* bytes before every payload; payloads are 16-aligned */
#define PAGE 65536u
#define NUM_CLASSES 112
#define MAX_REQUEST 0x7FFF0000u /* keeps every size computation below 2^31 */

extern unsigned char __heap_base;

static u64 heap_top;  /* next free byte of the bump region (16-aligned) */
static u64 heap_end;  /* end of linear memory in bytes (64-bit: 65536 pages is 2^32) */
static void *free_lists[NUM_CLASSES];

static u32 log2_floor(u32 v) { return 31u - (u32)__builtin_clz(v); }

/* Class index for a block of `size` bytes (header included, size >= 1). */
static u32 class_of(u32 size) {
    size = (size + 15u) & ~15u;
    if (size <= 128u) return size / 16u; /* 1 ... 8 */
    u32 k = log2_floor(size - 1u);       /* 2^k < size <= 2^(k+1), k >= 7 */
    u32 step = 1u << (k - 2u);
    u32 j = (size - (1u << k) + step - 1u) / step; /* 1 ... 4 */
    return 8u + (k - 7u) * 4u + j;
}

/* Block size of a class (inverse of class_of: the largest size mapping to it). */
static u32 class_size(u32 c) {
    if (c <= 8u) return c * 16u;
    u32 k = 7u + (c - 9u) / 4u;
    u32 j = (c - 9u) % 4u + 1u;
    return (1u << k) + j * (1u << (k - 2u));
}

/* Carve `size` bytes off the bump region, growing memory if needed. */
static void *bump(u32 size) {
    if (heap_end == 0) {
        heap_top = ((u64)(uintptr_t)&__heap_base + 15u) & ~(u64)15u;
        heap_end = (u64)__builtin_wasm_memory_size(0) * PAGE;
    }
    if (heap_top + size > heap_end) {
        u64 pages = (heap_top + size - heap_end + PAGE - 1u) / PAGE;
        if (heap_end + pages * PAGE > 0x100000000ull) return 0;
        if (__builtin_wasm_memory_grow(0, (size_t)pages) == (size_t)-1) return 0;
        heap_end += pages * PAGE;
    }
    void *p = (void *)(uintptr_t)heap_top;
    heap_top += size;
    return p;
}

/* Allocate `n` bytes aligned to `align` (a power of two). */
static void *allocate(size_t n, size_t align) {
    if (align < HEADER) align = HEADER;
    if (n > MAX_REQUEST || align > (1u << 24)) return 0;
    u32 extra = (u32)align - HEADER; /* room to slide the payload up to the alignment */
    u32 c = class_of((u32)n + HEADER + extra);
    if (c >= NUM_CLASSES) return 0;
    unsigned char *block = free_lists[c];
    if (block) {
        free_lists[c] = *(void **)block;
    } else {
        block = bump(class_size(c));
        if (!block) return 0;
    }
    uintptr_t payload = ((uintptr_t)block + HEADER + align - 1u) & ~(uintptr_t)(align - 1u);
    u32 *hdr = (u32 *)(payload - 8u);
    hdr[0] = c;                               /* size class */
    hdr[1] = (u32)(payload - (uintptr_t)block); /* distance back to the block */
    return (void *)payload;
}

void free(void *p) {
    if (!p) return;
    u32 *hdr = (u32 *)((uintptr_t)p - 8u);
    u32 c = hdr[0];
    unsigned char *block = (unsigned char *)p - hdr[1];
    *(void **)block = free_lists[c];
    free_lists[c] = block;
}

int posix_memalign(void **out, size_t align, size_t n) {
    if (align == 0 || (align & (align - 1u)) != 0 || (align % sizeof(void *)) != 0) return 22; /* EINVAL */
    void *p = allocate(n, align);
    if (!p) return 12; /* ENOMEM */
    *out = p;
    return 0;
}

void *aligned_alloc(size_t align, size_t n) {
    if (align == 0 || (align & (align - 1u)) != 0) return 0;
    return allocate(n, align);
}

void *malloc(size_t n) { return allocate(n, HEADER); }

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);

void *calloc(size_t count, size_t size) {
    if (size && count > MAX_REQUEST / size) return 0;
    void *p = allocate(count * size, HEADER);
    if (p) memset(p, 0, count * size); /* reused blocks are not zero */
    return p;
}

void *realloc(void *p, size_t n) {
    if (!p) return malloc(n);
    u32 *hdr = (u32 *)((uintptr_t)p - 8u);
    u32 capacity = class_size(hdr[0]) - hdr[1];
    if (n <= capacity) return p;
    void *q = malloc(n);
    if (!q) return 0;
    memcpy(q, p, capacity);
    free(p);
    return q;
}

/* With bulk memory (on by default for wasm32 in this toolchain) the builtins become
 * memory.fill / memory.copy instructions; otherwise plain byte loops. This file is
 * compiled with -fno-builtin so the loops are not turned back into calls to themselves. */
void *memset(void *dst, int c, size_t n) {
#ifdef __wasm_bulk_memory__
    __builtin_memset(dst, c, n);
#else
    unsigned char *d = dst;
    while (n--) *d++ = (unsigned char)c;
#endif
    return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
#ifdef __wasm_bulk_memory__
    __builtin_memcpy(dst, src, n);
#else
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
#endif
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
#ifdef __wasm_bulk_memory__
    __builtin_memmove(dst, src, n);
#else
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--) *d++ = *s++;
    } else {
        d += n;
        s += n;
        while (n--) *--d = *--s;
    }
#endif
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x - *y;
    return 0;
}

/* __multi3: 128-bit multiply, which LLVM calls for Swift's full-width / overflow-checked
 * UInt64 multiplication on wasm32 (normally from compiler-rt, which we do not link).
 * Built from 32x32->64 products so that it does not call itself. */
typedef union { __int128 value; struct { u64 lo, hi; } parts; } u128;

static void mul64x64(u64 a, u64 b, u64 *lo, u64 *hi) {
    u64 a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
    u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    u64 mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
    *lo = (p00 & 0xFFFFFFFFu) | (mid << 32);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

__int128 __multi3(__int128 a, __int128 b) {
    u128 x, y, r;
    x.value = a;
    y.value = b;
    mul64x64(x.parts.lo, y.parts.lo, &r.parts.lo, &r.parts.hi);
    r.parts.hi += x.parts.lo * y.parts.hi + x.parts.hi * y.parts.lo;
    return r.value;
}
