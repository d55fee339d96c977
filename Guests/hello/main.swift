// hello — the smallest useful guest: prints "hello\n". Used to measure per-task overhead.
// No allocation and no arguments, so only the fd_write import and a few hundred bytes.

func guestMain() {
    Guest.write("hello\n" as StaticString)
}
