/* hog — sandbox test fixture for the linear-memory cap.
 *
 * Calls memory.grow(1) until it fails (returns -1), then prints the number of 64 KiB
 * pages it obtained, in decimal and "\n", on stdout, and exits with code 1. */
#include "wasi.h"

__attribute__((export_name("_start"))) void _start(void) {
    u64 pages = 0;
    while (__builtin_wasm_memory_grow(0, 1) != (size_t)-1) pages++;
    write_u64(1, pages);
    write_str(1, "\n");
    wasi_proc_exit(1);
}
