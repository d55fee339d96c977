/* clock — sandbox test fixture for the (virtual) clocks.
 *
 * Prints, in decimal, one per line on stdout:
 *   1. realtime   (clock_time_get, clock 0)
 *   2. monotonic  (clock_time_get, clock 1)
 *   -- some work: 100000 steps of an LCG --
 *   3. realtime
 *   4. monotonic
 *   5. realtime resolution   (clock_res_get, clock 0)
 *   6. monotonic resolution  (clock_res_get, clock 1)
 * A failing call prints "clock: <call> failed: errno N" on stderr and exits with code 1. */
#include "wasi.h"

static void fail(const char *call, int err) {
    write_str(2, "clock: ");
    write_str(2, call);
    write_str(2, " failed: errno ");
    write_u64(2, (u64)err);
    write_str(2, "\n");
    wasi_proc_exit(1);
}

static void print_time(u32 clock) {
    u64 t = 0;
    int err = wasi_clock_time_get(clock, 1, &t);
    if (err) fail("clock_time_get", err);
    write_u64(1, t);
    write_str(1, "\n");
}

static void print_res(u32 clock) {
    u64 r = 0;
    int err = wasi_clock_res_get(clock, &r);
    if (err) fail("clock_res_get", err);
    write_u64(1, r);
    write_str(1, "\n");
}

/* The work result goes here so the loop is not optimized away. */
volatile u32 work_sink;

__attribute__((export_name("_start"))) void _start(void) {
    print_time(WASI_CLOCK_REALTIME);
    print_time(WASI_CLOCK_MONOTONIC);
    u32 x = wasi_argc();
    for (u32 i = 0; i < 100000; i++) x = x * 1103515245u + 12345u;
    work_sink = x;
    print_time(WASI_CLOCK_REALTIME);
    print_time(WASI_CLOCK_MONOTONIC);
    print_res(WASI_CLOCK_REALTIME);
    print_res(WASI_CLOCK_MONOTONIC);
}
