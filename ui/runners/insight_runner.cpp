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

StudioInsight computeInsight(std::shared_ptr<const Exploration> e, const QStringList& lexiconPaths,
                             const Progress& progress) {
    StudioInsight insight;
    InsightOptions options;
    options.bandPairs = 0;  // the studio's bands are computed below, for every pair
    if (lexiconPaths.isEmpty()) {
        insight.lexiconSource = QObject::tr("no lexicon (no opinion-lexicon folder under $KANN_SHARED_DATA or %1): use “Load word list…”")
                                    .arg(QDir::cleanPath(QStringLiteral(KANN_SHARED_DATA_DIR)));
    } else if (e->isText() || e->tokenizer) {
        try {
            options.lexicon = readWordLists(lexiconPaths);
            insight.lexicon = std::make_shared<const Lexicon>(*options.lexicon);
            insight.lexiconSource = sourceNames(*options.lexicon);
        } catch (const InputError& err) {
            insight.lexiconError = QString::fromStdString(err.what());
            insight.lexiconSource = QObject::tr("no lexicon (the word list could not be read)");
        }
    }
    if (e->result.streamed) {
        // The streamed route once more, with a third pass over the blocks for the figures that sum
        // over the states (the words' among them): the fit is the one on screen to rounding, and
        // memory stays bounded.
        SourceSpec streamed = e->spec;
        streamed.stream = StreamMode::On;
        insight.report = insightOfSource(streamed, options, progress).report;
        insight.exploration = std::move(e);
        return insight;
    }
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

}  // namespace

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
        return SpectrumComparison{base, overlaySpectra(base->result, runExploration(spectrumOnly, progress).result),
                                  label, other};
    });
}

}  // namespace kann::ui
