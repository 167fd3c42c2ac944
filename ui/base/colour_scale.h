#pragma once
// The one mapping from values to colours, shared by every view and every colour bar, so a colour
// means the same thing everywhere in the window and in exported figures.
#include <QColor>
#include <QString>
#include <QStringList>
#include <array>
#include <vector>

class QCPColorGradient;

namespace kann::ui {

enum class ColourMap { Blues, Reds, Diverging, Viridis };

// What the two ends of a scale mean in words ("towards a negative verdict"), or one note on the
// whole scale when its ends mean nothing in particular ("sign arbitrary").
struct ScaleEnds {
    QString low, high, note;
    bool empty() const { return low.isEmpty() && high.isEmpty() && note.isEmpty(); }
};

class ColourScale {
public:
    explicit ColourScale(ColourMap map = ColourMap::Blues, double lower = 0.0, double upper = 1.0);

    // Where the diverging map puts its white: at zero (a sign that means something) or at the
    // middle of the values (an arbitrary sign, so the values' spread fills the colours).
    enum class Centre { Zero, Data };
    // The scale normalised to `values`: [min, max] for sequential maps, symmetric around the
    // centre for the diverging map.
    static ColourScale fitted(ColourMap map, const std::vector<float>& values, Centre centre = Centre::Zero);

    ColourMap map() const { return map_; }
    double lower() const { return lower_; }
    double upper() const { return upper_; }
    bool isDiverging() const { return map_ == ColourMap::Diverging; }

    // Colour of `value` after clamping to [lower, upper]; constant-time table lookup.
    QColor colour(double value) const { return QColor::fromRgb(rgb(value)); }
    QRgb rgb(double value) const;
    // Black or white, whichever reads better on top of colour(value).
    QColor textColour(double value) const;

    // The same map as a QCustomPlot gradient, for colour bars and heat maps.
    QCPColorGradient gradient() const;

    static QString name(ColourMap map);            // "Blues", "Reds", "Diverging (red-blue)", "Viridis"
    static QStringList names();                    // in enum order
    static ColourMap fromName(const QString& name);  // unknown names give Blues

private:
    ColourMap map_;
    double lower_, upper_;
    const std::array<QRgb, 256>* table_;
};

}  // namespace kann::ui
