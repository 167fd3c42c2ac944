// The Meaning tab's list of every word's valence: absent under the autonomous fit (with one click
// to analyse again with inputs), then core's values for every vocabulary word, sorted, filtered
// and written as CSV.
#include "core/insight/vocabulary_valence.h"
#include "ui/base/selection_model.h"
#include "ui/views/meaning_view.h"
#include "ui/views/valence_list.h"
#include "ui/window/main_window.h"
#include "ui_test_support.h"

#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>

using namespace kann;
using namespace kann::ui;

class ValenceListTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void listNeedsTheFitWithInputsAndListsEveryWordOnceItHasIt() {
        MainWindow window;
        test::showAnalysed(window, test::sentimentFixture(dir.path()));
        ValenceList* list = window.meaningView()->valenceList();
        QVERIFY(list->needsInputs());
        QCOMPARE(list->rowCount(), 0);
        QPushButton* again = nullptr;
        for (QPushButton* b : list->findChildren<QPushButton*>())
            if (b->text().contains("with inputs")) again = b;
        QVERIFY(again && again->isVisibleTo(list));
        again->click();
        window.waitForAnalysis();
        const Exploration* e = window.selection()->exploration();
        QVERIFY(e->result.fit == Fit::Inputs);
        QVERIFY(!list->needsInputs());

        // Every word, most positive first, as core computes it.
        std::vector<ValencedWord> truth = valencedVocabulary(*e, window.selection()->mode());
        QCOMPARE(list->rowCount(), 12);
        QCOMPARE(int(truth.size()), 12);
        std::sort(truth.begin(), truth.end(), [](auto& a, auto& b) { return a.value > b.value; });
        QCOMPARE(list->word(0).toStdString(), truth.front().word);
        QCOMPARE(list->word(11).toStdString(), truth.back().word);

        list->filterField()->setText("act");  // acting, actor
        QCOMPARE(list->rowCount(), 2);
        list->filterField()->clear();
        QCOMPARE(list->rowCount(), 12);

        // Another mode: another list.
        const int other = window.selection()->dominanceOrder().back();
        window.selection()->selectMode(other);
        QCOMPARE(list->rowCount(), 12);

        const QString path = dir.filePath("valence.csv");
        window.exportView("valence", path);
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 13);
        QCOMPARE(lines[0], QStringLiteral("word,valence_mode%1,lexicon").arg(other));
        std::vector<ValencedWord> now = valencedVocabulary(*e, other);
        const auto top = std::max_element(now.begin(), now.end(), [](auto& a, auto& b) { return a.value < b.value; });
        QVERIFY(lines[1].startsWith(QStringLiteral("\"%1\",").arg(QString::fromStdString(top->word))));
        QCOMPARE(lines[1].section(',', 1, 1).toDouble(), top->value);
    }
};

QTEST_MAIN(ValenceListTest)
#include "valence_list_test.moc"
