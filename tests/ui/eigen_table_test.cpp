// The eigenvalue table: sorted by dominance like the arrow keys step, with a line saying so that
// follows any other sort; Home and End jump to the first and last row.
#include "ui/views/eigen_table.h"
#include "ui/base/selection_model.h"
#include "ui_test_support.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QtTest>

using namespace kann;
using namespace kann::ui;

class EigenTableTest : public QObject {
    Q_OBJECT

    SelectionModel selection;

private slots:
    void initTestCase() { selection.setExploration(test::textExploration()); }

    void opensSortedByDominanceAndSaysSo() {
        EigenTable table(&selection);
        // Row by row the dominance of the arrow keys' order (a conjugate pair ties, either way round).
        const std::vector<int>& order = selection.dominanceOrder();
        const Eigen::VectorXd& d = selection.exploration()->result.dominance;
        for (int row = 0; row < table.model()->rowCount(); ++row) QCOMPARE(d(table.modeAtRow(row)), d(order[row]));
        QCOMPARE(table.sortDescription(), QString("sorted by dominance, largest first"));
    }

    void theSortLineFollowsTheHeader() {
        EigenTable table(&selection);
        QSignalSpy said(&table, &EigenTable::sortChanged);
        table.sortByColumn(EigenTableModel::Modulus, Qt::AscendingOrder);
        QCOMPARE(said.size(), 1);
        QCOMPARE(said[0][0].toString(), QString("sorted by |λ|, smallest first"));
        QCOMPARE(table.sortDescription(), said[0][0].toString());
        const QAbstractItemModel* m = table.model();
        for (int row = 1; row < m->rowCount(); ++row)
            QVERIFY(m->index(row, EigenTableModel::Modulus).data(Qt::UserRole).toDouble() >=
                    m->index(row - 1, EigenTableModel::Modulus).data(Qt::UserRole).toDouble());
    }

    void homeAndEndJumpRowsNotColumns() {
        EigenTable table(&selection);
        table.resize(300, 200);  // narrower than the columns: a sideways jump would scroll
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        table.setFocus();
        QTest::keyClick(&table, Qt::Key_End);
        const int last = table.model()->rowCount() - 1;
        QCOMPARE(selection.mode(), table.modeAtRow(last));
        QCOMPARE(table.horizontalScrollBar()->value(), 0);
        QTest::keyClick(&table, Qt::Key_Home);
        QCOMPARE(selection.mode(), table.modeAtRow(0));
        QCOMPARE(table.horizontalScrollBar()->value(), 0);
    }

    // Too narrow for every column: the least needed step aside (and the line says which), so the
    // table never scrolls sideways; wide enough, every column is back.
    void theColumnsFitTheWidth() {
        EigenTable table(&selection);
        QSignalSpy said(&table, &EigenTable::sortChanged);
        table.resize(260, 200);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        QApplication::processEvents();
        QVERIFY(!table.columnsHiddenForWidth().isEmpty());
        QCOMPARE(table.columnsHiddenForWidth().first(), QString("period"));
        QCOMPARE(table.horizontalScrollBar()->maximum(), 0);
        QVERIFY(!table.isColumnHidden(EigenTableModel::Lambda) && !table.isColumnHidden(EigenTableModel::Dominance));
        QVERIFY(table.sortLine().endsWith("widen to see " + table.columnsHiddenForWidth().join(", ")));
        QVERIFY(!said.isEmpty() && said.last()[0].toString() == table.sortLine());
        table.resize(900, 200);
        QApplication::processEvents();
        QVERIFY(table.columnsHiddenForWidth().isEmpty());
        QVERIFY(!table.isColumnHidden(EigenTableModel::Period) && !table.isColumnHidden(EigenTableModel::Residual));
        QCOMPARE(table.sortLine(), table.sortDescription());
    }

    void residualsAreWrittenInFull() {
        EigenTable table(&selection);
        const QString residual = table.model()->index(0, EigenTableModel::Residual).data().toString();
        QVERIFY2(residual.size() <= 8, qPrintable(residual));  // "2.5e-05", not a 17-digit number
        table.resizeColumnsToContents();
        const int needed = table.fontMetrics().horizontalAdvance(residual);
        QVERIFY(table.columnWidth(EigenTableModel::Residual) >= needed);
    }
};

QTEST_MAIN(EigenTableTest)
#include "eigen_table_test.moc"
