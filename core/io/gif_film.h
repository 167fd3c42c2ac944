#pragma once
// Animated GIF films of figures (a spectrum scrubbed through training), written with giflib: each
// frame gets its own 256-colour palette by median cut, so anti-aliased plots stay smooth, and the
// film loops.
#include <cstdint>
#include <string>
#include <vector>

namespace kann {

// One picture, 8-bit RGB, rows top to bottom: width * height * 3 bytes.
struct RgbFrame {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgb;
};

// Writes `frames` (all of one size) to `path`, each shown `delayMs` milliseconds (GIF keeps
// hundredths of a second), the last one `lastDelayMs`, looping forever. Throws InputError naming
// the file when it cannot be written, std::invalid_argument for no frames or frames that differ in size.
void writeGifFilm(const std::string& path, const std::vector<RgbFrame>& frames, int delayMs, int lastDelayMs);

}  // namespace kann
