#include "core/models/torch_pickle.h"

#include "core/common/error.h"
#include "core/io/zip_archive.h"
#include "model_fixtures.h"

#include <random>

using namespace kann;
using kann::test::torchFixture;

namespace {

const PlainTensor& find(const std::vector<NamedTensor>& tensors, const std::string& key) {
    for (const auto& t : tensors) {
        if (t.key == key) return t.tensor;
    }
    FAIL("no key " << key);
    throw std::logic_error("unreachable");
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

// The pickle and storages of a real checkpoint, to feed unpickleStateDict altered copies.
struct Checkpoint {
    ZipArchive zip;
    std::string prefix;
    explicit Checkpoint(const std::string& name) : zip(torchFixture(name + ".pt")), prefix(name + "/") {}
    std::string pickle() const { return zip.read(prefix + "data.pkl"); }
    StorageReader storages(int* calls = nullptr) const {
        return [this, calls](const std::string& key, std::uint64_t maxBytes) {
            if (calls) ++*calls;
            return zip.read(prefix + "data/" + key, maxBytes);
        };
    }
};

}  // namespace

TEST_CASE("every dtype, strided views and parameters are rebuilt as PyTorch saved them", "[torch_pickle]") {
    const auto tensors = readStateDict(torchFixture("dtypes.pt"));
    const std::vector<float> base = readNpy(torchFixture("dtypes_base.npy")).toFloat();  // 3 x 4, k/8 - 0.5
    for (const char* key : {"f64", "f16", "bf16"}) {
        const PlainTensor& t = find(tensors, key);
        CHECK(t.shape == std::vector<std::int64_t>{3, 4});
        CHECK(t.data == base);  // multiples of 1/8 are exact in every float type
    }
    CHECK(find(tensors, "f64").dtype == DType::Float64);
    CHECK(find(tensors, "f16").dtype == DType::Float16);
    CHECK(dtypeName(find(tensors, "bf16").dtype) == "bfloat16");
    CHECK(find(tensors, "i64").data == std::vector<float>{-3, 0, 1 << 20});
    CHECK(find(tensors, "i32").data == std::vector<float>{7, -7});
    CHECK(find(tensors, "u8").data == std::vector<float>{0, 255});
    CHECK(find(tensors, "flag").data == std::vector<float>{1, 0});
    const PlainTensor& transposed = find(tensors, "transposed");
    REQUIRE(transposed.shape == std::vector<std::int64_t>{4, 3});
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 3; ++j) CHECK(transposed.data[i * 3 + j] == base[j * 4 + i]);
    }
    CHECK(find(tensors, "row1").data == std::vector<float>(base.begin() + 4, base.begin() + 8));
    CHECK(find(tensors, "column2").data == std::vector<float>{base[2], base[6], base[10]});
    CHECK(find(tensors, "scalar").shape.empty());
    CHECK(find(tensors, "scalar").data == std::vector<float>{2.5f});
    CHECK(find(tensors, "param").data == std::vector<float>(base.begin(), base.begin() + 4));
}

TEST_CASE("a state dict keeps its keys in file order", "[torch_pickle]") {
    std::vector<std::string> keys;
    for (const auto& t : readStateDict(torchFixture("sentiment_gru.pt"))) keys.push_back(t.key);
    CHECK(keys == std::vector<std::string>{"embedding.weight", "rnn.weight_ih", "rnn.weight_hh", "rnn.bias_ih",
                                           "rnn.bias_hh", "linear.weight", "linear.bias"});
}

TEST_CASE("globals outside the allowlist are refused before anything is built", "[torch_pickle]") {
    const std::string file = torchFixture("bad_os_system.pt");
    const std::string message = errorOf([&] { readStateDict(file); });
    CHECK_THAT(message, Catch::Contains(file) && Catch::Contains("posix.system") && Catch::Contains("refused"));

    // A real state dict with os.system appended: no storage is read.
    const Checkpoint good("sentiment_gru");
    std::string pickle = good.pickle();
    pickle.insert(pickle.size() - 1, "cposix\nsystem\n");
    int reads = 0;
    CHECK_THAT(errorOf([&] { unpickleStateDict(pickle, good.storages(&reads), "x.pt"); }),
               Catch::Contains("posix.system"));
    CHECK(reads == 0);
    CHECK_THAT(errorOf([&] { unpickleStateDict("\x80\x02" "cbuiltins\neval\n.", good.storages(), "x.pt"); }),
               Catch::Contains("builtins.eval"));
}

TEST_CASE("a whole pickled model is told to save its state dict", "[torch_pickle]") {
    CHECK_THAT(errorOf([] { readStateDict(torchFixture("bad_whole_model.pt")); }),
               Catch::Contains("whole pickled model") && Catch::Contains("torch.save(model.state_dict(), path)"));
    CHECK_THAT(errorOf([] { unpickleStateDict("\x80\x02" "c__main__\nNet\n.", {}, "m.pt"); }),
               Catch::Contains("whole pickled model"));
}

TEST_CASE("tensors reaching outside their storage are refused", "[torch_pickle]") {
    CHECK_THAT(errorOf([] { readStateDict(torchFixture("bad_tensor_offset.pt")); }),
               Catch::Contains("reaches element 7 of a storage of 6"));
    CHECK_THAT(errorOf([] { readStateDict(torchFixture("bad_tensor_size.pt")); }),
               Catch::Contains("reaches element 7 of a storage of 6"));
    CHECK_THAT(errorOf([] { readStateDict(torchFixture("bad_tensor_stride.pt")); }), Catch::Contains("negative stride"));
    CHECK_THAT(errorOf([] { readStateDict(torchFixture("bad_tensor_absurd.pt")); }), Catch::Contains("absurd size"));
}

TEST_CASE("broken files name the file and the problem", "[torch_pickle]") {
    for (const char* name : {"bad_truncated.pt", "bad_corrupt.pt", "bad_plain_pickle.pt", "missing.pt"}) {
        const std::string file = torchFixture(name);
        CHECK_THAT(errorOf([&] { readStateDict(file); }), Catch::StartsWith(file + ": "));
    }
    CHECK_THAT(errorOf([] { readStateDict(torchFixture("bad_plain_pickle.pt")); }), Catch::Contains("a bare pickle"));
    CHECK_THAT(errorOf([] { readStateDict(torchFixture("scripted.pt")); }), Catch::Contains("TorchScript"));
}

TEST_CASE("malformed pickles are errors, not crashes", "[torch_pickle]") {
    using namespace std::string_literals;  // the pickles hold NUL bytes
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"\x80\x02}"s, "no STOP"},
        {"\x80\x02h\x05."s, "memo entry 5 is not set"},
        {"\x80\x02s."s, "too few objects"},
        {"\x80\x02\xff."s, "opcode 0xff"},
        {"\x80\x02K\x05."s, "holds a value of type int, not a state dict"},
        {"\x80\x02}X\x01\x00\x00\x00kK\x01s."s, "'k' holds a value of type int, not a tensor"},
        {"\x80\x02X\xff\xff\xff\x7f"s, "ends inside an instruction"},
        {"\x80\x02\x93."s, "STACK_GLOBAL"},
        {"\x80\x02)"s + std::string(100, '\x85') + "."s, "nested too deeply"},
        {"\x80\x02]q\x00]h\x00" "ah\x00" "K\x01" "a."s, "changes an object already inside another"},
        {"\x80\x02]q\x00h\x00" "a."s, "a container holds itself"},
        {"\x80\x02}q\x00h\x00K\x01h\x00s."s, "a container holds itself"},
    };
    for (const auto& [pickle, why] : cases) {
        CAPTURE(why);
        CHECK_THAT(errorOf([&] { unpickleStateDict(pickle, {}, "p.pt"); }), Catch::Contains(why));
    }
}

TEST_CASE("every truncation and random byte changes of a real pickle fail cleanly", "[torch_pickle]") {
    const Checkpoint good("sentiment_lstm");
    const std::string pickle = good.pickle();
    for (std::size_t n = 0; n + 1 < pickle.size(); ++n)
        REQUIRE_THROWS_AS(unpickleStateDict(pickle.substr(0, n), good.storages(), "p.pt"), InputError);
    std::mt19937 random(7);
    int loaded = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        std::string mutated = pickle;
        for (int k = 0; k < 3; ++k) mutated[random() % mutated.size()] = static_cast<char>(random());
        try {
            unpickleStateDict(mutated, good.storages(), "p.pt");
            ++loaded;
        } catch (const InputError&) {
        }
    }
    CHECK(loaded < 3000);
}

TEST_CASE("a zip bomb storage is refused before it is inflated", "[torch_pickle]") {
    // A state dict whose 64 MiB storage of zeros is deflated to 65 kB (scripts/make_hostile_fixtures.py).
    const std::string bomb = test::fixture("hostile/bomb.pt");
    {
        const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", std::to_string(16 << 20));
        CHECK_THROWS_WITH(readStateDict(bomb), Catch::StartsWith(bomb + ": entry 'bomb/data/0' would expand to 64.0 MiB") &&
                                                   Catch::Contains("zip bomb"));
    }
    // Given the memory, the same file is a valid state dict: it was the limit that refused it.
    const test::ScopedEnv limit("KANN_MEMORY_LIMIT_BYTES", std::to_string(1 << 30));
    const auto tensors = readStateDict(bomb);
    REQUIRE(tensors.size() == 1);
    CHECK(tensors[0].key == "w");
    CHECK(tensors[0].tensor.shape == std::vector<std::int64_t>{1 << 24});
}

TEST_CASE("storages shorter than the pickle claims are refused", "[torch_pickle]") {
    const Checkpoint good("sentiment_gru");
    const StorageReader shortened = [&](const std::string& key, std::uint64_t maxBytes) {
        std::string bytes = good.storages()(key, maxBytes);
        return bytes.substr(0, bytes.size() - 4);
    };
    CHECK_THAT(errorOf([&] { unpickleStateDict(good.pickle(), shortened, "short.pt"); }),
               Catch::StartsWith("short.pt: storage '0' holds ") && Catch::Contains("bytes, not the"));
}

TEST_CASE("every way of naming code to run is refused by its global, with no storage read", "[torch_pickle]") {
    const Checkpoint good("sentiment_gru");
    for (const char* global : {"os\nsystem", "posix\nsystem", "nt\nsystem", "subprocess\nPopen", "builtins\nexec",
                               "builtins\ngetattr", "__builtin__\neval", "torch\nload", "torch._utils\n_rebuild_qtensor",
                               "collections\ndefaultdict"}) {
        std::string name = global;
        name[name.find('\n')] = '.';
        CAPTURE(name);
        std::string pickle = good.pickle();
        pickle.insert(pickle.size() - 1, std::string("c") + global + "\n");  // a GLOBAL before STOP
        int reads = 0;
        CHECK_THAT(errorOf([&] { unpickleStateDict(pickle, good.storages(&reads), "x.pt"); }),
                   Catch::StartsWith("x.pt: refused: the pickle calls " + name));
        CHECK(reads == 0);
    }
}
