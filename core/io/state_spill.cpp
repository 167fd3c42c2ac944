#include "core/io/state_spill.h"

#include "core/common/error.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace kann {

namespace fs = std::filesystem;

StateSpill::StateSpill(const std::string& folder) : folder_(folder) {
    std::error_code error;
    fs::create_directories(folder, error);
    std::string pattern = (fs::path(folder) / "states-XXXXXX").string();
    const int fd = error ? -1 : ::mkstemp(pattern.data());
    if (fd < 0) throw InputError(folder, std::string("cannot make a file to set the states aside: ") +
                                             (error ? error.message() : std::strerror(errno)));
    ::unlink(pattern.c_str());
    file_ = ::fdopen(fd, "w+b");
    if (!file_) {
        ::close(fd);
        throw InputError(folder, "cannot open the file that sets the states aside");
    }
}

StateSpill::~StateSpill() {
    if (file_) std::fclose(file_);
}

void StateSpill::write(const HiddenStates& block) {
    for (int b = 0; b < block.batch; ++b) {
        const std::size_t values = static_cast<std::size_t>(block.lengths[b]) * block.dim;
        if (std::fwrite(block.row(b, 0), sizeof(float), values, file_) != values)
            throw InputError(folder_, "could not set the states aside (is the disk full?); --stream on "
                                      "unrolls them again instead when the folder has no room");
        bytes_ += values * sizeof(float);
    }
}

HiddenStates StateSpill::read(const std::vector<int>& lengths, int dim) {
    if (!reading_) {
        if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
            throw InputError(folder_, "could not read back the states set aside");
        reading_ = true;
    }
    const int time = lengths.empty() ? 0 : *std::max_element(lengths.begin(), lengths.end());
    HiddenStates block = HiddenStates::zeros(static_cast<int>(lengths.size()), time, dim);
    block.lengths = lengths;
    for (int b = 0; b < block.batch; ++b) {
        const std::size_t values = static_cast<std::size_t>(lengths[b]) * dim;
        if (std::fread(block.row(b, 0), sizeof(float), values, file_) != values)
            throw InputError(folder_, "the states set aside end early: the file was cut short");
    }
    return block;
}

std::string spillFolder() {
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache) return (fs::path(cache) / "kann-studio").string();
    if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".cache" / "kann-studio").string();
    return fs::temp_directory_path().string();
}

}  // namespace kann
