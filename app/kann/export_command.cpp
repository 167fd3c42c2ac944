// `kann export --restore FILE`: regenerates the figures of a saved exploration headless. The
// figures are drawn by the studio's own code, so this runs kann-studio from the same build with
// the offscreen platform (no display needed) and passes its exit status through.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace kann::cli {

namespace {

namespace fs = std::filesystem;

const char* kDescription =
    "Reopens a saved exploration (kann-studio: File > Save exploration, or kann insight --save) and writes every "
    "figure that applies to it as .png, .svg and .pdf (spectrum, text or series, decoding, heatmap, singular values, "
    "prediction error, eigenvalue tracks, lexicon check) and its results as .json and .csv. A file changed since the "
    "exploration was saved (its SHA-256 differs) stops the export, since the figures would not be the saved ones. "
    "The figures are drawn by kann-studio (built with -DKANN_BUILD_UI=ON), found in $KANN_STUDIO or next to this "
    "kann executable, and run with QT_QPA_PLATFORM=offscreen.";

// kann-studio of the same build: $KANN_STUDIO, beside kann, or in ../app (an installed bin/).
fs::path studioExecutable() {
    if (const char* env = std::getenv("KANN_STUDIO"); env && *env) {
        if (!fs::exists(env)) throw InputError(env, "$KANN_STUDIO names no file");
        return env;
    }
    const fs::path here = fs::read_symlink("/proc/self/exe").parent_path();
    for (const fs::path& candidate : {here / "kann-studio", here / ".." / "app" / "kann-studio"})
        if (fs::exists(candidate)) return candidate.lexically_normal();
    throw InputError((here / "kann-studio").string(),
                     "kann export draws its figures with kann-studio, which is not there: build it "
                     "(cmake -DKANN_BUILD_UI=ON, target kann-studio) or set $KANN_STUDIO");
}

}  // namespace

int exportCommand(const Args& raw) {
    CLI::App app(kDescription, "kann export");
    std::string restore, outDir;
    double scale = kDefaultFigureScale;
    bool allowChanged = false;
    app.add_option("--restore", restore, "the saved exploration")->type_name("FILE")->required();
    app.add_option("--out-dir", outDir, "where the files go (default: ./<FILE's stem>-figures)")->type_name("DIR");
    addScaleOption(app, scale);
    app.add_flag("--allow-changed", allowChanged, "draw them anyway, with a warning per changed file");
    if (!parseCommand(app, raw)) return 0;
    if (!fs::is_regular_file(restore)) throw InputError(restore, "the saved exploration does not exist");
    if (outDir.empty()) outDir = fs::path(restore).stem().string() + "-figures";
    const std::string studio = studioExecutable().string();
    // Headless whatever the session: the figures never need a screen.
    setenv("QT_QPA_PLATFORM", "offscreen", 1);
    std::vector<std::string> argv = {studio, "--restore", restore, "--export-all", outDir, "--scale", std::to_string(scale)};
    if (!allowChanged) argv.push_back("--refuse-changed");
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    std::cout.flush();
    execv(studio.c_str(), cargv.data());
    throw InputError(studio, std::string("could not be started: ") + std::strerror(errno));
}

}  // namespace kann::cli
