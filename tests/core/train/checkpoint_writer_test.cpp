#include "core/train/checkpoint_writer.h"

#include "core/common/error.h"
#include "core/models/torch_pickle.h"
#include "train_test_support.h"

#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <fstream>

using namespace kann;
namespace fs = std::filesystem;

namespace {

// Values whose bits a text round trip would lose: a negative zero, a subnormal, the largest float.
CheckpointTensors sampleTensors() {
    CheckpointTensors t;
    t.push_back({"rnn.weight_ih_l0", {6, 2}, {}});
    for (int i = 0; i < 12; ++i) t.back().values.push_back(0.1f * i - 0.55f);
    t.push_back({"rnn.bias", {3}, {-0.0f, 1e-40f, 3.4028235e38f}});
    t.push_back({"scalar", {}, {42.5f}});
    t.push_back({"empty", {0, 3}, {}});
    t.push_back({"big.block", {3, 70000}, {}});  // counts above 65535 need the 4-byte integer opcode
    for (int i = 0; i < 3 * 70000; ++i) t.back().values.push_back(static_cast<float>(i % 997) / 7.0f);
    return t;
}

// Per process: ctest runs the test cases in parallel.
std::string tempFile(const std::string& name) {
    return (fs::temp_directory_path() / ("kann_ckpt_" + std::to_string(getpid()) + "_" + name)).string();
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

}  // namespace

TEST_CASE("writeStateDict reloads bit-identically through the project's reader", "[checkpoint]") {
    const CheckpointTensors tensors = sampleTensors();
    const std::string path = tempFile("reload.pt");
    writeStateDict(path, tensors);
    CHECK_FALSE(fs::exists(path + ".partial"));

    const std::vector<NamedTensor> back = readStateDict(path);
    REQUIRE(back.size() == tensors.size());
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        INFO(tensors[i].name);
        CHECK(back[i].key == tensors[i].name);
        CHECK(back[i].tensor.dtype == DType::Float32);
        CHECK(back[i].tensor.shape == tensors[i].shape);
        CHECK(sameBits(back[i].tensor.data, tensors[i].values));
    }
}

TEST_CASE("writeStateDict output is what Python's torch.load reads as an OrderedDict of tensors", "[checkpoint][python]") {
    KANN_REQUIRE_PYTHON_TORCH();
    const CheckpointTensors tensors = sampleTensors();
    const std::string path = tempFile("python.pt"), dump = tempFile("python_dump");
    writeStateDict(path, tensors);
    fs::create_directories(dump);
    const char* script = R"(
import sys, collections, torch
sd = torch.load(sys.argv[1], weights_only=True)
assert type(sd) is collections.OrderedDict, type(sd)
for i, (k, v) in enumerate(sd.items()):
    assert v.dtype == torch.float32 and v.is_contiguous() and not v.requires_grad
    print(k, list(v.shape))
    open(f"{sys.argv[2]}/{i}.bin", "wb").write(v.numpy().tobytes())
)";
    std::string output;
    REQUIRE(kann::test::runPythonTorch(script, path + " " + dump, output) == 0);
    std::string expected;
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        expected += tensors[i].name + " [";
        for (std::size_t d = 0; d < tensors[i].shape.size(); ++d)
            expected += (d ? ", " : "") + std::to_string(tensors[i].shape[d]);
        expected += "]\n";
        std::ifstream in(dump + "/" + std::to_string(i) + ".bin", std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::vector<float> values(bytes.size() / sizeof(float));
        if (!values.empty()) std::memcpy(values.data(), bytes.data(), bytes.size());
        INFO(tensors[i].name);
        CHECK(sameBits(values, tensors[i].values));
    }
    CHECK(output == expected);
}

TEST_CASE("writeStateDict replaces an existing file whole and refuses bad tensors", "[checkpoint]") {
    const std::string path = tempFile("replace.pt");
    writeStateDict(path, sampleTensors());
    writeStateDict(path, {{"only", {2}, {1.0f, 2.0f}}});
    const auto back = readStateDict(path);
    REQUIRE(back.size() == 1);
    CHECK(back[0].tensor.data == std::vector<float>{1.0f, 2.0f});

    CHECK_THROWS_AS(writeStateDict(path, {{"w", {2, 2}, {1.0f}}}), std::invalid_argument);
    CHECK_THROWS_AS(writeStateDict(path, {{"w", {1}, {1.0f}}, {"w", {1}, {2.0f}}}), std::invalid_argument);
    CHECK(readStateDict(path).size() == 1);  // the failed writes left the file alone

    const std::string missingDir = tempFile("no/such/dir/model.pt");
    CHECK_THROWS_AS(writeStateDict(missingDir, {{"w", {1}, {1.0f}}}), InputError);
    CHECK_FALSE(fs::exists(missingDir));
}
