// libFuzzer entry for the onnx target: every input must be read or refused with an InputError.
#include "fuzz/onnx_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    kann::fuzz::runAttempts(kann::fuzz::onnxAttempts(bytes));
    return 0;
}
