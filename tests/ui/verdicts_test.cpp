// Each Trust and Meaning verdict starts with its number and changes its advice at the stated rules
// of thumb; a missing figure says why instead of printing "nan".
#include "ui/base/verdicts.h"

#include <QtTest>
#include <cmath>

using namespace kann::ui;

class VerdictsTest : public QObject {
    Q_OBJECT

private slots:
    void aucNamesTheLabelThatIsLargerAndHowWell() {
        QVERIFY(aucVerdict(0.53).contains("no better than chance"));
        QVERIFY(aucVerdict(0.53).startsWith("AUC 0.53"));
        QVERIFY(aucVerdict(0.30, "pos", "neg").contains("weak link") && aucVerdict(0.30, "pos", "neg").contains("neg"));
        QVERIFY(aucVerdict(0.95, "pos", "neg").contains("well") && aucVerdict(0.95, "pos", "neg").contains("pos"));
        QVERIFY(aucVerdict(0.01, "pos", "neg").contains("(larger for neg)"));
        QVERIFY(aucVerdict(std::nan("")).contains("both labels"));
    }

    void predictionErrorAdviceChangesAtItsThresholds() {
        QVERIFY(predictionVerdict(0.05).contains("closely"));
        QVERIFY(predictionVerdict(0.2).contains("roughly"));
        QCOMPARE(predictionVerdict(0.57), QString("one-step error 0.57: treat these modes as approximate"));
        QVERIFY(!predictionVerdict(std::nan("")).contains("nan"));
    }

    void lexiconStabilityAndAgreement() {
        QVERIFY(lexiconVerdict(0.55).contains("no mode"));
        QVERIFY(lexiconVerdict(0.7).contains("weakly"));
        QVERIFY(lexiconVerdict(0.8).contains("single out"));
        QVERIFY(stabilityVerdict(3, 0.01).startsWith("λ3") && stabilityVerdict(3, 0.01).contains("stable mode"));
        QVERIFY(stabilityVerdict(3, 0.5).contains("with care"));
        QVERIFY(agreementVerdict(0.95).contains("95 %") && !agreementVerdict(0.95).contains("only"));
        QVERIFY(agreementVerdict(0.5).contains("only 50 %"));
        QVERIFY(agreementVerdict(std::nan("")).isEmpty());
    }
};

QTEST_MAIN(VerdictsTest)
#include "verdicts_test.moc"
