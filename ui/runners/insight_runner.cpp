#include "ui/runners/insight_runner.h"

#include "core/common/error.h"
#include "core/insight/mode_pairs.h"

#include <QDir>
#include <QFileInfo>
#include <algorithm>

namespace kann::ui {

namespace {

// A folder stands for its opinion lexicons; otherwise the paths are word lists.
Lexicon readWordLists(const QStringList& paths) {
    if (paths.size() == 1 && QFileInfo(paths.front()).isDir()) return opinionLexicon(paths.front().toStdString());
    std::vector<std::string> files;
    for (const QString& p : paths) files.push_back(p.toStdString());
    return readLexicon(files);
}

QString sourceNames(const Lexicon& lexicon) {
    QStringList names;
    for (const std::string& s : lexicon.sources) names << QFileInfo(QString::fromStdString(s)).fileName();
    return names.join(", ");
}

// The options of the studio's insight with the lexicon of `paths` read, and `insight`'s lexicon
// fields saying which lexicon that is or why there is none.
InsightOptions lexiconOptions(const QStringList& paths, StudioInsight& insight) {
    InsightOptions options;
    insight.lexiconPaths = paths;
    if (paths.isEmpty()) {
        insight.lexiconSource = QObject::tr("no lexicon (no opinion-lexicon folder under $KANN_SHARED_DATA or %1): use “Load word list…”")
                                    .arg(QDir::cleanPath(QStringLiteral(KANN_SHARED_DATA_DIR)));
        return options;
    }
    try {
        options.lexicon = readWordLists(paths);
        insight.lexicon = std::make_shared<const Lexicon>(*options.lexicon);
        insight.lexiconSource = sourceNames(*options.lexicon);
    } catch (const InputError& err) {
        insight.lexiconError = QString::fromStdString(err.what());
        insight.lexiconSource = QObject::tr("no lexicon (the word list could not be read)");
    }
    return options;
}

// A lexicon read but not checked: the reason the report gives.
void sayWhyUnchecked(StudioInsight& insight) {
    if (insight.report.lexicon || !insight.lexicon) return;
    const auto& skipped = insight.report.skipped;
    const auto why = std::find_if(skipped.begin(), skipped.end(), [](const std::string& s) { return s.rfind("lexicon check", 0) == 0; });
    if (why == skipped.end()) return;
    // "lexicon check ...: why" said as "no lexicon check: why".
    const std::size_t colon = why->find(": ");
    insight.lexiconSource = QObject::tr("no lexicon check: %1").arg(QString::fromStdString(why->substr(colon == std::string::npos ? 0 : colon + 2)));
}

StudioInsight computeHeld(std::shared_ptr<const Exploration> e, const QStringList& lexiconPaths, const Progress& progress) {
    StudioInsight insight;
    InsightOptions options = lexiconOptions(e->isText() ? lexiconPaths : QStringList(), insight);
    options.bandPairs = 0;  // the studio's bands are computed below, for every pair
    insight.report = runInsight(*e, options, progress);
    if (hasDecoder(*e)) {
        const int pairs = static_cast<int>(pairRepresentatives(e->result).size());
        for (ReconstructionForm form : {ReconstructionForm::PaperAbsolute, ReconstructionForm::ExactRealPart}) {
            progress.step(0, 1, "pair bands");
            insight.bands[static_cast<int>(form)] = pairBands(*e, pairs, form, BandReference::EmptyState);
        }
    }
    insight.exploration = std::move(e);
    return insight;
}

StudioInsight computeInsight(std::shared_ptr<const Exploration> e, const QStringList& lexiconPaths,
                             const Progress& progress) {
    if (!e->result.streamed) return computeHeld(std::move(e), lexiconPaths, progress);
    // The streamed route once more (the fit is the one on screen to rounding), its insight summed
    // over the blocks of its last pass: memory stays bounded.
    SourceSpec again = e->spec;
    again.stream = StreamMode::On;
    StudioInsight insight = *analyseWithInsight(again, lexiconPaths, progress).insight;
    insight.exploration = std::move(e);
    return insight;
}

}  // namespace

AnalysedRun analyseWithInsight(const SourceSpec& spec, const QStringList& lexicon, const Progress& progress) {
    auto insight = std::make_shared<StudioInsight>();
    InsightOptions options = lexiconOptions(lexicon, *insight);
    options.heldReport = false;
    Insight run = insightOfSource(spec, options, progress);
    auto e = std::make_shared<const Exploration>(std::move(run.exploration));
    if (!e->result.streamed) return {e, nullptr};
    if (!e->tokenizer) *insight = StudioInsight{};  // not text: no lexicon applies
    insight->report = std::move(run.report);
    sayWhyUnchecked(*insight);
    insight->exploration = e;
    return {e, insight};
}

bool hasDecoder(const Exploration& e) { return e.network && e.network->info().decoderOutputs > 0; }

QString defaultLexiconFolder() {
    const QString env = qEnvironmentVariable("KANN_SHARED_DATA");
    for (const QString& root : {env, QStringLiteral(KANN_SHARED_DATA_DIR)}) {
        if (root.isEmpty()) continue;
        const QString folder = QDir(root).filePath("opinion-lexicon");
        if (QFileInfo(folder).isDir()) return QDir::cleanPath(folder);
    }
    return {};
}

const PairBand* StudioInsight::band(int mode, ReconstructionForm form) const {
    const auto& list = bands[static_cast<int>(form)];
    const auto it = std::find_if(list.begin(), list.end(), [mode](const PairBand& b) {
        return mode >= 0 && (b.mode == mode || b.partner == mode);
    });
    return it == list.end() ? nullptr : &*it;
}

void InsightRunner::start(std::shared_ptr<const Exploration> exploration, const QStringList& lexicon) {
    run([exploration, lexicon](const Progress& progress) { return computeInsight(exploration, lexicon, progress); });
}

void ComparisonRunner::start(std::shared_ptr<const Exploration> base, const SourceSpec& other, const QString& label) {
    run([base, other, label](const Progress& progress) {
        SourceSpec spectrumOnly = other;
        spectrumOnly.analysis.keepReduced = false;  // the overlay needs eigenvalues, not Zp
        return SpectrumComparison{base, overlaySpectra(base->result, runAnalysis(spectrumOnly, progress).result),
                                  label, other};
    });
}

}  // namespace kann::ui
