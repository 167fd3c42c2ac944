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
    CLI::App app("Fixed points of the analysed cell under a constant input: minimises q(h) = 1/2 |F(h, x) - h|^2 from "
                 "states of the batch (Adam, then Newton), in double precision; their Jacobian spectra and how they "
                 "line up with the dominant Koopman mode.",
                 "kann fixed-points");
    OptionValues source;
    addSourceOptions(app, source);
    FixedPointStudyOptions o;
    FixedPointOptions& s = o.search;
    app.add_option("--input", o.input, "the constant input x: zero, mean (the batch's mean input) or a token's embedding")
        ->capture_default_str()->type_name("zero|mean|WORD");
    app.add_option("--starts", o.starts, "starting states sampled from the batch, plus noise")
        ->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--noise", o.noise, "the noise's standard deviation, as a fraction of the states' RMS")
        ->capture_default_str()->check(CLI::Range(0.0, 10.0));
    app.add_option("--start-seed", o.seed, "seed of the starts' sampling and noise")->capture_default_str();
    app.add_option("--tolerance", s.tolerance, "q below this: a fixed point")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--slow-tolerance", s.slowTolerance, "q below this but above --tolerance: a slow point")
        ->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--merge-distance", s.mergeDistance, "points closer than this are one")
        ->capture_default_str()->check(CLI::NonNegativeNumber);
    app.add_option("--adam-steps", s.adamSteps, "at most this many Adam steps")->capture_default_str()->check(CLI::NonNegativeNumber);
    std::string json;
    app.add_option("--json", json, "write the points, their Jacobian spectra and the alignment as JSON to OUT, or - for stdout")
        ->type_name("OUT|-");
    if (!parseCommand(app, raw)) return 0;
    const SourceSpec spec = sourceSpecFrom(source);
    if (spec.modelPath.empty()) throw InputError("--states", "fixed points need the model: give --model and --data");
    Progress progress = stderrProgress();
    cancelOnInterrupt(progress);
    const Exploration e = runExploration(spec, progress);
    const FixedPointStudy study = studyFixedPoints(e, o, progress);
    reportAssumptions(e);  // after the work, so a refused option is still the one line on stderr
    for (const std::string& note : study.notes) std::cerr << "kann fixed-points: note: " << note << "\n";
    if (!json.empty()) writeOutput(fixedPointsJson(study, o.search), json);
    else printSummary(study, std::cout);
    return 0;
}

}  // namespace kann::cli
