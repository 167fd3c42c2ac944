// The one colour scale: its ends are the ColorBrewer/viridis end colours, a diverging scale puts
// white where the sign changes (or at the data's middle when the sign means nothing), values
// outside clamp, missing values are grey, and the colour bars' gradient is the same map.
#include "ui/base/colour_scale.h"

#include <qcustomplot.h>

#include <QtTest>
#include <cmath>
#include <limits>

using namespace kann::ui;

class ColourScaleTest : public QObject {
    Q_OBJECT

    static const QRgb kWhite = 0xfff7f7f7;  // RdBu's middle

private slots:
    void sequentialEndsAreTheMapsEndColours() {
        const ColourScale blues = ColourScale::fitted(ColourMap::Blues, {2.f, 5.f, 3.f});
        QCOMPARE(blues.lower(), 2.0);
        QCOMPARE(blues.upper(), 5.0);
        QCOMPARE(blues.rgb(2.0), QRgb(0xfff7fbff));
        QCOMPARE(blues.rgb(5.0), QRgb(0xff08306b));
        QCOMPARE(blues.rgb(-100.0), blues.rgb(2.0));  // clamped
        QCOMPARE(blues.rgb(100.0), blues.rgb(5.0));
        const ColourScale viridis(ColourMap::Viridis, 0, 1);
        QCOMPARE(viridis.rgb(0), QRgb(0xff440154));
        QCOMPARE(viridis.rgb(1), QRgb(0xfffde725));
    }

    void aMeaningfulSignPutsWhiteAtZero() {
        const ColourScale s = ColourScale::fitted(ColourMap::Diverging, {-1.f, 3.f});
        QCOMPARE(s.lower(), -3.0);
        QCOMPARE(s.upper(), 3.0);
        QCOMPARE(s.rgb(0.0), kWhite);
        QVERIFY(qRed(s.rgb(-3.0)) > qBlue(s.rgb(-3.0)));   // negative is red
        QVERIFY(qBlue(s.rgb(3.0)) > qRed(s.rgb(3.0)));     // positive is blue
    }

    void anArbitrarySignCentresOnTheData() {
        const ColourScale s = ColourScale::fitted(ColourMap::Diverging, {1.f, 3.f, 2.5f}, ColourScale::Centre::Data);
        QCOMPARE(s.lower(), 1.0);
        QCOMPARE(s.upper(), 3.0);
        QCOMPARE(s.rgb(2.0), kWhite);
    }

    void missingValuesAreGreyAndDoNotStretchTheScale() {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const ColourScale s = ColourScale::fitted(ColourMap::Reds, {nan, 1.f, std::numeric_limits<float>::infinity(), 4.f});
        QCOMPARE(s.lower(), 1.0);
        QCOMPARE(s.upper(), 4.0);
        QCOMPARE(s.rgb(std::nan("")), qRgb(200, 200, 200));
        const ColourScale flat = ColourScale::fitted(ColourMap::Blues, {2.f, 2.f});
        QVERIFY(flat.upper() > flat.lower());  // a constant still gets a usable range
    }

    void labelsReadOnEveryColour() {
        const ColourScale s(ColourMap::Blues, 0, 1);
        QCOMPARE(s.textColour(0.0), QColor(Qt::black));  // pale end
        QCOMPARE(s.textColour(1.0), QColor(Qt::white));  // dark end
    }

    void theColourBarsGradientIsTheSameMap() {
        for (ColourMap map : {ColourMap::Blues, ColourMap::Reds, ColourMap::Diverging, ColourMap::Viridis}) {
            const ColourScale s(map, -2, 6);
            QCPColorGradient g = s.gradient();  // color() is not const
            for (double v : {-2.0, 0.0, 1.3, 4.0, 6.0}) {
                const QRgb a = s.rgb(v), b = g.color(v, QCPRange(-2, 6));
                QVERIFY2(std::abs(qRed(a) - qRed(b)) <= 3 && std::abs(qGreen(a) - qGreen(b)) <= 3 &&
                             std::abs(qBlue(a) - qBlue(b)) <= 3,
                         qPrintable(ColourScale::name(map) + " at " + QString::number(v)));
            }
        }
    }

    void namesRoundTripAndUnknownNamesFallBackToBlues() {
        for (const QString& n : ColourScale::names()) QCOMPARE(ColourScale::name(ColourScale::fromName(n)), n);
        QCOMPARE(ColourScale::fromName("Jet"), ColourMap::Blues);
    }
};

QTEST_MAIN(ColourScaleTest)
#include "colour_scale_test.moc"
