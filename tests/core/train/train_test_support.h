#pragma once
// What the training tests share: checkpoint key lists and Debian's Python with PyTorch
// (/usr/bin/python3), the independent reader they compare against (skipped when absent).
#include "core/train/checkpoint_writer.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <string>

namespace kann::test {

inline bool pythonTorchAvailable() {
    static const bool available = std::filesystem::exists("/usr/bin/python3") &&
                                  std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
    return available;
}

// Runs `script` with `args`; returns its exit status and stores stdout+stderr in `output`.
inline int runPythonTorch(const std::string& script, const std::string& args, std::string& output) {
    // ctest runs test cases in parallel processes: each gets its own files.
    const auto dir = std::filesystem::temp_directory_path();
    const std::string stem = "kann_train_test_" + std::to_string(getpid());
    const std::string scriptPath = (dir / (stem + ".py")).string(), outPath = (dir / (stem + ".out")).string();
    std::ofstream(scriptPath) << script;
    const int status = std::system(("/usr/bin/python3 " + scriptPath + " " + args + " >" + outPath + " 2>&1").c_str());
    std::ifstream in(outPath);
    output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return status;
}

// The tensor names, in order.
inline std::vector<std::string> keysOf(const CheckpointTensors& tensors) {
    std::vector<std::string> out;
    for (const auto& t : tensors) out.push_back(t.name);
    return out;
}

// Checks that PyTorch loads `checkpoint` with strict=True into the module `m` that `buildModule`
// (Python lines using torch) assembles.
inline void checkTorchLoadsStrictly(const std::string& checkpoint, const std::string& buildModule) {
    const std::string script = "import sys, torch\nm = torch.nn.Module()\n" + buildModule +
                               "\nm.load_state_dict(torch.load(sys.argv[1], weights_only=True), strict=True)\nprint('ok')\n";
    std::string output;
    CHECK(runPythonTorch(script, checkpoint, output) == 0);
    CHECK(output == "ok\n");
}

}  // namespace kann::test

// Skips the current test case, saying why, when /usr/bin/python3 or its torch is absent.
#define KANN_REQUIRE_PYTHON_TORCH()                                                          \
    if (!kann::test::pythonTorchAvailable()) {                                               \
        WARN("SKIPPED: /usr/bin/python3 with torch is absent");                               \
        return;                                                                              \
    }
