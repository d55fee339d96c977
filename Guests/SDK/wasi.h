/*
 * wasi.h — the Idlegrid WASI subset for C guests (the small test fixtures), plus a few
 * output helpers. No libc: compile with `clang --target=wasm32 -nostdlib`.
 *
 * These are the only imports the sandbox provides (SPEC section 3); importing anything
 * else makes instantiation fail. Every function returns a WASI errno (0 = success),
 * except proc_exit, which does not return.
 */
#ifndef IDLEGRID_WASI_H
#define IDLEGRID_WASI_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef __SIZE_TYPE__ size_t;

typedef struct { const void *buf; size_t len; } wasi_ciovec;
typedef struct { void *buf; size_t len; } wasi_iovec;

#define WASI_IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

WASI_IMPORT("args_sizes_get") int wasi_args_sizes_get(u32 *argc, u32 *buf_size);
WASI_IMPORT("args_get") int wasi_args_get(u8 **argv, u8 *buf);
WASI_IMPORT("environ_sizes_get") int wasi_environ_sizes_get(u32 *count, u32 *buf_size);
WASI_IMPORT("environ_get") int wasi_environ_get(u8 **environ, u8 *buf);
WASI_IMPORT("fd_read") int wasi_fd_read(int fd, const wasi_iovec *iovs, size_t iovs_len, size_t *nread);
WASI_IMPORT("fd_write") int wasi_fd_write(int fd, const wasi_ciovec *iovs, size_t iovs_len, size_t *nwritten);
WASI_IMPORT("random_get") int wasi_random_get(void *buf, size_t len);
WASI_IMPORT("clock_time_get") int wasi_clock_time_get(u32 clock_id, u64 precision, u64 *time);
WASI_IMPORT("clock_res_get") int wasi_clock_res_get(u32 clock_id, u64 *resolution);
WASI_IMPORT("proc_exit") _Noreturn void wasi_proc_exit(int code);
WASI_IMPORT("sched_yield") int wasi_sched_yield(void);

#define WASI_CLOCK_REALTIME 0u
#define WASI_CLOCK_MONOTONIC 1u

/* Writes all `len` bytes to `fd`, looping on partial writes. Returns 0, or -1 on error. */
static inline int write_all(int fd, const void *data, size_t len) {
    const u8 *p = data;
    while (len > 0) {
        wasi_ciovec iov = { p, len };
        size_t written = 0;
        if (wasi_fd_write(fd, &iov, 1, &written) != 0 || written == 0) return -1;
        p += written;
        len -= written;
    }
    return 0;
}

/* Writes a NUL-terminated string to `fd`. */
static inline int write_str(int fd, const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return write_all(fd, s, n);
}

/* Writes `v` in decimal to `fd`. */
static inline int write_u64(int fd, u64 v) {
    char digits[20];
    int i = 20;
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return write_all(fd, digits + i, (size_t)(20 - i));
}

/* argc from args_sizes_get (0 on error). */
static inline u32 wasi_argc(void) {
    u32 argc = 0, size = 0;
    return wasi_args_sizes_get(&argc, &size) == 0 ? argc : 0;
}

#endif
