#include "core/io/npy.h"

#include "core/common/error.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string npy(const std::string& name) { return test::fixture("npy/" + name); }

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("kann_npy_test_" + name)).string();
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// The message of the InputError that `f` throws (fails the test when it throws nothing).
template <typename F>
std::string inputError(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("no InputError thrown");
    return {};
}

}  // namespace

TEST_CASE("readNpy reads NumPy's float32 array with its shape and values", "[npy]") {
    const NpyArray a = readNpy(npy("f4_2x3.npy"));
    CHECK(a.dtype == "f4");
    CHECK(a.shape == std::vector<std::int64_t>{2, 3});
    CHECK(a.elements() == 6);
    // (arange(6) * 0.5 - 1) in C order.
    CHECK(a.toFloat() == std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f});
    CHECK(a.toDouble() == std::vector<double>{-1.0, -0.5, 0.0, 0.5, 1.0, 1.5});
}

TEST_CASE("readNpy keeps float64 extremes and integer extremes exactly", "[npy]") {
    const auto f8 = readNpy(npy("f8_4.npy")).toDouble();
    CHECK(f8 == std::vector<double>{1.5, -2.25, 1e300, 5e-324});

    const NpyArray i4 = readNpy(npy("i4_2x2.npy"));
    CHECK(i4.dtype == "i4");
    CHECK(i4.toInt64() == std::vector<std::int64_t>{1, -2, 2147483647, -2147483648LL});

    const NpyArray i8 = readNpy(npy("i8_3.npy"));
    CHECK(i8.dtype == "i8");
    CHECK(i8.toInt64() == std::vector<std::int64_t>{1LL << 40, -7, 0});
    CHECK(i8.toDouble() == std::vector<double>{1099511627776.0, -7.0, 0.0});
}

TEST_CASE("readNpy handles 0-d, empty and 1-d Fortran arrays", "[npy]") {
    const NpyArray scalar = readNpy(npy("f8_scalar.npy"));
    CHECK(scalar.shape.empty());
    CHECK(scalar.toDouble() == std::vector<double>{3.5});

    const NpyArray empty = readNpy(npy("f4_0x3.npy"));
    CHECK(empty.shape == std::vector<std::int64_t>{0, 3});
    CHECK(empty.toFloat().empty());

    CHECK(readNpy(npy("f4_fortran_1d.npy")).toFloat() == std::vector<float>{1, 2, 3});
}

TEST_CASE("readNpy reads version 2.0 and 3.0 headers", "[npy]") {
    CHECK(slurp(npy("f4_v2.npy"))[6] == 2);
    CHECK(slurp(npy("i8_v3.npy"))[6] == 3);
    const NpyArray v2 = readNpy(npy("f4_v2.npy"));
    CHECK(v2.shape == std::vector<std::int64_t>{2, 2});
    CHECK(v2.toFloat() == std::vector<float>{1, 2, 3, 4});
    CHECK(readNpy(npy("i8_v3.npy")).toInt64() == std::vector<std::int64_t>{5, 6, 7});
}

TEST_CASE("formatNpy writes byte for byte what numpy.save writes", "[npy]") {
    for (const char* name : {"f4_2x3.npy", "f8_4.npy", "i4_2x2.npy", "i8_3.npy", "f8_scalar.npy", "f4_0x3.npy"}) {
        INFO(name);
        CHECK(formatNpy(readNpy(npy(name))) == slurp(npy(name)));
    }
}

TEST_CASE("writeNpy round-trips every dtype through readNpy and parseNpy", "[npy]") {
    const std::string path = tempPath("roundtrip.npy");
    writeNpy(path, NpyArray::from<double>({3}, {0.1, -0.2, 0.3}));
    CHECK(readNpy(path).toDouble() == std::vector<double>{0.1, -0.2, 0.3});
    writeNpy(path, NpyArray::from<std::int32_t>({1, 2}, {-5, 9}));
    const NpyArray back = parseNpy(slurp(path), path);
    CHECK(back.dtype == "i4");
    CHECK(back.shape == std::vector<std::int64_t>{1, 2});
    CHECK(back.toInt64() == std::vector<std::int64_t>{-5, 9});
    std::filesystem::remove(path);
}

TEST_CASE("formatNpy switches to a 2.0 header when 1.0 cannot hold it", "[npy]") {
    // 25000 dimensions of 1 make a header longer than 65535 bytes.
    const NpyArray big = NpyArray::from<float>(std::vector<std::int64_t>(25000, 1), {2.5f});
    const std::string image = formatNpy(big);
    CHECK(image[6] == 2);
    CHECK((image.size() - 4) % 64 == 0);  // data (4 bytes) starts on a 64-byte boundary
    const NpyArray back = parseNpy(image, "big");
    CHECK(back.shape.size() == 25000);
    CHECK(back.toFloat() == std::vector<float>{2.5f});
}

TEST_CASE("formatNpy refuses bytes that do not fit the shape", "[npy]") {
    NpyArray a = NpyArray::from<float>({3}, {1, 2});
    CHECK_THROWS_AS(formatNpy(a), std::invalid_argument);
}

TEST_CASE("readNpy names the file and the unsupported dtype or layout", "[npy]") {
    const struct {
        const char* file;
        const char* found;
    } cases[] = {
        {"bad_big_endian.npy", "big-endian dtype '>f4'"},
        {"bad_fortran.npy", "Fortran-ordered (column-major) array of shape [2, 3]"},
        {"bad_object.npy", "object dtype '|O'"},
        {"bad_bool.npy", "bool dtype '|b1'"},
        {"bad_int16.npy", "dtype '<i2'"},
        {"bad_structured.npy", "structured dtype"},
    };
    for (const auto& c : cases) {
        INFO(c.file);
        const std::string message = inputError([&] { readNpy(npy(c.file)); });
        CHECK_THAT(message, Contains(npy(c.file)));
        CHECK_THAT(message, Contains(c.found));
    }
}

TEST_CASE("readNpy rejects missing, truncated, padded and corrupt files", "[npy]") {
    const std::string good = slurp(npy("f4_2x3.npy"));
    const std::string path = tempPath("bad.npy");

    CHECK_THAT(inputError([&] { readNpy(path + ".absent"); }), Contains("cannot open"));

    writeBytes(path, good.substr(0, good.size() - 1));
    CHECK_THAT(inputError([&] { readNpy(path); }), Contains("truncated: shape [2, 3] of f4 needs 24 data bytes, the file has 23"));

    writeBytes(path, good + "xy");
    CHECK_THAT(inputError([&] { readNpy(path); }), Contains("2 unexpected bytes after the [2, 3] array"));

    writeBytes(path, "PK\x03\x04" + good);
    CHECK_THAT(inputError([&] { readNpy(path); }), Contains("not a .npy file"));

    writeBytes(path, good.substr(0, 40));
    CHECK_THAT(inputError([&] { readNpy(path); }), Contains("truncated .npy header"));

    std::string version = good;
    version[6] = 9;
    writeBytes(path, version);
    CHECK_THAT(inputError([&] { readNpy(path); }), Contains("unsupported .npy format version 9.0"));

    writeBytes(path, "");
    CHECK_THAT(inputError([&] { readNpy(path); }), Contains("not a .npy file"));
    std::filesystem::remove(path);
}

TEST_CASE("parseNpy rejects headers that lie or do not parse", "[npy]") {
    const std::string good = slurp(npy("f4_2x3.npy"));
    const auto withHeader = [&](std::string from, std::string to) {
        std::string image = good;
        image.replace(image.find(from), from.size(), to);
        return image;
    };
    // The shape claims more data than there is.
    CHECK_THAT(inputError([&] { parseNpy(withHeader("(2, 3)", "(3, 3)"), "lie"); }), Contains("truncated"));
    CHECK_THAT(inputError([&] { parseNpy(withHeader("(2, 3)", "(2,-3)"), "neg"); }),
               Contains("negative dimension -3"));
    CHECK_THAT(inputError([&] { parseNpy(withHeader("'shape'", "'shapf'"), "noshape"); }),
               Contains("no 'shape' entry"));
    CHECK_THAT(inputError([&] { parseNpy(withHeader("(2, 3)", "(2, x)"), "word"); }),
               Contains("non-integer 'x'"));
    CHECK_THAT(inputError([&] { parseNpy(withHeader("False", "Maybe"), "bool"); }),
               Contains("fortran_order is not True or False"));
    CHECK_THAT(inputError([&] { parseNpy(withHeader("{'descr'", "['descr'"), "brace"); }),
               Contains("malformed .npy header"));
    CHECK_THAT(inputError([&] { parseNpy(withHeader("(2, 3)", "(99999999999, 99999999999)"), "huge"); }),
               Contains("too large"));
}

TEST_CASE("readStatesNpy reads states with int64 or int32 lengths", "[npy][states]") {
    for (const char* lengths : {"lengths_i8.npy", "lengths_i4.npy"}) {
        for (const char* states : {"states_f4.npy", "states_f8.npy"}) {
            INFO(states << " " << lengths);
            const HiddenStates s = readStatesNpy(npy(states), npy(lengths));
            CHECK(s.batch == 2);
            CHECK(s.time == 3);
            CHECK(s.dim == 2);
            CHECK(s.lengths == std::vector<int>{3, 2});
            // arange(12)/4 reshaped to [2,3,2]: element (1, 2, 1) is 11/4.
            CHECK(s.row(1, 2)[1] == 2.75f);
            CHECK(s.row(0, 1)[0] == 0.5f);
        }
    }
    CHECK(readStatesNpy(npy("states_f4.npy")).lengths == std::vector<int>{3, 3});
}

TEST_CASE("writeStatesNpy round-trips states and lengths", "[npy][states]") {
    HiddenStates s = HiddenStates::zeros(2, 4, 3);
    for (std::size_t i = 0; i < s.values.size(); ++i) s.values[i] = 0.25f * static_cast<float>(i) - 1.0f;
    s.lengths = {4, 1};
    const std::string sp = tempPath("states.npy"), lp = tempPath("lengths.npy");
    writeStatesNpy(s, sp, lp);
    const HiddenStates back = readStatesNpy(sp, lp);
    CHECK(back.values == s.values);
    CHECK(back.lengths == s.lengths);
    CHECK(readNpy(lp).dtype == "i8");
    std::filesystem::remove(sp);
    std::filesystem::remove(lp);
}

TEST_CASE("readStatesNpy rejects wrong shapes, dtypes, lengths and values", "[npy][states]") {
    CHECK_THAT(inputError([] { readStatesNpy(npy("bad_states_2d.npy")); }),
               Contains("must have shape [batch, time, dim], found [2, 3]"));
    CHECK_THAT(inputError([] { readStatesNpy(npy("lengths_i8.npy")); }), Contains("found [2]"));
    CHECK_THAT(inputError([] { readStatesNpy(npy("bad_nan_states.npy")); }),
               Contains(npy("bad_nan_states.npy") + ": non-finite value"));
    CHECK_THAT(inputError([] { readStatesNpy(npy("states_f4.npy"), npy("bad_lengths_float.npy")); }),
               Contains(npy("bad_lengths_float.npy") + ": lengths must be integers"));
    CHECK_THAT(inputError([] { readStatesNpy(npy("states_f4.npy"), npy("i8_3.npy")); }),
               Contains("lengths must have shape [2] to match the states, found [3]"));

    const std::string lp = tempPath("lengths_bad.npy");
    writeNpy(lp, NpyArray::from<std::int64_t>({2}, {3, 4}));
    CHECK_THAT(inputError([&] { readStatesNpy(npy("states_f4.npy"), lp); }),
               Contains(lp + ": sequence 1 has length 4, outside 1..3"));
    writeNpy(lp, NpyArray::from<std::int32_t>({2}, {0, 1}));
    CHECK_THAT(inputError([&] { readStatesNpy(npy("states_f4.npy"), lp); }), Contains("sequence 0 has length 0"));
    writeNpy(lp, NpyArray::from<float>({0, 2, 2}, {}));
    CHECK_THAT(inputError([&] { readStatesNpy(lp); }), Contains("hidden states are empty"));
    std::filesystem::remove(lp);
}
