// The facts the spectrum's tooltip, the table and the results export share: an eigenvalue's
// modulus, angle and period against a system whose eigenvalues are known, the residual's fading
// at its two thresholds, and the numbers as written.
#include "ui/base/eigen_facts.h"
#include "ui_test_support.h"

#include <QtTest>
#include <cmath>
#include <limits>

using namespace kann;
using namespace kann::ui;

class EigenFactsTest : public QObject {
    Q_OBJECT

private slots:
    void factsOfTheKnownSpectrum() {
        const auto e = test::textExploration();
        const KoopmanResult& r = e->result;
        QCOMPARE(r.k, 6);
        for (const std::complex<double> truth : test::knownSpectrum()) {
            int j = 0;
            for (int i = 1; i < r.k; ++i)
                if (std::abs(r.eigenvalues(i) - truth) < std::abs(r.eigenvalues(j) - truth)) j = i;
            const EigenFacts f = eigenFacts(r, j);
            QCOMPARE(f.index, j);
            QVERIFY(std::abs(f.modulus - std::abs(truth)) < 1e-3);
            QVERIFY(std::abs(f.angle - std::arg(truth)) < 1e-3);
            if (truth == 0.9) QVERIFY(std::isinf(f.period));
            else QVERIFY(std::abs(f.period - 2 * M_PI / std::abs(std::arg(truth))) < 1e-2);  // 20.9, 5.2, or 2 for -0.5
            if (truth.imag() == 0) {
                QCOMPARE(f.partner, -1);
            } else {
                QVERIFY(f.partner >= 0);
                QVERIFY(std::abs(r.eigenvalues(f.partner) - std::conj(r.eigenvalues(j))) < 1e-9);
            }
            QCOMPARE(f.dominance, r.dominance(j));
        }
    }

    void opacityFadesInLogResidualBetweenTheThresholds() {
        QCOMPARE(residualOpacity(0.0), 1.0);
        QCOMPARE(residualOpacity(kTrustedResidual), 1.0);
        QCOMPARE(residualOpacity(std::nan("")), 1.0);
        // Halfway in log between 0.05 and 0.5 lies sqrt(0.05 * 0.5): halfway from 1 to 0.25.
        QVERIFY(std::abs(residualOpacity(std::sqrt(kTrustedResidual * kDoubtfulResidual)) - 0.625) < 1e-12);
        QVERIFY(std::abs(residualOpacity(kDoubtfulResidual) - 0.25) < 1e-12);
        QVERIFY(std::abs(residualOpacity(40.0) - 0.25) < 1e-12);
        QCOMPARE(residualVerdict(0.05), QString("trusted"));
        QCOMPARE(residualVerdict(0.2), QString("uncertain"));
        QCOMPARE(residualVerdict(0.5), QString("doubtful"));
        QVERIFY(residualVerdict(std::nan("")).isEmpty());
    }

    void numbersAsWritten() {
        QCOMPARE(formatLambda(0.981, 0.12), QString("0.981 + 0.120i"));
        QCOMPARE(formatLambda(0.5, -0.25, 2), QString("0.50 − 0.25i"));
        QCOMPARE(formatLambda(-0.5, 0.0004), QString("-0.500"));  // below the last digit: real
        QCOMPARE(formatPeriod(52.34), QString("52.3"));
        QCOMPARE(formatPeriod(std::numeric_limits<double>::infinity()), QString("∞"));
    }
};

QTEST_MAIN(EigenFactsTest)
#include "eigen_facts_test.moc"
