#include "core/io/gif_film.h"

#include "core/common/error.h"

#include <catch2/catch.hpp>
#include <gif_lib.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace kann;
namespace fs = std::filesystem;

namespace {

// A frame split into a red left half and a blue right half, with a grey square at `square`.
RgbFrame frame(int width, int height, int square) {
    RgbFrame f{width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 3)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = &f.rgb[3 * (std::size_t(y) * width + x)];
            const bool grey = x >= square && x < square + 4 && y < 4;
            p[0] = grey ? 128 : x < width / 2 ? 230 : 20;
            p[1] = grey ? 128 : x < width / 2 ? 85 : 60;
            p[2] = grey ? 128 : x < width / 2 ? 13 : 200;
        }
    return f;
}

std::string tempPath(const std::string& name) {
    return (fs::temp_directory_path() / ("kann_gif_" + std::to_string(::getpid()) + "_" + name)).string();
}

struct Decoded {
    GifFileType* gif = nullptr;
    ~Decoded() {
        int error = 0;
        if (gif) DGifCloseFile(gif, &error);
    }
};

GifColorType pixel(const SavedImage& image, const ColorMapObject* globalMap, int x, int y) {
    const ColorMapObject* map = image.ImageDesc.ColorMap ? image.ImageDesc.ColorMap : globalMap;
    return map->Colors[image.RasterBits[y * image.ImageDesc.Width + x]];
}

}  // namespace

TEST_CASE("gif film: frames, delays, loop and colours read back with giflib's decoder", "[io][gif]") {
    const std::string path = tempPath("film.gif");
    writeGifFilm(path, {frame(40, 20, 0), frame(40, 20, 10), frame(40, 20, 30)}, 120, 2000);
    std::ifstream in(path, std::ios::binary);
    std::string magic(6, '\0');
    in.read(&magic[0], 6);
    CHECK(magic == "GIF89a");

    Decoded d;
    int error = 0;
    d.gif = DGifOpenFileName(path.c_str(), &error);
    REQUIRE(d.gif);
    REQUIRE(DGifSlurp(d.gif) == GIF_OK);
    CHECK(d.gif->SWidth == 40);
    CHECK(d.gif->SHeight == 20);
    REQUIRE(d.gif->ImageCount == 3);
    std::vector<int> delays;
    bool loops = false;
    for (int i = 0; i < d.gif->ImageCount; ++i) {
        GraphicsControlBlock gcb;
        REQUIRE(DGifSavedExtensionToGCB(d.gif, i, &gcb) == GIF_OK);
        delays.push_back(gcb.DelayTime);
        for (int e = 0; e < d.gif->SavedImages[i].ExtensionBlockCount; ++e) {
            const ExtensionBlock& b = d.gif->SavedImages[i].ExtensionBlocks[e];
            if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 &&
                std::string(reinterpret_cast<const char*>(b.Bytes), 11) == "NETSCAPE2.0")
                loops = true;
        }
    }
    CHECK(delays == std::vector<int>{12, 12, 200});
    CHECK(loops);
    // Three flat colours need no approximation: each comes back exactly, where it was drawn.
    const SavedImage& second = d.gif->SavedImages[1];
    const GifColorType red = pixel(second, d.gif->SColorMap, 2, 10), blue = pixel(second, d.gif->SColorMap, 30, 10),
                       grey = pixel(second, d.gif->SColorMap, 11, 1);
    CHECK((int(red.Red) == 230 && int(red.Green) == 85 && int(red.Blue) == 13));
    CHECK((int(blue.Red) == 20 && int(blue.Green) == 60 && int(blue.Blue) == 200));
    CHECK((int(grey.Red) == 128 && int(grey.Green) == 128 && int(grey.Blue) == 128));
    CHECK(int(pixel(second, d.gif->SColorMap, 1, 1).Red) == 230);  // the square moved away from x = 0
}

TEST_CASE("gif film: frames of different sizes and unwritable paths are refused", "[io][gif]") {
    CHECK_THROWS_AS(writeGifFilm(tempPath("x.gif"), {frame(40, 20, 0), frame(20, 20, 0)}, 100, 100), std::invalid_argument);
    CHECK_THROWS_AS(writeGifFilm(tempPath("x.gif"), {}, 100, 100), std::invalid_argument);
    CHECK_THROWS_AS(writeGifFilm("/nonexistent-folder/film.gif", {frame(8, 8, 0)}, 100, 100), InputError);
}
