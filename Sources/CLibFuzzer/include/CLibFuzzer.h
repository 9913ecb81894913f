// libFuzzer's driver, called from NodeProfileFuzz's main when built for fuzzing (make fuzz links
// libclang_rt.fuzzer_no_main). Ordinary builds never reference it.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
