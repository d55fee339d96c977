int native_kernels_placeholder(void) { return 0; }
