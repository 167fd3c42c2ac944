#include "core/models/network.h"

#include "core/common/error.h"
#include "core/io/zip_archive.h"
#include "model_fixtures.h"

using namespace kann;
using namespace kann::test;

TEST_CASE("files that are neither checkpoint kind are refused by name", "[network]") {
    const std::string npy = fixture("npy/f4_2x3.npy");
    CHECK_THROWS_WITH(loadNetwork(npy), Catch::StartsWith(npy + ": not a valid zip archive"));
    const std::string zip = (std::filesystem::temp_directory_path() / "kann_models_empty.zip").string();
    writeZipArchive(zip, {{"archive/readme.txt", "hello"}});
    CHECK_THROWS_WITH(loadNetwork(zip), Catch::StartsWith(zip + ": neither a torch.save state dict"));
    std::filesystem::remove(zip);
    const std::string legacy = torchFixture("bad_plain_pickle.pt");
    CHECK_THROWS_WITH(loadNetwork(legacy), Catch::StartsWith(legacy + ": a bare pickle"));
    const std::string missing = torchFixture("no_such_model.pt");
    CHECK_THROWS_WITH(loadNetwork(missing), Catch::StartsWith(missing + ": "));
}

TEST_CASE("networks without a readout or decoder say so", "[network]") {
    const auto network = loadNetwork(torchFixture("stack_gru.pt"));
    const RowMatrixXf states = RowMatrixXf::Zero(2, network->info().stateDim);
    CHECK_THROWS_WITH(network->readout(states), "this stack model has no readout");
    CHECK_THROWS_WITH(network->decode(states, 4), "this stack model has no decoder");
    const auto sentiment = loadNetwork(torchFixture("sentiment_gru.pt"));
    CHECK_THROWS_WITH(sentiment->readout(RowMatrixXf::Zero(2, 5)),
                      Catch::Contains("the readout takes states of dimension 12, got 5"));
}

TEST_CASE("a checkpoint with a NaN weight is refused naming the key and index", "[network]") {
    // {'w': [[1, 2], [nan, 4]]} (scripts/make_hostile_fixtures.py): refused before any layout is tried.
    const std::string path = fixture("hostile/nan_weight.pt");
    CHECK_THROWS_WITH(loadNetwork(path), Catch::StartsWith(path + ": 'w' holds a non-finite weight (nan) at [1, 0], "
                                                                  "element 2 of 4"));
}
