// The fingerprint that decides whether moments from different machines may merge: the files by
// their SHA-256, every option that changes the states, and none of the options that only pick
// the part or shape the fit.
#include "core/pipeline/states_fingerprint.h"

#include "test_support.h"

using namespace kann;

namespace {

SourceSpec modelOnData() {
    SourceSpec spec;
    spec.modelPath = test::writeTemp("fingerprint_model.pt", "abc");  // SHA-256 known by heart
    spec.dataPath = test::writeTemp("fingerprint_data.txt", "");
    return spec;
}

}  // namespace

TEST_CASE("the fingerprint names each file by the SHA-256 of its bytes", "[states_fingerprint]") {
    const Fingerprint f = statesFingerprint(modelOnData());
    CHECK(f.at("--model") == "SHA-256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(f.at("--data") == "SHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(f.count("--states") == 0);  // a file not given is not part of it
}

TEST_CASE("options that pick the part or shape the fit leave the fingerprint alone", "[states_fingerprint]") {
    const Fingerprint base = statesFingerprint(modelOnData());
    SourceSpec part = modelOnData();
    part.selection.count = 7;
    part.selection.offset = 70;
    part.analysis.k = 3;
    part.analysis.seed = 11;
    CHECK(statesFingerprint(part) == base);
    CHECK(base.count("--batch") == 0);
    CHECK(base.count("--k") == 0);
}

TEST_CASE("another layer, another length or other file bytes change the fingerprint", "[states_fingerprint]") {
    const Fingerprint base = statesFingerprint(modelOnData());
    SourceSpec layer = modelOnData();
    layer.load.layer = 1;
    CHECK(statesFingerprint(layer).at("--layer") != base.at("--layer"));
    SourceSpec shorter = modelOnData();
    shorter.selection.maxLength = 12;
    CHECK(statesFingerprint(shorter) != base);
    SourceSpec retrained = modelOnData();
    retrained.modelPath = test::writeTemp("fingerprint_model_2.pt", "abd");
    CHECK(statesFingerprint(retrained).at("--model") != base.at("--model"));
    SourceSpec driven = modelOnData();
    driven.analysis.fit = Fit::Inputs;  // its parts hold the input blocks
    CHECK(statesFingerprint(driven).at("--fit") == "inputs");
    CHECK(base.count("--fit") == 0);
}
