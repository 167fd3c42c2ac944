// The text inspector: original words, colours that follow the selection and the data, the three
// colourings, review navigation; and the click-to-repaint figure for a 1000-token review.
#include "ui/views/colour_bar.h"
#include "ui/base/selection_model.h"
#include "ui/views/text_inspector.h"
#include "ui_test_support.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QtTest>
#include <algorithm>

using namespace kann;
using namespace kann::ui;

namespace {

std::vector<QRgb> backgrounds(const TextFigure& f) {
    std::vector<QRgb> colours;
    for (int w = 0; w < f.wordCount(); ++w) colours.push_back(f.background(w).rgba());
    return colours;
}

// |phi_j| at the last piece of each word, straight from Zp and V (independent of the views).
std::vector<double> magnitudeByWord(const Exploration& e, int seq, int j) {
    const KoopmanResult& r = e.result;
    std::vector<double> out;
    for (const Word& w : e.tokenized[seq].words) {
        const int t = w.firstPiece + w.pieceCount - 1;
        const Eigen::RowVectorXcd z = r.reduced.row(Eigen::Index(seq) * r.time + t).cast<std::complex<double>>();
        out.push_back(std::abs((z * r.V.col(j))(0)));
    }
    return out;
}

}  // namespace

class TextInspectorTest : public QObject {
    Q_OBJECT

    SelectionModel* selection = nullptr;
    TextInspector* inspector = nullptr;
    std::shared_ptr<const Exploration> exploration;

private slots:
    void init() {
        selection = new SelectionModel;
        inspector = new TextInspector(selection);
        inspector->resize(900, 600);
        inspector->show();
        exploration = test::textExploration();
        selection->setExploration(exploration);
    }
    void cleanup() {
        delete inspector;
        delete selection;
    }

    void showsOriginalWordsNotPieces() {
        const TextFigure& f = inspector->reviewFigure();
        QCOMPARE(f.wordCount(), int(exploration->tokenized[0].words.size()));
        QStringList words;
        for (int w = 0; w < f.wordCount(); ++w) words << f.word(w);
        QVERIFY(words.contains("excellent"));
        QVERIFY(!words.join(' ').contains("##"));
    }

    void darkestWordIsTheLargestMagnitude() {
        const int j = selection->mode();
        const std::vector<double> truth = magnitudeByWord(*exploration, 0, j);
        const int top = int(std::max_element(truth.begin(), truth.end()) - truth.begin());
        const int bottom = int(std::min_element(truth.begin(), truth.end()) - truth.begin());
        const TextFigure& f = inspector->reviewFigure();
        QCOMPARE(f.background(top).rgb(), f.scale().colour(f.scale().upper()).rgb());
        QCOMPARE(f.background(bottom).rgb(), f.scale().colour(f.scale().lower()).rgb());
        QVERIFY(std::abs(f.value(top) - truth[top]) < 1e-4 * (1 + truth[top]));
    }

    void coloursChangeWithTheSelection() {
        const std::vector<QRgb> before = backgrounds(inspector->reviewFigure());
        const std::vector<int>& order = selection->dominanceOrder();
        // A mode of a different eigenvalue (not the partner, whose |phi| can coincide).
        int other = -1;
        for (int j : order)
            if (j != selection->mode() && j != selection->partner()) { other = j; break; }
        selection->selectMode(other);
        const std::vector<QRgb> after = backgrounds(inspector->reviewFigure());
        QCOMPARE(after.size(), before.size());
        QVERIFY(after != before);
    }

    void signedColouringUsesTheDivergingMap() {
        // A one-logit readout orients the sign: white is zero, and the bar's ends name the verdicts.
        auto oriented = std::make_shared<Exploration>(*exploration);
        oriented->readoutLogits = RowMatrixXf::Random(oriented->result.batch, 1);
        selection->setExploration(oriented);
        selection->setColouring(Colouring::Signed);
        QCOMPARE(selection->colourMap(), ColourMap::Diverging);
        const TextFigure& f = inspector->reviewFigure();
        QVERIFY(f.scale().isDiverging());
        QCOMPARE(f.scale().lower(), -f.scale().upper());
        auto* bar = inspector->findChild<ColourBar*>();
        QVERIFY(bar->ends().low.contains("negative verdict") && bar->ends().high.contains("positive verdict"));
        // Negative and positive values both occur on a linear system's mode, so both ends show.
        bool negative = false, positive = false;
        for (int w = 0; w < f.wordCount(); ++w) {
            negative |= f.value(w) < 0;
            positive |= f.value(w) > 0;
        }
        QVERIFY(negative && positive);
        selection->setColouring(Colouring::Magnitude);
        QCOMPARE(selection->colourMap(), ColourMap::Blues);
        QVERIFY(bar->ends().empty());
    }

    void anUnorientedSignIsSaidAndCentredOnTheData() {
        selection->setColouring(Colouring::Signed);  // no readout in this batch
        const TextFigure& f = inspector->reviewFigure();
        float lo = f.value(0), hi = f.value(0);
        for (int w = 0; w < f.wordCount(); ++w) lo = std::min(lo, f.value(w)), hi = std::max(hi, f.value(w));
        QVERIFY(std::abs((f.scale().lower() + f.scale().upper()) / 2 - (lo + hi) / 2) < 1e-4 * (hi - lo));
        QVERIFY(inspector->findChild<ColourBar*>()->ends().note.contains("not oriented"));
        selection->setColouring(Colouring::Magnitude);
    }

    void htmlLineBreaksBreakTheLine() {
        TextFigure f;
        f.setText(test::tokenized({"A", "film.<br", "/><br", "/>The", "end"}));
        QCOMPARE(f.word(1), QString("film."));
        QCOMPARE(f.word(3), QString("The"));
        QVERIFY(!f.word(2).contains("br"));
        f.layout(800, QFont());
        QCOMPARE(f.box(3).left(), 0.0);  // a new line, though 800 px would hold every word
        QVERIFY(f.box(3).top() > f.box(1).top());
        QCOMPARE(f.box(4).top(), f.box(3).top());
    }

    void aNewAnalysisClearsTheTypedSentence() {
        auto* input = inspector->findChild<QLineEdit*>();
        input->setText("a sentence for the last model");
        selection->setExploration(test::textExploration());
        QVERIFY(input->text().isEmpty());
    }

    void reviewsAreNumberedFromOne() {
        selection->setReview(2);
        QVERIFY(inspector->findChild<QLabel*>("reviewPosition")->text().startsWith("Review 3 / 3"));
    }

    void kickOfASinglePieceWord() {
        // kick = |phi(t) - lambda phi(t-1)|: for a noiseless linear system it is ~0 after step 0.
        selection->setColouring(Colouring::Kick);
        const TextFigure& f = inspector->reviewFigure();
        const std::vector<double> magnitude = magnitudeByWord(*exploration, 0, selection->mode());
        const double scale = *std::max_element(magnitude.begin(), magnitude.end());
        for (int w = 1; w < f.wordCount(); ++w) QVERIFY2(std::abs(f.value(w)) < 1e-4 * scale, qPrintable(f.word(w)));
    }

    void navigatesReviews() {
        selection->stepReview(+1);
        QCOMPARE(selection->review(), 1);
        QCOMPARE(inspector->reviewFigure().wordCount(), int(exploration->tokenized[1].words.size()));
        selection->stepReview(+5);
        QCOMPARE(selection->review(), 2);
        selection->stepReview(-9);
        QCOMPARE(selection->review(), 0);
    }

    void typedSentenceWithoutModelSaysWhy() {
        inspector->probe("a great film");
        QCOMPARE(inspector->sentenceFigure().wordCount(), 0);
    }

    void figureIsNotAWidgetGrab() {
        const PaintedFigure figure = inspector->figure(600);
        QVERIFY(figure.size.width() == 600 && figure.size.height() > 60);
        QImage image(figure.size.toSize(), QImage::Format_ARGB32);
        QPainter painter(&image);
        figure.paint(painter);
        painter.end();
        // The darkest word's colour appears in the figure.
        const QRgb dark = inspector->reviewFigure().scale().colour(inspector->reviewFigure().scale().upper()).rgb();
        bool found = false;
        for (int y = 0; y < image.height() && !found; ++y)
            for (int x = 0; x < image.width() && !found; ++x) found = image.pixel(x, y) == dark;
        QVERIFY(found);
    }

    // Benchmark, not a pass/fail timing: prints the click-to-repaint figure for 1000 tokens.
    void clickLatencyOnAThousandTokens() {
        auto big = test::textExploration({940});
        QVERIFY(big->result.time >= 1000);
        selection->setExploration(big);
        inspector->resize(1200, 900);
        QApplication::processEvents();
        std::vector<double> ms;
        QElapsedTimer timer;
        for (int round = 0; round < 5; ++round)
            for (int j = 0; j < big->result.k; ++j) {
                timer.start();
                selection->selectMode(j);
                inspector->repaint();
                ms.push_back(timer.nsecsElapsed() / 1e6);
            }
        std::sort(ms.begin(), ms.end());
        qInfo("click -> recolour + repaint, %d-token review: median %.2f ms, max %.2f ms", big->result.time,
              ms[ms.size() / 2], ms.back());
    }
};

QTEST_MAIN(TextInspectorTest)
#include "text_inspector_test.moc"
