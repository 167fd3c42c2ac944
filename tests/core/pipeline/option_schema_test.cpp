// The option schema: every option round-trips through text and JSON, owns a field of its own,
// and refuses values outside its type, range and choices by name.
#include "core/pipeline/option_schema.h"

#include "core/common/error.h"
#include "option_samples.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <set>

using namespace kann;

TEST_CASE("each option's sample differs from its default and changes only its own value", "[option_schema]") {
    const OptionValues defaults = sourceValues(SourceSpec{});
    for (const SourceOption& o : sourceOptions()) {
        INFO("--" << o.name);
        SourceSpec spec;
        o.apply(spec, test::sampleValue(o));
        const OptionValues after = sourceValues(spec);
        for (const auto& [name, value] : after)
            if (name == o.name) CHECK(value == test::sampleValue(o));
            else CHECK(value == defaults.at(name));
        CHECK(test::sampleValue(o) != o.defaultValue());
    }
}

TEST_CASE("every option round-trips through text and JSON", "[option_schema]") {
    SourceSpec spec;
    applySourceValues(test::sampleValues(), spec);
    CHECK(sourceValues(spec) == test::sampleValues());

    SourceSpec fromJson;
    for (const SourceOption& o : sourceOptions())
        if (o.group == "files") o.apply(fromJson, o.read(spec));  // files are saved with their digests, apart
    applySourceOptionsJson(nlohmann::json::parse(sourceOptionsJson(spec).dump()), fromJson);
    CHECK(sourceValues(fromJson) == test::sampleValues());
}

TEST_CASE("JSON types numbers and flags, and an absent key keeps the value", "[option_schema]") {
    SourceSpec spec;
    spec.selection.count = 12;
    spec.analysis.includePadding = true;
    const nlohmann::json j = sourceOptionsJson(spec);
    CHECK(j.at("selection").at("count") == 12);
    CHECK(j.at("analysis").at("include_padding") == true);
    CHECK(j.at("analysis").at("reduction") == "svd");
    CHECK_FALSE(j.contains("files"));
    SourceSpec partial;
    partial.selection.offset = 3;
    applySourceOptionsJson({{"selection", {{"count", 7}}}}, partial);
    CHECK(partial.selection.count == 7);
    CHECK(partial.selection.offset == 3);
}

TEST_CASE("names, aliases and JSON keys are unique", "[option_schema]") {
    std::set<std::string> names, keys;
    for (const SourceOption& o : sourceOptions()) {
        CHECK(names.insert(o.name).second);
        for (const std::string& alias : o.aliases) CHECK(names.insert(alias).second);
        CHECK(keys.insert(o.group + "." + o.jsonKey).second);
        CHECK(findSourceOption(o.name) == &o);
        CHECK_FALSE(o.help.empty());
    }
    CHECK(findSourceOption("count")->name == "batch");
    CHECK(findSourceOption("max-length")->name == "max-len");
    CHECK(findSourceOption("no-such-option") == nullptr);
}

TEST_CASE("values outside an option's type, range or choices are refused by name", "[option_schema]") {
    SourceSpec spec;
    CHECK_THROWS_WITH(applySourceValues({{"batch", "0"}}, spec), Catch::Contains("--batch") && Catch::Contains("1.."));
    CHECK_THROWS_WITH(applySourceValues({{"k", "4x"}}, spec), Catch::Contains("--k") && Catch::Contains("whole number"));
    CHECK_THROWS_WITH(applySourceValues({{"reduction", "qr"}}, spec),
                      Catch::Contains("--reduction") && Catch::Contains("svd, pca, rsvd"));
    CHECK_THROWS_WITH(applySourceValues({{"znorm", "yes"}}, spec), Catch::Contains("--znorm"));
    CHECK_THROWS_WITH(applySourceValues({{"colour", "red"}}, spec), Catch::Contains("--colour"));
    CHECK_THROWS_WITH(applySourceOptionsJson({{"selection", {{"count", 1.5}}}}, spec), Catch::Contains("--batch"));
    applySourceValues({{"count", "9"}, {"max-length", "30"}, {"lstm-state", "hc"}}, spec);
    CHECK(spec.selection.count == 9);
    CHECK(spec.selection.maxLength == 30);
    CHECK(spec.load.lstmHiddenAndCell);
}

TEST_CASE("every choice the schema offers is one core reads and writes back by that name", "[option_schema]") {
    // The choices of --reduction, --fit, --stream and the layouts are listed in the schema, and their
    // names are core's (reductionName, parseFit, ...): a name spelt two ways fails here.
    for (const SourceOption& o : sourceOptions()) {
        for (const std::string& choice : o.choices) {
            INFO("--" << o.name << " " << choice);
            SourceSpec spec;
            if (!o.onlyWith.first.empty()) findSourceOption(o.onlyWith.first)->apply(spec, o.onlyWith.second);
            CHECK_NOTHROW(o.apply(spec, choice));
            CHECK(o.read(spec) == choice);
        }
    }
}

TEST_CASE("an option that means something only with another's value is refused without it", "[option_schema]") {
    SourceSpec spec;
    CHECK_THROWS_WITH(applySourceValues({{"input-k", "4"}}, spec),
                      Catch::Contains("--input-k") && Catch::Contains("--fit inputs") && Catch::Contains("autonomous"));
    CHECK_THROWS_WITH(applySourceValues({{"input-k", "4"}, {"fit", "autonomous"}}, spec), Catch::Contains("--input-k"));
    SourceSpec driven;
    applySourceValues({{"input-k", "4"}, {"fit", "inputs"}}, driven);
    CHECK(driven.analysis.inputK == 4);
    CHECK(driven.analysis.fit == Fit::Inputs);
    // Every option written out, as recent files and saved explorations hold them, reads back:
    // a default asks for nothing.
    SourceSpec all;
    CHECK_NOTHROW(applySourceValues(sourceValues(SourceSpec{}), all));
    CHECK_NOTHROW(applySourceValues({{"input-k", "-1"}, {"fit", "autonomous"}}, all));
}

TEST_CASE("the help line names the choices, the default and what the minimum stands for", "[option_schema]") {
    CHECK_THAT(findSourceOption("reduction")->describe(), Catch::EndsWith("(svd|pca|rsvd; default svd)"));
    CHECK_THAT(findSourceOption("batch")->describe(), Catch::EndsWith("(default 64)"));
    CHECK_THAT(findSourceOption("label")->describe(), Catch::EndsWith("(-1 = any; default -1)"));
}

TEST_CASE("the files must name one source", "[option_schema]") {
    SourceSpec spec;
    CHECK_THROWS_WITH(checkSourceFiles(spec), Catch::Contains("--states or --model"));
    spec.modelPath = "m.pt";
    CHECK_THROWS_WITH(checkSourceFiles(spec), Catch::Contains("--data"));
    spec.dataPath = "d.tsv";
    CHECK_NOTHROW(checkSourceFiles(spec));
    spec.lengthsPath = "l.npy";
    CHECK_THROWS_WITH(checkSourceFiles(spec), Catch::Contains("--lengths"));
}
