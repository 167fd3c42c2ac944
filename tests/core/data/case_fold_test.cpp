#include "core/data/case_fold.h"

#include "core/data/dataset.h"
#include "test_support.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

using namespace kann;

namespace {

// ICU's NFKC_Casefold of the whole text at once: the independent reference.
std::string wholeFold(const std::string& text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    std::string out;
    icu::StringByteSink<std::string> sink(&out);
    n->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr, status);
    REQUIRE(U_SUCCESS(status));
    return out;
}

}  // namespace

TEST_CASE("caseFold equals NFKC_Casefold of the whole text on tricky input", "[casefold]") {
    const std::string samples[] = {
        "Hello WORLD, 123 <br />",
        "Stra\xc3\x9f" "e \xef\xac\x81ne \xef\xbc\xa8\xef\xbd\x85\xef\xbd\x8c\xef\xbd\x8c\xef\xbd\x8f",  // ß, ﬁ, fullwidth
        "Cafe\xcc\x81 CAFE\xcc\x81\xcc\xa7 e\xcc\x81\xcc\x81",                                       // combining marks
        "soft\xc2\xadhyphen zero\xe2\x80\x8bwidth",                                                 // ignorables vanish
        "\xce\x9f\xce\x94\xce\xa5\xce\xa3\xce\xa3\xce\x95\xce\xa5\xce\xa3",                         // ΟΔΥΣΣΕΥΣ
        "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8 \xea\xb0\x80\xe1\x86\xa8",                             // Hangul jamo compose
        "Don\xc2\xb4t \xe2\x84\xab \xe2\x91\xa0 \xc2\xbd",                                          // ´ Å ① ½
        "\xc2\x85\xc2\x96\xc2\x97",                                                                 // C1 controls stay
    };
    for (const std::string& s : samples) {
        INFO(s);
        CHECK(caseFold(s).text == wholeFold(s));
    }
}

TEST_CASE("caseFold records where each folded byte came from", "[casefold]") {
    const FoldedText f = caseFold("A\xc3\x9f\xef\xac\x81");  // "Aßﬁ" -> "assfi"
    CHECK(f.text == "assfi");
    CHECK(f.originBegin == std::vector<std::uint32_t>{0, 1, 1, 3, 3});
    CHECK(f.originEnd == std::vector<std::uint32_t>{1, 3, 3, 6, 6});
    // Ill-formed bytes pass through, each from itself.
    const FoldedText bad = caseFold("A\xff" "B");
    CHECK(bad.text == "a\xff" "b");
    CHECK(bad.originBegin == std::vector<std::uint32_t>{0, 1, 2});
}

TEST_CASE("isUnicodeWhitespace follows ICU's White_Space", "[casefold]") {
    for (char32_t c : {U' ', U'\t', U'\n', U'\v', U'\f', U'\r', U'\u0085', U'\u00a0', U'\u2003', U'\u2028', U'\u3000'})
        CHECK(isUnicodeWhitespace(c));
    for (char32_t c : {U'a', U'\x1c', U'\u200b', U'\u00ad', U'\u0096'}) CHECK_FALSE(isUnicodeWhitespace(c));
}

TEST_CASE("Shared: folding the aclImdb sample piecewise equals folding it whole", "[casefold][shared]") {
    KANN_REQUIRE_SHARED("aclimdb-sample/aclimdb_test_sample5000.tsv", path);
    const Dataset d = loadDataset(path.string());
    int nonAscii = 0;
    for (const std::string& review : d.texts) {
        const bool ascii = std::all_of(review.begin(), review.end(), [](char c) { return (c & 0x80) == 0; });
        nonAscii += !ascii;
        if (!ascii) REQUIRE(caseFold(review).text == wholeFold(review));
    }
    CHECK(nonAscii > 100);
}
