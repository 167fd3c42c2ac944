// The spectrum and the table: k points, a click selects the eigenvalue and its partner, the
// table follows and leads, arrow keys walk by dominance, one unit is one unit on both axes.
#include "ui/views/eigen_table.h"
#include "ui/runners/insight_runner.h"
#include "ui/base/selection_model.h"
#include "ui/views/spectrum_view.h"
#include "ui_test_support.h"

#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

class SpectrumViewTest : public QObject {
    Q_OBJECT

    SelectionModel* selection = nullptr;
    SpectrumView* view = nullptr;
    EigenTable* table = nullptr;
    std::shared_ptr<const Exploration> exploration;

private slots:
    void init() {
        selection = new SelectionModel;
        view = new SpectrumView(selection);
        table = new EigenTable(selection);
        view->resize(700, 600);
        view->show();
        table->show();
        exploration = test::textExploration();
        selection->setExploration(exploration);
        QVERIFY(QTest::qWaitForWindowExposed(view));
        view->replot();
    }
    void cleanup() {
        delete view;
        delete table;
        delete selection;
    }

    // Narrow, the title is a shorter one that fits over the plane, not the long one cut at both ends.
    void theTitleFitsANarrowPlot() {
        const auto title = [this] { return view->findChild<QCPTextElement*>()->text(); };
        QCOMPARE(title(), QString("Koopman spectrum (k = 6)"));
        view->resize(200, 300);
        QApplication::processEvents();
        QCOMPARE(title(), QString("Spectrum (k = 6)"));
        const QCPTextElement* element = view->findChild<QCPTextElement*>();
        QVERIFY(QFontMetrics(element->font()).horizontalAdvance(title()) <= element->outerRect().width());
        view->resize(700, 600);
        QApplication::processEvents();
        QCOMPARE(title(), QString("Koopman spectrum (k = 6)"));
    }

    void holdsKPointsAtTheKnownEigenvalues() {
        QCOMPARE(view->pointCount(), exploration->result.k);
        QCOMPARE(exploration->result.k, 6);
        // The plotted points are the system's eigenvalues, recovered by the real analysis.
        for (std::complex<double> l : test::knownSpectrum()) {
            const auto& ev = exploration->result.eigenvalues;
            double nearest = 1e9;
            for (int j = 0; j < ev.size(); ++j) nearest = std::min(nearest, std::abs(ev(j) - l));
            QVERIFY2(nearest < 1e-5, qPrintable(QString("eigenvalue %1%2i not recovered").arg(l.real()).arg(l.imag())));
        }
    }

    void opensOnTheMostDominantMode() {
        const auto& d = exploration->result.dominance;
        Eigen::Index best = 0;
        d.maxCoeff(&best);
        QCOMPARE(selection->mode(), int(best));
    }

    void clickSelectsEigenvalueAndPartner() {
        const KoopmanResult& r = exploration->result;
        const int target = test::firstComplex(r);
        QVERIFY(target >= 0);
        // Click the partner first, then the target, so the test cannot pass by the default.
        for (int j : {r.partner[target], target}) {
            QTest::mouseClick(view, Qt::LeftButton, {}, view->pixelOf(j).toPoint());
            QCOMPARE(selection->mode(), j);
            QCOMPARE(selection->partner(), r.partner[j]);
        }
        QVERIFY(selection->partner() != -1);
        QCOMPARE(std::conj(r.eigenvalues(selection->partner())), r.eigenvalues(target));
        // The table selected both rows.
        QSet<int> rows;
        for (const QModelIndex& i : table->selectionModel()->selectedRows()) rows << table->modeAtRow(i.row());
        QCOMPARE(rows, (QSet<int>{target, r.partner[target]}));
    }

    void pointsStayPutOnTheFirstClick() {
        std::vector<QPointF> before;
        for (int j = 0; j < view->pointCount(); ++j) before.push_back(view->pixelOf(j));
        const int target = exploration->result.k - 1;
        QTest::mouseClick(view, Qt::LeftButton, {}, view->pixelOf(target).toPoint());
        QApplication::processEvents();
        view->replot();
        for (int j = 0; j < view->pointCount(); ++j) {
            const QPointF moved = view->pixelOf(j) - before[j];
            QVERIFY2(moved.manhattanLength() < 0.5, qPrintable(QString("λ%1 moved %2, %3 px").arg(j).arg(moved.x()).arg(moved.y())));
        }
    }

    void wheelZoomsAtTheCursor() {
        const QPointF at = view->pixelOf(exploration->result.k - 1);
        const QPointF under(view->xAxis->pixelToCoord(at.x()), view->yAxis->pixelToCoord(at.y()));
        const double width = view->xAxis->range().size();
        QWheelEvent wheel(at, view->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(view, &wheel);
        view->replot();
        QVERIFY(view->xAxis->range().size() < 0.9 * width);  // zoomed in
        const QPointF still(view->xAxis->pixelToCoord(at.x()), view->yAxis->pixelToCoord(at.y()));
        const double tolerance = 2 * view->xAxis->range().size() / view->axisRect()->width();  // two pixels
        QVERIFY2(std::abs(still.x() - under.x()) < tolerance && std::abs(still.y() - under.y()) < tolerance,
                 qPrintable(QString("(%1, %2) became (%3, %4)").arg(under.x()).arg(under.y()).arg(still.x()).arg(still.y())));
    }

    void legendNamesEveryTrustClassOutsideTheDisc() {
        QStringList names;
        for (int i = 0; i < view->legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view->legend->item(i))) names << item->plottable()->name();
        for (const char* cls : {"trusted", "uncertain", "doubtful"}) QVERIFY2(names.join('|').contains(cls), qPrintable(names.join('|')));
        QVERIFY(!view->legend->outerRect().intersects(view->axisRect()->rect()));
    }

    void clickNearAPointSelectsTheNearest() {
        const int target = exploration->result.k - 1;
        QTest::mouseClick(view, Qt::LeftButton, {}, (view->pixelOf(target) + QPointF(3, -2)).toPoint());
        QCOMPARE(selection->mode(), target);
    }

    void dragPansWithoutSelecting() {
        const int before = selection->mode();
        const QPoint from = view->pixelOf(exploration->result.k - 1).toPoint();
        QTest::mousePress(view, Qt::LeftButton, {}, from);
        QMouseEvent move(QEvent::MouseMove, QPointF(from + QPoint(60, 40)), view->mapToGlobal(QPointF(from + QPoint(60, 40))),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view, &move);
        QTest::mouseRelease(view, Qt::LeftButton, {}, from + QPoint(60, 40));
        QCOMPARE(selection->mode(), before);
    }

    void tableRowSelectsThePoint() {
        const int target = exploration->result.k - 1;
        for (int row = 0; row < table->model()->rowCount(); ++row)
            if (table->modeAtRow(row) == target) table->selectRow(row);
        QCOMPARE(selection->mode(), target);
    }

    void sortingKeepsTheMapping() {
        table->sortByColumn(EigenTableModel::Dominance, Qt::DescendingOrder);
        QCOMPARE(table->modeAtRow(0), selection->dominanceOrder().front());
        table->selectRow(1);
        QCOMPARE(selection->mode(), selection->dominanceOrder()[1]);
    }

    void arrowKeysStepByDominance() {
        const std::vector<int>& order = selection->dominanceOrder();
        selection->selectMode(order[0]);
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(selection->mode(), order[1]);
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(selection->mode(), order[2]);
        QTest::keyClick(view, Qt::Key_Left);
        QCOMPARE(selection->mode(), order[1]);
    }

    void equalAspectAfterResize() {
        for (QSize size : {QSize(900, 400), QSize(400, 800)}) {
            view->resize(size);
            view->replot();
            const QPointF o = view->xAxis->coordToPixel(0) * QPointF(1, 0) + view->yAxis->coordToPixel(0) * QPointF(0, 1);
            const double unitX = view->xAxis->coordToPixel(1) - o.x();
            const double unitY = o.y() - view->yAxis->coordToPixel(1);
            QVERIFY2(std::abs(unitX - unitY) < 0.5, qPrintable(QString("x %1 px, y %2 px").arg(unitX).arg(unitY)));
            // The unit circle stays in view.
            QVERIFY(view->xAxis->range().contains(1.0) && view->yAxis->range().contains(1.0));
        }
    }

    // Whatever the widget's shape, the axes span the data and the unit circle with a small margin:
    // the plane takes the data's shape instead of stretching one axis over empty room.
    void axesFitTheDataOnANarrowOrWidePlot() {
        const QRectF box = view->dataBounds().united(QRectF(-1, -1, 2, 2));
        const double extent = std::max(box.width(), box.height());
        for (QSize size : {QSize(260, 700), QSize(1000, 380), QSize(240, 330)}) {
            view->resize(size);
            view->resetView();
            QApplication::processEvents();
            for (const QCPAxis* axis : {view->xAxis, view->yAxis})
                QVERIFY2(axis->range().size() < 1.25 * extent,
                         qPrintable(QString("%1 x %2: %3 spans %4 for data %5 wide").arg(size.width()).arg(size.height())
                                        .arg(axis->label()).arg(axis->range().size()).arg(extent)));
            const QRect plane = view->axisRect()->rect();
            const double shape = double(plane.width()) / plane.height(), data = box.width() / box.height();
            QVERIFY2(std::abs(shape / data - 1) < 0.05, qPrintable(QString("plane %1 x %2 for data %3 x %4").arg(plane.width()).arg(plane.height()).arg(box.width()).arg(box.height())));
        }
    }

    // On a narrow plot the legend wraps instead of cutting the trust classes' names, and the facts
    // of the selected eigenvalue go where they hide no point.
    void legendAndFactsAreWholeOnANarrowPlot() {
        selection->selectMode(selection->dominanceOrder().front());
        for (QSize size : {QSize(240, 520), QSize(900, 420), QSize(700, 600)}) {
            view->resize(size);
            QApplication::processEvents();
            view->replot();
            for (int i = 0; i < view->legend->itemCount(); ++i) {
                const QCPAbstractLegendItem* item = view->legend->item(i);
                if (!item) continue;  // an empty cell of the last row
                QVERIFY2(item->outerRect().width() >= item->minimumOuterSizeHint().width() && item->outerRect().right() <= view->width(),
                         qPrintable(QString("%1 x %2: legend item %3 cut").arg(size.width()).arg(size.height()).arg(i)));
            }
            const QCPItemText* facts = nullptr;
            for (QCPItemText* text : view->findChildren<QCPItemText*>())
                if (text->text().startsWith(QStringLiteral("λ"))) facts = text;
            QVERIFY(facts && facts->visible());
            const QRectF box(facts->topLeft->pixelPosition(), facts->bottomRight->pixelPosition());
            QVERIFY2(view->rect().contains(box.toRect()), qPrintable(QString("%1 x %2: facts off the widget").arg(size.width()).arg(size.height())));
            if (size.width() > 2 * size.height() || size.height() > 2 * size.width())  // room to spare beside or under the plane
                QVERIFY2(!box.intersects(view->axisRect()->rect()), qPrintable(QString("%1 x %2: facts on the plane").arg(size.width()).arg(size.height())));
        }
    }

    void doubtfulResidualsAreFadedAndHaloed() {
        // Core's residuals of this exact linear system are all near zero; plant one trusted,
        // one uncertain and one doubtful value to read the mapping back.
        auto planted = std::make_shared<Exploration>(*exploration);
        planted->result.eigenResidual.setConstant(1e-6);
        planted->result.eigenResidual(1) = 0.15;
        planted->result.eigenResidual(2) = 0.9;
        selection->setExploration(planted);
        view->replot();
        QCOMPARE(view->pointColour(0).alpha(), 255);
        QVERIFY(!view->hasHalo(0));
        const int uncertain = view->pointColour(1).alpha(), doubtful = view->pointColour(2).alpha();
        QVERIFY2(uncertain < 255 && doubtful < uncertain, qPrintable(QString("%1 %2").arg(uncertain).arg(doubtful)));
        QVERIFY(doubtful <= 70);
        QVERIFY(!view->hasHalo(1) && view->hasHalo(2));
        // The fading changes only the alpha: the dominance colour stays readable.
        QColor opaque = view->pointColour(2);
        opaque.setAlpha(255);
        const double top = planted->result.dominance.maxCoeff();
        QCOMPARE(opaque.rgb(), ColourScale(ColourMap::Blues, 0, top).colour(planted->result.dominance(2)).rgb());
        // The legend explains both looks.
        QStringList names;
        for (int i = 0; i < view->legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view->legend->item(i))) names << item->plottable()->name();
        QVERIFY2(names.join('|').contains("trusted") && names.join('|').contains("doubtful"), qPrintable(names.join('|')));
        QVERIFY(view->describe(2).contains("doubtful"));
    }

    void overlayShowsAndClears() {
        auto other = std::make_shared<Exploration>(*exploration);
        other->result.eigenvalues *= 0.9;  // a shrunken spectrum stands for a second checkpoint
        auto comparison = std::make_shared<SpectrumComparison>();
        comparison->base = exploration;
        comparison->overlay = overlaySpectra(exploration->result, other->result);
        comparison->label = "other.pt";
        selection->setComparison(comparison);
        QCOMPARE(view->overlayCount(), exploration->result.k);
        bool listed = false;
        for (int i = 0; i < view->legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view->legend->item(i)))
                listed |= item->plottable()->name().contains("other.pt");
        QVERIFY(listed);
        selection->setComparison(nullptr);
        QCOMPARE(view->overlayCount(), 0);
    }

    void tooltipDescribesTheEigenvalue() {
        const int j = test::firstComplex(exploration->result);
        const QString text = view->describe(j);
        const double period = 2 * M_PI / std::abs(std::arg(exploration->result.eigenvalues(j)));
        QVERIFY(text.contains(QString("λ%1").arg(j)));
        QVERIFY2(text.contains(QString::number(period, 'f', 1)), qPrintable(text));
        QVERIFY(text.contains("dominance") && text.contains("residual"));
    }
};

QTEST_MAIN(SpectrumViewTest)
#include "spectrum_view_test.moc"
