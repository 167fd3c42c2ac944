#include "core/data/json_lines.h"

#include "core/common/error.h"
#include "test_support.h"

using namespace kann;
using Catch::Matchers::Contains;

TEST_CASE("readJsonLines: keys in first-seen order, values as text, blank lines skipped", "[jsonl]") {
    const CsvRecords r = readJsonLines("{\"text\": \"a, b\", \"label\": 1}\n\n{\"label\": true, \"extra\": null}\n", "t.jsonl");
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[0] == std::vector<std::string>{"text", "label", "extra"});
    CHECK(r.rows[1] == std::vector<std::string>{"a, b", "1", ""});
    CHECK(r.rows[2] == std::vector<std::string>{"", "true", ""});
    CHECK(r.lines == std::vector<std::size_t>{0, 1, 3});
}

TEST_CASE("readJsonLines refuses lines that are not JSON objects, naming the line", "[jsonl]") {
    CHECK_THROWS_WITH(readJsonLines("{\"a\": 1}\n{\"a\": \n", "t.jsonl"),
                      Contains("t.jsonl") && Contains("line 2") && Contains("not valid JSON"));
    CHECK_THROWS_WITH(readJsonLines("[1, 2]\n", "t.jsonl"), Contains("line 1 is not a JSON object"));
}
