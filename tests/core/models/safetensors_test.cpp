#include "core/models/safetensors.h"

#include "core/common/error.h"
#include "model_fixtures.h"

#include <cstring>
#include <fstream>
#include <random>

using namespace kann;
using kann::test::torchFixture;

namespace {

// A safetensors image: the 8-byte little-endian length, the header, the data.
std::string image(const std::string& header, const std::string& data) {
    std::string out(8, '\0');
    std::uint64_t n = header.size();
    for (int i = 0; i < 8; ++i, n >>= 8) out[i] = static_cast<char>(n & 0xff);
    return out + header + data;
}

std::string floats(std::initializer_list<float> values) {
    std::string out(values.size() * 4, '\0');
    std::memcpy(out.data(), values.begin(), out.size());
    return out;
}

}  // namespace

TEST_CASE("safetensors files are read in every float dtype", "[safetensors]") {
    const std::string path = torchFixture("role_safetensors.safetensors");
    CHECK(isSafetensorsFile(path));
    CHECK_FALSE(isSafetensorsFile(torchFixture("sentiment_gru.pt")));
    const auto tensors = readSafetensors(path);
    REQUIRE(tensors.size() == 6);
    CHECK(tensors[0].key == "lstm.weight_ih_l0");  // in data order, as written
    CHECK(tensors[0].tensor.dtype == DType::Float16);
    CHECK(tensors[0].tensor.shape == std::vector<std::int64_t>{20, 3});
    CHECK(tensors[1].tensor.dtype == DType::BFloat16);
    CHECK(tensors[2].tensor.dtype == DType::Float64);
    CHECK(tensors[5].tensor.dtype == DType::Float16);
}

TEST_CASE("a hand-made safetensors image is decoded exactly", "[safetensors]") {
    const std::string header = R"({"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},)"
                               R"("a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";
    const auto tensors = parseSafetensors(image(header, floats({1, 2, 3, 4, -1, 0.5f})), "m.safetensors");
    REQUIRE(tensors.size() == 2);
    CHECK(tensors[0].key == "a");
    CHECK(tensors[0].tensor.data == std::vector<float>{1, 2, 3, 4});
    CHECK(tensors[1].tensor.data == std::vector<float>{-1, 0.5f});
}

TEST_CASE("malformed safetensors are refused with the reason", "[safetensors]") {
    const auto refusal = [](const std::string& bytes) {
        try {
            parseSafetensors(bytes, "m.safetensors");
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    const std::string data = floats({1, 2, 3, 4});
    const auto one = [&](const std::string& tensor) { return image("{\"w\":" + tensor + "}", data); };
    CHECK_THAT(refusal("abc"), Catch::Contains("too short"));
    CHECK_THAT(refusal(image("{", "")), Catch::Contains("not a JSON object"));
    CHECK_THAT(refusal(image("[1]", "")), Catch::Contains("not a JSON object"));
    CHECK_THAT(refusal(one(R"({"dtype":"F32","shape":[4],"data_offsets":[0,12]})")),
               Catch::Contains("spans bytes 0..12, but 4 float32 elements take 16"));
    CHECK_THAT(refusal(one(R"({"dtype":"F32","shape":[2],"data_offsets":[8,16]})")),
               Catch::Contains("starts at byte 8 of the data, not at 0"));
    CHECK_THAT(refusal(one(R"({"dtype":"F32","shape":[3],"data_offsets":[0,12]})")),
               Catch::Contains("cover 12 bytes of data, but the file holds 16"));
    CHECK_THAT(refusal(one(R"({"dtype":"C64","shape":[2],"data_offsets":[0,16]})")), Catch::Contains("dtype \"C64\""));
    CHECK_THAT(refusal(one(R"({"dtype":"F32","shape":[-4],"data_offsets":[0,16]})")),
               Catch::Contains("not a non-negative integer"));
    CHECK_THAT(refusal(one(R"({"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,16]})")),
               Catch::Contains("absurd size"));
    CHECK_THAT(refusal(one(R"({"dtype":"F32","shape":[4]})")), Catch::Contains("lacks dtype, shape or data_offsets"));
    const std::string overlap = torchFixture("bad_safetensors_overlap.safetensors");
    CHECK_THROWS_WITH(readSafetensors(overlap), Catch::StartsWith(overlap + ": tensor 'b' starts at byte 8"));
    const std::string length = torchFixture("bad_safetensors_length.safetensors");
    CHECK_THROWS_WITH(readSafetensors(length), Catch::Contains("the safetensors header claims"));
    // Every truncation of a good file is refused, never read past its end.
    std::ifstream in(torchFixture("role_safetensors.safetensors"), std::ios::binary);
    const std::string good{std::istreambuf_iterator<char>(in), {}};
    for (std::size_t n = 0; n < good.size(); n += 7) CHECK_THROWS_AS(parseSafetensors(good.substr(0, n), "t"), InputError);
    // Random byte changes are read or refused, never a crash or another exception.
    std::mt19937 random(5);
    for (int i = 0; i < 3000; ++i) {
        std::string mutated = good;
        for (int k = 0; k < 1 + i % 4; ++k) mutated[random() % mutated.size()] = static_cast<char>(random());
        try {
            parseSafetensors(mutated, "t");
        } catch (const InputError&) {
        }
    }
}
