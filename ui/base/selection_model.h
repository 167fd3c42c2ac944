#pragma once
// The one shared selection of the window: which exploration is shown, which mode (and its
// conjugate partner), which review/series, and how modes are coloured. Every view follows it;
// none keeps its own copy, so a click in one view is a click in all of them.
#include "core/pipeline/mode_colouring.h"
#include "ui/base/colour_scale.h"

#include <QObject>
#include <memory>
#include <vector>

namespace kann::ui {

struct SpectrumComparison;
struct StudioAblation;
struct StudioInsight;

class SelectionModel : public QObject {
    Q_OBJECT
public:
    explicit SelectionModel(QObject* parent = nullptr);

    // Shows a new exploration and selects its most dominant mode and first sequence; the insight
    // and comparison of the previous one are dropped.
    void setExploration(std::shared_ptr<const Exploration> exploration);
    // Shows the first page of a streamed exploration (explorationPage): the views draw the page on
    // display, the spectrum and the trust and meaning figures stay the whole batch's, and a sequence
    // on another page asks for it through pageWanted.
    void setPagedExploration(std::shared_ptr<const Exploration> whole, std::shared_ptr<const Exploration> firstPage);
    // Shows another page of the same whole, keeping the mode, colouring and insight, then
    // `review` (within the page).
    void turnPage(std::shared_ptr<const Exploration> page, int review);
    // The trust and meaning figures of the exploration shown; ignored when computed for another.
    void setInsight(std::shared_ptr<const StudioInsight> insight);
    const StudioInsight* insight() const { return insight_.get(); }
    std::shared_ptr<const StudioInsight> sharedInsight() const { return insight_; }
    // A second spectrum overlaid on the spectrum view (null clears it); ignored when matched to
    // another exploration.
    void setComparison(std::shared_ptr<const SpectrumComparison> comparison);
    const SpectrumComparison* comparison() const { return comparison_.get(); }
    // A mode removed while the network ran over the whole batch (see AblationRunner), kept beside
    // the others of this exploration (on every page); one of the same modes replaces the earlier
    // one; ignored when run for another.
    void addAblation(std::shared_ptr<const StudioAblation> ablation);
    const std::vector<std::shared_ptr<const StudioAblation>>& ablations() const { return ablations_; }
    // The exploration the views draw: the page on display when paged.
    const Exploration* exploration() const { return exploration_.get(); }
    std::shared_ptr<const Exploration> sharedExploration() const { return exploration_; }
    // The exploration of the whole batch: the streamed one when paged, else the one on display.
    std::shared_ptr<const Exploration> sharedWhole() const { return whole_ ? whole_ : exploration_; }
    bool isPaged() const { return whole_ != nullptr; }
    // The first sequence of each page of the whole batch ({0} when not paged).
    const std::vector<int>& pageStarts() const { return starts_; }

    int mode() const { return mode_; }          // -1 when nothing is shown
    int partner() const { return partner_; }    // -1 for a real eigenvalue or no selection
    int review() const { return review_; }      // sequence of the batch on display
    int reviewCount() const;
    // The review as a sequence of the whole batch (from 0), and the whole batch's sequences.
    int sequence() const;
    int sequenceCount() const;
    // Where page p (an index into pageStarts) starts and how many sequences it holds.
    int pageOf(int sequence) const;
    int pageSize(int page) const;
    Colouring colouring() const { return colouring_; }
    ColourMap colourMap() const { return colourMap_; }
    // Mode indices from the most to the least dominant (Eq. 10).
    const std::vector<int>& dominanceOrder() const { return byDominance_; }

public slots:
    void selectMode(int mode);
    // Moves `delta` places along the dominance order (arrow keys).
    void stepByDominance(int delta);
    void setReview(int review);
    void stepReview(int delta);
    // Shows sequence `sequence` of the whole batch (clamped to it): on the page on display at once,
    // else through pageWanted.
    void showSequence(int sequence);
    // The first sequence of the page `delta` pages away (clamped; nothing past the first or last
    // page), through showSequence.
    void stepPage(int delta);
    // Signed values read best on the diverging map: choosing Signed switches to it, and leaving
    // Signed leaves it, unless the user picks a map explicitly afterwards.
    void setColouring(kann::Colouring colouring);
    void setColourMap(kann::ui::ColourMap map);

signals:
    void explorationChanged();
    // Another page of the same whole is on display (turnPage): only the views of its sequences change.
    void pageChanged();
    void modeChanged(int mode, int partner);
    void reviewChanged(int review);
    void appearanceChanged();  // colouring or colour map
    void insightChanged();
    void comparisonChanged();
    void ablationsChanged();
    // The page of `count` sequences from `first` of the whole batch is needed to show `review` of it.
    void pageWanted(int first, int count, int review);

private:
    std::shared_ptr<const Exploration> exploration_;
    std::shared_ptr<const Exploration> whole_;  // streamed, when paged
    std::vector<int> starts_;
    std::shared_ptr<const StudioInsight> insight_;
    std::shared_ptr<const SpectrumComparison> comparison_;
    std::vector<std::shared_ptr<const StudioAblation>> ablations_;  // in the order they were run
    std::vector<int> byDominance_;
    int mode_ = -1, partner_ = -1, review_ = 0;
    Colouring colouring_ = Colouring::Magnitude;
    ColourMap colourMap_ = ColourMap::Blues;
};

// How a colouring of mode j is written on colour bars and titles: "|φ3|", "Re φ3", "kick of φ3".
QString colouringSymbol(Colouring c, int j);
// The signed colouring means a verdict only when a one-logit readout orients it.
bool signIsOriented(const Exploration& e);
// The words at the ends of colouring c's scale for exploration e: the verdicts the signed
// colouring leans to, or that its sign is arbitrary; none for the magnitudes.
ScaleEnds colouringEnds(const Exploration& e, Colouring c);
// The signed colouring centred where its white means something (see ColourScale::Centre).
ColourScale::Centre colouringCentre(const Exploration& e, Colouring c);

}  // namespace kann::ui
