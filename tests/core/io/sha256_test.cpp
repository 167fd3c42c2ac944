// SHA-256 against the FIPS 180-2 / NIST example vectors and the system's sha256sum.
#include "core/io/sha256.h"

#include "test_support.h"

#include <filesystem>
#include <fstream>

using namespace kann;

TEST_CASE("SHA-256 gives the FIPS 180-2 example digests", "[sha256]") {
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256Hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // 896-bit message of FIPS 180-4's examples: two blocks after padding.
    CHECK(sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("SHA-256 does not depend on how the message is split", "[sha256]") {
    std::string message;
    for (int i = 0; i < 300; ++i) message += static_cast<char>(i * 7 + 3);
    const std::string whole = sha256Hex(message);
    for (std::size_t cut : {0, 1, 55, 56, 63, 64, 65, 128, 299}) {
        Sha256 split;
        split.update(std::string_view(message).substr(0, cut));
        split.update(std::string_view(message).substr(cut));
        CHECK(split.hexDigest() == whole);
    }
}

TEST_CASE("file and folder digests; a missing path is refused by name", "[sha256]") {
    const auto dir = std::filesystem::temp_directory_path() / "kann_sha256_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "sub");
    std::ofstream(dir / "sub" / "x.txt") << "abc";
    std::ofstream(dir / "a.txt") << "";
    CHECK(sha256Path((dir / "sub" / "x.txt").string()) == sha256Hex("abc"));
    const std::string listing = std::string("a.txt") + '\0' + sha256Hex("") + "\n" + "sub/x.txt" + '\0' +
                                sha256Hex("abc") + "\n";
    CHECK(sha256Path(dir.string()) == sha256Hex(listing));
    CHECK_THROWS_WITH(sha256Path((dir / "nope").string()), Catch::Contains("nope") && Catch::Contains("does not exist"));
    std::filesystem::remove_all(dir);
}
