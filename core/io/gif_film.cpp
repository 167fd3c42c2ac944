#include "core/io/gif_film.h"

#include "core/common/error.h"

#include <gif_lib.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace kann {

namespace {

struct GifCloser {
    void operator()(GifFileType* gif) const {
        int error = 0;
        EGifCloseFile(gif, &error);
    }
};
using GifFile = std::unique_ptr<GifFileType, GifCloser>;

struct MapFree {
    void operator()(ColorMapObject* map) const { GifFreeMapObject(map); }
};
using ColourMap = std::unique_ptr<ColorMapObject, MapFree>;

void check(int status, const GifFileType* gif, const std::string& path) {
    if (status != GIF_ERROR) return;
    const char* why = GifErrorString(gif ? gif->Error : 0);
    throw InputError(path, std::string("cannot write the film: ") + (why ? why : "giflib failed"));
}

// NETSCAPE2.0 application extension: loop forever.
void putLoop(GifFileType* gif, const std::string& path) {
    static const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    static const GifByteType loop[] = {1, 0, 0};
    check(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE), gif, path);
    check(EGifPutExtensionBlock(gif, sizeof app, app), gif, path);
    check(EGifPutExtensionBlock(gif, sizeof loop, loop), gif, path);
    check(EGifPutExtensionTrailer(gif), gif, path);
}

void putDelay(GifFileType* gif, int delayMs, const std::string& path) {
    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.DelayTime = (delayMs + 5) / 10;
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    const size_t length = EGifGCBToExtension(&gcb, extension);
    check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension), gif, path);
}

// giflib's median cut works on 5 bits per channel and leaves each palette entry at its box's
// 5-bit corner; the mean of the true colours each entry stands for is closer (flat colours exact).
void refinePalette(const RgbFrame& frame, const std::vector<GifByteType>& indices, std::vector<GifColorType>& palette) {
    std::vector<std::array<std::uint64_t, 4>> sums(palette.size(), {0, 0, 0, 0});
    for (std::size_t p = 0; p < indices.size(); ++p) {
        auto& s = sums[indices[p]];
        for (int c = 0; c < 3; ++c) s[c] += frame.rgb[3 * p + c];
        ++s[3];
    }
    for (std::size_t i = 0; i < palette.size(); ++i) {
        const auto& s = sums[i];
        if (s[3] == 0) continue;
        auto mean = [&](int c) { return static_cast<GifByteType>((s[c] + s[3] / 2) / s[3]); };
        palette[i] = {mean(0), mean(1), mean(2)};
    }
}

void putFrame(GifFileType* gif, const RgbFrame& frame, const std::string& path) {
    const std::size_t pixels = std::size_t(frame.width) * frame.height;
    std::vector<GifByteType> r(pixels), g(pixels), b(pixels), indices(pixels);
    for (std::size_t p = 0; p < pixels; ++p) r[p] = frame.rgb[3 * p], g[p] = frame.rgb[3 * p + 1], b[p] = frame.rgb[3 * p + 2];
    int colours = 256;
    std::vector<GifColorType> palette(256);
    if (GifQuantizeBuffer(frame.width, frame.height, &colours, r.data(), g.data(), b.data(), indices.data(),
                          palette.data()) == GIF_ERROR)
        throw InputError(path, "cannot reduce a frame to 256 colours");
    refinePalette(frame, indices, palette);
    ColourMap map(GifMakeMapObject(256, palette.data()));
    if (!map) throw std::bad_alloc();
    check(EGifPutImageDesc(gif, 0, 0, frame.width, frame.height, false, map.get()), gif, path);
    for (int y = 0; y < frame.height; ++y)
        check(EGifPutLine(gif, indices.data() + std::size_t(y) * frame.width, frame.width), gif, path);
}

}  // namespace

void writeGifFilm(const std::string& path, const std::vector<RgbFrame>& frames, int delayMs, int lastDelayMs) {
    if (frames.empty()) throw std::invalid_argument("writeGifFilm: no frames");
    for (const RgbFrame& f : frames)
        if (f.width != frames[0].width || f.height != frames[0].height || f.width <= 0 || f.height <= 0 ||
            f.rgb.size() != std::size_t(f.width) * f.height * 3)
            throw std::invalid_argument("writeGifFilm: frames differ in size or hold the wrong number of bytes");
    int error = 0;
    GifFile gif(EGifOpenFileName(path.c_str(), false, &error));
    if (!gif) throw InputError(path, std::string("cannot write the film: ") + GifErrorString(error));
    EGifSetGifVersion(gif.get(), true);
    check(EGifPutScreenDesc(gif.get(), frames[0].width, frames[0].height, 8, 0, nullptr), gif.get(), path);
    putLoop(gif.get(), path);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        putDelay(gif.get(), i + 1 == frames.size() ? lastDelayMs : delayMs, path);
        putFrame(gif.get(), frames[i], path);
    }
    GifFileType* raw = gif.release();
    if (EGifCloseFile(raw, &error) == GIF_ERROR) throw InputError(path, std::string("cannot write the film: ") + GifErrorString(error));
}

}  // namespace kann
