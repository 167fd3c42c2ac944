// A vocabulary file in each of its forms (lines, a JSON object with gaps, a JSON list), its
// unknown token found or named, and every bad file refused with its name and the problem.
#include "core/data/vocab.h"

#include "core/common/error.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string text(const std::string& name) { return test::fixture("text/" + name); }

std::string vocabFile(const std::string& name, const std::string& content) { return test::writeTemp(name, content); }

}  // namespace

TEST_CASE("JSON vocabularies: an object with gaps in its ids, a list, and [UNK]", "[vocab]") {
    const Vocab object = Vocab::load(text("vocab_object.json"));
    CHECK(object.size() == 8);  // ids run to 7; id 6 is a gap
    CHECK(object.find("good") == 7);
    CHECK(object.token(6).empty());
    CHECK(object.unkId() == 0);
    CHECK_THAT(object.describe(), Contains("JSON object") && Contains("'<unk>'"));
    const Vocab list = Vocab::load(text("vocab_list.json"));
    CHECK(list.find("film") == 3);
    CHECK(list.unkId() == 1);
    CHECK_THAT(list.describe(), Contains("JSON list") && Contains("'[UNK]'"));
    const Vocab lines = Vocab::load(text("vocab_bracket_unk.txt"));  // starts with "[PAD]", yet is not JSON
    CHECK(lines.size() == 4);
    CHECK(lines.unkId() == 1);
    const Vocab named = Vocab::load(text("vocab_list.json"), "[PAD]");
    CHECK(named.unkId() == 0);
    CHECK_THAT(named.describe(), Contains("(--unk)"));
}

TEST_CASE("Bad vocabularies name the file and the problem", "[vocab]") {
    CHECK_THROWS_WITH(Vocab::load(text("bad_vocab_duplicate.json")),
                      Contains("bad_vocab_duplicate.json") && Contains("'the' appears twice"));
    CHECK_THROWS_WITH(Vocab::load(text("bad_vocab_shared_id.json")), Contains("share id 1"));
    CHECK_THROWS_WITH(Vocab::load(text("vocab_list.json"), "<oov>"), Contains("vocab_list.json") && Contains("'<oov>'") &&
                                                                        Contains("--unk"));
    CHECK_THROWS_WITH(Vocab::load(vocabFile("neg.json", "{\"a\": -1}")), Contains("id -1"));
    CHECK_THROWS_WITH(Vocab::load(vocabFile("broken.json", "{\"a\": 1")), Contains("broken.json") && Contains("not valid JSON"));
}

TEST_CASE("Vocab reads one token per line, splitting on newline only", "[vocab]") {
    const std::string path = (std::filesystem::temp_directory_path() / "kann_vocab_test.vocab").string();
    {
        std::ofstream out(path, std::ios::binary);
        out << "<unk>\n\x10\nnext\xc2\x85line\ncr\r\n\nlast\n";
    }
    const Vocab v = Vocab::load(path);
    CHECK(v.size() == 6);
    CHECK(v.find("\x10") == 1);
    CHECK(v.find("next\xc2\x85line") == 2);
    CHECK(v.find("cr\r") == 3);
    CHECK(v.find("") == 4);
    CHECK(v.find("last") == 5);
    CHECK(v.find("absent") == -1);
    CHECK(v.token(2) == "next\xc2\x85line");
    CHECK(v.source() == path);
    CHECK_THROWS_AS(v.token(6), std::out_of_range);
    std::filesystem::remove(path);
}

TEST_CASE("Vocab keeps the first id of a repeated token and indexes continuations", "[vocab]") {
    const Vocab v = Vocab::fromTokens({"<unk>", "a", "##b", "a", "##"});
    CHECK(v.find("a") == 1);
    CHECK(v.findContinuation("b") == 2);
    CHECK(v.findContinuation("") == -1);
    CHECK(v.find("##") == 4);
}

TEST_CASE("Missing and empty vocabulary files are clear errors", "[vocab]") {
    CHECK_THROWS_WITH(Vocab::load("/nonexistent/imdb.vocab"),
                      Contains("/nonexistent/imdb.vocab: cannot open the vocabulary file"));
    const std::string path = (std::filesystem::temp_directory_path() / "kann_vocab_empty.vocab").string();
    std::ofstream(path).close();
    CHECK_THROWS_WITH(Vocab::load(path), Contains("the vocabulary file is empty"));
    std::filesystem::remove(path);
}
