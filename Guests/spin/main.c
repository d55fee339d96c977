/* spin — sandbox test fixture: loops forever (until the host runs it out of fuel or time).
 *
 * The loop state starts from argc, which the optimizer cannot know, and steps a 64-bit
 * LCG (period 2^64) until it equals 7: that never happens in practice, yet the compiler
 * cannot prove the loop infinite, so it cannot remove it. Prints the state if it ever ends. */
#include "wasi.h"

__attribute__((export_name("_start"))) void _start(void) {
    u64 x = wasi_argc();
    for (;;) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        if (x == 7) break;
    }
    write_u64(1, x);
    write_str(1, "\n");
}
