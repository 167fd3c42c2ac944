// The window's one selection: a new exploration starts on its most dominant mode, arrow keys walk
// the dominance order, sequences stay in range, and figures computed for another exploration are
// never shown with this one.
#include "ui/base/selection_model.h"
#include "ui/runners/insight_runner.h"
#include "ui_test_support.h"

#include <QSignalSpy>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

class SelectionModelTest : public QObject {
    Q_OBJECT

    std::shared_ptr<const Exploration> text = test::textExploration({12, 20, 16});

    // Mode indices by dominance, from the result itself (Eq. 10 values, largest first).
    std::vector<int> expectedOrder() const {
        const auto& d = text->result.dominance;
        std::vector<int> order(static_cast<std::size_t>(d.size()));
        for (int j = 0; j < d.size(); ++j) order[j] = j;
        std::sort(order.begin(), order.end(), [&d](int a, int b) { return d[a] > d[b]; });
        return order;
    }

private slots:
    void aNewExplorationSelectsItsMostDominantModeAndPartner() {
        SelectionModel s;
        QSignalSpy modes(&s, &SelectionModel::modeChanged);
        s.setExploration(text);
        const int top = expectedOrder().front();
        QCOMPARE(s.mode(), top);
        QCOMPARE(s.partner(), text->result.partner[top]);
        QCOMPARE(s.review(), 0);
        QCOMPARE(s.reviewCount(), 3);
        QCOMPARE(modes.count(), 1);
        QCOMPARE(modes.front().at(0).toInt(), top);
    }

    void arrowKeysWalkTheDominanceOrderAndStopAtItsEnds() {
        SelectionModel s;
        s.setExploration(text);
        const std::vector<int> order = expectedOrder();
        QCOMPARE(s.dominanceOrder(), order);
        s.stepByDominance(1);
        QCOMPARE(s.mode(), order[1]);
        s.stepByDominance(100);
        QCOMPARE(s.mode(), order.back());
        s.stepByDominance(-100);
        QCOMPARE(s.mode(), order.front());
    }

    void aModeThatDoesNotExistClearsTheSelection() {
        SelectionModel s;
        s.setExploration(text);
        s.selectMode(text->result.k);
        QCOMPARE(s.mode(), -1);
        QCOMPARE(s.partner(), -1);
        const int complex = test::firstComplex(text->result);
        s.selectMode(complex);
        QCOMPARE(s.partner(), text->result.partner[complex]);
        QCOMPARE(text->result.partner[s.partner()], complex);
    }

    void sequencesStayInRangeAndSignalOnlyOnChange() {
        SelectionModel s;
        s.setExploration(text);
        QSignalSpy reviews(&s, &SelectionModel::reviewChanged);
        s.setReview(7);
        QCOMPARE(s.review(), 2);
        s.stepReview(1);
        QCOMPARE(s.review(), 2);
        s.stepReview(-5);
        QCOMPARE(s.review(), 0);
        QCOMPARE(reviews.count(), 2);
    }

    void signedColouringBringsTheDivergingMapAndTakesItAway() {
        SelectionModel s;
        s.setColouring(Colouring::Signed);
        QCOMPARE(s.colourMap(), ColourMap::Diverging);
        s.setColouring(Colouring::Magnitude);
        QCOMPARE(s.colourMap(), ColourMap::Blues);
        s.setColourMap(ColourMap::Viridis);
        s.setColouring(Colouring::Signed);
        s.setColourMap(ColourMap::Reds);  // picked by the user while signed: kept when leaving
        s.setColouring(Colouring::Kick);
        QCOMPARE(s.colourMap(), ColourMap::Reds);
    }

    void figuresOfAnotherExplorationAreIgnored() {
        SelectionModel s;
        s.setExploration(text);
        auto stale = std::make_shared<StudioInsight>();
        stale->exploration = test::seriesExploration();
        s.setInsight(stale);
        QVERIFY(s.insight() == nullptr);
        auto current = std::make_shared<StudioInsight>();
        current->exploration = text;
        s.setInsight(current);
        QVERIFY(s.insight() == current.get());
        s.setExploration(test::seriesExploration());  // a new exploration drops the old figures
        QVERIFY(s.insight() == nullptr);
        QCOMPARE(s.review(), 0);
    }

    void signedEndsSpeakOfVerdictsOnlyWhenAReadoutOrientsThem() {
        auto oriented = std::make_shared<Exploration>(*text);
        oriented->readoutLogits = RowMatrixXf::Zero(3, 1);
        QVERIFY(colouringEnds(*oriented, Colouring::Signed).high.contains("positive"));
        QCOMPARE(colouringCentre(*oriented, Colouring::Signed), ColourScale::Centre::Zero);
        auto twoLogits = std::make_shared<Exploration>(*text);
        twoLogits->readoutLogits = RowMatrixXf::Zero(3, 2);
        const ScaleEnds ends = colouringEnds(*twoLogits, Colouring::Signed);
        QVERIFY(ends.low.isEmpty() && ends.note.contains("not oriented"));
        QCOMPARE(colouringCentre(*twoLogits, Colouring::Signed), ColourScale::Centre::Data);
        QVERIFY(colouringEnds(*oriented, Colouring::Magnitude).empty());
    }
};

QTEST_MAIN(SelectionModelTest)
#include "selection_model_test.moc"
