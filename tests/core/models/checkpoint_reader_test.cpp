#include "core/models/checkpoint_reader.h"

#include "core/common/error.h"
#include "model_fixtures.h"

using namespace kann;
using kann::test::torchFixture;

TEST_CASE("training checkpoints give up their state dict and say which entry", "[checkpoint_reader]") {
    // {'epoch', 'model_state_dict', 'optimizer_state_dict' (nested dicts, lists, floats), 'loss', 'note'}
    const StateDict trained = openStateDict(torchFixture("role_training_checkpoint.pt"));
    CHECK(trained.notes() == std::vector<std::string>{"training checkpoint, state dict from 'model_state_dict'"});
    CHECK(trained.keys().front() == "embed.weight");
    CHECK(trained.keys().size() == 9);
    const StateDict parallel = openStateDict(torchFixture("role_dataparallel_rnn_relu.pt"));
    CHECK(parallel.notes() == std::vector<std::string>{"training checkpoint, state dict from 'state_dict'",
                                                       "DataParallel prefix 'module.' removed"});
    CHECK(parallel.has("word_embeddings.weight"));
    CHECK(openStateDict(torchFixture("sentiment_gru.pt")).notes().empty());
    CHECK(openStateDict(torchFixture("role_safetensors.safetensors")).notes() == std::vector<std::string>{"safetensors"});
}

TEST_CASE("checkpoints without one clear state dict are refused with the re-save that fixes them", "[checkpoint_reader]") {
    const std::string two = torchFixture("role_two_state_dicts.pt");
    CHECK_THROWS_WITH(openStateDict(two), Catch::StartsWith(two + ": this training checkpoint holds several state dicts "
                                                                  "('generator', 'discriminator')") &&
                                              Catch::Contains("torch.save(checkpoint['generator'], path)"));
    const std::string none = torchFixture("role_no_state_dict.pt");
    CHECK_THROWS_WITH(openStateDict(none), Catch::StartsWith(none + ": entry 'epoch' holds a value of type int") &&
                                               Catch::Contains("entries: epoch (int), weights (list)") &&
                                               Catch::Contains("torch.save(model.state_dict(), path)"));
    // Code stays refused inside a training checkpoint's dicts as anywhere else.
    const std::string hostile = torchFixture("bad_os_system.pt");
    CHECK_THROWS_WITH(openStateDict(hostile), Catch::Contains("refused: the pickle calls posix.system"));
}
