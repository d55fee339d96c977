/* exit3 — sandbox test fixture: prints "bye\n" on stdout, then proc_exit(3). */
#include "wasi.h"

__attribute__((export_name("_start"))) void _start(void) {
    write_str(1, "bye\n");
    wasi_proc_exit(3);
}
