// `kann fixed-points`: fixed points of the analysed cell under a constant input, their
// linearisations, and how they line up with the dominant Koopman mode.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/dynamics/fixed_points_json.h"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace kann::cli {

namespace {

const char* kUsage =
    "usage: kann fixed-points --model CKPT --data D [--vocab V] [options] [--json OUT|-]\n"
    "Minimises q(h) = 1/2 |F(h, x) - h|^2 from states of the batch (Adam, then Newton), in double precision.\n"
    "  --input zero|mean|WORD  the constant input x: zeros, the batch's mean input, or a token's embedding (zero)\n"
    "  --starts N              starting states sampled from the batch, plus noise (512)\n"
    "  --noise F               the noise's standard deviation, as a fraction of the states' RMS (0.01)\n"
    "  --start-seed S          seed of the starts' sampling and noise (1)\n"
    "  --tolerance Q           q below Q: a fixed point (1e-10)\n"
    "  --slow-tolerance Q      q below Q but above --tolerance: a slow point (1e-4)\n"
    "  --merge-distance D      points closer than D are one (1e-4)\n"
    "  --adam-steps N          at most N Adam steps (2000)\n"
    "  --json OUT|-            write the points, their Jacobian spectra and the alignment as JSON\n\n";

FixedPointStudyOptions studyOptions(const Arguments& args) {
    FixedPointStudyOptions o;
    o.input = args.value("input", o.input);
    o.starts = args.integer("starts", o.starts);
    o.noise = args.real("noise", o.noise, 0.0, 10.0);
    o.seed = static_cast<unsigned>(args.integer("start-seed", static_cast<int>(o.seed)));
    FixedPointOptions& s = o.search;
    s.tolerance = args.real("tolerance", s.tolerance, 0.0, 1e6);
    s.slowTolerance = args.real("slow-tolerance", std::max(s.slowTolerance, s.tolerance), 0.0, 1e6);
    s.mergeDistance = args.real("merge-distance", s.mergeDistance, 0.0, 1e6);
    s.adamSteps = args.integer("adam-steps", s.adamSteps);
    if (s.adamSteps < 0) throw InputError("--adam-steps", "must not be negative");
    return o;
}

std::string fmt(double x, const char* format = "%.4f") {
    if (!std::isfinite(x)) return "n/a";
    char buf[48];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

void printPoints(const char* title, const std::vector<FixedPoint>& points, std::ostream& out) {
    out << title << ": " << points.size() << "\n";
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < std::min(points.size(), kShown); ++i) {
        const FixedPoint& p = points[i];
        const std::complex<double> l = p.linear.slowestEigenvalue();
        out << "  q " << fmt(p.q, "%.3g") << "  from " << p.starts << " starts  slowest eigenvalue " << fmt(l.real())
            << (l.imag() >= 0 ? "+" : "") << fmt(l.imag()) << "i (|lambda| " << fmt(std::abs(l)) << ", time constant "
            << fmt(timeConstant(l), "%.1f") << " steps)\n";
    }
    if (points.size() > kShown) out << "  ... " << points.size() - kShown << " more\n";
}

void printAlignment(const char* what, const KoopmanAlignment& a, std::ostream& out) {
    out << what << " " << a.mode << " (lambda " << fmt(a.eigenvalue.real()) << (a.eigenvalue.imag() >= 0 ? "+" : "")
        << fmt(a.eigenvalue.imag()) << "i), |cos| with the points' line " << fmt(a.line)
        << ", with the slowest Jacobian eigenvectors (median) " << fmt(a.slowest) << ", with the readout "
        << fmt(a.readout) << "\n";
}

void printSummary(const FixedPointStudy& s, std::ostream& out) {
    out << s.cell << " layer " << s.layer << ", input: " << s.input << ", " << s.search.starts << " starts, "
        << s.search.adamSteps << " Adam steps\n";
    const std::vector<double>& q = s.search.finalQ;
    if (!q.empty())
        out << "q where the starts ended: median " << fmt(q[q.size() / 2], "%.3g") << ", 10% below "
            << fmt(q[q.size() / 10], "%.3g") << ", 90% below " << fmt(q[q.size() * 9 / 10], "%.3g") << "\n";
    printPoints("fixed points", s.search.fixedPoints, out);
    printPoints("slow points", s.search.slowPoints, out);
    out << "principal direction of the points: " << fmt(100 * s.geometry.varianceFraction, "%.1f")
        << "% of their variance\n";
    printAlignment("dominant real Koopman mode", s.alignment, out);
    if (s.mostDominant.mode >= 0) printAlignment("most dominant Koopman mode (its plane)", s.mostDominant, out);
}

}  // namespace

int fixedPointsCommand(const Args& raw) {
    if (printedHelp(raw, std::string(kUsage) + sourceOptionsHelp())) return 0;
    auto options = sourceOptionNames();
    options.insert({"json", "input", "starts", "noise", "start-seed", "tolerance", "slow-tolerance", "merge-distance", "adam-steps"});
    const Arguments args(raw, options, sourceFlagNames());
    const FixedPointStudyOptions o = studyOptions(args);
    SourceSpec spec = sourceSpec(args);
    if (spec.modelPath.empty()) throw InputError("--states", "fixed points need the model: give --model and --data");
    Progress progress = stderrProgress();
    cancelOnInterrupt(progress);
    const Exploration e = runExploration(spec, progress);
    reportAssumptions(e);
    const FixedPointStudy s = studyFixedPoints(e, o, progress);
    for (const std::string& note : s.notes) std::cerr << "kann fixed-points: note: " << note << "\n";
    if (auto target = args.get("json")) {
        writeOutput(fixedPointsJson(s, o.search), *target);
    } else {
        printSummary(s, std::cout);
    }
    return 0;
}

}  // namespace kann::cli
