#include "ui/base/colour_scale.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace kann::ui {
namespace {

using Stops = std::vector<QRgb>;

// ColorBrewer sequential and diverging schemes (colour-blind safe, print well in grey).
const Stops& stops(ColourMap map) {
    static const Stops blues = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6,
                                0x4292c6, 0x2171b5, 0x08519c, 0x08306b};
    static const Stops reds = {0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272, 0xfb6a4a,
                               0xef3b2c, 0xcb181d, 0xa50f15, 0x67000d};
    // Negative = red, positive = blue, zero = white (RdBu).
    static const Stops diverging = {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7,
                                    0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061};
    static const Stops viridis = {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e,
                                  0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725};
    switch (map) {
        case ColourMap::Reds: return reds;
        case ColourMap::Diverging: return diverging;
        case ColourMap::Viridis: return viridis;
        case ColourMap::Blues: break;
    }
    return blues;
}

QRgb interpolate(const Stops& s, double t) {
    const double x = t * (s.size() - 1);
    const int i = std::min(static_cast<int>(x), static_cast<int>(s.size()) - 2);
    const double f = x - i;
    auto mix = [f](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * f)); };
    return qRgb(mix(qRed(s[i]), qRed(s[i + 1])), mix(qGreen(s[i]), qGreen(s[i + 1])),
                mix(qBlue(s[i]), qBlue(s[i + 1])));
}

std::array<QRgb, 256> buildTable(ColourMap map) {
    std::array<QRgb, 256> table{};
    for (int i = 0; i < 256; ++i) table[i] = interpolate(stops(map), i / 255.0);
    return table;
}

const std::array<QRgb, 256>* tableFor(ColourMap map) {
    static const std::array<std::array<QRgb, 256>, 4> tables = {
        buildTable(ColourMap::Blues), buildTable(ColourMap::Reds),
        buildTable(ColourMap::Diverging), buildTable(ColourMap::Viridis)};
    return &tables[static_cast<int>(map)];
}

}  // namespace

ColourScale::ColourScale(ColourMap map, double lower, double upper)
    : map_(map), lower_(lower), upper_(upper > lower ? upper : lower + 1e-12), table_(tableFor(map)) {}

ColourScale ColourScale::fitted(ColourMap map, const std::vector<float>& values, Centre centre) {
    double lo = 0, hi = 0;
    bool any = false;
    for (float v : values) {
        if (!std::isfinite(v)) continue;
        lo = any ? std::min<double>(lo, v) : v;
        hi = any ? std::max<double>(hi, v) : v;
        any = true;
    }
    if (map == ColourMap::Diverging) {
        const double mid = centre == Centre::Data ? (lo + hi) / 2 : 0.0;
        const double a = std::max(std::abs(lo - mid), std::abs(hi - mid));
        return a > 0 ? ColourScale(map, mid - a, mid + a) : ColourScale(map, mid - 1.0, mid + 1.0);
    }
    return ColourScale(map, lo, hi > lo ? hi : lo + 1.0);
}

QRgb ColourScale::rgb(double value) const {
    if (!std::isfinite(value)) return qRgb(200, 200, 200);
    const double t = std::clamp((value - lower_) / (upper_ - lower_), 0.0, 1.0);
    return (*table_)[static_cast<int>(t * 255.0 + 0.5)];
}

QColor ColourScale::textColour(double value) const {
    const QRgb c = rgb(value);
    const double luminance = 0.2126 * qRed(c) + 0.7152 * qGreen(c) + 0.0722 * qBlue(c);
    return luminance < 140 ? Qt::white : Qt::black;
}

QCPColorGradient ColourScale::gradient() const {
    QCPColorGradient g;
    g.clearColorStops();
    const Stops& s = stops(map_);
    for (std::size_t i = 0; i < s.size(); ++i)
        g.setColorStopAt(static_cast<double>(i) / (s.size() - 1), QColor::fromRgb(s[i]));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    return g;
}

QString ColourScale::name(ColourMap map) {
    switch (map) {
        case ColourMap::Reds: return QStringLiteral("Reds");
        case ColourMap::Diverging: return QStringLiteral("Diverging (red-blue)");
        case ColourMap::Viridis: return QStringLiteral("Viridis");
        case ColourMap::Blues: break;
    }
    return QStringLiteral("Blues");
}

QStringList ColourScale::names() {
    return {name(ColourMap::Blues), name(ColourMap::Reds), name(ColourMap::Diverging),
            name(ColourMap::Viridis)};
}

ColourMap ColourScale::fromName(const QString& n) {
    const int i = names().indexOf(n);
    return i < 0 ? ColourMap::Blues : static_cast<ColourMap>(i);
}

}  // namespace kann::ui
