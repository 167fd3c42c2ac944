#include "core/data/csv_table.h"

#include "core/common/error.h"
#include "core/data/text_file.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

using namespace kann;
using Catch::Matchers::Contains;

namespace {

std::string text(const std::string& name) { return test::fixture("text/" + name); }

}  // namespace

TEST_CASE("parseCsv gives the records Python's csv module gives", "[csv]") {
    const auto truth = nlohmann::json::parse(readWholeFile(text("table_truth.json")));
    for (const auto& [name, rows] : truth.items()) {
        INFO(name);
        const char delimiter = name.size() > 4 && name.substr(name.size() - 4) == ".tsv" ? '\t' : ',';
        const CsvRecords r = parseCsv(readWholeFile(text(name)), delimiter, name);
        CHECK(r.rows == rows.get<std::vector<std::vector<std::string>>>());
    }
}

TEST_CASE("parseCsv keeps quoted delimiters, doubled quotes, newlines and spaces", "[csv]") {
    const CsvRecords r = parseCsv("text,label\n\"a, \"\"b\"\"\nc\",1\n  d ,\t0\n\n", ',', "t.csv");
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[1] == std::vector<std::string>{"a, \"b\"\nc", "1"});
    CHECK(r.rows[2] == std::vector<std::string>{"  d ", "\t0"});
    CHECK(r.lines == std::vector<std::size_t>{1, 3, 4});
}

TEST_CASE("parseCsv refuses a quote never closed, naming the file and the line", "[csv]") {
    CHECK_THROWS_WITH(parseCsv("a,b\n\"open,1\nx,2\n", ',', "t.csv"),
                      Contains("t.csv") && Contains("never closed") && Contains("line 2"));
}
