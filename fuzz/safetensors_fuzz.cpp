// libFuzzer entry for the safetensors target: every input must be read or refused with an InputError.
#include "fuzz/safetensors_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    kann::fuzz::runAttempts(kann::fuzz::safetensorsAttempts(bytes));
    return 0;
}
