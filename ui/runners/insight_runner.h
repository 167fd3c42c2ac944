#pragma once
// The studio's trust and meaning figures of an exploration, and a second spectrum
// to overlay, computed by core off the GUI thread once per analysis, so a click only looks up.
#include "core/insight/insight_report.h"
#include "ui/runners/background_runner.h"

#include <QString>
#include <QStringList>
#include <array>
#include <memory>

namespace kann::ui {

struct StudioInsight {
    std::shared_ptr<const Exploration> exploration;  // the exploration it describes
    InsightReport report;  // its own bands are left out: see `bands`
    // Series with a decoder: every pair's band against the empty state (where the pair adds to
    // the beat), for each ReconstructionForm (indexed by its value).
    std::array<std::vector<PairBand>, 2> bands;
    std::shared_ptr<const Lexicon> lexicon;  // the lexicon checked; null without one
    QStringList lexiconPaths;  // the lexicon asked for (see InsightRunner::start)
    QString lexiconSource;  // the files of the lexicon checked, or why there is none
    QString lexiconError;   // a word list that could not be read (the rest was still computed)

    // The band of the pair holding mode j (either member), or null.
    const PairBand* band(int mode, ReconstructionForm form) const;
};

// A second spectrum (another checkpoint or batch) matched to the one on screen.
struct SpectrumComparison {
    std::shared_ptr<const Exploration> base;  // the exploration on screen it was matched to
    SpectrumOverlay overlay;
    QString label;   // what the second spectrum is, for the legend ("model_untrained.pt")
    SourceSpec spec;
};

// The model decodes its final state back into a series (an autoencoder).
bool hasDecoder(const Exploration& e);

// The opinion lexicon folder shipped with the shared datasets: $KANN_SHARED_DATA/opinion-lexicon,
// else ../shared/datasets/opinion-lexicon beside the source tree. Empty when neither exists.
QString defaultLexiconFolder();

// The exploration of `spec` (runAnalysis) and, when the run streams, its insight from the same
// passes over the batch (insightOfSource), with the lexicon of `lexicon` (see InsightRunner::start):
// a streamed run's trust and meaning figures are ready with its fit. Null insight when the states
// are held: InsightRunner computes it from them while the views show the states.
struct AnalysedRun {
    std::shared_ptr<const Exploration> exploration;
    std::shared_ptr<const StudioInsight> insight;
};
AnalysedRun analyseWithInsight(const SourceSpec& spec, const QStringList& lexicon, const Progress& progress);

class InsightRunner : public Runner<StudioInsight> {
public:
    using Runner::Runner;
    // Computes the insight of `exploration` with the lexicon read from `lexicon` (one folder of
    // opinion lexicons, or word-list files; empty: no lexicon check). A streamed exploration passes
    // over its batch again (it holds no states). Replaces running work.
    void start(std::shared_ptr<const Exploration> exploration, const QStringList& lexicon);
};

class ComparisonRunner : public Runner<SpectrumComparison> {
public:
    using Runner::Runner;
    // Runs `other` and overlays its spectrum on `base`'s. Replaces running work.
    void start(std::shared_ptr<const Exploration> base, const SourceSpec& other, const QString& label);
};

}  // namespace kann::ui
