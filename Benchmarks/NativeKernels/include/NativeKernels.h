int native_kernels_placeholder(void);
