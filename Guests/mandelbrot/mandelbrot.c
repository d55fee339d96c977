/*
 * mandelbrot.c — the `mandelbrot` guest: renders one tile of a Mandelbrot image as RGB.
 *
 * Usage: mandelbrot WIDTH HEIGHT TILE_X TILE_Y TILE_W TILE_H [MAX_ITER=256] [FORMAT=rgb|ppm]
 *
 *   WIDTH, HEIGHT     size of the full image, 1 ... 1000000
 *   TILE_X, TILE_Y    top-left pixel of the tile, >= 0
 *   TILE_W, TILE_H    tile size, 1 ... 4096, and the tile must lie inside the image
 *   MAX_ITER          iteration limit, 1 ... 1000000000 (default 256)
 *   FORMAT            rgb (default): TILE_W*TILE_H*3 bytes, row-major 8-bit R,G,B;
 *                     ppm: the same preceded by a binary PPM header "P6\n<w> <h>\n255\n"
 *
 * Geometry and colours: see mandelbrot_kernel.h. Bad arguments: a message on stderr and
 * exit code 2. Rows are rendered and written in batches of at most 256 KiB, so memory
 * stays small whatever the tile size.
 *
 * Freestanding C for wasm32: no libc; its own WASI imports (the sandbox's subset only).
 */
#include "mandelbrot_kernel.h"

typedef unsigned char u8;
typedef unsigned int u32;
typedef __SIZE_TYPE__ size_t;

#define WASI(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))
typedef struct { const void *buf; size_t len; } ciovec;
WASI("args_sizes_get") int args_sizes_get(u32 *argc, u32 *buf_size);
WASI("args_get") int args_get(u8 **argv, u8 *buf);
WASI("fd_write") int fd_write(int fd, const ciovec *iovs, size_t iovs_len, size_t *nwritten);
WASI("proc_exit") _Noreturn void proc_exit(int code);

/* The compiler may emit calls to these for struct copies or zeroing (without bulk memory). */
void *memset(void *dst, int c, size_t n) {
#ifdef __wasm_bulk_memory__
    __builtin_memset(dst, c, n);
#else
    u8 *d = dst;
    while (n--) *d++ = (u8)c;
#endif
    return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
#ifdef __wasm_bulk_memory__
    __builtin_memcpy(dst, src, n);
#else
    u8 *d = dst;
    const u8 *s = src;
    while (n--) *d++ = *s++;
#endif
    return dst;
}

/* Bump allocation from __heap_base, growing linear memory as needed. Never freed. */
extern u8 __heap_base;
static size_t heap_top;

static void *alloc(size_t n) {
    if (!heap_top) heap_top = (size_t)&__heap_base;
    heap_top = (heap_top + 15u) & ~(size_t)15u;
    size_t end = heap_top + n;
    size_t have = __builtin_wasm_memory_size(0) * 65536u;
    if (end < heap_top) return 0;
    if (end > have) {
        size_t pages = (end - have + 65535u) / 65536u;
        if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return 0;
    }
    void *p = (void *)heap_top;
    heap_top = end;
    return p;
}

static int write_all(int fd, const void *data, size_t len) {
    const u8 *p = data;
    while (len > 0) {
        ciovec iov = { p, len };
        size_t written = 0;
        if (fd_write(fd, &iov, 1, &written) != 0 || written == 0) return -1;
        p += written;
        len -= written;
    }
    return 0;
}

static size_t str_len(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static void write_str(int fd, const char *s) { write_all(fd, s, str_len(s)); }

static int str_eq(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

/* Appends the decimal digits of v (>= 0) at p; returns the new end. */
static char *put_int(char *p, long long v) {
    char digits[20];
    int i = 0;
    do {
        digits[i++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (i) *p++ = digits[--i];
    return p;
}

static const char usage[] =
    "usage: mandelbrot WIDTH HEIGHT TILE_X TILE_Y TILE_W TILE_H [MAX_ITER=256] [FORMAT=rgb|ppm]\n";

static _Noreturn void fail(const char *what, const char *detail) {
    write_str(2, "mandelbrot: ");
    write_str(2, what);
    if (detail) {
        write_str(2, " '");
        write_str(2, detail);
        write_str(2, "'");
    }
    write_str(2, "\n");
    write_str(2, usage);
    proc_exit(2);
}

/* Parses argument `s` as a decimal integer in [lo, hi], or fails naming it. */
static long long parse_arg(const char *name, const char *s, long long lo, long long hi) {
    long long v = 0;
    const char *p = s;
    if (!*p) fail(name, s);
    for (; *p; p++) {
        if (*p < '0' || *p > '9') fail(name, s);
        v = v * 10 + (*p - '0');
        if (v > hi) fail(name, s);
    }
    if (v < lo) fail(name, s);
    return v;
}

__attribute__((export_name("_start"))) void _start(void) {
    u32 argc = 0, buf_size = 0;
    if (args_sizes_get(&argc, &buf_size) != 0) fail("cannot read arguments", 0);
    u8 **argv = alloc((argc + 1u) * sizeof(u8 *));
    u8 *buf = alloc(buf_size + 1u);
    if (!argv || !buf) fail("out of memory", 0);
    if (args_get(argv, buf) != 0) fail("cannot read arguments", 0);
    const char **arg = (const char **)argv;

    if (argc < 7) fail("missing arguments", 0);
    if (argc > 9) fail("too many arguments", 0);
    long long width = parse_arg("WIDTH must be an integer in 1...1000000, got", arg[1], 1, 1000000);
    long long height = parse_arg("HEIGHT must be an integer in 1...1000000, got", arg[2], 1, 1000000);
    long long tx = parse_arg("TILE_X must be an integer in 0...WIDTH-1, got", arg[3], 0, width - 1);
    long long ty = parse_arg("TILE_Y must be an integer in 0...HEIGHT-1, got", arg[4], 0, height - 1);
    long long tw = parse_arg("TILE_W must be an integer in 1...4096, got", arg[5], 1, 4096);
    long long th = parse_arg("TILE_H must be an integer in 1...4096, got", arg[6], 1, 4096);
    long long max_iter = argc > 7 ? parse_arg("MAX_ITER must be an integer in 1...1000000000, got",
                                              arg[7], 1, 1000000000)
                                  : 256;
    int ppm = 0;
    if (argc > 8) {
        if (str_eq(arg[8], "ppm")) ppm = 1;
        else if (!str_eq(arg[8], "rgb")) fail("FORMAT must be rgb or ppm, got", arg[8]);
    }
    if (tx + tw > width) fail("the tile goes past the right edge of the image (TILE_X + TILE_W > WIDTH)", 0);
    if (ty + th > height) fail("the tile goes past the bottom of the image (TILE_Y + TILE_H > HEIGHT)", 0);

    if (ppm) {
        char header[40], *p = header;
        *p++ = 'P', *p++ = '6', *p++ = '\n';
        p = put_int(p, tw);
        *p++ = ' ';
        p = put_int(p, th);
        *p++ = '\n', *p++ = '2', *p++ = '5', *p++ = '5', *p++ = '\n';
        if (write_all(1, header, (size_t)(p - header)) != 0) proc_exit(1);
    }

    size_t row_bytes = (size_t)tw * 3u;
    size_t rows_per_batch = (256u * 1024u) / row_bytes;
    if (rows_per_batch < 1) rows_per_batch = 1;
    if (rows_per_batch > (size_t)th) rows_per_batch = (size_t)th;
    u8 *rgb = alloc(rows_per_batch * row_bytes);
    if (!rgb) fail("out of memory", 0);
    for (long long y = 0; y < th; y += (long long)rows_per_batch) {
        long long rows = th - y < (long long)rows_per_batch ? th - y : (long long)rows_per_batch;
        mandelbrot_render(rgb, (int)width, (int)height, (int)tx, (int)(ty + y), (int)tw, (int)rows,
                          (int)max_iter);
        if (write_all(1, rgb, (size_t)rows * row_bytes) != 0) proc_exit(1);
    }
}
