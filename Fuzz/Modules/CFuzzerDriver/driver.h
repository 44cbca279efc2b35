// libFuzzer's public driver entry point (compiler-rt FuzzerInterface.h / FuzzerDriver.cpp), linked in by
// -sanitize=fuzzer. The fuzz targets call it from their own entry point because SwiftPM links every executable
// with `--defsym main=<Module>_main`, which leaves libFuzzer's `main` unused (see ../../README.md).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
